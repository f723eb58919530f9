"""Criteria data and what people type for tools, indicators and question codes."""

import pytest

from itadocs.criteria import DATA_DIR, available_years, load_criteria

CRITERIA = load_criteria(2568)


def test_criteria_data_has_ten_indicators_over_three_tools():
    assert [t.code for t in CRITERIA.tools] == ["IIT", "EIT", "OIT"]
    assert [i.number for i in CRITERIA.indicators] == list(range(1, 11))
    assert {i.tool for i in CRITERIA.indicators if i.number <= 5} == {"IIT"}
    assert CRITERIA.pass_mark == 85


def test_criteria_year_falls_back_to_newest_earlier_file(tmp_path):
    import json

    data = json.loads((DATA_DIR / "criteria-2568.json").read_text(encoding="utf-8"))
    for year in (2566, 2568):
        (tmp_path / f"criteria-{year}.json").write_text(json.dumps({**data, "name": f"เกณฑ์ {year}"}),
                                                         encoding="utf-8")
    assert available_years(tmp_path) == [2566, 2568]
    assert load_criteria(2566, data_dir=tmp_path).name == "เกณฑ์ 2566"
    assert load_criteria(2567, data_dir=tmp_path).name == "เกณฑ์ 2566"  # the newest not after 2567
    assert load_criteria(2599, data_dir=tmp_path).name == "เกณฑ์ 2568"
    assert load_criteria(2500, data_dir=tmp_path).name == "เกณฑ์ 2566"  # older than every file: the oldest


@pytest.mark.parametrize("typed, code", [
    ("EIT", "EIT"), ("eit", "EIT"), (" Oit ", "OIT"), ("เครื่องมือการประเมิน IIT", "IIT"),
])
def test_parse_tool(typed, code):
    assert CRITERIA.parse_tool(typed).code == code


@pytest.mark.parametrize("typed", ["", "XIT", "IIT EIT", None, 7])
def test_parse_tool_rejects(typed):
    assert CRITERIA.parse_tool(typed) is None


@pytest.mark.parametrize("typed, number", [
    ("7", 7), ("๗", 7), (7, 7), (7.0, 7), ("ตัวชี้วัดที่ 7", 7), ("ตัวชี้วัดที่๑๐", 10),
    ("7 ประสิทธิภาพการสื่อสาร", 7), ("ประสิทธิภาพการสื่อสาร", 7), ("10 การป้องกันการทุจริต", 10), ("7.", 7),
])
def test_parse_indicator(typed, number):
    assert CRITERIA.parse_indicator(typed).number == number


@pytest.mark.parametrize("typed", ["11", "0", "7 การเปิดเผยข้อมูล", "ตัวชี้วัดใหม่", 7.5, "abc"])
def test_parse_indicator_rejects(typed):
    assert CRITERIA.parse_indicator(typed) is None


@pytest.mark.parametrize("typed, codes, bad", [
    ("E๑๑", ["e11"], []),
    ("e11", ["e11"], []),
    ("i2, i3", ["i2", "i3"], []),
    ("i2 และ I3", ["i2", "i3"], []),
    ("ข้อ o9", ["o9"], []),
    ("O09", ["o9"], []),
    ("", [], []),
    ("x5, e1", ["e1"], ["x5"]),
])
def test_parse_questions(typed, codes, bad):
    assert CRITERIA.parse_questions(typed) == (codes, bad)


def test_tool_of_question():
    assert CRITERIA.tool_of_question("e11").code == "EIT"
