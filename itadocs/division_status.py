"""Where each division stands: returned or not, when, how many measures, problems, progress filled.

The coordinator's first question at the deadline is "who has not sent?".  A workbook that
is still as `init` wrote it (no measure row) counts as not returned.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import schema
from .messages import Message
from .model import DivisionSheet, Project, division_key
from .problems import Problem, Severity
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

    @property
    def returned(self) -> list[DivisionStatus]:
        return [d for d in self.divisions if d.state in ("ok", "errors")]

    def division(self, name: str) -> DivisionStatus | None:
        """The division of that name, or None."""
        key = division_key(name)
        return next((d for d in self.divisions if division_key(d.division) == key), None)

    def problems_of(self, division: DivisionStatus) -> list[Problem]:
        """The problems found in the division's own workbook."""
        return [p for p in self.report.problems if division.file and p.file == division.file]

    @property
    def general_problems(self) -> list[Problem]:
        """Problems not in a division's workbook: the agency workbook's, missing workbooks, others."""
        files = {d.file for d in self.divisions if d.file}
        return [p for p in self.report.problems if p.file not in files]

    def note(self, division: DivisionStatus, lang: str = "th") -> str:
        """The short text a coordinator pastes into LINE or an e-mail to one division."""
        return division_note(self, division, lang)

    def as_dict(self, lang: str = "th") -> dict[str, Any]:
        """What `itadocs status --json` prints."""
        divisions = [asdict(d) | {"state": d.state, "modified": d.modified.isoformat(timespec="seconds")
                                  if d.modified else None} for d in self.divisions]
        return {"agency": self.agency, "fiscal_year": self.fiscal_year, "round": self.round,
                "divisions": divisions, "not_returned": [d.division for d in self.not_returned],
                "problems": [p.as_dict(lang) for p in self.report.problems]}


# The short text a coordinator pastes into LINE or an e-mail.
NOTE_PROBLEMS = 10  # problems listed; the annotated copy has them all
NOTE_GREETING = Message("เรียน {division}", "To {division}")
NOTE_ERRORS = Message(
    "ไฟล์มาตรการ ITA ปีงบประมาณ {year} ที่ส่งมา ({file}) มีข้อผิดพลาด {errors} รายการ ที่ต้องแก้ก่อนจัดทำเอกสาร:",
    "The ITA measures workbook for fiscal year {year} you sent ({file}) has {errors} errors to fix "
    "before the documents can be made:")
NOTE_WARNINGS = Message(
    "ไฟล์มาตรการ ITA ปีงบประมาณ {year} ที่ส่งมา ({file}) ใช้ได้แล้ว มีข้อสังเกต {warnings} รายการ:",
    "The ITA measures workbook for fiscal year {year} you sent ({file}) is usable; {warnings} remarks:")
NOTE_OK = Message("ได้รับไฟล์มาตรการ ITA ปีงบประมาณ {year} ของท่านแล้ว ไม่พบปัญหา ขอบคุณครับ/ค่ะ",
                  "Your ITA measures workbook for fiscal year {year} has arrived with no problem. Thank you.")
NOTE_NOT_RETURNED = Message(
    "ยังไม่ได้รับไฟล์มาตรการ ITA ปีงบประมาณ {year} ของท่าน กรุณากรอกแบบฟอร์มแล้วส่งกลับ",
    "We have not received your ITA measures workbook for fiscal year {year} yet; please fill the form and "
    "send it back.")
NOTE_LINE = Message("{number}. {where}: {message}", "{number}. {where}: {message}")
NOTE_MORE = Message("และอีก {count} รายการ (ดูในไฟล์ที่ทำเครื่องหมายไว้ซึ่งแนบมา)",
                    "and {count} more (see the annotated workbook attached)")
NOTE_END = Message("กรุณาแก้ไขแล้วส่งไฟล์กลับมาอีกครั้ง (แก้ในไฟล์ที่แนบมาได้เลย) ขอบคุณครับ/ค่ะ",
                   "Please correct it and send the workbook again (the attached one may be edited). Thank you.")


def division_note(status: ProjectStatus, division: DivisionStatus, lang: str = "th") -> str:
    """The LINE or e-mail text to one division: not received, received without problems, or its
    problems (the first NOTE_PROBLEMS of them, errors first), each with its place."""
    year = status.fiscal_year or ""
    lines = [NOTE_GREETING(lang, division=division.division)]
    if division.state in ("missing", "blank"):
        lines.append(NOTE_NOT_RETURNED(lang, year=year))
        return "\n".join(lines)
    found = status.problems_of(division)
    file = Path(division.file).name
    if not found:
        lines.append(NOTE_OK(lang, year=year))
        return "\n".join(lines)
    errors = [p for p in found if p.is_error]
    shown = errors or found
    if errors:
        lines.append(NOTE_ERRORS(lang, year=year, file=file, errors=len(errors)))
    else:
        lines.append(NOTE_WARNINGS(lang, year=year, file=file, warnings=len(found)))
    for number, problem in enumerate(shown[:NOTE_PROBLEMS], start=1):
        lines.append(NOTE_LINE(lang, number=number, where=problem.where(lang), message=problem.message(lang)))
    if len(shown) > NOTE_PROBLEMS:
        lines.append(NOTE_MORE(lang, count=len(shown) - NOTE_PROBLEMS))
    if errors:
        lines.append(NOTE_END(lang))
    return "\n".join(lines)


def round_columns(round: int) -> list[str]:
    """The measure fields a division fills in the given round ('progress' for 6, ...)."""
    return [c.key for c in schema.MEASURE_COLUMNS if round in c.rounds]


def project_status(root: Path, round: int | None = None) -> ProjectStatus:
    """The status of every division of the project, listed or not, in the agency's order."""
    inputs = read_inputs(root)
    project, report = check_inputs(root, inputs, round, draft=True)
    sheets: dict[str, DivisionSheet] = {}
    for sheet in inputs[1]:  # a second workbook of one division is the report's problem
        sheets.setdefault(division_key(sheet.division), sheet)
    listed = list(dict.fromkeys(project.agency.divisions)) if project else []
    listed_keys = {division_key(name) for name in listed}
    others = sorted(sheet.division for key, sheet in sheets.items() if key not in listed_keys)
    divisions = tuple(_division(name, name in listed, sheets.get(division_key(name)), project, report, root)
                      for name in listed + others)
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
