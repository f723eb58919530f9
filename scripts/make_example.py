"""Regenerates the bundled example in inputs/ (run: python scripts/make_example.py).

The example agency is fictional; its text lives in scripts/example_agency.json, typed
the way divisions type (mixed digits, "eit", codes like "E๑๒").  The workbooks are made
with the same writer as `itadocs init`, then filled, so the example always matches
the schema.  Output is reproducible (fixed times in the files).
"""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_templates import reproducible  # noqa: E402

from itadocs import schema  # noqa: E402
from itadocs.criteria import load_criteria  # noqa: E402
from itadocs.pipeline import INPUTS, safe_file_name  # noqa: E402
from itadocs.workbook import write_agency_workbook, write_division_workbook  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "example_agency.json"
FIXED_TIME = datetime(2025, 1, 1)


def typed(value: str):
    """A number typed into Excel is stored as a number."""
    return int(value) if value.isascii() and value.isdigit() else value


def save(wb, path: Path) -> None:
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = wb.properties.lastModifiedBy = "itadocs"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(reproducible(buffer.getvalue()))


def make_example(inputs: Path, data: dict) -> list[Path]:
    agency = data["agency"]
    criteria = load_criteria(agency["fiscal_year"])
    for old in inputs.glob("*.xlsx"):
        old.unlink()
    paths = []
    path = inputs / f"{schema.AGENCY_SHEET}.xlsx"
    write_agency_workbook(path, agency, data["divisions"])
    save(load_workbook(path), path)
    paths.append(path)
    columns = {c.key: i for i, c in enumerate(schema.MEASURE_COLUMNS, start=1)}
    for division in data["divisions"]:
        path = inputs / f"{safe_file_name(division)}.xlsx"
        write_division_workbook(path, division, criteria)
        wb = load_workbook(path)
        ws = wb[schema.MEASURES_SHEET]
        for row, measure in enumerate(data["measures"][division], start=schema.FIRST_DATA_ROW):
            for key, value in measure.items():
                if value != "":
                    ws.cell(row, columns[key], typed(value))
        save(wb, path)
        paths.append(path)
    return paths


def main() -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    inputs = ROOT / INPUTS
    inputs.mkdir(exist_ok=True)
    for path in make_example(inputs, data):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
