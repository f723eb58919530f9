"""A division's own page, reached through its link: three steps (download the form, fill it,
send it), the deadline, a receipt of what arrived and when, and what the check found."""

from __future__ import annotations

from datetime import date

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..auth import division_session
from ..projects import read_config
from .base import division_named, errors_first, page, standing
from .project import annotated_response, blank_response, sent_response
from .uploads import MAX_FILES, receive_files, take_flash


async def division_page(request: Request) -> Response:
    root, division = division_session(request)
    status = await standing(request, root)
    mine = status.division(division)
    deadline = read_config(root).deadline_date
    days = (deadline - date.today()).days if deadline else None
    return page(
        request,
        "division.html",
        status=status,
        division=division,
        mine=mine,
        problems=errors_first(status.problems_of(mine)) if mine else [],
        flash=take_flash(request),
        upload_url="/d/upload",
        deadline=deadline,
        days=days,
        max_files=MAX_FILES,
    )


async def division_upload(request: Request) -> Response:
    root, division = division_session(request)
    return await receive_files(request, root, division, "/d/")


async def division_blank(request: Request) -> Response:
    root, division = division_session(request)
    return await blank_response(request, root, division)


async def division_annotated(request: Request) -> Response:
    root, division = division_session(request)
    status = await standing(request, root)
    return await annotated_response(request, root, division_named(status, division).file)


async def division_sent(request: Request) -> Response:
    """The division's own workbook as the project has it: to go on with it (the 12-month round
    fills the same rows)."""
    root, division = division_session(request)
    status = await standing(request, root)
    mine = division_named(status, division)
    if not mine.file:
        raise HTTPException(404)
    return sent_response(request, root, mine.file)
