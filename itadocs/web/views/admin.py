"""The administrator's pages: every project with its passcode, links and kept builds; a new
passcode or the end of everyone's sessions for a project; the audit trail."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from ...builds import count_builds
from ...messages import size_text
from .. import audit, security
from ..auth import administrator, hash_passcode
from ..projects import inputs_signature, read_config, save_config
from .base import checked_form, flash, page, project_of, settings_of, taken, workspace_of


async def admin_home(request: Request) -> Response:
    administrator(request)
    settings = settings_of(request)
    cache = request.app.state.status_cache
    rows = []
    for root in workspace_of(request).projects():
        config = read_config(root)
        cached = cache.get(root)
        changed = max((stamp for _, _, stamp in inputs_signature(root)), default=0)
        rows.append(
            {
                "name": root.name,
                "agency": cached[1].agency if cached else "",
                "passcode": bool(config.passcode),
                "links": len(config.links),
                "builds": count_builds(root),
                "changed": datetime.fromtimestamp(changed / 1e9) if changed else None,
            }
        )
    try:
        usage = shutil.disk_usage(settings.workspace)
        disk = {"free": size_text(usage.free), "total": size_text(usage.total)}
    except OSError:
        disk = None
    return page(
        request,
        "admin.html",
        rows=rows,
        disk=disk,
        sessions=request.app.state.sessions.count(),
        reset=taken(request, "reset", once=True),
        ended=request.query_params.get("ended", ""),
        workspace=settings.workspace,
        settings=settings,
    )


async def reset_passcode(request: Request) -> Response:
    """A new passcode for a project, made here and shown once; every session in it ends."""
    administrator(request)
    name, root = project_of(request)
    await checked_form(request)
    passcode = security.new_passcode()
    hashed = await hash_passcode(request, passcode)
    config = read_config(root)
    config.passcode, config.epoch = hashed, config.epoch + 1
    save_config(root, config)
    settings_of(request).throttle.forget(f"project:{name}")
    audit.record(request, "passcode-reset", name)
    # Shown once, to the session that made it, then gone (and gone anyway after a few minutes).
    return RedirectResponse(f"/admin/?reset={flash(request, (name, passcode))}", 303)


async def end_sessions(request: Request) -> Response:
    """Everyone logged into a project must log in again (its passcode stays)."""
    administrator(request)
    name, root = project_of(request)
    await checked_form(request)
    config = read_config(root)
    config.epoch += 1
    save_config(root, config)
    audit.record(request, "sessions-ended", name)
    return RedirectResponse(f"/admin/?ended={quote(name)}", 303)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


async def audit_page(request: Request) -> Response:
    administrator(request)
    trail = audit.trail(request)
    days = [day for day, _ in trail.day_files()]
    day = _day(request.query_params.get("day", "")) or (days[0] if days else date.today())
    project = request.query_params.get("project", "").strip()
    entries, total = trail.read(day, project)
    return page(
        request, "audit.html", days=days, day=day, project=project, entries=entries, total=total, retention=trail.days
    )


async def audit_file(request: Request) -> Response:
    administrator(request)
    day = _day(request.path_params["day"])
    found = next((path for d, path in audit.trail(request).day_files() if d == day), None)
    if found is None:
        raise HTTPException(404)
    audit.record(request, "download", file=found.name)
    return FileResponse(found, filename=found.name, media_type="application/x-ndjson")
