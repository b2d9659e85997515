"""Keep one section per benchmark in bench/RESULTS.md, rewriting only the caller's own section."""

from __future__ import annotations

import platform
import re
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = "# Benchmark results\n\nEach section is rewritten by the script named in its heading.\n"


def write_section(key: str, title: str, body: str) -> None:
    """Replace the section marked ``key`` (or append it) with ``title`` and ``body``."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    stamp = f"_{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python {platform.python_version()}, " \
        f"{platform.machine()}_"
    block = f"<!-- section:{key} -->\n## {title}\n\n{stamp}\n\n{body.strip()}\n<!-- /section:{key} -->\n"
    pattern = re.compile(rf"<!-- section:{re.escape(key)} -->.*?<!-- /section:{re.escape(key)} -->\n?", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(text, encoding="utf-8")
