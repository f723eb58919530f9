"""The merged workbook: every division's measures in merge order, with their sources."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from .. import schema
from ..files import write_atomic
from ..model import Measure
from .cells import put
from .style import BODY, BOLD, BOX, HEADER_FILL, WRAP_TOP, new_workbook, print_setup

MERGED_SHEET = "มาตรการรวม"
SOURCE_COLUMNS = (("division", "ส่วนงาน", 20), ("file", "ไฟล์ต้นทาง", 28), ("row", "แถวต้นทาง", 10))

Writer = Callable[[Path, Callable[[Path], object]], Path]


def write_merged_workbook(path: Path, measures: Sequence[Measure], writer: Writer = write_atomic) -> Path:
    """All divisions' measures in merge order, with the division and the source file and row
    of each, in the form's columns: the same data the documents are rendered from.

    `writer(path, save)` puts the file in place (by default whole or not at all); returns
    where it went.  Every value is written as what it is: text never becomes a formula."""
    wb, ws = new_workbook()
    ws.title = MERGED_SHEET
    columns: list[tuple[str, str, float]] = list(SOURCE_COLUMNS)
    columns += [(c.key, c.title, c.width) for c in schema.MEASURE_COLUMNS]
    for col, (_, title, width) in enumerate(columns, start=1):
        put(
            ws,
            1,
            col,
            title,
            font=BOLD,
            fill=HEADER_FILL,
            border=BOX,
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        )
        dim = ws.column_dimensions[get_column_letter(col)]
        dim.width, dim.font, dim.alignment = width, BODY, WRAP_TOP
    for row, measure in enumerate(measures, start=2):
        for col, (key, _, _) in enumerate(columns, start=1):
            put(ws, row, col, _merged_value(measure, key), alignment=WRAP_TOP)
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(measures) + 1)}"
    print_setup(ws, title_rows="1:1", fit_width=False)
    return writer(path, wb.save)


def _merged_value(measure: Measure, key: str) -> str | int | None:
    if key == "indicator":  # a sub-indicator typed ("9.2") is kept; read back, it means the same
        return ", ".join(_indicators(measure)) or None
    if key == "tool":
        return ", ".join(measure.tools) or measure.tool or None
    if key == "questions":
        return ", ".join(measure.questions) or None
    value = getattr(measure, key, None)
    return value if value not in ("", None) else None


def _indicators(measure: Measure) -> list[str]:
    """Each indicator the measure cites, as its sub-indicators when it named some ('9.2 การบริหารงาน...'),
    with its tool when that is not the measure's first ('IIT 3 การใช้อำนาจ'), so the list reads back the same."""
    cited = []
    for indicator in measure.indicators or ([measure.indicator] if measure.indicator else []):
        subs = [
            s
            for s in (measure.sub_indicators or ([measure.sub_indicator] if measure.sub_indicator else []))
            if s.number.split(".")[0] == str(indicator.number)
        ]
        prefix = f"{indicator.tool} " if measure.tool and indicator.tool != measure.tool else ""
        cited += [f"{prefix}{label}" for label in [s.label for s in subs] or [indicator.label]]
    return cited
