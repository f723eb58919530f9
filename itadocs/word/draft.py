"""A draft marked as one: 'ฉบับร่าง' on every page, and the rows left out listed at its end.

At the deadline one empty cell must not hold back the whole agency: the coordinator
sends a draft to the executive while divisions fix theirs.  A draft says so on every
page and ends with what it does not contain yet, so it cannot pass for the final one.
Which rows are left out is decided before rendering (`itadocs.draft.left_out`).
"""

from __future__ import annotations

from .. import thai
from ..draft import LeftOut

MARK = "ฉบับร่าง"
HEADING = "ฉบับร่าง: รายการที่ยังไม่ได้รวมไว้ในเอกสารนี้"
INTRO = (
    "รายการต่อไปนี้มีข้อผิดพลาด จึงยังไม่ได้รวมไว้ในฉบับร่างนี้ เมื่อส่วนงานแก้ไขไฟล์แล้ว ให้สร้างเอกสารอีกครั้งแบบปกติ (ไม่ใช่ฉบับร่าง) เพื่อได้ฉบับสมบูรณ์"
)
NOTHING_LEFT_OUT = "ไม่มีรายการที่ถูกตัดออก"
COLUMNS = ("ไฟล์", "แถว", "ข้อผิดพลาด")
SHARES = (0.3, 0.1, 0.6)  # of the text width
WHOLE_FILE = "ทั้งไฟล์"


def mark_draft(document, rows: list[LeftOut]) -> None:
    """'ฉบับร่าง' at the top of every page, and the list of what was left out at the end.

    Runs after the digits pass on purpose: file names and cell references in the list stay
    as typed; row numbers are given in Thai digits here."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # python-docx: only where a draft is marked
    from docx.shared import RGBColor

    for header in _headers(document):
        first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        mark = first.insert_paragraph_before()
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = mark.add_run(MARK)
        run.font.bold = run.font.cs_bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    document.add_page_break()
    document.add_paragraph(HEADING, style=_style(document, "Heading 1"))
    document.add_paragraph(INTRO, style=_style(document, "ITA Intro"))
    if not rows:
        document.add_paragraph(NOTHING_LEFT_OUT, style=_style(document, "ITA Intro"))
        return
    table = document.add_table(rows=1, cols=len(COLUMNS))
    if _style(document, "Table Grid"):
        table.style = document.styles["Table Grid"]
    text_style = _style(document, "ITA Table Text")
    for cell, title in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.paragraphs[0].text = title
        cell.paragraphs[0].style = _style(document, "ITA Table Header") or text_style
    for row in rows:
        cells = table.add_row().cells
        values = (row.file, thai.to_thai_digits(str(row.row)) if row.row else WHOLE_FILE, "\n".join(row.messages))
        for cell, value in zip(cells, values, strict=True):
            cell.paragraphs[0].text = value
            cell.paragraphs[0].style = text_style
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    table.autofit = False
    for column, share in zip(table.columns, SHARES, strict=True):
        column.width = int(width * share)  # the grid LibreOffice lays out by
    for row in table.rows:  # and each cell, which Word lays out by
        for cell, share in zip(row.cells, SHARES, strict=True):
            cell.width = int(width * share)


def _headers(document):
    """Every header a page can show: each section's own (linked ones show the previous one),
    the first-page header where the section has one, the even-page one where the document does."""
    even = document.settings.odd_and_even_pages_header_footer
    for number, section in enumerate(document.sections):
        candidates = [section.header]
        if section.different_first_page_header_footer:
            candidates.append(section.first_page_header)
        if even:
            candidates.append(section.even_page_header)
        for header in candidates:
            if number == 0 or not header.is_linked_to_previous:
                yield header


def _style(document, name: str) -> str | None:
    """The style's name when the template has it (a coordinator's own template may not)."""
    try:
        document.styles[name]
    except KeyError:
        return None
    return name
