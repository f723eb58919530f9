"""The command line on a coordinator's PC: any console encoding, help that reads whole, Thai
wrapped between words, and the small traps (a parent folder, a Christian-era year, init on an
existing project, who has not sent)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import typer.main
from openpyxl import load_workbook
from rich.cells import cell_len
from rich.console import Console

import itadocs
from itadocs import schema
from itadocs.cli.app import Lang, app
from itadocs.cli.console import problems_table, wrap_words
from itadocs.problems import Problem

from .conftest import AGENCY, REPO, invoke, measure


def run_cli(*args, encoding="cp874"):
    """The real program in a process of its own, its output redirected as `> x.txt` does."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "100"}
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "itadocs", *map(str, args)], capture_output=True, env=env)


# --- any console -------------------------------------------------------------------


def test_a_thai_windows_console_never_breaks_the_output(make_project):
    # A zero-width space pasted into a value, and the tool's own '›': neither exists in cp874.
    root = make_project({"กองคลัง": [measure(tool="X\u200bIT", progress="")]})
    table = run_cli("validate", root)
    assert table.returncode == 1, table.stderr.decode("cp874", "replace")
    text = table.stdout.decode("cp874")
    assert "tool-unknown" in text and "ไม่รู้จักเครื่องมือการประเมิน" in text

    as_json = run_cli("validate", root, "--json")
    assert as_json.returncode == 1
    report = json.loads(as_json.stdout.decode("utf-8"))  # JSON is UTF-8 whatever the console
    assert any(p["value"] == "X\u200bIT" for p in report["problems"])

    build = run_cli("build", root)
    assert build.returncode == 1 and "tool-unknown" in build.stderr.decode("cp874")


def test_python_dash_m_itadocs_runs():
    done = run_cli("version", encoding="utf-8")
    assert done.returncode == 0 and done.stdout.decode().strip() == itadocs.__version__


# --- help --------------------------------------------------------------------------


def _all_help_texts():
    command = typer.main.get_command(app)
    yield invoke("--help").output
    for name, sub in getattr(command, "commands", {}).items():
        yield invoke(name, "--help").output
        for inner in getattr(sub, "commands", {}):
            yield invoke(name, inner, "--help").output


def test_itadocs_alone_shows_the_help_and_succeeds():
    result = invoke()
    assert result.exit_code == 0 and "build" in result.output and "status" in result.output
    result = invoke("--lang", "en", "--help")
    assert result.exit_code == 0 and "Commands" in result.output


def test_help_names_its_arguments_and_lists_commands_whole():
    for text in _all_help_texts():
        assert not re.search(r"<(?:list|int|str|Path|int range)\b", text), text
    listing = invoke("--help").output.split("Commands:")[1]
    for line in listing.strip().splitlines():
        assert "..." not in line and "/" in line, line  # Thai and English, never cut


def test_lang_before_the_command_applies_to_it(make_project):
    root = make_project({"กองคลัง": [measure(tool="XIT")]})
    result = invoke("--lang", "en", "validate", root)
    assert "Unknown assessment tool" in result.output


def test_itadocs_lang_sets_the_language_and_lang_still_wins(make_project, monkeypatch):
    root = make_project({"กองคลัง": [measure(tool="XIT")]})
    monkeypatch.setenv("ITADOCS_LANG", "EN")
    assert "Unknown assessment tool" in invoke("validate", root).output
    assert "ไม่รู้จักเครื่องมือ" in invoke("validate", root, "--lang", "th").output
    monkeypatch.setenv("ITADOCS_LANG", "fr")  # not a language of ours: Thai
    assert "ไม่รู้จักเครื่องมือ" in invoke("validate", root).output


# --- Thai wrapped between words -----------------------------------------------------

MESSAGES = [
    Problem(
        "value-required",
        file="inputs/กองสาธารณสุขและสิ่งแวดล้อม.xlsx",
        sheet="มาตรการ",
        cell="E5",
        column="ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
    ),
    Problem("division-not-returned", file="inputs/กองช่าง.xlsx", sheet="มาตรการ", value="กองช่าง"),
    Problem(
        "round-value-missing",
        file="inputs/สำนักปลัดเทศบาล.xlsx",
        sheet="มาตรการ",
        cell="K7",
        column="การดำเนินการ",
        details={"round": 6},
    ),
]


@pytest.mark.parametrize("width", [80, 120])
def test_the_validate_table_breaks_thai_between_words(width):
    from pythainlp.tokenize import word_tokenize

    buffer = io.StringIO()
    Console(file=buffer, width=width, force_terminal=False, color_system=None).print(problems_table(MESSAGES, Lang.th))
    lines = buffer.getvalue().splitlines()
    assert max(cell_len(line) for line in lines) <= width
    cells = [part.strip() for line in lines for part in re.split(r"[│|┃]", line)]
    for problem in MESSAGES:
        for word in word_tokenize(problem.message("th"), engine="newmm"):
            if re.fullmatch(r"[\u0e00-\u0e7f]+", word):
                assert any(word in cell for cell in cells), (width, word)


def test_wrapping_keeps_quotes_with_their_word_and_cuts_only_what_cannot_fit():
    lines = wrap_words('ยังไม่ได้กรอก "อำเภอ" ซึ่งจำเป็นต้องมี', 14)
    assert any('"อำเภอ"' in line for line in lines) and all(cell_len(line) <= 14 for line in lines)
    assert "".join(lines).replace(" ", "") == 'ยังไม่ได้กรอก"อำเภอ"ซึ่งจำเป็นต้องมี'
    assert wrap_words("ก" * 10, 4) == ["กกกก", "กกกก", "กก"]


# --- the small traps ------------------------------------------------------------------


def test_fiscal_year_in_thai_digits_is_accepted_and_a_christian_era_year_refused(tmp_path):
    result = invoke("init", tmp_path / "a", "--fiscal-year", "๒๕๖๘", "--division", "กองคลัง")
    assert result.exit_code == 0, result.output
    agency = load_workbook(tmp_path / "a" / "inputs" / "ข้อมูลหน่วยงาน.xlsx")[schema.AGENCY_SHEET]
    assert 2568 in [agency.cell(r, 2).value for r in range(1, 20)]

    result = invoke("init", tmp_path / "b", "--fiscal-year", "2025")
    assert result.exit_code == 1 and "ค.ศ." in result.output and "2568" in result.output
    assert not (tmp_path / "b" / "inputs").exists()
    assert "Christian-era" in invoke("init", tmp_path / "b", "--fiscal-year", "2025", "--lang", "en").output
    assert invoke("init", tmp_path / "b", "--fiscal-year", "ปีนี้").exit_code == 1


def test_init_adds_a_division_to_an_existing_project_and_keeps_the_old_workbook(tmp_path):
    invoke("init", tmp_path, "--fiscal-year", "2568", "--division", "กองคลัง")
    agency = tmp_path / "inputs" / "ข้อมูลหน่วยงาน.xlsx"
    before = agency.read_bytes()

    result = invoke("init", tmp_path, "--division", "กองช่าง", "--division", "กองคลัง")
    assert result.exit_code == 0, result.output
    assert "กองช่าง" in result.output and (tmp_path / "inputs" / "กองช่าง.xlsx").is_file()
    _, report = itadocs.load(tmp_path)
    listed = load_workbook(agency)[schema.AGENCY_SHEET]
    names = [listed.cell(r, 2).value for r in range(1, listed.max_row + 1)]
    assert names.count("กองคลัง") == 1 and names.count("กองช่าง") == 1
    assert not [p for p in report.problems if p.code == "division-workbook-missing"]
    kept = list((tmp_path / "history").rglob("ข้อมูลหน่วยงาน.xlsx"))
    assert len(kept) == 1 and kept[0].read_bytes() == before

    again = invoke("init", tmp_path)  # no --division on an existing project: nothing added
    assert again.exit_code == 0 and not (tmp_path / "inputs" / "สำนักปลัด.xlsx").exists()


def test_build_in_a_folder_of_projects_asks_which_one(tmp_path):
    for name in ("ita2567", "ita2568"):
        shutil.copytree(REPO / "inputs", tmp_path / name / "inputs")
    result = invoke("build", tmp_path)
    assert result.exit_code == 1 and "ita2567" in result.output and "--all" in result.output
    assert not (tmp_path / "ita2567" / "output").exists()  # last year's project untouched


def test_who_has_not_sent_is_named_everywhere(make_project):
    root = make_project({"กองคลัง": [measure()], "กองช่าง": []}, agency={"district": ""})
    # The agency workbook has an error too: the blank division is still named.
    validate = invoke("validate", root)
    assert "division-not-returned" in validate.output and "ยังไม่ได้ส่งมาตรการ 1 ส่วนงาน: กองช่าง" in validate.output

    root_ok = root.parent / "ok"
    shutil.copytree(root / "inputs", root_ok / "inputs")
    wb = load_workbook(root_ok / "inputs" / "ข้อมูลหน่วยงาน.xlsx")
    ws = wb[schema.AGENCY_SHEET]
    for row in range(1, 20):
        if ws.cell(row, 1).value == "อำเภอ":
            ws.cell(row, 2).value = str(AGENCY["district"])
    wb.save(root_ok / "inputs" / "ข้อมูลหน่วยงาน.xlsx")
    build = invoke("build", root_ok)
    assert build.exit_code == 0, build.output
    assert "ยังไม่ได้ส่งมาตรการ 1 ส่วนงาน: กองช่าง" in build.output

    status = invoke("status", root_ok)
    assert status.exit_code == 0 and "ยังไม่ได้ส่ง" in status.output and "ส่งแล้ว 1 จาก 2" in status.output
    data = json.loads(invoke("status", root_ok, "--json").output)
    assert data["not_returned"] == ["กองช่าง"]
    assert {d["division"]: d["state"] for d in data["divisions"]} == {"กองคลัง": "ok", "กองช่าง": "blank"}
    assert data["divisions"][0]["progress_filled"] == 1
