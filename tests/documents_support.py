"""Test support: a text written out as the documents people have (PDF, Word, a saved web page).

The builders take text we pass them (our own sentences, or a dev page read at test time) and
write a file; nothing here copies a page into the repository.

Example::

    pdf = write_pdf("第一段。\\n第二段。", tmp_path / "a.pdf")
"""

from __future__ import annotations

import base64
import functools
import html
import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEV = Path(os.environ.get("POLICYKG_CORPUS", REPO.parent / "shared" / "corpus")).resolve().parent / "dev"
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Debian's fonts-noto-cjk
_NOTO_SC = 2  # index of "Noto Sans CJK SC" in the collection


def require(path: Path, what: str) -> Path:
    """``path``, or a skip (locally) / a failure (in CI) naming what is missing."""
    if not path.exists():
        message = f"{what} not found at {path}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def dev_docs() -> list[Path]:
    """The dev pages (../shared/dev/docs/*.txt), read at test time."""
    require(DEV / "docs", "the dev set (../shared/dev)")
    return sorted((DEV / "docs").glob("*.txt"))


@functools.cache
def _cjk_font(chars: frozenset[str]) -> Path:
    """The Noto Sans CJK SC glyphs of ``chars`` as a small TrueType file, made once per set.

    fpdf2 parses the whole 20 MB collection for every PDF (≈2.5 s); a subset takes milliseconds.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    require(NOTO_CJK, "the Noto CJK font (make chromium installs fonts-noto-cjk)")
    font = TTFont(str(NOTO_CJK), fontNumber=_NOTO_SC)
    options = subset.Options()
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)) + "0123456789- ")
    subsetter.subset(font)
    out = Path(tempfile.mkdtemp(prefix="policykg-font-")) / "noto-cjk-subset.otf"
    font.save(str(out))
    return out


def write_pdf(
    text: str, path: Path, page_breaks: tuple[int, ...] = (), page_numbers: bool = False, chars: str = ""
) -> Path:
    """``text`` printed to an A4 PDF with the Noto CJK font, one paragraph per line.

    ``page_breaks``: indexes of lines that start a new page; ``page_numbers`` puts ``- N -`` at the
    bottom of each page, as a gazette does; ``chars``: more characters the font should hold (one
    font for many PDFs is made once).
    """
    from fpdf import FPDF

    font = _cjk_font(frozenset(text + chars))

    class _PDF(FPDF):
        def footer(self) -> None:
            if page_numbers:
                self.set_y(-15)
                self.cell(0, 10, f"- {self.page_no()} -", align="C")

    pdf = _PDF()
    pdf.add_font("noto", fname=str(font))
    pdf.set_font("noto", size=11)
    pdf.add_page()
    for i, line in enumerate(text.split("\n")):
        if i in page_breaks:
            pdf.add_page()
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF whose page is only a picture (what a scanner makes): no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 360, 80), fill="black")  # a "line of print"
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=180)
    pdf.output(str(path))
    return path


def write_docx(text: str, path: Path, table: list[list[str]] | None = None, table_after: int = 0) -> Path:
    """``text`` as a Word document, one paragraph per line; ``table`` (rows of cells, the first
    its header) is put after line ``table_after``."""
    import docx

    document = docx.Document()
    lines = text.split("\n")
    for line in lines[:table_after]:
        document.add_paragraph(line)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                paragraphs = cell.split("\n")
                t.cell(r, c).text = paragraphs[0]
                for more in paragraphs[1:]:
                    t.cell(r, c).add_paragraph(more)
    for line in lines[table_after:]:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def web_page(text: str, title: str, date: str | None = None) -> str:
    """``text`` as the article of a saved news page with navigation, a sidebar and a footer."""
    paragraphs = [line for line in text.split("\n") if line.strip()]
    nav = "".join(f'<li><a href="/channel/{i}">栏目{i}</a></li>' for i in range(1, 9))
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    article = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}_某某网</title>"
        f"{meta}</head><body><header><nav><ul>{nav}</ul></nav></header>"
        f'<div class="main"><article><h1>{html.escape(title)}</h1>{article}</article></div>'
        '<aside><h3>相关阅读</h3><ul><li><a href="/r/1">另一篇报道的标题</a></li>'
        '<li><a href="/r/2">第三篇报道的标题</a></li></ul></aside>'
        "<footer><p>版权所有 某某网 未经授权禁止转载</p><p>联系电话：010-00000000 邮编：100000</p>"
        "<p>备案序号：某ICP备00000000号</p></footer></body></html>"
    )


def print_to_pdf(page, html_file: Path, out: Path) -> Path:
    """Chromium's print to PDF (``Page.printToPDF``, no header or footer lines) of a local HTML
    file, in an open tab of ``viz.browser.Chromium`` (one browser for many files)."""
    page.goto(html_file.as_uri())
    result = page.call("Page.printToPDF", timeout=60.0, displayHeaderFooter=False, printBackground=False)
    out.write_bytes(base64.b64decode(result["data"]))
    return out
