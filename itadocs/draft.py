"""Draft documents: which rows with errors a draft leaves out (word/draft.py marks the document).

At the deadline one empty cell must not hold back the whole agency: the coordinator
sends a draft to the executive while divisions fix theirs.  A draft says so on every
page and ends with what it does not contain yet, so it cannot pass for the final one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import Message
from .problems import Problem
from .report import Report

# What the command line and the web page say of a draft, beside its documents.
LEFT_OUT_NOTE = Message(
    "ฉบับร่างนี้ไม่ได้รวม {count} รายการที่มีข้อผิดพลาด (รายการอยู่ท้ายเอกสาร)",
    "This draft leaves out {count} entries with errors (listed at its end)",
)


@dataclass(frozen=True)
class LeftOut:
    """One row (or a whole file) not in the draft, and why."""

    file: str
    row: int | None  # None: the problem is not in one row (a column missing, the file unreadable)
    messages: tuple[str, ...]


def left_out(report: Report) -> list[LeftOut]:
    """The rows the draft leaves out: every error, grouped by file and row, in report order."""
    grouped: dict[tuple[str, int | None], list[str]] = {}
    for problem in report.errors:
        grouped.setdefault((problem.file, problem.row), []).append(_text(problem))
    return [LeftOut(file, row, tuple(messages)) for (file, row), messages in grouped.items()]


def _text(problem: Problem) -> str:
    where = f"{problem.cell} " if problem.cell else ""
    return f"{where}{problem.message('th')} [{problem.code}]"
