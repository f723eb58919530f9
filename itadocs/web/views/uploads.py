"""Workbooks sent through the page: each stored as what its content says it is, then checked.

Every refusal (too many files, too large, wrong kind, another division's, the agency
workbook from a division) is said in the page's language and names the file; a file
received with errors is not a refusal: it is kept, and its errors are what to fix.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ...files import DiskFull, scratch_workbook
from ...messages import ItadocsError, Message
from .. import audit, texts
from .. import jobs as work
from ..auth import coordinator
from .base import checked_form, flash, in_both, lang_of, locked_call, remember_status, settings_of, shown, taken, when

MAX_FILES = 30  # workbooks taken from one upload; the ones after are refused by name
MAX_PARTS = 200  # files parsed from one upload at all (their names are needed to refuse them)
MAX_FILE_BYTES = 5 * 1024 * 1024  # one workbook; a division's is 20-300 KB
MAX_UPLOAD_BODY = 40 * 1024 * 1024  # the whole multipart body of an upload


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
    state: str = ""  # the division's state after it (division_status), "" for a refusal or the agency workbook
    received: datetime | None = None
    measures: int = 0

    @property
    def tone(self) -> str:
        """'bad' for a file refused, 'warn' for one received with errors or not checked, else 'ok'."""
        if not self.ok:
            return "bad"
        return "warn" if self.errors or self.state == "unchecked" else "ok"

    def as_dict(self, lang: str, workspace: Path) -> dict:
        """The outcome for a script (or the page's own), in `lang`, without the server's folders."""
        return {
            "file": self.file,
            "ok": self.ok,
            "division": self.division,
            "kind": self.kind,
            "errors": self.errors,
            "warnings": self.warnings,
            "state": self.state,
            "received": self.received.isoformat(timespec="seconds") if self.received else None,
            "messages": [shown(m.for_page(lang), workspace) for m in self.lines],
        }


def _shown_name(item: UploadFile) -> str:
    """The name the file was sent under, for messages only (never a path)."""
    name = (item.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable())[:120] or "?"


def _both(message: Message, **fields: object) -> Message:
    """A page text filled in both languages, for an outcome shown later in either."""
    return Message(message("th", **fields), message("en", **fields))


async def _store(request: Request, root: Path, item: UploadFile, division: str | None, kind: str | None) -> Outcome:
    shown = _shown_name(item)
    if item.size is not None and item.size > MAX_FILE_BYTES:
        return Outcome(shown, False, [_both(texts.TOO_BIG, file=shown, mb=MAX_FILE_BYTES // (1024 * 1024))])
    try:
        with scratch_workbook(root) as temp:
            with open(temp, "wb") as out:
                while chunk := await item.read(256 * 1024):
                    out.write(chunk)
            received, status = await locked_call(
                request, root, work.receive, str(root), str(temp), shown, division, kind
            )
    except (DiskFull, OSError) as exc:  # nothing written: the inputs are as they were
        if isinstance(exc, OSError) and exc.errno not in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            raise
        audit.record(request, "upload-refused", root.name, shown, "disk-full")
        return Outcome(shown, False, [texts.DISK_FULL])
    except ItadocsError as exc:  # the inputs folder refused (a file open in Excel on Windows, say)
        audit.record(request, "upload-refused", root.name, shown, "refused", exc.message.en)
        return Outcome(shown, False, [exc.message, texts.CLOSE_IN_EXCEL])
    remember_status(request, root, status)
    if not received.ok:
        audit.record(request, "upload-refused", root.name, shown, "refused", received.refused.en)
        return Outcome(shown, False, [received.refused])
    found = received.recognised
    audit.record(
        request,
        "replace" if received.kept else "upload",
        root.name,
        shown,
        detail="unchanged" if received.unchanged else (received.path.name if received.path else ""),
    )
    moment = datetime.now()
    stamp = {lang: when(moment, lang) for lang in ("th", "en")}
    receipt = texts.RECEIVED_AGENCY if found.kind == "agency" else texts.RECEIVED
    lines = [in_both(lambda lang: receipt(lang, division=found.division, time=stamp[lang]))]
    if received.unchanged:
        lines.append(texts.RECEIVED_SAME)
    if received.kept:
        lines.append(texts.KEPT_IN_HISTORY)
    mine = status.division(found.division) if found.division else None
    if mine is None:
        return Outcome(shown, True, lines, found.division, found.kind or "", received=moment)
    if mine.state == "unchecked":
        lines.append(texts.NOW_UNCHECKED)
    else:
        lines.append(
            in_both(
                lambda lang: texts.NOW(
                    lang, state=mine.label(lang), measures=mine.measures, errors=mine.errors, warnings=mine.warnings
                )
            )
        )
    return Outcome(
        shown,
        True,
        lines,
        found.division,
        found.kind or "",
        mine.errors,
        mine.warnings,
        mine.state,
        moment,
        mine.measures,
    )


async def receive_files(
    request: Request, root: Path, division: str | None, back: str, kind: str | None = None
) -> Response:
    """Store every file of the upload form (the first MAX_FILES of them; the others are refused
    by name); the results as JSON (scripts, the page's own script) or on the page `back` leads to."""
    form = await checked_form(request, files=MAX_PARTS, refusal=texts.TOO_MANY_PARTS, count=MAX_FILES)
    outcomes: list[Outcome] = []
    try:
        items = [item for item in form.getlist("files") if isinstance(item, UploadFile)]
        for number, item in enumerate(items):
            if number >= MAX_FILES:
                shown = _shown_name(item)
                outcomes.append(Outcome(shown, False, [_both(texts.TOO_MANY, file=shown, count=MAX_FILES)]))
                continue
            outcomes.append(await _store(request, root, item, division, kind))
    finally:
        await form.close()
    if not outcomes:
        outcomes.append(Outcome("", False, [texts.NO_FILE_CHOSEN]))
    lang = lang_of(request)
    if "application/json" in request.headers.get("accept", ""):
        workspace = settings_of(request).workspace
        return JSONResponse({"results": [o.as_dict(lang, workspace) for o in outcomes]})
    return RedirectResponse(f"{back}?received={flash(request, outcomes)}", 303)


def take_flash(request: Request) -> list[Outcome]:
    """The results of the upload that led to this page."""
    found = taken(request, "received")
    return found if isinstance(found, list) else []


async def upload(request: Request) -> Response:
    name, root = coordinator(request)
    return await receive_files(request, root, None, f"/p/{quote(name)}/")
