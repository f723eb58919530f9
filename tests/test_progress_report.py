"""End to end: `itadocs build` on the bundled example, checked in the produced .docx."""

from __future__ import annotations

import zipfile

import pytest
from docx.oxml.ns import qn

import itadocs
from itadocs.thai import normalize_text, thai_digits

from .conftest import EXAMPLE_DATA, measure
from .docx_checks import (
    THAI,
    arabic_digits_outside_addresses,
    open_docx,
    run_fonts,
    sections,
    table_rows,
    visible_texts,
)

HEADER = [
    "ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
    "การดำเนินการ",
]


@pytest.fixture(scope="module")
def report(example_build):
    root, result, docs = example_build
    assert result.exit_code == 0, result.output
    [path] = [d for d in docs if d.name.startswith("รายงานการดำเนินการ")]
    return path, open_docx(path)


def measure_tables(doc):
    return [t for t in doc.tables if table_rows(t)[0] == HEADER]


def test_file_name_is_clear_thai(report):
    path, _ = report
    assert path.name == "รายงานการดำเนินการตามมาตรการ ITA ปี 2569 รอบ 6 เดือน - เทศบาลตำบลสวนหอมพัฒนา.docx"


def test_cover_heading_and_intro(report):
    _, doc = report
    texts = [t for t in visible_texts(doc) if t.strip()]
    assert texts[:7] == [
        "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙",
        "รอบ ๖ เดือน",
        "(เดือนตุลาคม ๒๕๖๘ - มีนาคม ๒๕๖๙)",
        "เทศบาลตำบลสวนหอมพัฒนา",
        "อำเภอทุ่งพะยอม จังหวัดขอนแก่น",
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของเทศบาลตำบลสวนหอมพัฒนา ประจำปีงบประมาณ พ.ศ. ๒๕๖๙",
    ]
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘" in texts[7]  # the intro names the assessed (previous) year


def test_group_headings_in_stable_order(report):
    _, doc = report
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name in ("Heading 2", "Heading 3")]
    tools = [text.split()[1] for style, text in headings if style == "Heading 2"]
    assert tools == ["IIT", "EIT", "OIT"]
    indicators = [text for style, text in headings if style == "Heading 3"]
    assert indicators[0] == "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่"
    numbers = [
        int(normalize_text(t).split()[1].translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))) for t in indicators
    ]
    assert numbers == sorted(numbers) == list(range(1, 11))


def test_every_measure_appears_once_in_division_order(report):
    _, doc = report
    tables = measure_tables(doc)
    rows = [r for t in tables for r in table_rows(t)[1:]]
    typed = [m for division in EXAMPLE_DATA["divisions"] for m in EXAMPLE_DATA["measures"][division]]
    assert len(rows) == len(typed) == 21
    issues = [r[0] for r in rows]
    for m in typed:
        expected = thai_digits(normalize_text(m["issue"]))
        assert sum(expected in cell for cell in issues) == 1, m["issue"]


def test_header_row_repeats_and_five_columns(report):
    _, doc = report
    tables = measure_tables(doc)
    assert tables
    for table in tables:
        first = table.rows[0]._tr
        assert first.trPr.find(qn("w:tblHeader")) is not None
        assert len(table.columns) == 5


def test_alt_enter_becomes_paragraphs_in_the_cell(report):
    _, doc = report
    typed = next(m for d in EXAMPLE_DATA["measures"].values() for m in d if m["steps"].count("\n") >= 2)
    lines = [thai_digits(normalize_text(line)) for line in typed["steps"].split("\n") if line.strip()]
    for table in measure_tables(doc):
        for row in table.rows[1:]:
            paragraphs = [p.text for p in row.cells[2].paragraphs]
            if lines[0] in paragraphs:
                assert paragraphs[-len(lines) :] == lines
                return
    pytest.fail("steps cell not found")


def test_question_codes_lead_the_issue(report):
    _, doc = report
    issues = [r[0] for t in measure_tables(doc) for r in table_rows(t)[1:]]
    assert any(cell.startswith("e๙ ") for cell in issues)
    # typed as the range "e4–e6": each code on its line with its wording from the ข้อคำถาม sheet
    wording = {i["code"]: i["question"] for i in EXAMPLE_DATA["assessment"]["items"] if i.get("question")}
    expected = "\n".join(f"{code[0]}{thai_digits(code[1:])} {wording[code]}" for code in ("e4", "e5", "e6"))
    assert any(cell.startswith(expected + "\n") for cell in issues), expected


def test_sub_indicators_are_in_the_6_month_report(make_project):
    root = make_project({"กองคลัง": [measure(tool="OIT", indicator="9.2", questions="", issue="ประเด็นย่อย")]})
    result = itadocs.build(root, documents=["progress-6"])
    assert result.ok, result.failure
    cells = [r[0] for t in measure_tables(open_docx(result.documents[0])) for r in table_rows(t)[1:]]
    assert any(cell.startswith("ตัวชี้วัดย่อยที่ ๙.๒") and cell.endswith("ประเด็นย่อย") for cell in cells), cells


def test_signature_block(report):
    _, doc = report
    texts = visible_texts(doc)
    agency = EXAMPLE_DATA["agency"]
    assert f"({agency['reporter_name']})" in texts and f"({agency['approver_name']})" in texts
    assert any(t.startswith("ลงชื่อ") and t.endswith("ผู้รายงาน") for t in texts)
    assert any(t.startswith("ลงชื่อ") and t.endswith("ผู้อนุมัติ") for t in texts)


def test_a4_cover_portrait_and_table_pages_landscape(report):
    _, doc = report
    pages = sections(doc)
    assert pages[0] == {"width_mm": 210, "height_mm": 297, "landscape": False}
    assert all(p == {"width_mm": 297, "height_mm": 210, "landscape": True} for p in pages[1:])
    # every measures table lives in a landscape section: they all come after the cover's break
    body = list(doc.element.body)
    first_table = next(i for i, el in enumerate(body) if el.tag == qn("w:tbl"))
    cover_break = next(i for i, el in enumerate(body) if el.find(".//" + qn("w:sectPr")) is not None)
    assert cover_break < first_table


def test_every_thai_character_uses_the_thai_font_at_14_to_16_pt_but_headings_and_cover(report):
    _, doc = report
    fonts = run_fonts(doc)
    thai_runs = [f for f in fonts if THAI.search(f.text)]
    assert len(thai_runs) > 100
    assert {f.cs for f in thai_runs} == {"TH SarabunPSK"}
    larger = {p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "ITA Cover"))}
    assert all(f.size_cs is not None and 14 <= f.size_cs <= 16 for f in thai_runs if f.text not in larger)
    assert all(f.size_cs is not None and 16 <= f.size_cs <= 22 for f in thai_runs if f.text in larger)
    assert {f.ascii for f in fonts} == {"TH SarabunPSK"}
    assert not any(f.theme for f in fonts)


def test_no_arabic_digit_a_reader_sees(report):
    _, doc = report
    assert arabic_digits_outside_addresses(doc) == []
    texts = "\n".join(visible_texts(doc))
    assert "https://www.suanhom.example/" in texts  # addresses keep their digits
    assert any(ch.isdigit() and ch.isascii() for ch in texts)


def test_page_numbers_in_thai_digits(report):
    _, doc = report
    body_section = doc.sections[1]
    pg = body_section._sectPr.find(qn("w:pgNumType"))
    assert pg is not None and pg.get(qn("w:fmt")) == "thaiNumbers"
    footer = body_section.footer._element
    assert any("PAGE" in (t.text or "") for t in footer.iter(qn("w:instrText")))
    assert doc.sections[0].footer.is_linked_to_previous  # the cover has no page number


def test_no_template_tag_left(report):
    path, _ = report
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                assert "{{" not in xml and "{%" not in xml, name
