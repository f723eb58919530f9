"""The web page over the library API: the application, its routes and its middleware.

Server-rendered pages (Jinja2 on Starlette); every state change is a POST carrying the
session's CSRF token; reading workbooks and rendering run in warm worker processes
(`jobs`), one project at a time.  The page calls the same `itadocs.api` functions as the
CLI, on the same project folders, and shows the same problems in the same words.
The handlers are in `views/`, who may do what in `auth`, refusals in `errors`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from . import jobs as work
from . import security, texts
from .errors import HANDLERS
from .settings import Settings
from .views import agency, builds, division, history, home, login, project, uploads
from .views.base import HERE

MAX_FORM_BODY = 64 * 1024  # every request but an upload

__all__ = ["Settings", "create_app", "names_for", "routes"]


def route(path: str, endpoint: Any, methods: list[str] | None = None, limit: int = MAX_FORM_BODY) -> Route:
    """A route with its own body limit (Starlette >= 1.6): 64 KiB, uploads 40 MiB.  Set per
    route rather than on the app, so the limit's answer passes the middleware that turns it
    into a Thai page."""
    return Route(path, endpoint, methods=methods, max_body_size=limit)


def routes() -> list[BaseRoute]:
    p = "/p/{project}"
    upload_limit = uploads.MAX_UPLOAD_BODY
    return [
        route("/", home.home),
        route("/projects", home.create_project, methods=["POST"]),
        route("/lang", home.set_lang, methods=["POST"]),
        route(f"{p}/", project.project_page),
        route(f"{p}/login", login.login, methods=["GET", "POST"]),
        route(f"{p}/logout", login.logout, methods=["POST"]),
        route(f"{p}/passcode", login.set_passcode, methods=["POST"]),
        route(f"{p}/problems", project.problems_page),
        route(f"{p}/annotated/{{division}}.xlsx", project.annotated),
        route(f"{p}/blank/{{division}}.xlsx", project.blank_one),
        route(f"{p}/sent/{{division}}.xlsx", project.sent_one),
        route(f"{p}/blank.zip", project.blank_zip),
        route(f"{p}/upload", uploads.upload, methods=["POST"], limit=upload_limit),
        route(f"{p}/delete-workbook", project.delete_upload, methods=["POST"]),
        route(f"{p}/build", builds.start_build, methods=["POST"]),
        route(f"{p}/jobs/{{job}}.json", builds.job_state),  # before the next: {job} would match 'x.json'
        route(f"{p}/jobs/{{job}}", builds.job_page),
        route(f"{p}/builds/{{build}}/", builds.build_page),
        route(f"{p}/builds/{{build}}/delete", builds.delete_build, methods=["POST"]),
        route(f"{p}/builds/{{build}}/{{file}}", builds.build_file),
        route(f"{p}/links", project.links, methods=["GET", "POST"]),
        route(f"{p}/agency", agency.agency_page),
        route(f"{p}/agency", agency.save_details, methods=["POST"]),
        route(f"{p}/agency.xlsx", agency.agency_file),
        route(f"{p}/agency/upload", agency.agency_upload, methods=["POST"], limit=upload_limit),
        route(f"{p}/divisions", agency.division_action, methods=["POST"]),
        route(f"{p}/results", agency.results_page),
        route(f"{p}/results", agency.save_results, methods=["POST"], limit=agency.MAX_RESULTS_BODY),
        route(f"{p}/history", history.history_page),
        route(f"{p}/history/file", history.history_file),
        route(f"{p}/history/restore", history.restore, methods=["POST"]),
        route("/d/", division.division_page),
        route("/d/upload", division.division_upload, methods=["POST"], limit=upload_limit),
        route("/d/blank.xlsx", division.division_blank),
        route("/d/sent.xlsx", division.division_sent),
        route("/d/annotated.xlsx", division.division_annotated),
        route("/d/{token}", login.division_link),
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
        exception_handlers=dict(HANDLERS),
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
