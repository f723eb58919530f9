"""The CLI end to end: init, build on projects made by init, and bad input."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from itadocs import __version__, schema
from itadocs.cli.app import app

from .conftest import invoke, measure
from .docx_checks import arabic_digits_outside_addresses, open_docx, table_rows, visible_texts

DOMAIN_TITLES = [
    "เครื่องมือการประเมิน",
    "ตัวชี้วัดที่",
    "ข้อคำถาม",
    "ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
    "มาตรการ/แนวทาง",
    "ผู้รับผิดชอบ",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
    "ระยะเวลาดำเนินการ",
    "การดำเนินการ",
    "สรุปผลการดำเนินการ",
    "ผลลัพธ์/ความสำเร็จ",
]


def init_project(root, *divisions):
    args = [
        "init",
        root,
        "--org",
        "เทศบาลตำบลตัวอย่าง",
        "--district",
        "เมือง",
        "--province",
        "ขอนแก่น",
        "--fiscal-year",
        "2568",
        "--round",
        "6",
    ]
    for d in divisions:
        args += ["--division", d]
    return invoke(*args)


def _command_paths(group, prefix=()):
    """Every command of the CLI's command group, sub-commands included, as argument tuples."""
    for name, command in group.commands.items():
        if hasattr(command, "commands"):  # a group of sub-commands
            yield from _command_paths(command, (*prefix, name))
        else:
            yield (*prefix, name)


def test_every_command_has_help():
    import typer.main

    paths = list(_command_paths(typer.main.get_command(app)))
    assert {"build", "init", "validate"} <= {p[0] for p in paths}
    assert ("templates", "check") in paths and ("templates", "copy") in paths and ("templates", "docs") in paths
    for path in paths:
        result = invoke(*path, "--help")
        assert result.exit_code == 0, (path, result.output)
        text = " ".join(result.output.split())
        # an example of its own, and a text in both languages
        assert f"Example: itadocs {' '.join(path)}" in text, (path, text)
        assert re.search("[\u0e01-\u0e2e]{3}", text) and re.search("[A-Za-z]{4} [a-z]{3,} [a-z]{3,}", text), path
    for command in app.registered_commands:
        assert command.callback.__doc__, command.name
    result = invoke("--help")
    assert result.exit_code == 0 and "build" in result.output and "init" in result.output


def test_init_creates_agency_and_division_workbooks(tmp_path):
    result = init_project(tmp_path, "สำนักปลัด", "กองคลัง")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "inputs").iterdir())
    assert names == sorted(["ข้อมูลหน่วยงาน.xlsx", "สำนักปลัด.xlsx", "กองคลัง.xlsx"])

    wb = load_workbook(tmp_path / "inputs" / "กองคลัง.xlsx")
    assert wb.sheetnames[0] == schema.INSTRUCTIONS_SHEET
    ws = wb[schema.MEASURES_SHEET]
    headers = [c.value for c in ws[schema.HEADER_ROW] if c.value]
    assert [h for h in headers if h in DOMAIN_TITLES] == DOMAIN_TITLES  # exact titles, domain order
    assert ws["B1"].value == "กองคลัง"
    assert ws.freeze_panes == f"A{schema.FIRST_DATA_ROW}"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows.replace("$", "") == "2:2"
    assert ws["A2"].font.name == schema.DEFAULT_FONT
    assert ws.column_dimensions["E"].alignment.wrap_text
    dropdowns = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "รายการ" in dropdowns["B3"] and "รายการ" in dropdowns["C3"]
    lists = wb[schema.LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists["B"]][:2] == ["1 การปฏิบัติหน้าที่", "2 การใช้งบประมาณ"]

    agency = load_workbook(tmp_path / "inputs" / "ข้อมูลหน่วยงาน.xlsx")[schema.AGENCY_SHEET]
    values = {agency.cell(r, 1).value: agency.cell(r, 2).value for r in range(1, 20)}
    assert values["ชื่อหน่วยงาน"] == "เทศบาลตำบลตัวอย่าง" and values["ปีงบประมาณ (พ.ศ.)"] == 2568


def test_init_never_overwrites(tmp_path):
    init_project(tmp_path, "กองคลัง")
    path = tmp_path / "inputs" / "กองคลัง.xlsx"
    wb = load_workbook(path)
    wb[schema.MEASURES_SHEET]["E3"] = "งานที่กรอกไว้แล้ว"
    wb.save(path)
    result = init_project(tmp_path, "กองคลัง", "กองช่าง")
    assert result.exit_code == 0
    assert "ไม่เขียนทับ" in result.output
    assert load_workbook(path)[schema.MEASURES_SHEET]["E3"].value == "งานที่กรอกไว้แล้ว"
    assert (tmp_path / "inputs" / "กองช่าง.xlsx").exists()


def test_build_on_a_project_made_by_init(tmp_path):
    init_project(tmp_path, "สำนักปลัด", "กองคลัง")
    path = tmp_path / "inputs" / "กองคลัง.xlsx"
    wb = load_workbook(path)
    ws = wb[schema.MEASURES_SHEET]
    # typed as people type: lower-case tool, Thai-digit indicator, code in Thai digits
    typed = [
        "eit",
        "๗",
        "E๑๑",
        "ผู้รับบริการไม่ทราบช่องทาง",
        "เพิ่มช่องทาง",
        "กองคลัง",
        "1. ทำป้าย\n2. ลงเว็บไซต์",
        "รายงานทุกเดือน",
        "",
        "ทำแล้ว 5 ครั้ง",
    ]
    for col, value in zip("BCDEFGHIJK", typed, strict=True):
        ws[f"{col}3"] = value or None
    wb.save(path)
    result = invoke("build", tmp_path)
    assert result.exit_code == 0, result.output
    # สำนักปลัด sent an empty form: not an error while another division has measures
    doc = open_docx(next((tmp_path / "output").glob("*.docx")))
    rows = [r for t in doc.tables for r in table_rows(t)[1:] if len(r) == 5]
    assert rows == [
        ["e๑๑ ผู้รับบริการไม่ทราบช่องทาง", "กองคลัง", "เพิ่มช่องทาง\n๑. ทำป้าย\n๒. ลงเว็บไซต์", "รายงานทุกเดือน", "ทำแล้ว ๕ ครั้ง"]
    ]


def test_text_survives_exactly(make_project, tmp_path):
    tricky = 'A & B <b> "quoted" {{ x }} {% if %} ราคา 5 < 10 บาท'
    root = make_project(
        {
            "กองคลัง": [
                measure(
                    issue=tricky,
                    steps="1. เเจ้งผล\u200bทุกเดือน ทํางาน",
                    progress="ส่ง e-mail ถึง ita2568@suanhom.example แล้ว",
                    evidence="https://www.suanhom.example/ita/2568/o12",
                )
            ]
        }
    )
    result = invoke("build", root)
    assert result.exit_code == 0, result.output
    assert "text-repaired" in result.output
    doc = open_docx(next((root / "output").glob("*.docx")))
    texts = visible_texts(doc)
    assert 'e๑๑ A & B <b> "quoted" {{ x }} {% if %} ราคา ๕ < ๑๐ บาท' in texts
    assert "๑. แจ้งผลทุกเดือน ทำงาน" in texts
    assert "ส่ง e-mail ถึง ita2568@suanhom.example แล้ว" in texts
    assert texts[texts.index("หลักฐาน:") + 1] == "https://www.suanhom.example/ita/2568/o12"
    assert arabic_digits_outside_addresses(doc) == []


def test_empty_round_value_says_not_reported(make_project):
    root = make_project({"กองคลัง": [measure(progress="")]})
    result = invoke("build", root)
    assert result.exit_code == 0
    assert "round-value-missing" in result.output
    texts = visible_texts(open_docx(next((root / "output").glob("*.docx"))))
    assert "ยังไม่ได้รายงานผลการดำเนินการ" in texts


def test_font_option_changes_every_font(make_project):
    from .docx_checks import run_fonts

    root = make_project({"กองคลัง": [measure()]})
    assert invoke("build", root, "--font", "TH Sarabun New").exit_code == 0
    fonts = run_fonts(open_docx(next((root / "output").glob("*.docx"))))
    assert {f.cs for f in fonts} == {f.ascii for f in fonts} == {"TH Sarabun New"}


# --- bad input: exit 1, Thai message naming file, sheet and cell, no traceback ---


def assert_reported(result, *needles):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, (needle, result.output)


def test_unknown_tool_and_indicator(make_project):
    root = make_project({"กองคลัง": [measure(), measure(tool="XIT"), measure(tool="IIT", indicator="15")]})
    result = invoke("build", root)
    assert_reported(
        result, "tool-unknown", "B4", "indicator-unknown", "C5", "กองคลัง.xlsx", "มาตรการ", "ไม่รู้จักเครื่องมือการประเมิน"
    )
    assert not list((root / "output").glob("*.docx"))  # nothing rendered
    assert [p.name for p in (root / "output").glob("[!.]*")] == ["กองคลัง (ตรวจสอบ).xlsx"]  # marked copy to send back


def test_english_messages(make_project):
    root = make_project({"กองคลัง": [measure(tool="XIT")]})
    result = invoke("build", root, "--lang", "en")
    assert_reported(result, "Unknown assessment tool", "errors found")


def test_missing_sheet(make_project):
    root = make_project({"กองคลัง": [measure()], "กองช่าง": [measure()]})
    path = root / "inputs" / "กองช่าง.xlsx"
    wb = load_workbook(path)
    del wb[schema.MEASURES_SHEET]
    wb.save(path)
    assert_reported(invoke("build", root), "sheet-missing", "กองช่าง.xlsx", "มาตรการ")


def test_missing_column(make_project):
    root = make_project({"กองคลัง": [measure()]})
    path = root / "inputs" / "กองคลัง.xlsx"
    wb = load_workbook(path)
    wb[schema.MEASURES_SHEET]["G2"] = None  # ผู้รับผิดชอบ
    wb.save(path)
    assert_reported(invoke("build", root), "column-missing", "ผู้รับผิดชอบ", "2:2")


def test_moved_and_respaced_columns_are_found_by_title(make_project):
    root = make_project({"กองคลัง": [measure(issue="ประเด็นย้ายคอลัมน์")]})
    path = root / "inputs" / "กองคลัง.xlsx"
    wb = load_workbook(path)
    ws = wb[schema.MEASURES_SHEET]
    ws["E2"], ws["F2"] = "มาตรการ/ แนวทาง", "ประเด็นที่ต้องปรับปรุง แก้ไข/ ประเด็นที่ต้องพัฒนา"
    ws["E3"], ws["F3"] = ws["F3"].value, ws["E3"].value
    wb.save(path)
    result = invoke("build", root)
    assert result.exit_code == 0, result.output
    texts = visible_texts(open_docx(next((root / "output").glob("*.docx"))))
    assert "e๑๑ ประเด็นย้ายคอลัมน์" in texts


def test_unreadable_and_old_files(make_project):
    root = make_project({"กองคลัง": [measure()]})
    (root / "inputs" / "กองช่าง.xlsx").write_bytes(b"not a workbook at all")
    (root / "inputs" / "กองการศึกษา.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (root / "inputs" / "~$กองคลัง.xlsx").write_bytes(b"lock file")  # Excel's lock file: ignored
    result = invoke("build", root)
    assert_reported(result, "file-unreadable", "กองช่าง.xlsx", "file-old-format", "กองการศึกษา.xls")
    assert "~$" not in result.output


def test_missing_agency_workbook_and_folder(make_project, tmp_path):
    root = make_project({"กองคลัง": [measure()]})
    (root / "inputs" / "ข้อมูลหน่วยงาน.xlsx").unlink()
    assert_reported(invoke("build", root), "agency-workbook-missing")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_reported(invoke("build", empty), "inputs-missing")
    assert_reported(invoke("build", tmp_path / "nowhere"), "ไม่พบโฟลเดอร์")


def test_cli_runs_as_a_fresh_process(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "itadocs", "build", str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "inputs-missing" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("slow", ["", "1"])
def test_a_fresh_process_ends_with_its_output_and_exit_code_either_way(tmp_path, slow):
    """The console script ends the process without the interpreter's teardown unless
    ITADOCS_SLOW_EXIT is set: the output is complete and the exit code the command's."""
    env = {**os.environ, "ITADOCS_SLOW_EXIT": slow}

    def itadocs(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "itadocs", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            encoding="utf-8",
        )

    assert itadocs("problems").stdout == invoke("problems").stdout  # long output, flushed whole
    assert (itadocs("version").returncode, itadocs("version").stdout.strip()) == (0, __version__)
    failed = itadocs("build", str(tmp_path / "nowhere"))
    assert failed.returncode == 1 and "ไม่พบโฟลเดอร์" in failed.stderr
    assert itadocs("build", "--round", "7", str(tmp_path)).returncode == 2  # a bad option, as click says
    assert itadocs("no-such-command").returncode == 2
    piped = subprocess.run(
        f'"{sys.executable}" -m itadocs problems | head -1',
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        encoding="utf-8",
    )
    assert piped.stdout.startswith("#") and "Traceback" not in piped.stderr


def test_build_watch_prints_each_build_and_stops_quietly_on_ctrl_c(make_project, monkeypatch):
    import itadocs.api

    root = make_project({"กองคลัง": [measure()]})
    real_watch = itadocs.api.watch

    def twice_then_ctrl_c(root, options):
        builds = real_watch(root, options, interval=0.01)
        yield next(builds)
        (root / "templates").mkdir()
        (root / "templates" / "progress-6.docx").write_bytes(b"")  # the second build fails, the watch goes on
        yield next(builds)
        raise KeyboardInterrupt

    monkeypatch.setattr(itadocs.api, "watch", twice_then_ctrl_c)
    result = invoke("build", root, "--watch", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.count("a change builds again") == 2 and "built again at" in result.stdout
    assert "written:" in result.stdout and "stopped watching" in result.stdout
    assert "progress-6.docx" in result.stderr  # the failure said, not a stop


def test_build_watch_is_for_one_project(make_project, tmp_path):
    root = make_project({"กองคลัง": [measure()]})
    shutil.copytree(root, root.parent / "another")
    result = invoke("build", root.parent, "--all", "--watch", "--lang", "en")
    assert result.exit_code == 1 and "--watch builds one project" in result.stderr
