"""Building the documents: start a build, follow it, download what it made."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from ... import api
from ...builds import KeptBuild, kept_build
from .. import audit, texts
from .. import jobs as work
from ..auth import coordinator
from .base import (
    Notice,
    checked_form,
    in_both,
    jobs_of,
    lang_of,
    locked_call,
    notice_and_back,
    page,
    pdf_available,
    preview_available,
    when,
)


async def start_build(request: Request) -> Response:
    name, root = coordinator(request)
    form = await checked_form(request)
    keys = api.document_keys()
    documents = tuple(d for d in form.getlist("documents") if isinstance(d, str) and d in keys) or None
    round = form.get("round")
    options = api.BuildOptions(
        round=int(round) if round in ("6", "12") else None,
        documents=documents,
        pdf=form.get("pdf") == "1" and pdf_available(),
        draft=form.get("draft") == "1",
        keep=True,
        lang=lang_of(request),
    )
    try:
        job = jobs_of(request).start_build(name, root, options, preview=preview_available(request))
    except work.Busy as busy:
        raise HTTPException(503, busy.message(lang_of(request))) from None
    asked = audit.entry(request, "build", name, detail=_described(options))
    job.listeners.append(lambda done: audit.trail(request).write(_finished(asked, done)))
    return RedirectResponse(f"/p/{quote(name)}/jobs/{job.id}", 303)


def _described(options: api.BuildOptions) -> str:
    """What a build was asked for, in the audit trail's words."""
    parts = [",".join(options.documents or ["default"])]
    parts += [f"round={options.round}"] if options.round else []
    parts += [key for key in ("pdf", "draft") if getattr(options, key)]
    return " ".join(parts)


def _finished(asked: dict, job: work.Job) -> dict:
    """The build's entry as it ended: its outcome and the kept build it made."""
    ok = job.result is not None and job.result.ok
    kept = job.result.kept.name if job.result is not None and job.result.kept else ""
    return {
        **asked,
        "outcome": "ok" if ok else "failed",
        "file": kept,
        "detail": asked["detail"] if ok else f"{asked['detail']}: {job.failure.en if job.failure else ''}"[:300],
    }


def _job(request: Request, name: str) -> work.Job | None:
    job = jobs_of(request).jobs.get(request.path_params["job"])
    return job if job is not None and job.project == name else None


def _kept(root: Path, build: str) -> KeptBuild | None:
    return kept_build(root, build)


async def job_page(request: Request) -> Response:
    name, root = coordinator(request)
    job = _job(request, name)
    kept = _kept(root, job.result.kept.name) if job and job.result and job.result.kept else None
    return page(request, "job.html", 200 if job else 404, project=name, section="status", job=job, kept=kept)


async def job_state(request: Request) -> Response:
    name, _ = coordinator(request)
    job = _job(request, name)
    if job is None:
        return JSONResponse({"state": "gone"}, 404)
    lang = lang_of(request)
    document = texts.DOCUMENTS.get(job.document)
    label = texts.STEPS.get(job.step, texts.STEPS["queued"])(lang, document=document(lang) if document else "")
    return JSONResponse(
        {
            "state": job.state,
            "step": job.step,
            "label": label,
            "previews": job.previews,
            "kept": job.result.kept.name if job.result is not None and job.result.kept else "",
            "ok": bool(job.result is not None and job.result.ok),
        }
    )


async def build_page(request: Request) -> Response:
    name, root = coordinator(request)
    kept = _kept(root, request.path_params["build"])
    if kept is None:
        raise HTTPException(404)
    return page(request, "build.html", project=name, section="status", kept=kept)


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
    audit.record(request, "download", name, f"{kept.name}/{found.name}" if kept else found.name)
    return FileResponse(found, filename=found.name)


async def delete_build(request: Request) -> Response:
    """A kept build out of output/builds/ into the history, with an undo."""
    name, root = coordinator(request)
    await checked_form(request)
    kept = _kept(root, request.path_params["build"])
    if kept is None:
        raise HTTPException(404)
    entry = await locked_call(request, root, partial(api.delete_build, str(root), kept.name))
    audit.record(request, "delete-build", name, file=kept.name)
    time = {lang: when(kept.time, lang) for lang in ("th", "en")}
    message = in_both(lambda lang: texts.BUILD_DELETED(lang, time=time[lang]))
    return notice_and_back(request, f"/p/{quote(name)}/", Notice(message, undo=entry.id))
