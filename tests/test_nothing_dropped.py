"""What used to vanish or print wrong now gives a located problem: error values, data under no
title, a second measures sheet, a broken link, a sub-folder, a division named '..'."""

from __future__ import annotations

import json
import os
import sys

import openpyxl
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

import itadocs
from itadocs import schema
from itadocs.limits import DEFAULT_LIMITS, Limits, limits_markdown
from itadocs.messages import ItadocsError
from itadocs.project import read_inputs

from .conftest import REPO, invoke, measure
from .workbook_parts import before, edit_sheet

SHEET = schema.MEASURES_SHEET


def edit(path, change, sheet=SHEET):
    wb = load_workbook(path)
    change(wb[sheet] if sheet else wb)
    wb.save(path)


def problems(root, *codes):
    result = invoke("validate", root, "--json")
    assert result.exit_code in (0, 1), result.output
    return [
        (p["code"], p["file"].split("/")[-1], p["sheet"], p["cell"], p["value"])
        for p in json.loads(result.output)["problems"]
        if p["code"] in codes
    ]


def test_error_values_are_errors_and_stay_out_of_the_documents(make_project):
    root = make_project({"กองคลัง": [measure(issue="แถวดี"), measure(issue="แถวเสีย")]})

    def errors(ws):
        ws["F4"] = "#REF!"  # openpyxl stores these as Excel's error values (t="e")
        ws["G4"] = "#N/A"

    edit(root / "inputs" / "กองคลัง.xlsx", errors)
    assert problems(root, "cell-error") == [
        ("cell-error", "กองคลัง.xlsx", SHEET, "F4", "#REF!"),
        ("cell-error", "กองคลัง.xlsx", SHEET, "G4", "#N/A"),
    ]
    assert invoke("build", root).exit_code == 1
    result = itadocs.build(root, draft=True, documents=["progress-6"])
    assert [(row.file, row.row) for row in result.left_out] == [("inputs/กองคลัง.xlsx", 4)]


def test_data_under_no_title_is_named(make_project):
    root = make_project({"กองคลัง": [measure(), measure(issue="สอง")]})
    beyond = len(schema.MEASURE_COLUMNS) + 2  # a column past the form's
    edit(root / "inputs" / "กองคลัง.xlsx", lambda ws: (ws.cell(3, beyond, "หมายเหตุสำคัญ"), ws.cell(4, beyond, "อีกข้อ")))
    letter = get_column_letter(beyond)
    assert problems(root, "column-untitled") == [("column-untitled", "กองคลัง.xlsx", SHEET, f"{letter}3", "หมายเหตุสำคัญ")]


def test_a_second_measures_sheet_is_not_guessed_at(make_project):
    root = make_project({"กองคลัง": [measure()]})

    def copies(wb):
        extra = wb.copy_worksheet(wb[SHEET])
        extra.title = "มาตรการ (2)"
        extra["E4"], extra["B4"] = "มาตรการที่พิมพ์ไว้ในแผ่นที่สอง", "EIT"
        hidden = wb.copy_worksheet(wb[SHEET])
        hidden.title = "ของเก่า"
        hidden.sheet_state = "hidden"
        empty = wb.copy_worksheet(wb[SHEET])
        empty.title = "ว่าง"
        empty.delete_rows(3)

    edit(root / "inputs" / "กองคลัง.xlsx", copies, sheet=None)
    found = problems(root, "measures-sheet-extra", "measures-sheet-hidden")
    assert found == [
        ("measures-sheet-extra", "กองคลัง.xlsx", "มาตรการ (2)", "A3", "2"),
        ("measures-sheet-hidden", "กองคลัง.xlsx", "ของเก่า", "A3", "1"),
    ]
    assert invoke("validate", root).exit_code == 1


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need a privilege on Windows")
def test_a_broken_link_a_sub_folder_and_hidden_files(make_project):
    root = make_project({"กองคลัง": [measure()], "กองช่าง": [measure(issue="ช่าง")]})
    inputs = root / "inputs"
    os.symlink(inputs / "ไม่มีแล้ว.xlsx", inputs / "กองการศึกษา.xlsx")
    (inputs / "เก่า").mkdir()
    (inputs / "กองช่าง.xlsx").rename(inputs / "เก่า" / "กองช่าง.xlsx")
    (inputs / "เก่า" / "กองคลัง.xlsx").write_bytes((inputs / "กองคลัง.xlsx").read_bytes())
    (inputs / "._กองคลัง.xlsx").write_bytes(b"\0\5\26\7")  # what a Mac leaves on a USB stick
    (inputs / ".DS_Store").write_bytes(b"\0")
    assert problems(root, "file-unreadable", "inputs-subfolder") == [
        ("file-unreadable", "กองการศึกษา.xlsx", "", "", ""),
        ("inputs-subfolder", "เก่า", "", "", "2"),
    ]
    report = itadocs.check(root)
    reason = next(p for p in report.problems if p.code == "file-unreadable").message("th")
    assert "ลิงก์" in reason


def test_a_hidden_workbook_is_read(make_project):
    root = make_project({"กองคลัง": [measure()], "กองช่าง": [measure(issue="ช่าง")]})
    (root / "inputs" / "กองช่าง.xlsx").rename(root / "inputs" / ".กองช่าง.xlsx")
    _, divisions, _ = read_inputs(root)
    assert sorted(d.division for d in divisions) == ["กองคลัง", "กองช่าง"]


def test_a_division_named_dots_gets_no_file_of_its_own_and_is_named(make_project, tmp_path):
    with pytest.raises(ItadocsError) as refused:
        itadocs.init_project(tmp_path / "p", agency="เทศบาลตำบลทดสอบ", fiscal_year=2568, divisions=["กองคลัง", ".."])
    assert '".."' in refused.value.text("th")
    with pytest.raises(ItadocsError) as clash:
        itadocs.init_project(tmp_path / "q", agency="ท", fiscal_year=2568, divisions=["กอง/คลัง", "กอง คลัง"])
    assert "กอง คลัง.xlsx" in clash.value.text("th")
    assert not (tmp_path / "p").exists() and not (tmp_path / "q").exists()
    # Typed into the workbooks afterwards: a located error at the cell.
    root = make_project({"กองคลัง": [measure()]}, divisions=["กองคลัง", "..."])
    edit(root / "inputs" / "กองคลัง.xlsx", lambda ws: ws.__setitem__("B1", ".."))
    found = problems(root, "division-name-invalid")
    agency = load_workbook(root / "inputs" / "ข้อมูลหน่วยงาน.xlsx")[schema.AGENCY_SHEET]
    listed = next(c.coordinate for c in agency["B"] if c.value == "...")
    assert [(code, file, cell, value) for code, file, _, cell, value in found] == [
        ("division-name-invalid", "กองคลัง.xlsx", "B1", ".."),
        ("division-name-invalid", "ข้อมูลหน่วยงาน.xlsx", listed, "..."),
    ]


def test_a_formula_never_calculated_in_the_agency_sheet(make_project):
    root = make_project({"กองคลัง": [measure()]})
    edit(root / "inputs" / "ข้อมูลหน่วยงาน.xlsx", lambda ws: ws.__setitem__("B4", "=B3"), sheet=schema.AGENCY_SHEET)
    assert problems(root, "formula-not-calculated") == [
        ("formula-not-calculated", "ข้อมูลหน่วยงาน.xlsx", schema.AGENCY_SHEET, "B4", "=B3")
    ]


def test_limits_can_be_set_for_one_read(make_project):
    root = make_project({"กองคลัง": [measure(issue=f"ข้อ {n}") for n in range(95)]})
    _, divisions, found = read_inputs(root, Limits(max_rows=90))  # the forms themselves reach row 60 or so
    assert [(p.code, p.file, p.sheet, p.cell, p.value) for p in found] == [
        ("sheet-too-many-rows", "inputs/กองคลัง.xlsx", SHEET, "B91", "91")
    ]
    assert divisions == []


def test_openpyxl_parses_with_defusedxml():
    """Belt and braces: the annotated copies are read by openpyxl, which then refuses entities too."""
    assert openpyxl.DEFUSEDXML


def test_the_limits_are_documented():
    assert (REPO / "docs" / "limits.md").read_text(encoding="utf-8") == limits_markdown()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/limits.md" in readme and f"{DEFAULT_LIMITS.max_rows:,}" in readme


def test_a_workbook_openpyxl_cannot_open_is_still_read_and_said_to_have_no_copy(make_project):
    """python-calamine reads what openpyxl, which writes the annotated copy, refuses: a cell whose
    style does not exist.  Its problems are reported; the missing copy is a warning, not a crash."""
    root = make_project({"กองคลัง": [measure(tool="XYZ")]})
    edit_sheet(
        root / "inputs" / "กองคลัง.xlsx",
        SHEET,
        before(b"</sheetData>", b'<row r="9"><c r="P9" s="999"><v>1</v></c></row>'),
    )
    result = invoke("validate", root, "--json")
    assert result.exit_code == 1
    codes = {(p["code"], p["file"]) for p in json.loads(result.output)["problems"]}
    assert {("tool-unknown", "inputs/กองคลัง.xlsx"), ("annotated-copy-failed", "inputs/กองคลัง.xlsx")} <= codes
    assert not (root / "output" / "กองคลัง (ตรวจสอบ).xlsx").exists()
