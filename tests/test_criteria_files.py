"""A year's criteria brought without a release: a JSON file or a workbook in a criteria folder,
checked with located Thai problems, used by the documents, which name it."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import asdict, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import itadocs
from itadocs import schema
from itadocs.criteria import DATA_DIR, bundled_files, describe, from_dict, load_criteria
from itadocs.criteria_files import ENV, check_data, find_criteria, read_file
from itadocs.excel.criteria_sheet import write_criteria_workbook

from .conftest import REPO, invoke, measure
from .docx_checks import open_docx


def bundled(year: int) -> dict:
    return json.loads((DATA_DIR / f"criteria-{year}.json").read_text(encoding="utf-8"))


def comparable(criteria) -> dict:
    return asdict(replace(criteria, file="", origin=""))


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.name)
def test_every_bundled_year_goes_to_a_workbook_and_back_unchanged(path, tmp_path):
    criteria = load_criteria(path=path)
    sheet = write_criteria_workbook(tmp_path / "เกณฑ์.xlsx", criteria)
    found = read_file(sheet, sheet.name)
    assert found.problems == () and found.usable
    assert comparable(found.criteria()) == comparable(criteria)
    assert check_data(bundled(criteria.fiscal_year)) == []


def test_a_wrong_value_in_the_workbook_is_named_at_its_sheet_and_cell(tmp_path):
    sheet = write_criteria_workbook(tmp_path / "เกณฑ์.xlsx", load_criteria(2570))
    wb = load_workbook(sheet)
    items = wb[schema.CRITERIA_ITEMS.sheet]
    row = next(r for r in range(3, items.max_row + 1) if items.cell(r, 1).value == "o26")
    items.cell(row, 2, 11)  # an indicator that does not exist
    items.cell(row - 1, 1, "o3")  # o25 typed as a second o3
    wb[schema.CRITERIA_SHEET]["B7"] = 150  # the pass mark
    wb.save(sheet)
    found = read_file(sheet, sheet.name)
    assert not found.usable
    assert [(p.code, p.sheet, p.cell) for p in found.problems] == [
        ("criteria-value-invalid", schema.CRITERIA_SHEET, "B7"),
        ("criteria-value-invalid", schema.CRITERIA_ITEMS.sheet, f"A{row - 1}"),
        ("criteria-value-invalid", schema.CRITERIA_ITEMS.sheet, f"B{row}"),
    ]
    message = found.problems[2].message("th")
    assert "11" in message and "ตัวชี้วัด" in message and "ไม่ได้ใช้ไฟล์นี้" in message


def test_a_broken_or_wrong_json_file_is_named_at_its_place(tmp_path):
    broken = tmp_path / "criteria-2571.json"
    broken.write_text('{"fiscal_year": 2571,\n "name": }', encoding="utf-8")
    [problem] = read_file(broken, broken.name).problems
    assert (problem.code, problem.cell) == ("criteria-file-unreadable", "บรรทัด 2 ตัวที่ 10")
    data = bundled(2570)
    data["tools"][2]["items"][24]["indicator"] = 9  # o25 under an indicator of the tool, but a sub of another
    data["tools"][0]["weight"] = 20
    (tmp_path / "wrong.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    found = read_file(tmp_path / "wrong.json", "wrong.json")
    assert [(p.code, p.column) for p in found.problems] == [
        ("criteria-value-invalid", "tools[OIT].items[o25].sub_indicator"),
        ("criteria-weights-sum", "tools"),
    ]


def test_a_coordinators_file_wins_over_the_bundled_year_and_adds_a_new_one(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    workspace = tmp_path / "province"
    project = workspace / "agency"
    (project / "criteria").mkdir(parents=True)
    (workspace / "criteria").mkdir()
    corrected = bundled(2570)
    corrected["tools"][2]["items"][1]["text"] = "ข้อมูลผู้บริหาร"  # o2's name, once known
    (workspace / "criteria" / "เกณฑ์ 2570 (ฉบับแก้).json").write_text(
        json.dumps(corrected, ensure_ascii=False), encoding="utf-8"
    )
    criteria, problems = find_criteria(2570, root=project)
    assert problems == [] and criteria.question("o2").text == "ข้อมูลผู้บริหาร"
    assert criteria.origin.endswith("เกณฑ์ 2570 (ฉบับแก้).json") and not criteria.fallback
    # The project's own folder wins over the shared one; a new year needs no release.
    newer = {**bundled(2570), "fiscal_year": 2571, "assessment_year": 2570, "name": "เกณฑ์ ITA 2570"}
    sheet = write_criteria_workbook(project / "criteria" / "2571.xlsx", itadocs.criteria_of(2570))
    wb = load_workbook(sheet)
    wb[schema.CRITERIA_SHEET]["B3"], wb[schema.CRITERIA_SHEET]["B4"] = 2571, 2570
    wb.save(sheet)
    (workspace / "criteria" / "2571.json").write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    criteria, problems = find_criteria(2571, root=project)
    assert problems == [] and criteria.file == "2571.xlsx" and criteria.fiscal_year == 2571
    assert find_criteria(2572, root=project)[0].fallback  # the newest earlier year, said so
    # A shared folder named in ITADOCS_CRITERIA serves a project without folders of its own.
    monkeypatch.setenv(ENV, str(workspace / "criteria"))
    assert find_criteria(2571)[0].name == "เกณฑ์ ITA 2570"


def test_a_file_of_the_year_with_an_error_stops_the_build_and_is_never_used(make_project):
    root = make_project({"กองคลัง": [measure(questions="e7")]}, agency={"fiscal_year": 2570})
    data = bundled(2570)
    data["pass_mark"] = "แปดสิบห้า"
    (root / "criteria").mkdir()
    (root / "criteria" / "criteria-2570.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = itadocs.build(root)
    assert not result.ok and result.documents == ()
    [problem] = [p for p in result.report.problems if p.code.startswith("criteria-")]
    assert (problem.code, problem.file, problem.column) == (
        "criteria-value-invalid",
        "criteria/criteria-2570.json",
        "pass_mark",
    )


def test_the_documents_name_the_criteria_they_were_made_with(make_project):
    root = make_project({"กองคลัง": [measure(questions="e7")]}, agency={"fiscal_year": 2570})
    data = {**bundled(2570), "name": "เกณฑ์ ITA 2569 ฉบับสำนักงานจังหวัด"}
    (root / "criteria").mkdir()
    (root / "criteria" / "criteria-2570.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = itadocs.build(root)
    assert result.ok, result.failure
    [used] = [p for p in result.report.problems if p.code == "criteria-from-file"]
    assert used.value == "criteria-2570.json" and "criteria/criteria-2570.json" in used.message("th")
    comments = open_docx(result.documents[0]).core_properties.comments
    assert "เกณฑ์ ITA 2569 ฉบับสำนักงานจังหวัด" in comments and "criteria/criteria-2570.json" in comments


def test_documents_made_with_the_bundled_criteria_name_their_file(make_project):
    result = itadocs.build(make_project({"กองคลัง": [measure()]}))
    assert result.ok, result.failure
    assert "(criteria-2568.json)" in open_docx(result.documents[0]).core_properties.comments
    assert not [p for p in result.report.problems if p.code == "criteria-from-file"]


# Files that once passed the check and crashed every build, check and status on loading.
BROKEN = {
    "carried from a year in words": (
        2570,
        lambda d: d["annotations"]["pass_mark"].update(carried_from="ปี 2568"),
        ("criteria-value-invalid", "annotations.pass_mark.carried_from"),
    ),
    "an annotation as bare text": (
        2570,
        lambda d: d["annotations"].update(pass_mark="certain"),
        ("criteria-value-invalid", "annotations.pass_mark"),
    ),
    "a document entry as text": (
        2570,
        lambda d: d["documents"].update(measures="o25"),
        ("criteria-value-invalid", "documents.measures"),
    ),
    "a level without its result": (
        2566,
        lambda d: d["result_scale"]["levels"][1].pop("result"),
        ("criteria-value-missing", "result_scale.levels[2].result"),
    ),
    "aliases as text": (
        2570,
        lambda d: d["indicators"][0].update(aliases="การเปิดเผยข้อมูล"),
        ("criteria-value-invalid", "indicators[1].aliases"),
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=str)
def test_a_file_that_would_not_load_is_a_located_problem_never_a_crash(case, tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    year, change, (code, place) = BROKEN[case]
    data = bundled(year)
    change(data)
    project = tmp_path / "agency"
    (project / "criteria").mkdir(parents=True)
    path = project / "criteria" / "แก้.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    criteria, problems = find_criteria(year, root=project)
    assert [(p.code, p.file, p.column) for p in problems] == [(code, "criteria/แก้.json", place)]
    assert criteria.file == f"criteria-{year}.json" and "ไม่ได้ใช้ไฟล์นี้" in problems[0].message("th")
    assert itadocs.check_criteria(year, project=project)[1] == problems
    criteria, problems = itadocs.check_criteria(file=path)
    assert [p.column for p in problems] == [place] and criteria.file == f"criteria-{year}.json"


def test_a_year_in_words_in_the_workbook_is_named_at_its_cell(tmp_path):
    """The sheet keeps text typed where a year goes as it is, for the check to name it."""
    sheet = write_criteria_workbook(tmp_path / "เกณฑ์.xlsx", load_criteria(2570))
    wb = load_workbook(sheet)
    wb[schema.CRITERIA_CERTAINTY.sheet]["D3"] = "ปี 2568"
    wb[schema.CRITERIA_DOCUMENTS.sheet]["D3"] = "ปีหน้า"
    wb.save(sheet)
    found = read_file(sheet, sheet.name)
    assert not found.usable
    assert [(p.code, p.sheet, p.cell, p.value) for p in found.problems] == [
        ("criteria-value-invalid", schema.CRITERIA_DOCUMENTS.sheet, "D3", "ปีหน้า"),
        ("criteria-value-invalid", schema.CRITERIA_CERTAINTY.sheet, "D3", "ปี 2568"),
    ]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 3000) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _places(data, where=()):
    """Every place in the data: (path to it, its container's key)."""
    yield where
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from _places(value, (*where, key))


BASES = {year: bundled(year) for year in (2566, 2570)}
PLACES = [(year, place) for year, data in BASES.items() for place in _places(data) if place]


@settings(max_examples=400)
@given(st.sampled_from(PLACES), st.one_of(st.just("remove"), JSON_VALUES))
def test_whatever_passes_the_check_loads_and_reads(target, value):
    """One value anywhere in a bundled file replaced (or removed): either the check names a
    problem, or the file loads and describes itself as `itadocs criteria` shows it."""
    year, place = target
    data = copy.deepcopy(BASES[year])
    parent = data
    for key in place[:-1]:
        parent = parent[key]
    if value == "remove":
        del parent[place[-1]]
    else:
        parent[place[-1]] = value
    if check_data(data) == []:
        describe(from_dict(data, "x.json"))


def test_the_criteria_command_checks_writes_and_shows_a_file(tmp_path):
    sheet = tmp_path / "เกณฑ์2570.xlsx"
    result = invoke("criteria", "2570", "--sheet", sheet)
    assert result.exit_code == 0 and sheet.is_file()
    assert invoke("criteria", "2570", "--sheet", sheet).exit_code == 1  # never written over
    shown = invoke("criteria", "--file", sheet)
    assert shown.exit_code == 0 and "## เอกสารปีงบประมาณ พ.ศ. 2570" in shown.output
    wb = load_workbook(sheet)
    wb[schema.CRITERIA_SHEET]["B7"] = "สูง"
    wb.save(sheet)
    bad = invoke("criteria", "--file", sheet)
    assert bad.exit_code == 1 and "B7" in bad.output and "เกณฑ์ผ่าน" in bad.output and "Traceback" not in bad.output


# --- no machine's path in the package or its data ------------------------------------------

# A developer's or a server's folder (an example such as C:\\ITA in a message is no machine's).
MACHINE_PATH = re.compile(
    r"(?<![\w.])(?:/work/|/home/\w|/root/|/tmp/\w|/Users/\w|/mnt/\w"
    r"|[A-Za-z]:\\+(?:Users|home)\\)"
)


def test_no_path_of_a_machine_in_the_package_or_its_data():
    found = []
    for path in sorted((REPO / "itadocs").rglob("*")):
        if path.suffix in (".py", ".json", ".html", ".css", ".js", ".txt", ".md"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if MACHINE_PATH.search(line):
                    found.append(f"{path.relative_to(REPO)}:{number}")
    assert found == []


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.name)
def test_every_source_is_a_public_address_or_a_published_document(path):
    for key, text in json.loads(path.read_text(encoding="utf-8"))["sources"].items():
        assert re.search(r"https?://|(?:^|\s)[\w.-]+\.(?:go|ac|or)\.th/|not recorded|did not record", text), key
        assert "seed" not in text.lower() and "index id" not in text and "read_file" not in text, key
