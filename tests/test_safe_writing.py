"""Writing outputs safely: whole or not at all, never over an edit or an open file, Thai messages
for what the operating system refuses.

Windows refuses to replace a file open in Word or Excel; Linux does not.  These tests simulate
it the ways Linux can: an office lock file beside the document, a lock held on it, and
os.replace failing as it does on Windows.  A read-only output folder is made with chmod, or,
for root (who ignores permissions), with the immutable attribute.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest

import itadocs
from itadocs import files, paths
from itadocs.messages import ItadocsError

from .conftest import invoke, measure

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="simulates on POSIX what Windows does by itself")
REPORT = "รายงานการดำเนินการตามมาตรการ ITA ปี 2568 รอบ 6 เดือน - เทศบาลตำบลทดสอบ.docx"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def visible(folder: Path) -> list[str]:
    """What a user sees in the folder (not the manifest, not temporary files)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


@pytest.fixture
def built(make_project):
    """A small project built once: (root, path of its progress report)."""
    root = make_project({"กองคลัง": [measure()]})
    result = itadocs.build(root)
    assert result.ok, result.failure
    return root, root / "output" / REPORT


@contextmanager
def read_only(folder: Path):
    """Make `folder` unwritable for this process, also when it runs as root."""
    if os.name == "nt":
        pytest.skip("Windows folders have no read-only permission to set")
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode != 0:
        pytest.skip("running as root without chattr: cannot make a folder read-only")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


# --- whole or not at all -----------------------------------------------------


def test_a_failure_while_saving_leaves_the_previous_file_and_no_temporary(tmp_path):
    target = tmp_path / "เอกสาร.docx"
    target.write_bytes(b"good old version")

    def half_then_fail(path: Path) -> None:
        path.write_bytes(b"half")
        raise KeyboardInterrupt  # Ctrl+C in the middle of saving

    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, half_then_fail)
    assert target.read_bytes() == b"good old version"
    assert os.listdir(tmp_path) == ["เอกสาร.docx"]


def test_a_full_disk_is_a_thai_message_and_the_previous_file_stays(tmp_path):
    target = tmp_path / "เอกสาร.docx"
    target.write_bytes(b"good old version")

    def disk_full(path: Path) -> None:
        path.write_bytes(b"12")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ItadocsError) as caught:
        files.write_atomic(target, disk_full)
    assert "พื้นที่ในดิสก์ไม่พอ" in caught.value.text("th") and "เอกสาร.docx" in caught.value.text("th")
    assert "disk space" in caught.value.text("en")
    assert target.read_bytes() == b"good old version" and os.listdir(tmp_path) == ["เอกสาร.docx"]


def test_a_build_killed_while_saving_leaves_no_partial_file_under_a_final_name(built):
    root, report = built
    before = digest(report)
    # A separate process that dies (like the out-of-memory killer's victim) half way into saving.
    script = textwrap.dedent(f"""
        import os, sys
        import itadocs.files as files
        stage = files.stage
        def dying(target, save):
            def half(path):
                save(path)
                with open(path, "r+b") as fh:
                    fh.truncate(100)
                os._exit(9)
            return stage(target, half)
        files.stage = dying
        import itadocs
        itadocs.build({str(root)!r}, overwrite=True)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 9, done.stderr
    assert digest(report) == before  # the good document is untouched
    leftovers = [p.name for p in (root / "output").iterdir() if p.name.startswith(files.TEMP_PREFIX)]
    assert leftovers  # the dead process left its temporary file, hidden, not under a document's name
    assert visible(root / "output") == [REPORT]
    # The next build cleans leftovers that are old enough to be certain.
    for name in leftovers:
        os.utime(root / "output" / name, (0, 0))
    assert itadocs.build(root).ok
    assert not [p for p in (root / "output").iterdir() if p.name.startswith(files.TEMP_PREFIX)]


def test_the_documents_of_a_build_are_put_in_place_together_or_not_at_all(tmp_path, monkeypatch):
    from itadocs.word import render

    root = tmp_path / "example"
    shutil.copytree(Path(__file__).resolve().parent.parent / "inputs", root / "inputs")
    first = itadocs.build(root)
    assert len(first.documents) == 2
    before = {p: (digest(p), p.stat().st_ino) for p in first.documents}  # a replaced file is a new inode
    real = render.render_document

    def second_breaks(project, kind, *args, **kwargs):
        if kind.key != "measures":
            raise RuntimeError("a template that breaks while rendering")
        return real(project, kind, *args, **kwargs)

    monkeypatch.setattr(render, "render_document", second_breaks)
    with pytest.raises(RuntimeError):
        itadocs.build(root)
    assert {p: (digest(p), p.stat().st_ino) for p in first.documents} == before  # made, not placed
    assert not [p for p in (root / "output").iterdir() if p.name.startswith(files.TEMP_PREFIX)]


# --- never lose an edit ----------------------------------------------------------


def test_an_edited_document_is_kept_and_the_new_one_written_beside_it(built):
    root, report = built
    report.write_bytes(report.read_bytes() + b"staff edited this in Word")
    edited = digest(report)

    result = itadocs.build(root)
    assert result.ok and digest(report) == edited
    beside = root / "output" / paths.beside_path(report, 1).name
    assert [w.path for w in result.edited] == [beside] and result.locked == []
    assert beside.is_file() and result.documents == (beside,)
    notice = result.edited[0].notice
    assert notice is not None and "--overwrite" in notice("th") and report.name in notice("th")

    again = itadocs.build(root)  # the copy beside is ours and unchanged: replaced, not stacked
    assert again.documents == (beside,)
    assert visible(root / "output") == sorted([REPORT, beside.name])

    cli = invoke("build", root)
    assert cli.exit_code == 0 and "ถูกแก้ไขหลังจากที่ itadocs สร้างไว้" in cli.output


def test_overwrite_replaces_an_edited_document_and_keeps_it_in_history(built):
    root, report = built
    report.write_bytes(b"edited by staff")
    assert itadocs.build(root).edited  # first the copy beside it
    result = itadocs.build(root, overwrite=True)
    assert result.documents == (report,) and not result.edited
    assert report.read_bytes() != b"edited by staff"
    kept = list((root / "history").rglob(REPORT))
    assert len(kept) == 1 and kept[0].read_bytes() == b"edited by staff"
    assert visible(root / "output") == [REPORT]  # the copy beside it, now stale, is gone


def test_a_replaced_merged_workbook_is_restored_to_output_not_inputs(built):
    """The history records where a replaced output came from: restoring the merged workbook
    the coordinator edited brings it back to output/, never into inputs/ as a division's."""
    root, _ = built
    merged = itadocs.merge(root).path
    assert merged is not None and merged.parent == root / "output"
    merged.write_bytes(b"edited in Excel")
    assert itadocs.merge(root, overwrite=True).path == merged
    (entry,) = itadocs.history_entries(root)
    assert entry.original == f"output/{merged.name}" and entry.what == "document" and entry.division == ""
    restored = itadocs.restore(root, entry.id)
    assert restored.path == merged and merged.read_bytes() == b"edited in Excel"
    assert not (root / "inputs" / merged.name).exists()
    assert restored.kept is not None and restored.kept.original == f"output/{merged.name}"


def test_a_file_not_written_by_itadocs_is_never_replaced(built):
    root, report = built
    (root / "output" / paths.MANIFEST).unlink()  # no record: an old build, or someone else's file
    result = itadocs.build(root)
    assert result.edited and report.exists() and result.documents[0] != report


# --- open in Word, read-only ----------------------------------------------------------


@POSIX_ONLY
@pytest.mark.parametrize("lock_file", [".~lock.{name}#", "~${name}"])
def test_a_document_open_in_an_office_program_is_not_replaced(built, lock_file):
    root, report = built
    before = digest(report)
    (root / "output" / lock_file.format(name=report.name)).write_text("user", encoding="utf-8")
    result = itadocs.build(root)
    assert result.ok and digest(report) == before
    assert [w.target for w in result.locked] == [report]
    notice = result.locked[0].notice
    assert notice is not None and "ปิดไฟล์" in notice("th")


@POSIX_ONLY
def test_a_document_locked_by_another_process_is_not_replaced(built):
    import fcntl

    root, report = built
    before = digest(report)
    with open(report, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = itadocs.build(root)
    assert digest(report) == before and [w.target for w in result.locked] == [report]


def test_windows_refusing_the_replace_writes_beside_and_says_which_file_to_close(built, monkeypatch):
    root, report = built
    real_replace = os.replace

    def windows_replace(source, target):
        if Path(target) == report:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(target))
        return real_replace(source, target)

    monkeypatch.setattr("itadocs.files.os.replace", windows_replace)
    result = invoke("build", root)
    assert result.exit_code == 0, result.output
    assert "เปิดอยู่ในโปรแกรมอื่น" in result.output and REPORT in result.output
    assert visible(root / "output") == sorted([REPORT, paths.beside_path(report, 1).name])


@POSIX_ONLY
def test_an_annotated_copy_open_in_excel_does_not_stop_validate(make_project, monkeypatch):
    root = make_project({"กองคลัง": [measure(tool="XIT")]})
    assert invoke("validate", root).exit_code == 1
    copy = root / "output" / "กองคลัง (ตรวจสอบ).xlsx"
    (root / "output" / f"~${copy.name}").write_text("", encoding="utf-8")  # Excel has it open
    result = invoke("validate", root)
    assert result.exit_code == 1 and "tool-unknown" in result.output  # the problems are printed
    assert "เปิดอยู่ในโปรแกรมอื่น" in result.output
    assert (root / "output" / "กองคลัง (ตรวจสอบ) (ฉบับใหม่).xlsx").is_file()


@POSIX_ONLY
def test_a_read_only_document_is_not_replaced(built):
    root, report = built
    report.chmod(0o444)
    result = itadocs.build(root)
    assert [w.reason for w in result.locked] == [files.READ_ONLY]


def test_a_read_only_output_folder_is_a_thai_message_and_exit_1(built):
    root, report = built
    before = digest(report)
    report.write_bytes(report.read_bytes())  # unchanged, so the build would replace it
    with read_only(root / "output"):
        result = invoke("build", root, "--overwrite")
        assert result.exit_code == 1, result.output
        assert "ไม่มีสิทธิ์เขียน" in result.output and "output" in result.output
        assert "Internal" not in result.output and "ภายในโปรแกรม" not in result.output
    assert digest(report) == before


# --- paths the operating system refuses ---------------------------------------------


def test_output_being_a_file_and_a_target_being_a_folder_are_thai_messages(make_project):
    root = make_project({"กองคลัง": [measure()]})
    (root / "output").write_text("not a folder", encoding="utf-8")
    result = invoke("build", root)
    assert result.exit_code == 1 and "เป็นไฟล์ แต่ต้องเป็นโฟลเดอร์" in result.output, result.output
    (root / "output").unlink()
    (root / "output" / REPORT).mkdir(parents=True)
    result = invoke("build", root)
    assert result.exit_code == 1 and "เป็นโฟลเดอร์" in result.output and REPORT in result.output


def test_an_agency_name_of_300_characters_gives_names_that_fit(make_project):
    root = make_project({"กองคลัง" * 30: [measure()]}, agency={"name": "เทศบาลตำบล" + "ก" * 290})
    result = itadocs.build(root)
    assert result.ok, result.failure
    for path in (*result.documents, *result.report.annotated):
        assert len(path.name.encode("utf-8")) <= 255 and path.name.endswith(".docx") or path.suffix == ".xlsx"
    assert "…" in result.documents[0].name
    report = itadocs.check(root)
    assert all(len(p.name.encode("utf-8")) <= 255 for p in report.annotated)


def test_a_long_input_name_gets_an_annotated_copy_whose_name_fits(tmp_path):
    source = tmp_path / "inputs" / ("ก" * 80 + " (แก้ไข).xlsx")  # 253 bytes: fits, but not with the mark
    copy = paths.annotated_copy_path(tmp_path, source)
    assert len(copy.name.encode("utf-8")) <= 255 and copy.name.endswith("… (ตรวจสอบ).xlsx")


def test_init_failing_half_way_names_the_file_and_a_second_run_completes(tmp_path, monkeypatch):
    from itadocs.excel import forms

    real = forms.write_division_workbook

    def disk_full_on_second(path, division, criteria, *rows):
        if division == "กองช่าง":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, division, criteria, *rows)

    monkeypatch.setattr(forms, "write_division_workbook", disk_full_on_second)
    result = invoke("init", tmp_path, "--fiscal-year", "2568", "--division", "กองคลัง", "--division", "กองช่าง")
    assert result.exit_code == 1 and "พื้นที่ในดิสก์ไม่พอ" in result.output and "กองช่าง.xlsx" in result.output
    assert visible(tmp_path / "inputs") == ["กองคลัง.xlsx", "ข้อมูลหน่วยงาน.xlsx"]  # nothing half-written
    monkeypatch.setattr(forms, "write_division_workbook", real)
    again = invoke("init", tmp_path, "--division", "กองคลัง", "--division", "กองช่าง")
    assert again.exit_code == 0, again.output
    assert visible(tmp_path / "inputs") == ["กองคลัง.xlsx", "กองช่าง.xlsx", "ข้อมูลหน่วยงาน.xlsx"]


@pytest.mark.parametrize("name", ["CON", "aux.txt", "ก/ข:ค*?", " กองคลัง. ", "..", "x" * 300])
def test_file_names_windows_accepts(name):
    safe = paths.safe_file_name(name)
    assert safe and safe == safe.strip(" .") and not set(safe) & set('\\/:*?"<>|')
    assert safe.split(".")[0].upper() not in {"CON", "AUX", "NUL", "PRN"}
    assert len(safe.encode("utf-8")) <= 255 and len(safe.encode("utf-16-le")) // 2 <= 255


def test_names_are_cut_between_letters_never_inside_a_thai_letter():
    cut = paths.fit_name("กิ่" * 200, " (ตรวจสอบ).xlsx")
    assert cut.endswith("… (ตรวจสอบ).xlsx") and len(cut.encode("utf-8")) <= 255
    assert cut.split("…")[0].endswith("กิ่")


def test_windows_path_limit_shortens_the_name(monkeypatch, tmp_path):
    limit = len(str(tmp_path.absolute())) + 60
    monkeypatch.setattr(paths, "MAX_PATH", limit)
    path = paths.fit_path(tmp_path, "รายงาน" * 20, " (ตรวจสอบ).xlsx")
    assert len(str(path.absolute())) <= limit and path.name.endswith(" (ตรวจสอบ).xlsx")


def test_a_zero_byte_template_in_the_project_is_named(make_project):
    root = make_project({"กองคลัง": [measure()]})
    (root / "templates").mkdir()
    (root / "templates" / "progress-6.docx").write_bytes(b"")
    result = invoke("build", root)
    assert result.exit_code == 1 and "progress-6.docx" in result.output and "เสียหายหรือว่างเปล่า" in result.output


def test_an_unreadable_workbook_is_a_problem_not_a_crash(make_project, monkeypatch):
    root = make_project({"กองคลัง": [measure()], "กองช่าง": [measure()]})
    from itadocs.excel import read

    real = read.read_workbook

    def refuse(path, name, *args):
        if path.name == "กองช่าง.xlsx":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, name, *args)

    monkeypatch.setattr(read, "read_workbook", refuse)
    report = itadocs.check(root)
    assert [(p.code, p.file) for p in report.errors] == [("file-unreadable", "inputs/กองช่าง.xlsx")]
    assert "ไม่มีสิทธิ์อ่านไฟล์" in report.errors[0].message("th")


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (PermissionError(errno.EACCES, "denied", "x.docx"), "ไม่มีสิทธิ์"),
        (OSError(errno.ENOSPC, "full", "x.docx"), "พื้นที่ในดิสก์ไม่พอ"),
        (OSError(errno.ENAMETOOLONG, "long", "x.docx"), "ยาวเกิน"),
        (OSError(errno.EROFS, "ro", "x.docx"), "อ่านอย่างเดียว"),
        (IsADirectoryError(errno.EISDIR, "dir", "x.docx"), "เป็นโฟลเดอร์"),
        (OSError(errno.EIO, "I/O error", "x.docx"), "อ่านหรือเขียน"),
    ],
)
def test_every_os_error_a_user_can_fix_has_a_thai_message_naming_the_path(exc, words):
    error = files.user_error(exc)
    assert words in error.text("th") and "x.docx" in error.text("th") and "x.docx" in error.text("en")


@POSIX_ONLY
def test_written_files_get_the_usual_permissions_not_the_temporary_files_private_ones(built, tmp_path):
    _, report = built
    probe = tmp_path / "probe"
    probe.write_text("x", encoding="utf-8")
    assert report.stat().st_mode & 0o777 == probe.stat().st_mode & 0o777


def test_the_manifest_records_each_file_with_its_hash(built):
    root, report = built
    manifest = json.loads((root / "output" / paths.MANIFEST).read_text(encoding="utf-8"))
    entry = manifest["files"][REPORT]
    assert entry["sha256"] == digest(report) and entry["kind"] == "document" and entry["target"] == REPORT


@pytest.mark.parametrize(
    ("name", "copy"),
    [
        ("กองคลัง.xlsx", "กองคลัง (ตรวจสอบ).xlsx"),
        ("กองคลัง (ตรวจสอบ).xlsx", "กองคลัง (ตรวจสอบ).xlsx"),
        ("กองคลัง (ตรวจสอบ) (ตรวจสอบ).xlsx", "กองคลัง (ตรวจสอบ).xlsx"),
        ("กองคลัง (ตรวจสอบ) (ฉบับใหม่ 2).xlsx", "กองคลัง (ตรวจสอบ).xlsx"),
        ("กองคลัง (ตรวจสอบ) (1).xlsx", "กองคลัง (1) (ตรวจสอบ).xlsx"),
    ],
)
def test_annotated_copies_are_named_from_the_original_name(tmp_path, name, copy):
    assert paths.annotated_copy_path(tmp_path, tmp_path / "inputs" / name).name == copy
