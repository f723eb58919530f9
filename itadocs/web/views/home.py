"""The first page: the workspace's projects, a form to create one, the language switch."""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from pathlib import Path
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ... import api, schema
from ...division_status import ProjectStatus
from ...messages import ItadocsError, Message
from .. import audit, security, texts
from ..auth import grant, granted, hash_passcode, may_create_projects, visible_projects
from ..projects import WebConfig, read_config, save_config, valid_folder_name
from .base import checked_form, jobs_of, lang_of, page, settings_of, standing, text, workspace_of

log = logging.getLogger("itadocs.web")

SIGNER_FIELDS = ("reporter_name", "reporter_position", "approver_name", "approver_position")


async def home(request: Request) -> Response:
    workspace = workspace_of(request)
    projects = visible_projects(request)
    rows = []
    statuses = await asyncio.gather(*(_summary(request, root) for root in projects))
    for root, status in zip(projects, statuses, strict=True):
        config = read_config(root)
        rows.append(
            {
                "name": root.name,
                "status": status,
                "open": granted(request, root.name, config),
                "locked": bool(config.passcode),
            }
        )
    return page(
        request,
        "home.html",
        rows=rows,
        workspace=workspace,
        form={},
        error=None,
        marks={},
        year=api.current_fiscal_year(),
        min_passcode=security.MIN_PASSCODE,
        may_create=may_create_projects(request),
        logged_out=request.query_params.get("out") == "1",
    )


async def _summary(request: Request, root: Path) -> ProjectStatus | None:
    try:
        return await standing(request, root)
    except Exception:  # one unreadable project never hides the others
        log.exception("status of %s", root)
        return None


async def create_project(request: Request) -> Response:
    settings = settings_of(request)
    workspace = workspace_of(request)
    form = await checked_form(request)
    if not may_create_projects(request):
        raise HTTPException(403, texts.CREATE_ADMIN_ONLY(lang_of(request)))
    values = {
        key: text(form, key)
        for key in ("folder", "agency", "district", "province", "fiscal_year", "round", *SIGNER_FIELDS)
    }
    values["divisions"] = str(form.get("divisions") or "")
    passcode = str(form.get("passcode") or "")
    lang = lang_of(request)

    def again(message: Message, marks: dict[str, list[str]] | None = None, **fields: object) -> Response:
        return page(
            request,
            "home.html",
            status_code=400,
            rows=[],
            workspace=workspace,
            form=values,
            error=message.for_page(lang, **fields),
            marks=marks or {},
            year=api.current_fiscal_year(),
            min_passcode=security.MIN_PASSCODE,
            may_create=True,
        )

    if workspace.single:
        return again(texts.CREATE_NOT_HERE)
    name = values["folder"]
    if not valid_folder_name(name):
        return again(texts.FOLDER_INVALID, name=name)
    if (settings.workspace / name).exists() or name.lower() in {p.name.lower() for p in settings.workspace.iterdir()}:
        return again(texts.FOLDER_EXISTS, name=name)
    # Every required detail checked as the agency workbook will be, before anything is made.
    details = {
        "name": values["agency"],
        "district": values["district"],
        "province": values["province"],
        "fiscal_year": values["fiscal_year"],
        "round": values["round"] or "6",
        **{key: values[key] for key in SIGNER_FIELDS},
    }
    inputs = {"name": "agency"}
    marks: dict[str, list[str]] = {}
    for problem in api.check_details(details):
        key = next((f.key for f in schema.AGENCY_FIELDS if f.label == problem.column), "")
        marks.setdefault(inputs.get(key, key), []).append(problem.message(lang, page=True))
    if values["fiscal_year"]:
        try:
            api.parse_fiscal_year(values["fiscal_year"])  # a Christian-era year: the year meant, said plainly
        except ItadocsError as exc:
            marks["fiscal_year"] = [exc.message.for_page(lang)]
    if marks:
        return again(texts.FIX_BELOW, marks)
    if settings.network and not passcode:
        return again(texts.PASSCODE_NEEDED, min=security.MIN_PASSCODE)
    weak = security.passcode_problem(passcode, names=(name, values["agency"])) if passcode else None
    if weak is not None:
        return again(weak)
    divisions = [" ".join(line.split()) for line in values["divisions"].splitlines() if line.strip()]
    fiscal_year = values["fiscal_year"] or None
    root = settings.workspace / name
    create = partial(
        api.init_project,
        str(root),
        agency=values["agency"],
        district=values["district"],
        province=values["province"],
        fiscal_year=fiscal_year,
        round=12 if values["round"] == "12" else 6,
        divisions=divisions or None,
        details={key: values[key] for key in SIGNER_FIELDS},
    )
    try:  # the year was checked above, before any folder is made
        await jobs_of(request).call(create)
    except ItadocsError as exc:
        return again(exc.message)
    workspace.refresh()
    audit.record(request, "project-created", name)
    if passcode:
        hashed = await hash_passcode(request, passcode)
        save_config(root, WebConfig(hashed, 1))
        grant(request, name, 1)
    return RedirectResponse(f"/p/{quote(name)}/", 303)


async def set_lang(request: Request) -> Response:
    form = await checked_form(request)
    request.session["lang"] = "en" if form.get("lang") == "en" else "th"
    back = str(form.get("next") or "/")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"
    return RedirectResponse(back, 303)
