"""The whole job on one agency project: find and read workbooks, check, merge, render.

A project is a folder with `inputs/` (the workbooks) and, after a build, `output/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .criteria import Criteria, load_criteria
from .merge import merge_measures
from .model import Agency, AgencySheet, Assessment, DivisionSheet, Measure
from .problems import Problem, has_errors
from .validate import project_criteria, validate_agency, validate_assessment, validate_division

INPUTS, OUTPUT = "inputs", "output"


@dataclass
class Project:
    root: Path
    agency: Agency | None = None
    criteria: Criteria | None = None
    assessment: Assessment | None = None
    measures: list[Measure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    def summary(self) -> dict[str, int]:
        """Counts for reports: files, rows typed, measures kept, errors, warnings."""
        errors = sum(p.severity.value == "error" for p in self.problems)
        return {**self.stats, "measures": len(self.measures), "errors": errors,
                "warnings": len(self.problems) - errors}


def _skipped(path: Path) -> bool:
    # Excel's and LibreOffice's lock files, and hidden files, are not inputs.
    return path.name.startswith(("~$", ".~lock", ".")) or not path.is_file()


def read_inputs(root: Path) -> tuple[list[AgencySheet], list[DivisionSheet], list[Problem]]:
    """Every workbook in `root/inputs`, recognised by its content, not its name."""
    from . import workbook  # openpyxl is slow to import; only reading needs it

    inputs = root / INPUTS
    if not inputs.is_dir():
        return [], [], [Problem("inputs-missing", file=str(inputs))]
    agencies, divisions, problems = [], [], []
    for path in sorted(inputs.iterdir()):
        if _skipped(path):
            continue
        name = path.relative_to(root).as_posix()
        suffix = path.suffix.lower()
        if suffix in workbook.OLD_SUFFIXES:
            problems.append(Problem("file-old-format", file=name, details={"suffix": suffix}))
            continue
        if suffix not in workbook.WORKBOOK_SUFFIXES:
            problems.append(Problem("file-not-workbook", file=name))
            continue
        try:
            wb = workbook.open_workbook(path)
        except workbook.EncryptedWorkbook:
            problems.append(Problem("file-encrypted", file=name))
            continue
        except workbook.UnreadableWorkbook as exc:
            problems.append(Problem("file-unreadable", file=name, details={"reason": str(exc)}))
            continue
        kind = workbook.workbook_kind(wb)
        if kind == schema.KIND_AGENCY:
            sheet, found = workbook.read_agency_sheet(wb, name)
            agencies.extend([sheet] if sheet else [])
        elif kind == schema.KIND_DIVISION:
            sheet, found = workbook.read_division_sheet(wb, name)
            divisions.extend([sheet] if sheet else [])
        else:
            found = [Problem("workbook-unknown", file=name)]
        problems.extend(found)
        wb.close()
    return agencies, divisions, problems


def load_project(root: Path, round_override: int | None = None) -> Project:
    """Read, check and merge; the project carries every problem found on the way."""
    project = Project(root)
    agencies, divisions, problems = read_inputs(root)
    project.problems.extend(problems)
    project.stats = {"division_workbooks": len(divisions), "rows": sum(len(s.rows) for s in divisions)}
    if any(p.code == "inputs-missing" for p in problems):
        return project
    if not agencies:
        project.problems.append(Problem("agency-workbook-missing", file=INPUTS, details={"expected": schema.AGENCY_SHEET}))
        return project
    for extra in agencies[1:]:
        project.problems.append(Problem("agency-workbook-duplicate", file=extra.file, sheet=extra.sheet,
                                        details={"other": agencies[0].file}))
    agency, problems = validate_agency(agencies[0], round_override)
    project.problems.extend(problems)
    if agency is None:
        return project
    project.agency = agency
    criteria = project_criteria(agencies[0], agency, load_criteria(agency.fiscal_year))
    project.criteria = criteria
    project.assessment, problems = validate_assessment(agencies[0], agency, criteria)
    project.problems.extend(problems)

    measures: list[Measure] = []
    for sheet in divisions:
        found, problems = validate_division(sheet, criteria, agency.round, agency.fiscal_year)
        measures.extend(found)
        project.problems.extend(problems)
    project.problems.extend(check_divisions(divisions, agency.divisions))
    project.problems.extend(check_duplicates(measures))
    sent = {sheet.division for sheet in divisions}
    for name in agency.divisions:
        if name not in sent:
            project.problems.append(Problem("division-workbook-missing", file=agencies[0].file,
                                            sheet=agencies[0].sheet, value=name))
    if not any(sheet.rows for sheet in divisions):
        project.problems.append(Problem("no-measures", file=INPUTS))
    project.measures = merge_measures(measures, agency.divisions)
    return project


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


def check_divisions(sheets: list[DivisionSheet], listed: list[str]) -> list[Problem]:
    """Two workbooks from one division, and a workbook named after another division."""
    from .workbook import division_from_file_name

    problems = []
    first_file: dict[str, str] = {}
    listed_names = {_squash(name): name for name in listed}
    for sheet in sheets:
        key = _squash(sheet.division)
        if key in first_file:
            problems.append(Problem("division-duplicate", file=sheet.file, sheet=sheet.sheet, cell=sheet.division_ref,
                                    value=sheet.division, details={"other": first_file[key]}))
        else:
            first_file[key] = sheet.file
        named = _squash(division_from_file_name(sheet.file))
        if sheet.division_ref and named != key and named in listed_names:
            problems.append(Problem("division-file-mismatch", file=sheet.file, sheet=sheet.sheet, cell=sheet.division_ref,
                                    value=sheet.division, details={"expected": listed_names[named]}))
    return problems


def check_duplicates(measures: list[Measure]) -> list[Problem]:
    """The same measure sent twice, by one division or two: every field alike."""
    seen: dict[tuple, Measure] = {}
    problems = []
    for m in measures:
        key = (m.tool, m.indicator.number if m.indicator else None, tuple(m.questions),
               *(_squash(getattr(m, f)) for f in ("issue", "measure", "responsible", "steps", "monitoring", "progress",
                                                   "summary", "outcome")))
        if key in seen:
            first = seen[key]
            problems.append(Problem("measure-duplicate", file=m.file, sheet=m.sheet, cell=f"A{m.row}",
                                    details={"other": f"{first.file} › {first.sheet} › แถว {first.row}"}))
        else:
            seen[key] = m
    return problems


def safe_file_name(text: str) -> str:
    """A file name Windows, macOS and Linux all accept."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text).strip(" .")


def annotate_inputs(project: Project, lang: str = "th") -> list[Path]:
    """For each workbook with problems, a copy in output/ with the cells marked and a summary sheet."""
    from .workbook import WORKBOOK_SUFFIXES, write_annotated_copy

    by_file: dict[str, list[Problem]] = {}
    for problem in project.problems:
        by_file.setdefault(problem.file, []).append(problem)
    written = []
    for name, problems in by_file.items():
        source = project.root / name
        if source.suffix.lower() not in WORKBOOK_SUFFIXES or not source.is_file() \
                or any(p.code in ("file-unreadable", "file-encrypted") for p in problems):
            continue
        target = project.root / OUTPUT / safe_file_name(f"{source.stem} (ตรวจสอบ).xlsx")
        written.append(write_annotated_copy(source, problems, target, lang))
    return written
