"""What every handler uses: rendering a page, a checked form, the project of the URL, its status."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from ... import thai
from ...division_status import DivisionStatus, ProjectStatus
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


def page(request: Request, name: str, status_code: int = 200, **values: Any) -> Response:
    lang = lang_of(request)
    settings = settings_of(request)
    context = {"lang": lang, "T": texts, "csrf": security.csrf_token(request.session), "when": when,
               "where": where, "network": settings.network, "path": request.url.path, **values}
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def download(data: bytes, name: str, media_type: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


async def checked_form(request: Request, *, files: int = 0) -> FormData:
    """The form of a POST whose CSRF token matches the session's, parsed within limits.
    A cross-site request is refused from its headers, before the body is read."""
    if not security.same_origin(request.headers, request.headers.get("host")):
        raise HTTPException(403)
    form = await request.form(max_files=files, max_fields=30, max_part_size=64 * 1024)
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


def division_named(status: ProjectStatus, name: str) -> DivisionStatus:
    found = status.division(name)
    if found is None:
        raise HTTPException(404)
    return found


def pdf_available() -> bool:
    from ...word.pdf import find_soffice

    return find_soffice() is not None


def preview_available(request: Request) -> bool:
    return settings_of(request).previews and work.previews_available()
