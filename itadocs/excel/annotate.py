"""The annotated copy of a workbook with problems, mailed back to the division as it is.

Each problem cell is coloured and carries a comment; a first sheet lists every problem
with a link to its cell.  The original in inputs/ is only read.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..problems import Problem
from .style import BODY, BOLD, BOX, ERROR_FILL, HEADER_FILL, LINK, WARNING_FILL, WRAP_TOP, print_setup, row_height

SUMMARY_SHEET = "ปัญหาที่พบ"
_CELL_REF = re.compile(r"^[A-Z]{1,3}\d+$")


def write_annotated_copy(source: Path, problems: list[Problem], target: Path, lang: str = "th") -> Path:
    """A copy of `source` with each problem cell coloured and commented, and a summary sheet
    linking to every problem.  The original is only read."""
    from openpyxl.comments import Comment

    wb = load_workbook(source)  # formulas kept as typed: the division gets its own file back
    summary = wb.create_sheet(SUMMARY_SHEET, 0)
    headings = ("ระดับ", "แผ่นงาน", "เซลล์", "คอลัมน์", "ค่าที่พบ", "ข้อความ", "รหัส")
    for col, (heading, width) in enumerate(zip(headings, (12, 16, 10, 30, 30, 80, 24), strict=False), start=1):
        cell = summary.cell(1, col, heading)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
        summary.column_dimensions[get_column_letter(col)].width = width
    summary.freeze_panes = "A2"
    summary.row_dimensions[1].height = 24
    print_setup(summary, title_rows="1:1")
    notes: dict[tuple[str, str], list[Problem]] = {}
    for row, problem in enumerate(problems, start=2):
        is_error = problem.severity.value == "error"
        values = ("ข้อผิดพลาด" if is_error else "คำเตือน", problem.sheet, problem.cell, problem.column,
                  problem.value, problem.message(lang), problem.code)
        for col, value in enumerate(values, start=1):
            cell = summary.cell(row, col, value)
            cell.font, cell.alignment = BODY, WRAP_TOP
        summary.cell(row, 1).fill = ERROR_FILL if is_error else WARNING_FILL
        summary.row_dimensions[row].height = row_height([(problem.message(lang), 80), (problem.value, 30),
                                                          (problem.column, 30)])
        target_cell = _target_cell(problem)
        if problem.sheet in wb.sheetnames and target_cell:
            link = summary.cell(row, 3)
            link.hyperlink = f"#'{problem.sheet}'!{target_cell}"
            link.font = LINK
            notes.setdefault((problem.sheet, target_cell), []).append(problem)
    for (sheet, ref), found in notes.items():
        cell = wb[sheet][ref]
        worst = "error" if any(p.severity.value == "error" for p in found) else "warning"
        cell.fill = ERROR_FILL if worst == "error" else WARNING_FILL
        text = "\n".join(f"[{p.code}] {p.message(lang)}" for p in found)
        cell.comment = Comment(text, "itadocs", width=360, height=max(80, 40 * len(found)))
    wb.active = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def _target_cell(problem: Problem) -> str | None:
    """The cell a problem points at: 'B7', or the first cell of a row reference '2:2'."""
    if _CELL_REF.match(problem.cell):
        return problem.cell
    match = re.match(r"^(\d+):\d+$", problem.cell)
    return f"A{match[1]}" if match else None

