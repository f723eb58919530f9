"""Logging in and out of a project, its passcode, and a division's link."""

from __future__ import annotations

import secrets
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .. import security, texts
from ..auth import coordinator, end_grant, grant, grant_division, hash_passcode, passcode_matches
from ..projects import read_config, save_config
from .base import checked_form, lang_of, page, project_of, settings_of


async def login(request: Request) -> Response:
    name, root = project_of(request)
    config = read_config(root)
    if request.method == "GET":
        return page(request, "login.html", project=name, config=config)
    form = await checked_form(request)
    client = request.client.host if request.client else "?"
    throttle = settings_of(request).throttle
    wait = throttle.wait(client, name)
    if wait:
        seconds = int(wait) + 1
        return page(request, "login.html", 429, project=name, config=config, wait=seconds)
    ok = bool(config.passcode) and await passcode_matches(request, str(form.get("passcode") or ""), config.passcode)
    if not ok:
        throttle.failed(client, name)
        return page(request, "login.html", 401, project=name, config=config, wrong=True)
    throttle.succeeded(client, name)
    grant(request, name, config.epoch)
    request.session["csrf"] = secrets.token_urlsafe(32)  # a new token after a login
    return RedirectResponse(f"/p/{quote(name)}/", 303)


async def logout(request: Request) -> Response:
    name, _ = project_of(request)
    await checked_form(request)
    end_grant(request, name)
    return RedirectResponse("/", 303)


async def set_passcode(request: Request) -> Response:
    name, root = coordinator(request)
    form = await checked_form(request)
    passcode = str(form.get("passcode") or "")
    if len(passcode) < security.MIN_PASSCODE:
        raise HTTPException(400, texts.PASSCODE_SHORT(lang_of(request), min=security.MIN_PASSCODE))
    hashed = await hash_passcode(request, passcode)
    config = read_config(root)  # read after the await: nothing else can change it until saved
    config.passcode, config.epoch = hashed, config.epoch + 1
    save_config(root, config)
    grant(request, name, config.epoch)
    return RedirectResponse(f"/p/{quote(name)}/?passcode=saved", 303)


async def division_link(request: Request) -> Response:
    """/d/<token>: the token names one division of one project; the session keeps the grant."""
    if grant_division(request, request.path_params["token"]):
        return RedirectResponse("/d/", 303)
    raise HTTPException(404, texts.LINK_ENDED(lang_of(request)))
