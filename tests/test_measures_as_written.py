"""What real documents write, held by the forms: the division's own analysis, the issue a measure
answers, several indicators or tools, the order written, the 12-month report's own result."""

from __future__ import annotations

from typing import Any

from openpyxl import load_workbook

import itadocs
from itadocs import schema
from itadocs.documents import DOCUMENTS, context_for
from itadocs.excel.read import read_workbook
from itadocs.excel.sample import write_project
from itadocs.model import Cell, SheetRow
from itadocs.validate import Part1, validate_row

from .conftest import AGENCY, EXAMPLE_DATA, invoke, measure
from .docx_checks import open_docx, table_rows, visible_texts

LATEST = itadocs.criteria_of(2569)
LETTERS = {c.key: chr(ord("A") + i) for i, c in enumerate(schema.MEASURE_COLUMNS)}
# Part 1 of the example: issue 1 holds i1-i3, e1-e3; issue 5 holds e4-e6; ...
ASSESSMENT = EXAMPLE_DATA["assessment"]
PART_1 = Part1(
    {i["number"]: i["title"] for i in ASSESSMENT["issues"]}, {i["code"]: i["issue"] for i in ASSESSMENT["items"]}, True
)


def row(**values) -> SheetRow:
    base = dict.fromkeys(LETTERS)
    base |= {
        "tool": "EIT",
        "issue": "ประเด็น",
        "measure": "มาตรการ",
        "responsible": "กองคลัง",
        "steps": "1. ขั้นตอน",
        "progress": "ดำเนินการแล้ว",
        "analysis": "วิเคราะห์แล้ว",
    }
    base |= values
    return SheetRow("inputs/กองคลัง.xlsx", "มาตรการ", 3, {k: Cell(v, f"{LETTERS[k]}3") for k, v in base.items()})


def codes(problems):
    return [(p.code, p.cell) for p in problems]


# --- reading a row ----------------------------------------------------------------------


def test_one_measure_may_cite_several_tools_and_indicators():
    measure_, problems = validate_row(
        row(tool="IIT, OIT", indicator="IIT 3 / OIT 9.2", questions="i7, o14"), "กองคลัง", LATEST, 6, part1=PART_1
    )
    assert problems == []
    assert (measure_.tool, measure_.indicator.number, measure_.tools) == ("IIT", 3, ("IIT", "OIT"))
    assert [i.number for i in measure_.indicators] == [3, 9] and measure_.sub_indicators[0].number == "9.2"
    # a tool named with its indicator needs no second mention in the tool column
    measure_, problems = validate_row(row(tool="OIT", indicator="9.2, 9.3 / IIT 3"), "กองคลัง", LATEST, 6)
    assert problems == [] and measure_.tools == ("OIT", "IIT") and measure_.indicator.number == 9
    # an indicator of a tool the row does not name is still a mistake
    _, problems = validate_row(row(tool="IIT", indicator="3, 9"), "กองคลัง", LATEST, 6)
    assert codes(problems) == [("indicator-tool-mismatch", "C3")]
    _, problems = validate_row(row(tool="IIT, XIT"), "กองคลัง", LATEST, 6)
    assert [(p.code, p.value) for p in problems] == [("tool-unknown", "XIT")]


def test_the_issue_chosen_wins_and_is_checked_against_part_1():
    chosen, problems = validate_row(
        row(questions="e4", answers_issue="5 การสื่อสารและการรับฟังความคิดเห็นของประชาชน"), "กองคลัง", LATEST, 6, part1=PART_1
    )
    assert problems == [] and chosen.answers_issue == 5
    # A choice that disagrees with where the first question sits in part 1: kept, and said.
    chosen, problems = validate_row(row(questions="e4", answers_issue="๖"), "กองคลัง", LATEST, 6, part1=PART_1)
    assert chosen.answers_issue == 6 and codes(problems) == [("measure-issue-differs", "O3")]
    assert "e4" in problems[0].message("th") and "ประเด็นที่ 5" in problems[0].message("th")
    # An issue part 1 does not have: said, and the questions decide.
    chosen, problems = validate_row(row(answers_issue="9"), "กองคลัง", LATEST, 6, part1=PART_1)
    assert chosen.answers_issue is None and codes(problems) == [("measure-issue-unknown", "O3")]
    # The title the form's list offered, since renamed in the agency workbook.
    chosen, problems = validate_row(row(answers_issue="5 การสื่อสารกับประชาชน"), "กองคลัง", LATEST, 6, part1=PART_1)
    assert chosen.answers_issue == 5 and codes(problems) == [("measure-issue-title-differs", "O3")]
    # The title alone, as someone types it without the number.
    chosen, _ = validate_row(
        row(answers_issue="การสื่อสารและการรับฟังความคิดเห็นของประชาชน"), "กองคลัง", LATEST, 6, part1=PART_1
    )
    assert chosen.answers_issue == 5


def test_an_analysis_not_typed_is_drafted_and_said_only_when_the_measures_document_is_made():
    _, problems = validate_row(row(analysis=None), "กองคลัง", LATEST, 6, part1=PART_1)
    assert codes(problems) == [("analysis-drafted", "P3")]
    _, problems = validate_row(row(analysis=None), "กองคลัง", LATEST, 6, part1=Part1())  # no scores: no such document
    assert problems == []


def test_a_twelve_month_row_holds_only_what_a_twelve_month_report_has():
    twelve = row(tool=None, issue=None, progress=None, summary="สรุปแล้ว", outcome="สำเร็จ")
    measure_, problems = validate_row(twelve, "กองคลัง", LATEST, 12)
    assert problems == [] and measure_.tool == ""
    _, problems = validate_row(twelve, "กองคลัง", LATEST, 6)
    assert ("value-required", "B3") in codes(problems) and ("value-required", "E3") in codes(problems)
    _, problems = validate_row(row(tool=None, issue=None, measure=None, summary="ส", outcome="ผ"), "กองคลัง", LATEST, 12)
    assert codes(problems) == [("value-required", "F3")]  # the report names each measure


# --- the documents -----------------------------------------------------------------------


def test_the_twelve_month_report_keeps_the_order_and_numbers_written(make_project):
    rows = [
        measure(order=n, tool=tool, indicator="", questions="", measure=f"มาตรการที่ {n}", summary="สรุป", outcome="ผล")
        for n, tool in ((3, "OIT"), (1, "EIT"), (2, "IIT"))
    ]
    root = make_project({"กองคลัง": rows}, agency={"round": 12, "own_score": 92.5, "own_level": "ผ่าน"})
    project, report = itadocs.load(root)
    assert project is not None, report.errors
    context: Any = context_for(project, DOCUMENTS["progress-12"])
    assert [m["numbered"][0] for m in context["measures"]] == ["1. มาตรการที่ 1", "2. มาตรการที่ 2", "3. มาตรการที่ 3"]
    assert context["opening"] == (
        "จากการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของเทศบาลตำบลทดสอบ "
        "ประจำปีงบประมาณ พ.ศ. 2568 โดยภาพรวมได้ ๙๒.๕๐ คะแนน อยู่ในระดับผ่าน"
    )
    result = itadocs.build(root)
    assert result.ok, result.failure
    texts = visible_texts(open_docx(result.documents[0]))
    assert any(t.startswith("จากการประเมินคุณธรรม") and t.endswith("อยู่ในระดับผ่าน") for t in texts)


def project_at(folder, rows, **agency):
    write_project(folder / "inputs", {**AGENCY, **agency}, {"กองคลัง": rows})
    return folder


def test_grouping_is_the_agencys_choice(tmp_path):
    rows = [measure(tool="OIT", indicator="9", questions="", measure="ข"), measure(measure="ก")]
    root = project_at(tmp_path / "by-tool", rows, grouping="จัดกลุ่มตามเครื่องมือและตัวชี้วัด")
    project, _ = itadocs.load(root)
    assert project is not None
    context: Any = context_for(project, DOCUMENTS["progress-12"])
    assert [m["measure"] for m in context["measures"]] == ["ก", "ข"]
    root = project_at(tmp_path / "as-written", rows, grouping="เรียงตามลำดับที่เขียน")
    project, _ = itadocs.load(root)
    assert project is not None
    context = context_for(project, DOCUMENTS["progress-6"])
    [group] = context["tools"]
    assert group["code"] == "" and [m["measure"] for m in group["groups"][0]["measures"]] == ["ข", "ก"]
    result = itadocs.build(root)
    assert result.ok and not any(
        t.startswith("เครื่องมือการประเมิน ") for t in visible_texts(open_docx(result.documents[0]))
    )
    root = project_at(tmp_path / "unknown", rows, grouping="ตามใจ")
    assert [(p["code"], p["column"]) for p in _report(root) if p["value"] == "ตามใจ"] == [
        ("value-invalid", "การเรียงมาตรการในรายงาน")
    ]


def _report(root):
    import json

    return json.loads(invoke("validate", root, "--json").output)["problems"]


def test_the_measures_document_prints_the_analysis_typed_under_the_issue_chosen(make_project):
    rows = [
        measure(questions="e4", answers_issue="1", analysis="ความเห็นของกองคลังเอง", measure="ม1"),
        measure(questions="e4", measure="ม2"),
    ]
    root = make_project({"กองคลัง": rows}, assessment=ASSESSMENT)
    result = itadocs.build(root, documents=["measures"])
    assert result.ok, result.failure
    [drafted] = [p for p in result.report.problems if p.code == "analysis-drafted"]
    assert drafted.cell == "P4"
    part_2 = next(table_rows(t) for t in open_docx(result.documents[0]).tables if table_rows(t)[0][0] == "หัวข้อ")
    titles = {i["number"]: i["title"] for i in ASSESSMENT["issues"]}
    assert [(r[0], r[1], r[2]) for r in part_2[1:]] == [
        (f"๑. {titles[1]}", "ม๑", "ความเห็นของกองคลังเอง"),  # chosen, though e4 sits under issue 5
        # drafted from the scores: the indicator typed, then the one ITA 2567 files e4 under, with its item
        (
            f"๕. {titles[5]}",
            "ม๒",
            "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร (๘๐.๘๗ คะแนน)\nตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน (๙๐.๒๔ คะแนน)\nข้อ e๔ ได้ ๘๐.๑๕ คะแนน",
        ),
    ]


# --- the forms ----------------------------------------------------------------------------


def test_a_form_of_the_first_version_reads_without_a_word_about_the_new_columns(make_project):
    root = make_project({"กองคลัง": [measure()]})
    path = root / "inputs" / "กองคลัง.xlsx"
    wb = load_workbook(path)
    wb[schema.MEASURES_SHEET].delete_cols(len(schema.MEASURE_COLUMNS) - 1, 2)
    wb[schema.MARKER_SHEET]["B2"] = 1
    wb.save(path)
    sheet, problems = read_workbook(path, path.name)
    assert problems == [] and len(sheet.rows) == 1
    wb[schema.MARKER_SHEET]["B2"] = schema.SCHEMA_VERSION  # the same columns missing from today's form are named
    wb.save(path)
    _, problems = read_workbook(path, path.name)
    assert [p.code for p in problems] == ["column-missing-optional"] * 2


def test_the_forms_offer_the_agencys_issues_and_init_keeps_blank_ones_in_step(tmp_path):
    root = tmp_path / "ita2570"
    first = itadocs.init_project(root, agency="เทศบาลตำบลทดสอบ", fiscal_year=2570, divisions=["กองคลัง", "กองช่าง"])
    assert first.refreshed == ()
    agency = root / "inputs" / "ข้อมูลหน่วยงาน.xlsx"
    wb = load_workbook(agency)
    issues = wb[schema.ANALYSIS_ISSUES.sheet]
    issues["A3"], issues["B3"], issues["A4"], issues["B4"] = 1, "การให้บริการ", 2, "การใช้งบประมาณ"
    wb.save(agency)
    works = root / "inputs" / "กองช่าง.xlsx"
    wb = load_workbook(works)  # the works division has typed a measure already: its form is its own now
    wb[schema.MEASURES_SHEET]["B3"], wb[schema.MEASURES_SHEET]["G3"] = "EIT", "กองช่าง"
    wb.save(works)
    again = itadocs.init_project(root)
    assert [p.name for p in again.refreshed] == ["กองคลัง.xlsx"] and len(again.history) == 1
    (kept,) = itadocs.history_entries(root)  # recorded as the division's workbook it was
    assert kept.path == again.history[0] and kept.original == "inputs/กองคลัง.xlsx"
    assert (kept.what, kept.division) == ("workbook", "กองคลัง")
    form = load_workbook(root / "inputs" / "กองคลัง.xlsx")
    assert [c.value for c in form[schema.LISTS_SHEET]["C"] if c.value] == ["1 การให้บริการ", "2 การใช้งบประมาณ"]
    column = LETTERS["answers_issue"]
    assert any(
        f"{column}3" in str(dv.sqref) and "$C$1:$C$2" in dv.formula1
        for dv in form[schema.MEASURES_SHEET].data_validations.dataValidation
    )
    assert load_workbook(works)[schema.MEASURES_SHEET]["B3"].value == "EIT"  # untouched
    assert itadocs.init_project(root).refreshed == ()  # in step: nothing to do


def test_the_merged_workbook_keeps_several_indicators_so_they_read_back(make_project):
    root = make_project({"กองคลัง": [measure(tool="IIT, OIT", indicator="IIT 3 / OIT 9.2", questions="i7")]})
    result = itadocs.merge(root)
    assert result.path is not None, result.failure
    ws: Any = load_workbook(result.path).active
    header = [c.value for c in ws[1]]
    values = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert values["เครื่องมือการประเมิน"] == "IIT, OIT"
    assert values["ตัวชี้วัดที่"] == "3 การใช้อำนาจ, OIT 9.2 การบริหารงานและการใช้จ่ายงบประมาณ"
    refs, tools, bad = itadocs.criteria_of(2568).parse_indicator_refs(values["ตัวชี้วัดที่"])
    assert not bad and [(r.indicator.number, r.sub_indicator.number if r.sub_indicator else "") for r in refs] == [
        (3, ""),
        (9, "9.2"),
    ]


def test_the_agency_workbooks_guide_says_what_the_years_criteria_do_not_know(tmp_path):
    itadocs.init_project(tmp_path / "ita2570", agency="เทศบาลตำบลทดสอบ", fiscal_year=2570, divisions=["กองคลัง"])
    wb = load_workbook(tmp_path / "ita2570" / "inputs" / "ข้อมูลหน่วยงาน.xlsx")
    guide = " ".join(str(c.value) for row in wb[schema.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    assert "criteria-2570.json" in guide and "ข้อคำถาม IIT: ยังไม่ยืนยัน (ใช้ของเกณฑ์ ITA ปี 2568)" in guide
    items = wb[schema.ITEMS.sheet]
    codes = [items.cell(r, 3).value for r in range(3, items.max_row + 1) if items.cell(r, 2).value == "OIT"]
    assert codes == [f"o{n}" for n in range(1, 27)]  # ITA 2569's list prefilled
    texts = {items.cell(r, 3).value: items.cell(r, 4).value for r in range(3, items.max_row + 1)}
    assert texts["o25"] == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" and texts["o2"] is None
