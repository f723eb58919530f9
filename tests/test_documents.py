"""End to end: the measures document and the 12-month report, and the rules every document follows."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from docx.oxml.ns import qn

from itadocs.thai import normalize_text, thai_digits, thai_number

from .conftest import EXAMPLE_DATA, REPO, invoke
from .docx_checks import (
    THAI,
    arabic_digits_outside_addresses,
    open_docx,
    run_fonts,
    sections,
    seen,
    table_rows,
    visible_texts,
)

ASSESSMENT = EXAMPLE_DATA["assessment"]
PART_1_HEADER = ["ลำดับ", "หัวข้อ", "เครื่องมือการประเมิน", "ข้อคำถาม", "คะแนน", "ข้อบกพร่อง/ข้อแก้ไข/ปรับปรุง/รักษาระดับ"]
PART_2_HEADER = [
    "หัวข้อ",
    "มาตรการ โครงการ หรือกิจกรรม",
    "ผลการวิเคราะห์ตัวชี้วัดตามหลักเกณฑ์การประเมิน ITA ที่สอดคล้องกับมาตรการ หรือโครงการ",
    "ขั้นตอนหรือวิธีการดำเนินการ",
    "ช่วงระยะเวลาการดำเนินการ",
    "ผู้รับผิดชอบ",
]
C_HEADER = [
    "มาตรการ/แนวทาง",
    "ขั้นตอน/วิธีการปฏิบัติ",
    "หน่วยงานผู้รับผิดชอบ",
    "ระยะเวลาดำเนินการ",
    "สรุปผลการดำเนินการ",
    "ผลลัพธ์/ความสำเร็จ",
]


@pytest.fixture(scope="session")
def twelve_month_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("example12")
    shutil.copytree(REPO / "inputs", root / "inputs")
    result = invoke("build", root, "--round", "12")
    return root, result, sorted((root / "output").glob("*.docx"))


@pytest.fixture(scope="session")
def all_documents(example_build, twelve_month_build):
    docs = {}
    for _root, result, paths in (example_build, twelve_month_build):
        assert result.exit_code == 0, result.output
        for path in paths:
            docs[path.name] = path
    return docs


def by_prefix(docs, prefix):
    [path] = [p for name, p in docs.items() if name.startswith(prefix)]
    return open_docx(path)


def tables_with_header(doc, header):
    return [t for t in doc.tables if table_rows(t) and table_rows(t)[0] == header]


def test_one_build_writes_measures_and_the_round_report(all_documents):
    assert sorted(all_documents) == sorted(
        [
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ITA ปี 2569 - เทศบาลตำบลสวนหอมพัฒนา.docx",
            "รายงานการดำเนินการตามมาตรการ ITA ปี 2569 รอบ 6 เดือน - เทศบาลตำบลสวนหอมพัฒนา.docx",
            "รายงานผลการดำเนินการตามมาตรการ ITA ปี 2569 รอบ 12 เดือน - เทศบาลตำบลสวนหอมพัฒนา.docx",
        ]
    )


# --- the measures document ------------------------------------------------------------------


@pytest.fixture(scope="module")
def measures_doc(all_documents):
    return by_prefix(all_documents, "มาตรการ")


def test_measures_cover_and_result_sentence(measures_doc):
    texts = [t for t in visible_texts(measures_doc) if t.strip()]
    # The cover as the official form words it: the assessed year is the one named.
    assert texts[:3] == [
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "แสดงการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
        "ในการดำเนินงานของหน่วยงานภาครัฐ ในปีงบประมาณ พ.ศ. ๒๕๖๘",
    ]
    assert "ส่วนที่ ๒ การนำผลการวิเคราะห์ไปสู่การปรับปรุง หรือพัฒนาองค์กรหรือรักษาระดับ" in texts
    assert "ในปีงบประมาณ พ.ศ. ๒๕๖๙" in texts
    sentence = next(t for t in texts if "ได้คะแนน" in t)
    # The rating as typed from ITAS, the pass mark, and each tool's typed score; no letter grade.
    assert sentence == (
        "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ "
        "เทศบาลตำบลสวนหอมพัฒนาได้คะแนน ๘๗.๘๘ คะแนน อยู่ในระดับผ่าน (เกณฑ์ผ่าน ๘๕ คะแนน) "
        "โดยแยกตามเครื่องมือการประเมินเป็น IIT ๘๙.๒๒ คะแนน EIT ๘๒.๐๕ คะแนน และ OIT ๙๑.๒๕ คะแนน"
    )


def test_measures_has_a_native_chart(measures_doc):
    part = measures_doc.part
    charts = [rel.target_part for rel in part.rels.values() if rel.reltype.endswith("/chart")]
    assert len(charts) == 1
    body = measures_doc.element.body
    assert len(body.findall(".//" + qn("c:chart"))) == 1
    assert not any("ITADOCS-CHART" in t for t in visible_texts(measures_doc))


def test_indicator_table_with_tool_cells_merged(measures_doc):
    [table] = tables_with_header(measures_doc, ["แบบ", "ลำดับ", "รายละเอียดตัวชี้วัด", "คะแนน"])
    rows = table_rows(table)[1:]
    assert len(rows) == 10
    scores = {i["number"]: i["score"] for i in ASSESSMENT["indicators"]}
    # Below the year's pass mark a score is flagged, as items are.
    assert [r[3] for r in rows] == [thai_number(scores[n]) + (" *" if scores[n] < 85 else "") for n in range(1, 11)]
    assert rows[0][2] == "การปฏิบัติหน้าที่"
    assert rows[7][2] == "การปรับปรุงการทำงาน"  # indicator 8 as the ITA 2568 criteria name it
    merges = [tc.tcPr.find(qn("w:vMerge")) for tc in (row._tr.tc_lst[0] for row in table.rows[1:])]
    starts = [m.get(qn("w:val")) for m in merges]
    assert starts == ["restart"] + [None] * 4 + ["restart", None, None, "restart", None]


def test_part_1_per_issue_with_flags_and_keep_level(measures_doc):
    texts = [seen(p.text) for p in measures_doc.paragraphs]
    part_1 = texts[: next(i for i, t in enumerate(texts) if t.startswith("ส่วนที่ ๒"))]
    headings = [t for t in part_1 if t.startswith("ประเด็นที่ ")]
    assert headings == [f"ประเด็นที่ {thai_digits(i['number'])} {i['title']}" for i in ASSESSMENT["issues"]]
    tables = tables_with_header(measures_doc, PART_1_HEADER)
    rows = [r for t in tables for r in t.rows[1:]]
    assert len(rows) == len(ASSESSMENT["items"]) == 38
    flagged = [r.cells[4].paragraphs[0] for r in rows if r.cells[4].text.endswith("*")]
    assert len(flagged) == sum(1 for i in ASSESSMENT["items"] if i["score"] < 85)
    assert {p.style.name for p in flagged} == {"ITA Table Flag"}
    keep = [r.cells[5].text for r in rows if r.cells[4].text == "๑๐๐.๐๐"]
    assert keep and all("รักษาระดับ" in text for text in keep)


def test_part_2_holds_every_measure_with_its_analysis(measures_doc):
    [table] = tables_with_header(measures_doc, PART_2_HEADER)  # one table, as the official form
    rows = table_rows(table)[1:]
    assert len(rows) == 21
    # The division's own analysis, as typed ...
    typed = [m["analysis"] for d in EXAMPLE_DATA["measures"].values() for m in d if m.get("analysis")]
    analyses = [r[2] for r in rows]
    for text in typed:
        assert thai_digits(normalize_text(text)) in analyses
    # ... and a draft from the scores where none was typed, grouped as real documents write it.
    assert any(r[2].startswith("ตัวชี้วัดที่ ๕ การแก้ไขปัญหาการทุจริต (๘๗.๗๖ คะแนน)\nข้อ i๑๓ ได้") for r in rows)
    assert any(r[2] == "ตัวชี้วัดที่ ๘ การปรับปรุงการทำงาน (๗๕.๐๓ คะแนน)\nข้อ e๗ ได้ ๗๒.๙๕ คะแนน" for r in rows)


# --- the 12-month report ------------------------------------------------------------------


@pytest.fixture(scope="module")
def twelve_doc(all_documents):
    return by_prefix(all_documents, "รายงานผล")


def test_twelve_month_cover_and_table(twelve_doc):
    texts = [t for t in visible_texts(twelve_doc) if t.strip()]
    assert "รอบ ๑๒ เดือน" in texts and "(เดือนตุลาคม ๒๕๖๘ - กันยายน ๒๕๖๙)" in texts
    # Titled as the year's OIT item names the report.
    assert texts[0] == "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert any("๘๗.๘๘ คะแนน อยู่ในระดับผ่าน" in t for t in texts)
    [table] = tables_with_header(twelve_doc, C_HEADER)
    rows = table_rows(table)[1:]
    assert len(rows) == 21
    assert [r[0].split(".")[0] for r in rows] == [thai_digits(n) for n in range(1, 22)]
    summaries = "\n".join(r[4] for r in rows)
    for m in (m for d in EXAMPLE_DATA["measures"].values() for m in d):
        first = thai_digits(normalize_text(m["summary"]).split("\n")[0])
        assert first in summaries


# --- every document ----------------------------------------------------------


def test_every_document_follows_the_typography(all_documents):
    for name, path in all_documents.items():
        doc = open_docx(path)
        fonts = run_fonts(doc)
        thai_runs = [f for f in fonts if THAI.search(f.text)]
        assert {f.cs for f in thai_runs} == {"TH SarabunPSK"}, name
        assert all(f.size_cs is not None and 14 <= f.size_cs <= 22 for f in thai_runs), name  # headings, cover: 18-22
        assert not any(f.theme for f in fonts), name
        assert arabic_digits_outside_addresses(doc) == [], name
        pages = sections(doc)
        assert pages[0]["width_mm"] == 210 and all(p["landscape"] for p in pages[1:]), name
        for table in doc.tables[:-1]:  # the last table is the signature block
            assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None, name
        assert doc.sections[1]._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"
        with zipfile.ZipFile(path) as z:
            for part in z.namelist():
                if part.endswith(".xml"):
                    xml = z.read(part).decode("utf-8")
                    assert "{{" not in xml and "{%" not in xml and "itadocs:merge" not in xml, (name, part)


def test_chart_numbers_and_labels_are_thai(all_documents):
    path = next(p for name, p in all_documents.items() if name.startswith("มาตรการ"))
    with zipfile.ZipFile(path) as z:
        [chart] = [n for n in z.namelist() if n.startswith("word/charts/chart")]
        xml = z.read(chart).decode("utf-8")
        assert any(n.startswith("word/embeddings/") and n.endswith(".xlsx") for n in z.namelist())
    assert 'formatCode="[$-D00041E]0.00"' in xml  # data labels in Thai digits
    assert "<c:v>๑ การ\nปฏิบัติหน้าที่</c:v>" in xml  # categories carry Thai digits, broken between words
    assert "เกณฑ์ผ่าน ๘๕ คะแนน" in xml and 'typeface="TH SarabunPSK"' in xml
