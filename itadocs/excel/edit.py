"""Changes written into workbooks that exist: the agency workbook's details, list of divisions
and tables of last year's results; a division workbook's name.

Everything else in the workbook stays as the coordinator left it: other sheets, formats,
columns of their own (they move with their row), dropdowns.  Sheets, labels and columns are
found by their titles (`schema`), as the reader finds them.  The caller decides where the
result goes (a temporary file, checked, then put in place whole).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema
from ..criteria import Criteria
from ..messages import ItadocsError, Message
from .cells import put
from .style import BOLD, BOX, INPUT_FILL, WRAP_TOP

UNREADABLE = Message(
    "เปิดไฟล์ {file} เพื่อแก้ไขไม่ได้ กรุณาเปิดใน Excel แล้วบันทึกใหม่ หรือแก้ใน Excel แล้วส่งไฟล์เข้ามาแทน",
    "Cannot open {file} to change it; open and save it again in Excel, or change it in Excel and send it in",
)

# A row of a table: the sheet row it came from (0 for a new one) and its values by column key.
TableRows = Sequence[tuple[int, Mapping[str, Any]]]


def open_workbook(path: Path, name: str) -> Workbook:
    """A workbook checked before parsing as the reader checks it (a hostile file must not
    stall an edit either), then opened with openpyxl."""
    from ..limits import DEFAULT_LIMITS
    from .preflight import inspect

    try:
        if inspect(path, name, DEFAULT_LIMITS).problems:
            raise ItadocsError(UNREADABLE, file=name)
        return load_workbook(path)
    except ItadocsError:
        raise
    except Exception as exc:  # UnreadableWorkbook, and the many kinds openpyxl raises for a damaged file
        raise ItadocsError(UNREADABLE, file=name) from exc


def agency_sheet(wb: Workbook) -> Worksheet:
    """The agency sheet: by its name, else the first visible sheet whose column A holds the first label."""
    wanted = schema.title_key(schema.AGENCY_SHEET)
    for ws in wb.worksheets:
        if schema.title_key(ws.title) == wanted:
            return ws
    first = schema.title_key(schema.AGENCY_FIELDS[0].label)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible" and any(schema.title_key(ws.cell(r, 1).value) == first for r in range(1, 16)):
            return ws
    return wb.worksheets[0]


def _division_heading(ws: Worksheet) -> int:
    heading = schema.title_key(schema.DIVISIONS_HEADING)
    return next((r for r in range(1, ws.max_row + 1) if schema.title_key(ws.cell(r, 1).value) == heading), 0)


def set_details(ws: Worksheet, values: Mapping[str, Any]) -> None:
    """Each field's value into column B of its label's row; a label missing from the sheet is
    added after the last label there (above the list of divisions)."""
    labels = {schema.title_key(f.label): f for f in schema.AGENCY_FIELDS}
    stop = _division_heading(ws) or ws.max_row + 1
    rows: dict[str, int] = {}
    for row in range(1, stop):
        field = labels.get(schema.title_key(ws.cell(row, 1).value))
        if field is not None and field.key not in rows:
            rows[field.key] = row
    for field in schema.AGENCY_FIELDS:
        if field.key not in values:
            continue
        found = rows.get(field.key)
        if found is None:
            row = max(rows.values(), default=2) + 1
            ws.insert_rows(row)
            rows = {k: (r + 1 if r >= row else r) for k, r in rows.items()}
            rows[field.key] = row
            put(ws, row, 1, field.label, font=BOLD)
        else:
            row = found
        put(ws, row, 2, values[field.key], fill=INPUT_FILL, border=BOX)


def set_divisions(ws: Worksheet, names: Sequence[str]) -> None:
    """The list of divisions below its heading (column B, from the heading's own row), as given."""
    start = _division_heading(ws)
    if not start:
        start = ws.max_row + 2
        put(ws, start, 1, schema.DIVISIONS_HEADING, font=BOLD)
    for row in range(start, max(ws.max_row, start + len(names)) + 1):
        ws.cell(row, 2).value = None
    for offset, name in enumerate(names):
        put(ws, start + offset, 2, name, fill=INPUT_FILL, border=BOX)
        ws.row_dimensions[start + offset].height = 22


def _header(ws: Worksheet, table: schema.Table) -> tuple[int, dict[str, int]]:
    """The header row of a table sheet and each schema column's position, found by title."""
    titles = {schema.title_key(c.title): c.key for c in table.columns}
    best: tuple[int, int, dict[str, int]] = (0, table.header_row, {})
    for row in range(1, 11):
        found: dict[str, int] = {}
        for col in range(1, (ws.max_column or 1) + 1):
            key = titles.get(schema.title_key(ws.cell(row, col).value))
            if key and key not in found:
                found[key] = col
        if len(found) > best[0]:
            best = (len(found), row, found)
    return best[1], best[2]


def set_table(wb: Workbook, table: schema.Table, rows: TableRows, criteria: Criteria) -> None:
    """The table's data rows as given, one after the other from its first data row: a row taken
    from the sheet keeps its cells outside the schema's columns; the rows below are emptied."""
    if schema.title_key(table.sheet) not in {schema.title_key(ws.title) for ws in wb.worksheets}:
        from .forms import _write_table

        _write_table(wb.create_sheet(table.sheet), table, criteria)
    ws = next(ws for ws in wb.worksheets if schema.title_key(ws.title) == schema.title_key(table.sheet))
    header, positions = _header(ws, table)
    for column in table.columns:  # a column the coordinator deleted comes back at the end
        if column.key not in positions:
            positions[column.key] = (ws.max_column or 0) + 1
            put(ws, header, positions[column.key], column.title, font=BOLD)
    width = max([ws.max_column or 1, *positions.values()])
    first = header + 1
    old = {r: [ws.cell(r, c).value for c in range(1, width + 1)] for r in range(first, (ws.max_row or first) + 1)}
    written = []
    for source, values in rows:
        cells = list(old.get(source, [None] * width)) if source else [None] * width
        for key, value in values.items():
            if key in positions:
                cells[positions[key] - 1] = value
        if any(v not in (None, "") for v in cells):
            written.append(cells)
    last = max(first + len(written), (ws.max_row or first) + 1)
    for row in range(first, last):
        cells = written[row - first] if row - first < len(written) else [None] * width
        for col, value in enumerate(cells, start=1):
            if value in (None, ""):
                ws.cell(row, col).value = None
            else:
                put(ws, row, col, value, alignment=WRAP_TOP)


def set_division_name(wb: Workbook, name: str, old: str = "") -> bool:
    """A division workbook's name (the cell beside 'ส่วนงาน' above the header of the measures
    sheet, B1 in the form), and the instructions' title that names it.  False when the
    workbook has no measures sheet."""
    ws = next(
        (ws for ws in wb.worksheets if schema.title_key(ws.title) == schema.title_key(schema.MEASURES_SHEET)), None
    )
    if ws is None:
        return False
    label = schema.title_key(schema.DIVISION_LABEL)
    row = next((r for r in range(1, schema.HEADER_ROW) if schema.title_key(ws.cell(r, 1).value) == label), 0)
    if not row:
        row = 1
        put(ws, row, 1, schema.DIVISION_LABEL, font=BOLD)
    target = ws.cell(row, 2)
    if type(target).__name__ == "MergedCell":  # never: B1 starts its merged range
        return False
    put(ws, row, 2, name, font=BOLD, fill=INPUT_FILL)
    if old and schema.INSTRUCTIONS_SHEET in wb.sheetnames:
        guide = wb[schema.INSTRUCTIONS_SHEET]
        title = guide["A1"].value
        if isinstance(title, str) and title.endswith(f"— {old}"):
            guide["A1"].value = title[: -len(old)] + name
    return True
