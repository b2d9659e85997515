"""The scripts and styles a page needs, inlined (files written by the CLI) or served (/viz/static).

vis-network is read from the installed pyvis package (its bundled 9.1.2 build), so nothing is
downloaded or copied into the repository; our own viz.js / viz.css sit in ``viz/static``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pyvis
from markupsafe import Markup

VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
STATIC_DIR = Path(__file__).resolve().parent / "static"

FILES: dict[str, Path] = {
    "vis-network.min.js": VIS_DIR / "vis-network.min.js",
    "vis-network.css": VIS_DIR / "vis-network.css",
    "viz.css": STATIC_DIR / "viz.css",
    "viz.js": STATIC_DIR / "viz.js",
}
STYLES = ("vis-network.css", "viz.css")
SCRIPTS = ("vis-network.min.js", "viz.js")
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@cache
def read_asset(name: str) -> str:
    """The text of one asset; refuses anything that could close its inline element."""
    text = FILES[name].read_text(encoding="utf-8")
    closing = "</style" if name.endswith(".css") else "</script"
    if closing in text.lower():
        raise ValueError(f"{name} contains {closing}> and cannot be inlined")
    return text


@dataclass(frozen=True, slots=True)
class Assets:
    head: Markup  # <style>/<link> elements for <head> of a page with graphs
    scripts: Markup  # <script> elements for the end of its <body>
    plain_head: Markup  # our stylesheet alone, for pages without a graph (home, search)


@lru_cache(maxsize=1)
def inline_assets() -> Assets:
    head = "".join(f"<style>{read_asset(n)}</style>\n" for n in STYLES)
    scripts = "".join(f"<script>{read_asset(n)}</script>\n" for n in SCRIPTS)
    return Assets(Markup(head), Markup(scripts), Markup(f"<style>{read_asset('viz.css')}</style>\n"))


def served_assets(base: str) -> Assets:
    """Links to the app's own copies under ``base`` (a path such as ``/viz/static/``)."""
    base = base if base.endswith("/") else base + "/"
    head = "".join(f'<link rel="stylesheet" href="{base}{n}">\n' for n in STYLES)
    scripts = "".join(f'<script src="{base}{n}"></script>\n' for n in SCRIPTS)
    return Assets(Markup(head), Markup(scripts), Markup(f'<link rel="stylesheet" href="{base}viz.css">\n'))
