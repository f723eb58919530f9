"""The coordinator's year through the library, without the web page: the agency workbook read
as a form and saved (checked as a build checks it, the old one kept in history/), the list of
divisions changed, uploads, divisions and builds deleted and restored, and the two promises
the page leans on: a division is never told its workbook is fine when it was not checked, and
a division's workbook never takes the agency workbook's place."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

import itadocs
from itadocs import agency_workbook, files, schema
from itadocs.excel.sample import write_project
from itadocs.messages import ItadocsError

from .conftest import AGENCY, REPO, measure


@pytest.fixture
def example(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "inputs", tmp_path / "p" / "inputs")
    return tmp_path / "p"


def agency_cell(root: Path, label: str) -> object:
    ws = load_workbook(root / "inputs" / "ข้อมูลหน่วยงาน.xlsx")[schema.AGENCY_SHEET]
    return next(ws.cell(r, 2).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)


# --- the false all-clear -------------------------------------------------------------


def test_an_agency_workbook_error_never_makes_a_divisions_mistakes_look_fine(tmp_path):
    """The district left empty (what the create form once let through): the documents stop,
    but each division's workbook is still checked against the year and round the workbook
    gives, and the LINE text says what was found."""
    root = tmp_path / "p"
    write_project(
        root / "inputs",
        {**AGENCY, "district": ""},
        {"กองคลัง": [measure(tool="", indicator="99")], "กองช่าง": [measure(responsible="กองช่าง")]},
    )
    status = itadocs.status(root)
    assert status.stage == "agency-errors" and [p.code for p in status.agency_errors] == ["value-required"]
    assert status.fiscal_year == 2568 and status.agency == AGENCY["name"]
    finance, works = status.divisions
    assert finance.listed and works.listed  # still on the list the workbook gives
    assert finance.state == "errors" and finance.errors >= 2
    note = status.note(finance)
    assert "ไม่พบปัญหา" not in note and "ปีงบประมาณ 2568" in note and "เครื่องมือการประเมิน" in note
    assert works.state == "ok" and "ตรวจแล้วไม่พบปัญหา" in status.note(works)
    assert not itadocs.build(root).ok


def test_a_workbook_that_could_not_be_checked_is_said_to_be_so(tmp_path):
    """Without a fiscal year the checks have nothing to go by: the division's workbook is
    'received, not checked yet', never 'no problem', and its text says why and what to do."""
    root = tmp_path / "p"
    write_project(root / "inputs", {**AGENCY, "fiscal_year": ""}, {"กองคลัง": [measure(tool="")]})
    status = itadocs.status(root)
    (finance,) = status.divisions
    assert not status.checked and finance.state == "unchecked" and finance.listed
    assert finance.label("th") == "ได้รับแล้ว ยังตรวจไม่ได้"
    note = status.note(finance)
    assert "ยังตรวจไม่ได้" in note and "ไม่พบปัญหา" not in note and "ปีงบประมาณ" not in note
    assert "  " not in note  # no hole where the year would have been
    assert status.as_dict()["divisions"][0]["state"] == "unchecked"


def test_a_fresh_project_waits_rather_than_errs(tmp_path):
    root = tmp_path / "p"
    itadocs.init_project(
        root, agency="อบต.ทดสอบ", district="เมือง", province="ขอนแก่น", fiscal_year=2569, divisions=["กองคลัง", "กองช่าง"]
    )
    status = itadocs.status(root)
    assert status.stage == "collecting" and status.errors == 0 and status.attention == []
    assert {d.state for d in status.divisions} == {"blank"} and not status.has_scores


# --- the agency workbook is never replaced by a division's ---------------------------------


def test_a_division_named_like_the_agency_workbook_never_replaces_it(example, tmp_path):
    made = write_project(tmp_path / "made", AGENCY, {"กองคลัง": [measure()]})[1]  # renamed below
    before = (example / "inputs" / "ข้อมูลหน่วยงาน.xlsx").read_bytes()
    for name in ("ข้อมูลหน่วยงาน", " ข้อมูลหน่วยงาน. "):
        wb = load_workbook(made)
        wb[schema.MEASURES_SHEET]["B1"] = name
        wb.save(made)
        received = itadocs.receive_workbook(example, made, name="ส่งมา.xlsx")
        assert received.refused is not None
        assert "ส่งมา.xlsx" in received.refused("th") and "ข้อมูลหน่วยงาน" in received.refused("th")
    assert (example / "inputs" / "ข้อมูลหน่วยงาน.xlsx").read_bytes() == before
    assert not (example / "history").exists()
    with pytest.raises(ItadocsError):
        itadocs.add_division(example, "ข้อมูลหน่วยงาน")
    with pytest.raises(ItadocsError):
        itadocs.rename_division(example, "กองคลัง", "ข้อมูลหน่วยงาน")
    with pytest.raises(ItadocsError):
        itadocs.init_project(tmp_path / "new", fiscal_year=2569, divisions=["ข้อมูลหน่วยงาน"])


# --- the agency workbook as a form ---------------------------------------------------------


def test_the_form_follows_the_schema_and_prefills_the_years_criteria(tmp_path):
    root = tmp_path / "p"
    itadocs.init_project(
        root, agency="อบต.ทดสอบ", district="เมือง", province="ขอนแก่น", fiscal_year=2569, divisions=["กองคลัง"]
    )
    (root / "inputs" / "ข้อมูลหน่วยงาน.xlsx").chmod(0o644)
    wb = load_workbook(root / "inputs" / "ข้อมูลหน่วยงาน.xlsx")
    ws = wb[schema.ITEMS.sheet]
    ws.delete_rows(schema.ITEMS.first_data_row, 3)  # the coordinator deleted three prefilled items
    wb.save(root / "inputs" / "ข้อมูลหน่วยงาน.xlsx")
    form = itadocs.agency_form(root)
    assert set(form.values) == {f.key for f in schema.AGENCY_FIELDS}
    assert set(form.tables) == {t.sheet for t in schema.AGENCY_TABLES}
    criteria = itadocs.criteria_of(2569)
    codes = [r.values["code"] for r in form.tables[schema.ITEMS.sheet]]
    assert sorted(codes) == sorted(q.code for t in criteria.tools for q in t.questions)  # the three come back
    assert [r.row for r in form.tables[schema.ITEMS.sheet]][-3:] == [0, 0, 0]
    assert [r.values["indicator"] for r in form.tables[schema.INDICATOR_SCORES.sheet]] == [
        str(i.number) for i in criteria.indicators
    ]


def test_saving_checks_as_a_build_does_and_keeps_the_old_workbook(example):
    refused = itadocs.save_agency(example, values={"district": "", "overall_score": "ร้อย"})
    assert not refused.saved and {p.code for p in refused.blocking} == {"value-required", "score-invalid"}
    assert {refused.form.input_of(p) for p in refused.blocking} == {"field.district", "field.overall_score"}
    assert refused.form.values["overall_score"] == "ร้อย"  # what was typed comes back
    assert agency_cell(example, "อำเภอ") == "ทุ่งพะยอม" and not (example / "history").exists()

    saved = itadocs.save_agency(example, values={"district": "เมืองใหม่", "overall_score": "๘๘.๕"})
    assert saved.saved and saved.kept is not None and saved.kept.what == "agency"
    assert agency_cell(example, "อำเภอ") == "เมืองใหม่" and agency_cell(example, "คะแนน ITA ภาพรวม (ปีที่ประเมิน)") == 88.5
    assert load_workbook(saved.kept.path)[schema.AGENCY_SHEET]["B4"].value == "ทุ่งพะยอม"
    assert not itadocs.save_agency(example, values={"district": "เมืองใหม่"}).saved  # nothing changed, nothing kept
    assert len(itadocs.history_entries(example)) == 1


def test_a_label_typed_twice_reads_its_first_row_where_the_page_writes(example):
    """A detail's label repeated lower in the sheet (a row copied in Excel): the documents and
    the form read the first row, the one a save from the page writes, so an edit is never lost."""
    path = example / "inputs" / "ข้อมูลหน่วยงาน.xlsx"
    wb = load_workbook(path)
    ws = wb[schema.AGENCY_SHEET]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "อำเภอ")
    ws.insert_rows(row + 1)
    ws.cell(row + 1, 1, "อำเภอ")
    ws.cell(row + 1, 2, "อำเภอที่พิมพ์ซ้ำ")
    wb.save(path)
    assert itadocs.agency_form(example).values["district"] == "ทุ่งพะยอม"
    assert itadocs.save_agency(example, values={"district": "เมืองใหม่"}).saved
    assert itadocs.agency_form(example).values["district"] == "เมืองใหม่"
    project, _ = itadocs.load(example)
    assert project is not None and project.agency.district == "เมืองใหม่"


def test_last_years_results_typed_in_tables_reach_the_measures_document(example):
    form = itadocs.agency_form(example)
    items = [(r.row, dict(r.values)) for r in form.tables[schema.ITEMS.sheet]]
    items[0][1].update(score="abc")
    refused = itadocs.save_agency(example, tables={schema.ITEMS.sheet: items})
    assert [refused.form.input_of(p) for p in refused.blocking] == ["t3.0.score"]
    items[0][1].update(score="๖๑.๕", finding="ข้อค้นพบที่พิมพ์ในหน้าเว็บ")
    issues = [(r.row, dict(r.values)) for r in form.tables[schema.ANALYSIS_ISSUES.sheet]]
    issues.append((0, {"number": "8", "title": "ประเด็นใหม่จากหน้าเว็บ"}))
    saved = itadocs.save_agency(example, tables={schema.ITEMS.sheet: items, schema.ANALYSIS_ISSUES.sheet: issues})
    assert saved.saved, saved.blocking
    project, report = itadocs.load(example)
    assert report.ok and project is not None
    first = next(i for i in project.assessment.items if i.code == items[0][1]["code"])
    assert first.score == 61.5 and first.finding == "ข้อค้นพบที่พิมพ์ในหน้าเว็บ"
    assert project.assessment.issues[-1].title == "ประเด็นใหม่จากหน้าเว็บ"


def test_check_details_names_every_required_detail_before_a_project_exists():
    problems = itadocs.check_details({"name": "อบต.ทดสอบ", "fiscal_year": "๒๕๖๙", "round": "6"})
    assert [(p.code, p.column) for p in problems] == [("value-required", "อำเภอ"), ("value-required", "จังหวัด")]
    assert (
        itadocs.check_details({"name": "ก", "district": "ข", "province": "ค", "fiscal_year": "2569", "round": "12"})
        == []
    )
    bad = itadocs.check_details({"name": "ก", "district": "ข", "province": "ค", "fiscal_year": "ปีนี้", "round": "6"})
    assert [p.code for p in bad] == ["value-invalid"]


# --- divisions -------------------------------------------------------------------------------


def test_a_division_renamed_keeps_its_workbook_and_its_history(example):
    measures_before = itadocs.status(example).division("กองคลัง").measures
    change = itadocs.rename_division(example, "กองคลัง", "กองคลังและพัสดุ")
    assert change.divisions[1] == "กองคลังและพัสดุ" and change.kept is not None
    assert not (example / "inputs" / "กองคลัง.xlsx").exists()
    assert load_workbook(example / "inputs" / "กองคลังและพัสดุ.xlsx")[schema.MEASURES_SHEET]["B1"].value == "กองคลังและพัสดุ"
    status = itadocs.status(example)
    renamed = status.division("กองคลังและพัสดุ")
    assert renamed.listed and renamed.measures == measures_before and status.division("กองคลัง") is None
    assert not [p for p in status.report.problems if p.code.startswith("division-")]
    assert load_workbook(change.kept.path)[schema.MEASURES_SHEET]["B1"].value == "กองคลัง"
    # An earlier version restored after the rename comes back as the renamed division's workbook.
    earlier = write_project(example.parent / "made", AGENCY, {"กองคลัง": [measure(issue="ก่อนเปลี่ยนชื่อ")]})[1]
    itadocs.receive_workbook(example, earlier)  # not named like the list any more: an unlisted division
    itadocs.delete_workbook(example, "inputs/กองคลัง.xlsx")
    itadocs.restore(example, change.kept.id)
    status = itadocs.status(example)
    assert [d.division for d in status.divisions if not d.listed] == []
    assert status.division("กองคลังและพัสดุ").measures == measures_before


def test_a_rename_the_agency_workbook_refuses_changes_nothing(example, monkeypatch):
    """The list is saved first: the agency workbook open in Excel stops the rename before the
    division's workbook is touched; a workbook that cannot be written puts the list back."""
    from itadocs import division_list, files

    before = (example / "inputs" / "กองคลัง.xlsx").read_bytes()
    listed = itadocs.status(example).divisions

    def refused(*args, **kwargs):
        raise ItadocsError(files.IN_USE, path=example / "inputs" / "ข้อมูลหน่วยงาน.xlsx")

    monkeypatch.setattr(division_list, "save_agency", refused)
    with pytest.raises(ItadocsError):
        itadocs.rename_division(example, "กองคลัง", "กองคลังและพัสดุ")
    monkeypatch.undo()
    assert (example / "inputs" / "กองคลัง.xlsx").read_bytes() == before
    assert not (example / "inputs" / "กองคลังและพัสดุ.xlsx").exists()
    assert itadocs.history_entries(example) == [] and itadocs.status(example).divisions == listed

    def full_disk(target, save):
        raise ItadocsError(files.IN_USE, path=target)

    monkeypatch.setattr(division_list, "write_atomic", full_disk)
    with pytest.raises(ItadocsError):
        itadocs.rename_division(example, "กองคลัง", "กองคลังและพัสดุ")
    monkeypatch.undo()
    assert (example / "inputs" / "กองคลัง.xlsx").read_bytes() == before
    assert not (example / "inputs" / "กองคลังและพัสดุ.xlsx").exists()
    assert [d.division for d in itadocs.status(example).divisions] == [d.division for d in listed]
    assert [e.what for e in itadocs.history_entries(example)] == ["agency", "agency"]  # no rename recorded


def test_a_division_added_moved_removed_and_brought_back(example):
    added = itadocs.add_division(example, "กองสวัสดิการสังคม")
    assert added.divisions[-1] == "กองสวัสดิการสังคม" and added.workbook.is_file()
    assert itadocs.status(example).division("กองสวัสดิการสังคม").state == "blank"
    moved = itadocs.move_division(example, "กองสวัสดิการสังคม", -1)
    assert moved.divisions[-2:] == ("กองสวัสดิการสังคม", "กองสาธารณสุขและสิ่งแวดล้อม")
    removed = itadocs.remove_division(example, "กองช่าง")
    assert "กองช่าง" not in removed.divisions and not (example / "inputs" / "กองช่าง.xlsx").exists()
    assert removed.removed is not None and removed.removed.what == "division"
    assert itadocs.status(example).division("กองช่าง") is None
    itadocs.restore(example, removed.removed.id)
    back = itadocs.status(example).division("กองช่าง")
    assert back is not None and back.listed and back.measures > 0
    assert (example / "inputs" / "กองช่าง.xlsx").read_bytes() == (REPO / "inputs" / "กองช่าง.xlsx").read_bytes()


# --- uploads and builds deleted and restored -------------------------------------------------


def test_a_wrong_upload_deleted_then_the_earlier_version_restored(example, tmp_path):
    wrong = write_project(tmp_path / "made", AGENCY, {"กองคลัง": [measure(issue="ส่งผิดไฟล์")]})[1]
    received = itadocs.receive_workbook(example, wrong)
    earlier = next(e for e in itadocs.history_entries(example) if e.path == received.kept[0])
    assert earlier.action == "replaced" and earlier.division == "กองคลัง"
    deleted = itadocs.delete_workbook(example, "inputs/กองคลัง.xlsx", division="กองคลัง")
    assert itadocs.status(example).division("กองคลัง").state == "missing"
    itadocs.restore(example, earlier.id)
    assert (example / "inputs" / "กองคลัง.xlsx").read_bytes() == (REPO / "inputs" / "กองคลัง.xlsx").read_bytes()
    assert any(e.id == deleted.id for e in itadocs.history_entries(example))  # the wrong one stays restorable
    with pytest.raises(ItadocsError):
        itadocs.restore(example, earlier.id)  # gone from history: it is back in inputs/
    with pytest.raises(ItadocsError):
        itadocs.restore(example, "../../etc/passwd")


def test_a_kept_build_deleted_and_restored(example):
    result = itadocs.build(example, documents=["progress-6"], keep=True)
    name = result.kept.name
    entry = itadocs.delete_build(example, name)
    assert itadocs.past_builds(example) == [] and entry.is_build
    itadocs.restore(example, entry.id)
    assert [b.name for b in itadocs.past_builds(example)] == [name]
    assert itadocs.past_builds(example)[0].documents


def test_a_workbook_that_cannot_be_moved_out_stays_and_history_gets_nothing(example, monkeypatch):
    """Deleting moves the workbook in one step: when the move is refused (open in Excel on
    Windows), it stays in inputs/ and no copy appears in history as if it had gone."""
    before = len(itadocs.history_entries(example))

    def refused(src, dst):
        raise PermissionError(errno.EACCES, "denied", str(src))

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(ItadocsError):
        itadocs.delete_workbook(example, "inputs/กองคลัง.xlsx", division="กองคลัง")
    monkeypatch.undo()
    assert (example / "inputs" / "กองคลัง.xlsx").is_file()
    assert len(itadocs.history_entries(example)) == before


def test_an_agency_save_leaves_no_scratch_file_behind(example):
    saved = itadocs.save_agency(example, values={"district": "เมืองใหม่"})
    assert saved.saved
    assert not list((example / ".itadocs" / "incoming").iterdir())
    assert not list((example / "inputs").glob(".~itadocs-*"))


def test_an_agency_save_refused_by_the_file_leaves_no_history_entry(example, monkeypatch):
    """The agency workbook open in Excel on Windows refuses to be replaced: the save says so, the
    workbook stays as it was and history holds no copy of a change that did not happen."""
    before = len(itadocs.history_entries(example))
    agency = example / "inputs" / "ข้อมูลหน่วยงาน.xlsx"
    content = agency.read_bytes()

    def refused(temp, target):
        raise ItadocsError(files.IN_USE, path=target)

    monkeypatch.setattr(agency_workbook, "move_into_place", refused)
    with pytest.raises(ItadocsError):
        itadocs.save_agency(example, values={"district": "เมืองใหม่"})
    monkeypatch.undo()
    assert agency.read_bytes() == content
    assert len(itadocs.history_entries(example)) == before
    assert not list((example / ".itadocs" / "incoming").iterdir())


def test_a_kept_build_that_cannot_be_moved_out_leaves_no_empty_folder_in_history(example, monkeypatch):
    name = itadocs.build(example, documents=["progress-6"], keep=True).kept.name
    before = sorted(p.relative_to(example).as_posix() for p in (example / "history").rglob("*"))

    def refused(src, dst):
        raise PermissionError(errno.EACCES, "denied", str(src))

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(ItadocsError):
        itadocs.delete_build(example, name)
    monkeypatch.undo()
    assert [b.name for b in itadocs.past_builds(example)] == [name]
    assert sorted(p.relative_to(example).as_posix() for p in (example / "history").rglob("*")) == before
