"""The library front door: plain calls that return values, never print, and agree with the CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

import itadocs
from itadocs import schema

from .conftest import REPO, invoke, measure


@pytest.fixture
def example(tmp_path):
    root = tmp_path / "example"
    shutil.copytree(REPO / "inputs", root / "inputs")
    return root


def test_everything_in_all_is_importable_from_the_package():
    import importlib
    import pkgutil
    import types

    # Importing a submodule binds it on the package: none may shadow an API name (itadocs.merge,
    # itadocs.status ... must stay the functions however many modules were imported before).
    for module in pkgutil.walk_packages(itadocs.__path__, "itadocs."):
        if not module.name.endswith("__main__"):  # that one runs the CLI
            importlib.import_module(module.name)
    for name in itadocs.__all__:
        value = getattr(itadocs, name)
        assert value is not None and not isinstance(value, types.ModuleType), name
    with pytest.raises(AttributeError):
        itadocs.no_such_thing  # noqa: B018
    # The three lists in itadocs/__init__.py (exports, where each lives, the imports for type
    # checkers) name the same things: a name added to one and not the others fails here.
    homes = itadocs._HOMES
    assert set(itadocs.__all__) - {"__version__"} == set(homes)
    source = Path(itadocs.__file__).read_text(encoding="utf-8")
    typed = source.split("if TYPE_CHECKING:", 1)[1].split("_HOMES", 1)[0]
    assert {name for name in homes if re.search(rf"\b{name}\b", typed)} == set(homes)


def test_init_check_build_merge_return_values_and_print_nothing(tmp_path, capsys):
    root = tmp_path / "ita"
    created = itadocs.init_project(
        root,
        agency="เทศบาลตำบลทดสอบ",
        district="เมือง",
        province="ขอนแก่น",
        fiscal_year=2568,
        divisions=["กองคลัง", "กองช่าง"],
    )
    assert [p.name for p in created.created] == ["ข้อมูลหน่วยงาน.xlsx", "กองคลัง.xlsx", "กองช่าง.xlsx"]
    again = itadocs.init_project(root, agency="เทศบาลตำบลทดสอบ", fiscal_year=2568, divisions=["กองคลัง"])
    assert again.created == () and [p.name for p in again.kept] == ["ข้อมูลหน่วยงาน.xlsx", "กองคลัง.xlsx"]

    # Blank forms: no measures anywhere is an error, reported as a value.
    report = itadocs.check(root)
    assert not report.ok and [p.code for p in report.errors] == ["no-measures"]

    path = root / "inputs" / "กองคลัง.xlsx"
    wb = load_workbook(path)
    ws = wb[schema.MEASURES_SHEET]
    columns = {c.key: i for i, c in enumerate(schema.MEASURES.columns, start=1)}
    for key, value in measure().items():
        ws.cell(schema.FIRST_DATA_ROW, columns[key], value)
    wb.save(path)

    report = itadocs.check(root)
    assert report.ok and report.summary()["measures"] == 1
    result = itadocs.build(root)
    assert result.ok and result.failure is None and result.agency == "เทศบาลตำบลทดสอบ"
    assert [p.name for p in result.documents] == [
        "รายงานการดำเนินการตามมาตรการ ITA ปี 2568 รอบ 6 เดือน - เทศบาลตำบลทดสอบ.docx"
    ]
    assert all(p.is_file() for p in result.documents)
    merged = itadocs.merge(root)
    assert merged.path.is_file() and merged.measures == 1
    assert capsys.readouterr() == ("", "")  # the library never prints


def test_validate_json_is_the_check_report(example):
    result = invoke("validate", example, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == itadocs.check(example).as_dict()


def test_build_with_errors_returns_the_failure_and_writes_only_annotated_copies(make_project):
    root = make_project({"กองคลัง": [measure(tool="XIT")]})
    result = itadocs.build(root, lang="en")
    assert result.failure is not None and result.documents == ()
    assert "1 errors found" in result.failure("en") and "ข้อผิดพลาด 1 รายการ" in result.failure("th")
    assert [p.code for p in result.report.errors] == ["tool-unknown"]
    assert [p.name for p in result.report.annotated] == ["กองคลัง (ตรวจสอบ).xlsx"]
    assert result.agency == "เทศบาลตำบลทดสอบ"  # named even when it fails, for the batch summary


def test_inputs_with_errors_are_a_value_in_check_build_and_merge_alike(make_project):
    root = make_project({"กองคลัง": [measure(tool="XIT")]})
    report, built, merged = itadocs.check(root), itadocs.build(root), itadocs.merge(root)
    assert not report.ok and not built.ok and not merged.ok
    assert [p.code for p in merged.report.errors] == [p.code for p in built.report.errors] == ["tool-unknown"]
    assert merged.path is None and merged.failure == built.failure
    result = invoke("merge", root)
    assert result.exit_code == 1 and "tool-unknown" in result.output and "ยังไม่ได้สร้างเอกสาร" in result.output


def test_build_options_are_one_value_and_an_unknown_one_is_named(example):
    options = itadocs.BuildOptions(documents=["progress-12"], lang="en")  # type: ignore[arg-type]
    assert options.with_changes(documents=["measures"]).documents == ("measures",)
    result = itadocs.build(example, options, round=12)
    assert result.ok and [p.name for p in result.documents] == [
        "รายงานผลการดำเนินการตามมาตรการ ITA ปี 2569 รอบ 12 เดือน - เทศบาลตำบลสวนหอมพัฒนา.docx"
    ]
    with pytest.raises(itadocs.ItadocsError) as raised:
        itadocs.build(example, colour="red")
    assert "colour" in raised.value.text("en") and "overwrite" in raised.value.text("en")


def test_each_document_is_rendered_for_its_own_round(example):
    from .docx_checks import open_docx, visible_texts

    result = itadocs.build(example, documents=["progress-6", "progress-12"])
    assert result.ok, result.failure
    six, twelve = (visible_texts(open_docx(p)) for p in result.documents)
    assert "รอบ ๖ เดือน" in six and "รอบ ๑๒ เดือน" not in six
    assert "รอบ ๑๒ เดือน" in twelve and "รอบ ๖ เดือน" not in twelve
    assert result.documents[1].name.startswith("รายงานผลการดำเนินการตามมาตรการ ITA ปี 2569 รอบ 12 เดือน")


def test_errors_a_caller_can_fix_are_itadocs_errors_in_both_languages(tmp_path, example):
    with pytest.raises(itadocs.ItadocsError) as missing:
        itadocs.check(tmp_path / "nowhere")
    assert "ไม่พบโฟลเดอร์" in missing.value.text("th") and "No folder" in missing.value.text("en")
    with pytest.raises(itadocs.ItadocsError):
        itadocs.build(example, round=7)
    with pytest.raises(itadocs.ItadocsError):
        itadocs.build(example, documents=["budget"])


def test_project_is_frozen_and_complete(example):
    import dataclasses

    project, report = itadocs.load(example)
    assert project is not None and report.ok
    with pytest.raises(dataclasses.FrozenInstanceError):
        project.agency.round = 12  # type: ignore[misc]
    assert project.assessment.has_scores and len(project.measures) == report.summary()["measures"]


def test_unreadable_reason_follows_the_message_language(make_project):
    root = make_project({"กองคลัง": [measure()]})
    (root / "inputs" / "เสีย.xlsx").write_bytes(b"not a workbook")
    problem = next(p for p in itadocs.check(root).problems if p.code == "file-unreadable")
    assert "damaged or not an Excel file" in problem.message("en") and "ไฟล์เสีย" not in problem.message("en")
    assert "ไฟล์เสียหรือไม่ใช่ไฟล์ Excel" in problem.message("th")


def test_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    """The "Use from Python" example in README.md runs as written."""
    import re

    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Use from Python") :]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert code is not None
    monkeypatch.chdir(tmp_path)
    exec(compile(code[1], "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "no-measures" in printed and "ยังไม่ได้สร้างเอกสาร" in printed  # blank forms: reported, not raised
    assert (tmp_path / "ita2568" / "inputs" / "ข้อมูลหน่วยงาน.xlsx").is_file()


def test_status_names_who_has_not_sent(tmp_path):
    root = tmp_path / "ita"
    itadocs.init_project(
        root,
        agency="เทศบาลตำบลทดสอบ",
        district="เมือง",
        province="ขอนแก่น",
        fiscal_year=2568,
        divisions=["สำนักปลัด", "กองคลัง", "กองช่าง"],
    )
    (root / "inputs" / "กองช่าง.xlsx").unlink()
    path = root / "inputs" / "กองคลัง.xlsx"
    wb = load_workbook(path)
    ws = wb[schema.MEASURES_SHEET]
    columns = {c.key: i for i, c in enumerate(schema.MEASURES.columns, start=1)}
    for row, values in enumerate((measure(), measure(issue="ประเด็นที่สอง", progress="")), start=3):
        for key, value in values.items():
            ws.cell(row, columns[key], value or None)
    wb.save(path)

    status = itadocs.status(root)
    by_name = {d.division: d for d in status.divisions}
    assert [d.division for d in status.divisions] == ["สำนักปลัด", "กองคลัง", "กองช่าง"]
    assert (by_name["สำนักปลัด"].state, by_name["กองคลัง"].state, by_name["กองช่าง"].state) == ("blank", "ok", "missing")
    assert [d.division for d in status.not_returned] == ["สำนักปลัด", "กองช่าง"]
    treasury = by_name["กองคลัง"]
    assert (treasury.measures, treasury.errors, treasury.warnings) == (2, 0, 1)  # one progress cell empty
    assert (treasury.progress_filled, treasury.progress_expected) == (1, 2)
    assert treasury.modified is not None
    assert status.division("กองคลัง") is treasury and status.division("กองพัสดุ") is None
    assert [d.division for d in status.returned] == ["กองคลัง"]
    assert [p.code for p in status.problems_of(treasury)] == ["round-value-missing"]
    assert status.as_dict()["not_returned"] == ["สำนักปลัด", "กองช่าง"]

    # The texts a coordinator sends each division say what was found, where.
    note = status.note(treasury)
    assert note.startswith("เรียน กองคลัง\n") and "ใช้ได้แล้ว มีข้อสังเกต 1 รายการ" in note
    assert "1. แผ่นงาน" in note and "ปีงบประมาณ 2568" in note
    assert "ยังไม่ได้รับไฟล์" in status.note(by_name["สำนักปลัด"]) and "not received" in status.note(by_name["กองช่าง"], "en")

    # The blank workbook is named in the report too, as a warning: the build goes on without it.
    report = itadocs.check(root)
    assert report.ok
    assert [p.value for p in report.warnings if p.code == "division-not-returned"] == ["สำนักปลัด"]


# --- watch ---------------------------------------------------------------------------


def test_watch_builds_again_after_each_change_and_goes_on_after_a_failure(make_project, tmp_path):
    from itadocs.excel.sample import write_project

    from .conftest import AGENCY
    from .docx_checks import open_docx, visible_texts

    root = make_project({"กองคลัง": [measure(measure="มาตรการเดิม")]})
    builds = itadocs.watch(root, interval=0.01)
    first = next(builds)
    assert first.ok and first.documents
    edited = write_project(tmp_path / "edited", AGENCY, {"กองคลัง": [measure(measure="มาตรการที่แก้ไขระหว่างเฝ้าดู")]})
    shutil.copyfile(edited[1], root / "inputs" / edited[1].name)  # the division sends its workbook again
    (root / "inputs" / "~$กองคลัง.xlsx").write_bytes(b"")  # Excel's lock file: not a change, not read
    second = next(builds)
    assert second.ok
    texts = [t for path in second.documents for t in visible_texts(open_docx(path))]
    assert any("มาตรการที่แก้ไขระหว่างเฝ้าดู" in t for t in texts)
    (root / "templates").mkdir()
    (root / "templates" / "progress-6.docx").write_bytes(b"")  # a template broken by a failed copy
    third = next(builds)
    assert not third.ok and third.failure is not None and "progress-6.docx" in third.failure("en")
    (root / "templates" / "progress-6.docx").unlink()
    assert next(builds).ok  # the watch went on
    builds.close()


def test_watch_sees_files_added_changed_and_removed_and_not_lock_files(example):
    from itadocs.api import _inputs_state

    before = _inputs_state(example)
    (example / "inputs" / ".~lock.x.xlsx#").write_bytes(b"lock")
    assert _inputs_state(example) == before
    extra = example / "inputs" / "extra.xlsx"
    extra.write_bytes(b"1")
    added = _inputs_state(example)
    assert added != before
    extra.write_bytes(b"12")
    assert _inputs_state(example) != added
    extra.unlink()
    assert _inputs_state(example) == before


def test_a_division_spelt_with_other_spacing_is_the_listed_division(make_project):
    """'กอง คลัง' typed in a workbook where the agency lists 'กองคลัง' is that division: shown as
    returned under its listed name, not as missing plus an unlisted division that has sent."""
    root = make_project(
        {"สำนักปลัด": [measure()], "กอง คลัง": [measure(issue="ประเด็นของกองคลัง")]}, divisions=["สำนักปลัด", "กองคลัง"]
    )
    status = itadocs.status(root)
    assert [(d.division, d.listed, d.state) for d in status.divisions] == [
        ("สำนักปลัด", True, "ok"),
        ("กองคลัง", True, "ok"),
    ]
    assert status.division("กอง  คลัง") is status.division("กองคลัง")
    report = itadocs.check(root)
    assert not [p for p in report.problems if p.code in ("division-workbook-missing", "division-file-mismatch")]
    project, _ = itadocs.load(root)
    assert [m.issue for m in project.measures] == ["ประเด็นทดสอบ", "ประเด็นของกองคลัง"]  # the agency's order
