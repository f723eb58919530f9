"""Logging in and out: a project by its passcode, an administrator by name, a division by its
link; the page of what this session holds; a project's passcode."""

from __future__ import annotations

import secrets
from datetime import datetime
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import audit, security, sessions, texts
from ..accounts import read_admins
from ..auth import (
    admin_name,
    coordinator,
    grant,
    grant_admin,
    grant_division,
    hash_passcode,
    held_projects,
    passcode_matches,
)
from ..clients import client_key
from ..projects import WebConfig, read_config, save_config
from .base import checked_form, lang_of, page, settings_of, text, workspace_of


def _client(request: Request) -> str:
    """Who a guess counts against: the address, or an IPv6 address's /64, as every other limit
    counts (a host's addresses within its /64 are one client)."""
    return client_key(request.client.host) if request.client else "?"


def _logged_in(request: Request) -> None:
    """After any login: a new session id (one planted before is worth nothing), a new CSRF token."""
    sessions.renew(request)
    request.session["csrf"] = secrets.token_urlsafe(32)


async def _try_project(request: Request, name: str, passcode: str) -> int:
    """Check a project's passcode under the throttle; 0 when granted, else the status to answer
    (401 wrong, 429 wait, with the seconds in request.state.wait)."""
    throttle = settings_of(request).throttle
    client = _client(request)
    wait = throttle.begin(client, f"project:{name}")
    if wait:
        request.state.wait = int(wait) + 1
        return 429
    root = workspace_of(request).project(name)
    config = read_config(root) if root is not None else WebConfig()
    ok = False
    try:
        ok = await passcode_matches(request, passcode, config.passcode)
    finally:
        throttle.finish(client, f"project:{name}", ok)
    if not ok:
        audit.record(request, "login-failed", name if root is not None else "", outcome="refused")
        return 401
    grant(request, name, config.epoch)
    _logged_in(request)
    audit.record(request, "login", name)
    return 0


async def login(request: Request) -> Response:
    """/p/<project>/login.  On a network an unknown project gets the same page and the same
    answer as a wrong passcode: a login reveals no project."""
    name = request.path_params["project"]
    root = workspace_of(request).project(name)
    if root is None and not settings_of(request).network:
        raise HTTPException(404)
    # On a network every name shows the same form, passcode or none (only an administrator opens those).
    locked = settings_of(request).network or bool(root is not None and read_config(root).passcode)
    if request.method == "GET":
        return page(request, "login.html", project=name, locked=locked)
    form = await checked_form(request)
    status = await _try_project(request, name, str(form.get("passcode") or ""))
    if status:
        return page(
            request,
            "login.html",
            status,
            project=name,
            locked=locked,
            wrong=status == 401,
            wait=getattr(request.state, "wait", 0),
        )
    return RedirectResponse(f"/p/{quote(name)}/", 303)


async def site_login(request: Request) -> Response:
    """/login: a project by its name and passcode, the next one after another."""
    if request.method == "GET":
        return page(request, "site_login.html", held=held_projects(request), form={})
    form = await checked_form(request)
    name = text(form, "project")
    status = await _try_project(request, name, str(form.get("passcode") or ""))
    if status:
        return page(
            request,
            "site_login.html",
            status,
            held=held_projects(request),
            form={"project": name},
            wrong=status == 401,
            wait=getattr(request.state, "wait", 0),
        )
    return RedirectResponse(f"/p/{quote(name)}/", 303)


async def admin_login(request: Request) -> Response:
    """/admin/login: an administrator by name and passcode."""
    if request.method == "GET":
        return page(request, "admin_login.html", form={})
    form = await checked_form(request)
    name = text(form, "name")
    throttle = settings_of(request).throttle
    client = _client(request)
    wait = throttle.begin(client, f"admin:{name}")
    if wait:
        return page(request, "admin_login.html", 429, form={"name": name}, wait=int(wait) + 1)
    ok = False
    try:
        admin = read_admins(settings_of(request).workspace).get(name)
        ok = await passcode_matches(request, str(form.get("passcode") or ""), admin.passcode if admin else "")
    finally:
        throttle.finish(client, f"admin:{name}", ok)
    if not ok or admin is None:
        audit.record(request, "admin-login-failed", detail=name[:40], outcome="refused")
        return page(request, "admin_login.html", 401, form={"name": name}, wrong=True)
    grant_admin(request, admin.name, admin.epoch)
    _logged_in(request)
    audit.record(request, "admin-login")
    return RedirectResponse("/admin/", 303)


async def logout(request: Request) -> Response:
    """End the whole session on the server (every project, an administrator's login, a
    division's link): a copy of its cookie opens nothing any more."""
    await checked_form(request)
    audit.record(request, "logout")
    sessions.end(request)
    return RedirectResponse("/?out=1", 303)


async def account(request: Request) -> Response:
    """What this session holds, with the way out."""
    held = request.session.get("division")
    division = {"project": held[0], "division": held[1]} if isinstance(held, list) and len(held) == 3 else None
    held_until = [(name, datetime.fromtimestamp(until)) for name, until in held_projects(request)]
    return page(request, "account.html", held=held_until, admin=admin_name(request), division=division)


async def set_passcode(request: Request) -> Response:
    name, root = coordinator(request)
    form = await checked_form(request)
    passcode = str(form.get("passcode") or "")
    weak = security.passcode_problem(passcode, names=(name,))
    if weak is not None:
        raise HTTPException(400, weak(lang_of(request)))
    hashed = await hash_passcode(request, passcode)
    config = read_config(root)  # read after the await: nothing else can change it until saved
    config.passcode, config.epoch = hashed, config.epoch + 1
    save_config(root, config)
    grant(request, name, config.epoch)
    _logged_in(request)  # a copy of this session's old cookie ends too
    audit.record(request, "passcode", name)
    return RedirectResponse(f"/p/{quote(name)}/?passcode=saved", 303)


async def division_link(request: Request) -> Response:
    """/d/<token>: the token names one division of one project; the session keeps the grant."""
    if grant_division(request, request.path_params["token"]):
        _logged_in(request)
        held = request.session["division"]
        audit.record(request, "login", str(held[0]), detail=str(held[1]))
        return RedirectResponse("/d/", 303)
    raise HTTPException(404, texts.LINK_ENDED(lang_of(request)))
