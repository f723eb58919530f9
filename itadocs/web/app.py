"""The web page over the library API: projects, status by division, upload, problems, build.

Server-rendered pages (Jinja2 on Starlette); every state change is a POST carrying the
session's CSRF token; reading workbooks and rendering run in warm worker processes
(`jobs`), one project at a time.  The page calls the same `itadocs.api` functions as the
CLI, on the same project folders, and shows the same problems in the same words.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import secrets
import tempfile
import time
import zipfile
from collections.abc import Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import thai
from ..messages import ItadocsError, Message
from ..problems import Problem, Severity
from . import jobs as work
from . import security, texts
from .projects import WebConfig, Workspace, incoming_dir, inputs_signature, read_config, save_config, valid_folder_name

HERE = Path(__file__).resolve().parent
log = logging.getLogger("itadocs.web")

MAX_FILES = 30  # workbooks in one upload
MAX_FILE_BYTES = 5 * 1024 * 1024  # one workbook; a division's is 20-300 KB
MAX_UPLOAD_BODY = 40 * 1024 * 1024  # the whole multipart body of an upload
MAX_FORM_BODY = 64 * 1024  # every other request
COORDINATOR_HOURS = 8  # a login lasts a working day
NOTE_PROBLEMS = 10  # problems listed in the LINE/e-mail text; the annotated copy has them all
FLASH_SECONDS = 600


@dataclass
class Settings:
    workspace: Path
    secret: str
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost", "[::1]"])
    network: bool = False  # listening beyond this computer: every project needs a passcode
    https: bool = False  # Secure cookies only when the browser talks TLS to us
    workers: int = 2
    processes: bool = True  # False: the workers are threads (the tests' quick app)
    scrypt_n: int = security.SCRYPT_N
    previews: bool = True  # images of a build's first pages, when LibreOffice and pdftoppm are there
    throttle: security.Throttle = field(default_factory=security.Throttle)


class _Redirect(Exception):
    def __init__(self, url: str):
        self.url = url


templates = Jinja2Templates(directory=HERE / "templates")


# --- small helpers --------------------------------------------------------------

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
    """Sheet and cell, then column: where in the workbook a problem is."""
    parts = []
    if problem.sheet and problem.cell:
        parts.append(texts.SHEET_CELL(lang, sheet=problem.sheet, cell=problem.cell))
    elif problem.sheet:
        parts.append(texts.SHEET_ONLY(lang, sheet=problem.sheet))
    elif problem.cell:
        parts.append(problem.cell)
    if problem.column:
        parts.append(texts.COLUMN(lang, column=problem.column))
    return ", ".join(parts) or problem.file


def page(request: Request, name: str, status_code: int = 200, **values: Any) -> Response:
    lang = lang_of(request)
    settings: Settings = request.app.state.settings
    context = {"lang": lang, "T": texts, "csrf": security.csrf_token(request.session), "when": when,
               "where": where, "network": settings.network, "path": request.url.path, **values}
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def download(data: bytes, name: str, media_type: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def project_of(request: Request) -> tuple[str, Path]:
    name = request.path_params["project"]
    root = workspace_of(request).project(name)
    if root is None:
        raise HTTPException(404)
    return name, root


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
        raise _Redirect(f"/p/{quote(name)}/login")
    return name, root


def grant(request: Request, name: str, epoch: int) -> None:
    auth = dict(request.session.get("auth", {}))
    auth[name] = [epoch, time.time() + COORDINATOR_HOURS * 3600]
    request.session["auth"] = auth


async def standing(request: Request, root: Path) -> Any:
    """api.status of the project, computed in a worker and reused while no input changed."""
    cache: dict = request.app.state.status_cache
    signature = inputs_signature(root)
    hit = cache.get(root)
    if hit and hit[0] == signature:
        return hit[1]
    result = await request.app.state.jobs.call(work.project_status, str(root), quick=True)
    cache[root] = (signature, result)
    return result


def problems_of(status: Any, file: str) -> list[Problem]:
    return [p for p in status.report.problems if file and p.file == file]


def general_problems(status: Any) -> list[Problem]:
    """Problems not in a division's workbook: the agency workbook's, missing workbooks, others."""
    files = {d.file for d in status.divisions if d.file}
    return [p for p in status.report.problems if p.file not in files]


def division_note(status: Any, division: Any, lang: str) -> str:
    """The short text a coordinator pastes into LINE or an e-mail to one division."""
    year = status.fiscal_year or ""
    lines = [texts.NOTE_GREETING(lang, division=division.division)]
    if division.state in ("missing", "blank"):
        lines.append(texts.NOTE_NOT_RETURNED(lang, year=year))
        return "\n".join(lines)
    found = problems_of(status, division.file)
    file = Path(division.file).name
    if not found:
        lines.append(texts.NOTE_OK(lang, year=year))
        return "\n".join(lines)
    errors = [p for p in found if p.severity is Severity.ERROR]
    shown = errors or found
    if errors:
        lines.append(texts.NOTE_ERRORS(lang, year=year, file=file, errors=len(errors)))
    else:
        lines.append(texts.NOTE_WARNINGS(lang, year=year, file=file, warnings=len(found)))
    for number, problem in enumerate(shown[:NOTE_PROBLEMS], start=1):
        lines.append(texts.NOTE_LINE(lang, number=number, where=where(problem, lang), message=problem.message(lang)))
    if len(shown) > NOTE_PROBLEMS:
        lines.append(texts.NOTE_MORE(lang, count=len(shown) - NOTE_PROBLEMS))
    if errors:
        lines.append(texts.NOTE_END(lang))
    return "\n".join(lines)


def division_named(status: Any, name: str) -> Any:
    found = next((d for d in status.divisions if d.division == name), None)
    if found is None:
        raise HTTPException(404)
    return found


def pdf_available() -> bool:
    from ..pdf import find_soffice

    return find_soffice() is not None


def preview_available(request: Request) -> bool:
    return settings_of(request).previews and work.previews_available()


# --- projects -----------------------------------------------------------------------

async def home(request: Request) -> Response:
    workspace = workspace_of(request)
    projects = workspace.projects()
    rows = []
    statuses = await asyncio.gather(*(_summary(request, root) for root in projects))
    for root, status in zip(projects, statuses, strict=True):
        config = read_config(root)
        rows.append({"name": root.name, "status": status, "open": granted(request, root.name, config),
                     "locked": bool(config.passcode)})
    return page(request, "home.html", rows=rows, workspace=workspace, form={}, error=None,
                year=_current_year(), min_passcode=security.MIN_PASSCODE)


async def _summary(request: Request, root: Path) -> Any:
    try:
        return await standing(request, root)
    except Exception:  # one unreadable project never hides the others
        log.exception("status of %s", root)
        return None


def _current_year() -> int:
    from ..api import current_fiscal_year

    return current_fiscal_year()


SIGNER_FIELDS = ("reporter_name", "reporter_position", "approver_name", "approver_position")


async def create_project(request: Request) -> Response:
    settings = settings_of(request)
    workspace = workspace_of(request)
    form = await checked_form(request)
    values = {key: text(form, key) for key in ("folder", "agency", "district", "province", "fiscal_year", "round",
                                                *SIGNER_FIELDS)}
    values["divisions"] = str(form.get("divisions") or "")
    passcode = str(form.get("passcode") or "")
    lang = lang_of(request)

    def again(message: Message, **fields: object) -> Response:
        return page(request, "home.html", status_code=400, rows=[], workspace=workspace, form=values,
                    error=message(lang, **fields), year=_current_year(), min_passcode=security.MIN_PASSCODE)

    if workspace.single:
        return again(texts.CREATE_NOT_HERE)
    name = values["folder"]
    if not valid_folder_name(name):
        return again(texts.FOLDER_INVALID, name=name)
    if (settings.workspace / name).exists() or name.lower() in {p.name.lower() for p in settings.workspace.iterdir()}:
        return again(texts.FOLDER_EXISTS, name=name)
    if not values["agency"]:
        return again(texts.AGENCY_REQUIRED)
    if settings.network and len(passcode) < security.MIN_PASSCODE:
        return again(texts.PASSCODE_NEEDED, min=security.MIN_PASSCODE)
    if passcode and len(passcode) < security.MIN_PASSCODE:
        return again(texts.PASSCODE_SHORT, min=security.MIN_PASSCODE)
    divisions = [" ".join(line.split()) for line in values["divisions"].splitlines() if line.strip()]
    options = {"agency": values["agency"], "district": values["district"], "province": values["province"],
               "fiscal_year": values["fiscal_year"] or None, "round": 12 if values["round"] == "12" else 6,
               "divisions": divisions or None, "details": {key: values[key] for key in SIGNER_FIELDS}}
    root = settings.workspace / name
    try:
        from ..api import parse_fiscal_year

        if options["fiscal_year"]:
            parse_fiscal_year(str(options["fiscal_year"]))  # checked before any folder is made
        await request.app.state.jobs.call(work.create_project, str(root), options)
    except ItadocsError as exc:
        return again(exc.message)
    if passcode:
        hashed = await _hash(request, passcode)
        save_config(root, WebConfig(hashed, 1))
        grant(request, name, 1)
    return RedirectResponse(f"/p/{quote(name)}/", 303)


async def _hash(request: Request, passcode: str) -> str:
    async with request.app.state.scrypt:  # each scrypt takes 128 MiB: a few at a time
        return await asyncio.to_thread(security.hash_passcode, passcode, n=settings_of(request).scrypt_n)


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
    ok = False
    if config.passcode:
        async with request.app.state.scrypt:
            ok = await asyncio.to_thread(security.verify_passcode, str(form.get("passcode") or ""), config.passcode)
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
    auth = dict(request.session.get("auth", {}))
    auth.pop(name, None)
    request.session["auth"] = auth
    return RedirectResponse("/", 303)


async def set_passcode(request: Request) -> Response:
    name, root = coordinator(request)
    form = await checked_form(request)
    passcode = str(form.get("passcode") or "")
    if len(passcode) < security.MIN_PASSCODE:
        raise HTTPException(400, texts.PASSCODE_SHORT(lang_of(request), min=security.MIN_PASSCODE))
    hashed = await _hash(request, passcode)
    config = read_config(root)  # read after the await: nothing else can change it until saved
    config.passcode, config.epoch = hashed, config.epoch + 1
    save_config(root, config)
    grant(request, name, config.epoch)
    return RedirectResponse(f"/p/{quote(name)}/?passcode=saved", 303)


async def set_lang(request: Request) -> Response:
    form = await checked_form(request)
    request.session["lang"] = "en" if form.get("lang") == "en" else "th"
    back = str(form.get("next") or "/")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"
    return RedirectResponse(back, 303)


# --- one project ----------------------------------------------------------------------

async def project_page(request: Request) -> Response:
    name, root = coordinator(request)
    status = await standing(request, root)
    from ..builds import past_builds

    flash = _take_flash(request)
    return page(request, "project.html", project=name, root=root, status=status, flash=flash,
                builds=past_builds(root)[:10], general=general_problems(status), config=read_config(root),
                pdf=pdf_available(), upload_url=f"/p/{quote(name)}/upload",
                passcode_saved=request.query_params.get("passcode") == "saved")


async def problems_page(request: Request) -> Response:
    name, root = coordinator(request)
    status = await standing(request, root)
    lang = lang_of(request)
    divisions = [{"status": d, "problems": problems_of(status, d.file), "note": division_note(status, d, lang)}
                 for d in status.divisions]
    return page(request, "problems.html", project=name, status=status, divisions=divisions,
                general=general_problems(status))


async def annotated(request: Request) -> Response:
    name, root = coordinator(request)
    status = await standing(request, root)
    division = division_named(status, request.path_params["division"])
    return await _annotated(request, root, division.file)


async def _annotated(request: Request, root: Path, file: str) -> Response:
    if not file:
        raise HTTPException(404)
    async with request.app.state.jobs.lock(str(root)):  # writes output/: one at a time with builds
        path = await request.app.state.jobs.call(work.annotated_copy, str(root), file, lang_of(request), quick=True)
    if not path:
        raise HTTPException(404)
    return FileResponse(path, filename=Path(path).name, media_type=XLSX)


async def blank_one(request: Request) -> Response:
    _, root = coordinator(request)
    return await _blank(request, root, request.path_params["division"])


async def _blank(request: Request, root: Path, division: str) -> Response:
    status = await standing(request, root)
    division_named(status, division)
    forms = await request.app.state.jobs.call(work.blank_forms, str(root), [division], quick=True)
    file_name, data = forms[0]
    return download(data, file_name, XLSX)


async def blank_zip(request: Request) -> Response:
    name, root = coordinator(request)
    forms = await request.app.state.jobs.call(work.blank_forms, str(root), None, quick=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for file_name, data in forms:
            z.writestr(file_name, data)
    return download(buffer.getvalue(), f"{name} แบบฟอร์มเปล่า.zip", "application/zip")


# --- upload -----------------------------------------------------------------------------

@dataclass
class Outcome:
    """What became of one uploaded file, for the page (any language) and for scripts."""

    file: str
    ok: bool
    lines: list[Message] = field(default_factory=list)
    division: str = ""
    kind: str = ""
    errors: int = 0
    warnings: int = 0

    def as_dict(self, lang: str) -> dict:
        return {"file": self.file, "ok": self.ok, "division": self.division, "kind": self.kind,
                "errors": self.errors, "warnings": self.warnings, "messages": [m(lang) for m in self.lines]}


def _shown_name(item: UploadFile) -> str:
    """The name the file was sent under, for messages only (never a path)."""
    name = (item.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable())[:120] or "?"


async def _store(request: Request, root: Path, item: UploadFile, division: str | None) -> Outcome:
    shown = _shown_name(item)
    if item.size is not None and item.size > MAX_FILE_BYTES:
        return Outcome(shown, False, [texts.TOO_BIG.fill(mb=MAX_FILE_BYTES // (1024 * 1024))])
    fd, temp = tempfile.mkstemp(prefix=".upload-", suffix=".xlsx", dir=incoming_dir(root))
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := await item.read(256 * 1024):
                out.write(chunk)
        jobs: work.Jobs = request.app.state.jobs
        async with jobs.lock(str(root)):
            received, status = await jobs.call(work.receive, str(root), temp, shown, division, quick=True)
    except ItadocsError as exc:  # the inputs folder refused (a file open in Excel on Windows, say)
        return Outcome(shown, False, [exc.message, texts.CLOSE_IN_EXCEL])
    finally:
        Path(temp).unlink(missing_ok=True)
    request.app.state.status_cache[root] = (inputs_signature(root), status)
    if not received.ok:
        return Outcome(shown, False, [received.refused])
    found = received.recognised
    lines = [texts.RECEIVED_AGENCY if found.kind == "agency" else texts.RECEIVED.fill(division=found.division)]
    if received.unchanged:
        lines.append(texts.RECEIVED_SAME)
    for kept in received.kept:
        lines.append(texts.KEPT_IN_HISTORY.fill(path=kept.relative_to(root).as_posix()))
    mine = next((d for d in status.divisions if d.division == found.division), None) if found.division else None
    if mine is not None:
        state = texts.STATES[mine.state]
        lines.append(Message(*(texts.NOW(lang, state=state(lang), measures=mine.measures, errors=mine.errors,
                                         warnings=mine.warnings) for lang in ("th", "en"))))
        return Outcome(shown, True, lines, found.division, found.kind or "", mine.errors, mine.warnings)
    return Outcome(shown, True, lines, found.division, found.kind or "")


async def _upload(request: Request, root: Path, division: str | None, back: str) -> Response:
    form = await checked_form(request, files=MAX_FILES)
    outcomes: list[Outcome] = []
    try:
        items = [item for item in form.getlist("files") if isinstance(item, UploadFile)]
        for item in items:
            outcomes.append(await _store(request, root, item, division))
    finally:
        await form.close()
    if not outcomes:
        outcomes.append(Outcome("", False, [texts.NO_FILES]))
    lang = lang_of(request)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"results": [o.as_dict(lang) for o in outcomes]})
    key = secrets.token_urlsafe(12)
    flashes: dict = request.app.state.flash
    now = time.time()
    for old in [k for k, (stamp, _) in flashes.items() if stamp < now - FLASH_SECONDS]:
        del flashes[old]
    flashes[key] = (now, outcomes)
    return RedirectResponse(f"{back}?received={key}", 303)


def _take_flash(request: Request) -> list[Outcome]:
    key = request.query_params.get("received", "")
    found = request.app.state.flash.get(key)
    return found[1] if found else []


async def upload(request: Request) -> Response:
    name, root = coordinator(request)
    return await _upload(request, root, None, f"/p/{quote(name)}/")


# --- build --------------------------------------------------------------------------------

async def start_build(request: Request) -> Response:
    name, root = coordinator(request)
    form = await checked_form(request)
    from ..api import document_keys

    keys = document_keys()
    documents = [d for d in form.getlist("documents") if isinstance(d, str) and d in keys] or None
    round_ = form.get("round")
    options = {"documents": documents, "round": int(round_) if round_ in ("6", "12") else None,
               "pdf": form.get("pdf") == "1" and pdf_available(), "draft": form.get("draft") == "1",
               "lang": lang_of(request)}
    job = request.app.state.jobs.start_build(name, root, options, preview=preview_available(request))
    return RedirectResponse(f"/p/{quote(name)}/jobs/{job.id}", 303)


def _job(request: Request, name: str) -> work.Job | None:
    job = request.app.state.jobs.jobs.get(request.path_params["job"])
    return job if job is not None and job.project == name else None


def _kept(root: Path, build: str) -> Any:
    from ..builds import past_builds

    return next((b for b in past_builds(root) if b.name == build), None)


async def job_page(request: Request) -> Response:
    name, root = coordinator(request)
    job = _job(request, name)
    kept = _kept(root, job.result.kept.name) if job and job.result and job.result.kept else None
    return page(request, "job.html", 200 if job else 404, project=name, job=job, kept=kept)


async def job_state(request: Request) -> Response:
    name, _ = coordinator(request)
    job = _job(request, name)
    if job is None:
        return JSONResponse({"state": "gone"}, 404)
    lang = lang_of(request)
    document = texts.DOCUMENTS.get(job.document)
    label = texts.STEPS.get(job.step, texts.STEPS["queued"])(lang, document=document(lang) if document else "")
    return JSONResponse({"state": job.state, "step": job.step, "label": label, "previews": job.previews,
                         "kept": job.result.kept.name if job.result is not None and job.result.kept else "",
                         "ok": bool(job.result is not None and job.result.ok)})


async def build_page(request: Request) -> Response:
    name, root = coordinator(request)
    kept = _kept(root, request.path_params["build"])
    if kept is None:
        raise HTTPException(404)
    return page(request, "build.html", project=name, kept=kept)


async def build_file(request: Request) -> Response:
    """A file of a kept build: both names are compared with listings, never joined blindly."""
    name, root = coordinator(request)
    kept = _kept(root, request.path_params["build"])
    wanted = request.path_params["file"]
    found = next((p for p in (*kept.files, *kept.previews) if p.name == wanted), None) if kept else None
    if found is None:
        raise HTTPException(404)
    if found.suffix == ".png":
        return FileResponse(found, media_type="image/png")
    return FileResponse(found, filename=found.name)


# --- division links --------------------------------------------------------------------

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


def _division_session(request: Request) -> tuple[Path, str, Any]:
    """The project and division a division link granted this session; 403 once the link ended."""
    held = request.session.get("division")
    if not (isinstance(held, list) and len(held) == 3):
        raise HTTPException(403)
    root = workspace_of(request).project(str(held[0]))
    if root is None or read_config(root).links.get(str(held[2])) != held[1]:
        raise HTTPException(403, texts.LINK_ENDED(lang_of(request)))
    return root, str(held[1]), held


async def division_link(request: Request) -> Response:
    """/d/<token>: the token names one division of one project; the session keeps the grant."""
    digest = security.token_digest(request.path_params["token"])
    for root in workspace_of(request).projects():
        division = read_config(root).links.get(digest)
        if division:
            request.session["division"] = [root.name, division, digest]
            return RedirectResponse("/d/", 303)
    raise HTTPException(404, texts.LINK_ENDED(lang_of(request)))


async def division_page(request: Request) -> Response:
    root, division, _ = _division_session(request)
    status = await standing(request, root)
    mine = next((d for d in status.divisions if d.division == division), None)
    return page(request, "division.html", status=status, division=division, mine=mine,
                problems=problems_of(status, mine.file) if mine else [], flash=_take_flash(request),
                upload_url="/d/upload")


async def division_upload(request: Request) -> Response:
    root, division, _ = _division_session(request)
    return await _upload(request, root, division, "/d/")


async def division_blank(request: Request) -> Response:
    root, division, _ = _division_session(request)
    return await _blank(request, root, division)


async def division_annotated(request: Request) -> Response:
    root, division, _ = _division_session(request)
    status = await standing(request, root)
    return await _annotated(request, root, division_named(status, division).file)


# --- errors: a Thai page, never a traceback ------------------------------------------------

async def error_page(request: Request, exc: Exception) -> Response:
    if isinstance(exc, _Redirect):
        return RedirectResponse(exc.url, 303)
    lang = lang_of(request) if "session" in request.scope else "th"
    if isinstance(exc, ItadocsError):
        code, message = 400, exc.text(lang)
    elif isinstance(exc, HTTPException):
        code = exc.status_code
        standard = texts.ERRORS.get(code, texts.ERRORS[400])(lang)
        message = exc.detail if isinstance(exc.detail, str) and exc.detail and exc.detail != _reason(code) \
            else standard
    else:
        code, message = 500, texts.ERRORS[500](lang)
    context = {"lang": lang, "T": texts, "code": code, "message": message, "csrf": "", "path": "/",
               "network": False}
    return templates.TemplateResponse(request, "error.html", context, status_code=code)


def _reason(code: int) -> str:
    from http import HTTPStatus

    return HTTPStatus(code).phrase


# --- the application --------------------------------------------------------------------

def route(path: str, endpoint: Any, methods: list[str] | None = None, limit: int = MAX_FORM_BODY) -> Route:
    """A route with its own body limit (Starlette >= 1.6): 64 KiB, uploads 40 MiB.  Set per
    route rather than on the app, so the limit's answer passes the middleware that turns it
    into a Thai page."""
    return Route(path, endpoint, methods=methods, max_body_size=limit)


def routes() -> list:
    p = "/p/{project}"
    return [
        route("/", home),
        route("/projects", create_project, methods=["POST"]),
        route("/lang", set_lang, methods=["POST"]),
        route(f"{p}/", project_page),
        route(f"{p}/login", login, methods=["GET", "POST"]),
        route(f"{p}/logout", logout, methods=["POST"]),
        route(f"{p}/passcode", set_passcode, methods=["POST"]),
        route(f"{p}/problems", problems_page),
        route(f"{p}/annotated/{{division}}.xlsx", annotated),
        route(f"{p}/blank/{{division}}.xlsx", blank_one),
        route(f"{p}/blank.zip", blank_zip),
        route(f"{p}/upload", upload, methods=["POST"], limit=MAX_UPLOAD_BODY),
        route(f"{p}/build", start_build, methods=["POST"]),
        route(f"{p}/jobs/{{job}}.json", job_state),  # before the next: {job} would match 'x.json'
        route(f"{p}/jobs/{{job}}", job_page),
        route(f"{p}/builds/{{build}}/", build_page),
        route(f"{p}/builds/{{build}}/{{file}}", build_file),
        route(f"{p}/links", links, methods=["GET", "POST"]),
        route("/d/", division_page),
        route("/d/upload", division_upload, methods=["POST"], limit=MAX_UPLOAD_BODY),
        route("/d/blank.xlsx", division_blank),
        route("/d/annotated.xlsx", division_annotated),
        route("/d/{token}", division_link),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


def create_app(settings: Settings) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.scrypt = asyncio.Semaphore(2)
        app.state.jobs.warm_up()
        try:
            yield
        finally:
            app.state.jobs.shutdown()

    handlers: dict[Any, Any] = {HTTPException: error_page, _Redirect: error_page, ItadocsError: error_page,
                                Exception: error_page}
    app = Starlette(
        debug=False,
        routes=routes(),
        middleware=[
            Middleware(security.SecurityHeaders, too_large=(texts.ERRORS[413].th, texts.ERRORS[413].en)),
            # Outermost check after the headers: a page on 127.0.0.1 reached under another name
            # (DNS rebinding) is refused before anything else runs.
            Middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts),
            Middleware(SessionMiddleware, secret_key=settings.secret, session_cookie="itadocs",
                       max_age=14 * 24 * 3600, same_site="lax", https_only=settings.https),
        ],
        exception_handlers=handlers,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.jobs = work.Jobs(settings.workers, processes=settings.processes)
    app.state.status_cache = {}
    app.state.flash = {}
    return app


def names_for(values: Iterable[str]) -> list[str]:
    """Host names for the allow-list, IPv6 addresses in brackets as a Host header has them."""
    return [f"[{v}]" if ":" in v and not v.startswith("[") else v for v in values]
