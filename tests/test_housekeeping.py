"""Housekeeping of a long-running host: leftovers of killed runs swept, kept builds pruned by
age and count (never the newest), one writer at a time on a project across processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from itadocs import files
from itadocs.builds import past_builds, prune_builds
from itadocs.paths import BUILD_RECORD

from .conftest import REPO


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def aged(path: Path, seconds: float) -> Path:
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp))
    return path


def test_leftovers_of_killed_runs_are_swept_and_running_ones_left(tmp_path):
    root = tmp_path / "p"
    (root / "inputs").mkdir(parents=True)
    (root / "output" / "builds" / "20261201-100000").mkdir(parents=True)
    (root / ".itadocs" / "incoming").mkdir(parents=True)
    gone, me = dead_pid(), os.getpid()
    dead_output = root / "output" / f".~itadocs-{gone}-abc.tmp"
    dead_output.write_bytes(b"half a document")
    aged(dead_output, 120)
    dead_upload = root / ".itadocs" / "incoming" / f".upload-{gone}-x.xlsx"
    dead_upload.write_bytes(b"PK")
    aged(dead_upload, 120)
    dead_kept = root / "output" / "builds" / "20261201-100000" / f".~itadocs-{gone}-k.tmp"
    dead_kept.write_bytes(b"x")
    aged(dead_kept, 120)
    just_killed = root / "inputs" / f".~itadocs-{gone}-new.tmp"  # its writer is gone: at once, however young
    just_killed.write_bytes(b"x")
    mine = root / "output" / f".~itadocs-{me}-busy.tmp"  # this process is still writing it
    mine.write_bytes(b"x")
    aged(mine, 600)
    ancient = root / "output" / ".~itadocs-oldstyle.tmp"  # no process id: an hour old is enough
    ancient.write_bytes(b"x")
    aged(ancient, 2 * 3600)
    document = root / "output" / "รายงาน.docx"
    document.write_bytes(b"PK")
    aged(document, 10 * 3600)

    removed = files.sweep_workspace(tmp_path, system_temp=False)
    assert sorted(removed) == sorted([dead_output, dead_upload, dead_kept, ancient, just_killed])
    assert mine.exists() and document.exists()


def test_temporary_folders_of_killed_runs_are_swept_from_the_system_temp(tmp_path):
    base = Path(tempfile.gettempdir())
    gone = dead_pid()
    dead = base / f"itadocs-lo-{gone}-test{os.getpid()}"
    dead.mkdir()
    (dead / "profile").mkdir()
    aged(dead, 120)
    alive = Path(tempfile.mkdtemp(prefix=files.owned_prefix("itadocs-lo-")))
    aged(alive, 120)
    try:
        removed = files.sweep_workspace(tmp_path)
        assert dead in removed and not dead.exists() and alive.exists()
    finally:
        for folder in (dead, alive):
            if folder.exists():
                import shutil

                shutil.rmtree(folder)


def test_write_atomic_names_its_temporary_file_with_the_writer(tmp_path):
    seen: list[str] = []

    def save(temp: Path) -> None:
        seen.append(Path(temp).name)
        Path(temp).write_text("a")

    files.write_atomic(tmp_path / "a.txt", save)
    assert seen[0].startswith(f"{files.TEMP_PREFIX}{os.getpid()}-")


def kept(root: Path, stamp: datetime, name: str | None = None) -> Path:
    folder = root / "output" / "builds" / (name or stamp.strftime("%Y%m%d-%H%M%S"))
    folder.mkdir(parents=True)
    (folder / "a.docx").write_bytes(b"PK")
    record = {"time": stamp.isoformat(timespec="seconds"), "files": ["a.docx"]}
    (folder / BUILD_RECORD).write_text(json.dumps(record), encoding="utf-8")
    return folder


def test_kept_builds_are_pruned_by_age_and_count_never_the_newest(tmp_path):
    now = datetime(2026, 12, 6, 12, 0, 0)
    root = tmp_path / "p"
    builds = [kept(root, now - timedelta(days=d)) for d in (0, 1, 2, 3, 50, 400)]
    removed = prune_builds(root, max_age_days=365, max_count=None, now=now)
    assert removed == [builds[5]]
    removed = prune_builds(root, max_age_days=None, max_count=3, keep=[builds[4].name], now=now)
    assert sorted(removed) == [builds[3]]  # the 4th and 5th newest go, but the 5th is being previewed
    assert [b.folder for b in past_builds(root)] == [builds[0], builds[1], builds[2], builds[4]]
    # However old, the newest build stays.
    assert prune_builds(root, max_age_days=0.0001, max_count=1, now=now + timedelta(days=9999)) != []
    assert [b.folder for b in past_builds(root)] == [builds[0]]


def test_a_kept_build_folder_without_its_record_is_removed_once_old(tmp_path):
    root = tmp_path / "p"
    newest = kept(root, datetime.now())
    broken = root / "output" / "builds" / "20261201-000000"
    broken.mkdir()
    (broken / "a.docx").write_bytes(b"PK")
    assert prune_builds(root) == []  # it may still be being written
    aged(broken, 2 * 3600)
    assert prune_builds(root) == [broken] and newest.exists()


HOLD = """
import sys, time
from pathlib import Path
from itadocs.files import project_lock
with project_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    (Path(sys.argv[1]) / "released").write_text("yes")
"""


def test_the_project_lock_holds_across_processes(tmp_path):
    root = tmp_path / "p"
    (root / "inputs").mkdir(parents=True)
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(root), "1.5"], stdout=subprocess.PIPE, text=True, cwd=REPO
    ) as holder:
        try:
            assert holder.stdout.readline().strip() == "held"
            with files.project_lock(root):
                assert (root / "released").exists()  # it waited until the other process let go
            assert holder.wait(30) == 0
        finally:
            if holder.poll() is None:
                holder.kill()
    with files.project_lock(root), files.project_lock(tmp_path / "other"):
        pass


def test_the_project_lock_steps_aside_where_no_lock_file_can_be_made(tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(13, "read-only")

    monkeypatch.setattr(Path, "mkdir", refused)
    ran = []
    with files.project_lock(tmp_path / "p"):
        ran.append(True)
    assert ran == [True]


def test_the_history_is_kept_for_the_hosts_days_then_goes(tmp_path):
    from itadocs import history

    root = tmp_path / "p"
    (root / "inputs").mkdir(parents=True)
    old = root / "history" / "20250101-000000"
    recent = root / "history" / datetime.now().strftime("%Y%m%d-%H%M%S")
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "กองคลัง.xlsx").write_bytes(b"PK")
    assert history.prune(root, 400) == [old]
    assert recent.exists() and history.prune(root, 400) == []
