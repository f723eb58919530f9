"""Documents that look finished: each names its own round, headings stay with their tables, rows
stay whole, the signature stays with what it signs, links work and dates do not break.

Read from the produced .docx (what Word will lay out), and from LibreOffice's PDF of it (what a
reader sees on the page).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

import itadocs
from itadocs import thai
from itadocs.documents import OTHER_ISSUES
from itadocs.word import metrics

from .conftest import EXAMPLE_DATA, REPO, invoke, measure
from .docx_checks import open_docx, seen, table_rows, visible_texts

HEADING_STYLES = {"Heading 1", "Heading 2", "Heading 3", "ITA Note"}
PART_2_HEADER = [
    "หัวข้อ",
    "มาตรการ โครงการ หรือกิจกรรม",
    "ผลการวิเคราะห์ตัวชี้วัดตามหลักเกณฑ์การประเมิน ITA ที่สอดคล้องกับมาตรการ หรือโครงการ",
    "ขั้นตอนหรือวิธีการดำเนินการ",
    "ช่วงระยะเวลาการดำเนินการ",
    "ผู้รับผิดชอบ",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example with all three documents, its workbook set to round 12: {key: path}."""
    root = tmp_path_factory.mktemp("pages") / "example"
    shutil.copytree(REPO / "inputs", root / "inputs")
    result = itadocs.build(root, round=12, documents=["measures", "progress-6", "progress-12"])
    assert result.ok, result.failure
    return dict(zip(["measures", "progress-6", "progress-12"], result.documents, strict=True))


def effective(paragraph, name: str) -> bool:
    """Whether an on/off paragraph property (keepNext ...) is on, from the paragraph or its style chain."""
    for p_pr in [paragraph._p.pPr] + [s.element.pPr for s in style_chain(paragraph.style)]:
        value = getattr(p_pr, f"{name}_val", None) if p_pr is not None else None
        if value is not None:
            return value
    return False


def style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def signature_table(doc):
    return next(t for t in doc.tables if any(c.paragraphs[0].style.name == "ITA Signature" for c in t.rows[0].cells))


# --- every document names its own round --------------------------------------------


@pytest.mark.parametrize("workbook_round", [6, 12])
def test_each_report_names_its_own_round_on_cover_and_file_name(tmp_path, workbook_round):
    root = tmp_path / "example"
    shutil.copytree(REPO / "inputs", root / "inputs")
    result = itadocs.build(root, round=workbook_round, documents=["progress-6", "progress-12"])
    assert result.ok, result.failure
    year = EXAMPLE_DATA["agency"]["fiscal_year"]
    for path, months in zip(result.documents, (6, 12), strict=True):
        period = thai.period_line(year, months)
        assert f"รอบ {months} เดือน" in path.name
        cover = [t for t in visible_texts(open_docx(path)) if t.strip()][:6]
        assert f"รอบ {thai.to_thai_digits(str(months))} เดือน" in cover and period in cover, (workbook_round, cover)


# --- headings stay with their tables -------------------------------------------------


def test_headings_keep_with_next_and_table_text_does_not(built):
    for key, path in built.items():
        doc = open_docx(path)
        headings = [p for p in doc.paragraphs if p.style.name in HEADING_STYLES and p.text.strip()]
        assert headings, key
        assert all(effective(p, "keepNext") for p in headings), key
        signature = signature_table(doc)
        last_rows = {_table_before_signature(signature).tr_lst[-1]}
        for table in doc.tables:
            if table is signature or kept_together(table):
                continue
            header, *rows = table.rows
            assert all(effective(p, "keepNext") for c in header.cells for p in c.paragraphs), key
            for row in rows:
                if row._tr in last_rows:
                    continue
                assert not any(effective(p, "keepNext") for c in row.cells for p in c.paragraphs), (key, row)


def kept_together(table) -> bool:
    """A table (python-docx's or its w:tbl) kept on one page: every paragraph of every row kept
    with the next."""
    element = getattr(table, "_tbl", table)
    return all(p.pPr is not None and p.pPr.keepNext_val for p in element.iter(qn("w:p")))


def test_tables_with_group_labels_are_kept_on_one_page_or_repeat_their_labels(built, make_project):
    doc = open_docx(built["measures"])
    indicators = next(t for t in doc.tables if table_rows(t)[0][:2] == ["แบบ", "ลำดับ"])
    second = indicators.rows[2]._tr.tc_lst[0]
    assert kept_together(indicators) and second.vMerge == "continue"  # merged, and kept whole
    many = [{**measure(), "issue": f"ประเด็นที่ {n} " + "ข้อความยาวมาก" * 20} for n in range(40)]
    items = [
        {"issue": 1, "tool": "EIT", "code": f"e{n}", "question": "คำถาม" * 30, "score": 80, "finding": "แก้ไข" * 40}
        for n in range(1, 16)
    ]
    root = make_project({"กองคลัง": many}, assessment={**EXAMPLE_DATA["assessment"], "items": items})
    result = itadocs.build(root, documents=["measures"])
    assert result.ok, result.failure
    long = next(t for t in open_docx(result.documents[0]).tables if table_rows(t)[0][:2] == ["ลำดับ", "หัวข้อ"])
    rows = table_rows(long)[1:]
    assert len(rows) == 15 and not kept_together(long)
    assert all(row[0] == "๑." and row[2] == "EIT" for row in rows)  # every row keeps the issue and tool


def _table_before_signature(signature):
    """The last table above the signature block (closing paragraphs may come between)."""
    before = signature._tbl.getprevious()
    while before.tag != qn("w:tbl"):
        before = before.getprevious()
    return before


def test_signature_is_kept_with_the_closing_summary_and_the_end_of_the_last_table(built):
    for key, path in built.items():
        doc = open_docx(path)
        signature = signature_table(doc)
        last_table = _table_before_signature(signature)
        elements, node = [], signature._tbl.getprevious()
        while node is not last_table:
            elements.append(node)
            node = node.getprevious()
        between = [p for p in doc.paragraphs if any(p._p is e for e in elements)]
        assert between and all(effective(p, "keepNext") for p in between), key  # spacer and closing
        if key != "measures":  # the reports end with their summary above the signatures
            closing = [p.text for p in between if p.text.strip()]
            assert len(closing) == 1 and closing[0].startswith("สรุปผลการดำเนินการรอบ"), (key, closing)
            assert "มาตรการทั้งสิ้น ๒๑ มาตรการ จาก ๕ ส่วนงาน" in closing[0], closing
        paragraphs = list(last_table.tr_lst[-1].iter(qn("w:p")))
        assert paragraphs and all(p.pPr is not None and p.pPr.keepNext_val for p in paragraphs), key
        assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_the_pdf_copy_does_not_keep_the_last_row_of_a_long_table_with_the_signatures(built, tmp_path):
    """LibreOffice reads that row's keep as one for the whole table and moves the signatures onto
    a page of their own even where they fit below it: the copy it converts drops the keep of a
    table longer than a page (a table that fits stays kept whole), and the .docx keeps it for Word."""
    from itadocs.word.pdf import prepare_pdf_copy

    def last_row_kept(path):
        last_table = _table_before_signature(signature_table(open_docx(path)))
        paragraphs = list(last_table.tr_lst[-1].iter(qn("w:p")))
        return [bool(p.pPr is not None and p.pPr.keepNext_val) for p in paragraphs], kept_together(last_table)

    released = 0
    for key, path in built.items():
        copy = tmp_path / f"{key}.docx"
        shutil.copyfile(path, copy)
        prepare_pdf_copy()(copy)
        (in_docx, whole), (in_copy, _) = last_row_kept(path), last_row_kept(copy)
        assert all(in_docx), key
        if whole:
            assert all(in_copy), key
        else:
            assert not any(in_copy), key
            released += 1
    assert released  # the example's measures document ends with a table longer than a page


# --- rows stay whole -------------------------------------------------------------------


def test_ordinary_rows_do_not_split_and_a_row_taller_than_a_page_can(make_project):
    long_steps = "\n".join(f"{n}. ขั้นตอนการดำเนินงานที่ต้องทำอย่างละเอียดและรายงานผลต่อผู้บริหารทุกเดือน" * 2 for n in range(1, 25))
    # The first row under the report's opening may run on from its page (see the test below): the
    # rows looked at here come after it.
    root = make_project(
        {"กองคลัง": [measure(issue="ประเด็นแรก"), measure(), measure(issue="ประเด็นยาว", steps=long_steps)]}
    )
    result = itadocs.build(root)
    assert result.ok, result.failure
    doc = open_docx(result.documents[0])
    rows = {
        table_rows(t)[i][0][:20]: t.rows[i]._tr
        for t in doc.tables
        if len(t.columns) == 5
        for i in range(1, len(t.rows))
    }

    def cant_split(tr) -> bool:
        return tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None

    assert cant_split(rows["e๑๑ ประเด็นทดสอบ"])
    assert not cant_split(rows["e๑๑ ประเด็นยาว"])


def test_line_estimate_errs_on_the_high_side():
    text = "ครูและผู้ดูแลเด็กบางส่วนเห็นว่าการรับเด็กเข้าเรียนและการตอบคำร้องของผู้ปกครองยังไม่มีมาตรฐานเดียวกัน"
    assert metrics.lines(text, 5.6, 14) >= 4  # LibreOffice sets it in 4 lines at this width
    assert metrics.lines("", 3.0, 14) == 1
    assert metrics.lines(text, 3.0, 14) > metrics.lines(text, 6.0, 14)


# --- links and dates -------------------------------------------------------------------


def test_evidence_links_are_hyperlinks_with_external_targets(built):
    doc = open_docx(built["progress-6"])
    links = doc.element.body.findall(".//" + qn("w:hyperlink"))
    typed = {m["evidence"] for d in EXAMPLE_DATA["measures"].values() for m in d if m.get("evidence")}
    shown = {"".join(t.text for t in link.iter(qn("w:t"))): link for link in links}
    assert typed <= set(shown)  # every evidence address, its digits as typed (not Thai)
    for address in typed:
        rel = doc.part.rels[shown[address].get(qn("r:id"))]
        assert rel.is_external and rel.reltype == RT.HYPERLINK and rel.target_ref == address
    emails = [a for a in shown if "@" in a]
    assert emails and all(doc.part.rels[shown[a].get(qn("r:id"))].target_ref == f"mailto:{a}" for a in emails)


def test_addresses_in_text_are_found_without_their_punctuation():
    text = "ดูที่ https://www.suanhom.example/ita/o12. หรือ www.suanhom.example หรือ ita@suanhom.example"
    assert [(text[s:e], target) for s, e, target in thai.addresses(text)] == [
        ("https://www.suanhom.example/ita/o12", "https://www.suanhom.example/ita/o12"),
        ("www.suanhom.example", "http://www.suanhom.example"),
        ("ita@suanhom.example", "mailto:ita@suanhom.example"),
    ]


def test_era_and_dates_are_kept_together(built):
    texts = [t for p in built.values() for t in visible_texts_raw(open_docx(p))]
    assert any("พ.ศ.\u00a0๒๕๖๘" in t for t in texts)
    assert not any(re.search(r"พ\.ศ\. [๐-๙]", t) for t in texts)
    assert any(re.search("[๐-๙]\u00a0(?:มกราคม|พฤศจิกายน|ธันวาคม)", t) for t in texts)


def visible_texts_raw(doc) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in doc.element.body.iter(qn("w:p"))]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", 20.0, "ประจำปีงบประมาณ พ.ศ.\u00a0๒๕๖๘"),
        ("เมื่อวันที่ ๒๒ มกราคม ๒๕๖๘ แล้ว", 20.0, "เมื่อวันที่ ๒๒\u00a0มกราคม\u00a0๒๕๖๘ แล้ว"),
        # too long for a 3 cm column as one unit: kept together by parts, never forced inside a word
        ("ภายในวันที่ ๓๐ กันยายน ๒๕๖๘", 3.0, "ภายในวันที่ ๓๐\u00a0กันยายน ๒๕๖๘"),
        ("วันที่ ๒๒ เดือนมกราคม พ.ศ. ๒๕๖๖", 3.0, "วันที่ ๒๒ เดือนมกราคม พ.ศ.\u00a0๒๕๖๖"),
        ("ต.ค. 2567 - ก.ย. 2568", 20.0, "ต.ค.\u00a02567 - ก.ย.\u00a02568"),
        ("มีผู้เข้าร่วม 12 คน", 20.0, "มีผู้เข้าร่วม 12 คน"),
    ],
)
def test_keep_together_uses_no_break_spaces_only_between_words(text, width, expected):
    def fits(words: str) -> bool:
        return metrics.text_cm(words, 14) <= width * 0.9

    once = thai.keep_together(text, fits)
    assert once == expected
    assert thai.keep_together(once, fits) == once  # a second pass changes nothing
    assert once.replace("\u00a0", " ") == text  # no character added, only spaces made no-break


def _keep_together_by_characters(text: str, fits) -> str:
    """thai.keep_together as it was before it cut and joined gaps (a list of characters, and
    `fits` asked of gaps already no-break): what the documents must stay byte for byte."""
    if not thai.may_hold_date(text):
        return text
    out = list(text)

    def glue(match, *groups):
        for group in groups:
            if match.group(group):
                for i in range(match.start(group), match.end(group)):
                    out[i] = thai.NBSP

    for match in thai._DATE_PARTS.finditer(text):
        if fits(match.group(0)):
            glue(match, "s1", "s2", "s3")
            continue
        if match.group("day") and fits(text[match.start("day") : match.end("month")]):
            glue(match, "s1")
        if match.group("era") and fits(text[match.start("era") : match.end("year")]):
            glue(match, "s3")
    joined = "".join(out)
    for rule in (thai._ERA_YEAR, thai._DAY_MONTH):
        joined_list = list(joined)
        for match in rule.finditer(joined):
            if fits(match.group(0)):
                for i in range(match.start("s"), match.end("s")):
                    joined_list[i] = thai.NBSP
        joined = "".join(joined_list)
    return joined


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [
                "1",
                "๒๕",
                "2568",
                " ",
                "\u00a0",
                "  ",
                "วันที่",
                "เดือน",
                "พ.ศ.",
                "พ. ศ.",
                "ค.ศ.",
                "-",
                ".",
                *thai.MONTHS,
                *thai.MONTHS_ABBR,
            ]
        )
    ).map("".join),
    st.floats(0.5, 30.0),
)
def test_keep_together_keeps_the_same_spaces_as_before(text, width):
    def fits(words: str) -> bool:
        return metrics.text_cm(words, 16) <= width * 0.9

    assert thai.keep_together(text, fits) == _keep_together_by_characters(text, fits)


# --- the chart -------------------------------------------------------------------------


def test_chart_labels_off_the_pass_line_and_names_broken_between_words(built):
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(built["measures"]) as z:
        chart = etree.fromstring(z.read("word/charts/chart1.xml"))
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    labels = chart.find(".//c:barChart/c:ser/c:dLbls", ns)
    assert labels.find("c:dLblPos", ns).get("val") == "ctr"  # inside the bar, below the pass-mark line
    project, _ = itadocs.load(built["measures"].parent.parent)
    indicators = [s.indicator for s in project.assessment.indicators if s.score is not None]
    categories = [v.text for v in chart.findall(".//c:barChart/c:ser/c:cat//c:v", ns)]
    assert len(categories) == len(indicators)
    for label, indicator in zip(categories, indicators, strict=True):
        number = thai.to_thai_digits(str(indicator.number))
        assert label.startswith(number), label
        lines = label[len(number) :].lstrip(" \n").split("\n")
        assert "".join(lines) == indicator.name, label
        words = thai.words(indicator.name)
        between_words = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
        breaks = {sum(len(line) for line in lines[:i]) for i in range(1, len(lines))}
        assert breaks <= between_words, label  # never inside a word


def test_words_come_from_the_dictionary():
    assert thai.words("การใช้ทรัพย์สินของราชการ") == ["การ", "ใช้", "ทรัพย์สิน", "ของ", "ราชการ"]
    assert thai.words("ประสิทธิภาพการสื่อสาร") == ["ประสิทธิภาพ", "การสื่อสาร"]
    assert "".join(thai.words("ตัวชี้วัด ITA ที่ 1")) == "ตัวชี้วัด ITA ที่ 1"


# --- part 2 grouped by issue -----------------------------------------------------------


def test_part_2_keeps_each_measure_under_the_issue_it_answers(built):
    """หัวข้อ names the part-1 issue each measure's row chose, merged down over that issue's measures;
    the issues in order, each one's measures in the order the agency wrote them."""
    doc = open_docx(built["measures"])
    [table] = [t for t in doc.tables if table_rows(t)[0] == PART_2_HEADER]
    issues = {i["number"]: i["title"] for i in EXAMPLE_DATA["assessment"]["issues"]}
    written = [m for division in EXAMPLE_DATA["divisions"] for m in EXAMPLE_DATA["measures"][division]]
    chosen = [int(thai.to_arabic_digits(m["answers_issue"]).split()[0]) for m in written]
    expected = sorted(zip(chosen, (m["measure"] for m in written), strict=True), key=lambda pair: pair[0])
    rows = table_rows(table)[1:]
    assert [(r[0], r[1]) for r in rows] == [
        (f"{thai.to_thai_digits(str(n))}. {issues[n]}", thai.thai_digits(measure)) for n, measure in expected
    ]
    assert OTHER_ISSUES not in [seen(p.text) for p in doc.paragraphs]


def test_part_2_names_the_measures_own_issue_when_it_answers_none(make_project):
    assessment = {**EXAMPLE_DATA["assessment"], "items": []}
    root = make_project({"กองคลัง": [measure(), measure(issue="ประเด็นที่สอง", questions="")]}, assessment=assessment)
    result = itadocs.build(root, documents=["measures"])
    assert result.ok, result.failure
    doc = open_docx(result.documents[0])
    tables = [t for t in doc.tables if table_rows(t)[0] == PART_2_HEADER]
    assert len(tables) == 1 and [r[0] for r in table_rows(tables[0])[1:]] == ["e๑๑ ประเด็นทดสอบ", "ประเด็นที่สอง"]
    texts = [seen(p.text) for p in doc.paragraphs]
    assert OTHER_ISSUES not in texts


# --- saying what was left out -----------------------------------------------------------


def test_build_without_scores_says_the_measures_document_was_skipped(make_project):
    root = make_project({"กองคลัง": [measure()]})
    result = itadocs.build(root)
    assert result.ok and len(result.documents) == 1
    assert [n("en") for n in result.notices] == [itadocs.api.MEASURES_SKIPPED("en")]
    output = invoke("build", root).output
    assert "ไม่ได้สร้างเอกสารมาตรการ" in output


# --- as a reader sees the pages ----------------------------------------------------------

needs_pdf_tools = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")) and not os.environ.get("CI"),
    reason="LibreOffice or poppler not installed",
)


@needs_pdf_tools
def test_no_page_ends_with_a_heading_or_an_era_without_its_year(built, tmp_path):
    from itadocs.word.pdf import to_pdf

    headings = re.compile(r"^(?:ส่วนที่ |ประเด็นที่ |ตัวชี้วัดที่ |เครื่องมือการประเมิน |ผลคะแนนรายตัวชี้วัด)")
    for pdf in to_pdf(list(built.values()), tmp_path):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for number, page in enumerate(text.split("\f")[1:-1], start=2):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            body = [line for line in lines if not re.fullmatch(r"-\s*[๐-๙]+\s*-", line)]
            assert body and not headings.match(body[-1]), (pdf.name, number, body[-1:])
            assert not any(re.search(r"พ\.ศ\.$", line) for line in lines), (pdf.name, number)


def test_the_pdf_copy_keeps_whole_every_row_libreoffice_can_fit(built, tmp_path):
    """The .docx keeps a margin for Word's taller lines; the copy LibreOffice turns into the PDF
    keeps whole every row that fits its page, and the .docx itself is left as it was."""
    from itadocs.word.pdf import prepare_pdf_copy

    def kept_whole(path):
        doc = open_docx(path)
        return sum(
            row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
            for table in doc.tables
            for row in table.rows[1:]
        )

    for key in ("progress-6", "progress-12"):
        copy = tmp_path / f"{key}.docx"
        shutil.copyfile(built[key], copy)
        before = built[key].read_bytes()
        prepare_pdf_copy()(copy)
        assert kept_whole(copy) > kept_whole(built[key]), key
        assert built[key].read_bytes() == before
