"""Writing files safely: whole or not at all, never over an edit, never a crash on a locked file.

Every file itadocs writes is first saved to a temporary file in the same folder, flushed
to disk, then moved into place with one `os.replace`: a kill, a power cut or a full disk
leaves the previous file as it was, never a partial one under the final name.

In `output/`, `Outputs` also keeps a manifest (paths.MANIFEST) of what it wrote, with
each file's SHA-256.  A file changed since (staff edited the .docx in Word), a file open
in another program (Word and Excel lock what they have open on Windows) or a read-only
file is not replaced: the new one is written beside it ('<name> (ฉบับใหม่).docx') and the
caller is told why.  `overwrite=True` replaces an edited file on purpose, after keeping
a copy in `history/`.

An operating-system error the user can fix (no permission, disk full, name too long,
a folder where a file should be, or the reverse) becomes an `ItadocsError` whose Thai
message names the path and says what to do.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from .messages import ItadocsError, Message
from .paths import MANIFEST, beside_path, output_dir

TEMP_PREFIX = ".~itadocs-"  # readers skip names starting with '.' or '~$'; then the writer's process id
STALE_TEMP_SECONDS = 3600  # a leftover this old is swept whatever its process id says
UPLOAD_PREFIX = ".upload-"  # in <project>/.itadocs/incoming/: an upload while it is checked
HIDDEN = ".itadocs"  # itadocs' own folder in a project (and in a workspace of projects)
INCOMING = "incoming"  # in HIDDEN: uploads and edited workbooks while they are checked
PROFILE_PREFIX = "itadocs-lo-"  # system temporary folders (LibreOffice profiles, copies): then the process id
LOCK_FILE = f"{HIDDEN}/lock"  # in a project: held while a server's worker or a backup writes or reads it
MANIFEST_FORMAT = 1
REPLACE_RETRIES = (0.05, 0.1, 0.2, 0.4)  # seconds waited between attempts on Windows
_MAX_BESIDE = 50

# Why a file was not written under its usual name.
EDITED, LOCKED, READ_ONLY = "edited", "locked", "read-only"

NO_PERMISSION = Message(
    'ไม่มีสิทธิ์เขียนหรืออ่าน {path} กรุณาตรวจสอบว่าไฟล์หรือโฟลเดอร์นั้นไม่ได้ตั้งเป็น "อ่านอย่างเดียว" '
    "และคุณมีสิทธิ์เขียนในโฟลเดอร์นั้น หรือคัดลอกโครงการไปไว้ในโฟลเดอร์ของคุณเอง (เช่น Documents) แล้วลองใหม่",
    "No permission to write or read {path}; check that the file or folder is not read-only and that you "
    "may write there, or copy the project into a folder of your own (e.g. Documents) and try again",
)
IN_USE = Message(
    "ไฟล์ {path} เปิดอยู่ในโปรแกรมอื่น (เช่น Excel หรือ Word) กรุณาปิดไฟล์นั้นแล้วลองใหม่",
    "{path} is open in another program (Excel or Word?); close it and try again",
)
DISK_FULL = Message(
    "พื้นที่ในดิสก์ไม่พอสำหรับเขียน {path} (ไฟล์เดิมยังอยู่ครบ ไม่ถูกแตะต้อง) กรุณาลบไฟล์ที่ไม่ใช้แล้ว หรือย้ายโครงการไปไว้ในไดรฟ์อื่น แล้วลองใหม่",
    "Not enough disk space to write {path} (the previous file is untouched); free some space or move "
    "the project to another drive and try again",
)
NAME_TOO_LONG = Message(
    "ชื่อหรือที่อยู่ของไฟล์ {path} ยาวเกินกว่าที่ระบบไฟล์รับได้ กรุณาย้ายโครงการไปไว้ในโฟลเดอร์ที่ชื่อสั้นกว่านี้ (เช่น C:\\ITA) แล้วลองใหม่",
    "The name or path of {path} is too long for the file system; move the project to a folder with a "
    "shorter path (e.g. C:\\ITA) and try again",
)
IS_A_FOLDER = Message(
    "{path} เป็นโฟลเดอร์ แต่ itadocs ต้องเขียนไฟล์ชื่อนี้ กรุณาเปลี่ยนชื่อหรือย้ายโฟลเดอร์นั้นออก แล้วลองใหม่",
    "{path} is a folder, but itadocs must write a file of that name; rename or move the folder and try again",
)
NOT_A_FOLDER = Message(
    "{path} เป็นไฟล์ แต่ต้องเป็นโฟลเดอร์ กรุณาเปลี่ยนชื่อหรือย้ายไฟล์นั้นออก แล้วลองใหม่",
    "{path} is a file, but it must be a folder; rename or move the file and try again",
)
READ_ONLY_DRIVE = Message(
    "ไดรฟ์ที่เก็บ {path} เขียนไม่ได้ (อ่านอย่างเดียว เช่น แผ่นซีดี หรือแฟลชไดรฟ์ที่ล็อกไว้) กรุณาคัดลอกโครงการไปไว้ในเครื่องแล้วลองใหม่",
    "The drive holding {path} is read-only (a CD or a locked USB stick?); copy the project to this "
    "computer and try again",
)
NOT_FOUND = Message("ไม่พบ {path}", "{path} does not exist")
OS_FAILED = Message(
    "อ่านหรือเขียน {path} ไม่ได้ ({reason}) กรุณาตรวจสอบไฟล์และโฟลเดอร์นั้นแล้วลองใหม่",
    "Cannot read or write {path} ({reason}); check that file and folder and try again",
)
NO_FREE_NAME = Message(
    "เขียน {path} ไม่ได้ และไม่มีชื่อว่างให้เขียนไว้ข้าง ๆ กรุณาปิดหรือย้ายไฟล์เก่าในโฟลเดอร์ output ออก",
    "Cannot write {path} and found no free name beside it; close or move the old files in output",
)

# What the caller is told when a file was written beside its usual name.
WRITTEN_BESIDE = {
    EDITED: Message(
        "{target} ถูกแก้ไขหลังจากที่ itadocs สร้างไว้ (หรือไม่ได้สร้างโดย itadocs) จึงไม่เขียนทับ "
        "ฉบับใหม่อยู่ที่ {path} ถ้าต้องการเขียนทับให้ใช้ --overwrite (ฉบับเดิมจะถูกเก็บไว้ในโฟลเดอร์ history)",
        "{target} was changed after itadocs wrote it (or was not written by itadocs), so it was kept; the new "
        "version is {path}. Use --overwrite to replace it (the old one is kept in the history folder)",
        Message(
            "{target} ถูกแก้ไขหลังจากที่ itadocs สร้างไว้ (หรือไม่ได้สร้างโดย itadocs) จึงไม่เขียนทับ ฉบับใหม่ชื่อ {path}",
            "{target} was changed after itadocs wrote it (or was not written by itadocs), so it was kept; "
            "the new version is {path}",
        ),
    ),
    LOCKED: Message(
        "{target} เปิดอยู่ในโปรแกรมอื่น (เช่น Word หรือ Excel) จึงเขียนฉบับใหม่ไว้ที่ {path} ปิดไฟล์ {target} แล้วสั่งอีกครั้งเพื่อให้ได้ชื่อเดิม",
        "{target} is open in another program (Word or Excel?), so the new version is {path}; "
        "close {target} and run again to get the usual name",
    ),
    READ_ONLY: Message(
        "{target} เป็นไฟล์อ่านอย่างเดียว จึงเขียนฉบับใหม่ไว้ที่ {path}", "{target} is read-only, so the new version is {path}"
    ),
}


@dataclass(frozen=True)
class Written:
    """One file written: where it is, the name it should have had, and why not, if not."""

    path: Path
    target: Path
    reason: str = ""  # "", EDITED, LOCKED or READ_ONLY
    kind: str = ""  # document, pdf, annotated, merged

    @property
    def notice(self) -> Message | None:
        """What to tell the user when the file is not under its usual name."""
        if not self.reason:
            return None
        return WRITTEN_BESIDE[self.reason].fill(target=self.target.name, path=self.path.name)


# --- operating-system errors ---------------------------------------------------


class DiskFull(ItadocsError):
    """The disk (or the user's quota) is full: nothing was written, what was there is untouched."""


def user_error(exc: OSError, path: object = None) -> ItadocsError:
    """The Thai message for an OS error, naming the path and what to do."""
    where = path if path is not None else (exc.filename or "")
    code = exc.errno
    winerror = getattr(exc, "winerror", None)
    if winerror in (32, 33):  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: open in another program
        return ItadocsError(IN_USE, path=where)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or winerror in (39, 112):
        return DiskFull(DISK_FULL, path=where)
    if code == errno.ENAMETOOLONG or winerror in (206,):
        return ItadocsError(NAME_TOO_LONG, path=where)
    if code == errno.EROFS or winerror == 19:  # ERROR_WRITE_PROTECT
        return ItadocsError(READ_ONLY_DRIVE, path=where)
    if isinstance(exc, IsADirectoryError):
        return ItadocsError(IS_A_FOLDER, path=where)
    if isinstance(exc, NotADirectoryError):
        return ItadocsError(NOT_A_FOLDER, path=_file_in_the_way(Path(str(where))) if where else where)
    if isinstance(exc, PermissionError):
        return ItadocsError(NO_PERMISSION, path=where)
    if isinstance(exc, FileNotFoundError):
        return ItadocsError(NOT_FOUND, path=where)
    return ItadocsError(OS_FAILED, path=where, reason=exc.strerror or type(exc).__name__)


def _file_in_the_way(path: Path) -> Path:
    """The part of `path` that is a file where a folder is needed (output/ being a file, say)."""
    for parent in reversed(path.parents):
        if parent.is_file():
            return parent
    return path


F = TypeVar("F", bound=Callable[..., Any])


def os_errors_as_messages(function: F) -> F:
    """Let an OSError out of a library call only as an ItadocsError with a Thai message."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except OSError as exc:
            raise user_error(exc) from exc

    return wrapper  # type: ignore[return-value]


def ensure_folder(folder: Path) -> None:
    """Make `folder` (and its parents), or say in Thai why it cannot be made."""
    if folder.is_dir():
        return
    if folder.exists() or any(parent.is_file() for parent in folder.parents):
        raise ItadocsError(NOT_A_FOLDER, path=_file_in_the_way(folder / "x"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise user_error(exc, folder) from exc


# --- writing one file ---------------------------------------------------------


class ReplaceRefused(Exception):
    """os.replace could not put the new file in place (the target is open or protected)."""


def _temporary(folder: Path) -> Path:
    try:
        fd, name = tempfile.mkstemp(prefix=owned_prefix(TEMP_PREFIX), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise user_error(exc, folder) from exc
    os.close(fd)
    # mkstemp makes the file private (0600); the final file gets the permissions any new file gets,
    # so colleagues on a shared folder can still open it.
    os.chmod(name, 0o666 & ~_umask())
    return Path(name)


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)  # reading it means setting it: put it straight back
    os.umask(mask)
    return mask


def stage(target: Path, save: Callable[[Path], object]) -> tuple[Path, str]:
    """Call `save(path)` on a new temporary file in the folder of `target`, flush it to disk;
    returns it and its SHA-256.  On any failure, even an interrupt, it is removed."""
    temp = _temporary(target.parent)
    try:
        save(temp)
        digest = hashlib.sha256()
        with open(temp, "rb+") as fh:
            for block in iter(functools.partial(fh.read, 1 << 20), b""):
                digest.update(block)
            os.fsync(fh.fileno())  # on disk before it takes the final name: a power cut keeps the old file
        return temp, digest.hexdigest()
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise user_error(exc, target) from exc
        raise


def put_in_place(temp: Path, target: Path) -> None:
    """Move a staged file to its final name in one step.  When the target refuses (ReplaceRefused)
    the staged file stays, for the caller to put elsewhere; on any other error it is removed."""
    try:
        _replace(temp, target)
    except PermissionError as exc:  # Windows: the target is open in Word/Excel, or read-only
        raise ReplaceRefused(target) from exc
    except IsADirectoryError as exc:
        temp.unlink(missing_ok=True)
        raise ItadocsError(IS_A_FOLDER, path=target) from exc
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise user_error(exc, target) from exc


def _replace(temp: Path, target: Path) -> None:
    """os.replace; on Windows tried again for a moment, because a virus scanner or the search
    indexer often holds a file just written for a fraction of a second."""
    for wait in REPLACE_RETRIES if os.name == "nt" else ():
        try:
            os.replace(temp, target)
            return
        except PermissionError:
            time.sleep(wait)
    os.replace(temp, target)


def write_atomic(target: Path, save: Callable[[Path], object]) -> Path:
    """Write `target` whole or not at all (`save(path)` writes the content to a path)."""
    ensure_folder(target.parent)
    if target.is_dir():
        raise ItadocsError(IS_A_FOLDER, path=target)
    temp, _ = stage(target, save)
    try:
        put_in_place(temp, target)
    except ReplaceRefused as exc:
        temp.unlink(missing_ok=True)
        raise ItadocsError(IN_USE, path=target) from exc
    return target


def incoming_dir(root: Path) -> Path:
    """<project>/.itadocs/incoming, made when missing."""
    folder = root / HIDDEN / INCOMING
    ensure_folder(folder)
    return folder


@contextmanager
def scratch_workbook(root: Path) -> Iterator[Path]:
    """A temporary .xlsx path in the project's incoming folder, for a workbook saved and read
    back before it replaces one (`move_into_place`).  On the project's drive, so the move is one
    step; removed afterwards, and swept by a later run if this one is killed."""
    folder = incoming_dir(root)
    try:
        fd, name = tempfile.mkstemp(prefix=owned_prefix(UPLOAD_PREFIX), suffix=".xlsx", dir=folder)
    except OSError as exc:
        raise user_error(exc, folder) from exc
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def move_into_place(temp: Path, target: Path) -> None:
    """Flush `temp` (a `scratch_workbook`) to disk and move it to `target` in one step."""
    try:
        with open(temp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(temp, 0o666 & ~_umask())
    except OSError as exc:
        raise user_error(exc, target) from exc
    try:
        put_in_place(temp, target)
    except ReplaceRefused as exc:
        raise ItadocsError(IN_USE, path=target) from exc


def write_new(target: Path, save: Callable[[Path], object]) -> Path:
    """Write a file that must not exist yet (init's workbooks), whole or not at all."""
    if target.exists():
        raise FileExistsError(errno.EEXIST, "exists", str(target))
    return write_atomic(target, save)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(functools.partial(fh.read, 1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- is the target open? ------------------------------------------------------


def _office_owner_files(path: Path) -> Iterator[Path]:
    """The lock files office programs put beside a document they have open: LibreOffice's
    '.~lock.<name>#', Word's and Excel's '~$<name>' (Word drops up to two leading letters)."""
    name = path.name
    yield path.with_name(f".~lock.{name}#")
    for drop in (0, 1, 2):
        if len(name) - drop > len(path.suffix) + 1:
            yield path.with_name("~$" + name[drop:])


def is_locked(path: Path) -> bool:
    """Whether another program has `path` open so that replacing it would fail or be lost.

    On Windows, Word, Excel and PDF readers deny writing to what they have open: trying
    to open it for writing tells.  Elsewhere nothing stops a replace, so the signs are an
    office program's lock file beside it, or a lock another process holds on it.
    """
    if not path.is_file():
        return False
    if os.name == "nt":
        try:
            fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except PermissionError:
            return True
        except OSError:
            return False
        os.close(fd)
        return False
    if any(_exists(owner) for owner in _office_owner_files(path)):
        return True
    return _lock_held_elsewhere(path)


def _exists(path: Path) -> bool:
    """Path.exists, False for a name the file system could not hold (a lock file's name beside
    a long one: no program could have made it)."""
    try:
        return path.exists()
    except OSError:
        return False


def _lock_held_elsewhere(path: Path) -> bool:
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        for lock, unlock in ((fcntl.flock, fcntl.flock), (fcntl.lockf, fcntl.lockf)):
            try:
                lock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                return True
            unlock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def is_read_only(path: Path) -> bool:
    """The file is marked read-only (no write permission bit; on Windows, the attribute)."""
    try:
        return not os.stat(path).st_mode & stat.S_IWUSR
    except OSError:
        return False


# --- the output folder ----------------------------------------------------------


@dataclass(frozen=True)
class _Staged:
    """A file made under a temporary name, waiting to be put in place."""

    temp: Path
    digest: str
    target: Path
    path: Path  # where it goes: the target, or beside it
    reason: str
    kind: str


class Outputs:
    """Everything one call writes into a project's output/: atomically, never over an edited,
    open or read-only file, and recorded in the manifest.

        with Outputs(root) as outputs:
            outputs.write(target, document.save, "document")
        outputs.written  # [Written(path, target, reason, kind), ...]
    """

    def __init__(self, root: Path, *, overwrite: bool = False):
        self.root = Path(root)
        self.folder = output_dir(self.root)
        self.overwrite = overwrite
        self.written: list[Written] = []
        self.removed: list[Path] = []
        self._manifest: dict[str, dict[str, str]] | None = None
        self._staged: list[_Staged] | None = None  # inside together(): made, not yet in place
        self._changed = False
        self._stamp = datetime.now().strftime("%Y%m%d-%H%M%S")

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.save_manifest()
        else:  # what was written is recorded also after a failure, which stays the error reported
            with suppress(Exception):
                self.save_manifest()

    # the manifest: {"format": 1, "files": {name: {"sha256", "kind", "target", "written"}}}
    @property
    def manifest(self) -> dict[str, dict[str, str]]:
        if self._manifest is None:
            self._manifest = read_manifest(self.folder)
        return self._manifest

    def save_manifest(self) -> None:
        if not self._changed:
            return
        files = {name: entry for name, entry in sorted(self.manifest.items()) if (self.folder / name).is_file()}
        text = json.dumps({"format": MANIFEST_FORMAT, "files": files}, ensure_ascii=False, indent=1)
        write_atomic(self.folder / MANIFEST, lambda temp: Path(temp).write_text(text + "\n", encoding="utf-8"))
        self._changed = False

    def unchanged(self, path: Path) -> bool:
        """The file is as itadocs last wrote it (so replacing it loses nothing)."""
        entry = self.manifest.get(path.name)
        try:
            return entry is not None and path.is_file() and sha256(path) == entry.get("sha256")
        except OSError:
            return False

    def writer(self, kind: str) -> Callable[[Path, Callable[[Path], object]], Path]:
        """`write` for one kind of file, as the renderers and the PDF step call it."""
        return lambda target, save: self.write(target, save, kind).path

    def write(self, target: Path, save: Callable[[Path], object], kind: str) -> Written:
        """Write `target` (or, when it must not be replaced, a file beside it) and record it.
        Inside `together()`, the file is made now and put in place with the others at the end."""
        target = Path(target)
        ensure_folder(target.parent)
        self._clean_temporaries(target.parent)
        if target.is_dir():
            raise ItadocsError(IS_A_FOLDER, path=target)
        reason = self._blocker(target)
        if reason == EDITED and self.overwrite:
            from .history import DOCUMENT, keep  # history writes through this module

            keep(self.root, target, what=DOCUMENT, stamp=self._stamp)
            reason = ""
        temp, digest = stage(target, save)
        planned = _Staged(temp, digest, target, self._free_name(target, temp) if reason else target, reason, kind)
        if self._staged is not None:
            self._staged.append(planned)
            return Written(planned.path, target, reason, kind)
        return self._place(planned)

    @contextmanager
    def together(self) -> Iterator[None]:
        """Files written inside are put in place only once all of them were made: a failure on
        the way (a template that breaks, an interrupt) leaves every previous file as it was."""
        self._staged = []
        try:
            yield
        except BaseException:
            for planned in self._staged:
                planned.temp.unlink(missing_ok=True)
            raise
        else:
            staged = self._staged
            self._staged = None
            for number, planned in enumerate(staged):
                try:
                    self._place(planned)
                except BaseException:
                    for rest in staged[number + 1 :]:
                        rest.temp.unlink(missing_ok=True)
                    raise
        finally:
            self._staged = None

    def _place(self, planned: _Staged) -> Written:
        target, path, reason = planned.target, planned.path, planned.reason
        try:
            put_in_place(planned.temp, path)
        except ReplaceRefused:  # open in another program after all (Windows decides at replace time)
            if path == target:
                reason, path = LOCKED, self._free_name(target, planned.temp)
                try:
                    put_in_place(planned.temp, path)
                except ReplaceRefused:
                    pass
                else:
                    return self._placed(planned, path, reason)
            planned.temp.unlink(missing_ok=True)
            raise ItadocsError(IN_USE, path=path) from None
        return self._placed(planned, path, reason)

    def _placed(self, planned: _Staged, path: Path, reason: str) -> Written:
        target = planned.target
        self._record(path, target, planned.digest, planned.kind)
        if path == target:  # copies written beside it earlier are now out of date
            self._remove_unchanged(lambda name, entry: name != target.name and entry.get("target") == target.name)
        written = Written(path, target, reason, planned.kind)
        self.written.append(written)
        return written

    def _blocker(self, target: Path) -> str:
        """Why `target` must not be replaced: it is open, read-only or edited; '' when it may be."""
        if not target.exists():
            return ""
        if is_read_only(target):  # first: on Windows a read-only file also refuses to open for writing
            return READ_ONLY
        if is_locked(target):
            return LOCKED
        return "" if self.unchanged(target) else EDITED

    def _free_name(self, target: Path, temp: Path) -> Path:
        """The first 'beside' name that is free, or holds an earlier unchanged copy of ours."""
        for number in range(1, _MAX_BESIDE + 1):
            candidate = beside_path(target, number)
            if not candidate.exists() or (
                self.unchanged(candidate) and not is_locked(candidate) and not is_read_only(candidate)
            ):
                return candidate
        temp.unlink(missing_ok=True)
        raise ItadocsError(NO_FREE_NAME, path=target)

    def _record(self, path: Path, target: Path, digest: str, kind: str) -> None:
        if path.parent != self.folder:
            return
        self.manifest[path.name] = {
            "sha256": digest,
            "kind": kind,
            "target": target.name,
            "written": datetime.now().isoformat(timespec="seconds"),
        }
        self._changed = True

    def remove_unchanged(self, kind: str, keep: Callable[[str], bool]) -> list[Path]:
        """Delete the files of `kind` itadocs wrote whose usual name `keep` rejects, when they
        are unchanged and not open: stale annotated copies, say.  Edited ones stay."""
        return self._remove_unchanged(
            lambda name, entry: entry.get("kind") == kind and not keep(entry.get("target", name))
        )

    def _remove_unchanged(self, stale: Callable[[str, dict[str, Any]], bool]) -> list[Path]:
        removed = []
        for name, entry in list(self.manifest.items()):
            path = self.folder / name
            if not stale(name, entry):
                continue
            if not path.exists():
                del self.manifest[name]
                self._changed = True
            elif self.unchanged(path) and not is_locked(path) and not is_read_only(path):
                try:
                    path.unlink()
                except OSError:
                    continue  # still open somewhere: it goes next time
                del self.manifest[name]
                self._changed = True
                removed.append(path)
        self.removed.extend(removed)
        return removed

    def _clean_temporaries(self, folder: Path) -> None:
        """Remove temporary files left by a build that was killed."""
        sweep_leftovers(folder, TEMP_PREFIX)


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """The files itadocs wrote into `folder`; empty when there is no readable manifest
    (then every existing file counts as not ours, and is never replaced)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): v for k, v in files.items() if isinstance(v, dict)}


# --- what a killed run left behind ------------------------------------------------


def owned_prefix(prefix: str) -> str:
    """`prefix` with this process's id: the start of the name of a temporary file or folder, so
    a later run can tell one whose process is gone (killed half way) from one being written."""
    return f"{prefix}{os.getpid()}-"


def sweep_leftovers(folder: Path, prefix: str = TEMP_PREFIX) -> list[Path]:
    """Remove the temporary files and folders in `folder` named `owned_prefix(prefix)` by a
    process that no longer runs, and any of `prefix` older than STALE_TEMP_SECONDS (a process id
    can be reused; names from before the id was in them); returns what was removed.  Anything
    that cannot be removed now (still open on Windows) is left for the next run."""
    removed: list[Path] = []
    now = time.time()
    try:
        candidates = [entry for entry in folder.iterdir() if entry.name.startswith(prefix)]
    except OSError:
        return removed
    for leftover in candidates:
        pid = _owner(leftover.name[len(prefix) :])
        try:
            stale = now - leftover.lstat().st_mtime > STALE_TEMP_SECONDS
            if pid == os.getpid() or not (stale or (pid is not None and not process_running(pid))):
                continue
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
        except OSError:
            continue
        removed.append(leftover)
    return removed


def _owner(rest: str) -> int | None:
    number, dash, _ = rest.partition("-")
    return int(number) if dash and number.isdigit() else None


def process_running(pid: int) -> bool:
    """Whether a process of this id runs now (on this machine)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            return bool(kernel.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return False
    return True


def sweep_workspace(root: Path, *, system_temp: bool = True) -> list[Path]:
    """`sweep_leftovers` over a project or a workspace of projects: temporary files beside what
    itadocs writes (outputs, kept builds and their previews, inputs, history, templates, its own
    settings), uploads that were being checked, and, with `system_temp`, itadocs' temporary
    folders in the system's temporary folder (LibreOffice profiles, previews, blank forms)."""
    removed: list[Path] = []
    projects = [root] if (root / "inputs").is_dir() else [p for p in _children(root) if (p / "inputs").is_dir()]
    folders = [root, root / HIDDEN]
    for project in projects:
        folders += [project, project / "inputs", project / "templates", project / HIDDEN, project / "output"]
        kept = _children(project / "output" / "builds")
        folders += kept + [b / "preview" for b in kept] + _children(project / "history")
        removed += sweep_leftovers(project / HIDDEN / INCOMING, UPLOAD_PREFIX)
    for folder in dict.fromkeys(folders):
        removed += sweep_leftovers(folder, TEMP_PREFIX)
    if system_temp:
        for prefix in (PROFILE_PREFIX, *SYSTEM_TEMP_PREFIXES):
            removed += sweep_leftovers(Path(tempfile.gettempdir()), prefix)
    return removed


SYSTEM_TEMP_PREFIXES = ("itadocs-preview-", "itadocs-blank-", "itadocs-sample-")  # then the process id


def _children(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()]
    except OSError:
        return []


# --- one writer at a time, across processes ------------------------------------------


@contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold the project's lock file (<project>/.itadocs/lock) while writing or copying it: the
    web server's workers take it for each upload and build, and a backup while it copies the
    project, so the backup never holds half of a build.  Where the lock file cannot be made
    (a read-only folder) nothing is written either, and the work goes on without it."""
    path = root / LOCK_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")  # noqa: SIM115 - closed below, after the lock is released
    except OSError:
        yield
        return
    try:
        _lock(handle)
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()


def _lock(handle: Any) -> None:
    if os.name == "nt":
        import msvcrt

        while True:  # LK_LOCK gives up after ten seconds; a build may hold the lock longer
            try:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
                return
            except OSError:
                time.sleep(0.05)
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # type: ignore[attr-defined,unused-ignore]


def _unlock(handle: Any) -> None:
    if os.name == "nt":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)  # type: ignore[attr-defined,unused-ignore]
