"""What the workbooks itadocs writes look like: Thai font, fills, borders, print setup.

Thai at 14 pt needs its font named on every cell style itadocs writes (Calibri overlaps
Thai glyphs) and taller rows than Excel's default.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema

FONT = schema.DEFAULT_FONT
BODY = Font(name=FONT, size=14)
BOLD = Font(name=FONT, size=14, bold=True)
TITLE = Font(name=FONT, size=18, bold=True)
NOTE = Font(name=FONT, size=14, italic=True, color="595959")
LINK = Font(name=FONT, size=14, color="0563C1", underline="single")
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
ERROR_FILL = PatternFill("solid", fgColor="F4B6B6")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")
_THIN = Side(style="thin", color="808080")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def new_workbook() -> tuple[Workbook, Worksheet]:
    """A new workbook and its first sheet."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet is a worksheet
    return wb, ws


def print_setup(ws: Worksheet, title_rows: str | None = None, fit_width: bool = True) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if fit_width:
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        if ws.sheet_properties.pageSetUpPr is None:
            ws.sheet_properties.pageSetUpPr = PageSetupProperties()
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def row_height(texts: list[tuple[str, float]]) -> float:
    """Height in points for wrapped Thai text at 14 pt: the tallest cell decides."""
    lines = max(max(1, -(-len(text) // max(1, int(width * 1.1)))) for text, width in texts)
    return lines * 21 + 4
