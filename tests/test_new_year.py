"""A new year starts from the last: `itadocs init NEW --from OLD` (api.init_project(from_project=))."""

from __future__ import annotations

import hashlib

import pytest
from openpyxl import load_workbook

import itadocs
from itadocs import schema

from .conftest import AGENCY, invoke, measure


def fingerprint(folder):
    """Every file under a folder with its bytes' hash and modification time."""
    return {
        p.relative_to(folder): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def rows(path):
    ws = load_workbook(path)[schema.MEASURES_SHEET]
    titles = {c.title: c.key for c in schema.MEASURE_COLUMNS}
    keys = [titles.get(str(c.value)) for c in ws[schema.HEADER_ROW]]
    return [
        {k: v for k, v in zip(keys, (c.value for c in row), strict=False) if k and v is not None}
        for row in ws.iter_rows(min_row=schema.FIRST_DATA_ROW)
    ]


@pytest.fixture
def old_project(make_project):
    done = measure(
        order="๑.",
        evidence="https://example.go.th/1",
        issue="ประเด็นเ\u0e40ดิม",
        summary="สรุปผลทั้งปี",
        outcome="สำเร็จ",
        answers_issue="2",
        analysis="ผลของปีที่แล้ว",
    )
    return make_project(
        {
            "กองคลัง": [done, measure(issue="ประเด็นที่สอง", tool="IIT", indicator="2", questions="i25")],
            "กองช่าง": [measure(tool="OIT", indicator="9.2", questions="o8")],
        },
        divisions=["สำนักปลัด", "กองคลัง", "กองช่าง"],
    )


def test_the_new_year_carries_agency_signers_divisions_and_measures_without_progress(old_project, tmp_path):
    before = fingerprint(old_project)
    new = tmp_path / "ita2569"
    result = itadocs.init_project(new, from_project=old_project)
    assert fingerprint(old_project) == before  # the old project is only read
    assert result.measures == 3 and result.kept == () and result.warnings == ()
    assert sorted(p.name for p in result.created) == sorted(
        ["ข้อมูลหน่วยงาน.xlsx", "สำนักปลัด.xlsx", "กองคลัง.xlsx", "กองช่าง.xlsx"]
    )

    _, report = itadocs.load(new)
    agency = AGENCY
    values = load_workbook(new / "inputs" / "ข้อมูลหน่วยงาน.xlsx")[schema.AGENCY_SHEET]
    fields = {values.cell(r, 1).value: values.cell(r, 2).value for r in range(3, 40)}
    assert fields["ชื่อหน่วยงาน"] == agency["name"] and fields["ปีงบประมาณ (พ.ศ.)"] == 2569  # the year after
    assert fields["ชื่อผู้รายงาน"] == agency["reporter_name"] and fields["ตำแหน่งผู้บริหาร"] == agency["approver_position"]
    assert fields["คะแนน ITA ภาพรวม (ปีที่ประเมิน)"] is None  # last year's results are not this year's

    [first, second] = rows(new / "inputs" / "กองคลัง.xlsx")
    assert first["order"] == "๑." and first["issue"] == "ประเด็นแดิม"  # carried repaired
    # what was reported, and what answered last year's scores (its part-1 issue, its analysis), stays
    assert {"progress", "summary", "outcome", "evidence", "answers_issue", "analysis"}.isdisjoint(first)
    assert first["steps"] == measure()["steps"] and first["period"] == measure()["period"]
    assert second["questions"] == "i25"  # as typed: the new year's check warns that ITA 2568 has no i25
    assert rows(new / "inputs" / "สำนักปลัด.xlsx") == []
    assert [p.value for p in report.problems if p.code == "question-not-in-criteria"] == ["e11", "i25"]
    assert not report.errors  # the new year's workbooks are usable at once; empty progress is a warning


def test_the_new_year_never_overwrites_and_names_given_win(old_project, tmp_path):
    new = tmp_path / "new"
    first = itadocs.init_project(
        new, from_project=old_project, divisions=["กองคลัง"], fiscal_year=2571, agency="เทศบาลเมืองทดสอบ"
    )
    assert [p.name for p in first.created] == ["ข้อมูลหน่วยงาน.xlsx", "กองคลัง.xlsx"]
    assert [p.code for p in first.warnings] == ["criteria-year-missing"]  # no criteria-2571.json yet
    ws = load_workbook(new / "inputs" / "ข้อมูลหน่วยงาน.xlsx")[schema.AGENCY_SHEET]
    assert ws["B3"].value == "เทศบาลเมืองทดสอบ" and ws["B4"].value == AGENCY["district"]
    again = itadocs.init_project(new, from_project=old_project)
    assert [p.name for p in again.kept] == ["ข้อมูลหน่วยงาน.xlsx", "กองคลัง.xlsx"]
    assert sorted(p.name for p in again.created) == ["กองช่าง.xlsx", "สำนักปลัด.xlsx"]
    assert again.measures == 1  # only what went into the workbooks written now


def test_the_new_year_needs_its_own_folder_and_an_old_agency_workbook(old_project, tmp_path):
    with pytest.raises(itadocs.ItadocsError) as same:
        itadocs.init_project(old_project, from_project=old_project)
    assert "คนละโฟลเดอร์" in same.value.text("th")
    (tmp_path / "empty" / "inputs").mkdir(parents=True)
    with pytest.raises(itadocs.ItadocsError):
        itadocs.init_project(tmp_path / "new", from_project=tmp_path / "empty")
    with pytest.raises(itadocs.ItadocsError):
        itadocs.init_project(tmp_path / "new", from_project=tmp_path / "nowhere")


def test_init_from_on_the_command_line(old_project, tmp_path):
    result = invoke("init", tmp_path / "new", "--from", old_project)
    assert result.exit_code == 0, result.output
    assert "ยกมาตรการมาจาก" in result.output and "3 รายการ" in result.output
    assert invoke("build", tmp_path / "new").exit_code == 0
