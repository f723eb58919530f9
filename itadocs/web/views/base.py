"""What every handler uses: rendering a page, a checked form, the project of the URL, its status."""

from __future__ import annotations

import errno
import os
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from ... import schema, thai
from ...division_status import DivisionStatus, ProjectStatus
from ...messages import Message
from ...problems import Problem
from .. import jobs as work
from .. import security, texts
from ..projects import Workspace, inputs_signature
from ..settings import Settings

HERE = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

templates = Jinja2Templates(directory=HERE / "templates")


def lang_of(request: Request) -> str:
    return "en" if request.session.get("lang") == "en" else "th"


def when(moment: datetime | None, lang: str) -> str:
    """'15 ม.ค. 2569 14:30' in Thai (Buddhist Era), '15 Jan 2026 14:30' in English."""
    if moment is None:
        return "-"
    if lang == "en":
        return moment.strftime("%d %b %Y %H:%M").lstrip("0")
    return f"{moment.day} {thai.MONTHS_ABBR[moment.month - 1]} {thai.be_year(moment.year)} {moment:%H:%M}"


def where(problem: Problem, lang: str) -> str:
    return problem.where(lang)


def shown(text: str, workspace: Path) -> str:
    """A text without the server's own folders: a path inside the workspace is shown from the
    project's folder on ('ita2569/inputs/กองคลัง.xlsx'), never as the server has it."""
    for folder in {str(workspace), str(workspace.resolve())}:
        text = text.replace(folder + os.sep, "").replace(folder, "")
    return text


def page(request: Request, name: str, status_code: int = 200, **values: Any) -> Response:
    from ..auth import admin_name, held_projects, may_see_paths

    lang = lang_of(request)
    settings = settings_of(request)

    def say(message: Message | str | None, **fields: Any) -> str:
        """A library Message as a page shows it: its page wording, no server folder."""
        if message is None:
            return ""
        text = message.for_page(lang, **fields) if isinstance(message, Message) else str(message)
        return shown(text, settings.workspace)

    def problem_text(problem: Problem) -> str:
        return shown(problem.message(lang, page=True), settings.workspace)

    def title(thai: str) -> str:
        """A label or title of the workbook schema, glossed when the page is in English."""
        return texts.ENGLISH.get(thai, thai) if lang == "en" else thai

    # Kinds of the workbook schema whose values are a few fixed words: a list to choose from.
    choices = {
        schema.GROUPING: [("", texts.GROUPING_DEFAULT(lang)), *((label, label) for label in schema.GROUPINGS.values())]
    }
    context = {
        "lang": lang,
        "T": texts,
        "csrf": security.csrf_token(request.session),
        "when": when,
        "choices": choices,
        "where": where,
        "say": say,
        "problem_text": problem_text,
        "title": title,
        "network": settings.network,
        "path": request.url.path,
        "day": day,
        "paths": may_see_paths(request),
        "signed_in": bool(admin_name(request) or held_projects(request) or request.session.get("division")),
        **values,
    }
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def in_both(say: Any) -> Message:
    """A Message made of what `say(lang)` gives in each language (a time, a state, in words)."""
    return Message(say("th"), say("en"))


def day(moment: date | None, lang: str) -> str:
    """'15 มกราคม 2570' in Thai (Buddhist Era), '15 January 2027' in English."""
    if moment is None:
        return ""
    if lang == "en":
        return f"{moment.day} {moment:%B %Y}"
    return f"{moment.day} {thai.MONTHS[moment.month - 1]} {thai.be_year(moment.year)}"


# --- what an action did, shown once on the page it leads to -------------------------

FLASH_SECONDS = 600


@dataclass(frozen=True)
class Notice:
    """One line the next page shows after an action: what was done, and how to undo it."""

    message: Message
    tone: str = "ok"  # ok, warn or bad
    undo: str = ""  # a history entry to restore (the project's history page takes it)


def flash(request: Request, payload: Any) -> str:
    """Keep `payload` for the page this request leads to; the key goes in its address.  Only
    the same session can take it back."""
    flashes: dict = request.app.state.flash
    now = time.time()
    for old in [k for k, (stamp, _, _) in flashes.items() if stamp < now - FLASH_SECONDS]:
        del flashes[old]
    key = secrets.token_urlsafe(12)
    flashes[key] = (now, security.csrf_token(request.session), payload)
    return key


def taken(request: Request, param: str, *, once: bool = False) -> Any:
    """What `flash` kept for this page (named by `param` in its address), or None; with `once`,
    it is gone once taken (a secret shown a single time)."""
    key = request.query_params.get(param, "")
    found = request.app.state.flash.get(key)
    if not found or found[1] != request.session.get("csrf"):
        return None
    if once:
        del request.app.state.flash[key]
    return found[2]


def notice_and_back(request: Request, back: str, notice: Notice) -> Response:
    return RedirectResponse(f"{back}?done={flash(request, notice)}", 303)


# --- doing things to a project ---------------------------------------------------------


async def locked_call(request: Request, root: Path, fn: Any, *args: Any) -> Any:
    """fn(*args) in a worker while holding the project's lock: one change of a project at a time,
    never during a build."""
    jobs = jobs_of(request)
    async with jobs.lock(str(root)):
        return await jobs.call(fn, *args, quick=True)


def download(data: bytes, name: str, media_type: str) -> Response:
    return Response(
        data, media_type=media_type, headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    )


async def checked_form(
    request: Request, *, files: int = 0, fields: int = 30, refusal: Message | None = None, **refusal_fields: object
) -> FormData:
    """The form of a POST whose CSRF token matches the session's, parsed within limits (a form
    past them is refused with `refusal`, in the page's language).  A cross-site request is
    refused from its headers, before the body is read."""
    if not security.same_origin(request.headers, request.headers.get("host")):
        raise HTTPException(403)
    try:
        form = await request.form(max_files=files, max_fields=fields, max_part_size=64 * 1024)
    except HTTPException as exc:  # the parser's own words are English: say it in the page's language
        raise HTTPException(400, (refusal or texts.ERRORS[400])(lang_of(request), **refusal_fields)) from exc
    except OSError as exc:  # the uploaded files are spooled to the disk, which may be full
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            raise HTTPException(507, texts.DISK_FULL(lang_of(request))) from None
        raise
    sent = request.headers.get(security.CSRF_HEADER) or form.get(security.CSRF_FIELD)
    if not security.csrf_ok(request.session, sent):
        await form.close()
        raise HTTPException(403)
    return form


def text(form: FormData, key: str) -> str:
    value = form.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def workspace_of(request: Request) -> Workspace:
    return Workspace(settings_of(request).workspace)


def jobs_of(request: Request) -> work.Jobs:
    return request.app.state.jobs


def project_of(request: Request) -> tuple[str, Path]:
    name = request.path_params["project"]
    root = workspace_of(request).project(name)
    if root is None:
        raise HTTPException(404)
    return name, root


async def standing(request: Request, root: Path) -> ProjectStatus:
    """api.status of the project, computed in a worker and reused while no input changed."""
    cache: dict[Path, tuple[tuple, ProjectStatus]] = request.app.state.status_cache
    signature = inputs_signature(root)
    hit = cache.get(root)
    if hit and hit[0] == signature:
        return hit[1]
    result: ProjectStatus = await jobs_of(request).call(work.project_status, str(root), quick=True)
    cache[root] = (signature, result)
    return result


def remember_status(request: Request, root: Path, status: ProjectStatus) -> None:
    """A status just computed (after an upload) serves the next page without another reading."""
    request.app.state.status_cache[root] = (inputs_signature(root), status)


def errors_first(problems: list[Problem]) -> list[Problem]:
    """What must be fixed before what may be: errors, then warnings, each in workbook order."""
    return sorted(problems, key=lambda p: not p.is_error)


def division_named(status: ProjectStatus, name: str) -> DivisionStatus:
    found = status.division(name)
    if found is None:
        raise HTTPException(404)
    return found


def pdf_available() -> bool:
    from ...word.pdf import find_soffice

    return find_soffice() is not None


def preview_available(request: Request) -> bool:
    return settings_of(request).previews and jobs_of(request).converter.previews_enabled
