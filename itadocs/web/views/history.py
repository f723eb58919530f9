"""The project's history: what was replaced or deleted, to look at and to bring back."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ... import api
from ...builds import read_build
from ...history import ACTIONS, HistoryEntry
from .. import audit, texts
from ..auth import coordinator
from .base import Notice, checked_form, locked_call, notice_and_back, page, taken, text


async def history_page(request: Request) -> Response:
    name, root = coordinator(request)
    entries = api.history_entries(root)
    built = {e.id: found.time for e in entries if e.is_build and (found := read_build(e.path)) is not None}
    return page(
        request,
        "history.html",
        project=name,
        section="history",
        entries=entries,
        built=built,
        actions=ACTIONS,
        done=taken(request, "done"),
    )


def _entry(root, entry_id: str) -> HistoryEntry:
    """An entry found by listing the history, never by joining the id to a path."""
    found = next((e for e in api.history_entries(root) if e.id == entry_id), None)
    if found is None:
        raise HTTPException(404)
    return found


async def history_file(request: Request) -> Response:
    """A file kept in the history, to look at before restoring it."""
    name, root = coordinator(request)
    entry = _entry(root, request.query_params.get("entry", ""))
    if entry.is_build or not entry.path.is_file():
        raise HTTPException(404)
    audit.record(request, "download", name, file=entry.path.name)
    return FileResponse(entry.path, filename=entry.path.name)


async def restore(request: Request) -> Response:
    """Bring an entry back; what stood in its place is kept in turn (so the notice offers to undo)."""
    name, root = coordinator(request)
    form = await checked_form(request)
    entry = _entry(root, text(form, "entry"))
    restored = await locked_call(request, root, partial(api.restore, str(root), entry.id))
    audit.record(request, "restore", name, detail=entry.id)
    back = text(form, "back")
    back = back if back in ("status", "agency", "results", "history") else "history"
    target = f"/p/{quote(name)}/" + ("" if back == "status" else back)
    return notice_and_back(request, target, Notice(texts.RESTORED, undo=restored.kept.id if restored.kept else ""))
