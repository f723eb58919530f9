"""Every refusal and failure as a Thai (or English) page: never a traceback, never a server path."""

from __future__ import annotations

from http import HTTPStatus

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..files import DiskFull
from ..messages import ItadocsError
from . import texts
from .auth import LoginNeeded
from .views.base import lang_of, shown, templates


async def error_page(request: Request, exc: Exception) -> Response:
    if isinstance(exc, LoginNeeded):
        return RedirectResponse(exc.url, 303)
    lang = lang_of(request) if "session" in request.scope else "th"
    if isinstance(exc, ItadocsError):
        # A full disk is the server's, not the request's: 507, as the upload's answer says.
        code = 507 if isinstance(exc, DiskFull) else 400
        message = shown(exc.message.for_page(lang), request.app.state.settings.workspace)
    elif isinstance(exc, HTTPException):
        code = exc.status_code
        standard = texts.ERRORS.get(code, texts.ERRORS[400])(lang)
        own = isinstance(exc.detail, str) and exc.detail and exc.detail != HTTPStatus(code).phrase
        message = exc.detail if own else standard
    else:
        code, message = 500, texts.ERRORS[500](lang)
    context = {"lang": lang, "T": texts, "code": code, "message": message, "csrf": "", "path": "/", "network": False}
    return templates.TemplateResponse(request, "error.html", context, status_code=code)


HANDLERS = {HTTPException: error_page, LoginNeeded: error_page, ItadocsError: error_page, Exception: error_page}
