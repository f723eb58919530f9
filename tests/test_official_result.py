"""The official result as ITAS shows it: typed into the agency workbook (prefilled with the
year's criteria), checked against the year's scale, and stated in the documents without
inventing a level."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

import itadocs
from itadocs import schema
from itadocs.documents import result_sentence

from .conftest import invoke, measure

# Years stay in Arabic digits here: the renderer turns every digit of the document Thai.
PREFIX = "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. "
SEED_001 = {"overall_score": 94.90, "tools": {"IIT": 99.36, "EIT": 90.32, "OIT": 95.00}}


def loaded(make_project, year: int, assessment: dict, **measure_values):
    root = make_project({"กองคลัง": [measure(**measure_values)]}, agency={"fiscal_year": year}, assessment=assessment)
    project, report = itadocs.load(root)
    assert project is not None, [p.as_dict() for p in report.errors]
    return project, report


def codes(report):
    return [(p.code, p.cell) for p in report.problems if p.code.startswith(("result-", "overall-", "criteria-"))]


def test_a_typed_rating_is_what_the_document_says(make_project):
    project, report = loaded(make_project, 2569, {**SEED_001, "level": "ผ่านดี"}, questions="e7")
    assert result_sentence(project) == (
        PREFIX + "2568 เทศบาลตำบลทดสอบได้คะแนน ๙๔.๙๐ คะแนน อยู่ในระดับผ่านดี (เกณฑ์ผ่าน ๘๕ คะแนน) "
        "โดยแยกตามเครื่องมือการประเมินเป็น IIT ๙๙.๓๖ คะแนน EIT ๙๐.๓๒ คะแนน และ OIT ๙๕.๐๐ คะแนน"
    )
    assert codes(report) == []


def test_without_a_typed_rating_the_document_says_only_pass_and_the_coordinator_is_told(make_project):
    project, report = loaded(make_project, 2569, {"overall_score": 94.90}, questions="e7")
    assert result_sentence(project) == (
        PREFIX + "2568 เทศบาลตำบลทดสอบได้คะแนน ๙๔.๙๐ คะแนน ผ่านเกณฑ์การประเมิน (เกณฑ์ผ่าน ๘๕ คะแนน)"
    )
    [warning] = [p for p in report.problems if p.code == "result-level-not-typed"]
    assert (warning.file, warning.cell, warning.column) == (
        "inputs/ข้อมูลหน่วยงาน.xlsx",
        "B14",
        "ระดับผลการประเมิน (ตามที่ ITAS แสดง)",
    )
    assert "ผ่านหรือไม่ผ่านเกณฑ์ 85 คะแนน" in warning.message("th")


def test_the_hint_of_the_unconfirmed_rule_uses_the_tool_scores(make_project):
    _, report = loaded(
        make_project,
        2569,
        {**SEED_001, "tools": {"IIT": 99.0, "EIT": 84.5, "OIT": 99.0}, "overall_score": 94.55},
        questions="e7",
    )
    [warning] = [p for p in report.problems if p.code == "result-level-not-typed"]
    assert '"ผ่าน"' in warning.message("th") and '"ผ่าน"' in warning.message("en")


def test_a_failing_score_says_so(make_project):
    project, _ = loaded(make_project, 2569, {"overall_score": 78.42}, questions="e7")
    assert "ได้คะแนน ๗๘.๔๒ คะแนน ไม่ผ่านเกณฑ์การประเมิน (เกณฑ์ผ่าน ๘๕ คะแนน)" in result_sentence(project)


@pytest.mark.parametrize(
    "assessment, words",
    [
        ({"overall_score": 78.42}, "ได้คะแนน ๗๘.๔๒ คะแนน อยู่ในระดับ B ผลการประเมินไม่ผ่าน (เกณฑ์ผ่าน ๘๕ คะแนน)"),
        ({"overall_score": 91.16, "level": "a"}, "ได้คะแนน ๙๑.๑๖ คะแนน อยู่ในระดับ A ผลการประเมินผ่าน"),
    ],
)
def test_the_letter_scale_of_2565_is_computed_because_it_is_certain(make_project, assessment, words):
    project, report = loaded(make_project, 2566, assessment, questions="e11")
    assert words in result_sentence(project)
    assert codes(report) == []


@pytest.mark.parametrize("level, code", [("ดีมาก", "result-level-unknown"), ("ไม่ผ่าน", "result-level-score-mismatch")])
def test_a_typed_level_the_year_does_not_know_or_the_score_contradicts_is_kept_and_warned(make_project, level, code):
    project, report = loaded(make_project, 2569, {**SEED_001, "level": level}, questions="e7")
    assert codes(report) == [(code, "B14")]
    assert f"อยู่ในระดับ{level} " in result_sentence(project)  # the typed level wins


def test_an_overall_score_that_does_not_match_the_tool_scores_by_weight(make_project):
    _, report = loaded(make_project, 2569, {**SEED_001, "overall_score": 94.09, "level": "ผ่าน"}, questions="e7")
    [problem] = [p for p in report.problems if p.code == "overall-score-mismatch"]
    assert (problem.cell, problem.value, problem.details["expected"]) == ("B13", "94.09", "94.90")


def test_a_year_without_criteria_is_a_located_warning_naming_the_file_used(make_project):
    root = make_project({"กองคลัง": [measure(questions="e7")]}, agency={"fiscal_year": 2571})
    problem = next(
        p
        for p in json.loads(invoke("validate", root, "--json").output)["problems"]
        if p["code"] == "criteria-year-missing"
    )
    assert (problem["severity"], problem["file"], problem["cell"], problem["value"]) == (
        "warning",
        "inputs/ข้อมูลหน่วยงาน.xlsx",
        "B6",
        "2571",
    )
    assert "criteria-2571.json" in problem["message"] and "criteria-2570.json" in problem["message"]
    build = invoke("build", root)
    assert build.exit_code == 0 and "criteria-year-missing" in build.output


def test_the_agency_workbook_comes_with_the_years_items_tools_and_levels(tmp_path):
    itadocs.init_project(
        tmp_path, agency="เทศบาลตำบลทดสอบ", district="เมือง", province="ขอนแก่น", fiscal_year=2569, divisions=["กองคลัง"]
    )
    wb = load_workbook(tmp_path / "inputs" / "ข้อมูลหน่วยงาน.xlsx")
    assert "ระดับผลการประเมิน" not in wb.sheetnames  # the old editable AA-F sheet is gone
    items = [[c.value for c in row] for row in wb[schema.ITEMS.sheet].iter_rows(min_row=3)]
    assert [r[2] for r in items] == [f"i{n}" for n in range(1, 16)] + [f"e{n}" for n in range(1, 10)] + [
        f"o{n}" for n in range(1, 29)
    ]
    assert {r[1] for r in items} == {"IIT", "EIT", "OIT"} and all(r[0] is None and r[4] is None for r in items)
    by_code = {r[2]: r[3] for r in items}
    assert by_code["o8"] == "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่"
    assert by_code["i1"] is None and by_code["o27"] is None  # no verified wording: nothing invented
    tools = [[c.value for c in row] for row in wb[schema.TOOL_SCORES.sheet].iter_rows(min_row=3)]
    assert [r[0] for r in tools] == ["IIT", "EIT", "OIT"] and all(r[2] is None for r in tools)
    agency = wb[schema.AGENCY_SHEET]
    label = "ระดับผลการประเมิน (ตามที่ ITAS แสดง)"
    level = next(agency.cell(r, 2) for r in range(1, 30) if agency.cell(r, 1).value == label)
    [dropdown] = [dv for dv in agency.data_validations.dataValidation if level.coordinate in str(dv.sqref)]
    assert dropdown.formula1 == '"ผ่านดีเยี่ยม,ผ่านดี,ผ่าน,ไม่ผ่าน,ต้องปรับปรุง,ต้องปรับปรุงโดยด่วน"'
    # untouched, the prefilled rows are not results: no problem, no item
    project, report = itadocs.load(tmp_path)
    assert sorted(p.code for p in report.problems) == ["division-not-returned", "no-measures"]


def test_scores_typed_into_the_prefilled_rows_are_the_items(make_project):
    assessment = {
        **SEED_001,
        "level": "ผ่าน",
        "issues": [{"number": 1, "title": "ประเด็นหนึ่ง"}],
        "items": [
            {"issue": 1, "tool": "OIT", "code": "o27", "score": 50, "finding": "ยังไม่เป็นปัจจุบัน"},
            {"issue": 1, "tool": "IIT", "code": "i1", "score": 98.33},
        ],
    }
    project, report = loaded(make_project, 2569, assessment, questions="e7")
    assert [(i.code, i.score, i.row) for i in project.assessment.items] == [("i1", 98.33, 3), ("o27", 50, 53)]
    assert [(t.tool.code, t.score) for t in project.assessment.tools] == [("IIT", 99.36), ("EIT", 90.32), ("OIT", 95.0)]


def test_a_criteria_set_without_a_file_points_at_its_cell(make_project):
    root = make_project({"กองคลัง": [measure(questions="e7")]}, agency={"fiscal_year": 2569, "criteria_set": "moph"})
    project, report = itadocs.load(root)
    [problem] = [p for p in report.problems if p.code == "criteria-year-missing"]
    assert (problem.cell, problem.details["wanted"], problem.details["used"]) == (
        "B17",
        "criteria-2569-moph.json",
        "criteria-2569.json",
    )
    assert project is not None and project.criteria.file == "criteria-2569.json"
