"""Workbooks sent through the page: each stored as what its content says it is, then checked."""

from __future__ import annotations

import errno
import os
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ...files import UPLOAD_PREFIX, DiskFull, owned_prefix
from ...messages import ItadocsError, Message
from .. import audit, sessions, texts
from .. import jobs as work
from ..auth import coordinator
from ..projects import incoming_dir
from .base import checked_form, jobs_of, lang_of, remember_status

MAX_FILES = 30  # workbooks in one upload
MAX_FILE_BYTES = 5 * 1024 * 1024  # one workbook; a division's is 20-300 KB
MAX_UPLOAD_BODY = 40 * 1024 * 1024  # the whole multipart body of an upload
FLASH_SECONDS = 600  # an upload's results stay for the page it leads to


@dataclass
class Outcome:
    """What became of one uploaded file, for the page (any language) and for scripts."""

    file: str
    ok: bool
    lines: list[Message] = field(default_factory=list)
    division: str = ""
    kind: str = ""
    errors: int = 0
    warnings: int = 0

    def as_dict(self, lang: str) -> dict:
        return {"file": self.file, "ok": self.ok, "division": self.division, "kind": self.kind,
                "errors": self.errors, "warnings": self.warnings, "messages": [m(lang) for m in self.lines]}


def _shown_name(item: UploadFile) -> str:
    """The name the file was sent under, for messages only (never a path)."""
    name = (item.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable())[:120] or "?"


async def _store(request: Request, root: Path, item: UploadFile, division: str | None) -> Outcome:
    shown = _shown_name(item)
    if item.size is not None and item.size > MAX_FILE_BYTES:
        return Outcome(shown, False, [texts.TOO_BIG.fill(mb=MAX_FILE_BYTES // (1024 * 1024))])
    temp = ""
    try:
        fd, temp = tempfile.mkstemp(prefix=owned_prefix(UPLOAD_PREFIX), suffix=".xlsx", dir=incoming_dir(root))
        with os.fdopen(fd, "wb") as out:
            while chunk := await item.read(256 * 1024):
                out.write(chunk)
        jobs = jobs_of(request)
        async with jobs.lock(str(root)):
            received, status = await jobs.call(work.receive, str(root), temp, shown, division, quick=True)
    except (DiskFull, OSError) as exc:  # nothing written: the inputs are as they were
        if isinstance(exc, OSError) and exc.errno not in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            raise
        audit.record(request, "upload-refused", root.name, shown, "disk-full")
        return Outcome(shown, False, [texts.DISK_FULL])
    except ItadocsError as exc:  # the inputs folder refused (a file open in Excel on Windows, say)
        audit.record(request, "upload-refused", root.name, shown, "refused", exc.message.en)
        return Outcome(shown, False, [exc.message, texts.CLOSE_IN_EXCEL])
    finally:
        if temp:
            Path(temp).unlink(missing_ok=True)
    remember_status(request, root, status)
    if not received.ok:
        audit.record(request, "upload-refused", root.name, shown, "refused", received.refused.en)
        return Outcome(shown, False, [received.refused])
    found = received.recognised
    stored = found.division or "ข้อมูลหน่วยงาน"
    audit.record(request, "replace" if received.kept else "upload", root.name, shown,
                 detail="unchanged" if received.unchanged else stored)
    lines = [texts.RECEIVED_AGENCY if found.kind == "agency" else texts.RECEIVED.fill(division=found.division)]
    if received.unchanged:
        lines.append(texts.RECEIVED_SAME)
    for kept in received.kept:
        lines.append(texts.KEPT_IN_HISTORY.fill(path=kept.relative_to(root).as_posix()))
    mine = status.division(found.division) if found.division else None
    if mine is not None:
        state = texts.STATES[mine.state]
        lines.append(Message(*(texts.NOW(lang, state=state(lang), measures=mine.measures, errors=mine.errors,
                                         warnings=mine.warnings) for lang in ("th", "en"))))
        return Outcome(shown, True, lines, found.division, found.kind or "", mine.errors, mine.warnings)
    return Outcome(shown, True, lines, found.division, found.kind or "")


async def receive_files(request: Request, root: Path, division: str | None, back: str) -> Response:
    """Store every file of the upload form; the results as JSON (scripts, the page's own
    script) or on the page `back` leads to."""
    form = await checked_form(request, files=MAX_FILES)
    outcomes: list[Outcome] = []
    try:
        items = [item for item in form.getlist("files") if isinstance(item, UploadFile)]
        for item in items:
            outcomes.append(await _store(request, root, item, division))
    finally:
        await form.close()
    if not outcomes:
        outcomes.append(Outcome("", False, [texts.NO_FILES]))
    lang = lang_of(request)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"results": [o.as_dict(lang) for o in outcomes]})
    key = secrets.token_urlsafe(12)
    flashes: dict = request.app.state.flash
    now = time.time()
    for old in [k for k, value in flashes.items() if value[0] < now - FLASH_SECONDS]:
        del flashes[old]
    flashes[key] = (now, outcomes, sessions.tag(request))
    return RedirectResponse(f"{back}?received={key}", 303)


def take_flash(request: Request) -> list[Outcome]:
    """The results of the upload that led to this page, to the session that sent it only."""
    key = request.query_params.get("received", "")
    found = request.app.state.flash.get(key)
    return found[1] if found and found[2] == sessions.tag(request) else []


async def upload(request: Request) -> Response:
    name, root = coordinator(request)
    return await receive_files(request, root, None, f"/p/{quote(name)}/")
