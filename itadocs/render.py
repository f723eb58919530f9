"""Word at the edge: renders a document's context with docxtpl and finishes the .docx.

Only this module touches docxtpl.  After rendering, passes finish the document:
repeated values merged down in the tables that ask for it, the indicator chart put
in its placeholder, and every text node's Arabic digits turned into Thai digits (so
wording a coordinator types into a template follows the rule too; web and e-mail
addresses keep theirs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import Environment

from . import thai, wordxml
from .documents import CHART_MARKER, DocumentKind, context_for
from .draft import LeftOut, mark_draft
from .files import write_atomic
from .model import Project
from .paths import TEMPLATES, document_path
from .schema import DEFAULT_FONT

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"  # installed wheel
REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # source checkout
MERGE_CAPTION = re.compile(r"^itadocs:merge\s+([\d,\s]+)$")

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


# --- passes over the rendered document ----------------------------------------

# Text nodes holding an Arabic digit, found by libxml2 itself: most nodes have none.
_WITH_DIGITS = "//w:t[translate(., '0123456789', '') != .]"


def thai_digits_everywhere(document) -> None:
    for root in wordxml.story_roots(document):
        for text in root.xpath(_WITH_DIGITS):
            text.text = thai.thai_digits(text.text)


def set_font(document, font: str) -> None:
    """Replace the font named in styles and runs, on all four script slots."""
    for root in (document.styles.element, *wordxml.story_roots(document)):
        for rFonts in root.iter(qn("w:rFonts")):
            for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
                if rFonts.get(qn(f"w:{slot}")) is not None:
                    rFonts.set(qn(f"w:{slot}"), font)


def merge_repeated_cells(document) -> None:
    """In tables captioned 'itadocs:merge 1,2', merge runs of equal cells down those columns."""
    for table in document.tables:
        caption = wordxml.table_caption(table)
        match = MERGE_CAPTION.match(caption.get(qn("w:val"), "")) if caption is not None else None
        if caption is None or not match:
            continue
        wordxml.remove(caption)  # an instruction to us, not alt text for readers
        rows = [row for row in table.rows if not wordxml.is_header_row(row)]
        for column in (int(c) - 1 for c in match[1].split(",") if c.strip()):
            cells = [row.cells[column] for row in rows if column < len(row.cells)]
            start = 0
            for i in range(1, len(cells) + 1):
                if i < len(cells) and cells[i].text == cells[start].text and cells[i].text.strip():
                    continue
                if i - start > 1:
                    for cell in cells[start + 1:i]:  # emptied first, or merge() would append their text
                        wordxml.clear_cell(cell)
                    cells[start].merge(cells[i - 1])
                start = i


def insert_chart(document, project: Project, font: str) -> None:
    """Put the native chart of the indicator scores where the template rendered CHART_MARKER."""
    from .chart import add_bar_chart  # builds chart XML; only the measures document needs it

    for paragraph in document.paragraphs:
        if paragraph.text.strip() != CHART_MARKER:
            continue
        for run in paragraph.runs:
            wordxml.remove(run)
        scores = [s for s in project.assessment.indicators if s.score is not None]
        add_bar_chart(
            paragraph,
            [thai.to_thai_digits(f"{s.indicator.number} {s.indicator.name}") for s in scores],
            [s.score for s in scores if s.score is not None],
            threshold=project.criteria.pass_mark,
            threshold_label=f"เกณฑ์ผ่าน {thai.thai_number(project.criteria.pass_mark, 0)} คะแนน",
            series_label=f"คะแนนรายตัวชี้วัด ปี {thai.to_thai_digits(str(project.assessment.year))}",
            font=font,
            height_cm=11.0,  # with the heading and the score sentence, one landscape page
        )


# --- rendering ---------------------------------------------------------------

Writer = Callable[[Path, Callable[[Path], object]], Path]


def render(template: Path, context: dict, out: Path, font: str | None = None,
           finish: Callable | None = None, *, last: Callable | None = None, writer: Writer = write_atomic) -> Path:
    """Render `template` with `context` into `out`, then run the finishing passes (`last`
    after the digits and font passes).  `writer(out, save)` puts the file in place, by
    default whole or not at all, and returns where it went."""
    env = Environment(autoescape=True)  # & < > in user text must not break the XML
    env.filters.update(FILTERS)
    tpl = DocxTemplate(template)
    tpl.render(context, env, autoescape=True)
    merge_repeated_cells(tpl.docx)
    if finish:
        finish(tpl.docx)
    thai_digits_everywhere(tpl.docx)
    if font:
        set_font(tpl.docx, font)
    if last:
        last(tpl.docx)
    return writer(out, tpl.save)


def render_document(project: Project, kind: DocumentKind, out: Path | None = None, font: str | None = None, *,
                    draft: list[LeftOut] | None = None, writer: Writer = write_atomic) -> Path:
    """Write one document of the project (to its usual place in output/ unless `out` is given).

    With `draft` (the rows left out), the document is a draft: marked on every page, named
    so, and ending with the list of what it does not contain yet."""
    out = out or document_path(project.root, kind.file_title(project), project.agency.name, draft=draft is not None)
    font = font or project.agency.font or None
    finish = None
    if kind.key == "measures":
        def finish(document) -> None:
            insert_chart(document, project, font or DEFAULT_FONT)
    last = partial(mark_draft, rows=draft) if draft is not None else None
    return render(find_template(project.root, kind.template), context_for(project, kind), out, font, finish,
                  last=last, writer=writer)
