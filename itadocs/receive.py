"""Workbooks that arrive from outside (the web page's upload): recognised by their content,
stored under the division's name in inputs/, the workbooks they replace kept in history/.

A file's name says nothing: divisions rename, e-mail programs add "(1)", and a name from
a browser must never become a path.  What a file is comes from its bytes: an old .xls or
a password-protected workbook (both OLE containers), a zip past the limits checked before
parsing (itadocs.limits: a zip bomb, a million parts ...), a zip that is no workbook, then
the sheets themselves.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .files import sha256, write_atomic
from .history import WORKBOOK, keep
from .messages import ItadocsError, Message
from .model import AgencySheet, DivisionSheet, division_key
from .paths import agency_workbook_path, division_workbook_path, inputs_dir
from .problems import Problem

_MACROS = b"macroEnabled"

WITH_MACROS = Message(
    'เป็นไฟล์ที่มีมาโคร (.xlsm) กรุณาบันทึกเป็น "สมุดงาน Excel (.xlsx)"',
    'it is a macro-enabled workbook (.xlsm); save it as "Excel Workbook (.xlsx)"',
)
OTHER_DIVISION = Message(
    "ไฟล์ {file} เป็นแบบฟอร์มของ {found} ไม่ใช่ของ {division} จึงไม่ได้รับไว้ กรุณาส่งไฟล์ของ {division}",
    "{file} is the workbook of {found}, not of {division}, so it was not taken; send the workbook of {division}",
)
AGENCY_NOT_YOURS = Message(
    "ไฟล์ {file} เป็นไฟล์ข้อมูลหน่วยงานของผู้ประสานงาน ส่วนงานส่งไม่ได้ จึงไม่ได้รับไว้ กรุณาส่งแบบฟอร์มมาตรการของ {division}",
    "{file} is the coordinator's agency workbook, which a division cannot send, so it was not taken; send the "
    "measures workbook of {division}",
)
NAMED_AS_AGENCY = Message(
    'ไฟล์ {file} เป็นแบบฟอร์มมาตรการ แต่ช่องชื่อส่วนงาน (แถวแรกของแผ่นงานมาตรการ) เขียนว่า "{division}" '
    "ซึ่งเป็นชื่อของไฟล์ข้อมูลหน่วยงาน จึงไม่ได้รับไว้ (ไฟล์ข้อมูลหน่วยงานยังเป็นฉบับเดิม) "
    "กรุณาแก้ช่องนั้นเป็นชื่อส่วนงานที่ส่ง แล้วส่งใหม่",
    "{file} is a measures workbook, but its division cell (the first row of the measures sheet) says "
    '"{division}", the name of the agency workbook, so it was not taken (the agency workbook is unchanged); '
    "put the sending division's name there and send it again",
)
NOT_AGENCY = Message(
    "ไฟล์ {file} ไม่ใช่ไฟล์ข้อมูลหน่วยงาน จึงไม่ได้รับไว้ที่นี่ (แบบฟอร์มมาตรการของส่วนงานส่งได้พร้อมกับไฟล์อื่น ๆ)",
    "{file} is not the agency workbook, so it was not taken here (a division's measures workbook goes with the others)",
)
REFUSED = Message("ไม่ได้รับไฟล์ {file}: {reason}", "{file} was not taken: {reason}")

DIVISION_NAME_INVALID = Message(
    'ชื่อส่วนงาน "{value}" ไม่มีตัวอักษรหรือตัวเลข กรุณาพิมพ์ชื่อส่วนงาน เช่น กองคลัง',
    'The division name "{value}" has no letter or digit; give a name such as กองคลัง',
)
DIVISION_FILES_CLASH = Message(
    'ส่วนงาน "{value}" และ "{other}" จะได้ไฟล์ชื่อเดียวกัน ({file}) กรุณาตั้งชื่อให้ต่างกันมากกว่านี้',
    'Divisions "{value}" and "{other}" would get the same file ({file}); make their names differ more',
)
DIVISION_NAME_RESERVED = Message(
    '"{value}" เป็นชื่อของไฟล์ข้อมูลหน่วยงาน จึงใช้เป็นชื่อส่วนงานไม่ได้ กรุณาใช้ชื่ออื่น',
    '"{value}" is the agency workbook\'s name, so it cannot name a division; choose another',
)
NAME_UNUSABLE = Message('ชื่อส่วนงาน "{name}" ใช้เป็นชื่อไฟล์ไม่ได้', 'The division name "{name}" cannot be a file name')


@dataclass(frozen=True)
class Recognised:
    """What a workbook is, judged by its content alone."""

    kind: str | None  # schema.KIND_AGENCY, schema.KIND_DIVISION, or None: not a workbook itadocs can use
    division: str = ""  # the division a measures workbook names (its B1, else its file name)
    problems: tuple[Problem, ...] = ()  # why it cannot be used, or what reading it found

    @property
    def refusal(self) -> Problem | None:
        """The problem that makes the file unusable, when it is."""
        if self.kind is not None:
            return None
        return next(iter(self.problems), None) or Problem("workbook-unknown")


@dataclass(frozen=True)
class Received:
    """One workbook received into a project."""

    recognised: Recognised
    path: Path | None = None  # where it was stored (inputs/<division>.xlsx); None when refused
    kept: tuple[Path, ...] = ()  # the workbooks it replaced, now in history/<date-time>/
    refused: Message | None = None  # why it was not stored
    unchanged: bool = False  # the same bytes as the workbook already there: nothing to replace

    @property
    def ok(self) -> bool:
        return self.refused is None


def recognise_workbook(path: Path, name: str = "") -> Recognised:
    """The agency's workbook, a division's, or neither (with the problem that says why)."""
    from .excel import read

    name = name or path.name
    try:
        # First the checks before parsing (itadocs.limits): they alone open a hostile zip safely.
        _, limits_broken = read.open_grids(path, name, check_only=True)
    except read.EncryptedWorkbook:
        return Recognised(None, problems=(Problem("file-encrypted", file=name),))
    except read.OldFormatWorkbook:
        return Recognised(None, problems=(Problem("file-old-format", file=name, details={"suffix": ".xls"}),))
    except read.UnreadableWorkbook as exc:
        if not zipfile.is_zipfile(path):
            return Recognised(None, problems=(Problem("file-not-workbook", file=name),))
        return Recognised(None, problems=(Problem("file-unreadable", file=name, details={"reason": exc.reason}),))
    if limits_broken:
        return Recognised(None, problems=tuple(limits_broken))
    refusal = _zip_refusal(path, name)
    if refusal is not None:
        return Recognised(None, problems=(refusal,))
    try:
        sheet, found = read.read_workbook(path, name)
    except read.EncryptedWorkbook:
        return Recognised(None, problems=(Problem("file-encrypted", file=name),))
    except read.UnreadableWorkbook as exc:
        return Recognised(None, problems=(Problem("file-unreadable", file=name, details={"reason": exc.reason}),))
    if isinstance(sheet, AgencySheet):
        return Recognised(schema.KIND_AGENCY, problems=tuple(found))
    if isinstance(sheet, DivisionSheet):
        return Recognised(schema.KIND_DIVISION, " ".join(sheet.division.split()), tuple(found))
    return Recognised(None, problems=tuple(found))


def _zip_refusal(path: Path, name: str) -> Problem | None:
    """Why a workbook that passed the checks before parsing is still not an .xlsx, judged from
    its zip directory: another kind of document, or a macro workbook."""
    try:
        with zipfile.ZipFile(path) as z:
            names = {e.filename for e in z.infolist()}
            if "mimetype" in names and b"opendocument.spreadsheet" in z.read("mimetype"):
                return Problem("file-old-format", file=name, details={"suffix": ".ods"})
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                return Problem("file-not-workbook", file=name)
            if _MACROS in z.read("[Content_Types].xml"):
                return Problem("file-unreadable", file=name, details={"reason": WITH_MACROS})
    except (zipfile.BadZipFile, OSError, KeyError):
        return Problem("file-not-workbook", file=name)
    return None


def _refusal_message(problem: Problem, name: str) -> Message:
    reason = Message(
        problem.message("th"),
        problem.message("en"),
        Message(problem.message("th", page=True), problem.message("en", page=True)),
    )
    return REFUSED.fill(file=name, reason=reason)


def is_agency_name(root: Path, division: str) -> bool:
    """A division named so that its workbook would be the agency workbook ('ข้อมูลหน่วยงาน'):
    file systems that ignore case (Windows, macOS) count too."""
    return division_workbook_path(root, division).name.casefold() == agency_workbook_path(root).name.casefold()


def receive_workbook(
    root: Path, source: Path, *, division: str | None = None, name: str = "", kind: str | None = None
) -> Received:
    """Store `source` as the project's workbook it is by content: inputs/<division>.xlsx for a
    division's, the agency workbook for the coordinator's.  Every workbook of the same
    division (or the agency's) already in inputs/, whatever its name, is replaced: a copy goes
    to history/<date-time>/ first, so nothing is ever lost.  `source` itself is left alone.

    With `division` (an upload through a division's own link) only that division's workbook
    is taken; with `kind` (schema.KIND_AGENCY), only a workbook of that kind.  `name` is how
    messages call the file (the name it was sent under)."""
    from .project import read_inputs

    name = name or source.name
    recognised = recognise_workbook(source, name)
    refusal = recognised.refusal
    if refusal is not None:
        return Received(recognised, refused=_refusal_message(refusal, name))
    agency = recognised.kind == schema.KIND_AGENCY
    if kind == schema.KIND_AGENCY and not agency:
        return Received(recognised, refused=NOT_AGENCY.fill(file=name))
    if division is not None:
        wanted = " ".join(division.split())
        if agency:
            return Received(recognised, refused=AGENCY_NOT_YOURS.fill(file=name, division=wanted))
        if division_key(recognised.division) != division_key(wanted):
            return Received(
                recognised, refused=OTHER_DIVISION.fill(file=name, found=recognised.division, division=wanted)
            )
    if not agency and is_agency_name(root, recognised.division):  # never in place of the agency workbook
        return Received(recognised, refused=NAMED_AS_AGENCY.fill(file=name, division=recognised.division))
    target = agency_workbook_path(root) if agency else division_workbook_path(root, recognised.division)
    if target.resolve().parent != inputs_dir(root).resolve():  # paths.safe_file_name already keeps it there
        raise ItadocsError(NAME_UNUSABLE, name=recognised.division)
    if target.is_file() and sha256(target) == sha256(source):
        return Received(recognised, target, unchanged=True)
    agencies, divisions, _ = read_inputs(root)
    same = (
        agencies if agency else [s for s in divisions if division_key(s.division) == division_key(recognised.division)]
    )
    replaced = list(dict.fromkeys([root / s.file for s in same] + ([target] if target.is_file() else [])))
    kept = tuple(
        keep(
            root, path, what=schema.KIND_AGENCY if agency else WORKBOOK, division="" if agency else recognised.division
        ).path
        for path in replaced
    )
    write_atomic(target, lambda temp: temp.write_bytes(source.read_bytes()))
    for path in replaced:
        if path != target:
            path.unlink(missing_ok=True)
    return Received(recognised, target, kept)


def write_blank_workbooks(root: Path, folder: Path, divisions: list[str], fiscal_year: int) -> list[Path]:
    """Fresh blank measures workbooks of the given divisions, for `fiscal_year`'s criteria,
    written into `folder` under the names init gives them (a download, not the project's inputs)."""
    from .criteria_files import find_criteria
    from .excel.forms import agency_issues, write_division_workbook
    from .paths import agency_workbook_path

    criteria = find_criteria(fiscal_year, root=root)[0]
    agency = agency_workbook_path(root)
    issues = agency_issues(agency) if agency.is_file() else []  # the dropdown in step with the agency's issues
    written = []
    for division in divisions:
        path = folder / division_workbook_path(root, division).name
        path.unlink(missing_ok=True)
        write_division_workbook(path, division, criteria, issues=issues)
        written.append(path)
    return written


def check_division_names(root: Path, names: list[str]) -> None:
    """Every division gets a workbook of its own: a name of dots or slashes only, two names that
    make the same file name, or a name whose file would be the agency workbook, would leave a
    division without one (or take the agency workbook's place)."""
    files: dict[str, str] = {}
    for name in names:
        if not any(ch.isalnum() for ch in name):
            raise ItadocsError(DIVISION_NAME_INVALID, value=name)
        if is_agency_name(root, name):
            raise ItadocsError(DIVISION_NAME_RESERVED, value=name)
        file = division_workbook_path(root, name).name
        if file.casefold() in files:  # Windows and macOS do not tell ก.xlsx from ก.XLSX
            raise ItadocsError(DIVISION_FILES_CLASH, value=files[file.casefold()], other=name, file=file)
        files[file.casefold()] = name
