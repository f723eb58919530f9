"""`itadocs backup` / `itadocs restore`: a workspace copied into one .zip, consistent while the
server writes to it, restored into an empty folder where it builds the same documents."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

import itadocs
from itadocs import api
from itadocs.backup import MANIFEST, backup, restore
from itadocs.messages import ItadocsError
from itadocs.web.accounts import read_admins, set_admin
from itadocs.web.projects import WebConfig, read_config, save_config
from itadocs.web.security import hash_passcode, verify_passcode

from .conftest import REPO, measure
from .docx_checks import open_docx, visible_texts
from .test_web_app import workbook

PASSCODE = "รหัสลับ1234"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "srv"
    for name in ("ita2568", "อบต-ข"):
        shutil.copytree(REPO / "inputs", folder / name / "inputs")
        save_config(folder / name, WebConfig(hash_passcode(PASSCODE, n=2**10), 1, {"abc": "กองช่าง"}))
    set_admin(folder, "somchai", "ผู้ดูแลจังหวัด2569", scrypt_n=2**10)
    audit = folder / ".itadocs" / "audit"
    audit.mkdir(parents=True)
    (audit / "2026-12-06.jsonl").write_text('{"action": "login"}\n{"action": "upl', encoding="utf-8")  # being written
    (folder / ".itadocs" / "sessions.sqlite3").write_bytes(b"sessions")
    (folder / "ita2568" / ".itadocs" / "lock").write_bytes(b"")
    (folder / "ita2568" / "output").mkdir()
    (folder / "ita2568" / "output" / ".~itadocs-1-x.tmp").write_bytes(b"half")
    return folder


def texts(root: Path) -> dict[str, str]:
    return {p.name: "\n".join(visible_texts(open_docx(p))) for p in sorted((root / "output").glob("*.docx"))}


def test_a_backup_restored_into_an_empty_folder_builds_the_same_documents(workspace, tmp_path):
    built = api.build(workspace / "ita2568", keep=True)
    assert built.ok
    result = backup(workspace, tmp_path / "backups" / "ita.zip")
    assert result.projects == ("ita2568", "อบต-ข") and result.files > 10
    names = zipfile.ZipFile(result.archive).namelist()
    assert names[-1] == MANIFEST and "ita2568/inputs/กองคลัง.xlsx" in names
    assert not [n for n in names if "sessions" in n or n.endswith("/lock") or ".~itadocs-" in n]
    assert any(n.startswith("ita2568/output/builds/") for n in names)

    (tmp_path / "restored").mkdir()  # an empty folder is fine
    restored = restore(result.archive, tmp_path / "restored")
    root = restored.folder
    assert restored.projects == ("ita2568", "อบต-ข")
    assert verify_passcode(PASSCODE, read_config(root / "ita2568").passcode)
    assert read_config(root / "ita2568").links == {"abc": "กองช่าง"} and "somchai" in read_admins(root)
    assert (root / ".itadocs" / "audit" / "2026-12-06.jsonl").read_text(encoding="utf-8") == '{"action": "login"}\n'
    assert not (root / ".itadocs" / "sessions.sqlite3").exists()
    assert [b.name for b in api.past_builds(root / "ita2568")] == [
        b.name for b in api.past_builds(workspace / "ita2568")
    ]
    again = api.build(root / "ita2568")
    assert again.ok and texts(root / "ita2568") == texts(workspace / "ita2568")


def test_one_project_and_its_builds_left_out(workspace, tmp_path):
    api.build(workspace / "ita2568", keep=True)
    result = backup(workspace / "ita2568", tmp_path / "one.zip", builds=False)
    names = zipfile.ZipFile(result.archive).namelist()
    assert "inputs/กองคลัง.xlsx" in names and not [n for n in names if "/builds/" in n]
    restored = restore(result.archive, tmp_path / "one")
    assert api.status(restored.folder).fiscal_year == itadocs.status(workspace / "ita2568").fiscal_year


def test_restore_never_writes_over_anything_and_a_damaged_backup_leaves_nothing(workspace, tmp_path):
    archive = backup(workspace, tmp_path / "ita.zip").archive
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "mine.txt").write_text("keep me")
    with pytest.raises(ItadocsError, match="not empty"):
        restore(archive, occupied)
    assert (occupied / "mine.txt").read_text() == "keep me"

    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data + b"!" if info.filename.endswith("กองคลัง.xlsx") else data)
    with pytest.raises(ItadocsError, match="does not match"):
        restore(damaged, tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists() and not list(tmp_path.glob(".~itadocs-*"))

    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(hostile, "w") as z:
        z.writestr("../escape.txt", "x")
        digest = hashlib.sha256(b"x").hexdigest()
        z.writestr(MANIFEST, json.dumps({"format": 1, "files": {"../escape.txt": {"size": 1, "sha256": digest}}}))
    with pytest.raises(ItadocsError, match="cannot be used"):
        restore(hostile, tmp_path / "fresh")
    assert not (tmp_path / "escape.txt").exists()
    with pytest.raises(ItadocsError, match="no itadocs backup"):
        restore(REPO / "inputs" / "กองคลัง.xlsx", tmp_path / "fresh")
    with pytest.raises(ItadocsError, match="inside"):
        backup(workspace, workspace / "ita.zip")


def _damaged_copy(archive: Path, target: Path, name: str) -> Path:
    """A copy of `archive` whose deflated entry `name` has its compressed bytes broken."""
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo(name)
    data = bytearray(archive.read_bytes())
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)  # the local header's
    start = info.header_offset + 30 + name_length + extra_length
    data[start : start + info.compress_size] = b"\xff" * info.compress_size
    target.write_bytes(bytes(data))
    return target


def _cut_copy(archive: Path, target: Path, name: str) -> Path:
    """A copy of `archive` whose central directory says entry `name` runs past the end of the file."""
    data = bytearray(archive.read_bytes())
    encoded = name.encode()
    at = data.find(b"PK\x01\x02")  # a central directory header; the name follows at 46
    while data[at + 46 : at + 46 + len(encoded)] != encoded:
        at = data.find(b"PK\x01\x02", at + 4)
    size = struct.unpack_from("<I", data, at + 20)[0] + len(data)
    struct.pack_into("<II", data, at + 20, size, size)
    target.write_bytes(bytes(data))
    return target


def test_a_damaged_or_odd_backup_is_said_to_be_so_never_an_internal_error(workspace, tmp_path):
    archive = backup(workspace, tmp_path / "ita.zip").archive
    deflated, stored = "ita2568/.itadocs/web.json", "ita2568/inputs/กองคลัง.xlsx"
    with zipfile.ZipFile(archive) as z:
        assert z.getinfo(deflated).compress_type == zipfile.ZIP_DEFLATED
    broken = _damaged_copy(archive, tmp_path / "broken.zip", deflated)  # zlib.error when read
    cut = _cut_copy(archive, tmp_path / "cut.zip", stored)  # EOFError when read
    for damaged in (broken, cut):
        with pytest.raises(ItadocsError) as caught:
            restore(damaged, tmp_path / "fresh")
        assert "เสียหาย" in caught.value.message("th") and damaged.name in caught.value.message("th")
        assert not (tmp_path / "fresh").exists() and not list(tmp_path.glob(".~itadocs-*"))
    for files in ({"inputs/a.xlsx": "abc"}, {"inputs/a.xlsx": {"size": "many", "sha256": "0"}}, ["inputs/a.xlsx"]):
        odd = tmp_path / "odd.zip"
        with zipfile.ZipFile(odd, "w") as z:
            z.writestr("inputs/a.xlsx", "x")
            z.writestr(MANIFEST, json.dumps({"format": 1, "files": files}))
        with pytest.raises(ItadocsError, match="no itadocs backup"):
            restore(odd, tmp_path / "fresh")
        assert not (tmp_path / "fresh").exists()


def consistent(archive: Path) -> None:
    """In a backup of one project: every document in output/ is the one its manifest records,
    and an upload's replaced workbook is in history whenever a new one is in inputs/."""
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        manifest = (
            json.loads(z.read("output/.itadocs-manifest.json"))["files"]
            if ("output/.itadocs-manifest.json" in names)
            else {}
        )
        for name in names:
            if name.startswith("output/") and name.endswith(".docx") and name.count("/") == 1:
                entry = manifest.get(name.split("/", 1)[1])
                assert entry and hashlib.sha256(z.read(name)).hexdigest() == entry["sha256"], name
        original = (REPO / "inputs" / "กองคลัง.xlsx").read_bytes()
        kept = [z.read(n) for n in names if n.startswith("history/") and n.endswith("/กองคลัง.xlsx")]
        assert z.read("inputs/กองคลัง.xlsx") == original or original in kept


def test_a_backup_taken_while_the_server_uploads_and_builds_holds_no_half_of_either(workspace, tmp_path):
    """The server in its own process, uploading and building all along; `itadocs backup` run
    meanwhile, restored and built; and many quick copies of the project, each checked."""
    import httpx2

    server = subprocess.Popen(
        [sys.executable, "-m", "itadocs.web.serve", str(workspace), "--no-browser", "--workers", "1", "--no-previews"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    stop = threading.Event()
    errors: list[str] = []
    rounds = [0]

    def busy(url: str) -> None:
        made = [workbook(tmp_path, "กองคลัง", [measure(issue=f"ฉบับที่ {n}")]) for n in range(3)]
        with httpx2.Client(base_url=url, timeout=120, follow_redirects=True) as c:
            page = c.get("/p/ita2568/login").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            page = c.post("/p/ita2568/login", data={"csrf": csrf, "passcode": PASSCODE}).text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # a login makes a new one
            while not stop.is_set():
                n = rounds[0] % 3
                sent = c.post(
                    "/p/ita2568/upload",
                    headers={"x-csrf-token": csrf, "accept": "application/json"},
                    files=[("files", (f"{n}.xlsx", made[n]))],
                )
                if sent.status_code != 200 or not sent.json()["results"][0]["ok"]:
                    errors.append(sent.text[:200])
                job = c.post("/p/ita2568/build", data={"csrf": csrf})
                while c.get(str(job.url) + ".json").json()["state"] not in ("done", "failed"):
                    time.sleep(0.05)
                rounds[0] += 1

    try:
        url = re.search(r"http://\S+/", server.stdout.readline()).group(0)
        worker = threading.Thread(target=busy, args=(url,))
        worker.start()
        while rounds[0] < 1 and worker.is_alive():
            time.sleep(0.1)
        done = subprocess.run(
            [sys.executable, "-m", "itadocs", "backup", str(workspace), "--to", str(tmp_path / "whole.zip")],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        assert done.returncode == 0, done.stderr
        # Many quick copies of the project meanwhile, each checked inside the .zip: an upload or a
        # build between two files of a copy would show as a document its manifest does not record.
        deadline, copies = time.monotonic() + 8, 0
        while time.monotonic() < deadline:
            archive = backup(workspace / "ita2568", tmp_path / "quick.zip", builds=False).archive
            consistent(archive)
            copies += 1
        stop.set()
        worker.join(300)
    finally:
        stop.set()
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
    assert not errors and rounds[0] >= 3 and copies >= 20, (errors, rounds, copies)
    root = restore(tmp_path / "whole.zip", tmp_path / "restored").folder / "ita2568"
    consistent(backup(root, tmp_path / "again.zip").archive)
    for kept in api.past_builds(root):  # every kept build holds what its record lists
        record = json.loads((kept.folder / "build.json").read_text(encoding="utf-8"))
        assert sorted(p.name for p in kept.files) == sorted(record["files"]), kept.name
    assert api.status(root).division("กองคลัง").errors == 0 and api.build(root).ok
