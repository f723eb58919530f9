"""How tall a table row will be and how wide a line is: the estimates behind the page layout.

Neither Word nor LibreOffice can be asked how tall a row will be, yet the renderer must
decide which rows may split across pages and whether a date fits on one line of a narrow
column.  The estimates read the document's styles, table grids and page sizes, and measure
text with `metrics`, erring on the tall side.
"""

from __future__ import annotations

import math
from typing import Any

from docx.oxml.ns import qn

from . import metrics, oxml

W_P, W_T, W_TC, W_TBL = qn("w:p"), qn("w:t"), qn("w:tc"), qn("w:tbl")

TWIP_CM = 2.54 / 1440
EMU_CM = 360000  # python-docx lengths are EMU


class Styles:
    """Font size and weight of each paragraph style, read when first asked (python-docx's public
    style API, on the paragraph styles only: a proxy of every style of the template was a
    noticeable part of a warm rebuild)."""

    def __init__(self, document):
        styles = document.styles.element
        self._by_id = {
            s.get(_STYLE_ID): s for s in styles.iterchildren(_STYLE) if s.get(_TYPE, "paragraph") == "paragraph"
        }  # w:type is paragraph when absent
        self.default = next((s for s in self._by_id.values() if s.get(_DEFAULT) in ("1", "true", "on")), None)
        self._cache: dict[str | None, tuple[float, bool]] = {}
        self._spacing: dict[str | None, float] = {}

    def font(self, style_id: str | None) -> tuple[float, bool]:
        """(size in points, bold) of a paragraph style, following its base styles; 16 pt when unset."""
        if style_id not in self._cache:
            from docx.styles.style import StyleFactory

            size, bold, element = None, None, self._by_id.get(style_id or "", self.default)
            style: Any = StyleFactory(element) if element is not None else None  # a paragraph style
            while style is not None and (size is None or bold is None):
                size = size if size is not None else style.font.size
                bold = bold if bold is not None else style.font.bold
                style = style.base_style
            self._cache[style_id] = (size.pt if size is not None else 16.0, bool(bold))
        return self._cache[style_id]

    def spacing_cm(self, style_id: str | None) -> float:
        """The space before and after a paragraph of this style, in cm, following its base styles."""
        if style_id not in self._spacing:
            from docx.styles.style import StyleFactory

            before, after, element = None, None, self._by_id.get(style_id or "", self.default)
            style: Any = StyleFactory(element) if element is not None else None
            while style is not None and (before is None or after is None):
                before = before if before is not None else style.paragraph_format.space_before
                after = after if after is not None else style.paragraph_format.space_after
                style = style.base_style
            self._spacing[style_id] = ((before or 0) + (after or 0)) / EMU_CM
        return self._spacing[style_id]


def paragraph_height_cm(paragraph, styles: Styles, width_cm: float) -> float:
    """An estimate, on the high side, of how tall a paragraph of the body is, its spacing included."""
    size, bold = styles.font(oxml.paragraph_style_id(paragraph))
    own = paragraph.pPr.spacing if paragraph.pPr is not None else None
    spacing = styles.spacing_cm(oxml.paragraph_style_id(paragraph))
    if own is not None and own.before is not None:
        spacing += own.before / EMU_CM
    drawings = sum(int(extent.get("cy", "0")) for extent in paragraph.iter(_EXTENT)) / EMU_CM
    return metrics.lines(paragraph_text(paragraph), width_cm, size, bold) * metrics.line_cm(size) + spacing + drawings


_EXTENT = qn("wp:extent")  # an inline drawing's size (the chart), in EMU


def ends_section(paragraph) -> bool:
    """Whether a body paragraph carries a section break (w:pPr/w:sectPr)."""
    return paragraph.find(_SECTION_BREAK) is not None


_SECTION_BREAK = qn("w:pPr") + "/" + qn("w:sectPr")


def opening_cm(table, styles: Styles, width_cm: float) -> float | None:
    """The height of what stands above a table on the first page of its section (the heading and
    opening of a report), when only paragraphs do; None when another table comes between."""
    used = 0.0
    for before in table.itersiblings(preceding=True):
        if before.tag == W_TBL:
            return None
        if before.tag != W_P:
            continue
        if ends_section(before):
            return used  # the end of the section before: this is the section's first page
        if before.find(".//" + qn("w:br")) is not None:
            return None  # a page break: not worth following
        used += paragraph_height_cm(before, styles, width_cm)
    return used


_STYLE, _STYLE_ID, _TYPE, _DEFAULT = qn("w:style"), qn("w:styleId"), qn("w:type"), qn("w:default")


def paragraph_text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(W_T))


class Columns:
    """The text width of each cell of a table, from its grid and cell margins, read once per table."""

    def __init__(self, table):
        self.widths, (self.top, left, self.bottom, right) = oxml.grid_widths(table), oxml.cell_margins(table)
        self.padding = left + right

    def text_cm(self, column: int, span: int) -> float:
        return (sum(self.widths[column : column + span]) - self.padding) * TWIP_CM


def row_height_cm(row, columns: Columns, styles: Styles, limit: float = math.inf) -> float:
    """An estimate, on the high side, of how tall a row (w:tr) is: its tallest cell.  Past `limit`
    the rest of the row is not measured: what is returned is then only more than `limit` (the
    sums only grow).  Most rows of a long report are taller than a page and a tall cell
    settles it: a quarter of the pass saved at 1,000 measures."""
    tallest = 0.0
    margins = (columns.top + columns.bottom) * TWIP_CM
    for tc, column, span, merged in oxml.row_cells(row):
        if merged:  # merged into the cell above: no text of its own
            continue
        width_cm = columns.text_cm(column, span)
        height = 0.0
        for paragraph in tc.iter(W_P):
            size, bold = styles.font(oxml.paragraph_style_id(paragraph))
            height += metrics.lines(paragraph_text(paragraph), width_cm, size, bold) * metrics.line_cm(size)
            if height + margins + 0.1 > limit:
                return height + margins + 0.1
        tallest = max(tallest, height)
    return tallest + margins + 0.1  # and borders


def text_width_cm(section) -> float:
    """The width of the text on the section's pages (A4 landscape with the template's margins: 25.7 cm)."""
    return (section.page_width or 0) / EMU_CM - ((section.left_margin or 0) + (section.right_margin or 0)) / EMU_CM


def page_height_cm(section) -> float:
    """The height of the text on the section's pages, between the top and bottom margins."""
    return (section.page_height or 0) / EMU_CM - ((section.top_margin or 0) + (section.bottom_margin or 0)) / EMU_CM


class LineWidths:
    """The width of a paragraph's line in cm: its table cell's, or the page's outside tables.
    Asked of paragraphs in document order, so one row's cell widths are kept at a time."""

    def __init__(self, document):
        self.body = min(text_width_cm(section) for section in document.sections)
        self.tables: dict[object, Columns] = {}  # by table element (held here, so lxml keeps the same proxy)
        self.row: list = [None, {}]  # the last row (w:tr) met and the text width of each of its cells (w:tc)

    def __call__(self, paragraph) -> float:
        tc = next(paragraph.iterancestors(W_TC), None) if paragraph is not None else None
        if tc is None:
            return self.body
        if tc.getparent() is not self.row[0]:
            table = next(tc.iterancestors(W_TBL))
            if table not in self.tables:
                self.tables[table] = Columns(table)
            columns = self.tables[table]
            self.row[:] = [
                tc.getparent(),
                {cell: columns.text_cm(column, span) for cell, column, span, _ in oxml.row_cells(tc.getparent())},
            ]
        return self.row[1][tc]
