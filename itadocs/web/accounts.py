"""The host's administrators: named accounts made on the server's command line.

An administrator sees every project of the workspace, creates projects, resets a project's
passcode, ends its sessions and reads the audit trail.  The accounts live in the workspace's
`.itadocs/admins.json`, each as a scrypt hash and an epoch: a new passcode raises the epoch,
which ends every session that administrator held.  Nothing here is reachable from the page
but logging in: accounts are added and removed only by someone who can run commands on the
server (`itadocs admin set`), who could read the workspace anyway.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..files import ensure_folder, write_atomic
from ..messages import ItadocsError, Message
from . import security
from .projects import HIDDEN

ADMINS = "admins.json"
_NAME = re.compile(r"^[\w\u0e00-\u0e7f.\-@]{1,40}$")

NAME_INVALID = Message(
    'ชื่อผู้ดูแล "{name}" ใช้ไม่ได้ ใช้ตัวอักษร ตัวเลข จุด ขีด หรือ @ ไม่เกิน 40 ตัว ไม่มีช่องว่าง',
    'The administrator name "{name}" cannot be used: letters, digits, dots, dashes or @, at most 40, no spaces',
)
NO_WORKSPACE = Message(
    "ไม่พบโฟลเดอร์งาน {path} (ตรวจชื่อโฟลเดอร์อีกครั้ง: ผู้ดูแลเป็นของโฟลเดอร์งานที่มีอยู่แล้ว)",
    "No workspace {path} (check the folder's name: administrators belong to a workspace that exists)",
)
NO_SUCH_ADMIN = Message('ไม่มีผู้ดูแลชื่อ "{name}"', 'No administrator named "{name}"')


@dataclass(frozen=True)
class Admin:
    name: str
    passcode: str  # "scrypt$..."
    epoch: int = 1


def admins_path(workspace: Path) -> Path:
    return workspace / HIDDEN / ADMINS


def read_admins(workspace: Path) -> dict[str, Admin]:
    try:
        data = json.loads(admins_path(workspace).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = data.get("admins") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        return {}
    return {
        str(name): Admin(str(name), str(entry.get("passcode") or ""), int(entry.get("epoch") or 1))
        for name, entry in found.items()
        if isinstance(entry, dict)
    }


def _save(workspace: Path, admins: dict[str, Admin]) -> None:
    text = (
        json.dumps(
            {"admins": {a.name: {"passcode": a.passcode, "epoch": a.epoch} for a in admins.values()}},
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )
    path = admins_path(workspace)
    ensure_folder(path.parent)
    write_atomic(path, lambda temp: Path(temp).write_text(text, encoding="utf-8"))
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def set_admin(workspace: Path, name: str, passcode: str, *, scrypt_n: int = security.SCRYPT_N) -> Admin:
    """Add an administrator, or give one a new passcode (ending their sessions).  Raises
    ItadocsError for a name that cannot be used, a passcode too weak, or a workspace that is
    not there (a mistyped one is never made)."""
    if not workspace.is_dir():
        raise ItadocsError(NO_WORKSPACE, path=workspace)
    if not _NAME.match(name):
        raise ItadocsError(NAME_INVALID, name=name)
    weak = security.passcode_problem(passcode, names=(name,))
    if weak is not None:
        raise ItadocsError(weak)
    admins = read_admins(workspace)
    old = admins.get(name)
    admin = Admin(name, security.hash_passcode(passcode, n=scrypt_n), old.epoch + 1 if old else 1)
    admins[name] = admin
    _save(workspace, admins)
    return admin


def remove_admin(workspace: Path, name: str) -> None:
    admins = read_admins(workspace)
    if name not in admins:
        raise ItadocsError(NO_SUCH_ADMIN, name=name)
    del admins[name]
    _save(workspace, admins)
