"""Writes a filled project from plain data, as divisions would have typed it.

The bundled example (scripts/make_example.py) and the tests use it, so both go
through the same writer as `itadocs init`.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from . import schema
from .criteria import load_criteria
from .pipeline import safe_file_name
from .workbook import write_agency_workbook, write_division_workbook


def typed(value: object) -> object:
    """A number typed into Excel is stored as a number."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value


def write_project(inputs: Path, agency: dict, measures: dict[str, list[dict]],
                  divisions: list[str] | None = None) -> list[Path]:
    """The agency workbook and one filled workbook per division in `inputs`; returns their paths.

    `measures` maps a division to its rows, each a dict keyed by schema column key.
    """
    divisions = divisions if divisions is not None else list(measures)
    criteria = load_criteria(int(agency.get("fiscal_year") or 2568))
    paths = [inputs / f"{schema.AGENCY_SHEET}.xlsx"]
    write_agency_workbook(paths[0], agency, divisions)
    columns = {c.key: i for i, c in enumerate(schema.MEASURE_COLUMNS, start=1)}
    for division, rows in measures.items():
        path = inputs / f"{safe_file_name(division)}.xlsx"
        write_division_workbook(path, division, criteria)
        wb = load_workbook(path)
        ws = wb[schema.MEASURES_SHEET]
        for row, measure in enumerate(rows, start=schema.FIRST_DATA_ROW):
            for key, value in measure.items():
                if value not in ("", None):
                    ws.cell(row, columns[key], typed(value))
        wb.save(path)
        paths.append(path)
    return paths
