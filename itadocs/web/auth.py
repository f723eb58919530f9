"""Who may act on what.

- An **administrator** (an account made on the server: `itadocs admin set`) sees and opens
  every project, creates projects, resets their passcodes and reads the audit trail.
- A **coordinator** is whoever holds a project's passcode: logging in grants that project to
  the session, for a working day.  A helper serving many agencies logs into each; the grants
  live in the server-side session, so there is no limit to how many.
- A **division** opens its link: the session may then see and send that division's
  workbook of that project only, until the coordinator makes a new link or ends it.
- On this computer alone (the page on 127.0.0.1, as the Windows zip runs it) a project
  without a passcode is open to whoever uses the computer, and anyone may create projects.
  On a network, nothing is listed, created or opened without a login.

Grants in the session: `auth[project] = [epoch, expiry]`, `admin = [name, epoch, expiry]`,
`division = [project, division, link digest]`.  A new passcode raises the project's (or the
administrator's) epoch, which ends every grant made before it.
"""

from __future__ import annotations

import asyncio
import functools
import time
from pathlib import Path
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request

from . import security, sessions, texts
from .accounts import read_admins
from .projects import WebConfig, read_config
from .views.base import lang_of, settings_of, workspace_of

COORDINATOR_HOURS = 8  # a login lasts a working day
ADMIN_HOURS = 8


class LoginNeeded(Exception):
    """Raised by a handler whose visitor must log in first; answered with a redirect."""

    def __init__(self, url: str):
        self.url = url


def admin_name(request: Request) -> str | None:
    """The administrator this session is logged in as, while that login holds (read once a
    request: a page asks it of every project it lists)."""
    if not hasattr(request.state, "admin_name"):
        request.state.admin_name = _admin_name(request)
    name: str | None = request.state.admin_name
    return name


def _admin_name(request: Request) -> str | None:
    held = request.session.get("admin")
    if not (isinstance(held, list) and len(held) == 3) or held[2] <= time.time():
        return None
    admin = read_admins(settings_of(request).workspace).get(str(held[0]))
    return admin.name if admin is not None and admin.epoch == held[1] else None


def granted(request: Request, name: str, config: WebConfig) -> bool:
    """This session may act as the project's coordinator."""
    if admin_name(request):
        return True
    if not config.passcode:
        return not settings_of(request).network
    grant = request.session.get("auth", {}).get(name)
    return bool(grant) and grant[0] == config.epoch and grant[1] > time.time()


def login_url(name: str) -> str:
    return f"/p/{quote(name)}/login"


def coordinator(request: Request) -> tuple[str, Path]:
    """The project of the URL, when this session may act as its coordinator.  On a network an
    unknown name leads to the same login as a known one: the answer reveals no project."""
    name = request.path_params["project"]
    root = workspace_of(request).project(name)
    if root is None:
        if settings_of(request).network and not admin_name(request):
            raise LoginNeeded(login_url(name))
        raise HTTPException(404)
    if not granted(request, name, read_config(root)):
        raise LoginNeeded(login_url(name))
    return name, root


def administrator(request: Request) -> str:
    """The administrator of this session, or a redirect to their login."""
    name = admin_name(request)
    if name is None:
        raise LoginNeeded("/admin/login")
    return name


def visible_projects(request: Request) -> list[Path]:
    """The projects this session may see listed: all on this computer alone or for an
    administrator; on a network, those it holds a grant for."""
    every = workspace_of(request).projects()
    if not settings_of(request).network or admin_name(request):
        return every
    return [root for root in every if granted(request, root.name, read_config(root))]


def may_create_projects(request: Request) -> bool:
    return not settings_of(request).network or admin_name(request) is not None


def may_see_paths(request: Request) -> bool:
    """Folder paths of the server are shown to its administrator and on this computer only."""
    return may_create_projects(request)


def grant(request: Request, name: str, epoch: int) -> None:
    auth = dict(request.session.get("auth", {}))
    auth[name] = [epoch, time.time() + COORDINATOR_HOURS * 3600]
    request.session["auth"] = auth


def grant_admin(request: Request, name: str, epoch: int) -> None:
    request.session["admin"] = [name, epoch, time.time() + ADMIN_HOURS * 3600]


def held_projects(request: Request) -> list[tuple[str, float]]:
    """The projects this session holds a coordinator's grant for, with when each ends."""
    now = time.time()
    return sorted(
        (name, float(g[1]))
        for name, g in request.session.get("auth", {}).items()
        if isinstance(g, list) and len(g) == 2 and g[1] > now
    )


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


def who(request: Request) -> tuple[str, str]:
    """(role, name) for the audit trail: ('admin', name), ('coordinator', session tag),
    ('division', its name), ('local', '') on this computer without a login, or ('visitor', '')."""
    admin = admin_name(request)
    if admin:
        return "admin", admin
    if request.session.get("auth"):
        return "coordinator", sessions.tag(request)
    held = request.session.get("division")
    if isinstance(held, list) and len(held) == 3:
        return "division", f"{held[0]}/{held[1]}"
    if not settings_of(request).network:
        return "local", ""
    return "visitor", ""


async def hash_passcode(request: Request, passcode: str) -> str:
    async with request.app.state.scrypt:  # each scrypt takes 128 MiB: a few at a time
        return await asyncio.to_thread(security.hash_passcode, passcode, n=settings_of(request).scrypt_n)


@functools.lru_cache(maxsize=4)
def _nobody(n: int) -> str:
    """Checked against when nobody has the name tried: a wrong name costs what a wrong passcode costs."""
    return security.hash_passcode("nobody has this passcode", n=n)


async def passcode_matches(request: Request, passcode: str, stored: str) -> bool:
    """Whether the passcode is the one stored; with nothing stored, as slow a 'no'."""
    against = stored or await asyncio.to_thread(_nobody, settings_of(request).scrypt_n)
    async with request.app.state.scrypt:
        return await asyncio.to_thread(security.verify_passcode, passcode, against) and bool(stored)
