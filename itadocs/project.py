"""One agency project read and checked: its workbooks into a `Project` and a `Report`.

A project is a folder with `inputs/` (the workbooks, recognised by their content, not
their names) and, after a build, `output/`.  Loading never raises for bad input: every
problem goes into the report, and the project exists only when nothing stops it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import schema
from .criteria import Criteria
from .criteria_files import find_criteria
from .files import Outputs
from .limits import DEFAULT_LIMITS, Limits
from .merging import merge_measures
from .messages import Message
from .model import Agency, AgencySheet, Assessment, DivisionSheet, Measure, Project, division_key
from .paths import INPUTS, annotated_copy_path, division_from_file_name, inputs_dir, output_dir
from .problems import NOT_READ, Problem
from .report import Report
from .schema import OLD_SUFFIXES, WORKBOOK_SUFFIXES
from .thai import normalize_text
from .validate import (
    Part1,
    cell_text,
    check_criteria_year,
    check_divisions,
    check_duplicates,
    is_record,
    parse_fiscal_year,
    parse_round,
    project_criteria,
    validate_agency,
    validate_assessment,
    validate_division,
)

Inputs = tuple[list[AgencySheet], list[DivisionSheet], list[Problem]]


def _skipped(path: Path) -> bool:
    """Excel's and LibreOffice's lock files, a Mac's resource files ('._name') and hidden files
    that are no workbook: not inputs, and not worth a word."""
    name = path.name
    if name.startswith(("~$", ".~lock", "._")):
        return True
    return name.startswith(".") and path.suffix.lower() not in WORKBOOK_SUFFIXES | OLD_SUFFIXES


def read_inputs(root: Path, limits: Limits = DEFAULT_LIMITS) -> Inputs:
    """Every workbook in `root/inputs`, recognised by its content, not its name; `limits` bound
    what one workbook may hold (docs/limits.md)."""
    from .excel import read  # python-calamine and the checks before parsing

    inputs = inputs_dir(root)
    if not inputs.is_dir():
        return [], [], [Problem("inputs-missing", file=str(inputs))]
    agencies: list[AgencySheet] = []
    divisions: list[DivisionSheet] = []
    problems: list[Problem] = []
    for path in sorted(inputs.iterdir()):
        if _skipped(path):
            continue
        name = path.relative_to(root).as_posix()
        suffix = path.suffix.lower()
        if path.is_dir():
            inside = _workbooks_in(path)
            if inside:
                problems.append(Problem("inputs-subfolder", file=name, value=str(inside)))
            continue
        if not path.is_file():
            if suffix in WORKBOOK_SUFFIXES | OLD_SUFFIXES or path.is_symlink():
                problems.append(Problem("file-unreadable", file=name, details={"reason": _not_a_file(path)}))
            continue
        if suffix in OLD_SUFFIXES:
            problems.append(Problem("file-old-format", file=name, details={"suffix": suffix}))
            continue
        if suffix not in WORKBOOK_SUFFIXES:
            problems.append(Problem("file-not-workbook", file=name))
            continue
        try:
            sheet, found = read.read_workbook(path, name, limits)
        except OSError as exc:  # no permission, or held open exclusively by another program
            problems.append(Problem("file-unreadable", file=name, details={"reason": _os_reason(exc)}))
            continue
        except read.EncryptedWorkbook:
            problems.append(Problem("file-encrypted", file=name))
            continue
        except read.OldFormatWorkbook as exc:
            problems.append(Problem("file-old-format", file=name, details={"suffix": exc.reason}))
            continue
        except read.UnreadableWorkbook as exc:
            problems.append(Problem("file-unreadable", file=name, details={"reason": exc.reason}))
            continue
        if isinstance(sheet, AgencySheet):
            agencies.append(sheet)
        elif isinstance(sheet, DivisionSheet):
            # A row numbered ahead of time (only its ลำดับ) is not a measure.
            sheet.rows = [row for row in sheet.rows if is_record(row, schema.MEASURES)]
            divisions.append(sheet)
        problems.extend(found)
    return agencies, divisions, problems


def _workbooks_in(folder: Path) -> int:
    try:
        return sum(
            1 for p in folder.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES | OLD_SUFFIXES and not _skipped(p)
        )
    except OSError:
        return 0


def _not_a_file(path: Path) -> Message:
    if path.is_symlink() and not path.exists():
        return Message("เป็นทางลัด (ลิงก์) ไปยังไฟล์ที่ไม่มีอยู่แล้ว", "it is a link to a file that no longer exists")
    return Message("ไม่ใช่ไฟล์ธรรมดา", "it is not an ordinary file")


def _os_reason(exc: OSError) -> Message:
    if isinstance(exc, PermissionError):
        return Message(
            "ไม่มีสิทธิ์อ่านไฟล์ หรือไฟล์เปิดค้างอยู่ในโปรแกรมอื่น", "no permission to read it, or it is held open by another program"
        )
    return Message(
        f"ระบบปฏิบัติการแจ้งว่า {exc.strerror or type(exc).__name__}",
        f"the system says: {exc.strerror or type(exc).__name__}",
    )


def load_project(root: Path, round: int | None = None, *, draft: bool = False) -> tuple[Project | None, Report]:
    """Read, check and merge the project's workbooks.

    The project is None when the report has an error; with `draft=True` it exists as soon
    as the agency workbook can be read, holding the measures that have no error.
    """
    return check_inputs(root, read_inputs(root), round, draft=draft)


def check_inputs(
    root: Path, inputs: Inputs, round: int | None = None, *, draft: bool = False
) -> tuple[Project | None, Report]:
    """`load_project` on workbooks already read (`read_inputs`)."""
    agencies, divisions, read_problems = inputs
    problems = list(read_problems)
    stats = {"division_workbooks": len(divisions), "rows": sum(len(s.rows) for s in divisions), "measures": 0}

    def done(project: Project | None = None) -> tuple[Project | None, Report]:
        if project is not None:
            stats["measures"] = len(project.measures)
        # Who has not sent: said even when the agency workbook stops everything else.
        for sheet in divisions:
            if not sheet.rows:  # still as `init` wrote it: the division has not sent its work
                problems.append(
                    Problem("division-not-returned", file=sheet.file, sheet=sheet.sheet, value=sheet.division)
                )
        from .word.emblem import emblem_problem

        unusable = emblem_problem(root)
        report = Report(tuple(problems) + ((unusable,) if unusable else ()), stats)
        return (project if report.ok or draft else None), report

    if any(p.code == "inputs-missing" for p in problems):
        return done()
    if not agencies:
        problems.append(Problem("agency-workbook-missing", file=INPUTS, details={"expected": schema.AGENCY_SHEET}))
        return done()
    first = agencies[0]
    for extra in agencies[1:]:
        problems.append(
            Problem("agency-workbook-duplicate", file=extra.file, sheet=extra.sheet, details={"other": first.file})
        )
    agency, criteria, assessment, found = check_agency(first, round, root)
    problems.extend(found)
    if agency is None or criteria is None or assessment is None:
        # Another detail of the agency workbook stops the documents; the divisions' own workbooks
        # are still checked when it gives the year and the round they are checked by, so a
        # division is never told its workbook is fine when it was not looked at.
        basis = checking_basis(first, round)
        if basis is not None:
            year, round_months, criteria_set = basis
            criteria, _ = find_criteria(year, criteria_set, root)  # its own problems: the agency's to fix
            checked: list[Measure] = []
            for sheet in divisions:
                kept, found = validate_division(sheet, criteria, round_months, year)
                checked.extend(kept)
                problems.extend(found)
            problems.extend(check_divisions(divisions, listed_divisions(first)))
            problems.extend(check_duplicates(checked))
        return done()
    measures: list[Measure] = []
    part1 = Part1.of(assessment)
    for sheet in divisions:
        kept, found = validate_division(sheet, criteria, agency.round, agency.fiscal_year, part1)
        measures.extend(kept)
        problems.extend(found)
    problems.extend(check_divisions(divisions, agency.divisions))
    problems.extend(check_duplicates(measures))
    sent = {division_key(sheet.division) for sheet in divisions}
    # A workbook that could not be read was sent all the same: its own problem says what to fix.
    sent |= {division_key(division_from_file_name(p.file)) for p in problems if p.code in NOT_READ}
    for name in agency.divisions:
        if division_key(name) not in sent:
            problems.append(Problem("division-workbook-missing", file=first.file, sheet=first.sheet, value=name))
    if not any(sheet.rows for sheet in divisions):
        problems.append(Problem("no-measures", file=INPUTS))
    merged = tuple(merge_measures(measures, agency.divisions))
    return done(Project(root, agency, criteria, assessment, merged))


def check_agency(
    sheet: AgencySheet, round: int | None = None, root: Path | None = None
) -> tuple[Agency | None, Criteria | None, Assessment | None, list[Problem]]:
    """The agency workbook's own checks, as every build makes them: its details, then, when
    they hold, the year's criteria (the project's own files under `root` first) as the workbook
    adjusts them and last year's results."""
    agency, problems = validate_agency(sheet, round)
    if agency is None:
        return None, None, None, problems
    criteria, found = find_criteria(agency.fiscal_year, agency.criteria_set, root)
    problems.extend(found)
    if criteria.origin:  # the documents name the criteria they use when they are not the bundled ones
        year_cell = sheet.values.get("fiscal_year")
        problems.append(
            Problem(
                "criteria-from-file",
                file=sheet.file,
                sheet=sheet.sheet,
                column=_label("fiscal_year"),
                cell=year_cell.ref if year_cell else "",
                value=criteria.file,
                details={"origin": criteria.origin, "year": agency.fiscal_year},
            )
        )
    # The warning points at what has no file: the criteria set typed, or else the year.
    missing = "criteria_set" if criteria.requested_set != criteria.criteria_set else "fiscal_year"
    missing_cell = sheet.values.get(missing)
    problems.extend(
        check_criteria_year(
            criteria,
            file=sheet.file,
            sheet=sheet.sheet,
            column=_label(missing),
            cell=missing_cell.ref if missing_cell else "",
        )
    )
    criteria = project_criteria(sheet, agency, criteria)
    assessment, found = validate_assessment(sheet, agency, criteria)
    return agency, criteria, assessment, problems + found


def checking_basis(sheet: AgencySheet, round: int | None = None) -> tuple[int, int, str] | None:
    """The fiscal year, round and criteria set the divisions' workbooks are checked by, as the
    agency workbook gives them even when another of its details has an error; None when the
    year or the round cannot be read from it."""

    def typed(key: str) -> object:
        cell = sheet.values.get(key)
        return cell.value if cell else None

    year = parse_fiscal_year(typed("fiscal_year"))
    round_months = round or parse_round(typed("round"))
    if year is None or round_months is None:
        return None
    return year, round_months, cell_text(typed("criteria_set"))


def listed_divisions(sheet: AgencySheet) -> tuple[str, ...]:
    """The divisions an agency workbook lists, as `validate_agency` takes them."""
    return tuple(name for name in (normalize_text(d) for d in sheet.divisions) if name)


def _label(key: str) -> str:
    return next(f.label for f in schema.AGENCY_FIELDS if f.key == key)


ANNOTATED = "annotated"  # the kind of file in the output manifest


def annotate_inputs(
    root: Path, report: Report, lang: str = "th", *, outputs: Outputs | None = None, only_existing: bool = False
) -> Report:
    """For each workbook with problems, a copy in output/ with the cells marked and a summary
    sheet; copies itadocs made earlier for workbooks that no longer have a problem are removed
    (unless someone changed them).  Returns the report with the copies written and removed.

    With `only_existing`, a copy is refreshed only where one exists already (a build that
    succeeds keeps the copies current without making new ones for warnings)."""

    own = outputs is None
    out = outputs or Outputs(root)
    by_file: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_file.setdefault(problem.file, []).append(problem)
    targets: dict[str, tuple[Path, list[Problem]]] = {}
    for name, problems in by_file.items():
        source = root / name
        if (
            source.suffix.lower() not in WORKBOOK_SUFFIXES
            or not source.is_file()
            or any(p.code in NOT_READ for p in problems)
        ):
            continue
        targets[annotated_copy_path(root, source).name] = (source, problems)
    start = len(out.written)
    failed: list[Problem] = []
    try:
        for target_name, (source, problems) in targets.items():
            if only_existing and not _has_copy(out, target_name):
                continue
            from .excel.annotate import SourceUnreadable, write_annotated_copy  # openpyxl: only when a copy is written

            try:
                write_annotated_copy(
                    source, problems, output_dir(root) / target_name, lang, writer=out.writer(ANNOTATED)
                )
            except SourceUnreadable as exc:  # python-calamine read it; openpyxl, which writes the copy, cannot
                failed.append(Problem("annotated-copy-failed", file=problems[0].file, details={"reason": exc.reason}))
        removed = out.remove_unchanged(ANNOTATED, keep=lambda name: name in targets)
    finally:
        if own:
            out.save_manifest()
    written = tuple(w for w in out.written[start:] if w.kind == ANNOTATED)
    return replace(
        report,
        problems=report.problems + tuple(failed),
        annotated=tuple(w.path for w in written),
        outputs=report.outputs + written,
        removed=report.removed + tuple(removed),
    )


def _has_copy(out: Outputs, target_name: str) -> bool:
    return any(entry.get("target") == target_name for entry in out.manifest.values())
