"""What a new year takes from the last: the agency's details, its signers, its divisions,
and each division's measures without what was reported on them.

`itadocs init NEW --from OLD` reads OLD's workbooks (never writing there) and writes
NEW's fresh.  The measures are the plan of the year that ended: the divisions revise
them for the new year's results, so they start from their own words, not a blank form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema
from .messages import ItadocsError, Message
from .model import division_key
from .project import read_inputs
from .thai import normalize_text
from .validate import parse_fiscal_year

NO_AGENCY = Message("ไม่พบไฟล์ข้อมูลหน่วยงานในโครงการเดิม {path}", "No agency workbook in the earlier project {path}")


@dataclass(frozen=True)
class CarriedProject:
    """What `init --from` takes from an earlier project, as plain values."""

    fiscal_year: int | None  # the earlier project's fiscal year, when it could be read
    values: dict[str, Any]  # agency fields (schema.Field.carried), keyed by field key
    divisions: tuple[str, ...]
    measures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # rows by division


def carry_over(old_root: Path) -> CarriedProject:
    """Read an earlier project for its successor; raises ItadocsError without an agency workbook."""
    agencies, divisions, _ = read_inputs(old_root)
    if not agencies:
        raise ItadocsError(NO_AGENCY, path=old_root)
    sheet = agencies[0]
    values = {
        f.key: _carried(sheet.values[f.key].value) for f in schema.AGENCY_FIELDS if f.carried and f.key in sheet.values
    }
    year_cell = sheet.values.get("fiscal_year")
    listed = [name for name in (normalize_text(d) for d in sheet.divisions) if name]
    carried_columns = {c.key for c in schema.MEASURE_COLUMNS if c.carried}
    measures: dict[str, list[dict[str, Any]]] = {}
    for division in divisions:  # in file order; a second workbook of one division is the old project's problem
        name = normalize_text(division.division)
        if not name or name in measures:
            continue
        rows = [
            {
                key: _carried(cell.value)
                for key, cell in row.cells.items()
                if key in carried_columns and cell.value not in (None, "")
            }
            for row in division.rows
        ]
        measures[name] = [row for row in rows if set(row) - {"order"}]
    # A workbook whose division is spelt with other spacing carries its measures to the listed name.
    spelt = {division_key(name): name for name in listed}
    measures = {spelt.get(division_key(name), name): rows for name, rows in measures.items()}
    names = listed + [name for name in measures if name not in listed]
    return CarriedProject(
        parse_fiscal_year(year_cell.value) if year_cell else None,
        {k: v for k, v in values.items() if v not in (None, "")},
        tuple(names),
        measures,
    )


def _carried(value: Any) -> Any:
    """Text is carried repaired (the new year starts clean); numbers and dates as they are."""
    return normalize_text(value) if isinstance(value, str) else value
