"""The audit trail: who did what, to which project and file, when, from which address.

One JSON line per action in `<workspace>/.itadocs/audit/<YYYY-MM-DD>.jsonl` (the server's
local day), appended and never rewritten; files older than the retention (90 days by
default, what Thai hosts keep traffic data for) are removed.  The administrator reads it in
the page (`/admin/audit`) or as the files themselves.  A trail that cannot be written (a full
disk) is said in the server's log and never stops the action it records.

Handlers call `record(request, action, project, file)`; a build, which ends after its
request, is recorded when it ends with `entry(request, ...)` taken at the start.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from starlette.requests import Request

from .auth import who
from .projects import HIDDEN

log = logging.getLogger("itadocs.web")
FOLDER = "audit"
_DAY_FILE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\.jsonl$")
FIELDS = ("time", "address", "via", "role", "who", "action", "project", "file", "outcome", "detail")


class AuditTrail:
    """The day files of one workspace."""

    def __init__(self, workspace: Path, days: int = 90):
        self.folder = workspace / HIDDEN / FOLDER
        self.days = days
        self._lock = threading.Lock()

    def write(self, entry: dict[str, Any]) -> bool:
        """Append one entry to today's file; False (and a line in the server's log) when the
        disk refused."""
        line = json.dumps({k: entry.get(k, "") for k in FIELDS}, ensure_ascii=False) + "\n"
        path = self.folder / f"{datetime.now():%Y-%m-%d}.jsonl"
        try:
            with self._lock:
                self.folder.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, line.encode("utf-8"))  # one write of a whole line: lines never interleave
                finally:
                    os.close(fd)
        except OSError as exc:
            log.error("audit trail not written (%s): %s", exc, line.strip())
            return False
        return True

    def day_files(self) -> list[tuple[date, Path]]:
        """The day files, newest first."""
        try:
            found = [(m, p) for p in self.folder.iterdir() if (m := _DAY_FILE.match(p.name))]
        except OSError:
            return []
        days = []
        for match, path in found:
            try:
                days.append((date(int(match[1]), int(match[2]), int(match[3])), path))
            except ValueError:
                continue
        return sorted(days, reverse=True)

    def read(self, day: date, project: str = "", limit: int = 2000) -> tuple[list[dict], int]:
        """The entries of one day, newest first (at most `limit`), and how many there were."""
        path = self.folder / f"{day:%Y-%m-%d}.jsonl"
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return [], 0
        entries = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:  # a line cut by a crash: the rest still reads
                continue
            if isinstance(entry, dict) and (not project or entry.get("project") == project):
                entries.append(entry)
        return entries[::-1][:limit], len(entries)

    def prune(self, today: date | None = None) -> list[Path]:
        """Remove the day files older than the retention."""
        oldest = (today or date.today()) - timedelta(days=self.days)
        removed = []
        for day, path in self.day_files():
            if day < oldest:
                try:
                    path.unlink()
                    removed.append(path)
                except OSError:
                    pass
        return removed


def entry(
    request: Request, action: str, project: str = "", file: str = "", outcome: str = "ok", detail: str = ""
) -> dict[str, Any]:
    """An entry for what this request does: who (from its session), from where, now."""
    role, name = who(request)
    address = request.client.host if request.client else ""
    peer = request.scope.get("itadocs.peer", address)
    return {
        "time": datetime.now().astimezone().isoformat(timespec="seconds"),
        "address": address,
        "via": peer if peer != address else "",
        "role": role,
        "who": name,
        "action": action,
        "project": project,
        "file": file,
        "outcome": outcome,
        "detail": detail[:300],
    }


def trail(request: Request) -> AuditTrail:
    return request.app.state.audit


def record(
    request: Request, action: str, project: str = "", file: str = "", outcome: str = "ok", detail: str = ""
) -> None:
    """Record what this request did (the call for handlers)."""
    trail(request).write(entry(request, action, project, file, outcome, detail))
