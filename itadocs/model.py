"""The plain records the pipeline passes between stages.

Raw records (what a sheet holds, with cell references) come out of `workbook`;
checked records (Agency, Measure) come out of `validate`.  Neither knows openpyxl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .criteria import Indicator


@dataclass(frozen=True)
class Cell:
    value: Any  # as openpyxl gave it: str, int, float, datetime, bool or None
    ref: str  # "B7"


@dataclass
class SheetRow:
    """One non-empty row of a measures sheet, keyed by schema column key."""

    file: str
    sheet: str
    row: int
    cells: dict[str, Cell]


@dataclass
class DivisionSheet:
    file: str
    sheet: str
    division: str
    division_ref: str  # where the name was read ("B1"), or "" when taken from the file name
    rows: list[SheetRow] = field(default_factory=list)


@dataclass
class AgencySheet:
    file: str
    sheet: str
    values: dict[str, Cell]
    divisions: list[str]
    tables: dict[str, list[SheetRow]] = field(default_factory=dict)  # by sheet name (schema.AGENCY_TABLES)


@dataclass
class Agency:
    name: str
    district: str
    province: str
    fiscal_year: int  # BE
    round: int  # 6 or 12
    reporter_name: str = ""
    reporter_position: str = ""
    approver_name: str = ""
    approver_position: str = ""
    font: str = ""
    divisions: list[str] = field(default_factory=list)

    @property
    def assessed_year(self) -> int:
        """The measures of year N answer the ITA results of year N-1."""
        return self.fiscal_year - 1


@dataclass
class Measure:
    """One measure owned by a division: a row of A part 2, B and C alike."""

    division: str
    file: str
    sheet: str
    row: int
    tool: str  # "IIT" / "EIT" / "OIT"
    indicator: Indicator | None
    questions: list[str]  # canonical codes, "e11"
    issue: str
    measure: str = ""
    responsible: str = ""
    steps: str = ""
    monitoring: str = ""
    period: str = ""
    progress: str = ""
    summary: str = ""
    outcome: str = ""
    evidence: str = ""
    order: int | None = None


@dataclass
class IndicatorScore:
    indicator: Indicator  # its name as the coordinator's workbook gives it
    score: float | None


@dataclass
class AnalysisIssue:
    """A theme of part 1 of the measures document ("ประเด็นที่ ๑ ...")."""

    number: int
    title: str


@dataclass
class Item:
    """One question item of last year's assessment, with its score and finding."""

    issue: int
    tool: str
    code: str  # canonical, "e11"
    question: str
    score: float
    finding: str = ""
    row: int = 0


@dataclass
class Assessment:
    """Last year's ITA results, which the measures document analyses."""

    year: int  # BE, the assessed fiscal year
    overall: float | None
    indicators: list[IndicatorScore] = field(default_factory=list)
    issues: list[AnalysisIssue] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
