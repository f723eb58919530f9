"""Criteria data per fiscal year, the result each scale allows, and what people type for
tools, indicators and question codes."""

import json
import re

import pytest

from itadocs.criteria import (
    CERTAINTY_TH,
    DATA_DIR,
    LEVELS,
    PASS_FAIL,
    RATING,
    available_years,
    bundled_files,
    compact_codes,
    load_criteria,
    reference_markdown,
)

from .conftest import REPO, invoke

CRITERIA = load_criteria(2568)
LATEST = load_criteria(2569)  # ITA 2568: i1-i15, e1-e9, o1-o28


# --- the data files ---------------------------------------------------------


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.name)
def test_every_criteria_file_is_complete_and_says_how_sure_it_is(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    criteria = load_criteria(path=path)
    # criteria-<N>.json: the documents of fiscal year N, which analyse ITA N-1
    assert path.name == f"criteria-{criteria.fiscal_year}.json"
    assert criteria.assessment_year == criteria.fiscal_year - 1
    assert [t.code for t in criteria.tools] == ["IIT", "EIT", "OIT"]
    assert sum(t.weight for t in criteria.tools) == 100
    assert [i.number for i in criteria.indicators] == list(range(1, 11))
    assert criteria.pass_mark == 85
    assert criteria.scale.kind in (LEVELS, RATING, PASS_FAIL)
    indicators = {i.number: i for i in criteria.indicators}
    for tool in criteria.tools:
        codes = [q.code for q in tool.questions]
        assert codes == [f"{tool.question_prefix}{n}" for n in range(1, len(codes) + 1)], tool.code
        for q in tool.questions:
            assert indicators[q.indicator].tool == tool.code, q.code
            assert not q.sub_indicator or indicators[q.indicator].sub_indicator(q.sub_indicator), q.code
        assert criteria.certainty(f"tools.{tool.code}.items") in CERTAINTY_TH
    assert {i.number for i in criteria.indicators if i.sub_indicators} == {9, 10}
    # every group of facts says how sure it is and cites sources the file lists
    for note in criteria.annotations:
        assert note.certainty in CERTAINTY_TH, note.field
        assert set(note.sources) <= set(data["sources"]), note.field
    fields = {note.field for note in criteria.annotations}
    assert {"pass_mark", "tools.weight", "result_scale", "indicators", "documents.measures"} <= fields


def test_the_years_the_issue_names_have_their_own_files():
    assert available_years() == [2566, 2567, 2568, 2569, 2570]
    kinds = {year: load_criteria(year).scale.kind for year in available_years()}
    # ITA 2565 (fiscal 2566 documents) was the last year of AA-F; from ITA 2566 pass/fail with ratings.
    assert kinds == {2566: LEVELS, 2567: RATING, 2568: RATING, 2569: RATING, 2570: RATING}
    assert load_criteria(2566).scale.rule_certain and not LATEST.scale.rule_certain


def test_seed_001_scores_agree_with_the_2569_weights_and_items():
    """A published measures document of fiscal 2569 (analysing ITA 2568) prints every IIT item and indicator score and
    the total; they check the weights and the three items per IIT indicator."""
    items = {
        "i1": 98.33,
        "i2": 99.17,
        "i3": 100,
        "i4": 99.58,
        "i5": 98.75,
        "i6": 97.92,
        "i7": 100,
        "i8": 100,
        "i9": 100,
        "i10": 97.92,
        "i11": 100,
        "i12": 100,
        "i13": 99.58,
        "i14": 99.17,
        "i15": 100,
    }
    indicators = {1: 99.17, 2: 98.75, 3: 100, 4: 99.31, 5: 99.58, 6: 93.36, 7: 88.73, 8: 88.86, 9: 100, 10: 90}
    for number in range(1, 6):
        mine = [items[q.code] for q in LATEST.tool("IIT").questions if q.indicator == number]
        assert len(mine) == 3 and round(sum(mine) / 3, 2) == indicators[number]
    tools = {
        t.code: sum(indicators[i.number] for i in LATEST.indicators if i.tool == t.code)
        / sum(1 for i in LATEST.indicators if i.tool == t.code)
        for t in LATEST.tools
    }
    total = sum(t.weight * tools[t.code] for t in LATEST.tools) / 100
    assert round(total, 2) == 94.90
    assert LATEST.indicator(8).name == "การปรับปรุงการทำงาน"  # as a published document writes it
    assert LATEST.parse_indicator("การปรับปรุงระบบการทำงาน").number == 8  # the older name still reads


def test_measures_and_their_report_are_o42_o43_in_the_old_list_and_o27_o28_later():
    published = {
        c.fiscal_year: {d.document: d.oit_code for d in c.published} for c in map(load_criteria, available_years())
    }
    assert published[2566] == {"measures": "o42", "progress": "o43"}
    assert published[2568]["measures"] == "o27"
    assert load_criteria(2567).question("o42").text == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


# --- a year without a file ---------------------------------------------------


def test_a_year_without_a_file_takes_the_newest_earlier_one_and_says_so():
    newest, before = load_criteria(2570), load_criteria(2569)
    assert (len(newest.tool("OIT").questions), len(before.tool("OIT").questions)) == (26, 28)  # not the same file
    later = load_criteria(2571)
    assert (later.file, later.fiscal_year, later.fallback, later.wanted_file) == (
        "criteria-2570.json",
        2570,
        True,
        "criteria-2571.json",
    )
    assert len(later.tool("IIT").questions) == 15
    assert not newest.fallback and not before.fallback
    older = load_criteria(2565)  # older than every file: the oldest
    assert (older.file, older.fallback) == ("criteria-2566.json", True)
    other_set = load_criteria(2569, criteria_set="moph")  # no such list: the general one, said so
    assert (other_set.file, other_set.fallback, other_set.wanted_file) == (
        "criteria-2569.json",
        True,
        "criteria-2569-moph.json",
    )


def test_another_agency_types_list_is_a_file_not_code(tmp_path):
    for path in bundled_files():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    data = json.loads((DATA_DIR / "criteria-2569.json").read_text(encoding="utf-8"))
    oit = next(t for t in data["tools"] if t["code"] == "OIT")
    oit["question_prefix"] = "moit"
    oit["items"] = [{"code": f"moit{n}", "indicator": 9 if n < 15 else 10, "text": None} for n in range(1, 23)]
    (tmp_path / "criteria-2569-moph.json").write_text(json.dumps({**data, "criteria_set": "moph"}), encoding="utf-8")
    hospital = load_criteria(2569, data_dir=tmp_path, criteria_set="moph")
    assert (hospital.file, hospital.fallback) == ("criteria-2569-moph.json", False)
    assert available_years(tmp_path) == [2566, 2567, 2568, 2569, 2570]  # the general list is unchanged
    assert hospital.parse_questions("MOIT1, moit 22, MOIT3-MOIT5") == (
        ["moit1", "moit22", "moit3", "moit4", "moit5"],
        [],
    )
    assert hospital.parse_questions("o9")[1] == ["o9"]
    assert not hospital.knows_question("moit23")


# --- the result a document may state ------------------------------------------

SEED_001_TOOLS = {"IIT": 99.36, "EIT": 90.32, "OIT": 95.00}


def test_a_typed_level_always_wins():
    typed = LATEST.result(94.90, SEED_001_TOOLS, "ระดับ ผ่าน")
    assert (typed.level, typed.typed, typed.passed) == ("ผ่าน", True, True)
    assert LATEST.result(94.90, {}, "ผ่านดี").level == "ผ่านดี"
    assert load_criteria(2566).result(91.16, {}, "aa").level == "AA"  # spelled as the scale spells it
    unknown = LATEST.result(90, {}, "ดีมาก")
    assert (unknown.level, unknown.passed) == ("ดีมาก", True)  # kept as typed; validation warns


def test_without_a_typed_level_only_a_certain_rule_gives_one():
    computed = load_criteria(2566).result(78.42, {})
    assert (computed.level, computed.passed, computed.typed) == ("B", False, False)
    # ITA 2568's rule is not confirmed (a published document: 94.90, every tool >= 85, printed "ผ่าน"): no level
    untyped = LATEST.result(94.90, SEED_001_TOOLS)
    assert (untyped.level, untyped.passed) == ("", True)
    assert LATEST.result(80, {}).passed is False


def test_the_unconfirmed_rule_is_still_a_hint():
    rule = LATEST.scale.rule
    assert rule(94.90, SEED_001_TOOLS, 85) == "ผ่านดี"
    assert rule(94.64, {"IIT": 99.0, "EIT": 81.78, "OIT": 99.0}, 85) == "ผ่าน"  # one tool below 85 (news, 2568)
    assert rule(96.0, {"IIT": 96.0, "EIT": 95.5, "OIT": 96.5}, 85) == "ผ่านดีเยี่ยม"
    assert rule(90.0, {"IIT": 90.0, "EIT": None, "OIT": 90.0}, 85) is None  # needs every tool's score
    assert rule(84.99, {}, 85) == "ไม่ผ่าน"


# --- what people type ------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, code",
    [
        ("EIT", "EIT"),
        ("eit", "EIT"),
        (" Oit ", "OIT"),
        ("เครื่องมือการประเมิน IIT", "IIT"),
    ],
)
def test_parse_tool(typed, code):
    assert CRITERIA.parse_tool(typed).code == code


@pytest.mark.parametrize("typed", ["", "XIT", "IIT EIT", None, 7])
def test_parse_tool_rejects(typed):
    assert CRITERIA.parse_tool(typed) is None


@pytest.mark.parametrize(
    "typed, number",
    [
        ("7", 7),
        ("๗", 7),
        (7, 7),
        (7.0, 7),
        ("ตัวชี้วัดที่ 7", 7),
        ("ตัวชี้วัดที่๑๐", 10),
        ("7 ประสิทธิภาพการสื่อสาร", 7),
        ("ประสิทธิภาพการสื่อสาร", 7),
        ("10 การป้องกันการทุจริต", 10),
        ("7.", 7),
        ("8 การปรับปรุงการทำงาน", 8),
        ("การแก้ปัญหาการทุจริต", 5),  # other spellings met in documents
    ],
)
def test_parse_indicator(typed, number):
    assert CRITERIA.parse_indicator(typed).number == number


@pytest.mark.parametrize("typed", ["11", "0", "7 การเปิดเผยข้อมูล", "ตัวชี้วัดใหม่", 7.5, "abc", "9.7", "1.2"])
def test_parse_indicator_rejects(typed):
    assert CRITERIA.parse_indicator(typed) is None


@pytest.mark.parametrize(
    "typed, indicator, sub",
    [
        ("9.2", 9, "9.2"),
        ("๑๐.๒", 10, "10.2"),
        ("ตัวชี้วัดย่อย 9.2", 9, "9.2"),
        ("ตัวชี้วัดย่อยที่ ๙.๓", 9, "9.3"),
        (9.2, 9, "9.2"),  # Excel keeps 9.2 typed into a cell as a number
        ("9.2 การบริหารงาน", 9, "9.2"),  # names change between years: the number decides
        ("ตัวชี้วัดที่ 10.1 การดำเนินการเพื่อป้องกันการทุจริต", 10, "10.1"),
    ],
)
def test_parse_sub_indicator(typed, indicator, sub):
    found, found_sub = LATEST.parse_indicator_ref(typed)
    assert (found.number, found_sub.number) == (indicator, sub)
    assert found_sub.name == found.sub_indicator(sub).name


def test_a_sub_indicator_named_as_another_is_rejected():
    assert LATEST.parse_indicator_ref("9.2 ข้อมูลพื้นฐาน") == (None, None)  # ข้อมูลพื้นฐาน is 9.1


@pytest.mark.parametrize(
    "typed, codes, bad",
    [
        ("E๑๑", ["e11"], []),
        ("e11", ["e11"], []),
        ("i2, i3", ["i2", "i3"], []),
        ("i2 และ I3", ["i2", "i3"], []),
        ("ข้อ o9", ["o9"], []),
        ("O09", ["o9"], []),
        ("", [], []),
        ("x5, e1", ["e1"], ["x5"]),
        # a zero for the letter O, as published documents write OIT codes
        ("ข้อ ๐๒๗", ["o27"], []),
        ("0๑๑", ["o11"], []),
        ("0๘,0๙", ["o8", "o9"], []),
        ("(๐๒๕, ๐๒๖, ๐๒๗, ๐๒๘)", ["o25", "o26", "o27", "o28"], []),
        # ranges
        ("e11-e13", ["e11", "e12", "e13"], []),
        ("i2–i4", ["i2", "i3", "i4"], []),
        ("e11 - 13", ["e11", "e12", "e13"], []),
        ("ข้อ i2 ถึง ข้อ i4", ["i2", "i3", "i4"], []),
        ("o5—o7, e1", ["o5", "o6", "o7", "e1"], []),
        # lists
        ("i2 และ i3 และ e1", ["i2", "i3", "e1"], []),
        ("e4、e5、e6", ["e4", "e5", "e6"], []),
        ("i1; i2 / i3", ["i1", "i2", "i3"], []),
        ("i1, i1", ["i1"], []),
        # not codes
        ("o0, i0", [], ["o0", "i0"]),
        ("i2-e4", [], ["i2-e4"]),  # a range across tools
        ("i1-i99", [], ["i1-i99"]),  # too long to be meant
        ("e11, ข้อสิบ", ["e11"], ["ข้อสิบ"]),
    ],
)
def test_parse_questions(typed, codes, bad):
    assert CRITERIA.parse_questions(typed) == (codes, bad)


def test_which_codes_exist_in_a_year():
    assert LATEST.knows_question("i15") and not LATEST.knows_question("i16")
    assert LATEST.knows_question("o28") and not LATEST.knows_question("o42")
    assert load_criteria(2567).knows_question("o42")
    assert LATEST.tool("IIT").question_range == "i1-i15"


def test_tool_of_question():
    assert CRITERIA.tool_of_question("e11").code == "EIT"


def test_compact_codes():
    assert compact_codes(["i1", "i2", "i3", "i5", "o8", "o9", "o11"]) == "i1-i3, i5, o8-o9, o11"


# --- what the tool believes, shown ------------------------------------------------


def test_criteria_command_prints_the_year_in_thai_and_json():
    result = invoke("criteria", "2569")
    assert result.exit_code == 0, result.output
    assert "## เอกสารปีงบประมาณ พ.ศ. 2569: ผลการประเมิน ITA ปี 2568" in result.output
    assert "| IIT | แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน | ร้อยละ 30 | i1-i15 (15 ข้อ) | ยืนยันแล้ว |" in result.output
    assert "วิธีคิดระดับยังไม่ยืนยัน" in result.output
    data = json.loads(invoke("criteria", "2566", "--json").output)
    assert (data["fiscal_year"], data["assessment_year"], data["scale"]["kind"], data["fallback"]) == (
        2566,
        2565,
        "levels",
        False,
    )


def test_criteria_command_says_which_file_stands_in():
    result = invoke("criteria", "2571", "--json")
    assert result.exit_code == 0
    assert "criteria-2571.json" in result.stderr and "criteria-2570.json" in result.stderr
    assert json.loads(result.stdout)["file"] == "criteria-2570.json"


def test_the_criteria_reference_is_current():
    assert (REPO / "docs" / "criteria.md").read_text(encoding="utf-8") == reference_markdown()
    assert re.search(
        r"^\| 2569 \| 2568 \| `criteria-2569.json` \| rating \| IIT 15 EIT 9 OIT 28 \|$",
        reference_markdown(),
        re.MULTILINE,
    )


# --- fiscal 2570: ITA 2569 ----------------------------------------------------------


def test_fiscal_2570_holds_ita_2569s_oit_list_and_says_what_is_carried_from_2568():
    season = load_criteria(2570)
    assert (season.fiscal_year, season.assessment_year, season.fallback) == (2570, 2569, False)
    assert [q.code for q in season.tool("OIT").questions] == [f"o{n}" for n in range(1, 27)]
    assert season.question("o25").text == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    assert season.question("o26").text == "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert not season.knows_question("o27") and not season.knows_question("o28")  # ITA 2568's items are gone
    # Names not found stay empty rather than guessed; the items' list itself is likely.
    assert [q.code for q in season.tool("OIT").questions if not q.text] == ["o2", "o6", "o7"]
    assert season.certainty("tools.OIT.items") == "likely"
    # What ITA 2569 did not publish where it could be found stands in from ITA 2568, marked so.
    for field in ("tools.IIT.items", "tools.EIT.items", "tools.weight", "pass_mark", "indicators", "result_scale"):
        note = season.annotation(field)
        assert (note.certainty, note.carried_from) == ("uncertain", 2568), field
    assert [q.code for q in season.tool("IIT").questions] == [q.code for q in LATEST.tool("IIT").questions]
    assert not season.scale.rule_certain
    # The 12-month report bears the name of the OIT item that asks for it.
    assert season.title("progress-12") == season.question("o26").text
    measures = next(d for d in season.published if d.document == "measures")
    assert (measures.oit_code, measures.candidate_codes, measures.in_assessment_year) == ("", ("o25",), 2570)


def test_the_criteria_command_shows_what_2570_does_not_know():
    result = invoke("criteria", "2570")
    assert result.exit_code == 0, result.output
    assert "### ยังไม่ทราบหรือยังไม่ยืนยัน" in result.output
    assert "- ข้อคำถาม IIT: ยังไม่ยืนยัน (ใช้ของเกณฑ์ ITA ปี 2568)" in result.output
    assert "| OIT | แบบตรวจการเปิดเผยข้อมูลสาธารณะ | ร้อยละ 40 | o1-o26 (26 ข้อ) | น่าจะถูกต้อง |" in result.output
    assert "รายงานรอบ 12 เดือน: รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in result.output


def test_several_indicators_and_tools_as_documents_cite_them():
    refs, tools, bad = LATEST.parse_indicator_refs("9.2, 9.3")
    assert [(r.indicator.number, r.sub_indicator.number) for r in refs] == [(9, "9.2"), (9, "9.3")]
    refs, tools, bad = LATEST.parse_indicator_refs("IIT 3 / OIT 9")
    assert [(r.indicator.number, r.tool_named) for r in refs] == [(3, True), (9, True)] and not bad
    assert LATEST.parse_indicator_refs("IIT 9")[2] == ["IIT 9"]  # indicator 9 is no IIT indicator
    assert [r.indicator.number for r in LATEST.parse_indicator_refs("7 ประสิทธิภาพการสื่อสาร")[0]] == [7]
    assert [t.code for t in LATEST.parse_tools("IIT, OIT")[0]] == ["IIT", "OIT"]
    assert LATEST.parse_tools("IIT, XIT")[1] == ["XIT"]
