"""Reading the returned workbooks into raw records with cell references.

Sheets and columns are found by their titles (from `schema`), not by position or file
name, so renamed files and moved columns still read.  Before anything is parsed,
`preflight` checks the file against `itadocs.limits` (a workbook past one is not read);
then python-calamine reads the values (`grid`), and the records are built from the cells
that exist.  What is wrong in a sheet is returned as problems, never raised; an exception
here means the file cannot be opened as a workbook.  Nothing typed is dropped without a
problem: data under no title, a second measures sheet, an error value, a formula never
calculated are all named with their place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from .. import schema
from ..limits import DEFAULT_LIMITS, Limits
from ..messages import Message
from ..model import AgencySheet, Cell, DivisionSheet, SheetRow
from ..paths import division_from_file_name
from ..problems import NOT_READ, Problem
from . import preflight
from .grid import Grid, from_calamine, from_openpyxl
from .preflight import EncryptedWorkbook, OldFormatWorkbook, UnreadableWorkbook, column_letter

__all__ = [
    "EncryptedWorkbook",
    "OldFormatWorkbook",
    "UnreadableWorkbook",
    "read_workbook",
    "open_grids",
    "WORKBOOK_SUFFIXES",
    "OLD_SUFFIXES",
    "NOT_READ",
]

WORKBOOK_SUFFIXES, OLD_SUFFIXES = schema.WORKBOOK_SUFFIXES, schema.OLD_SUFFIXES
Reader = Literal["calamine", "openpyxl"]  # openpyxl: the reference the tests compare calamine with


def open_grids(
    path: Path, name: str, limits: Limits = DEFAULT_LIMITS, reader: Reader = "calamine", *, check_only: bool = False
) -> tuple[list[Grid], list[Problem]]:
    """The workbook's sheets, or the limits it breaks (then no sheet: it was not parsed).

    `reader` is "calamine", or "openpyxl" for the reference reader; with `check_only`, only
    the checks before parsing run.  Raises UnreadableWorkbook (or EncryptedWorkbook,
    OldFormatWorkbook) when the file is no workbook.
    """
    package = preflight.inspect(path, name, limits)
    if package.problems or check_only:
        return [], package.problems
    if reader == "openpyxl":
        return _openpyxl(path, package), []
    try:
        return from_calamine(path, package), []
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: B036 - CalamineError, KeyError for a sheet not scanned, and a Rust panic
        # (pyo3's PanicException is a BaseException).  Within the limits, openpyxl may read it safely.
        return _openpyxl(path, package), []


def _openpyxl(path: Path, package: preflight.Package) -> list[Grid]:
    try:
        return from_openpyxl(path, package)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        name = type(exc).__name__
        raise UnreadableWorkbook(Message(f"ไฟล์เสียหาย: {name}", f"the file is damaged: {name}")) from exc


def read_workbook(
    path: Path, name: str, limits: Limits = DEFAULT_LIMITS, reader: Reader = "calamine"
) -> tuple[AgencySheet | DivisionSheet | None, list[Problem]]:
    """One workbook, recognised by its content: the agency's, a division's, or neither.

    Raises UnreadableWorkbook when the file cannot be opened; `name` is how problems name it.
    """
    grids, problems = open_grids(path, name, limits, reader)
    if problems:
        return None, problems
    problems = _long_texts(grids, name, limits)
    kind = workbook_kind(grids)
    sheet: AgencySheet | DivisionSheet | None
    if kind == schema.KIND_AGENCY:
        sheet, found = read_agency_sheet(grids, name)
    elif kind == schema.KIND_DIVISION:
        sheet, found = read_division_sheet(grids, name)
    else:
        return None, problems + [Problem("workbook-unknown", file=name)]
    return sheet, problems + found


def _long_texts(grids: list[Grid], file: str, limits: Limits) -> list[Problem]:
    return [
        Problem(
            "cell-text-too-long",
            file=file,
            sheet=grid.title,
            cell=f"{column_letter(col)}{row}",
            value=f"{len(value):,}",
            details={"limit": f"{limits.max_text:,}"},
        )
        for grid in grids
        for row, cells in grid.rows.items()
        for col, value in cells.items()
        if isinstance(value, str) and len(value) > limits.max_text
    ]


def workbook_kind(grids: list[Grid]) -> str | None:
    """'agency', 'division' or None, judged by content (sheets and headers), then by marker."""
    if _find_agency_sheet(grids) is not None:
        return schema.KIND_AGENCY
    if _measures_sheets(grids):
        return schema.KIND_DIVISION
    marker = next((g for g in grids if g.title == schema.MARKER_SHEET), None)
    if marker is not None and marker.value(1, 2) in (schema.KIND_AGENCY, schema.KIND_DIVISION):
        return str(marker.value(1, 2))
    return None


class _Problems(list[Problem]):
    """Problems of one sheet: each call names the file and sheet once."""

    def __init__(self, file: str, sheet: str):
        super().__init__()
        self.file, self.sheet = file, sheet

    def add(self, code: str, cell: str = "", **fields: Any) -> None:
        self.append(Problem(code, file=self.file, sheet=self.sheet, cell=cell, **fields))

    def taken(self, grid: Grid, row: int, col: int, column: str = "") -> None:
        """A cell whose value the records take: an error value or a formula never calculated is a problem."""
        where = f"{column_letter(col)}{row}"
        if (row, col) in grid.errors:
            self.add("cell-error", where, value=grid.errors[(row, col)], column=column)
        elif (row, col) in grid.uncalculated:
            self.add("formula-not-calculated", where, value=grid.uncalculated[(row, col)], column=column)

    def name(self, name: str, where: str, column: str) -> None:
        """A division's name must have a letter or a digit: '..' or '/' names nobody (and makes no file name)."""
        if not any(ch.isalnum() for ch in name):
            self.add("division-name-invalid", where, value=name, column=column)


def read_agency_sheet(grids: list[Grid], file: str) -> tuple[AgencySheet | None, list[Problem]]:
    grid = _find_agency_sheet(grids)
    if grid is None:
        return None, [Problem("sheet-missing", file=file, details={"expected": schema.AGENCY_SHEET})]
    problems = _Problems(file, grid.title)
    labels = {schema.title_key(f.label): f for f in schema.AGENCY_FIELDS}
    values: dict[str, Cell] = {}
    divisions: list[str] = []
    in_divisions = False
    for row in grid.row_numbers():
        key = schema.title_key(grid.value(row, 1))
        if key == schema.title_key(schema.DIVISIONS_HEADING):
            in_divisions = True
        elif key in labels and not in_divisions and labels[key].key not in values:  # the first row, as edits write it
            values[labels[key].key] = Cell(grid.value(row, 2), f"B{row}")
            problems.taken(grid, row, 2, labels[key].label)
        if in_divisions and grid.value(row, 2) not in (None, ""):
            divisions.append(str(grid.value(row, 2)).strip())
            problems.taken(grid, row, 2, schema.DIVISIONS_HEADING)
            problems.name(divisions[-1], f"B{row}", schema.DIVISIONS_HEADING)
    sheet = AgencySheet(file, grid.title, values, divisions)
    found: list[Problem] = list(problems)
    by_key = {schema.title_key(g.title): g for g in grids}
    for table in schema.AGENCY_TABLES:
        table_grid = by_key.get(schema.title_key(table.sheet))
        if table_grid is None:
            found.append(Problem("assessment-sheet-missing", file=file, details={"expected": table.sheet}))
            continue
        sheet.tables[table.sheet], table_problems = read_table(table_grid, table, file)
        found.extend(table_problems)
    return sheet, found


def read_agency_values(grid: Grid, fields: tuple[schema.Field, ...]) -> tuple[dict[str, Any], dict[str, str]]:
    """The labelled values of a sheet laid out as the agency sheet (label in A, value in B), by field
    key, and the cell of each; the first row of a label counts."""
    labels = {schema.title_key(f.label): f.key for f in fields}
    values: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for row in grid.row_numbers():
        key = labels.get(schema.title_key(grid.value(row, 1)))
        if key and key not in cells:
            values[key], cells[key] = grid.value(row, 2), f"B{row}"
    return values, cells


def read_division_sheet(grids: list[Grid], file: str) -> tuple[DivisionSheet | None, list[Problem]]:
    candidates = _measures_sheets(grids)
    if not candidates:
        return None, [Problem("sheet-missing", file=file, details={"expected": schema.MEASURES_SHEET})]
    grid, header_row = candidates[0]
    problems: list[Problem] = []
    if schema.title_key(grid.title) != schema.title_key(schema.MEASURES_SHEET):
        problems.append(
            Problem(
                "sheet-renamed",
                file=file,
                sheet=grid.title,
                details={"found": grid.title, "expected": schema.MEASURES_SHEET},
            )
        )
    rows, found = read_table(grid, schema.MEASURES, file, header_row, version=form_version(grids))
    division, division_ref, named = _division_name(grid, header_row, file)
    problems += named
    # A copy of the form ("มาตรการ (2)") is not guessed at: its rows are named, not read.
    ahead = {c.key for c in schema.MEASURES.columns if c.ahead}  # ลำดับ numbered ahead is not a measure
    for other, other_header in candidates[1:]:
        extra = [
            row
            for row in read_table(other, schema.MEASURES, file, other_header)[0]
            if any(key not in ahead and cell.value not in (None, "") for key, cell in row.cells.items())
        ]
        if extra:
            problems.append(
                Problem(
                    "measures-sheet-extra" if other.visible else "measures-sheet-hidden",
                    file=file,
                    sheet=other.title,
                    cell=f"A{extra[0].row}",
                    value=f"{len(extra):,}",
                    details={"main": grid.title},
                )
            )
    return DivisionSheet(file, grid.title, division, division_ref, rows), problems + found


def form_version(grids: list[Grid]) -> int:
    """The version of the form a workbook was written as (schema.SCHEMA_VERSION when it does not say)."""
    marker = next((g for g in grids if g.title == schema.MARKER_SHEET), None)
    version = marker.value(2, 2) if marker is not None else None
    return (
        int(version)
        if isinstance(version, (int, float)) and 0 < version <= schema.SCHEMA_VERSION
        else schema.SCHEMA_VERSION
    )


def read_table(
    grid: Grid, table: schema.Table, file: str, header_row: int | None = None, version: int = schema.SCHEMA_VERSION
) -> tuple[list[SheetRow], list[Problem]]:
    """The non-empty rows below the header, keyed by column key; columns found by title.

    Only the rows that hold something are visited.  Data in a column outside the form, or
    in a column with no title, is reported rather than dropped silently.  A column newer
    than the form's `version` may be absent without a word: the form never had it.
    """
    header_row = header_row or table.header_row
    problems = _Problems(file, grid.title)
    positions, unknown = _header_positions(grid, table, header_row, problems, version)
    titles = {col: title for title, col in ((c.title, positions[c.key]) for c in table.columns if c.key in positions)}
    spread = _spread_merged_cells(grid, header_row, problems)
    uncalculated: dict[int, set[int]] = {}
    for row, col in grid.uncalculated:
        uncalculated.setdefault(row, set()).add(col)
    rows: list[SheetRow] = []
    outside: dict[int, tuple[int, int]] = {}  # column outside the form -> (first row with data, cells)
    last_filled = header_row
    for number in sorted(set(grid.row_numbers(header_row + 1)) | set(spread)):
        values = {**grid.rows.get(number, {}), **spread.get(number, {})}
        filled = {col for col, value in values.items() if value not in (None, "")} | uncalculated.get(number, set())
        if not filled:
            continue
        if number > last_filled + 1 and last_filled > header_row:
            problems.add("row-after-gap", f"A{number}")
        last_filled = number
        for col in filled - titles.keys():
            first, count = outside.get(col, (number, 0))
            outside[col] = (first, count + 1)
        for col in sorted(filled & titles.keys()):
            problems.taken(grid, number, col, titles[col])
        cells = {key: Cell(values.get(col), f"{column_letter(col)}{number}") for key, col in positions.items()}
        if filled & titles.keys():
            rows.append(SheetRow(file, grid.title, number, cells))
    for col, (first, count) in sorted(outside.items()):
        if col in unknown:
            problems.add("column-unknown", f"{column_letter(col)}{header_row}", column=unknown[col])
            continue
        value = grid.value(first, col)
        shown = grid.uncalculated.get((first, col), "") if value is None else value
        problems.add(
            "column-untitled",
            f"{column_letter(col)}{first}",
            column=column_letter(col),
            value=values_text(shown),
            details={"count": f"{count:,}", "header": f"{column_letter(col)}{header_row}"},
        )
    return rows, list(problems)


def values_text(value: object, width: int = 60) -> str:
    """A value as a problem shows it: text, cut to `width` characters."""
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _header_positions(
    grid: Grid, table: schema.Table, header_row: int, problems: _Problems, version: int = schema.SCHEMA_VERSION
) -> tuple[dict[str, int], dict[int, str]]:
    """Each known column's position by its title, and the titled columns outside the form."""
    known = {schema.title_key(c.title): c for c in table.columns}
    positions: dict[str, int] = {}
    unknown: dict[int, str] = {}
    for col, value in sorted(grid.rows.get(header_row, {}).items()):
        if value in (None, ""):
            continue
        column = known.get(schema.title_key(value))
        if column and column.key in positions:
            first = f"{column_letter(positions[column.key])}{header_row}"
            problems.add(
                "column-duplicate", f"{column_letter(col)}{header_row}", column=column.title, details={"other": first}
            )
        elif column:
            positions[column.key] = col
        else:
            unknown[col] = str(value)
    for column in table.columns:
        if column.key not in positions and column.since <= version:
            problems.add(
                "column-missing" if column.required or column.required_in else "column-missing-optional",
                f"{header_row}:{header_row}",
                column=column.title,
            )
    return positions, unknown


def _spread_merged_cells(grid: Grid, header_row: int, problems: _Problems) -> dict[int, dict[int, object]]:
    """A merged range's value sits in its first cell; every row of the range meant it.
    By row, then column.  (The merged area is bounded by `Limits.max_merged_cells` before this runs.)"""
    spread: dict[int, dict[int, object]] = {}
    for min_row, min_col, max_row, max_col in grid.merged:
        if max_row <= header_row:
            continue
        first = grid.value(min_row, min_col)
        for row in range(max(min_row, header_row + 1), max_row + 1):
            for col in range(min_col, max_col + 1):
                spread.setdefault(row, {})[col] = first
        problems.add(
            "merged-cells",
            f"{column_letter(min_col)}{min_row}",
            value=f"{column_letter(min_col)}{min_row}:{column_letter(max_col)}{max_row}",
        )
    return spread


def _find_agency_sheet(grids: list[Grid]) -> Grid | None:
    wanted = schema.title_key(schema.AGENCY_SHEET)
    for grid in grids:
        if schema.title_key(grid.title) == wanted:
            return grid
    first_label = schema.title_key(schema.AGENCY_FIELDS[0].label)
    for grid in grids:
        if grid.visible and any(schema.title_key(grid.value(row, 1)) == first_label for row in range(1, 16)):
            return grid
    return None


def _measures_sheets(grids: list[Grid]) -> list[tuple[Grid, int]]:
    """The sheets laid out as the measures form, with their header rows, the one to read first:
    a sheet whose first rows hold at least three of the form's column titles; the sheet named
    so wins a tie, and a hidden sheet is the form only when it has the form's name."""
    titles = {schema.title_key(c.title) for c in schema.MEASURE_COLUMNS}
    named = schema.title_key(schema.MEASURES_SHEET)
    found: list[tuple[int, int, Grid, int]] = []  # rank, order, sheet, header row
    for order, grid in enumerate(grids):
        if schema.is_summary_sheet(grid.title):
            continue  # the summary of an annotated copy sent back lists the titles, but is not the form
        is_named = schema.title_key(grid.title) == named
        best = (0, 0)  # score, header row
        for row in range(1, 11):
            hits = sum(1 for value in grid.rows.get(row, {}).values() if schema.title_key(value) in titles)
            score = hits * 2 + is_named
            if hits >= 3 and score > best[0]:
                best = (score, row)
        if best[0]:
            eligible = grid.visible or is_named
            found.append((-(best[0] + (1000 if eligible else 0)), order, grid, best[1]))
    found.sort(key=lambda f: (f[0], f[1]))
    if not found or not (found[0][2].visible or schema.title_key(found[0][2].title) == named):
        return []
    return [(grid, header) for _, _, grid, header in found]


def _division_name(grid: Grid, header_row: int, file: str) -> tuple[str, str, list[Problem]]:
    """The division's name (B1 in the form), where it was read, and the problems of that cell."""
    label = schema.title_key(schema.DIVISION_LABEL)
    problems = _Problems(file, grid.title)
    for row in grid.row_numbers(1, header_row - 1):
        if schema.title_key(grid.value(row, 1)) == label:
            problems.taken(grid, row, 2, schema.DIVISION_LABEL)
            value = grid.value(row, 2)
            if value not in (None, ""):
                name = " ".join(str(value).split())
                problems.name(name, f"B{row}", schema.DIVISION_LABEL)
                return name, f"B{row}", list(problems)
    return division_from_file_name(file), "", list(problems)
