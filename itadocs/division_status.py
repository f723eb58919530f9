"""Where each division stands: returned or not, when, how many measures, problems, progress filled.

The coordinator's first question at the deadline is "who has not sent?".  A workbook that
is still as `init` wrote it (no measure row) counts as not returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import schema
from .model import DivisionSheet, Project
from .problems import Severity
from .project import check_inputs, read_inputs
from .report import Report


@dataclass(frozen=True)
class DivisionStatus:
    division: str
    listed: bool  # named in the agency workbook's list of divisions
    file: str = ""  # inputs/<name>.xlsx, or "" when there is no workbook
    returned: bool = False  # the workbook holds at least one measure row
    modified: datetime | None = None  # when the workbook was last saved
    rows: int = 0  # measure rows typed
    measures: int = 0  # rows usable in the documents
    errors: int = 0
    warnings: int = 0
    progress_filled: int = 0  # the round's progress cells filled
    progress_expected: int = 0  # the round's progress cells there are (measures × round columns)

    @property
    def state(self) -> str:
        """'missing', 'blank', 'errors' or 'ok': what the coordinator has to do about it."""
        if not self.file:
            return "missing"
        if not self.returned:
            return "blank"
        return "errors" if self.errors else "ok"


@dataclass(frozen=True)
class ProjectStatus:
    root: Path
    report: Report
    agency: str = ""
    fiscal_year: int | None = None
    round: int | None = None
    divisions: tuple[DivisionStatus, ...] = ()

    @property
    def not_returned(self) -> list[DivisionStatus]:
        return [d for d in self.divisions if d.state in ("missing", "blank")]


def round_columns(round_months: int) -> list[str]:
    """The measure fields a division fills in the given round ('progress' for 6, ...)."""
    return [c.key for c in schema.MEASURE_COLUMNS if round_months in c.rounds]


def project_status(root: Path, round_override: int | None = None) -> ProjectStatus:
    """The status of every division of the project, listed or not, in the agency's order."""
    inputs = read_inputs(root)
    project, report = check_inputs(root, inputs, round_override, draft=True)
    sheets = {sheet.division: sheet for sheet in inputs[1]}
    listed = list(project.agency.divisions) if project else []
    names = listed + sorted(name for name in sheets if name not in listed)
    divisions = tuple(_division(name, name in listed, sheets.get(name), project, report, root) for name in names)
    if project is None:
        return ProjectStatus(root, report, divisions=divisions)
    agency = project.agency
    return ProjectStatus(root, report, agency.name, agency.fiscal_year, agency.round, divisions)


def _division(name: str, listed: bool, sheet: DivisionSheet | None, project: Project | None, report: Report,
              root: Path) -> DivisionStatus:
    if sheet is None:
        return DivisionStatus(name, listed)
    mine = [p for p in report.problems if p.file == sheet.file]
    measures = [m for m in project.measures if m.file == sheet.file] if project else []
    columns = round_columns(project.agency.round) if project else []
    path = root / sheet.file
    return DivisionStatus(
        name, listed, sheet.file, bool(sheet.rows),
        datetime.fromtimestamp(path.stat().st_mtime) if path.exists() else None,
        rows=len(sheet.rows), measures=len(measures),
        errors=sum(p.severity is Severity.ERROR for p in mine),
        warnings=sum(p.severity is Severity.WARNING for p in mine),
        progress_filled=sum(bool(getattr(m, key)) for m in measures for key in columns),
        progress_expected=len(measures) * len(columns),
    )
