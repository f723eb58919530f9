"""A worksheet as read: the cells that hold something, from python-calamine or from openpyxl.

The reader (`read`) builds its records from `Grid`s and never asks a library for a cell, so
both sources give the same records and the same problems (a test compares them on the
example and on generated projects).  python-calamine is the one used: it reads faster than
openpyxl (bench/README.md) and holds no object per cell.  It reads an Excel error value
(#REF!) and a formula never calculated as empty, so those come from `preflight`, which found
them in the sheet's XML.  openpyxl is the
reference, and the fallback for a workbook calamine cannot open although it passed every
check before parsing; it is only imported then.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .preflight import Package

Position = tuple[int, int]  # (row, column), 1-based


@dataclass
class Grid:
    """One worksheet: only the cells that hold a value, by row then column (1-based)."""

    title: str
    visible: bool
    rows: dict[int, dict[int, Any]] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    errors: dict[Position, str] = field(default_factory=dict)  # Excel error values, also in `rows` as their text
    uncalculated: dict[Position, str] = field(default_factory=dict)  # formulas with no value ('=A1+1'), not in rows

    def value(self, row: int, col: int) -> Any:
        return self.rows.get(row, {}).get(col)

    def row_numbers(self, first: int = 1, last: int | None = None) -> list[int]:
        """The rows from `first` to `last` that hold a value or an uncalculated formula, in order."""
        numbers = set(self.rows) | {row for row, _ in self.uncalculated}
        return sorted(n for n in numbers if n >= first and (last is None or n <= last))


# XML cannot carry these characters; Excel stores them as _xHHHH_, and so they stay in the
# records (openpyxl writes the annotated copy from them and refuses them raw; text repair
# decodes and removes them with a warning).  Tab, line feed and carriage return are kept.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def _escape(match: re.Match[str]) -> str:
    return f"_x{ord(match[0]):04X}_"


def plain(value: Any) -> Any:
    """A value as the records carry it, the same from both sources: None for empty, an int for a
    whole number (as openpyxl gives one typed without decimals), a datetime for a date."""
    kind = type(value)
    if kind is str:
        if value == "":
            return None
        return _XML_ILLEGAL.sub(_escape, value) if _XML_ILLEGAL.search(value) else value
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if kind is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def from_calamine(path: Path, package: Package) -> list[Grid]:
    """Every worksheet, read with python-calamine.  Raises CalamineError (and KeyError for a sheet
    the check before parsing did not find) when the file cannot be read so."""
    import python_calamine as pc

    grids = []
    with pc.CalamineWorkbook.from_path(str(path)) as workbook:
        for meta in workbook.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue  # chart sheets hold no cells
            scan = package.sheets[meta.name]
            sheet = workbook.get_sheet_by_name(meta.name)
            rows: dict[int, dict[int, Any]] = {}
            for number, values in enumerate(sheet.to_python(skip_empty_area=False), start=1):
                cells = {col: plain(value) for col, value in enumerate(values, start=1) if value != ""}
                if cells:
                    rows[number] = cells
            for (row, col), text in scan.errors.items():
                rows.setdefault(row, {})[col] = text
            merged = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or []]
            grids.append(
                Grid(
                    meta.name,
                    meta.visible == pc.SheetVisibleEnum.Visible,
                    rows,
                    merged,
                    dict(scan.errors),
                    dict(scan.uncalculated),
                )
            )
    return grids


def from_openpyxl(path: Path, package: Package | None = None) -> list[Grid]:
    """Every worksheet, read with openpyxl: the reference for the comparison test, and the
    fallback.  Only the cells that exist are visited, never the rectangle around them."""
    from openpyxl import load_workbook

    # From bytes, not the path: openpyxl leaves the file it opened open when it fails half way.
    data = path.read_bytes()
    values = load_workbook(io.BytesIO(data), data_only=True)
    formulas = load_workbook(io.BytesIO(data)) if package is None or package.has_formulas else None
    try:
        grids = []
        for ws in values.worksheets:
            rows: dict[int, dict[int, Any]] = {}
            errors: dict[Position, str] = {}
            uncalculated: dict[Position, str] = {}
            typed = formulas[ws.title] if formulas is not None else None
            for (row, col), cell in ws._cells.items():
                value = cell.value
                if value is None and typed is not None:
                    formula = typed._cells.get((row, col))
                    text = formula.value if formula is not None else None
                    if isinstance(text, str) and text.startswith("="):
                        uncalculated[(row, col)] = text
                    continue
                if isinstance(value, str):
                    value = _EXCEL_ESCAPE.sub(lambda m: chr(int(m[1], 16)), value)
                    if cell.data_type == "e":
                        errors[(row, col)] = value
                value = plain(value)
                if value is not None:
                    rows.setdefault(row, {})[col] = value
            merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
            grids.append(
                Grid(ws.title, ws.sheet_state == "visible", dict(sorted(rows.items())), merged, errors, uncalculated)
            )
        return grids
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
