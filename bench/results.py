"""Keep one section per benchmark in bench/RESULTS.md, rewriting only the caller's own section."""

from __future__ import annotations

import platform
import re
import statistics
import time
from collections.abc import Callable
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


def timings(call: Callable[[], object], n: int, warmup: int = 50) -> list[float]:
    """The wall time of each of ``n`` calls of ``call`` in ms, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        call()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        call()
        out.append((time.perf_counter() - t) * 1000)
    return out


def median_ms(call: Callable[[], object], runs: int, warmup: int = 5) -> float:
    """The median wall time of ``call`` in ms over ``runs`` calls, after ``warmup`` untimed ones."""
    return statistics.median(timings(call, runs, warmup))
