"""The report of a check: every problem found, counts, and the annotated copies written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problem, Severity

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

    def summary(self) -> dict[str, int]:
        """The counts a person reads first: files, rows typed, measures kept, errors, warnings."""
        return {"division_workbooks": 0, "rows": 0, "measures": 0, **self.stats,
                "errors": len(self.errors), "warnings": len(self.warnings)}

    def as_dict(self, lang: str = "th") -> dict:
        """The report as `itadocs validate --json` prints it."""
        return {"valid": self.ok, "stats": self.summary(),
                "problems": [p.as_dict(lang) for p in self.problems],
                "annotated": [str(p) for p in self.annotated],
                "removed": [str(p) for p in self.removed],
                "notices": [w.notice(lang) for w in self.outputs if w.notice is not None]}
