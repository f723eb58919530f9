"""Word at the edge: renders a document's context with docxtpl, then runs the finishing passes.

Only this package touches docxtpl and python-docx.  `render` fills a template (kept read,
parsed and compiled for the next build of the process) and hands the document to the
passes of `finish`; `render_document` is one document of a project.
"""

from __future__ import annotations

import contextlib
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from jinja2 import Environment

from .. import thai
from ..documents import DocumentKind, context_for
from ..draft import LeftOut
from ..files import write_atomic
from ..model import Project
from ..paths import TEMPLATES, document_path
from ..schema import DEFAULT_FONT
from . import oxml
from .docxtpl_fast import FastDocxTemplate
from .draft import mark_draft
from .emblem import HEIGHT_CM as EMBLEM_HEIGHT_CM
from .emblem import usable_emblem
from .finish import (
    insert_chart,
    keep_dates_together,
    keep_rows_whole,
    keep_signature_with_content,
    keep_tables_together,
    link_addresses,
    merge_repeated_cells,
    set_font,
    thai_digits,
)

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # installed wheel
REPO_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"  # source checkout

# Filters a template may use, e.g. {{ score|thai_number }}.
FILTERS: dict[str, Callable] = {
    "thai_digits": thai.thai_digits,
    "thai_number": thai.thai_number,
    "thai_date": thai.thai_date,
    "paragraphs": thai.paragraphs,
}


def bundled_template(name: str) -> Path:
    """The template shipped with itadocs (in the wheel, or in a source checkout)."""
    for folder in (PACKAGE_TEMPLATES, REPO_TEMPLATES):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(name)


def bundled_templates_dir() -> Path:
    return next(folder for folder in (PACKAGE_TEMPLATES, REPO_TEMPLATES) if folder.is_dir())


def find_template(root: Path, name: str) -> Path:
    """The project's own copy (DIR/templates/NAME) wins over the bundled one."""
    own = root / TEMPLATES / name
    return own if own.is_file() else bundled_template(name)


# --- what a process keeps between documents ---------------------------------------


class _CompilingEnvironment(Environment):
    """A Jinja environment that keeps what it compiled, by source text: docxtpl compiles the
    body, each header and footer and eight document properties on every render, and a warm
    process renders the same templates again (the cost: bench/README.md, figures behind the code)."""

    KEPT = 64  # compiled templates kept, the oldest dropped first

    def __init__(self, **options):
        super().__init__(**options)
        self.compiled: dict[str, object] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        found = self.compiled.get(source)
        if found is None:
            while len(self.compiled) >= self.KEPT:
                self.compiled.pop(next(iter(self.compiled)))
            found = self.compiled[source] = super().from_string(source)
        return found


_ENVIRONMENT: list[_CompilingEnvironment] = []  # one per process; the filters never change
_TEMPLATE_BYTES: dict[Path, tuple[int, int, bytes]] = {}


def _environment() -> Environment:
    if not _ENVIRONMENT:
        env = _CompilingEnvironment(autoescape=True)  # & < > in user text must not break the XML
        env.filters.update(FILTERS)
        _ENVIRONMENT.append(env)
    return _ENVIRONMENT[0]


def _template_file(path: Path) -> io.BytesIO:
    """The template's bytes, read again only when the file changed (its time or size)."""
    stat = path.stat()
    kept = _TEMPLATE_BYTES.get(path)
    if kept is None or kept[:2] != (stat.st_mtime_ns, stat.st_size):
        kept = _TEMPLATE_BYTES[path] = (stat.st_mtime_ns, stat.st_size, path.read_bytes())
    return io.BytesIO(kept[2])


# --- rendering ---------------------------------------------------------------

Writer = Callable[[Path, Callable[[Path], object]], Path]
Template = FastDocxTemplate  # tests put docxtpl's own DocxTemplate here to compare


def render(
    template: Path,
    context: dict,
    out: Path,
    font: str | None = None,
    finish: Callable | None = None,
    *,
    last: Callable | None = None,
    writer: Writer = write_atomic,
    emblem: Path | None = None,
    properties: Properties | None = None,
) -> Path:
    """Render `template` with `context` into `out`, then run the finishing passes (`last`
    after the digits and font passes).  `writer(out, save)` puts the file in place, by
    default whole or not at all, and returns where it went.  `emblem` (an image checked by
    emblem.usable_emblem) goes where the template shows {{ emblem }}; `properties` are the
    document's title, author ... (its core properties, which the PDF carries too)."""
    tpl = Template(_template_file(Path(template)))
    if emblem is not None:
        from docx.shared import Cm
        from docxtpl import InlineImage

        context = {**context, "emblem": InlineImage(tpl, str(emblem), height=Cm(EMBLEM_HEIGHT_CM))}
    tpl.render(context, _environment(), autoescape=True)
    keep_tables_together(merge_repeated_cells(tpl.docx))
    if finish:
        finish(tpl.docx)
    keep_rows_whole(tpl.docx)
    keep_signature_with_content(tpl.docx)
    link_addresses(tpl.docx)
    keep_dates_together(tpl.docx, then=thai_digits)  # and thai_digits_everywhere, in one walk
    if font:
        set_font(tpl.docx, font)
    set_properties(tpl.docx, properties or Properties())  # after the digits pass: the title's are Thai
    if last:
        last(tpl.docx)
    try:
        return writer(out, tpl.save)
    finally:
        oxml.release(tpl.docx)


# --- what the document says about itself ---------------------------------------------


@dataclass(frozen=True)
class Properties:
    """A document's core properties: what a file browser, a search engine and a PDF reader's
    title bar show (title, subject, author, keywords, when it was made), Thai as its language."""

    title: str = ""
    subject: str = ""
    author: str = ""
    keywords: str = ""
    comments: str = ""  # which criteria the document was made with (Word: File > Info > Properties)
    made: datetime | None = None  # the build's time; now when not given


ITA = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
COVER_TITLE = "ITA Cover Title"


def document_properties(project: Project, kind: DocumentKind) -> Properties:
    """The properties of one document of a project: its Thai title is read from the cover
    after rendering (set_properties), so it follows the template's wording."""
    agency = project.agency
    year = thai.to_thai_digits(str(agency.fiscal_year))
    return Properties(
        subject=f"{ITA} ประจำปีงบประมาณ พ.ศ. {year}",
        author=agency.name,
        keywords=", ".join(["ITA", "OIT", agency.name, f"ปีงบประมาณ {year}"]),
        title=kind.file_title(project),
        comments=f"เกณฑ์ที่ใช้: {project.criteria.name} ({project.criteria.label})",
    )


def set_properties(document, properties: Properties) -> None:
    """Set the core properties; the title is the cover's title lines (style ITA Cover Title and
    the cover lines after it, up to the first empty one) when the template has them."""
    core = document.core_properties
    made = (properties.made or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    core.title = _fit(cover_title(document) or properties.title)
    core.subject, core.keywords = _fit(properties.subject), _fit(properties.keywords)
    core.author = core.last_modified_by = _fit(properties.author)
    core.created = core.modified = made
    core.comments, core.category, core.revision = _fit(properties.comments), "", 1
    core.language = "th-TH"


PROPERTY_LIMIT = 255  # characters of one core property (python-docx refuses more)


def _fit(text: str) -> str:
    """`text` within PROPERTY_LIMIT, cut before a letter (never between a Thai letter and its mark)."""
    if len(text) <= PROPERTY_LIMIT:
        return text
    cut = PROPERTY_LIMIT - 1
    while cut > 0 and unicodedata.category(text[cut]) == "Mn":
        cut -= 1
    return text[:cut].rstrip() + "…"


def cover_title(document) -> str:
    """The title lines of the cover, joined by spaces: '' when the template has no ITA Cover Title."""
    lines: list[str] = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        text = " ".join(paragraph.text.split())
        if style == COVER_TITLE:
            lines.append(text)
        elif lines:
            if not text or style != "ITA Cover":
                break
            lines.append(text)
    return " ".join(line for line in lines if line)


# A rendered document is a cycle of objects (python-docx's parts and package refer to each
# other): it goes only when the garbage collector next runs in full, and glibc keeps the memory
# freed, so at many measures the next document piles up on the last.  Before a large document
# the last one is collected and the memory handed back; a full collection has a cost of its own,
# worth paying only from this many measures (bench/README.md, figures behind the code).
RELEASE_AT = 1000
_released = [True]  # nothing large rendered since the last release


def release_memory() -> None:
    """Collect what the last document left and hand the freed memory back to the system."""
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc (Windows, macOS, musl): nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    _released[0] = True


def render_document(
    project: Project,
    kind: DocumentKind,
    out: Path | None = None,
    font: str | None = None,
    *,
    draft: list[LeftOut] | None = None,
    writer: Writer = write_atomic,
) -> Path:
    """Write one document of the project (to its usual place in output/ unless `out` is given).

    With `draft` (the rows left out), the document is a draft: marked on every page, named
    so, and ending with the list of what it does not contain yet."""
    if len(project.measures) >= RELEASE_AT:
        if not _released[0]:
            release_memory()
        _released[0] = False
    out = out or document_path(project.root, kind.file_title(project), project.agency.name, draft=draft is not None)
    font = font or project.agency.font or None
    finish = None
    if kind.key == "measures":

        def finish(document) -> None:
            insert_chart(document, project, font or DEFAULT_FONT)

    last = partial(mark_draft, rows=draft) if draft is not None else None
    return render(
        find_template(project.root, kind.template),
        context_for(project, kind),
        out,
        font,
        finish,
        last=last,
        writer=writer,
        emblem=usable_emblem(project.root),
        properties=document_properties(project, kind),
    )
