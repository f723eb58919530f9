"""Who may act on what: a project's coordinator (by passcode, or anyone on loopback while the
project has none) and a division (by its link, for its own workbook only).

A grant lives in the signed session cookie: `auth[project] = [epoch, expiry]` for a
coordinator, `division = [project, division, link digest]` for a division.  Changing the
passcode raises the project's epoch, which ends every coordinator grant made before;
a new or revoked link ends the division's grant at its next request.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request

from . import security, texts
from .projects import WebConfig, read_config
from .views.base import lang_of, project_of, settings_of, workspace_of

COORDINATOR_HOURS = 8  # a login lasts a working day


class LoginNeeded(Exception):
    """Raised by a handler whose visitor must log in first; answered with a redirect."""

    def __init__(self, url: str):
        self.url = url


def granted(request: Request, name: str, config: WebConfig) -> bool:
    """This session may act as the project's coordinator."""
    if not config.passcode:
        return not settings_of(request).network
    grant = request.session.get("auth", {}).get(name)
    return bool(grant) and grant[0] == config.epoch and grant[1] > time.time()


def coordinator(request: Request) -> tuple[str, Path]:
    """The project of the URL, when this session may act as its coordinator."""
    name, root = project_of(request)
    if not granted(request, name, read_config(root)):
        raise LoginNeeded(f"/p/{quote(name)}/login")
    return name, root


def grant(request: Request, name: str, epoch: int) -> None:
    auth = dict(request.session.get("auth", {}))
    auth[name] = [epoch, time.time() + COORDINATOR_HOURS * 3600]
    request.session["auth"] = auth


def end_grant(request: Request, name: str) -> None:
    auth = dict(request.session.get("auth", {}))
    auth.pop(name, None)
    request.session["auth"] = auth


def division_session(request: Request) -> tuple[Path, str]:
    """The project and division a division link granted this session; 403 once the link ended."""
    held = request.session.get("division")
    if not (isinstance(held, list) and len(held) == 3):
        raise HTTPException(403)
    root = workspace_of(request).project(str(held[0]))
    if root is None or read_config(root).links.get(str(held[2])) != held[1]:
        raise HTTPException(403, texts.LINK_ENDED(lang_of(request)))
    return root, str(held[1])


def grant_division(request: Request, token: str) -> bool:
    """Grant this session the division a link's token names; False when no project has it."""
    digest = security.token_digest(token)
    for root in workspace_of(request).projects():
        division = read_config(root).links.get(digest)
        if division:
            request.session["division"] = [root.name, division, digest]
            return True
    return False


async def hash_passcode(request: Request, passcode: str) -> str:
    async with request.app.state.scrypt:  # each scrypt takes 128 MiB: a few at a time
        return await asyncio.to_thread(security.hash_passcode, passcode, n=settings_of(request).scrypt_n)


async def passcode_matches(request: Request, passcode: str, stored: str) -> bool:
    async with request.app.state.scrypt:
        return await asyncio.to_thread(security.verify_passcode, passcode, stored)
