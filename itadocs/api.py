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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from . import thai
from .messages import ItadocsError, Message
from .model import Project
from .paths import agency_workbook_path, division_workbook_path, merged_workbook_path
from .report import Report

if TYPE_CHECKING:
    from .status import ProjectStatus

DEFAULT_DIVISIONS = ("สำนักปลัด", "กองคลัง", "กองช่าง")
ROUNDS = (6, 12)

FOLDER_MISSING = Message("ไม่พบโฟลเดอร์ {path}", "No folder {path}")
ROUND_INVALID = Message("รอบต้องเป็น 6 หรือ 12 (ได้รับ {value})", "The round must be 6 or 12, not {value}")
DOCUMENT_UNKNOWN = Message("ไม่รู้จักเอกสาร \"{value}\" เลือกได้: {choices}",
                           "Unknown document \"{value}\"; choose from: {choices}")
ERRORS_FOUND = Message(
    "พบข้อผิดพลาด {count} รายการ ยังไม่ได้สร้างเอกสาร กรุณาแก้ไขไฟล์ตามรายการข้างต้น",
    "{count} errors found; no document written. Fix the files listed above.")
NO_SCORES = Message("ยังไม่มีผลคะแนน ITA ในไฟล์ข้อมูลหน่วยงาน จึงสร้างเอกสารมาตรการไม่ได้",
                    "The agency workbook has no ITA scores, so the measures document cannot be made.")


class ProjectHasErrors(ItadocsError):
    """The inputs have errors, so nothing was made from them; `report` says which."""

    def __init__(self, report: Report):
        super().__init__(ERRORS_FOUND, count=len(report.errors))
        self.report = report


def current_fiscal_year(today: date | None = None) -> int:
    """The Thai fiscal year (BE) `today` falls in: it starts on 1 October."""
    today = today or date.today()
    return thai.be_year(today.year + (1 if today.month >= 10 else 0))


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


def init_project(root: str | Path, *, agency: str = "", district: str = "", province: str = "",
                 fiscal_year: int | None = None, round: int = 6,
                 divisions: Iterable[str] = DEFAULT_DIVISIONS) -> InitResult:
    """Create the coordinator's workbook and one blank workbook per division in ROOT/inputs.

    A workbook that exists is never overwritten.  `fiscal_year` defaults to the current
    fiscal year (BE).
    """
    from .criteria import load_criteria
    from .excel.forms import write_agency_workbook, write_division_workbook

    _round(round)
    root = Path(root)
    year = fiscal_year or current_fiscal_year()
    names = list(dict.fromkeys(d.strip() for d in divisions if d.strip()))
    criteria = load_criteria(year)
    values: dict[str, object] = {"name": agency, "district": district, "province": province,
                                 "fiscal_year": year, "round": round}
    created, kept = [], []
    targets: list[tuple[Path, Callable[[], None]]] = []
    path = agency_workbook_path(root)
    targets.append((path, partial(write_agency_workbook, path, values, names, criteria)))
    for name in names:
        path = division_workbook_path(root, name)
        targets.append((path, partial(write_division_workbook, path, name, criteria)))
    for path, write in targets:
        if path.exists():
            kept.append(path)
        else:
            write()
            created.append(path)
    return InitResult(root, tuple(created), tuple(kept))


# --- check -------------------------------------------------------------------

def load(root: str | Path, round: int | None = None) -> tuple[Project | None, Report]:
    """Read and check a project without writing anything: the project (None when the
    inputs have an error) and the report of every problem."""
    from .project import load_project

    return load_project(_folder(root), _round(round))


def check(root: str | Path, round: int | None = None, *, lang: str = "th", annotate: bool = True) -> Report:
    """Check every workbook of the project; with `annotate`, write an annotated copy of each
    workbook with problems to output/ (the originals are never changed)."""
    from .project import annotate_inputs

    _, report = load(root, round)
    return annotate_inputs(Path(root), report, lang) if annotate else report


def status(root: str | Path, round: int | None = None) -> ProjectStatus:
    """Where each division stands: returned or not, when, measures, errors, warnings, and the
    round's progress cells filled.  A workbook still blank as `init` wrote it is not returned."""
    from .status import project_status

    return project_status(_folder(root), _round(round))


# --- build -------------------------------------------------------------------

@dataclass(frozen=True)
class BuildResult:
    root: Path
    report: Report  # the problems found, and the annotated copies written when there were errors
    agency: str = ""  # the agency's name, when its workbook could be read
    documents: tuple[Path, ...] = ()
    pdfs: tuple[Path, ...] = ()
    failure: Message | None = None  # why not everything asked for was made; None when all was
    measures: int = 0
    divisions: int = 0  # divisions with at least one measure in the documents

    @property
    def ok(self) -> bool:
        return self.failure is None


def document_keys() -> list[str]:
    from .documents import DOCUMENTS

    return list(DOCUMENTS)


def build(root: str | Path, *, round: int | None = None, documents: Sequence[str] | None = None,
          font: str | None = None, pdf: bool = False, lang: str = "th") -> BuildResult:
    """Check the project and, when it has no error, write its documents to output/.

    `documents` are keys of `itadocs.documents.DOCUMENTS` ("measures", "progress-6",
    "progress-12"); by default the measures document (when last year's scores are there)
    and the report of the round.  Each document is rendered for its own round.  On errors
    nothing is written but the annotated copies (in `lang`), and `failure` says so.
    """
    from .documents import DOCUMENTS, documents_for
    from .project import annotate_inputs, load_project

    root = _folder(root)
    for key in documents or ():
        if key not in DOCUMENTS:
            raise ItadocsError(DOCUMENT_UNKNOWN, value=key, choices=", ".join(DOCUMENTS))
    project, report = load_project(root, _round(round), draft=True)  # draft: the agency's name even on errors
    agency = project.agency.name if project else ""
    if project is None or not report.ok:
        report = annotate_inputs(root, report, lang)
        return BuildResult(root, report, agency, failure=ERRORS_FOUND.fill(count=len(report.errors)))
    kinds = [DOCUMENTS[key] for key in documents] if documents else documents_for(project)
    if DOCUMENTS["measures"] in kinds and not project.assessment.has_scores:
        return BuildResult(root, report, agency, failure=NO_SCORES)
    from .render import render_document

    written = tuple(render_document(project, kind, font=font) for kind in kinds)
    result = BuildResult(root, report, agency, written, measures=len(project.measures),
                         divisions=len({m.division for m in project.measures}))
    if not pdf:
        return result
    from .pdf import PdfUnavailable, to_pdf

    try:
        return replace(result, pdfs=tuple(to_pdf(list(written))))
    except PdfUnavailable as exc:
        return replace(result, failure=exc.message)


# --- merge -------------------------------------------------------------------

@dataclass(frozen=True)
class MergeResult:
    path: Path  # output/มาตรการรวม ITA ปี <year> - <agency>.xlsx
    report: Report  # the warnings found on the way
    measures: int


def merge(root: str | Path, round: int | None = None, *, lang: str = "th") -> MergeResult:
    """Write the merged workbook of all divisions' measures (with their sources) to output/.

    Raises ProjectHasErrors (annotated copies written, in `lang`) when the inputs have errors.
    """
    from .excel.merged import write_merged_workbook
    from .project import annotate_inputs, load_project

    root = _folder(root)
    project, report = load_project(root, _round(round))
    if project is None:
        raise ProjectHasErrors(annotate_inputs(root, report, lang))
    path = merged_workbook_path(root, project.agency.fiscal_year, project.agency.name)
    return MergeResult(write_merged_workbook(path, project.measures), report, len(project.measures))
