"""One project as its coordinator sees it: the overview (status by division, next step, uploads,
builds), problems, forms, the workbooks received, division links and their deadline."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from functools import partial
from pathlib import Path
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ... import api, schema, thai
from ...builds import past_builds
from ...division_status import UNCHECKED_WHY
from .. import audit, security, texts
from .. import jobs as work
from ..auth import coordinator
from ..clients import public_base
from ..projects import read_config, save_config
from .base import (
    XLSX,
    Notice,
    checked_form,
    day,
    division_named,
    download,
    errors_first,
    jobs_of,
    lang_of,
    locked_call,
    notice_and_back,
    page,
    pdf_available,
    settings_of,
    standing,
    taken,
    text,
)
from .uploads import MAX_FILES, take_flash


async def project_page(request: Request) -> Response:
    name, root = coordinator(request)
    status = await standing(request, root)
    first = status.agency_errors[0] if status.agency_errors else None
    tables = {schema.title_key(t.sheet) for t in schema.AGENCY_TABLES}
    fix_at = "results" if first is not None and schema.title_key(first.sheet) in tables else "agency"
    return page(
        request,
        "project.html",
        project=name,
        section="status",
        status=status,
        flash=take_flash(request),
        fix_at=fix_at,
        done=taken(request, "done"),
        builds=past_builds(root, limit=10),
        config=read_config(root),
        pdf=pdf_available(),
        upload_url=f"/p/{quote(name)}/upload",
        max_files=MAX_FILES,
        passcode_saved=request.query_params.get("passcode") == "saved",
    )


async def problems_page(request: Request) -> Response:
    name, root = coordinator(request)
    status = await standing(request, root)
    lang = lang_of(request)
    divisions = [
        {"status": d, "problems": errors_first(status.problems_of(d)), "note": status.note(d, lang)}
        for d in status.divisions
    ]
    return page(
        request,
        "problems.html",
        project=name,
        section="problems",
        status=status,
        divisions=divisions,
        general=errors_first(status.general_problems),
        status_why=UNCHECKED_WHY,
    )


async def annotated(request: Request) -> Response:
    name, root = coordinator(request)
    status = await standing(request, root)
    division = division_named(status, request.path_params["division"])
    return await annotated_response(request, root, division.file)


async def annotated_response(request: Request, root: Path, file: str) -> Response:
    """The annotated copy of a workbook of the project, written afresh."""
    if not file:
        raise HTTPException(404)
    # It writes output/: one at a time with builds.
    path = await locked_call(request, root, partial(api.annotated_copy, str(root), file, lang=lang_of(request)))
    if not path:
        raise HTTPException(404)
    audit.record(request, "download", root.name, Path(path).name)
    return FileResponse(path, filename=Path(path).name, media_type=XLSX)


async def sent_one(request: Request) -> Response:
    """The workbook a division sent, as it is in the project."""
    _, root = coordinator(request)
    status = await standing(request, root)
    return sent_response(request, root, division_named(status, request.path_params["division"]).file)


def sent_response(request: Request, root: Path, file: str) -> Response:
    """A workbook of inputs/, found by listing (the name comes from the status, never from the URL)."""
    inputs = root / "inputs"
    found = (
        next((p for p in inputs.iterdir() if p.is_file() and p.relative_to(root).as_posix() == file), None)
        if file and inputs.is_dir()
        else None
    )
    if found is None:
        raise HTTPException(404)
    audit.record(request, "download", root.name, found.name)
    return FileResponse(found, filename=found.name, media_type=XLSX)


async def blank_one(request: Request) -> Response:
    _, root = coordinator(request)
    return await blank_response(request, root, request.path_params["division"])


async def blank_response(request: Request, root: Path, division: str) -> Response:
    """A fresh blank form of one division of the project."""
    status = await standing(request, root)
    division_named(status, division)
    forms = await jobs_of(request).call(work.blank_forms, str(root), [division], quick=True)
    file_name, data = forms[0]
    audit.record(request, "download", root.name, file_name)
    return download(data, file_name, XLSX)


async def blank_zip(request: Request) -> Response:
    name, root = coordinator(request)
    forms = await jobs_of(request).call(work.blank_forms, str(root), None, quick=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for file_name, data in forms:
            z.writestr(file_name, data)
    audit.record(request, "download", name, f"{name} แบบฟอร์มเปล่า.zip")
    return download(buffer.getvalue(), f"{name} แบบฟอร์มเปล่า.zip", "application/zip")


async def delete_upload(request: Request) -> Response:
    """A division's workbook (a wrong upload) out of inputs/ into the history, with an undo."""
    name, root = coordinator(request)
    form = await checked_form(request)
    status = await standing(request, root)
    division = division_named(status, text(form, "division"))
    entry = await locked_call(
        request, root, partial(api.delete_workbook, str(root), division.file, division=division.division)
    )
    audit.record(request, "delete-workbook", name, file=division.file)
    return notice_and_back(
        request, f"/p/{quote(name)}/", Notice(texts.UPLOAD_DELETED.fill(division=division.division), undo=entry.id)
    )


def read_date(value: str) -> date | None:
    """A date as a coordinator types it: '15 มกราคม 2570', '15/1/2570', '๑๕ ม.ค. ๒๕๗๐' (or 2027-01-15)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        found = thai.dates_in_text(value)
        return found[0][1] if found else None


def link_note(lang: str, division: str, url: str, deadline: date | None) -> str:
    """The text sent with a division's link: what to do there, and by when."""
    due = texts.LINK_NOTE_DEADLINE(lang, date=day(deadline, lang)) if deadline else ""
    return texts.LINK_NOTE(lang, division=division, url=url, deadline=due)


async def links(request: Request) -> Response:
    name, root = coordinator(request)
    status = await standing(request, root)
    lang = lang_of(request)
    new = None
    error = ""
    if request.method == "POST":
        form = await checked_form(request)
        config = read_config(root)
        if form.get("action") == "deadline":
            value = text(form, "deadline")
            found = read_date(value)
            if value and found is None:
                error = texts.DEADLINE_INVALID(lang, value=value)
            else:
                config.deadline = found.isoformat() if found else ""
                save_config(root, config)
                audit.record(request, "deadline", name, detail=config.deadline)
                return notice_and_back(request, f"/p/{quote(name)}/links", Notice(texts.DEADLINE_SAVED))
        else:
            division = division_named(status, text(form, "division"))
            config.links = {k: v for k, v in config.links.items() if v != division.division}  # the old link ends
            if form.get("action") != "revoke":
                token = security.new_link_token()
                config.links[security.token_digest(token)] = division.division
                url = f"{public_base(request)}/d/{token}"
                new = {
                    "division": division.division,
                    "url": url,
                    "note": link_note(lang, division.division, url, config.deadline_date),
                }
            save_config(root, config)
            revoked = form.get("action") == "revoke"
            audit.record(request, "link-ended" if revoked else "link-made", name, detail=division.division)
            if revoked:  # a new link is shown once, on this page; an ended one is said after a redirect
                notice = Notice(texts.REVOKED.fill(division=division.division))
                return notice_and_back(request, f"/p/{quote(name)}/links", notice)
    config = read_config(root)
    return page(
        request,
        "links.html",
        400 if error else 200,
        project=name,
        section="links",
        status=status,
        linked=set(config.links.values()),
        new=new,
        local=not settings_of(request).network,
        deadline=config.deadline_date,
        error=error,
        done=taken(request, "done"),
    )


def rename_links(root: Path, old: str, new: str) -> None:
    """A renamed division keeps its link."""
    config = read_config(root)
    if old in config.links.values():
        config.links = {k: (new if v == old else v) for k, v in config.links.items()}
        save_config(root, config)
