"""The report of a check: every problem found, counts, and the annotated copies written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .messages import Message
from .problems import Problem, Severity

# Said beside a check or a build, wherever divisions have not sent their work.
NOT_RETURNED = Message(
    "ยังไม่ได้ส่งมาตรการ {count} ส่วนงาน: {names} (เอกสารยังไม่มีมาตรการของส่วนงานเหล่านี้)",
    "{count} divisions have not sent their measures: {names} (the documents lack them)",
)

if TYPE_CHECKING:
    from .files import Written


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...] = ()
    stats: dict[str, int] = field(default_factory=dict)  # division_workbooks, rows, measures
    annotated: tuple[Path, ...] = ()  # output/<name> (ตรวจสอบ).xlsx written for the files with problems
    outputs: tuple[Written, ...] = ()  # the same, with the name each should have had and why not
    removed: tuple[Path, ...] = ()  # annotated copies of workbooks whose problems are gone, deleted

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """No error: the documents can be built (warnings are allowed)."""
        return not self.errors

    @property
    def not_returned(self) -> list[str]:
        """The divisions that have not sent their work (workbook missing, or still blank)."""
        return [p.value for p in self.problems if p.code in ("division-not-returned", "division-workbook-missing")]

    @property
    def not_returned_note(self) -> Message | None:
        """The sentence that names them, or None when every division has sent."""
        names = self.not_returned
        return NOT_RETURNED.fill(count=len(names), names=", ".join(names)) if names else None

    def summary(self) -> dict[str, int]:
        """The counts a person reads first: files, rows typed, measures kept, errors, warnings."""
        return {
            "division_workbooks": 0,
            "rows": 0,
            "measures": 0,
            **self.stats,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }

    def as_dict(self, lang: str = "th") -> dict[str, Any]:
        """The report as `itadocs validate --json` prints it."""
        return {
            "valid": self.ok,
            "stats": self.summary(),
            "problems": [p.as_dict(lang) for p in self.problems],
            "annotated": [str(p) for p in self.annotated],
            "removed": [str(p) for p in self.removed],
            "notices": [w.notice(lang) for w in self.outputs if w.notice is not None],
        }
