"""Where each division stands: returned or not, when, how many measures, problems, progress filled.

The coordinator's first question at the deadline is "who has not sent?".  A workbook that
is still as `init` wrote it (no measure row) counts as not returned.  A workbook that was
sent but could not be checked (the agency workbook does not give the year or the round its
checks depend on) is said to be so: it is never shown, nor described to its division, as
a workbook without problems.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import schema
from .messages import Message
from .model import AgencySheet, DivisionSheet, Project, division_key
from .problems import Problem, Severity
from .project import check_inputs, checking_basis, listed_divisions, read_inputs
from .report import Report
from .validate import cell_text

MISSING, BLANK, UNCHECKED, ERRORS, OK = "missing", "blank", "unchecked", "errors", "ok"

# What each state means, in the words a coordinator and a division read.
STATE_LABELS = {
    MISSING: Message("ยังไม่ได้ส่ง (ไม่มีไฟล์)", "not sent (no workbook)"),
    BLANK: Message("ยังไม่ได้ส่ง", "not sent"),
    UNCHECKED: Message("ได้รับแล้ว ยังตรวจไม่ได้", "received, not checked yet"),
    ERRORS: Message("ส่งแล้ว ต้องแก้ไข", "sent, needs fixing"),
    OK: Message("พร้อมใช้", "ready"),
}

# Problems that only say who has not sent yet: each division's own row says so already.
WAITING = frozenset({"division-not-returned", "division-workbook-missing", "no-measures"})
# Problems of the agency workbook's absence or duplication, which name no division's workbook.
AGENCY_CODES = frozenset({"agency-workbook-missing", "agency-workbook-duplicate", "inputs-missing"})


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
    checked: bool = True  # its rows were checked (False: the agency workbook does not give the year or round)

    @property
    def state(self) -> str:
        """What the coordinator has to do about it: 'missing' (no workbook), 'blank' (not sent),
        'unchecked' (sent, not checked yet), 'errors' (sent with errors) or 'ok' (ready)."""
        if not self.file:
            return MISSING
        if not self.returned:
            return BLANK
        if not self.checked:
            return UNCHECKED
        return ERRORS if self.errors else OK

    @property
    def label(self) -> Message:
        """The state in words."""
        return STATE_LABELS[self.state]

    @property
    def sent(self) -> bool:
        """The division has sent its work (checked or not)."""
        return self.state in (UNCHECKED, ERRORS, OK)


# Where the project stands as a whole: the coordinator's next step.
STAGE_NO_AGENCY, STAGE_AGENCY_ERRORS, STAGE_COLLECTING, STAGE_FIXING, STAGE_READY = (
    "no-agency",
    "agency-errors",
    "collecting",
    "fixing",
    "ready",
)
STAGES = {
    STAGE_NO_AGENCY: Message("ยังไม่มีไฟล์ข้อมูลหน่วยงาน", "no agency workbook yet"),
    STAGE_AGENCY_ERRORS: Message("ไฟล์ข้อมูลหน่วยงานต้องแก้ไข", "the agency workbook needs fixing"),
    STAGE_COLLECTING: Message("รอส่วนงานส่งไฟล์", "waiting for the divisions"),
    STAGE_FIXING: Message("มีไฟล์ที่ต้องแก้ไข", "workbooks to fix"),
    STAGE_READY: Message("พร้อมสร้างเอกสาร", "ready to build"),
}
UNCHECKED_WHY = Message(
    "ไฟล์ข้อมูลหน่วยงานของผู้ประสานงานยังต้องแก้ไข (ปีงบประมาณหรือรอบการรายงาน) จึงยังตรวจไฟล์ของส่วนงานไม่ได้",
    "The coordinator's agency workbook still needs fixing (the fiscal year or the round), so the divisions' "
    "workbooks cannot be checked yet",
)


@dataclass(frozen=True)
class ProjectStatus:
    root: Path
    report: Report
    agency: str = ""
    fiscal_year: int | None = None
    round: int | None = None
    divisions: tuple[DivisionStatus, ...] = ()
    checked: bool = True  # the divisions' workbooks were checked against the year's criteria and round
    agency_file: str = ""  # the agency workbook (inputs/ข้อมูลหน่วยงาน.xlsx), "" when there is none
    has_scores: bool = False  # last year's ITA scores are typed: the measures document can be made

    @property
    def not_returned(self) -> list[DivisionStatus]:
        return [d for d in self.divisions if d.state in (MISSING, BLANK)]

    @property
    def returned(self) -> list[DivisionStatus]:
        return [d for d in self.divisions if d.sent]

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

    @property
    def attention(self) -> list[Problem]:
        """The general problems the coordinator has to act on: without those that only say who
        has not sent yet (a fresh project has nothing wrong, it waits)."""
        return [p for p in self.general_problems if p.code not in WAITING]

    @property
    def agency_errors(self) -> list[Problem]:
        """Errors of the agency workbook (or of its absence): they stop every document."""
        return [
            p for p in self.report.errors if p.code in AGENCY_CODES or (self.agency_file and p.file == self.agency_file)
        ]

    @property
    def errors(self) -> int:
        """The errors to fix: the divisions' and the coordinator's, not 'nothing sent yet'."""
        return sum(d.errors for d in self.divisions if d.checked) + sum(p.is_error for p in self.attention)

    @property
    def stage(self) -> str:
        """The coordinator's next step: 'no-agency', 'agency-errors', 'collecting', 'fixing' or 'ready'."""
        if not self.agency_file:
            return STAGE_NO_AGENCY
        if self.agency_errors:
            return STAGE_AGENCY_ERRORS
        if any(d.state == ERRORS for d in self.divisions) or any(p.is_error for p in self.attention):
            return STAGE_FIXING
        if self.not_returned or not self.returned:
            return STAGE_COLLECTING
        return STAGE_READY

    @property
    def stage_label(self) -> Message:
        return STAGES[self.stage]

    def note(self, division: DivisionStatus, lang: str = "th") -> str:
        """The short text a coordinator pastes into LINE or an e-mail to one division."""
        return division_note(self, division, lang)

    def as_dict(self, lang: str = "th") -> dict[str, Any]:
        """What `itadocs status --json` prints."""
        divisions = [
            asdict(d) | {"state": d.state, "modified": d.modified.isoformat(timespec="seconds") if d.modified else None}
            for d in self.divisions
        ]
        return {
            "agency": self.agency,
            "fiscal_year": self.fiscal_year,
            "round": self.round,
            "checked": self.checked,
            "stage": self.stage,
            "has_scores": self.has_scores,
            "divisions": divisions,
            "not_returned": [d.division for d in self.not_returned],
            "problems": [p.as_dict(lang) for p in self.report.problems],
        }


# The short text a coordinator pastes into LINE or an e-mail.
NOTE_PROBLEMS = 10  # problems listed; the annotated copy has them all
NOTE_GREETING = Message("เรียน {division}", "To {division}")
NOTE_YEAR = Message(" ปีงบประมาณ {year}", " for fiscal year {year}")
NOTE_ERRORS = Message(
    "ไฟล์มาตรการ ITA{year} ที่ส่งมา ({file}) มีข้อผิดพลาด {errors} รายการ ที่ต้องแก้ก่อนจัดทำเอกสาร:",
    "The ITA measures workbook{year} you sent ({file}) has {errors} errors to fix before the documents can be made:",
)
NOTE_WARNINGS = Message(
    "ไฟล์มาตรการ ITA{year} ที่ส่งมา ({file}) ใช้ได้แล้ว มีข้อสังเกต {warnings} รายการ:",
    "The ITA measures workbook{year} you sent ({file}) is usable; {warnings} remarks:",
)
NOTE_OK = Message(
    "ได้รับไฟล์มาตรการ ITA{year} ของท่านแล้ว ({file}) ตรวจแล้วไม่พบปัญหา ขอบคุณครับ/ค่ะ",
    "Your ITA measures workbook{year} has arrived ({file}) and was checked: no problem found. Thank you.",
)
NOTE_UNCHECKED = Message(
    "ได้รับไฟล์มาตรการ ITA{year} ของท่านแล้ว ({file}) แต่ยังตรวจไม่ได้ เพราะไฟล์ข้อมูลหน่วยงานของผู้ประสานงานยังต้องแก้ไข "
    "เมื่อแก้แล้วจะแจ้งผลการตรวจให้ทราบอีกครั้ง ยังไม่ต้องแก้ไขหรือส่งไฟล์ใหม่",
    "Your ITA measures workbook{year} has arrived ({file}) but could not be checked yet: the coordinator's agency "
    "workbook still needs fixing. You will hear the result of the check once it is fixed; nothing to change or "
    "send again yet.",
)
NOTE_NOT_RETURNED = Message(
    "ยังไม่ได้รับไฟล์มาตรการ ITA{year} ของท่าน กรุณากรอกแบบฟอร์มแล้วส่งกลับ",
    "We have not received your ITA measures workbook{year} yet; please fill the form and send it back.",
)
NOTE_LINE = Message("{number}. {where}: {message}", "{number}. {where}: {message}")
NOTE_MORE = Message(
    "และอีก {count} รายการ (ดูในไฟล์ที่ทำเครื่องหมายไว้ซึ่งแนบมา)", "and {count} more (see the annotated workbook attached)"
)
NOTE_END = Message(
    "กรุณาแก้ไขแล้วส่งไฟล์กลับมาอีกครั้ง (แก้ในไฟล์ที่แนบมาได้เลย) ขอบคุณครับ/ค่ะ",
    "Please correct it and send the workbook again (the attached one may be edited). Thank you.",
)


def division_note(status: ProjectStatus, division: DivisionStatus, lang: str = "th") -> str:
    """The LINE or e-mail text to one division: not received, received but not checked yet,
    received without problems, or its problems (the first NOTE_PROBLEMS of them, errors first),
    each with its place.  It says only what was checked."""
    year = NOTE_YEAR.fill(year=status.fiscal_year) if status.fiscal_year else ""
    lines = [NOTE_GREETING(lang, division=division.division)]
    if not division.sent:
        lines.append(NOTE_NOT_RETURNED(lang, year=year))
        return "\n".join(lines)
    file = Path(division.file).name
    if division.state == UNCHECKED:
        lines.append(NOTE_UNCHECKED(lang, year=year, file=file))
        return "\n".join(lines)
    found = status.problems_of(division)
    if not found:
        lines.append(NOTE_OK(lang, year=year, file=file))
        return "\n".join(lines)
    errors = [p for p in found if p.is_error]
    shown = errors or found
    if errors:
        lines.append(NOTE_ERRORS(lang, year=year, file=file, errors=len(errors)))
    else:
        lines.append(NOTE_WARNINGS(lang, year=year, file=file, warnings=len(found)))
    for number, problem in enumerate(shown[:NOTE_PROBLEMS], start=1):
        lines.append(
            NOTE_LINE(lang, number=number, where=problem.where(lang), message=problem.message(lang, page=True))
        )
    if len(shown) > NOTE_PROBLEMS:
        lines.append(NOTE_MORE(lang, count=len(shown) - NOTE_PROBLEMS))
    if errors:
        lines.append(NOTE_END(lang))
    return "\n".join(lines)


def round_columns(round: int) -> list[str]:
    """The measure fields a division fills in the given round ('progress' for 6, ...)."""
    return [c.key for c in schema.MEASURE_COLUMNS if round in c.rounds]


def project_status(root: Path, round: int | None = None) -> ProjectStatus:
    """The status of every division of the project, listed or not, in the agency's order.

    When the agency workbook has an error, what it still says (its name, year, round and list
    of divisions) is used, and the divisions' workbooks count as checked only when their year
    and round could be read."""
    inputs = read_inputs(root)
    project, report = check_inputs(root, inputs, round, draft=True)
    agencies = inputs[0]
    first: AgencySheet | None = agencies[0] if agencies else None
    sheets: dict[str, DivisionSheet] = {}
    for sheet in inputs[1]:  # a second workbook of one division is the report's problem
        sheets.setdefault(division_key(sheet.division), sheet)
    basis = checking_basis(first, round) if first is not None else None
    checked = project is not None or basis is not None
    if project is not None:
        listed = list(dict.fromkeys(project.agency.divisions))
    else:
        listed = list(dict.fromkeys(listed_divisions(first))) if first is not None else []
    listed_keys = {division_key(name) for name in listed}
    others = sorted(sheet.division for key, sheet in sheets.items() if key not in listed_keys)
    divisions = tuple(
        _division(name, name in listed, sheets.get(division_key(name)), project, report, root, checked)
        for name in listed + others
    )
    agency_file = first.file if first is not None else ""
    if project is None:
        name = cell_text(first.values["name"].value) if first is not None and "name" in first.values else ""
        year, round_months = (basis[0], basis[1]) if basis else (None, None)
        return ProjectStatus(root, report, name, year, round_months, divisions, checked, agency_file)
    agency = project.agency
    return ProjectStatus(
        root,
        report,
        agency.name,
        agency.fiscal_year,
        agency.round,
        divisions,
        True,
        agency_file,
        project.assessment.has_scores,
    )


def _division(
    name: str,
    listed: bool,
    sheet: DivisionSheet | None,
    project: Project | None,
    report: Report,
    root: Path,
    checked: bool,
) -> DivisionStatus:
    if sheet is None:
        return DivisionStatus(name, listed)
    mine = [p for p in report.problems if p.file == sheet.file]
    measures = [m for m in project.measures if m.file == sheet.file] if project else []
    usable = len(measures)
    if project is None and checked:  # checked without the agency's details: the rows no error stops
        stopped = {p.row for p in mine if p.is_error and p.sheet == sheet.sheet}
        usable = sum(row.row not in stopped for row in sheet.rows)
    columns = round_columns(project.agency.round) if project else []
    path = root / sheet.file
    return DivisionStatus(
        name,
        listed,
        sheet.file,
        bool(sheet.rows),
        datetime.fromtimestamp(path.stat().st_mtime) if path.exists() else None,
        rows=len(sheet.rows),
        measures=usable,
        errors=sum(p.severity is Severity.ERROR for p in mine),
        warnings=sum(p.severity is Severity.WARNING for p in mine),
        progress_filled=sum(bool(getattr(m, key)) for m in measures for key in columns),
        progress_expected=len(measures) * len(columns),
        checked=checked,
    )
