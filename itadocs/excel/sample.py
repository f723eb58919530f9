"""Writes a filled project from plain data, as divisions would have typed it.

The bundled example (scripts/make_example.py) and the tests use it, so both go
through the same writer as `itadocs init`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema
from ..criteria import load_criteria
from ..paths import named_file
from .forms import fill_rows, write_agency_workbook, write_division_workbook

# The bundled example agency (fictional), as its divisions typed it.
EXAMPLE_FILE = Path(__file__).resolve().parent.parent / "data" / "example-agency.json"


def typed(value: Any) -> Any:
    """A number typed into Excel is stored as a number."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value


def fill_table(ws: Worksheet, table: schema.Table, records: list[dict], first_row: int | None = None) -> None:
    """Type `records` (dicts keyed by column key) into the table's rows, numbers as numbers."""
    fill_rows(ws, table, [{key: typed(value) for key, value in record.items()} for record in records], first_row)


def fill_items(ws: Worksheet, items: list[dict]) -> None:
    """Type each item's issue, score and finding into the row `init` prefilled with its code,
    as a coordinator does; an item without such a row (or a second one) goes below."""
    columns = {c.key: i for i, c in enumerate(schema.ITEMS.columns, start=1)}
    rows = {
        str(ws.cell(row, columns["code"]).value).lower(): row
        for row in range(schema.ITEMS.first_data_row, ws.max_row + 1)
        if ws.cell(row, columns["code"]).value
    }
    below = ws.max_row + 1
    for item in items:
        row = rows.pop(str(item.get("code")).lower(), None)
        if row is None:
            row, below = below, below + 1
        fill_table(ws, schema.ITEMS, [item], row)


def write_project(
    inputs: Path,
    agency: dict,
    measures: dict[str, list[dict]],
    divisions: list[str] | None = None,
    assessment: dict | None = None,
) -> list[Path]:
    """The agency workbook and one filled workbook per division in `inputs`; returns their paths.

    `measures` maps a division to its rows, each a dict keyed by schema column key.
    `assessment` holds last year's results as ITAS shows them: overall_score, level (the rating
    text), tools {code: score}, indicators [{number, score, name?}], issues [{number, title}],
    items [{issue, tool, code, question, score, finding}].  The forms offer its issues.
    """
    divisions = divisions if divisions is not None else list(measures)
    criteria = load_criteria(int(agency["fiscal_year"]) if agency.get("fiscal_year") else None)
    paths = [inputs / f"{schema.AGENCY_SHEET}.xlsx"]
    values = dict(agency)
    if assessment:
        values["overall_score"] = assessment.get("overall_score")
        values["result_level"] = assessment.get("level")
    write_agency_workbook(paths[0], values, divisions, criteria)
    if assessment:
        wb = load_workbook(paths[0])
        tools = assessment.get("tools", {})
        fill_table(
            wb[schema.TOOL_SCORES.sheet], schema.TOOL_SCORES, [{"score": tools.get(t.code)} for t in criteria.tools]
        )
        typed = {i["number"]: i for i in assessment.get("indicators", [])}
        fill_table(
            wb[schema.INDICATOR_SCORES.sheet],
            schema.INDICATOR_SCORES,
            [
                {"score": typed.get(i.number, {}).get("score"), "name": typed.get(i.number, {}).get("name")}
                for i in criteria.indicators
            ],
        )
        fill_table(wb[schema.ANALYSIS_ISSUES.sheet], schema.ANALYSIS_ISSUES, assessment.get("issues", []))
        fill_items(wb[schema.ITEMS.sheet], assessment.get("items", []))
        wb.save(paths[0])
    issues = [(int(i["number"]), str(i["title"])) for i in (assessment or {}).get("issues", [])]
    for division, rows in measures.items():
        path = named_file(inputs, division, ".xlsx")
        write_division_workbook(path, division, criteria, issues=issues)
        wb = load_workbook(path)
        fill_table(wb[schema.MEASURES_SHEET], schema.MEASURES, rows)
        wb.save(path)
        paths.append(path)
    return paths
