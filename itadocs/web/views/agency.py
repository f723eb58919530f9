"""The agency workbook through the page: its details and signers, the list of divisions, and
last year's ITA results, each saved into the workbook by the library (checked as a build
checks it, the old workbook kept in history); the workbook itself to download and send back.

The forms are drawn from `schema` (fields, tables, columns and their kinds) and the year's
criteria; nothing here names a field, so one added to the schema appears by itself.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ... import api, schema
from ...agency_workbook import DETAILS, DIVISIONS, RESULTS, SIGNERS, AgencyForm, fields_of, holds_data
from ...messages import ItadocsError, Message
from .. import audit, texts
from ..auth import coordinator
from .base import XLSX, Notice, checked_form, jobs_of, locked_call, notice_and_back, page, taken, text
from .project import rename_links
from .uploads import receive_files, take_flash

MAX_RESULTS_BODY = 2 * 1024 * 1024  # the results form: some hundred inputs, findings of a few lines each
MAX_RESULTS_FIELDS = 5000
EXTRA_ROWS = 3  # empty rows offered at the end of a table that may grow


async def _form(request: Request, root: Path) -> AgencyForm | None:
    try:
        return await jobs_of(request).call(partial(api.agency_form, str(root)), quick=True)
    except ItadocsError:  # no agency workbook (or none readable): the page says so and offers the upload
        return None


def _marks(form: AgencyForm | None, *parts: str) -> dict[str, list[Any]]:
    """Each input's problems, by the input's name ('' for those no input shows)."""
    marks: dict[str, list[Any]] = {}
    if form is not None:
        for problem in form.problems_in(*parts):
            marks.setdefault(form.input_of(problem) or "", []).append(problem)
    return marks


def _agency_page(
    request: Request,
    name: str,
    form: AgencyForm | None,
    status_code: int = 200,
    *,
    values: dict[str, str] | None = None,
    error: Message | str = "",
    blocking: int = 0,
) -> Response:
    return page(
        request,
        "agency.html",
        status_code,
        project=name,
        section="agency",
        form=form,
        details=fields_of(DETAILS),
        signers=fields_of(SIGNERS),
        values=values or (form.values if form else {}),
        marks=_marks(form, DETAILS, SIGNERS, DIVISIONS),
        error=error,
        blocking=blocking,
        done=taken(request, "done"),
        flash=take_flash(request),
        upload_url=f"/p/{quote(name)}/agency/upload",
    )


async def agency_page(request: Request) -> Response:
    name, root = coordinator(request)
    return _agency_page(request, name, await _form(request, root))


async def save_details(request: Request) -> Response:
    name, root = coordinator(request)
    posted = await checked_form(request)
    values = {
        f.key: str(posted.get(f"field.{f.key}") or "")
        for f in fields_of(DETAILS, SIGNERS)
        if f"field.{f.key}" in posted
    }
    saved = await locked_call(request, root, partial(api.save_agency, str(root), values=values))
    if saved.blocking:
        return _agency_page(
            request, name, saved.form, 400, values={**saved.form.values, **values}, blocking=len(saved.blocking)
        )
    back = f"/p/{quote(name)}/agency"
    if not saved.saved:
        return notice_and_back(request, back, Notice(texts.NOTHING_CHANGED))
    audit.record(request, "agency-details", name)
    return notice_and_back(request, back, Notice(texts.SAVED, undo=saved.kept.id if saved.kept else ""))


async def division_action(request: Request) -> Response:
    """Add, rename, move or remove a division; each with what it did, and an undo where one exists."""
    name, root = coordinator(request)
    posted = await checked_form(request)
    action, division, new = text(posted, "action"), text(posted, "division"), text(posted, "new")
    calls = {
        "add": partial(api.add_division, str(root), new),
        "rename": partial(api.rename_division, str(root), division, new),
        "up": partial(api.move_division, str(root), division, -1),
        "down": partial(api.move_division, str(root), division, 1),
        "remove": partial(api.remove_division, str(root), division),
    }
    if action not in calls:
        return _agency_page(request, name, await _form(request, root), 400)
    try:
        change = await locked_call(request, root, calls[action])
    except ItadocsError as exc:
        return _agency_page(request, name, await _form(request, root), 400, error=exc.message)
    audit.record(request, f"division-{action}", name, detail=f"{division} {new}".strip())
    back = f"/p/{quote(name)}/agency"
    if action == "rename":
        rename_links(root, division, new)
        return notice_and_back(request, back, Notice(texts.DIVISION_RENAMED.fill(old=division, new=new)))
    if action == "remove":
        return notice_and_back(
            request,
            back,
            Notice(texts.DIVISION_REMOVED.fill(division=division), undo=change.removed.id if change.removed else ""),
        )
    if action == "add":
        return notice_and_back(request, back, Notice(texts.DIVISION_ADDED.fill(division=new)))
    return notice_and_back(request, back, Notice(texts.DIVISION_MOVED.fill(division=division)))


async def agency_file(request: Request) -> Response:
    _, root = coordinator(request)
    form = await _form(request, root)
    if form is None:
        return _agency_page(request, root.name, None, 404)
    path = root / form.file
    audit.record(request, "download", root.name, file=path.name)
    return FileResponse(path, filename=path.name, media_type=XLSX)


async def agency_upload(request: Request) -> Response:
    name, root = coordinator(request)
    return await receive_files(request, root, None, f"/p/{quote(name)}/agency", kind=schema.KIND_AGENCY)


# --- last year's results ----------------------------------------------------------------


def _grows(table: schema.Table) -> bool:
    """A table may need rows the criteria do not give: not when every row is one of the year's
    tools or indicators (a closed list)."""
    identity = [c for c in table.columns if c.ahead and c.kind != schema.TEXT]
    return not identity or any(c.kind not in (schema.TOOL, schema.INDICATOR) for c in identity)


def _rows_posted(posted: FormData) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """The tables of the results form: t<table>.<row>.<column>, and t<table>.<row>.row for the
    sheet row each came from."""
    found: dict[int, dict[int, dict[str, str]]] = {}
    for key, value in posted.multi_items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0][:1] == "t" and parts[0][1:].isdigit() and parts[1].isdigit():
            found.setdefault(int(parts[0][1:]), {}).setdefault(int(parts[1]), {})[parts[2]] = str(value)
    tables = {}
    for number, table in enumerate(schema.AGENCY_TABLES):
        keys = {c.key for c in table.columns}
        rows = []
        for _, cells in sorted(found.get(number, {}).items()):
            source = int(cells.get("row") or 0) if (cells.get("row") or "").isdigit() else 0
            values = {k: v for k, v in cells.items() if k in keys}
            if source or any(v.strip() for v in values.values()):
                rows.append((source, values))
        if number in found:
            tables[table.sheet] = rows
    return tables


def _results_page(
    request: Request, name: str, form: AgencyForm | None, status_code: int = 200, blocking: int = 0
) -> Response:
    tables = []
    for number, table in enumerate(schema.AGENCY_TABLES):
        rows = list(form.tables.get(table.sheet, ())) if form else []
        extra = EXTRA_ROWS if _grows(table) else 0
        tables.append(
            {
                "number": number,
                "table": table,
                "rows": rows,
                "extra": extra,
                "filled": sum(holds_data(table, r) for r in rows),
            }
        )
    return page(
        request,
        "results.html",
        status_code,
        project=name,
        section="results",
        form=form,
        tables=tables,
        fields=fields_of(RESULTS),
        marks=_marks(form, RESULTS),
        blocking=blocking,
        done=taken(request, "done"),
        schema=schema,
    )


async def results_page(request: Request) -> Response:
    name, root = coordinator(request)
    return _results_page(request, name, await _form(request, root))


async def save_results(request: Request) -> Response:
    name, root = coordinator(request)
    posted = await checked_form(request, fields=MAX_RESULTS_FIELDS)
    values = {f.key: str(posted.get(f"field.{f.key}") or "") for f in fields_of(RESULTS) if f"field.{f.key}" in posted}
    saved = await locked_call(
        request, root, partial(api.save_agency, str(root), values=values, tables=_rows_posted(posted))
    )
    if saved.blocking:
        return _results_page(request, name, saved.form, 400, blocking=len(saved.blocking))
    back = f"/p/{quote(name)}/results"
    if not saved.saved:
        return notice_and_back(request, back, Notice(texts.NOTHING_CHANGED))
    audit.record(request, "agency-results", name)
    return notice_and_back(request, back, Notice(texts.SAVED, undo=saved.kept.id if saved.kept else ""))
