"""Every mistake a spreadsheet allows, each caught with its stable code, place and a message.

Workbooks are made from literals and then damaged the way people damage them.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime

import pytest
from openpyxl import load_workbook

from itadocs import schema
from itadocs.problems import TYPES

from .conftest import invoke, measure
from .workbook_parts import ole_file

SHEET = schema.MEASURES_SHEET


def edit(path, change, sheet=SHEET):
    wb = load_workbook(path)
    change(wb[sheet] if sheet else wb)
    wb.save(path)


def report(root):
    result = invoke("validate", root, "--json")
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    assert data["valid"] == (result.exit_code == 0)
    return data


def found(root, *codes):
    """(code, file name, cell) of the problems with these codes."""
    return [(p["code"], p["file"].split("/")[-1], p["cell"]) for p in report(root)["problems"] if p["code"] in codes]


def test_password_protected_file_and_old_xls_renamed(make_project):
    root = make_project({"กองคลัง": [measure()]})
    # Excel keeps a password-protected .xlsx in an OLE file, as an old .xls is: its directory tells them apart.
    (root / "inputs" / "กองช่าง.xlsx").write_bytes(ole_file(["EncryptionInfo", "EncryptedPackage"]))
    (root / "inputs" / "กองการศึกษา.xlsx").write_bytes(ole_file(["Workbook", "SummaryInformation"]))
    (root / "inputs" / "บันทึก.xlsx").write_bytes(ole_file(["WordDocument"]))
    assert found(root, "file-encrypted", "file-old-format", "file-unreadable") == [
        ("file-old-format", "กองการศึกษา.xlsx", ""),
        ("file-encrypted", "กองช่าง.xlsx", ""),
        ("file-unreadable", "บันทึก.xlsx", ""),
    ]


def test_csv_and_renamed_non_excel_files(make_project):
    root = make_project({"กองคลัง": [measure()]})
    (root / "inputs" / "กองช่าง.csv").write_text("a,b\n", encoding="utf-8")
    (root / "inputs" / "รายงาน.pdf").write_bytes(b"%PDF-1.4")
    assert found(root, "file-old-format", "file-not-workbook") == [
        ("file-old-format", "กองช่าง.csv", ""),
        ("file-not-workbook", "รายงาน.pdf", ""),
    ]


def test_renamed_sheet_is_found_by_its_headers(make_project):
    root = make_project({"กองคลัง": [measure(issue="ประเด็นในแผ่นงานที่เปลี่ยนชื่อ")]})
    edit(root / "inputs" / "กองคลัง.xlsx", lambda wb: setattr(wb[SHEET], "title", "Sheet1"), sheet=None)
    data = report(root)
    assert data["valid"] and [p["code"] for p in data["problems"]] == ["sheet-renamed"]
    assert data["stats"]["measures"] == 1


def test_duplicated_column(make_project):
    root = make_project({"กองคลัง": [measure()]})
    edit(root / "inputs" / "กองคลัง.xlsx", lambda ws: ws.cell(2, 20, "ผู้รับผิดชอบ"))
    assert found(root, "column-duplicate") == [("column-duplicate", "กองคลัง.xlsx", "T2")]


def test_unknown_column_with_data_is_reported(make_project):
    root = make_project({"กองคลัง": [measure()]})
    edit(root / "inputs" / "กองคลัง.xlsx", lambda ws: (ws.cell(2, 20, "หมายเหตุ"), ws.cell(3, 20, "ข้อความสำคัญ")))
    assert found(root, "column-unknown") == [("column-unknown", "กองคลัง.xlsx", "T2")]


def test_merged_cells_spread_their_value_to_every_row(make_project):
    root = make_project({"กองคลัง": [measure(issue="แถวแรก"), measure(issue="แถวสอง", tool="")]})

    def merge(ws):
        ws.merge_cells("B3:B4")

    edit(root / "inputs" / "กองคลัง.xlsx", merge)
    data = report(root)
    assert [(p["code"], p["cell"], p["value"]) for p in data["problems"]] == [("merged-cells", "B3", "B3:B4")]
    assert data["stats"]["measures"] == 2


def test_formula_without_a_calculated_value(make_project):
    root = make_project({"กองคลัง": [measure()]})
    edit(root / "inputs" / "กองคลัง.xlsx", lambda ws: ws.__setitem__("G3", '="กอง"&"คลัง"'))
    assert found(root, "formula-not-calculated") == [("formula-not-calculated", "กองคลัง.xlsx", "G3")]


def test_rows_after_empty_rows_are_read_and_reported(make_project):
    root = make_project({"กองคลัง": [measure(issue="ต้น"), {}, {}, measure(issue="หลังแถวว่าง")]})
    data = report(root)
    assert found(root, "row-after-gap") == [("row-after-gap", "กองคลัง.xlsx", "A6")]
    assert data["stats"]["measures"] == 2


def test_buddhist_year_stored_as_a_date(make_project):
    root = make_project({"กองคลัง": [measure()]})
    edit(root / "inputs" / "กองคลัง.xlsx", lambda ws: ws.__setitem__("K3", datetime(2568, 1, 22)))
    assert found(root, "date-buddhist-year") == [("date-buddhist-year", "กองคลัง.xlsx", "K3")]
    assert invoke("build", root).exit_code == 0


@pytest.mark.parametrize("typed", ["5 พ.ค. 68", "๕ พฤษภาคม ๒๕๖๘", "05/05/2568", "วันที่ 30 กันยายน 2567"])
def test_dates_outside_the_round(make_project, typed):
    root = make_project({"กองคลัง": [measure(progress=f"ดำเนินการแล้วเมื่อ {typed}")]})
    assert found(root, "date-outside-round") == [("date-outside-round", "กองคลัง.xlsx", "K3")]


def test_dates_inside_the_round_pass(make_project):
    root = make_project({"กองคลัง": [measure(progress="ประชุมเมื่อ 22 ม.ค. 68 และ 15/03/2568")]})
    assert found(root, "date-outside-round") == []


def test_same_measure_sent_twice(make_project):
    root = make_project({"กองคลัง": [measure(), measure()], "กองช่าง": [measure()]})
    assert found(root, "measure-duplicate") == [
        ("measure-duplicate", "กองคลัง.xlsx", "A4"),
        ("measure-duplicate", "กองช่าง.xlsx", "A3"),
    ]


def test_two_workbooks_from_one_division(make_project):
    root = make_project({"กองคลัง": [measure()]})
    shutil.copy(root / "inputs" / "กองคลัง.xlsx", root / "inputs" / "กองคลัง (แก้ไข) (1).xlsx")
    assert found(root, "division-duplicate") == [("division-duplicate", "กองคลัง.xlsx", "B1")]


def test_wrong_divisions_workbook(make_project):
    root = make_project({"กองคลัง": [measure(issue="ก")], "กองช่าง": [measure(issue="ช")]})
    edit(root / "inputs" / "กองช่าง.xlsx", lambda ws: ws.__setitem__("B1", "กองคลัง"))
    codes = found(root, "division-file-mismatch", "division-duplicate")
    assert ("division-file-mismatch", "กองช่าง.xlsx", "B1") in codes


def test_illegal_control_characters_are_removed_and_reported(make_project):
    root = make_project({"กองคลัง": [measure()]})
    # openpyxl refuses to write control characters, so put one in the sheet's XML as Excel would keep it
    edit(root / "inputs" / "กองคลัง.xlsx", lambda ws: ws.__setitem__("H3", "1. ขั้นตอน_x0001_แรก"))
    assert found(root, "text-repaired") == [("text-repaired", "กองคลัง.xlsx", "H3")]
    assert invoke("build", root).exit_code == 0


def test_scores_and_issue_numbers_in_the_agency_workbook(make_project):
    assessment = {
        "overall_score": "๗๘.๔๒",
        "indicators": [{"number": 1, "score": 105}],
        "issues": [{"number": 1, "title": "ประเด็นหนึ่ง"}],
        "items": [
            {"issue": 1, "tool": "IIT", "code": "i1", "score": "๘๐", "question": "ข้อ"},
            {"issue": 9, "tool": "IIT", "code": "i2", "score": "เก้าสิบ"},
            {"issue": 1, "tool": "EIT", "code": "i3", "score": 90},
        ],
    }
    root = make_project({"กองคลัง": [measure()]}, assessment=assessment)
    codes = [(p["code"], p["cell"]) for p in report(root)["problems"]]
    # The overall score without the level ITAS shows: the rating year cannot say which level it is;
    # the measure has no analysis of its own, so the measures document drafts one (P3).
    assert codes == [
        ("score-invalid", "D3"),
        ("score-invalid", "E4"),
        ("issue-number-unknown", "A4"),
        ("question-tool-mismatch", "C5"),
        ("result-level-not-typed", "B14"),
        ("analysis-drafted", "P3"),
    ]


def test_every_problem_is_collected_not_just_the_first(make_project):
    rows = [measure(tool="X"), measure(indicator="99"), measure(questions="z9"), measure(issue="")]
    root = make_project({"กองคลัง": rows})
    codes = [p["code"] for p in report(root)["problems"]]
    assert codes == ["tool-unknown", "indicator-unknown", "question-unknown", "value-required"]


def test_every_problem_code_has_both_messages_and_is_documented():
    from itadocs.problems import problems_markdown

    for problem_type in TYPES.values():
        assert problem_type.message.th and problem_type.message.en
    from .conftest import REPO

    assert (REPO / "docs" / "problems.md").read_text(encoding="utf-8") == problems_markdown()


def test_rows_numbered_ahead_are_not_measures(make_project):
    """A ลำดับ column numbered down the form before anything is typed: those rows are empty."""
    numbered = [{"order": f"{n}."} for n in range(3, 30)]
    root = make_project(
        {"กองคลัง": [measure(order="๑."), measure(order="2)", issue="ประเด็นที่สอง"), *numbered], "กองช่าง": numbered}
    )
    data = report(root)
    assert data["valid"], data["problems"]
    assert [(p["code"], p["value"]) for p in data["problems"]] == [("division-not-returned", "กองช่าง")]
    assert data["stats"]["measures"] == 2 and data["stats"]["rows"] == 2


def test_codes_a_year_does_not_have_are_warned_where_typed(make_project):
    root = make_project(
        {"กองคลัง": [measure(tool="IIT", indicator="5", questions="i13, i27")]}, agency={"fiscal_year": 2569}
    )
    assert found(root, "question-not-in-criteria") == [("question-not-in-criteria", "กองคลัง.xlsx", "D3")]
