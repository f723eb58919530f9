"""The library's front door: the whole job as plain Python calls that return values.

    import itadocs
    itadocs.init_project("ita2568", agency="เทศบาลตำบลตัวอย่าง", district="เมือง",
                         province="ขอนแก่น", fiscal_year=2568, divisions=["สำนักปลัด", "กองคลัง"])
    report = itadocs.check("ita2568")           # every problem, located; annotated copies written
    result = itadocs.build("ita2568", pdf=True)  # documents, PDFs, problems, failure
    merged = itadocs.merge("ita2568")            # the merged workbook: merged.path

Nothing here prints or exits.  A problem in the workbooks is a value in a `Report`;
a problem the caller can fix that stops the call (a missing folder, a bad option) is an
`ItadocsError` whose message exists in Thai and English.  The CLI, the batch and the
web page are thin layers over these functions.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import thai
from .files import EDITED, LOCKED, READ_ONLY, Outputs, Written, os_errors_as_messages
from .messages import ItadocsError, Message
from .model import Project, division_key
from .paths import agency_workbook_path, division_workbook_path, merged_workbook_path
from .problems import Problem
from .report import Report

if TYPE_CHECKING:
    from .agency_workbook import AgencyForm, AgencySaved
    from .builds import KeptBuild
    from .criteria import Criteria
    from .division_list import DivisionChange
    from .division_status import ProjectStatus
    from .draft import LeftOut
    from .history import HistoryEntry, Restored
    from .receive import Received, Recognised
    from .word.pdf import Office

DEFAULT_DIVISIONS = ("สำนักปลัด", "กองคลัง", "กองช่าง")
ROUNDS = (6, 12)

FOLDER_MISSING = Message("ไม่พบโฟลเดอร์ {path}", "No folder {path}")
FILE_MISSING = Message("ไม่พบไฟล์ {path}", "No file {path}")
FILE_EXISTS = Message(
    "มีไฟล์ {path} อยู่แล้ว จึงไม่เขียนทับ กรุณาระบุชื่อไฟล์ใหม่",
    "{path} exists already and is not written over; give another file name",
)
ROUND_INVALID = Message("รอบต้องเป็น 6 หรือ 12 (ได้รับ {value})", "The round must be 6 or 12, not {value}")
DETAIL_UNKNOWN = Message(
    'ไม่รู้จักข้อมูลหน่วยงาน "{value}" เลือกได้: {choices}', 'Unknown agency detail "{value}"; choose from: {choices}'
)
YEAR_INVALID = Message(
    'ปีงบประมาณต้องเป็นปี พ.ศ. สี่หลัก เช่น 2568 หรือ ๒๕๖๘ (ได้รับ "{value}")',
    'The fiscal year must be a Buddhist Era year such as 2568 (got "{value}")',
)
YEAR_CHRISTIAN = Message(
    "ปีงบประมาณ {value} เป็นปี ค.ศ. กรุณาใช้ปี พ.ศ. เช่น --fiscal-year {suggested}",
    "Fiscal year {value} is a Christian-era year; give the Buddhist Era year, e.g. --fiscal-year {suggested}",
    Message(
        "ปีงบประมาณ {value} เป็นปี ค.ศ. กรุณาใช้ปี พ.ศ. เช่น {suggested}",
        "Fiscal year {value} is a Christian-era year; give the Buddhist Era year, e.g. {suggested}",
    ),
)
DOCUMENT_UNKNOWN = Message(
    'ไม่รู้จักเอกสาร "{value}" เลือกได้: {choices}', 'Unknown document "{value}"; choose from: {choices}'
)
ERRORS_FOUND = Message(
    "พบข้อผิดพลาด {count} รายการ ยังไม่ได้สร้างเอกสาร กรุณาแก้ไขไฟล์ตามรายการข้างต้น "
    "(หรือใช้ --draft เพื่อสร้างฉบับร่างโดยเว้นแถวที่มีข้อผิดพลาดไว้)",
    "{count} errors found; no document written. Fix the files listed above "
    "(or use --draft for a draft without the rows that have errors).",
    Message(
        "พบข้อผิดพลาด {count} รายการ ยังไม่ได้สร้างเอกสาร กรุณาแก้ไขไฟล์ตามรายการปัญหา (หรือสร้างฉบับร่างโดยเว้นแถวที่มีข้อผิดพลาดไว้)",
        "{count} errors found; no document written. Fix the files as the problems say "
        "(or make a draft without the rows that have errors).",
    ),
)
SAME_PROJECT = Message(
    "โครงการใหม่ต้องอยู่คนละโฟลเดอร์กับโครงการเดิม ({path})",
    "The new project must be in another folder than the earlier one ({path})",
)
NO_SCORES = Message(
    "ยังไม่มีผลคะแนน ITA ในไฟล์ข้อมูลหน่วยงาน จึงสร้างเอกสารมาตรการไม่ได้",
    "The agency workbook has no ITA scores, so the measures document cannot be made.",
)
TEMPLATE_BROKEN = Message(
    "แม่แบบ {path} เสียหายหรือว่างเปล่า (ไม่ใช่ไฟล์ .docx) กรุณาเปิดแล้วบันทึกใหม่ใน Word หรือลบไฟล์นั้นออกเพื่อใช้แม่แบบที่มากับโปรแกรม",
    "The template {path} is damaged or empty (not a .docx); open and save it again in Word, or delete it "
    "to use the bundled template",
)
MEASURES_SKIPPED = Message(
    "ไม่ได้สร้างเอกสารมาตรการ เพราะยังไม่มีผลคะแนน ITA ในไฟล์ข้อมูลหน่วยงาน (แผ่นงานข้อมูลหน่วยงานและคะแนนตัวชี้วัด)",
    "The measures document was not made: the agency workbook has no ITA scores yet "
    "(its agency and indicator score sheets).",
)


def current_fiscal_year(today: date | None = None) -> int:
    """The Thai fiscal year (BE) `today` falls in: it starts on 1 October."""
    today = today or date.today()
    return thai.be_year(today.year + (1 if today.month >= 10 else 0))


def parse_fiscal_year(value: int | str) -> int:
    """A fiscal year as people give it (2568, "2568", "๒๕๖๘"); a Christian-era year such as
    2025 is refused with the Buddhist Era year it probably meant."""
    text = thai.to_arabic_digits(str(value)).strip()
    if not text.isdigit():
        raise ItadocsError(YEAR_INVALID, value=value)
    year = int(text)
    if 1900 <= year < 2400:
        raise ItadocsError(YEAR_CHRISTIAN, value=year, suggested=thai.be_year(year))
    if not 2400 <= year <= 2800:
        raise ItadocsError(YEAR_INVALID, value=value)
    return year


def _folder(root: str | Path) -> Path:
    path = Path(root)
    if not path.is_dir():
        raise ItadocsError(FOLDER_MISSING, path=path)
    return path


def _round(value: int | None) -> int | None:
    if value not in (None, *ROUNDS):
        raise ItadocsError(ROUND_INVALID, value=value)
    return value


# --- init --------------------------------------------------------------------


@dataclass(frozen=True)
class InitResult:
    root: Path
    created: tuple[Path, ...]  # workbooks written
    kept: tuple[Path, ...]  # workbooks that existed already, left as they were
    added: tuple[str, ...] = ()  # divisions added to the list of an existing agency workbook
    history: tuple[Path, ...] = ()  # the copy of the agency workbook kept before it was changed
    measures: int = 0  # measures carried from the earlier project into the workbooks written
    warnings: tuple[Problem, ...] = ()  # e.g. no criteria file for the year: which file is used instead
    refreshed: tuple[Path, ...] = ()  # blank division forms given the agency workbook's issues again


@os_errors_as_messages
def init_project(
    root: str | Path,
    *,
    agency: str = "",
    district: str = "",
    province: str = "",
    fiscal_year: int | str | None = None,
    round: int = 6,
    divisions: Iterable[str] | None = None,
    from_project: str | Path | None = None,
    details: Mapping[str, object] | None = None,
) -> InitResult:
    """Create the coordinator's workbook and one workbook per division in ROOT/inputs.

    A workbook that exists is never overwritten.  On a project that exists, each division
    given and not yet listed is added to the agency workbook's list (a copy of the workbook
    as it was goes to history/ first) and gets its blank workbook.  `divisions` defaults to
    DEFAULT_DIVISIONS for a new project and to none for an existing one.  `fiscal_year`
    (BE, Thai digits allowed) defaults to the current fiscal year.

    With `from_project`, the new year starts from an earlier project: its agency details,
    signers, divisions and each division's measures (without the progress columns) go into
    the workbooks written, and `fiscal_year` defaults to the year after its own.  The earlier
    project is only read.  Names given here win over carried ones.  `details` fills other
    fields of the agency sheet by key (`schema.AGENCY_FIELDS`), such as the signers
    ("reporter_name", "reporter_position", "approver_name", "approver_position"); given
    here, they win over carried ones.
    """
    from .carry import CarriedProject, carry_over
    from .criteria_files import find_criteria
    from .excel.forms import (
        add_divisions,
        agency_issues,
        blank_form_is_stale,
        listed_divisions,
        write_agency_workbook,
        write_division_workbook,
    )
    from .files import ensure_folder
    from .history import AGENCY, WORKBOOK, keep
    from .receive import check_division_names
    from .validate import check_criteria_year

    _round(round)
    root = Path(root)
    carried = CarriedProject(None, {}, ())
    if from_project is not None:
        if root.resolve() == _folder(from_project).resolve():
            raise ItadocsError(SAME_PROJECT, path=root)
        carried = carry_over(Path(from_project))
    if fiscal_year not in (None, ""):
        year = parse_fiscal_year(fiscal_year)
    else:
        year = carried.fiscal_year + 1 if carried.fiscal_year else current_fiscal_year()
    agency_path = agency_workbook_path(root)
    existing = agency_path.exists()
    if divisions is None and from_project is not None:
        given: Iterable[str] = carried.divisions
    else:
        given = DEFAULT_DIVISIONS if divisions is None and not existing else (divisions or ())
    names = list(dict.fromkeys(" ".join(d.split()) for d in given if d.strip()))
    check_division_names(root, names)
    values: dict[str, object] = {**carried.values, **_details(details), "fiscal_year": year, "round": round}
    values |= {k: v for k, v in {"name": agency, "district": district, "province": province}.items() if v}
    criteria, criteria_problems = find_criteria(year, str(values.get("criteria_set") or ""), root)
    ensure_folder(agency_path.parent)
    created, kept, measures = [], [], 0
    # The forms offer the part-1 issues the coordinator has typed so far (none in a new project).
    issues = agency_issues(agency_path) if existing else []
    targets: list[tuple[Path, Callable[[], None], int]] = []
    targets.append((agency_path, partial(write_agency_workbook, agency_path, values, names, criteria), 0))
    for name in names:
        rows = carried.measures.get(name, [])
        path = division_workbook_path(root, name)
        targets.append((path, partial(write_division_workbook, path, name, criteria, rows, issues), len(rows)))
    for path, write, count in targets:
        if path.exists():
            kept.append(path)
        else:
            write()  # each workbook whole or not at all: a failure half way leaves no broken file
            created.append(path)
            measures += count
    added: list[str] = []
    history: list[Path] = []
    if existing and names:
        listed = {division_key(name) for name in listed_divisions(agency_path)}
        missing = [name for name in names if division_key(name) not in listed]
        if missing:
            history.append(keep(root, agency_path, what=AGENCY).path)  # the coordinator's workbook as it was
            added = add_divisions(agency_path, missing)
    refreshed: list[Path] = []
    if existing and issues:  # forms sent before the issues were typed: those still blank get the list now
        for name in listed_divisions(agency_path):
            path = division_workbook_path(root, name)
            if path.is_file() and path not in created and blank_form_is_stale(path, issues):
                history.append(keep(root, path, what=WORKBOOK, division=name).path)
                write_division_workbook(path, name, criteria, issues=issues, replace=True)
                refreshed.append(path)
    warnings = criteria_problems + check_criteria_year(criteria, file=agency_path.relative_to(root).as_posix())
    return InitResult(
        root, tuple(created), tuple(kept), tuple(added), tuple(history), measures, tuple(warnings), tuple(refreshed)
    )


# --- criteria ----------------------------------------------------------------


def criteria_of(
    fiscal_year: int | str | None = None, *, criteria_set: str = "", project: str | Path | None = None
) -> Criteria:
    """The ITA criteria used for the documents of `fiscal_year` (BE, Thai digits allowed;
    default the current fiscal year), which analyse the results of the year before: a file
    in the criteria folders of `project` (or of ITADOCS_CRITERIA) when there is one, else
    the bundled file (`criteria_files`).

    When the year (or the set) has no file of its own, the newest earlier file stands in:
    the result says so (`fallback`, `wanted_file`, `file`).  `check_criteria` gives the
    problems of the files looked at.
    """
    return check_criteria(fiscal_year, criteria_set=criteria_set, project=project)[0]


def check_criteria(
    fiscal_year: int | str | None = None,
    *,
    criteria_set: str = "",
    project: str | Path | None = None,
    file: str | Path | None = None,
) -> tuple[Criteria, list[Problem]]:
    """`criteria_of`, with the problems of the criteria files looked at; with `file`, that file
    alone (JSON, or a workbook written by `criteria_workbook`), checked: its criteria are
    returned only when it has no error, else the year's criteria as the program finds them."""
    from .criteria_files import find_criteria, read_file

    year = parse_fiscal_year(fiscal_year) if fiscal_year not in (None, "") else None
    if file is not None:
        path = Path(file)
        if not path.is_file():
            raise ItadocsError(FILE_MISSING, path=path)
        found = read_file(path, str(path))
        if found.usable:
            return found.criteria(), list(found.problems)
        return find_criteria(
            year or found.fiscal_year or current_fiscal_year(), criteria_set, Path(project) if project else None
        )[0], list(found.problems)
    return find_criteria(year or current_fiscal_year(), criteria_set, Path(project) if project else None)


def criteria_workbook(
    path: str | Path, fiscal_year: int | str | None = None, *, criteria_set: str = "", project: str | Path | None = None
) -> Path:
    """The criteria of `fiscal_year` written as a workbook to correct in Excel and place in a
    criteria folder (never over a file that exists)."""
    from .excel.criteria_sheet import write_criteria_workbook

    target = Path(path)
    if target.exists():
        raise ItadocsError(FILE_EXISTS, path=target)
    return write_criteria_workbook(target, criteria_of(fiscal_year, criteria_set=criteria_set, project=project))


def _details(details: Mapping[str, object] | None) -> dict[str, object]:
    from .schema import AGENCY_FIELDS

    keys = [f.key for f in AGENCY_FIELDS]
    for key in details or {}:
        if key not in keys:
            raise ItadocsError(DETAIL_UNKNOWN, value=key, choices=", ".join(keys))
    return {k: v for k, v in (details or {}).items() if v not in (None, "")}


# --- check -------------------------------------------------------------------


@os_errors_as_messages
def load(root: str | Path, round: int | None = None) -> tuple[Project | None, Report]:
    """Read and check a project without writing anything: the project (None when the
    inputs have an error) and the report of every problem."""
    from .project import load_project

    return load_project(_folder(root), _round(round))


@os_errors_as_messages
def check(
    root: str | Path, round: int | None = None, *, lang: str = "th", annotate: bool = True, overwrite: bool = False
) -> Report:
    """Check every workbook of the project; with `annotate`, write an annotated copy of each
    workbook with problems to output/ (the originals are never changed) and remove the copies
    of workbooks whose problems are gone.  A copy changed since itadocs wrote it is kept and
    the new one written beside it, unless `overwrite`."""
    from .project import annotate_inputs

    _, report = load(root, round)
    if not annotate:
        return report
    with Outputs(Path(root), overwrite=overwrite) as outputs:
        return annotate_inputs(Path(root), report, lang, outputs=outputs)


@os_errors_as_messages
def status(root: str | Path, round: int | None = None) -> ProjectStatus:
    """Where each division stands: returned or not, when, measures, errors, warnings, and the
    round's progress cells filled.  A workbook still blank as `init` wrote it is not returned."""
    from .division_status import project_status

    return project_status(_folder(root), _round(round))


# --- build -------------------------------------------------------------------

OPTION_UNKNOWN = Message(
    'ไม่รู้จักตัวเลือกการสร้างเอกสาร "{value}" เลือกได้: {choices}', 'Unknown build option "{value}"; choose from: {choices}'
)


@dataclass(frozen=True)
class BuildOptions:
    """What a build makes and how: the one list of build options, shared by `build`, `watch`,
    the batch, the command line and the web page."""

    round: int | None = None  # 6 or 12 instead of the agency workbook's round
    documents: tuple[str, ...] | None = None  # keys of documents.DOCUMENTS; None: the measures and the round's
    font: str | None = None  # instead of the agency workbook's (or the templates') font
    pdf: bool = False  # a PDF of each document too (LibreOffice)
    draft: bool = False  # rows with errors left out and listed at the end, 'ฉบับร่าง' on every page
    overwrite: bool = False  # replace documents edited since they were written (kept in history/ first)
    keep: bool = False  # a copy of the build in output/builds/<date-time>/
    lang: str = "th"  # the language of the annotated copies

    def with_changes(self, **changes: object) -> BuildOptions:
        """These options with some changed; an unknown name is refused with the list of names."""
        names = [f.name for f in fields(self)]
        for name in changes:
            if name not in names:
                raise ItadocsError(OPTION_UNKNOWN, value=name, choices=", ".join(names))
        documents = changes.get("documents", self.documents)
        if documents is not None:
            changes["documents"] = tuple(documents)  # type: ignore[arg-type]
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class BuildResult:
    root: Path
    report: Report  # the problems found, and the annotated copies written and removed
    agency: str = ""  # the agency's name, when its workbook could be read
    documents: tuple[Path, ...] = ()
    pdfs: tuple[Path, ...] = ()
    failure: Message | None = None  # why not everything asked for was made; None when all was
    measures: int = 0
    divisions: int = 0  # divisions with at least one measure in the documents
    outputs: tuple[Written, ...] = ()  # documents and PDFs: where each went and, if not its usual name, why
    draft: bool = False  # the documents are drafts: rows with errors left out and listed at the end
    left_out: tuple[LeftOut, ...] = ()  # in a draft, what was left out
    notices: tuple[Message, ...] = ()  # what was left out on purpose, e.g. the measures document without scores
    kept: Path | None = None  # with `keep`: output/builds/<date-time>/, a copy of this build's documents

    @property
    def ok(self) -> bool:
        return self.failure is None

    @property
    def edited(self) -> list[Written]:
        """Files written beside one that was changed since itadocs wrote it (staff's edits kept)."""
        return [w for w in self.outputs if w.reason == EDITED]

    @property
    def locked(self) -> list[Written]:
        """Files written beside one that is open in another program or read-only: close it."""
        return [w for w in self.outputs if w.reason in (LOCKED, READ_ONLY)]

    @property
    def not_returned(self) -> list[str]:
        """Divisions whose workbook is missing or still blank: the documents lack their measures."""
        return self.report.not_returned

    @property
    def remarks(self) -> tuple[Message, ...]:
        """What a person should know beside the documents, in this order: what was left out on
        purpose, each file written beside its usual name and why, the divisions that have not
        sent, and what a draft leaves out.  The command line and the page show these as they are."""
        found = list(self.notices)
        found += [w.notice for w in (*self.report.outputs, *self.outputs) if w.notice is not None]
        if self.report.not_returned_note is not None:
            found.append(self.report.not_returned_note)
        if self.draft and self.documents:
            from .draft import LEFT_OUT_NOTE

            found.append(LEFT_OUT_NOTE.fill(count=len(self.left_out)))
        return tuple(found)


def document_keys() -> list[str]:
    from .documents import DOCUMENTS

    return list(DOCUMENTS)


@os_errors_as_messages
def build(
    root: str | Path,
    options: BuildOptions | None = None,
    *,
    progress: Callable[[str, str], None] | None = None,
    office: Office | None = None,
    **changes: object,
) -> BuildResult:
    """Check the project and, when it has no error, write its documents to output/.

    The options are a `BuildOptions`, or its fields by name (`build(root, pdf=True)`), or both
    (the names change the options given).

    `documents` are keys of `itadocs.documents.DOCUMENTS` ("measures", "progress-6",
    "progress-12"); by default the measures document (when last year's scores are there)
    and the report of the round.  Each document is rendered for its own round.  On errors
    nothing is written but the annotated copies (in `lang`), and `failure` says so.

    Every file is written whole or not at all.  A document changed since itadocs wrote it
    (staff edited it in Word), open in another program or read-only is not replaced: the new
    one goes beside it and `edited` / `locked` say which; `overwrite` replaces edited ones
    (keeping a copy in history/).  With `draft`, the rows that have errors are left out and
    listed at the end of documents marked 'ฉบับร่าง' on every page, under their own names.

    With `pdf`, each document is also converted to PDF; `office` (pdf.Office, a LibreOffice kept
    running, as `watch` holds one; the process's shared one when it runs) makes that warm, else
    LibreOffice is started for this build.  A document LibreOffice cannot convert is `failure`;
    the other PDFs are written.

    With `keep`, a copy of the documents (and PDFs) written also goes to a new folder
    output/builds/<date-time>/ (`kept`), so every build stays available by time.
    `progress(step, document)` is called as the build goes: ("reading", ""), then
    ("rendering", key) for each document, ("pdf", "") and ("keeping", "").
    """
    from .documents import DOCUMENTS, documents_for
    from .project import annotate_inputs, load_project

    root = _folder(root)
    options = (options or BuildOptions()).with_changes(**changes)
    round, documents, font, draft, lang = options.round, options.documents, options.font, options.draft, options.lang
    for key in documents or ():
        if key not in DOCUMENTS:
            raise ItadocsError(DOCUMENT_UNKNOWN, value=key, choices=", ".join(DOCUMENTS))
    say = progress or (lambda step, document: None)
    say("reading", "")
    project, report = load_project(root, _round(round), draft=True)  # draft: the agency's name even on errors
    agency = project.agency.name if project else ""
    with Outputs(root, overwrite=options.overwrite) as outputs:
        if project is None or not (report.ok or draft):
            report = annotate_inputs(root, report, lang, outputs=outputs)
            return BuildResult(root, report, agency, failure=ERRORS_FOUND.fill(count=len(report.errors)))
        report = annotate_inputs(root, report, lang, outputs=outputs, only_existing=report.ok)
        kinds = [DOCUMENTS[key] for key in documents] if documents else documents_for(project)
        if DOCUMENTS["measures"] in kinds and not project.assessment.has_scores:
            return BuildResult(root, report, agency, failure=NO_SCORES)
        from .draft import left_out as rows_left_out
        from .word.render import find_template, render_document

        for kind in kinds:
            _check_template(find_template(root, kind.template))
        left_out = rows_left_out(report) if draft else None
        with outputs.together():  # every document, or none: a failure on the second keeps the first as it was
            for kind in kinds:
                say("rendering", kind.key)
                render_document(project, kind, font=font, draft=left_out, writer=outputs.writer("document"))
        written = tuple(w.path for w in outputs.written if w.kind == "document")
        skipped = () if documents or project.assessment.has_scores else (MEASURES_SKIPPED,)
        result = BuildResult(
            root,
            report,
            agency,
            written,
            measures=len(project.measures),
            divisions=len({m.division for m in project.measures}),
            draft=draft,
            left_out=tuple(left_out or ()),
            notices=skipped,
        )
        if options.pdf:
            from .word.pdf import PdfUnavailable, own_names, prepare_pdf_copy, running_office, to_pdf

            say("pdf", "")
            failure = None
            with outputs.together():
                try:
                    to_pdf(
                        list(written),
                        writer=outputs.writer("pdf"),
                        office=office or running_office(),
                        prepare=prepare_pdf_copy(own_names(project)),
                    )
                except PdfUnavailable as exc:  # the PDFs made are still put in place
                    failure = exc.message
            result = replace(result, pdfs=tuple(w.path for w in outputs.written if w.kind == "pdf"), failure=failure)
        result = replace(result, outputs=tuple(w for w in outputs.written if w.kind in ("document", "pdf")))
    if options.keep and result.outputs:
        from .builds import keep_build

        say("keeping", "")
        kept = keep_build(
            root,
            ((w.path, w.target.name) for w in result.outputs),
            agency=agency,
            round=project.agency.round,
            draft=draft,
            measures=result.measures,
            kinds=[kind.key for kind in kinds],
        )
        result = replace(result, kept=kept.folder)
    return result


# --- watch -------------------------------------------------------------------

WATCH_INTERVAL = 1.0  # seconds between two looks at the project's workbooks and templates


def watch(
    root: str | Path,
    options: BuildOptions | None = None,
    *,
    interval: float = WATCH_INTERVAL,
    office: Office | None = None,
    **changes: object,
) -> Generator[BuildResult, None, None]:
    """Build the project now, then again each time a workbook in inputs/ (or a template of
    the project's own, in templates/) is added, changed or removed: a result per build.

    The folders are looked at every `interval` seconds, by name, size and time of each file
    (no new dependency, the same on every system).  A change is built once it has held for
    one more look, so a workbook Excel is still saving is not read half way.  Every build
    after the first runs warm: nothing to import, the templates parsed and compiled
    (`render`), a fraction of a first build (bench/README.md).  A problem that stops one build (a template
    broken, say) is that build's `failure`; the watch goes on.  `options` are `build`'s.
    With `pdf=True` one LibreOffice is kept running for the PDFs of every build (the
    process's shared one, pdf.shared_office, unless `office` is given).
    Stop it by closing the generator, or with Ctrl+C in the command line."""
    import time

    root = _folder(root)
    options = (options or BuildOptions()).with_changes(**changes)
    seen = _inputs_state(root)
    if options.pdf and office is None:
        from .word.pdf import shared_office

        office = shared_office()
    while True:
        try:
            yield build(root, options, office=office)
        except ItadocsError as exc:
            yield BuildResult(root, Report(()), failure=exc.message)
        now = seen
        while now == seen:
            time.sleep(interval)
            now = _inputs_state(root)
        while True:  # changed: built once it holds, so a save is finished
            time.sleep(interval)
            later = _inputs_state(root)
            if later == now:
                break
            now = later
        seen = now


def _inputs_state(root: Path) -> frozenset[tuple[str, int, int]]:
    """(name, size, time) of each file in the project's inputs/ and templates/; lock files of
    Excel and LibreOffice and hidden files, which come and go while a workbook is open, left out."""
    from .paths import TEMPLATES, inputs_dir

    found = set()
    for folder in (inputs_dir(root), root / TEMPLATES):
        try:
            entries = list(folder.iterdir())
        except OSError:  # not there (yet), or not readable: seen as empty
            continue
        for path in entries:
            if path.name.startswith(("~$", ".")):
                continue
            try:
                stat = path.stat()
            except OSError:  # removed while looking
                continue
            found.add((f"{folder.name}/{path.name}", stat.st_size, stat.st_mtime_ns))
    return frozenset(found)


def _check_template(path: Path) -> None:
    """A template that is not a .docx (0 bytes after a failed copy, say) is named, not a crash."""
    if not zipfile.is_zipfile(path):
        raise ItadocsError(TEMPLATE_BROKEN, path=path)


# --- merge -------------------------------------------------------------------


@dataclass(frozen=True)
class MergeResult:
    report: Report  # the problems found, and the annotated copies written
    path: Path | None = None  # output/มาตรการรวม ITA ปี <year> - <agency>.xlsx (or beside it: see `written`)
    measures: int = 0
    written: Written | None = None  # where the workbook went and, if not its usual name, why
    failure: Message | None = None  # why nothing was written (the inputs have errors); None when it was

    @property
    def ok(self) -> bool:
        return self.failure is None


@os_errors_as_messages
def merge(root: str | Path, round: int | None = None, *, lang: str = "th", overwrite: bool = False) -> MergeResult:
    """Write the merged workbook of all divisions' measures (with their sources) to output/.

    When the inputs have errors nothing is merged: `failure` says so and the report lists them
    (annotated copies written, in `lang`), as `build` does.
    A merged workbook changed since itadocs wrote it is kept (the new one goes beside it)
    unless `overwrite`.
    """
    from .excel.merged import write_merged_workbook
    from .project import annotate_inputs, load_project

    root = _folder(root)
    project, report = load_project(root, _round(round))
    with Outputs(root, overwrite=overwrite) as outputs:
        if project is None:
            report = annotate_inputs(root, report, lang, outputs=outputs)
            return MergeResult(report, failure=ERRORS_FOUND.fill(count=len(report.errors)))
        path = merged_workbook_path(root, project.agency.fiscal_year, project.agency.name)
        write_merged_workbook(path, project.measures, writer=outputs.writer("merged"))
    written = outputs.written[-1]
    return MergeResult(report, written.path, len(project.measures), written)


# --- workbooks arriving, blank forms, kept builds (the web page's upload and downloads) ---


def recognise_workbook(path: str | Path, name: str = "") -> Recognised:
    """What a workbook is by its content alone (never its name): the agency's, a division's
    (`division`), or neither, with the problem that says why (an old .xls, a password, ...)."""
    from .receive import recognise_workbook as recognise

    return recognise(Path(path), name)


@os_errors_as_messages
def receive_workbook(
    root: str | Path, source: str | Path, *, division: str | None = None, name: str = "", kind: str | None = None
) -> Received:
    """Store a workbook in the project as what its content says it is (inputs/<division>.xlsx,
    or the agency workbook); every workbook it replaces goes to history/<date-time>/ first.
    With `division`, only that division's workbook is taken; with `kind="agency"`, only the
    agency workbook (`refused` says why not, naming the file)."""
    from .receive import receive_workbook as receive

    return receive(_folder(root), Path(source), division=division, name=name, kind=kind)


@os_errors_as_messages
def blank_workbooks(root: str | Path, folder: str | Path, divisions: Sequence[str] | None = None) -> list[Path]:
    """Fresh blank measures workbooks, as init writes them, for the project's divisions (or
    those named) and fiscal year, written into `folder`; the project is not changed."""
    from .receive import write_blank_workbooks

    standing = status(root)
    names = list(divisions) if divisions is not None else [d.division for d in standing.divisions]
    year = standing.fiscal_year or current_fiscal_year()
    return write_blank_workbooks(Path(root), Path(folder), names, year)


def past_builds(root: str | Path) -> list[KeptBuild]:
    """The builds kept in output/builds/ (`build(keep=True)`), newest first."""
    from .builds import past_builds as kept

    return kept(_folder(root))


@os_errors_as_messages
def previews(build: str | Path) -> list[Path]:
    """Images of the first pages of each document of a kept build (`BuildResult.kept`), written
    into its preview/ folder; [] when LibreOffice or pdftoppm is missing."""
    from .builds import make_previews

    return make_previews(Path(build))


@os_errors_as_messages
def annotated_copy(root: str | Path, file: str, *, lang: str = "th") -> Path | None:
    """Check the project (writing the annotated copies, as `check` does) and give the annotated
    copy of `file` (a workbook's path within the project, as `Problem.file` gives it), or None
    when that workbook has no problem."""
    from .paths import annotated_copy_path

    report = check(root, lang=lang)
    target = annotated_copy_path(Path(root), Path(root) / file)
    written = [w.path for w in report.outputs if w.target == target]
    if written:
        return written[-1]
    return target if target.is_file() else None


# --- the agency workbook and the divisions, changed from code (the web page's forms) ---


@os_errors_as_messages
def agency_form(root: str | Path) -> AgencyForm:
    """The agency workbook as a form: `values` (details, signers, last year's overall result by
    field key), `divisions`, `tables` of last year's results with the year's criteria
    prefilled where the workbook lacks them, and its `problems` as a build finds them."""
    from .agency_workbook import read_agency_form

    return read_agency_form(_folder(root))


@os_errors_as_messages
def save_agency(
    root: str | Path,
    *,
    values: Mapping[str, str] | None = None,
    divisions: Sequence[str] | None = None,
    tables: Mapping[str, Sequence[tuple[int, Mapping[str, str]]]] | None = None,
) -> AgencySaved:
    """Write what was typed into the agency workbook (`values` by field key, the list of
    `divisions`, `tables` by sheet as (row it came from or 0, values by column key)), checked
    as a build checks it.  An error in the part changed stops it (`blocking`, located, and the
    `form` with what was typed); otherwise the workbook as it was is kept in history/ first."""
    from .agency_workbook import save_agency as save

    return save(_folder(root), values=values, divisions=divisions, tables=tables)


def check_details(values: Mapping[str, object]) -> list[Problem]:
    """A new project's agency details (by field key) checked as its workbook will be: a
    required detail empty, a year or round that cannot be read; each problem located."""
    from .agency_workbook import check_details as check_new

    return check_new(values)


@os_errors_as_messages
def add_division(root: str | Path, name: str) -> DivisionChange:
    """Add a division to the list; it gets a blank form of the project's year."""
    from .division_list import add_division as add

    return add(_folder(root), name)


@os_errors_as_messages
def rename_division(root: str | Path, old: str, new: str) -> DivisionChange:
    """Rename a division in the list and in its workbook, keeping its measures (and the
    workbook as it was, in history/)."""
    from .division_list import rename_division as rename

    return rename(_folder(root), old, new)


@os_errors_as_messages
def move_division(root: str | Path, name: str, offset: int) -> DivisionChange:
    """Move a division up (-1) or down (+1) the list: the order of the documents."""
    from .division_list import move_division as move

    return move(_folder(root), name, offset)


@os_errors_as_messages
def remove_division(root: str | Path, name: str) -> DivisionChange:
    """Take a division off the list, its workbook into history/ (`restore` brings both back)."""
    from .division_list import remove_division as remove

    return remove(_folder(root), name)


@os_errors_as_messages
def delete_workbook(root: str | Path, file: str, *, division: str = "") -> HistoryEntry:
    """Take a workbook (`Problem.file`/`DivisionStatus.file`: its path in the project) out of
    inputs/ into history/, from where `restore` brings it back."""
    from .division_list import delete_workbook as delete

    return delete(_folder(root), file, division)


@os_errors_as_messages
def delete_build(root: str | Path, build: str) -> HistoryEntry:
    """Take a kept build (`KeptBuild.name`) out of output/builds/ into history/."""
    from .history import delete_build as delete

    return delete(_folder(root), build)


def history_entries(root: str | Path) -> list[HistoryEntry]:
    """What history/ holds (workbooks replaced or deleted, builds deleted), newest first."""
    from .history import entries

    return entries(_folder(root))


@os_errors_as_messages
def restore(root: str | Path, entry: str) -> Restored:
    """Bring back the history entry `entry` (`HistoryEntry.id`) where it was; what stands there
    now goes to history/ first.  A removed division comes back on the list."""
    from .division_list import restore as bring_back

    return bring_back(_folder(root), entry)
