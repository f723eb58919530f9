"""What was replaced or deleted, kept in the project's history/ so it can be brought back.

    history/<date-time>/<name>              a workbook or document as it was before it was
                                            replaced, or when it was deleted
    history/<date-time>/builds/<build>/     a kept build that was deleted
    history/<date-time>/history.json        what each of them was: where it came from, why it
                                            is here (replaced, deleted, renamed), which division

Nothing here deletes: a deletion moves the thing into history/, a restore moves it back
(whatever stands in its place going to history/ first).  How long history/ is kept is the
host's choice; copies made before records existed (no history.json) are read by their names.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .files import ensure_folder, user_error, write_atomic
from .messages import ItadocsError, Message
from .paths import BUILDS, HISTORY, INPUTS, OUTPUT, builds_dir, history_dir

RECORD = "history.json"
STAMP = "%Y%m%d-%H%M%S"
_STAMP = re.compile(r"^(\d{8}-\d{6})(?:-\d+)?$")

REPLACED, DELETED, RENAMED = "replaced", "deleted", "renamed"
WORKBOOK, AGENCY, DIVISION, BUILD, DOCUMENT = "workbook", "agency", "division", "build", "document"

ACTIONS = {
    REPLACED: Message("ฉบับก่อนถูกแทนที่", "replaced by a newer one"),
    DELETED: Message("ลบแล้ว", "deleted"),
    RENAMED: Message("ก่อนเปลี่ยนชื่อ", "before a rename"),
}
NOT_IN_HISTORY = Message(
    'ไม่พบ "{entry}" ในประวัติของโครงการ (อาจกู้คืนไปแล้ว)', '"{entry}" is not in the project\'s history (restored already?)'
)
NOTHING_TO_DELETE = Message("ไม่พบ {what} จึงไม่มีอะไรให้ลบ", "{what} is not there, so there is nothing to delete")


@dataclass(frozen=True)
class HistoryEntry:
    """One thing kept in history/: a file, or a deleted build's folder."""

    id: str  # "<date-time>/<name>" or "<date-time>/builds/<build>": compared with listings, never joined blindly
    path: Path
    time: datetime
    original: str  # where it was, relative to the project: "inputs/กองคลัง.xlsx", "output/builds/<build>"
    action: str = REPLACED  # replaced, deleted or renamed
    what: str = WORKBOOK  # workbook (a division's), agency, division (a deleted division's workbook), build, document
    division: str = ""  # the division it belonged to, when it did
    renamed_to: str = ""  # for a workbook kept before a rename: the division's new name

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def is_build(self) -> bool:
        return self.what == BUILD


def _now_stamp() -> str:
    return datetime.now().strftime(STAMP)


def _free_folder(root: Path, name: str, stamp: str | None = None) -> Path:
    """history/<stamp>/ where `name` is not taken: two keeps in one second never overwrite."""
    base = history_dir(root)
    stamp = stamp or _now_stamp()
    for number in range(1, 1000):
        folder = base / (stamp if number == 1 else f"{stamp}-{number}")
        if not (folder / name).exists():
            ensure_folder(folder)
            return folder
    raise FileExistsError(base / stamp / name)


def _records(folder: Path) -> list[dict[str, object]]:
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def _save_records(folder: Path, records: list[dict[str, object]]) -> None:
    if not records:
        (folder / RECORD).unlink(missing_ok=True)
        return
    text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    write_atomic(folder / RECORD, lambda temp: Path(temp).write_text(text, encoding="utf-8"))


def _record(
    folder: Path, name: str, original: str, action: str, what: str, division: str, renamed_to: str
) -> dict[str, object]:
    records = [r for r in _records(folder) if r.get("name") != name]
    record: dict[str, object] = {"name": name, "from": original, "action": action, "what": what, "division": division}
    if renamed_to:
        record["to"] = renamed_to
    _save_records(folder, [*records, record])
    return record


def keep(
    root: Path,
    path: Path,
    *,
    action: str = REPLACED,
    what: str = WORKBOOK,
    division: str = "",
    move: bool = False,
    renamed_to: str = "",
    stamp: str | None = None,
) -> HistoryEntry:
    """Put `path` (a file of the project, or a kept build's folder) into history/<date-time>/,
    copied (it is about to be replaced) or moved (it is being deleted), with a record of
    what it was.  `stamp` (a date-time) puts the files one run replaces in one folder.
    Returns the entry, for an undo."""
    original = path.relative_to(root).as_posix()
    is_build = path.is_dir()
    name = f"{BUILDS}/{path.name}" if is_build else path.name
    folder = _free_folder(root, name, stamp)
    target = folder / name
    if is_build or move:
        ensure_folder(target.parent)
        try:
            os.replace(path, target)  # one step on the same drive: never in both places, nor in neither
        except OSError as exc:
            for made in dict.fromkeys((target.parent, folder)):  # the folders made for it, if still empty
                with contextlib.suppress(OSError):
                    made.rmdir()
            raise user_error(exc, path) from exc
    else:
        write_atomic(target, lambda temp: shutil.copyfile(path, temp))
    return _entry(root, folder, name, _record(folder, name, original, action, what, division, renamed_to))


def _time_of(folder: Path) -> datetime:
    match = _STAMP.match(folder.name)
    if match:
        try:
            return datetime.strptime(match[1], STAMP)
        except ValueError:
            pass
    return datetime.fromtimestamp(folder.stat().st_mtime)


def _entry(root: Path, folder: Path, name: str, record: dict[str, object] | None) -> HistoryEntry:
    path = folder / name
    record = record or {}
    original = str(record.get("from") or "")
    what = str(record.get("what") or "")
    if not original:  # a copy made before records existed: where such a copy comes from, by its kind
        suffix = path.suffix.lower()
        original = f"{INPUTS}/{name}" if suffix == ".xlsx" else f"{OUTPUT}/{name}"
    if not what:
        from .paths import agency_workbook_path

        if path.suffix.lower() != ".xlsx":
            what = DOCUMENT
        elif name.casefold() == agency_workbook_path(root).name.casefold():
            what = AGENCY
        else:
            what = WORKBOOK
    division = str(record.get("division") or "")
    if not division and what in (WORKBOOK, DIVISION):
        division = Path(original).stem
    return HistoryEntry(
        f"{folder.name}/{name}",
        path,
        _time_of(folder),
        original,
        str(record.get("action") or REPLACED),
        what,
        division,
        str(record.get("to") or ""),
    )


def entries(root: Path) -> list[HistoryEntry]:
    """Everything in the project's history/, newest first."""
    base = history_dir(root)
    try:
        folders = [f for f in base.iterdir() if f.is_dir()]
    except OSError:
        return []
    found: list[HistoryEntry] = []
    for folder in folders:
        records = {str(r.get("name")): r for r in _records(folder)}
        for child in sorted(folder.iterdir()):
            if child.name == RECORD or child.name.startswith((".", "~$")):
                continue
            if child.is_dir() and child.name == BUILDS:
                found += [
                    _entry(root, folder, f"{BUILDS}/{b.name}", records.get(f"{BUILDS}/{b.name}"))
                    for b in sorted(child.iterdir())
                    if b.is_dir()
                ]
            elif child.is_file():
                found.append(_entry(root, folder, child.name, records.get(child.name)))
    return sorted(found, key=lambda e: (e.time, e.id), reverse=True)


def find(root: Path, entry_id: str) -> HistoryEntry:
    """The entry of that id, found by listing history/; ItadocsError when there is none."""
    found = next((e for e in entries(root) if e.id == entry_id), None)
    if found is None:
        raise ItadocsError(NOT_IN_HISTORY, entry=entry_id)
    return found


@dataclass(frozen=True)
class Restored:
    path: Path  # where it is back
    entry: HistoryEntry  # what was restored
    kept: HistoryEntry | None = None  # what stood there, now in history/ (an undo of the restore)


def restore(root: Path, entry: HistoryEntry, target: Path | None = None) -> Restored:
    """Move `entry` back to where it was (or to `target` in inputs/); what stands there now goes
    to history/ first.  A deleted build comes back under its name (or beside it, when a build
    took the name)."""
    folder = entry.path.parent if not entry.is_build else entry.path.parent.parent
    target = target or root / entry.original
    home = root.resolve()
    if target.resolve().parent not in (home / INPUTS, home / OUTPUT, builds_dir(home)):
        raise ItadocsError(NOT_IN_HISTORY, entry=entry.id)  # a record naming a place outside the project
    kept = None
    if entry.is_build:
        ensure_folder(builds_dir(root))
        while target.exists():
            target = target.with_name(target.name + "-r")
        os.replace(entry.path, target)
    else:
        ensure_folder(target.parent)
        if target.exists():
            kept = keep(
                root,
                target,
                action=REPLACED,
                what=entry.what if entry.what != DIVISION else WORKBOOK,
                division=entry.division,
            )
        write_atomic(target, lambda temp: shutil.copyfile(entry.path, temp))
        entry.path.unlink()
    _drop_record(folder, entry)
    return Restored(target, entry, kept)


def forget(entry: HistoryEntry) -> None:
    """Take back the copy `keep` just made of a file that still stands as it was: the change
    it was kept for did not happen."""
    entry.path.unlink(missing_ok=True)
    _drop_record(entry.path.parent, entry)


def _drop_record(folder: Path, entry: HistoryEntry) -> None:
    name = entry.id.split("/", 1)[1]
    _save_records(folder, [r for r in _records(folder) if r.get("name") != name])
    _prune_empty(folder)


def _prune_empty(folder: Path) -> None:
    """history/<date-time>/ (and its builds/) once nothing is left in it."""
    for candidate in (folder / BUILDS, folder):
        with contextlib.suppress(OSError):  # not empty: kept
            candidate.rmdir()


def delete_file(
    root: Path, path: Path, *, what: str = WORKBOOK, division: str = "", shown: object = ""
) -> HistoryEntry:
    """Take a workbook out of inputs/ into history/ (restorable)."""
    if not path.is_file():
        raise ItadocsError(NOTHING_TO_DELETE, what=shown or path.name)
    return keep(root, path, action=DELETED, what=what, division=division, move=True)


def delete_build(root: Path, name: str) -> HistoryEntry:
    """Take a kept build (output/builds/<name>) into history/ (restorable)."""
    folder = (
        next((f for f in builds_dir(root).iterdir() if f.is_dir() and f.name == name), None)
        if builds_dir(root).is_dir()
        else None
    )
    if folder is None:
        raise ItadocsError(NOTHING_TO_DELETE, what=name)
    return keep(root, folder, action=DELETED, what=BUILD)


__all__ = [
    "ACTIONS",
    "HISTORY",
    "HistoryEntry",
    "Restored",
    "delete_build",
    "delete_file",
    "entries",
    "find",
    "forget",
    "keep",
    "restore",
]


def prune(root: Path, max_age_days: float, now: datetime | None = None) -> list[Path]:
    """Remove what history/ kept longer than `max_age_days` (a host's retention: replaced and
    deleted workbooks, deleted builds), a whole history/<date-time>/ at a time; returns the
    folders removed.  One that cannot be removed now (a file open on Windows) goes next time."""
    from datetime import timedelta

    base = history_dir(root)
    oldest = (now or datetime.now()) - timedelta(days=max_age_days)
    removed = []
    try:
        folders = [p for p in base.iterdir() if p.is_dir() and not p.is_symlink()]
    except OSError:
        return []
    for folder in folders:
        try:
            if _time_of(folder) >= oldest:
                continue
            shutil.rmtree(folder)
        except OSError:
            continue
        removed.append(folder)
    return removed
