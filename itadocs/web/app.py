"""The web page over the library API: the application, its routes and its middleware.

Server-rendered pages (Jinja2 on Starlette); every state change is a POST carrying the
session's CSRF token; reading workbooks and rendering run in warm worker processes
(`jobs`), one project at a time.  The page calls the same `itadocs.api` functions as the
CLI, on the same project folders, and shows the same problems in the same words.
The handlers are in `views/`, who may do what in `auth`, refusals in `errors`.

Middleware, outermost first: the real client address (`clients`), security headers,
the Host allow-list, requests per client, server-side sessions.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from . import housekeeping, security, texts
from . import jobs as work
from .audit import AuditTrail
from .clients import ClientAddress, HostCheck, Proxies, RateLimit
from .errors import HANDLERS
from .projects import HIDDEN
from .sessions import ServerSessions, SessionStore
from .settings import Settings
from .views import admin, agency, builds, division, history, home, login, project, uploads
from .views.base import HERE

log = logging.getLogger("itadocs.web")
MAX_FORM_BODY = 64 * 1024  # every request but an upload

__all__ = ["Settings", "create_app", "routes"]


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
        route("/login", login.site_login, methods=["GET", "POST"]),
        route("/logout", login.logout, methods=["POST"]),
        route("/account", login.account),
        route("/admin/", admin.admin_home),
        route("/admin/login", login.admin_login, methods=["GET", "POST"]),
        route("/admin/p/{project}/passcode", admin.reset_passcode, methods=["POST"]),
        route("/admin/p/{project}/sessions", admin.end_sessions, methods=["POST"]),
        route("/admin/audit", admin.audit_page),
        route("/admin/audit/{day}.jsonl", admin.audit_file),
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
        asyncio.get_running_loop().set_exception_handler(_said_once_a_minute())
        await asyncio.to_thread(housekeeping.at_start, settings)
        app.state.jobs.warm_up()
        tidying = asyncio.get_running_loop().create_task(housekeeping.every_hour(app))
        try:
            yield
        finally:
            tidying.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await tidying
            app.state.jobs.shutdown()
            app.state.sessions.close()

    store = SessionStore(None if settings.sessions_in_memory else settings.workspace / HIDDEN / "sessions.sqlite3")
    app = Starlette(
        debug=False,
        routes=routes(),
        middleware=[
            Middleware(ClientAddress, proxies=Proxies(settings.trusted_proxies)),
            Middleware(security.SecurityHeaders, too_large=texts.ERRORS[413]),
            # Before anything else runs: a page on 127.0.0.1 reached under another name (DNS rebinding).
            Middleware(HostCheck, allowed=settings.allowed_hosts),
            Middleware(RateLimit, rate=settings.requests_per_second, burst=settings.request_burst),
            Middleware(ServerSessions, store=store, https=settings.https),
        ],
        exception_handlers=dict(HANDLERS),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.sessions = store
    app.state.audit = AuditTrail(settings.workspace, settings.audit_days)
    app.state.jobs = work.Jobs(
        settings.workers,
        processes=settings.processes,
        previews=settings.previews,
        build_seconds=settings.build_seconds,
        after_build=partial(housekeeping.prune_project, settings=settings),
    )
    app.state.status_cache = {}
    app.state.flash = {}
    return app


def _said_once_a_minute() -> Any:
    """The event loop's handler of errors nobody awaits: running out of open files while
    accepting (asyncio then waits a second and tries again) is said once a minute, not
    thousands of times a second, so a flood of connections does not flood the journal too."""
    last = [0.0]

    def handle(loop: asyncio.AbstractEventLoop, context: dict) -> None:
        if "out of system resource" in str(context.get("message", "")):
            if time.monotonic() - last[0] > 60:
                last[0] = time.monotonic()
                log.warning("out of open files while accepting connections: %s", context.get("exception"))
            return
        loop.default_exception_handler(context)

    return handle
