"""Validation and merging on plain records, without files."""

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itadocs import schema
from itadocs.criteria import load_criteria
from itadocs.merging import group_by_tool, merge_measures
from itadocs.model import AgencySheet, Cell, SheetRow
from itadocs.problems import Problem
from itadocs.validate import (
    cell_text,
    is_record,
    parse_fiscal_year,
    parse_int,
    parse_round,
    validate_agency,
    validate_row,
)

CRITERIA = load_criteria(2568)
LATEST = load_criteria(2569)  # ITA 2568: i1-i15, e1-e9, o1-o28
LETTERS = {c.key: chr(ord("A") + i) for i, c in enumerate(schema.MEASURE_COLUMNS)}


def row(number: int = 3, **values) -> SheetRow:
    base = dict.fromkeys(LETTERS)  # every column of the form, empty unless given
    base |= {
        "tool": "EIT",
        "issue": "ประเด็น",
        "measure": "มาตรการ",
        "responsible": "กองคลัง",
        "steps": "1. ขั้นตอน",
        "progress": "ดำเนินการแล้ว",
    }
    base |= values
    cells = {key: Cell(value, f"{LETTERS[key]}{number}") for key, value in base.items()}
    return SheetRow("inputs/กองคลัง.xlsx", "มาตรการ", number, cells)


def codes(problems):
    return [(p.code, p.cell) for p in problems]


def test_a_good_row_becomes_a_measure():
    measure, problems = validate_row(row(indicator="๗", questions="E๑๑, e12"), "กองคลัง", CRITERIA, 6)
    assert problems == []
    assert (measure.tool, measure.indicator.number, measure.questions) == ("EIT", 7, ("e11", "e12"))
    assert (measure.division, measure.file, measure.row) == ("กองคลัง", "inputs/กองคลัง.xlsx", 3)


def test_every_problem_of_a_row_is_reported_with_its_cell():
    _, problems = validate_row(row(tool="XIT", indicator="15", issue=None, responsible=""), "กองคลัง", CRITERIA, 6)
    assert codes(problems) == [
        ("value-required", "E3"),
        ("value-required", "G3"),
        ("tool-unknown", "B3"),
        ("indicator-unknown", "C3"),
    ]
    tool = next(p for p in problems if p.code == "tool-unknown")
    assert tool.column == "เครื่องมือการประเมิน" and tool.value == "XIT"
    assert "XIT" in tool.message("th") and "XIT" in tool.message("en")


def test_indicator_and_questions_must_belong_to_the_tool():
    measure, problems = validate_row(row(tool="IIT", indicator="9", questions="i2, o3"), "กองคลัง", CRITERIA, 6)
    assert measure is None
    assert codes(problems) == [("indicator-tool-mismatch", "C3"), ("question-tool-mismatch", "D3")]
    assert "OIT" in problems[0].message("th")


def test_unknown_question_code():
    _, problems = validate_row(row(questions="e11, ข้อสิบ"), "กองคลัง", CRITERIA, 6)
    assert [(p.code, p.value) for p in problems] == [("question-unknown", "ข้อสิบ")]


def test_typed_codes_people_write_are_read():
    measure, problems = validate_row(row(tool="OIT", questions="ข้อ ๐๒๗ และ 0๒๘"), "กองคลัง", LATEST, 6)
    assert problems == [] and measure.questions == ("o27", "o28")
    measure, problems = validate_row(row(questions="e1-e3、e7"), "กองคลัง", LATEST, 6)
    assert problems == [] and measure.questions == ("e1", "e2", "e3", "e7")


def test_a_code_the_year_does_not_have_is_a_located_warning():
    measure, problems = validate_row(row(tool="IIT", questions="i2, i25"), "กองคลัง", LATEST, 6)
    assert measure is not None and measure.questions == ("i2", "i25")  # kept: a warning, not an error
    assert [(p.code, p.cell, p.value, p.severity.value) for p in problems] == [
        ("question-not-in-criteria", "D3", "i25", "warning")
    ]
    assert "2568" in problems[0].message("th") and "IIT i1-i15" in problems[0].message("th")
    _, problems = validate_row(row(tool="EIT", questions="e12"), "กองคลัง", LATEST, 6)
    assert "ยังไม่ยืนยัน" in problems[0].message("th")  # ITA 2568's EIT list is not confirmed
    _, problems = validate_row(row(tool="IIT", questions="i25"), "กองคลัง", CRITERIA, 6)
    assert problems == []  # the older list has i25


def test_a_sub_indicator_typed_in_the_indicator_column():
    measure, problems = validate_row(row(tool="OIT", indicator="ตัวชี้วัดย่อย ๙.๒", questions="o8"), "กองคลัง", LATEST, 6)
    assert problems == []
    assert (measure.indicator.number, measure.sub_indicator.label) == (9, "9.2 การบริหารงานและการใช้จ่ายงบประมาณ")
    _, problems = validate_row(row(tool="EIT", indicator="10.2"), "กองคลัง", LATEST, 6)
    assert codes(problems) == [("indicator-tool-mismatch", "C3")]


@pytest.mark.parametrize("typed, number", [("๑.", 1), ("1)", 1), ("(2)", 2), ("3.", 3), (" ๑๒ ", 12), (4.0, 4)])
def test_order_as_people_number(typed, number):
    assert parse_int(typed) == number
    measure, problems = validate_row(row(order=typed), "กองคลัง", CRITERIA, 6)
    assert problems == [] and measure.order == number


@pytest.mark.parametrize("typed", ["(1", "1..", "ก.", "1.5", "-1"])
def test_order_rejects(typed):
    assert parse_int(typed) is None


def test_a_row_with_only_its_order_is_not_a_measure():
    empty = {key: None for key in LETTERS}
    numbered = SheetRow(
        "inputs/กองคลัง.xlsx",
        "มาตรการ",
        9,
        {key: Cell("๙." if key == "order" else None, f"{LETTERS[key]}9") for key in empty},
    )
    assert not is_record(numbered, schema.MEASURES)
    assert is_record(row(), schema.MEASURES)
    spaces = SheetRow("f", "s", 9, {"order": Cell(5, "A9"), "issue": Cell("  ", "E9")})
    assert not is_record(spaces, schema.MEASURES)


def test_optional_and_other_round_fields_may_be_empty():
    measure, problems = validate_row(row(progress=None), "กองคลัง", CRITERIA, 12)
    assert measure is not None
    # the 12-month fields are empty: warnings, not errors
    assert {p.code for p in problems} == {"round-value-missing"}
    assert {p.severity.value for p in problems} == {"warning"}


def test_pasted_damage_is_repaired_and_reported():
    measure, problems = validate_row(row(steps="1. เเจ้งผล\u200bทุกเดือน ทํางาน"), "กองคลัง", CRITERIA, 6)
    assert measure.steps == "1. แจ้งผลทุกเดือน ทำงาน"
    assert codes(problems) == [("text-repaired", "H3")]


def test_cell_text_of_excel_values():
    assert cell_text(datetime(2568, 1, 22)) == "๒๒ มกราคม ๒๕๖๘"  # BE year stored as CE
    assert cell_text(datetime(2025, 1, 22)) == "๒๒ มกราคม ๒๕๖๘"
    assert cell_text(7.0) == "7"
    assert cell_text(None) == ""


def test_agency_values_are_parsed_and_round_can_be_overridden():
    values = {
        "name": "เทศบาลตำบลตัวอย่าง",
        "district": "เมือง",
        "province": "ขอนแก่น",
        "fiscal_year": "พ.ศ. ๒๕๖๘",
        "round": "6 เดือน",
    }
    sheet = AgencySheet(
        "inputs/a.xlsx",
        "ข้อมูลหน่วยงาน",
        {k: Cell(v, f"B{i}") for i, (k, v) in enumerate(values.items(), start=3)},
        ["กองคลัง"],
    )
    agency, problems = validate_agency(sheet)
    assert problems == [] and (agency.fiscal_year, agency.round, agency.assessed_year) == (2568, 6, 2567)
    agency, _ = validate_agency(sheet, round=12)
    assert agency.round == 12


def test_agency_problems_name_the_cell():
    sheet = AgencySheet(
        "inputs/a.xlsx",
        "ข้อมูลหน่วยงาน",
        {"name": Cell(None, "B3"), "fiscal_year": Cell("ปีหน้า", "B6"), "round": Cell(3, "B7")},
        [],
    )
    agency, problems = validate_agency(sheet)
    assert agency is None
    assert ("value-required", "B3") in codes(problems)
    assert ("value-invalid", "B6") in codes(problems)
    assert ("value-invalid", "B7") in codes(problems)


def test_year_and_round_parsing():
    assert parse_fiscal_year(2568) == 2568 and parse_fiscal_year("2025") == 2568
    assert parse_fiscal_year("68") is None
    assert parse_round("๑๒") == 12 and parse_round(6.0) == 6 and parse_round("3") is None


def _measure(division, number, tool="EIT", indicator=None, order=None):
    m, _ = validate_row(row(number, tool=tool, indicator=indicator, order=order), division, CRITERIA, 6)
    return m


def test_merge_orders_by_listed_division_then_order_then_row():
    measures = [
        _measure("กองช่าง", 3),
        _measure("กองคลัง", 4),
        _measure("กองคลัง", 3, order=2),
        _measure("กองอื่น", 3),
        _measure("กองคลัง", 5, order=1),
    ]
    merged = merge_measures(measures, ["กองคลัง", "กองช่าง"])
    assert [(m.division, m.row) for m in merged] == [
        ("กองคลัง", 5),
        ("กองคลัง", 3),
        ("กองคลัง", 4),
        ("กองช่าง", 3),
        ("กองอื่น", 3),
    ]


def test_grouping_keeps_merged_order_inside_groups():
    measures = [
        _measure("ก", 3, "OIT", "10"),
        _measure("ก", 4, "IIT", "2"),
        _measure("ข", 3, "IIT"),
        _measure("ข", 4, "IIT", "2"),
        _measure("ข", 5, "IIT", "1"),
    ]
    tools = group_by_tool(measures, CRITERIA)
    assert [t.tool.code for t in tools] == ["IIT", "OIT"]
    iit = tools[0]
    assert [g.indicator.number if g.indicator else None for g in iit.groups] == [None, 1, 2]
    assert [(m.division, m.row) for m in iit.groups[2].measures] == [("ก", 4), ("ข", 4)]
    assert len(iit.measures) == 4


def test_question_codes_lead_the_issue_unless_already_named():
    from dataclasses import replace

    from itadocs.documents import issue_lines

    m = replace(_measure("ก", 3), questions=("i1", "i3"), issue="i1 และ i3 บุคลากรยังให้บริการช้า")
    assert issue_lines(m) == ["i1 และ i3 บุคลากรยังให้บริการช้า"]
    m = replace(m, issue="ข้อ i11 และ I๓ ยังต่ำ")
    assert issue_lines(m) == ["i1 ข้อ i11 และ I๓ ยังต่ำ"]


def test_a_problem_with_an_unknown_code_is_refused_where_it_is_made():
    with pytest.raises(ValueError, match="no-such-code"):
        Problem("no-such-code", file="inputs/x.xlsx")
    assert Problem("division-not-returned").is_error is False


@given(st.from_regex(r"[A-Z]{1,3}", fullmatch=True), st.integers(1, 1_048_576), st.booleans())
def test_a_problem_knows_its_row_and_column_from_a_cell_or_a_row_reference(letters, row, whole_row):
    cell = f"{row}:{row}" if whole_row else f"{letters}{row}"
    problem = Problem("cell-error", file="x.xlsx", sheet="s", cell=cell)
    assert problem.row == row
    assert problem.column_letter == ("" if whole_row else letters)


@pytest.mark.parametrize("cell", ["", "A", "แถว 3", "3"])
def test_a_problem_of_a_whole_file_or_sheet_has_no_row(cell):
    assert Problem("cell-error", cell=cell).row is None
