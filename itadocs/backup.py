"""A workspace (or one project) copied into one .zip and back, while the server runs.

`backup` copies each project while holding its lock file (`files.project_lock`), which the
web server's workers hold for each upload and build: a backup never holds half of an upload
or a build, and the server waits at most for the copy of one project.  What it copies: every
project's inputs, outputs, history, templates and web settings (passcode hashes, division
links), kept builds unless left out, and the workspace's administrators and audit trail.
What it leaves: sessions (a restored copy must not reopen sessions that were ended since),
lock and temporary files, uploads being checked, symbolic links.

The archive starts with `itadocs-backup.json`: what is in it, with each file's size and
SHA-256.  `restore` writes into a folder that does not exist or is empty, checks every name
(relative, no '..') and every file's hash, and moves the folder into place only when all
is there: a damaged archive leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from . import __version__
from .files import HIDDEN, INCOMING, TEMP_PREFIX, UPLOAD_PREFIX, ensure_folder, project_lock, user_error, write_atomic
from .messages import ItadocsError, Message
from .paths import BUILDS, INPUTS, OUTPUT

MANIFEST = "itadocs-backup.json"
FORMAT = 1
_SKIP_NAMES = ("lock", "sessions.sqlite3", "sessions.sqlite3-wal", "sessions.sqlite3-shm", "web-secret")
_STORED = {".xlsx", ".docx", ".pdf", ".png", ".zip", ".jpg", ".jpeg"}  # compressed already

NOT_A_WORKSPACE = Message(
    "{path} ไม่ใช่โฟลเดอร์งานหรือโครงการของ itadocs (ไม่มีโฟลเดอร์ inputs)",
    "{path} is no itadocs workspace or project (no inputs folder)",
)
INSIDE = Message(
    "ไฟล์สำรอง {target} อยู่ในโฟลเดอร์ที่กำลังสำรอง กรุณาเก็บไว้ที่อื่น",
    "The backup {target} is inside the folder being backed up; put it elsewhere",
)
NOT_EMPTY = Message(
    "โฟลเดอร์ {path} มีไฟล์อยู่แล้ว การนำกลับเขียนได้เฉพาะโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง (ไม่เขียนทับสิ่งที่มีอยู่)",
    "{path} is not empty: a restore writes only into a new or empty folder (it never overwrites)",
)
NOT_A_BACKUP = Message(
    "{path} ไม่ใช่ไฟล์สำรองของ itadocs หรือไฟล์เสียหาย ({reason})", "{path} is no itadocs backup, or it is damaged ({reason})"
)
BAD_NAME = Message("ชื่อในไฟล์สำรองใช้ไม่ได้", "a name in it cannot be used")
DAMAGED = Message("ข้อมูลในไฟล์สำรองเสียหาย", "its data is damaged")
BAD_HASH = Message("ไฟล์ {name} ในไฟล์สำรองไม่ตรงกับที่บันทึกไว้", "{name} does not match what was recorded")
MISSING = Message("ไม่มีไฟล์ {name} ที่บันทึกไว้", "{name} is recorded but missing")


@dataclass(frozen=True)
class BackupResult:
    archive: Path
    projects: tuple[str, ...]
    files: int
    size: int  # bytes of the files, before compression
    skipped_links: int = 0


@dataclass(frozen=True)
class RestoreResult:
    folder: Path
    projects: tuple[str, ...]
    files: int


def _projects(root: Path) -> list[Path]:
    if (root / INPUTS).is_dir():
        return [root]
    try:
        return sorted(
            p for p in root.iterdir() if not p.name.startswith(".") and (p / INPUTS).is_dir() and not p.is_symlink()
        )
    except OSError as exc:
        raise user_error(exc, root) from exc


def _skipped(path: Path) -> bool:
    name = path.name
    return (
        name.startswith((TEMP_PREFIX, UPLOAD_PREFIX, ".~lock.", "~$"))
        or name in _SKIP_NAMES
        or (path.parent.name == INCOMING and path.parent.parent.name == HIDDEN)
    )


def _walk(folder: Path, skip_builds: bool, links: list[Path]) -> Iterator[Path]:
    """The files to copy under `folder`, in a stable order; symbolic links are counted, not followed."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return
    for path in entries:
        if path.is_symlink():
            links.append(path)
        elif path.is_dir():
            if skip_builds and path.name == BUILDS and path.parent.name == OUTPUT:
                continue
            if path.name == INCOMING and path.parent.name == HIDDEN:
                continue
            yield from _walk(path, skip_builds, links)
        elif path.is_file() and not _skipped(path):
            yield path


def _add(archive: zipfile.ZipFile, path: Path, name: str, recorded: dict[str, dict]) -> int:
    """Copy one file in, hashing exactly what went in; an audit day file, which the server
    appends to meanwhile, only up to its last whole line."""
    digest = hashlib.sha256()
    size = 0
    info = zipfile.ZipInfo(name, time.localtime(path.stat().st_mtime)[:6])
    info.compress_type = zipfile.ZIP_STORED if path.suffix.lower() in _STORED else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with open(path, "rb") as source, archive.open(info, "w", force_zip64=True) as target:
        if path.suffix == ".jsonl":
            data = source.read()
            blocks: Iterable[bytes] = [data[: data.rfind(b"\n") + 1]]
        else:
            blocks = iter(lambda: source.read(1 << 20), b"")
        for block in blocks:
            digest.update(block)
            size += len(block)
            target.write(block)
    recorded[name] = {"size": size, "sha256": digest.hexdigest()}
    return size


def backup(workspace: str | Path, target: str | Path, *, builds: bool = True) -> BackupResult:
    """Copy a workspace (or one project) into the .zip `target`, written whole or not at all.
    Each project is copied under its lock, so the copy is consistent while a server runs."""
    root = Path(workspace).resolve()
    target = Path(target).resolve()
    projects = _projects(root) if root.is_dir() else []
    if not projects and not (root / HIDDEN).is_dir():
        raise ItadocsError(NOT_A_WORKSPACE, path=root)
    if target == root or root in target.parents:
        raise ItadocsError(INSIDE, target=target)
    single = (root / INPUTS).is_dir()
    recorded: dict[str, dict] = {}
    links: list[Path] = []
    totals = {"size": 0}

    def save(temp: Path) -> None:
        with zipfile.ZipFile(temp, "w", allowZip64=True) as archive:
            for project in projects:
                prefix = "" if single else project.name + "/"
                with project_lock(project):
                    for path in _walk(project, not builds, links):
                        name = prefix + path.relative_to(project).as_posix()
                        totals["size"] += _add(archive, path, name, recorded)
            if not single:
                for path in _walk(root / HIDDEN, False, links):
                    totals["size"] += _add(
                        archive, path, f"{HIDDEN}/{path.relative_to(root / HIDDEN).as_posix()}", recorded
                    )
            # Last: what was copied, with the hash of exactly what went in.
            manifest = {
                "format": FORMAT,
                "itadocs": __version__,
                "created": datetime.now().isoformat(timespec="seconds"),
                "single_project": single,
                "projects": [p.name for p in projects],
                "builds": builds,
                "files": recorded,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))

    ensure_folder(target.parent)
    write_atomic(target, save)
    return BackupResult(target, tuple(p.name for p in projects), len(recorded), totals["size"], len(links))


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and not name.startswith("/")
        and "\\" not in name
        and ":" not in name
        and ".." not in path.parts
        and all(part and part.isprintable() for part in path.parts)
    )


# What reading a damaged entry raises besides BadZipFile: its compressed data broken, or cut
# short, or stored by a method (or with a password) no backup uses.
_DAMAGED = (zlib.error, EOFError, NotImplementedError, RuntimeError)


def _recorded(entry: object) -> bool:
    """A manifest's record of one file: its size and its hash."""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("size"), int)
        and not isinstance(entry.get("size"), bool)
        and entry["size"] >= 0
        and isinstance(entry.get("sha256"), str)
    )


def read_manifest(archive: str | Path) -> dict:
    """The manifest of a backup; ItadocsError when the file is none."""
    path = Path(archive)
    try:
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read(MANIFEST))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ItadocsError(NOT_A_BACKUP, path=path, reason=type(exc).__name__) from None
    except _DAMAGED:
        raise ItadocsError(NOT_A_BACKUP, path=path, reason=DAMAGED) from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or manifest.get("format") != FORMAT or not all(map(_recorded, files.values())):
        raise ItadocsError(NOT_A_BACKUP, path=path, reason="manifest")
    return manifest


def restore(archive: str | Path, folder: str | Path) -> RestoreResult:
    """Write a backup into `folder` (new or empty), every file checked against its hash.
    Nothing is left in place unless everything was."""
    archive, folder = Path(archive), Path(folder).resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ItadocsError(NOT_EMPTY, path=folder)
    manifest = read_manifest(archive)
    files: dict[str, dict] = manifest["files"]
    if not all(_safe(name) for name in files):
        raise ItadocsError(NOT_A_BACKUP, path=archive, reason=BAD_NAME)
    needed = sum(entry["size"] for entry in files.values())
    ensure_folder(folder.parent)
    if shutil.disk_usage(folder.parent).free < needed:
        raise user_error(OSError(28, "No space left on device", str(folder)), folder)
    work = folder.parent / f"{TEMP_PREFIX}{os.getpid()}-restore-{folder.name}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        with zipfile.ZipFile(archive) as z:
            present = set(z.namelist())
            for name, entry in files.items():
                if name not in present:
                    raise ItadocsError(NOT_A_BACKUP, path=archive, reason=MISSING.fill(name=name))
                target = work.joinpath(*PurePosixPath(name).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with z.open(name) as source, open(target, "wb") as out:
                    for block in iter(lambda: source.read(1 << 20), b""):  # noqa: B023 - used at once
                        digest.update(block)
                        out.write(block)
                if digest.hexdigest() != entry.get("sha256"):
                    raise ItadocsError(NOT_A_BACKUP, path=archive, reason=BAD_HASH.fill(name=name))
        if folder.exists():
            folder.rmdir()  # empty, as checked: the restored folder takes its place
        os.replace(work, folder)
    except OSError as exc:
        raise user_error(exc) from exc
    except zipfile.BadZipFile as exc:
        raise ItadocsError(NOT_A_BACKUP, path=archive, reason=str(exc)) from None
    except _DAMAGED:
        raise ItadocsError(NOT_A_BACKUP, path=archive, reason=DAMAGED) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RestoreResult(folder, tuple(map(str, manifest.get("projects") or ())), len(files))
