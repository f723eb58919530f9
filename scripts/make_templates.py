"""Generates the Word templates in templates/ (run: python scripts/make_templates.py).

The templates are ordinary .docx files a coordinator may edit in Word; this script
is how we make the originals, so their styles are deliberate and reproducible:
the same script gives byte-identical files.

Typography of official Thai documents: A4, TH SarabunPSK 16 pt body and 14 pt tables, set on the
complex-script attributes too (w:cs, w:szCs, w:bCs), because Word shapes Thai with
those; theme fonts are removed since they would override the named font.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from itadocs.word import oxml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
FONT = "TH SarabunPSK"
BODY_PT, TABLE_PT = 16, 14
FIXED_TIME = datetime(2025, 1, 1)

# Styles the templates use; a coordinator restyles the document by changing these in Word.
COVER, HEADING, TOOL, INDICATOR, INTRO = "ITA Cover", "Heading 1", "Heading 2", "Heading 3", "ITA Intro"
COVER_TITLE = "ITA Cover Title"
CELL, CELL_HEAD, CELL_STRONG, SIGNATURE = "ITA Table Text", "ITA Table Header", "ITA Table Strong", "ITA Signature"
CELL_CENTER, CELL_FLAG, NOTE = "ITA Table Center", "ITA Table Flag", "ITA Note"
HYPERLINK = "Hyperlink"  # the name Word gives the style of links


# --- styles ------------------------------------------------------------------

# Latin text is English and complex script Thai, set once in the document defaults: Word checks
# spelling by it, and a language on every style was a Thai "Latin language" Word would not undo.
LANGUAGE = {"val": "en-US", "eastAsia": "en-US", "bidi": "th-TH"}
# The heading hierarchy: (size in points, space before and after in points, alignment).
HEADING_LEVELS = {
    HEADING: (20, 0, 12, WD_ALIGN_PARAGRAPH.CENTER),
    TOOL: (18, 18, 6, WD_ALIGN_PARAGRAPH.LEFT),
    INDICATOR: (16, 12, 3, WD_ALIGN_PARAGRAPH.LEFT),
}
COVER_TITLE_PT, COVER_PT = 22, 18
# The styles a template keeps from python-docx's default one, with ours; the rest (its colourful
# table styles, Title, Quote ...) would only show in Word's gallery in blue.
KEPT_STYLES = {
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "TableGrid",
    "Header",
    "Footer",
    "Heading1",
    "Heading2",
    "Heading3",
}


def _set_run_props(
    rPr, size_pt: float | None = None, bold: bool | None = None, *, fonts: bool = False, language: bool = False
) -> None:
    """Size and bold on Latin and complex script alike, black; the font on all four script slots
    and the language only where asked (the document defaults: the styles inherit them)."""
    for tag in ("w:rFonts", "w:sz", "w:szCs", "w:b", "w:bCs", "w:color", "w:lang"):
        for old in rPr.findall(qn(tag)):
            rPr.remove(old)
    wanted = [oxml.new("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)] if fonts else []
    if bold is not None:
        value = "1" if bold else "0"
        wanted += [oxml.new("w:b", val=value), oxml.new("w:bCs", val=value)]
    wanted.append(oxml.new("w:color", val="000000"))
    if size_pt is not None:
        wanted += [oxml.new("w:sz", val=str(int(size_pt * 2))), oxml.new("w:szCs", val=str(int(size_pt * 2)))]
    if language:
        wanted.append(oxml.new("w:lang", **LANGUAGE))
    for child in wanted:
        oxml.set_child(rPr, child)


def prune_styles(styles) -> None:
    """Keep python-docx's styles the templates use, without their linked character styles
    ('Heading 1 Char' in blue, which Word shows when a heading style is applied to a part of a
    paragraph) and without a language of their own."""
    root = styles.element
    for style in list(root.iterchildren(qn("w:style"))):
        if style.get(qn("w:styleId")) not in KEPT_STYLES:
            root.remove(style)
    for tag in ("w:link", "w:rsid"):
        for found in list(root.iter(qn(tag))):
            found.getparent().remove(found)
    for lang in list(root.iter(qn("w:lang"))):
        lang.getparent().remove(lang)


def setup_styles(doc) -> None:
    styles = doc.styles
    root = styles.element
    prune_styles(styles)
    # Theme fonts (asciiTheme, cstheme ...) win over named fonts: remove them everywhere.
    for rFonts in root.iter(qn("w:rFonts")):
        for attr in list(rFonts.attrib):
            if attr.endswith("Theme") or attr.endswith("theme"):
                del rFonts.attrib[attr]
    defaults = root.find(qn("w:docDefaults"))
    _set_run_props(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), BODY_PT, fonts=True, language=True)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        defaults.remove(ppr_default)

    normal = styles["Normal"]
    _set_run_props(normal.element.get_or_add_rPr(), BODY_PT, fonts=True)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justified Thai stretches badly
    fmt.widow_control = True  # a paragraph a page break splits leaves at least two lines on each side

    def paragraph_style(
        name: str,
        size: float,
        bold: bool = False,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        base: str = "Normal",
        before: float = 0,
        after: float = 0,
        keep_next: bool = False,
    ):
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, 1)
        style.base_style = styles[base]
        style.quick_style = True
        _set_run_props(style.element.get_or_add_rPr(), size, bold)
        pPr = style.element.get_or_add_pPr()
        for old in pPr.findall(qn("w:spacing")):  # python-docx's headings carry their own
            pPr.remove(old)
        fmt = style.paragraph_format
        fmt.alignment, fmt.space_before, fmt.space_after = align, Pt(before), Pt(after)
        fmt.keep_with_next = keep_next
        fmt.line_spacing = 1.0
        return style

    paragraph_style(COVER, COVER_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_style(COVER_TITLE, COVER_TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, base=COVER, after=6)
    for name, (size, before, after, align) in HEADING_LEVELS.items():
        heading = paragraph_style(name, size, bold=True, align=align, before=before, after=after, keep_next=True)
        heading.element.get_or_add_pPr()  # the built-in heading keeps its outline level (the PDF's bookmarks)
    intro = paragraph_style(INTRO, BODY_PT, after=6)
    intro.paragraph_format.first_line_indent = Cm(1.25)
    paragraph_style(CELL, TABLE_PT)
    paragraph_style(CELL_STRONG, TABLE_PT, bold=True, base=CELL)
    # The header row keeps with the first row under it: a heading and the header never end a page alone.
    paragraph_style(CELL_HEAD, TABLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, base=CELL, keep_next=True)
    paragraph_style(CELL_CENTER, TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, base=CELL)
    paragraph_style(CELL_FLAG, TABLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, base=CELL)
    paragraph_style(NOTE, TABLE_PT, before=3, after=6, keep_next=True)  # a note under a heading, above a table
    # Kept with the next: the lines of the block stay together (the renderer keeps what precedes it too).
    paragraph_style(SIGNATURE, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
    hyperlink_style(styles)
    for name in ("Header", "Footer"):
        _set_run_props(styles[name].element.get_or_add_rPr(), BODY_PT)
    # The page number is digits, which take the Latin language: Thai there, so LibreOffice's
    # native numbering (the PDF) writes Thai digits as Word's thaiNumbers format does.
    oxml.set_child(styles["Footer"].element.get_or_add_rPr(), oxml.new("w:lang", val="th-TH", bidi="th-TH"))


# Word 2013 and later write compatibility mode 15 (the newest; Word 2016-2024 keep it) and these
# settings; mode 14 opened every document as "[Compatibility Mode]".
COMPAT_SETTINGS = (
    ("compatibilityMode", "15"),
    ("overrideTableStyleFontSizeAndJustification", "1"),
    ("enableOpenTypeFeatures", "1"),
    ("doNotFlipMirrorIndents", "1"),
    ("differentiateMultirowTableHeaders", "1"),
    ("useWord2013TrackBottomHyphenation", "0"),
)


def word_settings(doc) -> None:
    """The document settings Word 2016 and later write, Thai as the complex-script language."""
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    for child in list(compat):
        compat.remove(child)  # useFELayout (East Asian layout) and the old mode with them
    for name, value in COMPAT_SETTINGS:
        compat.append(oxml.new("w:compatSetting", name=name, uri="http://schemas.microsoft.com/office/word", val=value))
    for tag in ("w:savePreviewPicture", "w:rsids"):  # no thumbnail; no editing history of the default template
        for found in settings.findall(qn(tag)):
            settings.remove(found)
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.attrib.clear()
        for key, value in LANGUAGE.items():
            theme_language.set(qn(f"w:{key}"), value)


def hyperlink_style(styles) -> None:
    """Links in blue, underlined; English as their language, so a long address wraps after a
    slash (English rules) rather than anywhere (Thai rules applied to Latin letters)."""
    style = styles.add_style(HYPERLINK, WD_STYLE_TYPE.CHARACTER)
    style.quick_style = False
    rPr = style.element.get_or_add_rPr()
    oxml.set_child(rPr, oxml.new("w:color", val="0563C1"))
    oxml.set_child(rPr, oxml.new("w:u", val="single"))
    oxml.set_child(rPr, oxml.new("w:lang", val="en-US"))


# --- page setup --------------------------------------------------------------


def a4(section, landscape: bool) -> None:
    width, height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.8)
    section.header_distance = section.footer_distance = Cm(1.0)


def thai_page_numbers(section) -> None:
    """Page numbers restart at 1 in this section and are shown in Thai digits."""
    oxml.set_child(oxml.element(section), oxml.new("w:pgNumType", fmt="thaiNumbers", start="1"))
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    _field(paragraph, "PAGE", "๑")
    paragraph.add_run(" -")


def _field(paragraph, instruction: str, shown: str) -> None:
    for kind in ("begin", None, "separate", shown, "end"):
        run = paragraph.add_run()
        if kind in ("begin", "separate", "end"):
            oxml.element(run).append(oxml.new("w:fldChar", fldCharType=kind))
        elif kind is None:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            oxml.element(run).append(text)
        else:
            run.text = kind


# --- tables ------------------------------------------------------------------


def _cell_margins(table, twips: int = 80) -> None:
    margins = oxml.new("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(oxml.new(f"w:{side}", w=str(twips if side in ("left", "right") else 30), type="dxa"))
    oxml.set_child(oxml.element(table).tblPr, margins)


def _fixed_layout(table, widths_cm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl = oxml.element(table)
    total = sum(widths_cm)
    oxml.set_child(tbl.tblPr, oxml.new("w:tblW", w=str(int(Cm(total).twips)), type="dxa"))
    oxml.set_child(tbl.tblPr, oxml.new("w:tblLayout", type="fixed"))
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=False):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def _repeat_header(row) -> None:
    trPr = oxml.element(row).get_or_add_trPr()
    oxml.set_child(trPr, oxml.new("w:cantSplit"))
    oxml.set_child(trPr, oxml.new("w:tblHeader"))


def _shade(cell, fill: str = "E7E6E6") -> None:
    shading = oxml.new("w:shd", val="clear", color="auto", fill=fill)
    oxml.set_child(oxml.element(cell).get_or_add_tcPr(), shading)


def _lines(cell, *lines: tuple[str, str]) -> None:
    """Fill a cell with (style, text) paragraphs, replacing its empty first paragraph."""
    first = cell.paragraphs[0]
    for i, (style, text) in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        paragraph.style = style
        paragraph.text = text


def _loop_cell(
    cell, items: str, style: str = CELL, before: Sequence[tuple[str, str]] = (), after: Sequence[tuple[str, str]] = ()
) -> None:
    """A cell showing one paragraph per item of `items` (a list of lines in the context)."""
    _lines(
        cell, *before, (style, f"{{%p for line in {items} %}}"), (style, "{{ line }}"), (style, "{%p endfor %}"), *after
    )


def measures_table(
    doc,
    headers: list[str],
    widths_cm: list[float],
    cells: list,
    loop: str = "m in group.measures",
    merge_columns: Sequence[int] = (),
) -> None:
    """Header row repeated on every page, then one row per item of `loop`.

    `merge_columns` (1-based) are merged down where consecutive rows repeat a value;
    the renderer reads this from the table's caption (Word: Table Properties > Alt Text).
    """
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    _fixed_layout(table, widths_cm)
    _cell_margins(table)
    header, loop_open, body, loop_close = table.rows
    _repeat_header(header)
    for cell, title in zip(header.cells, headers, strict=False):
        _lines(cell, (CELL_HEAD, title))
        _shade(cell)
    _lines(loop_open.cells[0], (CELL, f"{{%tr for {loop} %}}"))
    _lines(loop_close.cells[0], (CELL, "{%tr endfor %}"))
    for cell, fill in zip(body.cells, cells, strict=False):
        fill(cell)
    if merge_columns:
        caption = oxml.new("w:tblCaption", val="itadocs:merge " + ",".join(map(str, merge_columns)))
        oxml.set_child(oxml.element(table).tblPr, caption)


def signature_block(doc) -> None:
    doc.add_paragraph(style=SIGNATURE)
    table = doc.add_table(rows=1, cols=2)
    _fixed_layout(table, [12.0, 12.0])
    oxml.set_child(oxml.element(table.rows[0]).get_or_add_trPr(), oxml.new("w:cantSplit"))
    for cell, (who, role) in zip(table.rows[0].cells, (("reporter", "ผู้รายงาน"), ("approver", "ผู้อนุมัติ")), strict=False):
        _lines(
            cell,
            (SIGNATURE, ""),
            (SIGNATURE, f"ลงชื่อ ........................................ {role}"),
            (SIGNATURE, f"({{{{ {who}.name }}}})"),
            (SIGNATURE, f"ตำแหน่ง {{{{ {who}.position }}}}"),
            (SIGNATURE, "วันที่ ........ เดือน .................... พ.ศ. ........"),
        )


# --- documents ---------------------------------------------------------------

# Cover lines shared by the documents: the round and its period, then the agency.
ROUND_LINES = ["ประจำปีงบประมาณ พ.ศ. {{ fiscal_year }}", "รอบ {{ round_months }} เดือน", "{{ period_line }}"]
AGENCY_LINES = ["", "{{ agency.name }}", "อำเภอ{{ agency.district }} จังหวัด{{ agency.province }}"]


EMBLEM_TOP, COVER_TOP = Cm(2.5), Cm(7)  # the emblem (3.5 cm tall) and its spacing take the spacer's room


def cover(doc, title_lines: list[str]) -> None:
    """Portrait A4 cover: the agency's emblem when the project has one, the title (its first line
    larger), the agency; the document goes on in a landscape section with page numbers."""
    a4(doc.sections[0], landscape=False)
    doc.add_paragraph("{%p if emblem %}")  # tag paragraphs vanish when rendered
    emblem = doc.add_paragraph("{{ emblem }}", style=COVER)
    emblem.paragraph_format.space_before, emblem.paragraph_format.space_after = EMBLEM_TOP, Pt(18)
    doc.add_paragraph("{%p else %}")
    spacer = doc.add_paragraph(style=COVER)
    spacer.paragraph_format.space_before = COVER_TOP
    doc.add_paragraph("{%p endif %}")
    first, *rest = title_lines
    doc.add_paragraph(first, style=COVER_TITLE)
    for line in rest:
        doc.add_paragraph(line, style=COVER)
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    a4(body, landscape=True)
    thai_page_numbers(body)


def progress_6(doc) -> None:
    """The 6-month progress report, as published reports lay it out."""
    cover(doc, ["{{ document_title }}", *ROUND_LINES, *AGENCY_LINES])
    doc.add_paragraph(
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของ{{ agency.name }} ประจำปีงบประมาณ พ.ศ. {{ fiscal_year }}", style=HEADING
    )
    doc.add_paragraph(
        "{{ agency.name }}ได้นำผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        "(Integrity and Transparency Assessment: ITA) ประจำปีงบประมาณ พ.ศ. {{ assessed_year }} "
        "มาวิเคราะห์เพื่อกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        "และรายงานผลการดำเนินการตามมาตรการ {{ period_text }} ดังนี้",
        style=INTRO,
    )
    doc.add_paragraph("{%p for tool in tools %}")
    # No heading for measures that name no tool, or for a report in the order written.
    _add_when(doc, "tool.code", "เครื่องมือการประเมิน {{ tool.code }} ({{ tool.name }})", TOOL)
    doc.add_paragraph("{%p for group in tool.groups %}")
    _add_when(doc, "group.heading", "{{ group.heading }}", INDICATOR)
    measures_table(
        doc,
        [
            "ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
            "ผู้รับผิดชอบ",
            "ขั้นตอนหรือวิธีการ/มาตรการ",
            "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
            "การดำเนินการ",
        ],
        # Widths from the example's text lengths: the steps run longest, the progress column
        # holds dates and the evidence address.
        [4.6, 3.2, 7.6, 4.2, 6.1],
        [
            lambda c: _loop_cell(c, "m.issue"),
            lambda c: _loop_cell(c, "m.responsible"),
            lambda c: _loop_cell(c, "m.steps", before=_when("m.measure", "{{ m.measure }}", CELL_STRONG)),
            lambda c: _loop_cell(c, "m.monitoring"),
            lambda c: _loop_cell(c, "m.progress", after=EVIDENCE),
        ],
    )
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    closing(doc)
    signature_block(doc)


def closing(doc) -> None:
    """The report's summary line above the signatures (kept with them by the renderer)."""
    paragraph = doc.add_paragraph("{{ closing }}", style=INTRO)
    paragraph.paragraph_format.space_before = Pt(12)


def _text(cell, expression: str, style: str = CELL) -> None:
    _lines(cell, (style, expression))


def _when(condition: str, text: str, style: str = CELL) -> list[tuple[str, str]]:
    """Cell lines for one paragraph shown only when `condition` holds."""
    return [(style, f"{{%p if {condition} %}}"), (style, text), (style, "{%p endif %}")]


def _add_when(doc, condition: str, text: str, style: str) -> None:
    """A body paragraph shown only when `condition` holds."""
    doc.add_paragraph(f"{{%p if {condition} %}}")  # tag paragraphs vanish when rendered
    doc.add_paragraph(text, style=style)
    doc.add_paragraph("{%p endif %}")


# The address on a line of its own: after Thai words LibreOffice breaks a long address anywhere,
# at the start of a line after a slash or hyphen (the renderer makes it a hyperlink).
EVIDENCE = [(CELL, "{%p if m.evidence %}"), (CELL, "หลักฐาน:"), (CELL, "{{ m.evidence }}"), (CELL, "{%p endif %}")]


def _flagged_score(cell, row: str) -> None:
    """A score cell: flagged with * (style ITA Table Flag) when below the year's pass mark."""
    _lines(
        cell,
        (CELL_FLAG, f"{{%p if {row}.below_pass %}}"),
        (CELL_FLAG, f"{{{{ {row}.score }}}} *"),
        (CELL_CENTER, "{%p else %}"),
        (CELL_CENTER, f"{{{{ {row}.score }}}}"),
        (CELL_CENTER, "{%p endif %}"),
    )


def progress_12(doc) -> None:
    """The 12-month progress report, as published reports lay it out."""
    cover(doc, ["{{ document_title }}", *ROUND_LINES, *AGENCY_LINES])
    doc.add_paragraph("{{ document_title }} ประจำปีงบประมาณ พ.ศ. {{ fiscal_year }}", style=HEADING)
    doc.add_paragraph("{{ agency.name }} อำเภอ{{ agency.district }} จังหวัด{{ agency.province }}", style=HEADING)
    # The year's own result when ITAS shows it, else the result the measures answered.
    _add_when(doc, "opening", "{{ opening }}", INTRO)
    doc.add_paragraph(
        "{{ agency.name }}ได้ดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        "{{ period_text }} และสรุปผลการดำเนินการ ผลลัพธ์ที่เกิดขึ้น และผู้รับผิดชอบของแต่ละมาตรการ ดังนี้",
        style=INTRO,
    )
    measures_table(
        doc,
        [
            "มาตรการ/แนวทาง",
            "ขั้นตอน/วิธีการปฏิบัติ",
            "หน่วยงานผู้รับผิดชอบ",
            "ระยะเวลาดำเนินการ",
            "สรุปผลการดำเนินการ",
            "ผลลัพธ์/ความสำเร็จ",
        ],
        [3.8, 6.8, 3.0, 3.1, 5.4, 3.6],  # the steps run longest; the summary holds the evidence address
        [
            lambda c: _loop_cell(c, "m.numbered"),
            lambda c: _loop_cell(c, "m.steps"),
            lambda c: _loop_cell(c, "m.responsible"),
            lambda c: _loop_cell(c, "m.period"),
            lambda c: _loop_cell(c, "m.summary", after=EVIDENCE),
            lambda c: _loop_cell(c, "m.outcome"),
        ],
        loop="m in measures",
    )
    closing(doc)
    signature_block(doc)


def measures(doc) -> None:
    """The measures with the analysis of last year's scores, as published documents lay it out."""
    cover(
        doc,
        [
            "{{ document_title }}",
            "แสดงการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
            "ในการดำเนินงานของหน่วยงานภาครัฐ ในปีงบประมาณ พ.ศ. {{ assessed_year }}",
            *AGENCY_LINES,
        ],
    )
    doc.add_paragraph("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน", style=HEADING)
    doc.add_paragraph("ของหน่วยงานภาครัฐ ในปีงบประมาณ พ.ศ. {{ assessed_year }}", style=HEADING)
    doc.add_paragraph("{{ agency.name }} อำเภอ{{ agency.district }} จังหวัด{{ agency.province }}", style=HEADING)
    doc.add_paragraph("{{ result_sentence }}", style=INTRO)
    _add_when(doc, "chart", "{{ chart }}", CELL_CENTER)
    doc.add_paragraph("ผลคะแนนรายตัวชี้วัด", style=INDICATOR)
    measures_table(
        doc,
        ["แบบ", "ลำดับ", "รายละเอียดตัวชี้วัด", "คะแนน"],
        [3.0, 2.0, 12.0, 3.5],
        [
            lambda c: _text(c, "{{ row.tool }}", CELL_CENTER),
            lambda c: _text(c, "{{ row.number }}", CELL_CENTER),
            lambda c: _text(c, "{{ row.name }}"),
            lambda c: _flagged_score(c, "row"),
        ],
        loop="row in indicator_rows",
        merge_columns=[1],
    )
    _add_when(doc, "indicator_rows|selectattr('below_pass')|list", "{{ flag_note }}", NOTE)
    doc.add_paragraph("")

    doc.add_paragraph(
        "ส่วนที่ ๑ ข้อมูลรายละเอียดการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {{ assessed_year }}", style=TOOL
    )
    doc.add_paragraph("{{ flag_note }}", style=NOTE)
    doc.add_paragraph("{%p for issue in issues %}")
    doc.add_paragraph("ประเด็นที่ {{ issue.number }} {{ issue.title }}", style=INDICATOR)
    measures_table(
        doc,
        ["ลำดับ", "หัวข้อ", "เครื่องมือการประเมิน", "ข้อคำถาม", "คะแนน", "ข้อบกพร่อง/ข้อแก้ไข/ปรับปรุง/รักษาระดับ"],
        # room for the long question and finding texts; the tool column fits "การประเมิน" on a line
        [1.6, 3.4, 2.8, 6.9, 2.4, 8.6],
        [
            lambda c: _text(c, "{{ issue.number }}.", CELL_CENTER),
            lambda c: _text(c, "{{ issue.title }}"),
            lambda c: _text(c, "{{ item.tool }}", CELL_CENTER),
            lambda c: _lines(c, (CELL_STRONG, "ข้อ {{ item.code }}"), (CELL, "{{ item.question }}")),
            lambda c: _flagged_score(c, "item"),
            lambda c: _loop_cell(c, "item.finding"),
        ],
        loop="item in issue.rows",
        merge_columns=[1, 2, 3],
    )
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("ส่วนที่ ๒ การนำผลการวิเคราะห์ไปสู่การปรับปรุง หรือพัฒนาองค์กรหรือรักษาระดับ", style=TOOL)
    doc.add_paragraph("ในปีงบประมาณ พ.ศ. {{ fiscal_year }}", style=NOTE)
    # One table as the official form: หัวข้อ names the part-1 issue a measure answers, merged down
    # over that measures.
    measures_table(
        doc,
        [
            "หัวข้อ",
            "มาตรการ โครงการ หรือกิจกรรม",
            "ผลการวิเคราะห์ตัวชี้วัดตามหลักเกณฑ์การประเมิน ITA ที่สอดคล้องกับมาตรการ หรือโครงการ",
            "ขั้นตอนหรือวิธีการดำเนินการ",
            "ช่วงระยะเวลาการดำเนินการ",
            "ผู้รับผิดชอบ",
        ],
        [3.6, 4.1, 5.3, 6.4, 3.0, 3.3],
        [
            lambda c: _loop_cell(c, "m.topic"),
            lambda c: _loop_cell(c, "m.measure_lines"),
            lambda c: _loop_cell(c, "m.analysis"),
            lambda c: _loop_cell(c, "m.steps"),
            lambda c: _loop_cell(c, "m.period"),
            lambda c: _loop_cell(c, "m.responsible"),
        ],
        loop="m in measures",
        merge_columns=[1],
    )
    signature_block(doc)


TEMPLATES_TO_MAKE = {"measures.docx": measures, "progress-6.docx": progress_6, "progress-12.docx": progress_12}


# Parts of python-docx's default package a document of ours does without: its placeholder
# thumbnail (what a file browser shows) and Word 2010's copy of the styles.
DROPPED_PARTS = {"docProps/thumbnail.jpeg": "_rels/.rels", "word/stylesWithEffects.xml": "word/_rels/document.xml.rels"}
APPLICATION = b"<Application>itadocs</Application>"


def reproducible(blob: bytes) -> bytes:
    """The same bytes on every run: fixed zip entry times and document timestamps
    (python-docx stamps the time of saving into docProps/core.xml whatever we set); without
    the parts in DROPPED_PARTS, and an app.xml that names no other program."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in DROPPED_PARTS:
                continue
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>2025-01-01T00:00:00Z\g<2>", data
                )
            if info.filename == "docProps/app.xml":
                data = re.sub(rb"<Application>[^<]*</Application>", APPLICATION, data)
                data = re.sub(rb"\s*<AppVersion>[^<]*</AppVersion>", b"", data)
            if info.filename == "[Content_Types].xml":
                for part in DROPPED_PARTS:
                    data = re.sub(rb'<Override PartName="/' + re.escape(part.encode()) + rb'"[^>]*/>', b"", data)
            for part, rels in DROPPED_PARTS.items():
                if info.filename == rels:
                    target = part.rsplit("/", 1)[-1] if rels.startswith("word/") else part
                    data = re.sub(
                        rb'<Relationship [^>]*Target="' + re.escape(target.encode()) + rb'"[^>]*/>', b"", data
                    )
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return out.getvalue()


def make(name: str, build) -> Path:
    doc = Document()
    setup_styles(doc)
    word_settings(doc)
    props = doc.core_properties  # a rendered document gets its own title, author and times
    props.author = props.last_modified_by = "itadocs"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.title = name
    props.comments = ""  # python-docx's default says "generated by python-docx"
    build(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    path = TEMPLATES / name
    path.write_bytes(reproducible(buffer.getvalue()))
    return path


def main() -> int:
    TEMPLATES.mkdir(exist_ok=True)
    for name, build in TEMPLATES_TO_MAKE.items():
        print(make(name, build).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
