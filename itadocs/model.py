"""The plain records the pipeline passes between stages.

Raw records (what a sheet holds, with cell references) come out of `excel.read`;
checked records (Agency, Measure, Assessment) come out of `validate` and are frozen;
a `Project` is the checked whole that the documents are rendered from.  None of them
knows openpyxl or python-docx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .criteria import Criteria, Indicator, Result, SubIndicator, Tool
from .thai import normalize_text


def division_key(name: str) -> str:
    """What makes two names one division, wherever names meet (the agency's list, a workbook's
    division cell, its file name, a link, an upload): the letters as typed and repaired, spacing
    and letter case aside, so "กอง คลัง" is "กองคลัง"."""
    return "".join(normalize_text(name).split()).casefold()


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


@dataclass(frozen=True)
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
    criteria_set: str = ""  # "" for the general criteria; another agency type's list otherwise
    divisions: tuple[str, ...] = ()
    grouping: str = ""  # "" each document's own form; schema.GROUP_BY_TOOL or schema.AS_WRITTEN for every report
    own_score: float | None = None  # the result of the fiscal year itself, once ITAS shows it (12-month report)
    own_level: str = ""

    @property
    def assessed_year(self) -> int:
        """The measures of year N answer the ITA results of year N-1."""
        return self.fiscal_year - 1


@dataclass(frozen=True)
class Measure:
    """One measure owned by a division: a row of A part 2, B and C alike."""

    division: str
    file: str
    sheet: str
    row: int
    tool: str  # "IIT" / "EIT" / "OIT"
    indicator: Indicator | None
    questions: tuple[str, ...]  # canonical codes, "e11"
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
    sub_indicator: SubIndicator | None = None  # when one was typed ("9.2")
    analysis: str = ""  # the division's own analysis, printed as typed ("" : drafted from the scores)
    answers_issue: int | None = None  # the part-1 issue chosen; None: the one of its first question code
    answers_issue_title: str = ""  # the title typed with the number (the form's list at the time)
    # Every tool and indicator it names ("IIT 3 / OIT 9.2"); `tool`, `indicator` and `sub_indicator`
    # are the first of them, which the grouped report files it under.
    tools: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    sub_indicators: tuple[SubIndicator, ...] = ()


@dataclass(frozen=True)
class IndicatorScore:
    indicator: Indicator  # its name as the coordinator's workbook gives it
    score: float | None


@dataclass(frozen=True)
class ToolScore:
    tool: Tool
    score: float | None  # as typed from ITAS; None when not typed


@dataclass(frozen=True)
class AnalysisIssue:
    """A theme of part 1 of the measures document ("ประเด็นที่ ๑ ...")."""

    number: int
    title: str


@dataclass(frozen=True)
class Item:
    """One question item of last year's assessment, with its score and finding."""

    issue: int
    tool: str
    code: str  # canonical, "e11"
    question: str
    score: float
    finding: str = ""
    row: int = 0


@dataclass(frozen=True)
class Assessment:
    """Last year's ITA results, which the measures document analyses."""

    year: int  # BE, the assessed fiscal year
    overall: float | None
    indicators: tuple[IndicatorScore, ...] = ()
    issues: tuple[AnalysisIssue, ...] = ()
    items: tuple[Item, ...] = ()
    tools: tuple[ToolScore, ...] = ()  # each tool's score as typed from ITAS
    result_level: str = ""  # the level as typed from ITAS ("ผ่าน", "ผ่านดี", "A"), or ""

    def issues_by_question(self) -> dict[str, int]:
        """The part-1 issue of each question code, as the coordinator's ข้อคำถาม sheet places it
        (the lowest-numbered issue when a code is placed under two)."""
        titled = {issue.number for issue in self.issues}
        found: dict[str, int] = {}
        for item in self.items:
            if item.issue in titled:
                found[item.code] = min(item.issue, found.get(item.code, item.issue))
        return found

    @property
    def has_scores(self) -> bool:
        """Whether there is anything for the measures document to analyse."""
        return self.overall is not None or any(s.score is not None for s in self.indicators)

    def tool_scores(self) -> dict[str, float | None]:
        """Each tool's score: as typed, else the mean of its indicators' scores when all are there
        (ITAS computes a tool's score so: a published document's tools give its printed total)."""
        typed = {t.tool.code: t.score for t in self.tools}
        scores: dict[str, float | None] = {}
        for code in dict.fromkeys(s.indicator.tool for s in self.indicators):
            mine = [s.score for s in self.indicators if s.indicator.tool == code]
            known = [score for score in mine if score is not None]
            mean = sum(known) / len(known) if known and len(known) == len(mine) else None
            scores[code] = typed[code] if typed.get(code) is not None else mean
        return scores

    def result(self, criteria: Criteria) -> Result | None:
        """The overall result a document states (the typed level wins), or None without a score."""
        if self.overall is None:
            return None
        return criteria.result(self.overall, self.tool_scores(), self.result_level)


@dataclass(frozen=True)
class Project:
    """One agency's checked inputs: what every document is rendered from.

    It exists only when the inputs have no error (or, for a draft, when the agency itself
    could be read); the problems found on the way are in the `Report` beside it.
    """

    root: Path  # the project folder, holding inputs/ and output/
    agency: Agency
    criteria: Criteria
    assessment: Assessment
    measures: tuple[Measure, ...]  # in merge order
