"""validate and merge from the command line: report, JSON, annotated copies, merged workbook."""

from __future__ import annotations

import hashlib
import json

from openpyxl import load_workbook

from itadocs.excel.annotate import SUMMARY_SHEET
from itadocs.excel.merged import MERGED_SHEET

from .conftest import invoke, measure


def digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_validate_json_report_and_annotated_copy(make_project):
    root = make_project(
        {"กองคลัง": [measure(), measure(tool="XIT"), measure(progress="")], "กองช่าง": [measure(issue="ประเด็นของกองช่าง")]}
    )
    before = digests(root / "inputs")
    result = invoke("validate", root, "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    assert report["stats"] == {"division_workbooks": 2, "rows": 4, "measures": 3, "errors": 1, "warnings": 1}
    codes = [(p["code"], p["file"], p["sheet"], p["cell"], p["severity"]) for p in report["problems"]]
    assert ("tool-unknown", "inputs/กองคลัง.xlsx", "มาตรการ", "B4", "error") in codes
    assert ("round-value-missing", "inputs/กองคลัง.xlsx", "มาตรการ", "K5", "warning") in codes
    assert "ไม่รู้จักเครื่องมือการประเมิน" in json.dumps(report, ensure_ascii=False)
    assert digests(root / "inputs") == before  # the originals are never changed

    [copy] = report["annotated"]
    wb = load_workbook(copy)
    assert wb.sheetnames[0] == SUMMARY_SHEET
    summary = wb[SUMMARY_SHEET]
    assert summary["C2"].hyperlink.location == "'มาตรการ'!B4" or "B4" in summary["C2"].hyperlink.target
    cell = wb["มาตรการ"]["B4"]
    assert cell.comment and "tool-unknown" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("F4B6B6")


def test_validate_in_english_prints_a_table_and_passes_on_warnings(make_project):
    root = make_project({"กองคลัง": [measure(progress="")]})
    result = invoke("validate", root, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Problems found" in result.output and "1 warnings" in result.output


def test_merge_writes_every_measure_with_its_source(make_project):
    root = make_project(
        {"กองคลัง": [measure(issue="ก1"), measure(issue="ก2")], "กองช่าง": [measure(issue="ช1")]},
        divisions=["กองช่าง", "กองคลัง"],
    )
    before = digests(root / "inputs")
    result = invoke("merge", root)
    assert result.exit_code == 0, result.output
    [path] = (root / "output").glob("มาตรการรวม*.xlsx")
    ws = load_workbook(path)[MERGED_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    header = [c.value for c in ws[1]]
    issue = header.index("ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา")
    assert [(r[0], r[1], r[2], r[issue]) for r in rows] == [
        ("กองช่าง", "inputs/กองช่าง.xlsx", 3, "ช1"),
        ("กองคลัง", "inputs/กองคลัง.xlsx", 3, "ก1"),
        ("กองคลัง", "inputs/กองคลัง.xlsx", 4, "ก2"),
    ]
    assert digests(root / "inputs") == before


def test_merge_keeps_a_typed_sub_indicator(make_project):
    root = make_project(
        {"กองคลัง": [measure(tool="OIT", indicator="๙.๓", questions="o12"), measure(issue="ข")]},
        agency={"fiscal_year": 2569},
    )
    assert invoke("merge", root).exit_code == 0
    [path] = (root / "output").glob("มาตรการรวม*.xlsx")
    ws = load_workbook(path)[MERGED_SHEET]
    column = [c.value for c in ws[1]].index("ตัวชี้วัดที่")
    assert [row[column].value for row in ws.iter_rows(min_row=2)] == ["9.3 การจัดซื้อจัดจ้าง", "7 ประสิทธิภาพการสื่อสาร"]
