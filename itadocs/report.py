"""The report of a check: every problem found, counts, and the annotated copies written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, Severity


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...] = ()
    stats: dict[str, int] = field(default_factory=dict)  # division_workbooks, rows, measures
    annotated: tuple[Path, ...] = ()  # output/<name> (ตรวจสอบ).xlsx written for the files with problems

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
                "annotated": [str(p) for p in self.annotated]}
