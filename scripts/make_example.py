"""Regenerates the bundled example in inputs/ (run: python scripts/make_example.py).

The example agency is fictional; its text lives in itadocs/data/example-agency.json, typed
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

from itadocs.excel.sample import EXAMPLE_FILE, write_project  # noqa: E402
from itadocs.paths import INPUTS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXED_TIME = datetime(2025, 1, 1)


def make_example(inputs: Path, data: dict) -> list[Path]:
    for old in inputs.glob("*.xlsx"):
        old.unlink()
    paths = write_project(inputs, data["agency"], data["measures"], data["divisions"], data["assessment"])
    # Saved again with fixed times, so regenerating gives the same bytes.
    for path in paths:
        wb = load_workbook(path)
        wb.properties.created = wb.properties.modified = FIXED_TIME
        wb.properties.creator = wb.properties.lastModifiedBy = "itadocs"
        buffer = io.BytesIO()
        wb.save(buffer)
        path.write_bytes(reproducible(buffer.getvalue()))
    return paths


def main() -> int:
    data = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))
    inputs = ROOT / INPUTS
    inputs.mkdir(exist_ok=True)
    for path in make_example(inputs, data):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
