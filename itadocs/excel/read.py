"""Reading the returned workbooks into raw records with cell references.

Sheets and columns are found by their titles (from `schema`), not by position or file
name, so renamed files and moved columns still read.  What is wrong in a sheet is
returned as problems, never raised; an exception here means the file cannot be opened.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema
from ..messages import Message
from ..model import AgencySheet, Cell, DivisionSheet, SheetRow
from ..paths import division_from_file_name
from ..problems import Problem
from .annotate import is_summary_sheet

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
OLD_SUFFIXES = {".xls", ".xlsb", ".ods", ".csv"}


class UnreadableWorkbook(Exception):
    """The file cannot be opened as a workbook; `reason` says why, for the user."""

    def __init__(self, reason: Message):
        super().__init__(reason.en)
        self.reason = reason


class EncryptedWorkbook(UnreadableWorkbook):
    """The workbook is password-protected."""


@dataclass
class OpenedWorkbook:
    """A workbook's cached values, and its formulas when it has any."""

    values: Workbook
    formulas: Workbook | None  # loaded only for a file with formulas: tells an uncalculated one from empty

    def formulas_of(self, ws: Worksheet) -> Worksheet | None:
        return self.formulas[ws.title] if self.formulas is not None else None

    def close(self) -> None:
        self.values.close()
        if self.formulas is not None:
            self.formulas.close()


def open_workbook(path: Path) -> OpenedWorkbook:
    """Open a workbook with cached formula values, or say why not."""
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as fh:
            head = fh.read(8)
        # Excel saves a password-protected .xlsx inside an OLE container, like an old .xls.
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise EncryptedWorkbook(Message("ไฟล์มีรหัสผ่าน", "the file has a password"))
        raise UnreadableWorkbook(Message("ไฟล์เสียหรือไม่ใช่ไฟล์ Excel", "the file is damaged or not an Excel file"))
    try:
        values = load_workbook(path, data_only=True)
        return OpenedWorkbook(values, load_workbook(path) if has_formulas(path) else None)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        name = type(exc).__name__
        raise UnreadableWorkbook(Message(f"ไฟล์เสียหาย: {name}", f"the file is damaged: {name}")) from exc


def has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        return any(re.search(rb"<(?:\w+:)?f[ >/]", z.read(name))
                   for name in z.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def read_workbook(path: Path, name: str) -> tuple[AgencySheet | DivisionSheet | None, list[Problem]]:
    """One workbook, recognised by its content: the agency's, a division's, or neither.

    Raises UnreadableWorkbook when the file cannot be opened; `name` is how problems name it.
    """
    wb = open_workbook(path)
    try:
        kind = workbook_kind(wb.values)
        if kind == schema.KIND_AGENCY:
            return read_agency_sheet(wb, name)
        if kind == schema.KIND_DIVISION:
            return read_division_sheet(wb, name)
        return None, [Problem("workbook-unknown", file=name)]
    finally:
        wb.close()


def workbook_kind(wb: Workbook) -> str | None:
    """'agency', 'division' or None, judged by content (sheets and headers), then by marker."""
    if _find_agency_sheet(wb) is not None:
        return schema.KIND_AGENCY
    if _find_measures_sheet(wb)[0] is not None:
        return schema.KIND_DIVISION
    if schema.MARKER_SHEET in wb.sheetnames:
        kind = wb[schema.MARKER_SHEET]["B1"].value
        if kind in (schema.KIND_AGENCY, schema.KIND_DIVISION):
            return str(kind)
    return None


def read_agency_sheet(wb: OpenedWorkbook, file: str) -> tuple[AgencySheet | None, list[Problem]]:
    ws = _find_agency_sheet(wb.values)
    if ws is None:
        return None, [Problem("sheet-missing", file=file, details={"expected": schema.AGENCY_SHEET})]
    labels = {schema.title_key(f.label): f.key for f in schema.AGENCY_FIELDS}
    values: dict[str, Cell] = {}
    divisions: list[str] = []
    in_divisions = False
    for label_cell, value_cell in ws.iter_rows(min_row=1, min_col=1, max_col=2):
        key = schema.title_key(label_cell.value)
        if key == schema.title_key(schema.DIVISIONS_HEADING):
            in_divisions = True
        elif key in labels and not in_divisions:
            values[labels[key]] = Cell(value_cell.value, value_cell.coordinate)
        if in_divisions and value_cell.value not in (None, ""):
            divisions.append(str(value_cell.value).strip())
    sheet = AgencySheet(file, ws.title, values, divisions)
    problems: list[Problem] = []
    by_key = {schema.title_key(name): name for name in wb.values.sheetnames}
    for table in schema.AGENCY_TABLES:
        name = by_key.get(schema.title_key(table.sheet))
        if name is None:
            problems.append(Problem("assessment-sheet-missing", file=file, details={"expected": table.sheet}))
            continue
        table_ws = wb.values[name]
        sheet.tables[table.sheet], found = read_table(table_ws, table, file, formulas=wb.formulas_of(table_ws))
        problems.extend(found)
    return sheet, problems


def read_division_sheet(wb: OpenedWorkbook, file: str) -> tuple[DivisionSheet | None, list[Problem]]:
    ws, header_row = _find_measures_sheet(wb.values)
    if ws is None:
        return None, [Problem("sheet-missing", file=file, details={"expected": schema.MEASURES_SHEET})]
    problems: list[Problem] = []
    if schema.title_key(ws.title) != schema.title_key(schema.MEASURES_SHEET):
        problems.append(Problem("sheet-renamed", file=file, sheet=ws.title,
                                details={"found": ws.title, "expected": schema.MEASURES_SHEET}))
    rows, found = read_table(ws, schema.MEASURES, file, header_row, formulas=wb.formulas_of(ws))
    division, division_ref = _division_name(ws, header_row, file)
    return DivisionSheet(file, ws.title, division, division_ref, rows), problems + found


class _Problems(list[Problem]):
    """Problems of one sheet: each call names the file and sheet once."""

    def __init__(self, file: str, sheet: str):
        super().__init__()
        self.file, self.sheet = file, sheet

    def add(self, code: str, cell: str = "", **fields: Any) -> None:
        self.append(Problem(code, file=self.file, sheet=self.sheet, cell=cell, **fields))


def read_table(ws: Worksheet, table: schema.Table, file: str, header_row: int | None = None,
               formulas: Worksheet | None = None) -> tuple[list[SheetRow], list[Problem]]:
    """The non-empty rows below the header, keyed by column key; columns found by title.

    `formulas` is the same sheet loaded with formulas (when the file has any), to tell a
    formula Excel never calculated from an empty cell.
    """
    header_row = header_row or table.header_row
    problems = _Problems(file, ws.title)
    positions, unknown = _header_positions(ws, table, header_row, problems)
    spread = _spread_merged_cells(ws, header_row, problems)
    rows: list[SheetRow] = []
    unknown_with_data: set[int] = set()
    last_filled = header_row
    first = header_row + 1
    for number, row in enumerate(ws.iter_rows(min_row=first, values_only=True), start=first):
        values = {col: spread.get((number, col), value) for col, value in enumerate(row, start=1)}
        filled = {col for col, value in values.items() if value not in (None, "")}
        if formulas is not None:
            filled |= _uncalculated_formulas(formulas, ws, number, positions, filled, header_row, problems)
        if not filled:
            continue
        if number > last_filled + 1 and last_filled > header_row:
            problems.add("row-after-gap", f"A{number}")
        last_filled = number
        # Data in a column outside the form is reported below rather than dropped silently.
        unknown_with_data.update(col for col in unknown if col in filled)
        cells = {key: Cell(values.get(col), f"{get_column_letter(col)}{number}") for key, col in positions.items()}
        if any(col in filled for col in positions.values()):
            rows.append(SheetRow(file, ws.title, number, cells))
    for col, title in unknown.items():
        if col in unknown_with_data:
            problems.add("column-unknown", f"{get_column_letter(col)}{header_row}", column=title)
    return rows, list(problems)


def _header_positions(ws: Worksheet, table: schema.Table, header_row: int,
                      problems: _Problems) -> tuple[dict[str, int], dict[int, str]]:
    """Each known column's position by its title, and the titled columns outside the form."""
    known = {schema.title_key(c.title): c for c in table.columns}
    positions: dict[str, int] = {}
    unknown: dict[int, str] = {}
    for cell in ws[header_row]:
        if cell.value in (None, "") or cell.column is None:
            continue
        column = known.get(schema.title_key(cell.value))
        if column and column.key in positions:
            first = f"{get_column_letter(positions[column.key])}{header_row}"
            problems.add("column-duplicate", cell.coordinate, column=column.title, details={"other": first})
        elif column:
            positions[column.key] = cell.column
        else:
            unknown[cell.column] = str(cell.value)
    for column in table.columns:
        if column.key not in positions:
            problems.add("column-missing" if column.required else "column-missing-optional",
                         f"{header_row}:{header_row}", column=column.title)
    return positions, unknown


def _spread_merged_cells(ws: Worksheet, header_row: int, problems: _Problems) -> dict[tuple[int, int], object]:
    """A merged range's value sits in its first cell; every row of the range meant it."""
    spread: dict[tuple[int, int], object] = {}
    for merged in ws.merged_cells.ranges:
        if merged.max_row <= header_row:
            continue
        first = ws.cell(merged.min_row, merged.min_col).value
        for row in range(max(merged.min_row, header_row + 1), merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                spread[(row, col)] = first
        problems.add("merged-cells", merged.coord.split(":")[0], value=merged.coord)
    return spread


def _uncalculated_formulas(formulas: Worksheet, ws: Worksheet, number: int, positions: dict[str, int],
                           filled: set[int], header_row: int, problems: _Problems) -> set[int]:
    """The form's cells of row `number` that hold a formula Excel never calculated (they look empty)."""
    found = set()
    for col in positions.values():
        typed = formulas.cell(number, col).value
        if col not in filled and isinstance(typed, str) and typed.startswith("="):
            problems.add("formula-not-calculated", f"{get_column_letter(col)}{number}", value=typed,
                         column=str(ws.cell(header_row, col).value or ""))
            found.add(col)
    return found


def _find_agency_sheet(wb: Workbook) -> Worksheet | None:
    wanted = schema.title_key(schema.AGENCY_SHEET)
    for ws in wb.worksheets:
        if schema.title_key(ws.title) == wanted:
            return ws
    first_label = schema.title_key(schema.AGENCY_FIELDS[0].label)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible" and any(
            schema.title_key(c.value) == first_label for c in ws["A"][:15]
        ):
            return ws
    return None


def _find_measures_sheet(wb: Workbook) -> tuple[Worksheet | None, int]:
    """The measures sheet and its header row: the sheet named so, else any sheet whose
    first rows hold at least three of the form's column titles."""
    titles = {schema.title_key(c.title) for c in schema.MEASURE_COLUMNS}
    best: tuple[int, Worksheet | None, int] = (0, None, 0)  # score, sheet, header row
    named = schema.title_key(schema.MEASURES_SHEET)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" and schema.title_key(ws.title) != named or is_summary_sheet(ws.title):
            continue  # hidden sheets, and the summary of an annotated copy sent back, are not the form
        for row in ws.iter_rows(min_row=1, max_row=10):
            hits = sum(1 for c in row if schema.title_key(c.value) in titles)
            # The sheet with the expected name wins a tie.
            score = hits * 2 + (schema.title_key(ws.title) == named)
            if hits >= 3 and score > best[0] and isinstance(ws, Worksheet):
                best = (score, ws, int(row[0].row or 0))
    return best[1], best[2]


def _division_name(ws: Worksheet, header_row: int, file: str) -> tuple[str, str]:
    label = schema.title_key(schema.DIVISION_LABEL)
    for row in ws.iter_rows(min_row=1, max_row=header_row - 1, max_col=2):
        if len(row) == 2 and schema.title_key(row[0].value) == label and row[1].value not in (None, ""):
            return " ".join(str(row[1].value).split()), row[1].coordinate
    return division_from_file_name(file), ""
