"""The passes that finish a rendered document, in the order `render.render` runs them.

Repeated values merged down in the tables that ask for it, the indicator chart put in its
placeholder, rows kept whole on a page when they fit on one, the signature block kept with
what it signs, web and e-mail addresses made hyperlinks, dates kept on one line, and every
text node's Arabic digits turned into Thai digits (so wording a coordinator types into a
template follows the rule too; addresses keep theirs).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import RGBColor

from .. import thai
from ..documents import CHART_MARKER
from ..model import Project
from . import metrics, oxml
from .layout import (
    Columns,
    LineWidths,
    Styles,
    ends_section,
    opening_cm,
    page_height_cm,
    paragraph_height_cm,
    paragraph_text,
    row_height_cm,
    text_width_cm,
)

MERGE_CAPTION = re.compile(r"^itadocs:merge\s+([\d,\s]+)$")
SIGNATURE_STYLE = "ITA Signature"
W_P, W_T, W_TC, W_TBL = qn("w:p"), qn("w:t"), qn("w:tc"), qn("w:tbl")


# --- digits, fonts, merged cells ----------------------------------------------

_ARABIC_DIGIT = re.compile("[0-9]")
_ANY_DIGIT = re.compile("[0-9๐-๙]")


def _texts_with(root, digit: re.Pattern) -> Iterator[tuple[Any, str]]:
    """(w:t, its text) of each text node under `root` holding a match of `digit`.  Walked with
    lxml's tag filter and a compiled search, cheaper than an XPath translate() selecting the
    same nodes; most nodes hold no digit."""
    search = digit.search
    for t in root.iter(W_T):
        text = t.text
        if text and search(text):
            yield t, text


def thai_digits_everywhere(document) -> None:
    for root in oxml.story_roots(document):
        for t, text in _texts_with(root, _ARABIC_DIGIT):
            t.text = thai_digits(text)


def thai_digits(text: str) -> str:
    """The text with its Arabic digits as Thai ones (the same string when it has none)."""
    return thai.thai_digits(text) if _ARABIC_DIGIT.search(text) else text


def set_font(document, font: str) -> None:
    """Replace the font named in styles and runs, on all four script slots."""
    for root in (document.styles.element, *oxml.story_roots(document)):
        for rFonts in root.iter(qn("w:rFonts")):
            for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
                if rFonts.get(qn(f"w:{slot}")) is not None:
                    rFonts.set(qn(f"w:{slot}"), font)


def merge_repeated_cells(document) -> list:
    """In tables captioned 'itadocs:merge 1,2', merge runs of equal cells down those columns,
    when the table fits on a page; returns those tables (w:tbl), which keep_tables_together
    keeps on one page, so a group's label (merged into one cell at the group's first row) is
    never left on the page before.  A longer table keeps the label in every row instead."""
    merged: list = []
    styles = Styles(document)
    rooms = {table: page_height_cm(section) for table, section in oxml.tables_by_section(document)}
    for table in document.tables:
        caption = oxml.table_caption(table)
        match = MERGE_CAPTION.match(caption.get(qn("w:val"), "")) if caption is not None else None
        if caption is None or not match:
            continue
        oxml.remove(caption)  # an instruction to us, not alt text for readers
        tbl = oxml.element(table)
        if not table_fits(tbl, Columns(tbl), styles, rooms.get(tbl, 15.0) * 0.85):
            continue  # longer than a page: each row keeps its group's label, so a continued page has it
        merged.append(tbl)
        columns = [int(c) - 1 for c in match[1].split(",") if c.strip()]
        rows = _uniform_rows(oxml.element(table), columns)
        if rows is None:
            _merge_with_python_docx(table, columns)
            continue
        for column in columns:
            cells = [slots[column][0] for slots in rows]
            texts = [oxml.cell_text(tc) for tc in cells]
            start = 0
            for i in range(1, len(cells) + 1):
                if i < len(cells) and texts[i] == texts[start] and texts[i].strip():
                    continue
                if i - start > 1:
                    for tc in cells[start + 1 : i]:  # emptied first, as python-docx's merge would append their text
                        oxml.clear_cell(tc)
                    oxml.merge_down(cells[start:i])
                start = i
    return merged


def _uniform_rows(tbl, columns: list[int]) -> list[list] | None:
    """The grid cells (oxml.grid_cells) of the table's rows below its header, when merging down
    `columns` is only setting w:vMerge: the rows follow each other, each has every column at
    the same place and width, in a cell of its own holding only paragraphs, and nothing is
    merged yet.  That is every table of the bundled templates; None for any other, which
    python-docx's general merge handles, re-deriving the layout for each merge (several times
    slower: bench/README.md, figures behind the code)."""
    if len(set(columns)) != len(columns) or oxml.has_merged_cells(tbl):
        return None
    body = [(index, oxml.grid_cells(tr)) for index, tr in enumerate(tbl.tr_lst) if not oxml.is_header_row(tr)]
    if not body or any(index != body[0][0] + k for k, (index, _) in enumerate(body)):
        return None
    for column in columns:
        if any(column >= len(slots) for _, slots in body):
            return None
        if len({slots[column][1:] for _, slots in body}) != 1:
            return None  # offset and span differ between rows
        if any(oxml.holds_blocks(slots[column][0]) for _, slots in body):
            return None
    for _, slots in body:
        if len({slots[column][0] for column in columns}) != len(columns):
            return None  # one cell spans two of the columns
    return [slots for _, slots in body]


def _merge_with_python_docx(table, columns: list[int]) -> None:
    """Runs of equal cells merged down `columns` by python-docx's general cell merge."""
    rows = [row for row in table.rows if not oxml.is_header_row(row)]
    for column in columns:
        cells = [row.cells[column] for row in rows if column < len(row.cells)]
        start = 0
        for i in range(1, len(cells) + 1):
            if i < len(cells) and cells[i].text == cells[start].text and cells[i].text.strip():
                continue
            if i - start > 1:
                for cell in cells[start + 1 : i]:  # emptied first, or merge() would append their text
                    oxml.clear_cell(cell)
                cells[start].merge(cells[i - 1])
            start = i


# --- pagination ----------------------------------------------------------------

# The heights are estimated from LibreOffice's lines (layout.LINE_EM, the font's typographic line
# of 1.72 em); Word may set lines by the font's Windows metrics, about 1.96 em for Laksaman, 14 %
# taller.  A row Word may not break and cannot fit on a page is cut off at the page's foot (text
# lost on paper), so in the .docx only rows with that much room to spare are kept whole.  The PDF,
# laid out by LibreOffice, keeps every row that fits its own page (for_libreoffice).
WORD_MARGIN = 0.88
FIRST_ROW_SHARE = 0.5


def keep_rows_whole(document, margin: float = WORD_MARGIN) -> None:
    """Rows that fit on a page never break across pages (w:cantSplit), so no cell ends a page
    with a line or two of its text; a row taller than `margin` of a page under the header keeps
    the right to break, or Word and LibreOffice would have to cut it off.

    A table's first row may break too when it is taller than FIRST_ROW_SHARE of the page, or
    does not fit under the heading and opening of its section: kept whole it would take the
    headings to the next page, or leave them (and an opening) alone on theirs; published reports
    run the headings and the opening into the table."""
    styles = Styles(document)
    for table, section in oxml.tables_by_section(document):
        columns = Columns(table)
        page_cm = page_height_cm(section)
        header_cm = 0.0
        opening = opening_cm(table, styles, text_width_cm(section))
        first = True
        for row in table.tr_lst:
            if oxml.is_header_row(row):
                header_cm += row_height_cm(row, columns, styles)  # repeated on every page above the other rows
                continue
            room = (page_cm - header_cm) * margin
            height = row_height_cm(row, columns, styles, limit=room)
            if first and (
                height > room * FIRST_ROW_SHARE or (opening is not None and height > page_cm - opening - header_cm)
            ):
                first = False
                continue  # runs on from the page of the headings above it
            first = False
            if height <= room:
                oxml.cant_split(row)


def table_fits(table, columns: Columns, styles: Styles, room_cm: float) -> bool:
    """Whether a table (w:tbl), every row of it, fits in `room_cm` (an estimate on the high side)."""
    height = 0.0
    for row in table.tr_lst:
        height += row_height_cm(row, columns, styles, limit=room_cm - height)
        if height > room_cm:
            return False
    return True


def keep_tables_together(tables: list) -> None:
    """Keep each table (w:tbl) on one page: every row kept with the next, as Word does it; Word
    and LibreOffice then move the table whole, and with the paragraph after it."""
    for table in tables:
        for paragraph in table.iter(W_P):
            oxml.keep_with_next(paragraph)


def for_libreoffice(document) -> None:
    """What the copy of a document LibreOffice turns into the PDF gets (the .docx is left as it
    is): every row kept whole that fits its own page, its line heights being the ones the estimate
    is calibrated on; and the last row of a table longer than a page no longer kept with the
    signatures.  LibreOffice takes that row's keep as one for the whole table and moves the
    signatures onto a page of their own even when they fit below it; Word keeps the row with them."""
    keep_rows_whole(document, margin=1.0)
    table, _ = _above_signatures(document)
    if table is not None and not _fits_a_page(document, table):
        for paragraph in table.tr_lst[-1].iter(W_P):
            oxml.keep_with_next(paragraph, False)


def keep_signature_with_content(document) -> None:
    """The signature block never stands alone on the last page: the empty paragraphs before it,
    the closing paragraph (the report's summary) and the end of the table before that are kept
    with it: the whole table when it fits a page (LibreOffice keeps a table with what follows only
    so), else its last row (Word does; see `for_libreoffice` for the PDF)."""
    table, paragraphs = _above_signatures(document)
    for paragraph in paragraphs:
        oxml.keep_with_next(paragraph)
    if table is None:
        return
    if _fits_a_page(document, table):
        keep_tables_together([table])
    else:
        for paragraph in table.tr_lst[-1].iter(W_P):
            oxml.keep_with_next(paragraph)


def _above_signatures(document) -> tuple[Any, list[Any]]:
    """What is kept with the signature block: the table above it (None when there is none, or
    when more than one paragraph of text comes between: a chain of kept paragraphs would move a
    whole page) and the paragraphs between, nearest first."""
    block = _signature_block(document)
    if block is None:
        return None, []
    paragraphs: list[Any] = []
    texts = 0
    for before in block.itersiblings(preceding=True):
        if before.tag == W_TBL:
            return before, paragraphs
        if before.tag != W_P:
            continue
        if paragraph_text(before).strip():
            texts += 1
            if texts > 1:
                return None, paragraphs
        paragraphs.append(before)
    return None, paragraphs


def _signature_block(document):
    """The signature block's first element in the body (its table, or a paragraph), or None."""
    try:
        signature = document.styles[SIGNATURE_STYLE].style_id
    except KeyError:
        return None
    body = document.element.body
    block = oxml.first_paragraph_of_style(body, signature)
    if block is None:
        return None
    while block.getparent() is not body:  # the signature table, not its paragraph
        block = block.getparent()
    return block


def _fits_a_page(document, table) -> bool:
    room = min(page_height_cm(section) for section in document.sections) * 0.8
    return table_fits(table, Columns(table), Styles(document), room)


# --- text ------------------------------------------------------------------------

HYPERLINK_STYLE = "Hyperlink"
W_R, W_HYPERLINK = qn("w:r"), qn("w:hyperlink")


def _may_hold_address(root) -> list:
    """The text nodes (w:t) of runs outside links whose text has '://', 'www.' or '@': walked with
    lxml's tag filter (cheaper than an XPath contains() selecting the same nodes), and listed
    before any is changed."""
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
    for root, part in oxml.stories(document):
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
                rest = oxml.link_run_text(run, start, end, rid, style_id)
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
        oxml.set_child(style.element.get_or_add_rPr(), oxml.new("w:lang", val="en-US"))
        return style.style_id


def keep_dates_together(document, then: Callable[[str], str] | None = None) -> None:
    """No line ends between "พ.ศ." and its year or inside a date, unless the date is too long
    for its column (then it is kept together by parts); see thai.keep_together.  `then` is
    applied next to every text with a digit (the digits pass, done in the same walk)."""
    line = _Line(Styles(document), LineWidths(document))
    for root in oxml.story_roots(document):
        for t, text in _texts_with(root, _ANY_DIGIT):
            kept = thai.keep_together(text, line.of(t).fits) if thai.may_hold_date(text) else text
            if then is not None:
                kept = then(kept)
            if kept != text:
                t.text = kept


class _Line:
    """What one line of the paragraph holding a text node (w:t) holds, worked out only when
    asked (most numbers are no dates).  One _Line is aimed at each text in turn (`of`), and
    remembers what it measured: the same dates come back row after row."""

    def __init__(self, styles: Styles, width_of: Callable):
        self.styles, self.width_of = styles, width_of
        self.text: Any = None
        self.room: tuple[float, float, bool] | None = None
        self.measured: dict[tuple[str, float, float, bool], bool] = {}

    def of(self, text) -> _Line:
        self.text, self.room = text, None
        return self

    def _room(self) -> tuple[float, float, bool]:
        paragraph = next(self.text.iterancestors(W_P), None)
        style = oxml.paragraph_style_id(paragraph) if paragraph is not None else None
        return (self.width_of(paragraph), *self.styles.font(style))

    def fits(self, words: str) -> bool:
        """Whether `words`, kept together, fit on one line with room to spare."""
        if self.room is None:
            self.room = self._room()
        key = (words, *self.room)
        found = self.measured.get(key)
        if found is None:
            width, size, bold = self.room
            found = self.measured[key] = metrics.text_cm(words, size, bold) <= width * 0.9
        return found


CHART_CM = (6.5, 11.0)  # the chart's height: as tall as the page leaves, within these


def chart_height_cm(document, paragraph) -> float:
    """The chart's height, so the heading, the score sentence and the chart share one page
    whatever the agency's name (a long one makes the sentence a line or two longer)."""
    sections = list(document.sections)
    section = sections[min(1, len(sections) - 1)]  # the first page after the cover
    styles, width = Styles(document), text_width_cm(section)
    used = 0.0
    for before in paragraph.itersiblings(preceding=True):
        if before.tag != W_P or ends_section(before):
            break
        used += paragraph_height_cm(before, styles, width)
    room = page_height_cm(section) - used - 1.2  # the chart paragraph's own line and a margin
    return max(CHART_CM[0], min(CHART_CM[1], room))


def insert_chart(document, project: Project, font: str) -> None:
    """Put the native chart of the indicator scores where the template rendered CHART_MARKER."""
    from .chart import add_bar_chart  # builds chart XML; only the measures document needs it

    for paragraph in document.paragraphs:
        if paragraph.text.strip() != CHART_MARKER:
            continue
        for run in paragraph.runs:
            oxml.remove(run)
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
            height_cm=chart_height_cm(document, oxml.element(paragraph)),
        )
