"""Writing a value into a cell as what it is: text stays text, never a formula.

openpyxl stores a string that starts with '=' as a formula.  Text a user typed
('=HYPERLINK(...)' pasted into a measure, an agency name given on the command line)
must reach the annotated copy, the merged workbook and the forms as the text itself,
so every value itadocs writes from user text goes through `put`.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from .style import BODY

# What Excel (and other spreadsheets) read as the start of a formula when the cell is edited.
FORMULA_STARTS = ("=", "+", "-", "@")


def put(ws: Worksheet, row: int, column: int, value: Any, *, font: Any = BODY, **style: Any) -> Cell | MergedCell:
    """Write `value` into ws[row, column] with the Thai font (Calibri overlaps Thai glyphs);
    a string is stored as text even when it starts like a formula.  `style` sets other
    cell attributes (fill, border, alignment)."""
    cell = ws.cell(row, column)
    set_text_or_value(cell, value)
    if font is not None:
        cell.font = font
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def set_text_or_value(cell: Any, value: Any) -> None:
    """cell.value = value, but a string is always a string cell, and one that starts like a
    formula is marked so that Excel keeps it text when someone edits it (the ' prefix)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
