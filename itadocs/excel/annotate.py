"""The annotated copy of a workbook with problems, mailed back to the division as it is.

Each problem cell is coloured and carries a comment; a first sheet lists every problem
with a link to its cell.  The original in inputs/ is only read.

Divisions send these copies back fixed, and they are inputs like any other: the reader
ignores the summary sheet, and a new copy made from one starts from a clean slate
(the old summary sheet, colours and comments taken off, the cells' own fills put back
from a hidden sheet that records them), so marks never stack up or outlive their problem.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from ..files import write_atomic
from ..problems import Problem
from ..schema import SUMMARY_SHEET, is_summary_sheet
from .cells import put
from .style import BOLD, BOX, ERROR_FILL, HEADER_FILL, LINK, WARNING_FILL, WRAP_TOP, print_setup, row_height

MARKS_SHEET = "itadocs-marks"  # very hidden: the cells itadocs coloured and the fill each had before
COMMENT_AUTHOR = "itadocs"
_CELL_REF = re.compile(r"^[A-Z]{1,3}\d+$")

Writer = Callable[[Path, Callable[[Path], object]], Path]


class SourceUnreadable(Exception):
    """openpyxl cannot open a workbook that python-calamine read (a number that is no number,
    a style that does not exist ...): no copy of it can be made."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _load(source: Path) -> Workbook:
    # From bytes, not the path: openpyxl leaves the file it opened open when it fails half way.
    data = io.BytesIO(source.read_bytes())
    try:
        return load_workbook(data)  # formulas kept as typed: the division gets its own file back
    except OSError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for what it cannot read
        raise SourceUnreadable(type(exc).__name__) from exc


def write_annotated_copy(
    source: Path, problems: list[Problem], target: Path, lang: str = "th", writer: Writer = write_atomic
) -> Path:
    """A copy of `source` with each problem cell coloured and commented, and a summary sheet
    linking to every problem.  The original is only read.  `writer(path, save)` puts the
    copy in place (by default whole or not at all) and returns where it went."""
    from openpyxl.comments import Comment

    wb = _load(source)
    clear_marks(wb)
    summary = wb.create_sheet(SUMMARY_SHEET, 0)
    headings = ("ระดับ", "แผ่นงาน", "เซลล์", "คอลัมน์", "ค่าที่พบ", "ข้อความ", "รหัส")
    for col, (heading, width) in enumerate(zip(headings, (12, 16, 10, 30, 30, 80, 24), strict=False), start=1):
        put(summary, 1, col, heading, font=BOLD, fill=HEADER_FILL, border=BOX)
        summary.column_dimensions[get_column_letter(col)].width = width
    summary.freeze_panes = "A2"
    summary.row_dimensions[1].height = 24
    print_setup(summary, title_rows="1:1")
    notes: dict[tuple[str, str], list[Problem]] = {}
    for row, problem in enumerate(problems, start=2):
        is_error = problem.severity.value == "error"
        values = (
            "ข้อผิดพลาด" if is_error else "คำเตือน",
            problem.sheet,
            problem.cell,
            problem.column,
            problem.value,
            problem.message(lang, page=True),
            problem.code,
        )
        for col, value in enumerate(values, start=1):
            put(summary, row, col, value, alignment=WRAP_TOP)  # the value found is text, never a formula
        summary.cell(row, 1).fill = ERROR_FILL if is_error else WARNING_FILL
        summary.row_dimensions[row].height = row_height(
            [(problem.message(lang, page=True), 80), (problem.value, 30), (problem.column, 30)]
        )
        target_cell = _target_cell(problem)
        if problem.sheet in wb.sheetnames and problem.sheet != SUMMARY_SHEET and target_cell:
            link = summary.cell(row, 3)
            link.hyperlink = f"#'{problem.sheet.replace(chr(39), chr(39) * 2)}'!{target_cell}"
            link.font = LINK
            notes.setdefault((problem.sheet, target_cell), []).append(problem)
    marks = wb.create_sheet(MARKS_SHEET)
    marks.sheet_state = "veryHidden"
    for number, ((sheet, ref), found) in enumerate(notes.items(), start=1):
        cell = wb[sheet][ref]
        before = cell.fill if cell.fill is not None and cell.fill.fill_type else None
        put(marks, number, 1, sheet, font=None)
        put(marks, number, 2, ref, font=None)
        put(
            marks,
            number,
            3,
            before.fgColor.rgb if before is not None and isinstance(before.fgColor.rgb, str) else "",
            font=None,
        )
        put(marks, number, 4, before.fill_type if before is not None else "", font=None)
        worst = "error" if any(p.severity.value == "error" for p in found) else "warning"
        cell.fill = ERROR_FILL if worst == "error" else WARNING_FILL
        text = "\n".join(f"[{p.code}] {p.message(lang, page=True)}" for p in found)
        cell.comment = Comment(text, COMMENT_AUTHOR, width=360, height=max(80, 40 * len(found)))
    wb.active = 0
    return writer(target, wb.save)


def clear_marks(wb: Workbook) -> None:
    """Take off what an earlier annotated copy added: its summary sheet, the colours (each cell's
    own fill put back) and the comments itadocs wrote.  A workbook never annotated is left as is."""
    if MARKS_SHEET in wb.sheetnames:
        marks = wb[MARKS_SHEET]
        for sheet, ref, rgb, fill_type in marks.iter_rows(min_col=1, max_col=4, values_only=True):
            if isinstance(sheet, str) and sheet in wb.sheetnames and isinstance(ref, str) and _CELL_REF.match(ref):
                cell = wb[sheet][ref]
                fill = PatternFill(str(fill_type), fgColor=str(rgb)) if fill_type and rgb else PatternFill()  # type: ignore[arg-type]
                cell.fill = fill
                if cell.comment is not None and cell.comment.author == COMMENT_AUTHOR:
                    cell.comment = None
        wb.remove(marks)
    summaries = [ws for ws in wb.worksheets if is_summary_sheet(ws.title)]
    for ws in summaries:
        wb.remove(ws)
    if not summaries:
        return
    for ws in wb.worksheets:  # comments of a copy annotated before the marks sheet existed
        # The cells that exist, not the rectangle around them (iter_rows would make every cell
        # up to the farthest one: half a million for one value typed in CV5000).
        for cell in list(ws._cells.values()):
            if cell.comment is not None and cell.comment.author == COMMENT_AUTHOR:
                cell.comment = None


def _target_cell(problem: Problem) -> str | None:
    """The cell a problem points at: 'B7', or the first cell of a row reference '2:2'."""
    if problem.row is None:
        return None
    return f"{problem.column_letter or 'A'}{problem.row}"
