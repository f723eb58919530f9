"""A division's own page, reached through its link: its status, problems, form and upload."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..auth import division_session
from .base import division_named, page, standing
from .project import annotated_response, blank_response
from .uploads import receive_files, take_flash


async def division_page(request: Request) -> Response:
    root, division = division_session(request)
    status = await standing(request, root)
    mine = status.division(division)
    return page(request, "division.html", status=status, division=division, mine=mine,
                problems=status.problems_of(mine) if mine else [], flash=take_flash(request),
                upload_url="/d/upload")


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
