"""One project as its coordinator sees it: status by division, problems, forms, division links."""

from __future__ import annotations

import io
import zipfile
from functools import partial
from pathlib import Path
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ... import api
from .. import jobs as work
from .. import security, texts
from ..auth import coordinator
from ..projects import read_config, save_config
from .base import (
    XLSX,
    checked_form,
    division_named,
    download,
    jobs_of,
    lang_of,
    page,
    pdf_available,
    settings_of,
    standing,
    text,
)
from .uploads import take_flash


async def project_page(request: Request) -> Response:
    name, root = coordinator(request)
    status = await standing(request, root)
    return page(request, "project.html", project=name, root=root, status=status, flash=take_flash(request),
                builds=api.past_builds(root)[:10], general=status.general_problems, config=read_config(root),
                pdf=pdf_available(), upload_url=f"/p/{quote(name)}/upload",
                passcode_saved=request.query_params.get("passcode") == "saved")


async def problems_page(request: Request) -> Response:
    name, root = coordinator(request)
    status = await standing(request, root)
    lang = lang_of(request)
    divisions = [{"status": d, "problems": status.problems_of(d), "note": status.note(d, lang)}
                 for d in status.divisions]
    return page(request, "problems.html", project=name, status=status, divisions=divisions,
                general=status.general_problems)


async def annotated(request: Request) -> Response:
    name, root = coordinator(request)
    status = await standing(request, root)
    division = division_named(status, request.path_params["division"])
    return await annotated_response(request, root, division.file)


async def annotated_response(request: Request, root: Path, file: str) -> Response:
    """The annotated copy of a workbook of the project, written afresh."""
    if not file:
        raise HTTPException(404)
    jobs = jobs_of(request)
    async with jobs.lock(str(root)):  # writes output/: one at a time with builds
        path = await jobs.call(partial(api.annotated_copy, str(root), file, lang=lang_of(request)), quick=True)
    if not path:
        raise HTTPException(404)
    return FileResponse(path, filename=Path(path).name, media_type=XLSX)


async def blank_one(request: Request) -> Response:
    _, root = coordinator(request)
    return await blank_response(request, root, request.path_params["division"])


async def blank_response(request: Request, root: Path, division: str) -> Response:
    """A fresh blank form of one division of the project."""
    status = await standing(request, root)
    division_named(status, division)
    forms = await jobs_of(request).call(work.blank_forms, str(root), [division], quick=True)
    file_name, data = forms[0]
    return download(data, file_name, XLSX)


async def blank_zip(request: Request) -> Response:
    name, root = coordinator(request)
    forms = await jobs_of(request).call(work.blank_forms, str(root), None, quick=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for file_name, data in forms:
            z.writestr(file_name, data)
    return download(buffer.getvalue(), f"{name} แบบฟอร์มเปล่า.zip", "application/zip")


async def links(request: Request) -> Response:
    name, root = coordinator(request)
    status = await standing(request, root)
    new = None
    if request.method == "POST":
        form = await checked_form(request)
        division = division_named(status, text(form, "division"))
        config = read_config(root)
        config.links = {k: v for k, v in config.links.items() if v != division.division}  # the old link ends
        if form.get("action") != "revoke":
            token = security.new_link_token()
            config.links[security.token_digest(token)] = division.division
            url = f"{str(request.base_url).rstrip('/')}/d/{token}"
            new = {"division": division.division, "url": url,
                   "note": texts.LINK_NOTE(lang_of(request), division=division.division, url=url)}
        save_config(root, config)
    config = read_config(root)
    linked = set(config.links.values())
    return page(request, "links.html", project=name, status=status, linked=linked, new=new,
                local=not settings_of(request).network)
