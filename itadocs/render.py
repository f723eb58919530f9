"""Word at the edge: renders a document's context with docxtpl and finishes the .docx.

Only this module touches docxtpl.  After rendering, passes finish the document:
repeated values merged down in the tables that ask for it, the indicator chart put
in its placeholder, rows kept whole on a page when they fit on one, the signature
block kept with what it signs, web and e-mail addresses made hyperlinks, dates kept
on one line, and every text node's Arabic digits turned into Thai digits (so wording
a coordinator types into a template follows the rule too; addresses keep theirs).
"""

from __future__ import annotations

import contextlib
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import RGBColor
from jinja2 import Environment

from . import layout, linebreaks, thai, wordxml
from ._docxtpl_fast import FastDocxTemplate
from .documents import CHART_MARKER, DocumentKind, context_for
from .draft import LeftOut, mark_draft
from .files import write_atomic
from .model import Project
from .paths import TEMPLATES, document_path
from .schema import DEFAULT_FONT

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"  # installed wheel
REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # source checkout
MERGE_CAPTION = re.compile(r"^itadocs:merge\s+([\d,\s]+)$")
W_P, W_T, W_TC, W_TBL = qn("w:p"), qn("w:t"), qn("w:tc"), qn("w:tbl")

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

_ARABIC_DIGIT = re.compile("[0-9]")
_ANY_DIGIT = re.compile("[0-9๐-๙]")


def _texts_with(root, digit: re.Pattern) -> Iterator[tuple[Any, str]]:
    """(w:t, its text) of each text node under `root` holding a match of `digit`.  Walked with
    lxml's tag filter and a compiled search: an XPath translate() selecting the same nodes costs
    three times as much, and most nodes hold no digit."""
    search = digit.search
    for t in root.iter(W_T):
        text = t.text
        if text and search(text):
            yield t, text


def thai_digits_everywhere(document) -> None:
    for root in wordxml.story_roots(document):
        for t, text in _texts_with(root, _ARABIC_DIGIT):
            t.text = _thai_digits(text)


def _thai_digits(text: str) -> str:
    return thai.thai_digits(text) if _ARABIC_DIGIT.search(text) else text


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
        columns = [int(c) - 1 for c in match[1].split(",") if c.strip()]
        rows = _uniform_rows(wordxml.element(table), columns)
        if rows is None:
            _merge_with_python_docx(table, columns)
            continue
        for column in columns:
            cells = [slots[column][0] for slots in rows]
            texts = [wordxml.cell_text(tc) for tc in cells]
            start = 0
            for i in range(1, len(cells) + 1):
                if i < len(cells) and texts[i] == texts[start] and texts[i].strip():
                    continue
                if i - start > 1:
                    for tc in cells[start + 1:i]:  # emptied first, as python-docx's merge would append their text
                        wordxml.clear_cell(tc)
                    wordxml.merge_down(cells[start:i])
                start = i


def _uniform_rows(tbl, columns: list[int]) -> list[list] | None:
    """The grid cells (wordxml.grid_cells) of the table's rows below its header, when merging down
    `columns` is only setting w:vMerge: the rows follow each other, each has every column at
    the same place and width, in a cell of its own holding only paragraphs, and nothing is
    merged yet.  That is every table of the bundled templates; None for any other, which
    python-docx's general merge handles (re-deriving the layout for each merge: 80 ms for the
    example's measures document, 12 ms this way)."""
    if len(set(columns)) != len(columns) or wordxml.has_merged_cells(tbl):
        return None
    body = [(index, wordxml.grid_cells(tr)) for index, tr in enumerate(tbl.tr_lst) if not wordxml.is_header_row(tr)]
    if not body or any(index != body[0][0] + k for k, (index, _) in enumerate(body)):
        return None
    for column in columns:
        if any(column >= len(slots) for _, slots in body):
            return None
        if len({slots[column][1:] for _, slots in body}) != 1:
            return None  # offset and span differ between rows
        if any(wordxml.holds_blocks(slots[column][0]) for _, slots in body):
            return None
    for _, slots in body:
        if len({slots[column][0] for column in columns}) != len(columns):
            return None  # one cell spans two of the columns
    return [slots for _, slots in body]


def _merge_with_python_docx(table, columns: list[int]) -> None:
    """Runs of equal cells merged down `columns` by python-docx's general cell merge."""
    rows = [row for row in table.rows if not wordxml.is_header_row(row)]
    for column in columns:
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


# --- pagination ----------------------------------------------------------------

TWIP_CM = 2.54 / 1440
EMU_CM = 360000  # python-docx lengths are EMU
SIGNATURE_STYLE = "ITA Signature"


class _Styles:
    """Font size and weight of each paragraph style, read when first asked (python-docx's public
    style API, on the paragraph styles only: making a proxy of every style of the template cost
    3 ms a pass, a tenth of a warm rebuild of the example)."""

    def __init__(self, document):
        styles = document.styles.element
        self._by_id = {s.get(_STYLE_ID): s for s in styles.iterchildren(_STYLE)
                       if s.get(_TYPE, "paragraph") == "paragraph"}  # w:type is paragraph when absent
        self.default = next((s for s in self._by_id.values() if s.get(_DEFAULT) in ("1", "true", "on")), None)
        self._cache: dict[str | None, tuple[float, bool]] = {}

    def font(self, style_id: str | None) -> tuple[float, bool]:
        """(size in points, bold) of a paragraph style, following its base styles; 16 pt when unset."""
        if style_id not in self._cache:
            from docx.styles.style import StyleFactory

            size, bold, element = None, None, self._by_id.get(style_id or "", self.default)
            style: Any = StyleFactory(element) if element is not None else None  # a paragraph style
            while style is not None and (size is None or bold is None):
                size = size if size is not None else style.font.size
                bold = bold if bold is not None else style.font.bold
                style = style.base_style
            self._cache[style_id] = (size.pt if size is not None else 16.0, bool(bold))
        return self._cache[style_id]


_STYLE, _STYLE_ID, _TYPE, _DEFAULT = qn("w:style"), qn("w:styleId"), qn("w:type"), qn("w:default")


def _paragraph_text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(W_T))


class _Columns:
    """The text width of each cell of a table, from its grid and cell margins, read once per table."""

    def __init__(self, table):
        self.widths, (self.top, left, self.bottom, right) = wordxml.grid_widths(table), wordxml.cell_margins(table)
        self.padding = left + right

    def text_cm(self, column: int, span: int) -> float:
        return (sum(self.widths[column:column + span]) - self.padding) * TWIP_CM


def _row_height_cm(row, columns: _Columns, styles: _Styles, limit: float = math.inf) -> float:
    """An estimate, on the high side, of how tall a row (w:tr) is: its tallest cell.  Past `limit`
    the rest of the row is not measured: what is returned is then only more than `limit` (the
    sums only grow).  Most rows of a long report are taller than a page and a tall cell
    settles it: a quarter of the pass saved at 1,000 measures."""
    tallest = 0.0
    margins = (columns.top + columns.bottom) * TWIP_CM
    for tc, column, span, merged in wordxml.row_cells(row):
        if merged:  # merged into the cell above: no text of its own
            continue
        width_cm = columns.text_cm(column, span)
        height = 0.0
        for paragraph in tc.iter(W_P):
            size, bold = styles.font(wordxml.paragraph_style_id(paragraph))
            height += layout.lines(_paragraph_text(paragraph), width_cm, size, bold) * layout.line_cm(size)
            if height + margins + 0.1 > limit:
                return height + margins + 0.1
        tallest = max(tallest, height)
    return tallest + margins + 0.1  # and borders


# The heights are estimated from LibreOffice's lines (layout.LINE_EM, the font's typographic line
# of 1.72 em); Word may set lines by the font's Windows metrics, about 1.96 em for Laksaman, 14 %
# taller.  A row Word may not break and cannot fit on a page is cut off at the page's foot (text
# lost on paper), so in the .docx only rows with that much room to spare are kept whole.  The PDF,
# laid out by LibreOffice, keeps every row that fits its own page (relax_rows_for_libreoffice).
WORD_MARGIN = 0.88


def keep_rows_whole(document, margin: float = WORD_MARGIN) -> None:
    """Rows that fit on a page never break across pages (w:cantSplit), so no cell ends a page
    with a line or two of its text; a row taller than `margin` of a page under the header keeps
    the right to break, or Word and LibreOffice would have to cut it off."""
    styles = _Styles(document)
    for table, section in wordxml.tables_by_section(document):
        columns = _Columns(table)
        page_cm = _page_height_cm(section)
        header_cm = 0.0
        for row in table.tr_lst:
            if wordxml.is_header_row(row):
                header_cm += _row_height_cm(row, columns, styles)  # repeated on every page above the other rows
            elif _row_height_cm(row, columns, styles, limit=(room := (page_cm - header_cm) * margin)) <= room:
                wordxml.cant_split(row)


def relax_rows_for_libreoffice(path: Path) -> None:
    """Keep whole, in a rendered .docx about to become a PDF, every row LibreOffice can fit on its
    page: its line heights are the ones the estimate is calibrated on."""
    from docx import Document

    document = Document(str(path))
    keep_rows_whole(document, margin=1.0)
    document.save(str(path))


def own_names(project: Project) -> list[str]:
    """The names a project's documents hold that no dictionary knows: the agency, its district
    and province, its divisions (linebreaks keeps them whole where they fit)."""
    agency = project.agency
    return [agency.name, agency.district, agency.province, *agency.divisions, *(m.division for m in project.measures)]


def prepare_pdf_copy(names: Iterable[str] = ()) -> Callable[[Path], None]:
    """What the working copy of a rendered .docx gets before LibreOffice turns it into the PDF
    (the .docx itself is never changed): every row kept whole that LibreOffice can fit on its
    page (relax_rows_for_libreoffice), and Thai line breaks marked (linebreaks), with `names`
    (the agency's and divisions') as words."""
    breaks = linebreaks.ThaiBreaks(names)

    def prepare(path: Path) -> None:
        from docx import Document

        document = Document(str(path))
        keep_rows_whole(document, margin=1.0)
        mark_thai_breaks(document, breaks)
        document.save(str(path))

    return prepare


def mark_thai_breaks(document, breaks: linebreaks.ThaiBreaks) -> None:
    """Where a Thai line may end and where not, marked in every paragraph for LibreOffice, by
    the width of the paragraph's line and its style's font (see linebreaks)."""
    styles, widths = _Styles(document), _LineWidths(document)
    for root in wordxml.story_roots(document):
        for paragraph in root.iter(W_P):
            nodes = [t for t in paragraph.iter(W_T) if t.text]
            text = "".join(t.text for t in nodes)
            if not linebreaks.has_thai(text):
                continue
            size, bold = styles.font(wordxml.paragraph_style_id(paragraph))
            marks = breaks.marks(text, widths(paragraph) / (size * layout.CM_PER_PT), bold)
            if not marks:
                continue
            start = 0
            for t in nodes:
                value = t.text
                end = start + len(value)
                here = {at - start: mark for at, mark in marks.items() if start < at < end or (at == start and start)}
                if here:
                    t.text = linebreaks.insert(value, here)
                start = end


def keep_signature_with_content(document) -> None:
    """The signature block never stands alone on the last page: the empty paragraphs before it,
    the closing paragraph (the report's summary) and the last row of the table before that are
    kept with it.  LibreOffice honours the closing paragraph's keep but not a row's in a table
    that runs over pages; Word honours both."""
    try:
        signature = document.styles[SIGNATURE_STYLE].style_id
    except KeyError:
        return
    body = document.element.body
    block = wordxml.first_paragraph_of_style(body, signature)
    if block is None:
        return
    while block.getparent() is not body:  # the signature table, not its paragraph
        block = block.getparent()
    texts = 0
    for before in block.itersiblings(preceding=True):
        if before.tag == qn("w:tbl"):
            for paragraph in before.tr_lst[-1].iter(qn("w:p")):
                wordxml.keep_with_next(paragraph)
            return
        if before.tag != qn("w:p"):
            continue
        if _paragraph_text(before).strip():
            texts += 1
            if texts > 1:  # a chain of kept paragraphs would move a whole page
                return
        wordxml.keep_with_next(before)



# --- text ------------------------------------------------------------------------

HYPERLINK_STYLE = "Hyperlink"
W_R, W_HYPERLINK = qn("w:r"), qn("w:hyperlink")


def _may_hold_address(root) -> list:
    """The text nodes (w:t) of runs outside links whose text has '://', 'www.' or '@': walked with
    lxml's tag filter (an XPath contains() selecting the same nodes costs twice as much), and
    listed before any is changed."""
    found = []
    for t in root.iter(W_T):
        text = t.text
        if text and ("://" in text or "www." in text or "@" in text):
            run = t.getparent()
            if run is not None and run.tag == W_R and next(t.iterancestors(W_HYPERLINK), None) is None:
                found.append(t)
    return found


def link_addresses(document) -> None:
    """Web and e-mail addresses typed in the text become hyperlinks a reader can click, in Word
    and in the PDF (w:hyperlink with an external relationship); their text stays as typed."""
    style_id = _hyperlink_style(document)
    for root, part in wordxml.stories(document):
        for text in _may_hold_address(root):
            run = text.getparent()
            if [child.tag for child in run if child.tag != qn("w:rPr")] != [qn("w:t")]:
                continue  # tabs or breaks inside: left as they are
            while run is not None:
                found = thai.addresses(run.find(qn("w:t")).text or "")
                if not found:
                    break
                start, end, target = found[0]
                rid = part.relate_to(target, RT.HYPERLINK, is_external=True)
                rest = wordxml.link_run_text(run, start, end, rid, style_id)
                run = rest


def _hyperlink_style(document) -> str:
    """The id of the character style links wear: blue, underlined, language English (so a long
    address breaks after a slash, by English rules, rather than anywhere)."""
    try:
        return document.styles[HYPERLINK_STYLE].style_id
    except KeyError:
        style = document.styles.add_style(HYPERLINK_STYLE, 2)  # character style
        style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        style.font.underline = True
        wordxml.set_child(style.element.get_or_add_rPr(), wordxml.new("w:lang", val="en-US"))
        return style.style_id


def keep_dates_together(document, then: Callable[[str], str] | None = None) -> None:
    """No line ends between "พ.ศ." and its year or inside a date, unless the date is too long
    for its column (then it is kept together by parts); see thai.keep_together.  `then` is
    applied next to every text with a digit (the digits pass, done in the same walk)."""
    line = _Line(_Styles(document), _LineWidths(document))
    for root in wordxml.story_roots(document):
        for t, text in _texts_with(root, _ANY_DIGIT):
            kept = thai.keep_together(text, line.of(t).fits) if thai.may_hold_date(text) else text
            if then is not None:
                kept = then(kept)
            if kept != text:
                t.text = kept


class _LineWidths:
    """The width of a paragraph's line: its table cell's, or the page's outside tables.  Asked
    of paragraphs in document order, so one row's cell widths are kept at a time."""

    def __init__(self, document):
        self.body = min(_text_width_cm(section) for section in document.sections)
        self.tables: dict[object, _Columns] = {}  # by table element (held here, so lxml keeps the same proxy)
        self.row: list = [None, {}]  # the last row (w:tr) met and the text width of each of its cells (w:tc)

    def __call__(self, paragraph) -> float:
        tc = next(paragraph.iterancestors(W_TC), None) if paragraph is not None else None
        if tc is None:
            return self.body
        if tc.getparent() is not self.row[0]:
            table = next(tc.iterancestors(W_TBL))
            if table not in self.tables:
                self.tables[table] = _Columns(table)
            columns = self.tables[table]
            self.row[:] = [tc.getparent(), {cell: columns.text_cm(column, span)
                                            for cell, column, span, _ in wordxml.row_cells(tc.getparent())}]
        return self.row[1][tc]


class _Line:
    """What one line of the paragraph holding a text node (w:t) holds, worked out only when
    asked (most numbers are no dates).  One _Line is aimed at each text in turn (`of`), and
    remembers what it measured: the same dates come back row after row."""

    def __init__(self, styles: _Styles, width_of: Callable):
        self.styles, self.width_of = styles, width_of
        self.text: Any = None
        self.room: tuple[float, float, bool] | None = None
        self.measured: dict[tuple[str, float, float, bool], bool] = {}

    def of(self, text) -> _Line:
        self.text, self.room = text, None
        return self

    def _room(self) -> tuple[float, float, bool]:
        paragraph = next(self.text.iterancestors(W_P), None)
        style = wordxml.paragraph_style_id(paragraph) if paragraph is not None else None
        return (self.width_of(paragraph), *self.styles.font(style))

    def fits(self, words: str) -> bool:
        """Whether `words`, kept together, fit on one line with room to spare."""
        if self.room is None:
            self.room = self._room()
        key = (words, *self.room)
        found = self.measured.get(key)
        if found is None:
            width, size, bold = self.room
            found = self.measured[key] = layout.text_cm(words, size, bold) <= width * 0.9
        return found


def _text_width_cm(section) -> float:
    """The width of the text on the section's pages (A4 landscape with the template's margins: 25.7 cm)."""
    return (section.page_width or 0) / EMU_CM - ((section.left_margin or 0) + (section.right_margin or 0)) / EMU_CM


def _page_height_cm(section) -> float:
    """The height of the text on the section's pages, between the top and bottom margins."""
    return (section.page_height or 0) / EMU_CM - ((section.top_margin or 0) + (section.bottom_margin or 0)) / EMU_CM


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
            # Words, so the chart breaks a label between them and never inside one.
            [[thai.to_thai_digits(str(s.indicator.number)), " ", *thai.words(s.indicator.name)] for s in scores],
            [s.score for s in scores if s.score is not None],
            threshold=project.criteria.pass_mark,
            threshold_label=f"เกณฑ์ผ่าน {thai.thai_number(project.criteria.pass_mark, 0)} คะแนน",
            series_label=f"คะแนนรายตัวชี้วัด ปี {thai.to_thai_digits(str(project.assessment.year))}",
            font=font,
            width_cm=25.0,  # the text width of a landscape page (25.7 cm), nearly
            height_cm=11.0,  # with the heading and the score sentence, one landscape page
        )


# --- what a process keeps between documents ---------------------------------------

class _CompilingEnvironment(Environment):
    """A Jinja environment that keeps what it compiled, by source text: docxtpl compiles the
    body, each header and footer and eight document properties on every render (45 ms for the
    two documents of the example), and a warm process renders the same templates again."""

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


def render(template: Path, context: dict, out: Path, font: str | None = None,
           finish: Callable | None = None, *, last: Callable | None = None, writer: Writer = write_atomic) -> Path:
    """Render `template` with `context` into `out`, then run the finishing passes (`last`
    after the digits and font passes).  `writer(out, save)` puts the file in place, by
    default whole or not at all, and returns where it went."""
    tpl = Template(_template_file(Path(template)))
    tpl.render(context, _environment(), autoescape=True)
    merge_repeated_cells(tpl.docx)
    if finish:
        finish(tpl.docx)
    keep_rows_whole(tpl.docx)
    keep_signature_with_content(tpl.docx)
    link_addresses(tpl.docx)
    keep_dates_together(tpl.docx, then=_thai_digits)  # and thai_digits_everywhere, in one walk
    if font:
        set_font(tpl.docx, font)
    if last:
        last(tpl.docx)
    try:
        return writer(out, tpl.save)
    finally:
        wordxml.release(tpl.docx)


# A rendered document is a cycle of objects (python-docx's parts and package refer to each
# other): it goes only when the garbage collector next runs in full, and glibc keeps the memory
# freed.  At 10,000 measures the next document piled up on it: 500 MB at peak.  Before a large
# document the last one is collected and the memory handed back; a full collection costs
# about 30 ms, so only from this many measures.
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


def render_document(project: Project, kind: DocumentKind, out: Path | None = None, font: str | None = None, *,
                    draft: list[LeftOut] | None = None, writer: Writer = write_atomic) -> Path:
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
    return render(find_template(project.root, kind.template), context_for(project, kind), out, font, finish,
                  last=last, writer=writer)
