"""The agency workbook read as a form and changed from code (the web page does): its details,
signers, list of divisions and last year's results.

The workbook stays the one source of truth.  What is read comes from it through the same
reader a build uses; what is saved is written into it (everything else in it untouched),
checked by reading it back exactly as a build checks it, and put in place whole, with the
workbook as it was kept in history/.  A change that would leave an error in the part being
edited is not written: the problems come back, located, with what was typed.

The form follows `schema` (fields, tables, columns and their kinds) and the year's criteria
(the rows they prefill), so a field or a column added to the schema appears in it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .criteria import Criteria, load_criteria
from .files import move_into_place, scratch_workbook
from .history import AGENCY, HistoryEntry, forget, keep
from .messages import ItadocsError, Message
from .model import AgencySheet, Cell, SheetRow
from .paths import INPUTS, agency_workbook_path, inputs_dir
from .problems import Problem
from .validate import cell_text, parse_int, parse_round, parse_score, validate_agency

# The parts of the form, each saved on its own: an error elsewhere never stops a save.
DETAILS, SIGNERS, DIVISIONS, RESULTS = "details", "signers", "divisions", "results"
SIGNER_KEYS = ("reporter_name", "reporter_position", "approver_name", "approver_position")

NO_AGENCY = Message(
    "โครงการนี้ยังไม่มีไฟล์ข้อมูลหน่วยงาน กรุณาส่งไฟล์ข้อมูลหน่วยงานเข้ามาก่อน",
    "This project has no agency workbook yet; send the agency workbook first",
)
AGENCY_UNREADABLE = Message(
    "อ่านไฟล์ข้อมูลหน่วยงาน {file} ไม่ได้: {reason}", "Cannot read the agency workbook {file}: {reason}"
)


def field_part(item: schema.Field) -> str:
    """Which part of the form a field of the agency sheet belongs to: last year's results
    (scores and levels typed from ITAS, the pass marks), the signers, or the details."""
    if item.kind in (schema.SCORE, schema.LEVEL):
        return RESULTS
    return SIGNERS if item.key in SIGNER_KEYS else DETAILS


def fields_of(*parts: str) -> list[schema.Field]:
    return [f for f in schema.AGENCY_FIELDS if field_part(f) in parts]


@dataclass(frozen=True)
class TableRow:
    """One row of a table of last year's results, as text."""

    row: int  # the sheet row it is in; 0 when only the year's criteria give it (not in the workbook yet)
    values: dict[str, str]


def holds_data(table: schema.Table, row: TableRow) -> bool:
    """Whether a row holds more than what is written ahead (the year's tools, indicators,
    question codes): only then is it a result a document uses."""
    return any(row.values.get(c.key) for c in table.columns if not c.ahead)


@dataclass(frozen=True)
class AgencyForm:
    """What the agency workbook says, as the page shows it, and its problems as a build finds them."""

    file: str  # the workbook within the project ("inputs/ข้อมูลหน่วยงาน.xlsx")
    sheet: str  # its agency sheet
    values: dict[str, str]  # by field key (schema.AGENCY_FIELDS), as text
    cells: dict[str, str]  # where each field is ("B7")
    divisions: tuple[str, ...]
    tables: dict[str, tuple[TableRow, ...]]  # by table sheet (schema.AGENCY_TABLES)
    columns: dict[str, dict[str, str]]  # by table sheet: column letter -> column key
    problems: tuple[Problem, ...] = ()
    fiscal_year: int | None = None
    criteria: Criteria | None = None  # the year's, as the workbook adjusts them (None when the year is unknown)

    def part_of(self, problem: Problem) -> str | None:
        """The part of the form a problem of the workbook is in (None: another file)."""
        if problem.file != self.file:
            return None
        if problem.sheet == self.sheet:
            key = next((k for k, ref in self.cells.items() if ref and ref == problem.cell), None)
            if key is not None:
                return field_part(next(f for f in schema.AGENCY_FIELDS if f.key == key))
            if problem.column == schema.DIVISIONS_HEADING or problem.value in self.divisions:
                return DIVISIONS
            label = next((f for f in schema.AGENCY_FIELDS if f.label == problem.column), None)
            return field_part(label) if label else DETAILS
        return RESULTS

    def input_of(self, problem: Problem) -> str | None:
        """The name of the page's input a problem is about ('field.name', 'division.2', 't3.7.score')."""
        if problem.file != self.file:
            return None
        if problem.sheet == self.sheet:
            key = next((k for k, ref in self.cells.items() if ref and ref == problem.cell), None)
            if key is not None:
                return f"field.{key}"
            if problem.value in self.divisions:
                return f"division.{self.divisions.index(problem.value)}"
            label = next((f for f in schema.AGENCY_FIELDS if f.label == problem.column), None)
            return f"field.{label.key}" if label else None
        for number, table in enumerate(schema.AGENCY_TABLES):
            if schema.title_key(table.sheet) != schema.title_key(problem.sheet):
                continue
            rows = self.tables.get(table.sheet, ())
            index = next((i for i, r in enumerate(rows) if problem.row and r.row == problem.row), None)
            key = self.columns.get(table.sheet, {}).get(problem.column_letter) or next(
                (c.key for c in table.columns if c.title == problem.column), None
            )
            if index is not None and key:
                return f"t{number}.{index}.{key}"
        return None

    def problems_in(self, *parts: str) -> list[Problem]:
        return [p for p in self.problems if self.part_of(p) in parts]


@dataclass(frozen=True)
class AgencySaved:
    """What became of a change to the agency workbook."""

    saved: bool  # written (False: an error in the part changed, or nothing changed)
    form: AgencyForm  # the workbook as it is now, or, when not saved, as the change would have made it
    blocking: tuple[Problem, ...] = ()  # the errors that stopped it
    kept: HistoryEntry | None = None  # the workbook as it was, in history/
    unchanged: bool = False


# --- reading -----------------------------------------------------------------


def find_agency_workbook(root: Path) -> Path | None:
    """The project's agency workbook: the usual file, else the first workbook in inputs/ that is one."""
    from .excel import read

    usual = agency_workbook_path(root)
    candidates = [usual] if usual.is_file() else []
    try:
        candidates += sorted(
            p
            for p in inputs_dir(root).iterdir()
            if p != usual and p.suffix.lower() in schema.WORKBOOK_SUFFIXES and not p.name.startswith(("~$", ".~lock"))
        )
    except OSError:
        return None
    for path in candidates:
        try:
            grids, problems = read.open_grids(path, path.name)
        except (OSError, read.UnreadableWorkbook):
            continue
        if not problems and read.workbook_kind(grids) == schema.KIND_AGENCY:
            return path
    return None


def read_agency_form(root: Path) -> AgencyForm:
    """The agency workbook as a form: details, divisions, last year's results with the year's
    criteria prefilled where the workbook lacks them, and its problems."""
    path = find_agency_workbook(root)
    if path is None:
        raise ItadocsError(NO_AGENCY)
    return _form_of(path, path.relative_to(root).as_posix(), root)


def _form_of(path: Path, name: str, root: Path) -> AgencyForm:
    from .excel import read
    from .project import check_agency

    try:
        sheet, found = read.read_workbook(path, name)
    except read.UnreadableWorkbook as exc:
        raise ItadocsError(AGENCY_UNREADABLE, file=name, reason=exc.reason) from exc
    if not isinstance(sheet, AgencySheet):
        raise ItadocsError(NO_AGENCY)
    agency, criteria, _, problems = check_agency(sheet, None, root)
    year = agency.fiscal_year if agency else _year(sheet)
    if criteria is None and year:
        # The details stop a build; last year's results are still checked, by the year typed.
        from .criteria_files import find_criteria
        from .model import Agency
        from .validate import project_criteria, validate_assessment

        stand_in = Agency(name="", district="", province="", fiscal_year=year, round=6)
        found_criteria, _ = find_criteria(year, cell_text(_value(sheet, "criteria_set")), root)
        criteria = project_criteria(sheet, stand_in, found_criteria)
        problems = problems + validate_assessment(sheet, stand_in, criteria)[1]
    values = {f.key: cell_text(_value(sheet, f.key)) for f in schema.AGENCY_FIELDS}
    cells = {k: c.ref for k, c in sheet.values.items()}
    tables: dict[str, tuple[TableRow, ...]] = {}
    columns: dict[str, dict[str, str]] = {}
    for table in schema.AGENCY_TABLES:
        rows = sheet.tables.get(table.sheet, [])
        columns[table.sheet] = {
            "".join(ch for ch in cell.ref if ch.isalpha()): key for row in rows[:1] for key, cell in row.cells.items()
        }
        tables[table.sheet] = tuple(_with_prefill(table, rows, criteria))
    divisions = tuple(" ".join(d.split()) for d in sheet.divisions if d.strip())
    return AgencyForm(
        name, sheet.sheet, values, cells, divisions, tables, columns, tuple(found) + tuple(problems), year, criteria
    )


def _value(sheet: AgencySheet, key: str) -> object:
    cell = sheet.values.get(key)
    return cell.value if cell else None


def _year(sheet: AgencySheet) -> int | None:
    from .validate import parse_fiscal_year

    return parse_fiscal_year(_value(sheet, "fiscal_year"))


def _identity(table: schema.Table, values: Mapping[str, object], criteria: Criteria | None) -> tuple[object, ...]:
    """What makes a prefilled row that row: its tool, indicator or question code, as the criteria read them."""
    key: list[object] = []
    for column in table.columns:
        if not column.ahead or column.kind == schema.TEXT:
            continue
        value = values.get(column.key)
        found: object = None
        if criteria is not None and value not in (None, ""):
            if column.kind == schema.TOOL:
                tool = criteria.parse_tool(value)
                found = tool.code if tool else None
            elif column.kind == schema.INDICATOR:
                indicator = criteria.parse_indicator(value)
                found = indicator.number if indicator else None
            elif column.kind == schema.QUESTIONS:
                codes, _ = criteria.parse_questions(value)
                found = codes[0] if codes else None
        key.append(found if found is not None else "".join(cell_text(value).split()).lower())
    return tuple(key)


def _with_prefill(table: schema.Table, rows: list[SheetRow], criteria: Criteria | None) -> list[TableRow]:
    found = [
        TableRow(r.row, {c.key: cell_text(r.cells[c.key].value) if c.key in r.cells else "" for c in table.columns})
        for r in rows
    ]
    if criteria is None:
        return found
    from .excel.forms import prefilled_rows

    seen = {_identity(table, r.values, criteria) for r in found}
    for record in prefilled_rows(criteria).get(table, []):
        if _identity(table, record, criteria) not in seen:
            found.append(TableRow(0, {c.key: cell_text(record.get(c.key)) for c in table.columns}))
    return found


# --- saving ------------------------------------------------------------------


def typed(kind: str, text: object) -> object:
    """What a person typed into the page, as Excel would store it typed into the cell: a number
    as a number (Thai digits too), anything else as the text typed; "" as an empty cell."""
    value = " ".join(str(text or "").split()) if kind != schema.TEXT else str(text or "").strip()
    if not value:
        return None
    if kind == schema.SCORE:
        score = parse_score(value)
        if score is None:
            return value
        return int(score) if score.is_integer() else score
    if kind in (schema.INT, schema.YEAR):
        number = parse_int(value)
        return number if number is not None else value
    if kind == schema.ROUND:
        months = parse_round(value)
        return months if months is not None else value
    return value


def _column_kinds(table: schema.Table) -> dict[str, str]:
    return {c.key: c.kind for c in table.columns}


def save_agency(
    root: Path,
    *,
    values: Mapping[str, str] | None = None,
    divisions: Sequence[str] | None = None,
    tables: Mapping[str, Sequence[tuple[int, Mapping[str, str]]]] | None = None,
) -> AgencySaved:
    """Write a change into the agency workbook: `values` by field key, the list of `divisions`,
    and `tables` (by table sheet: (the sheet row it came from or 0, values by column key) in the
    order wanted).  The workbook is read back and checked as a build checks it; an error in the
    part changed stops the save (the form comes back with what was typed and the problems).
    Otherwise the workbook as it was goes to history/ and the new one is put in place whole."""
    from .excel.edit import agency_sheet, open_workbook, set_details, set_divisions, set_table

    path = find_agency_workbook(root)
    if path is None:
        raise ItadocsError(NO_AGENCY)
    name = path.relative_to(root).as_posix()
    before = _form_of(path, name, root)
    kinds = {f.key: f.kind for f in schema.AGENCY_FIELDS}
    parts = {field_part(f) for f in schema.AGENCY_FIELDS if values and f.key in values}
    parts |= {DIVISIONS} if divisions is not None else set()
    parts |= {RESULTS} if tables else set()
    wb = open_workbook(path, name)
    ws = agency_sheet(wb)
    if values:
        set_details(ws, {k: typed(kinds[k], v) for k, v in values.items() if k in kinds})
    if divisions is not None:
        set_divisions(ws, [" ".join(d.split()) for d in divisions if d.strip()])
    for table in schema.AGENCY_TABLES:
        if tables and table.sheet in tables:
            column_kinds = _column_kinds(table)
            rows = [
                (row, {k: typed(column_kinds[k], v) for k, v in record.items() if k in column_kinds})
                for row, record in tables[table.sheet]
            ]
            set_table(wb, table, rows, before.criteria or load_criteria(before.fiscal_year))
    with scratch_workbook(root) as temp:
        wb.save(temp)
        after = _form_of(temp, name, root)
        blocking = tuple(p for p in after.problems if p.is_error and after.part_of(p) in parts)
        if blocking:
            return AgencySaved(False, after, blocking)
        if _same(before, after):
            return AgencySaved(False, before, unchanged=True)
        kept = keep(root, path, what=AGENCY)
        try:
            move_into_place(temp, path)
        except BaseException:
            with contextlib.suppress(Exception):
                forget(kept)  # the workbook stands as it was (open in Excel, say): no change to undo
            raise
    return AgencySaved(True, after, kept=kept)


def _same(before: AgencyForm, after: AgencyForm) -> bool:
    def rows(form: AgencyForm) -> list[list[dict[str, str]]]:
        return [
            [r.values for r in form.tables.get(t.sheet, ()) if r.row or holds_data(t, r)] for t in schema.AGENCY_TABLES
        ]

    return (before.values, before.divisions, rows(before)) == (after.values, after.divisions, rows(after))


# --- checking a new project's details -------------------------------------------


def check_details(values: Mapping[str, object]) -> list[Problem]:
    """The agency details a new project would be created with, checked as the workbook will be
    (a required detail left empty, a year or round that cannot be read), each problem located
    where `init` writes that detail."""
    cells = {}
    for row, item in enumerate(schema.AGENCY_FIELDS, start=3):
        if item.key in values or item.required:
            cells[item.key] = Cell(typed(item.kind, values.get(item.key)), f"B{row}")
    file = f"{INPUTS}/{agency_workbook_path(Path('.')).name}"
    _, problems = validate_agency(AgencySheet(file, schema.AGENCY_SHEET, cells, []))
    return problems


__all__ = [
    "DETAILS",
    "DIVISIONS",
    "RESULTS",
    "SIGNERS",
    "AgencyForm",
    "AgencySaved",
    "TableRow",
    "check_details",
    "field_part",
    "fields_of",
    "find_agency_workbook",
    "holds_data",
    "read_agency_form",
    "save_agency",
    "typed",
]
