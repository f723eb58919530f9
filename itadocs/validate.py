"""Checks raw sheet records and turns them into Agency and Measure records.

Works on plain records (no files), collects every problem, never stops at the first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from . import schema
from .criteria import Criteria, Indicator, IndicatorRef, SubIndicator, Tool
from .messages import Message
from .model import (
    Agency,
    AgencySheet,
    AnalysisIssue,
    Assessment,
    DivisionSheet,
    IndicatorScore,
    Item,
    Measure,
    SheetRow,
    ToolScore,
    division_key,
)
from .paths import division_from_file_name
from .problems import Problem, has_errors
from .thai import dates_in_text, normalize_text, repair_excel_date, round_period, thai_date, to_arabic_digits


def cell_text(value: object) -> str:
    """What a reader should see for a cell value: repaired text, dates as Thai dates."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return thai_date(repair_excel_date(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_text(value)


def is_damaged(value: object, repaired: str | None = None) -> bool:
    """True when repair changed more than spacing: the division should learn of it."""
    if not isinstance(value, str):
        return False
    repaired = normalize_text(value) if repaired is None else repaired
    return "".join(repaired.split()) != "".join(value.split())


def parse_int(value: object) -> int | None:
    """7, 7.0, '7', '๗', ' 7 ', and numbering as people type it ('๑.', '1)', '(1)') -> 7 or 1;
    anything else -> None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = to_arabic_digits(normalize_text(value))
    match = re.fullmatch(r"\(?\s*(\d+)\s*[.)]?", text)
    return int(match[1]) if match and not (text.startswith("(") and not text.endswith(")")) else None


def is_record(row: SheetRow, table: schema.Table) -> bool:
    """Whether a row holds data: a cell filled outside the columns written ahead of time.

    A form's rows can be prefilled (the year's question codes) or numbered ahead in ลำดับ;
    such a row alone is not a measure or an item.
    """
    ahead = {c.key for c in table.columns if c.ahead}
    return any(
        key not in ahead and cell.value not in (None, "") and cell_text(cell.value) for key, cell in row.cells.items()
    )


def parse_fiscal_year(value: object) -> int | None:
    """A BE fiscal year from '2568', 'พ.ศ. ๒๕๖๘', 2568.0, or a CE year 2025 (converted)."""
    text = to_arabic_digits(normalize_text(value))
    match = re.search(r"\d{4}", text)
    if not match:
        return None
    year = int(match[0])
    if 1900 < year < 2200:
        year += 543
    return year if 2500 <= year <= 2700 else None


def parse_round(value: object) -> int | None:
    text = to_arabic_digits(normalize_text(value))
    match = re.match(r"^(\d{1,2})(?:\.0)?(?:\s*เดือน)?$", text)
    return int(match[1]) if match and int(match[1]) in (6, 12) else None


def validate_agency(sheet: AgencySheet, round: int | None = None) -> tuple[Agency | None, list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, object] = {}
    # Scores, levels and thresholds belong to the assessment and the criteria, read elsewhere;
    # the year's own result is read below.
    for fld in (f for f in schema.AGENCY_FIELDS if f.kind not in (schema.SCORE, schema.LEVEL, schema.GROUPING)):
        cell = sheet.values.get(fld.key)
        where: dict[str, Any] = {
            "file": sheet.file,
            "sheet": sheet.sheet,
            "cell": cell.ref if cell else "",
            "column": fld.label,
        }
        raw = cell.value if cell else None
        parsed: object
        if fld.kind == schema.YEAR:
            parsed = parse_fiscal_year(raw)
            expected = Message("ปีงบประมาณ พ.ศ. สี่หลัก เช่น 2568", "a 4-digit Buddhist-era year such as 2568")
        elif fld.kind == schema.ROUND:
            parsed = round or parse_round(raw)
            expected = Message("6 หรือ 12", "6 or 12")
        else:
            parsed = cell_text(raw)
            expected = Message("", "")
        if parsed in (None, ""):
            if raw in (None, "") and fld.required:
                problems.append(Problem("value-required", **where))
            elif raw not in (None, ""):
                problems.append(Problem("value-invalid", value=str(raw), **where, details={"expected": expected}))
        values[fld.key] = parsed if parsed is not None else ""
    values["grouping"] = _grouping(sheet, problems)
    values["own_score"], values["own_level"] = _own_result(sheet, problems)
    if has_errors(problems):
        return None, problems
    divisions = tuple(name for name in (normalize_text(d) for d in sheet.divisions) if name)
    return Agency(divisions=divisions, **values), problems  # type: ignore[arg-type]  # parsed by kind above


def _field(key: str) -> schema.Field:
    return next(f for f in schema.AGENCY_FIELDS if f.key == key)


def parse_grouping(value: object) -> str | None:
    """การเรียงมาตรการในรายงาน: "" (each document's form), GROUP_BY_TOOL or AS_WRITTEN; None when not one."""
    text = "".join(normalize_text(value).split())
    if not text or text in ("ตามแบบของเอกสาร", "ตามแบบเอกสาร"):
        return ""
    for key, label in schema.GROUPINGS.items():
        if text == "".join(label.split()) or text.lower() == key:
            return key
    if "เครื่องมือ" in text or "ตัวชี้วัด" in text:
        return schema.GROUP_BY_TOOL
    if "ลำดับ" in text:
        return schema.AS_WRITTEN
    return None


def _grouping(sheet: AgencySheet, problems: list[Problem]) -> str:
    cell = sheet.values.get("grouping")
    grouping = parse_grouping(cell.value if cell else None)
    if grouping is None and cell is not None:
        choices = ", ".join(schema.GROUPINGS.values())
        problems.append(
            Problem(
                "value-invalid",
                file=sheet.file,
                sheet=sheet.sheet,
                cell=cell.ref,
                column=_field("grouping").label,
                value=str(cell.value),
                details={"expected": Message(f"ว่างไว้ หรือ {choices}", f"empty, or {choices}")},
            )
        )
    return grouping or ""


def _own_result(sheet: AgencySheet, problems: list[Problem]) -> tuple[float | None, str]:
    """The fiscal year's own result as typed from ITAS (for the 12-month report's opening)."""
    score = None
    cell = sheet.values.get("own_score")
    if cell is not None and cell.value not in (None, ""):
        score = parse_score(cell.value)
        if score is None:
            problems.append(
                Problem(
                    "score-invalid",
                    file=sheet.file,
                    sheet=sheet.sheet,
                    cell=cell.ref,
                    column=_field("own_score").label,
                    value=str(cell.value),
                )
            )
    level = sheet.values.get("own_level")
    return score, cell_text(level.value) if level else ""


@dataclass(frozen=True)
class Part1:
    """What a measure is checked against in the coordinator's workbook: the issues of part 1 of the
    measures document, where its questions sit, and whether that document will be written."""

    issues: dict[int, str] = field(default_factory=dict)  # number -> title
    by_question: dict[str, int] = field(default_factory=dict)  # question code -> issue number
    drafts_analysis: bool = False  # the measures document is written: an empty analysis is drafted

    @classmethod
    def of(cls, assessment: Assessment) -> Part1:
        return cls(
            {i.number: i.title for i in assessment.issues}, assessment.issues_by_question(), assessment.has_scores
        )


def validate_division(
    sheet: DivisionSheet, criteria: Criteria, round: int, fiscal_year: int | None = None, part1: Part1 | None = None
) -> tuple[list[Measure], list[Problem]]:
    problems: list[Problem] = []
    if not sheet.division:
        problems.append(
            Problem("division-name-missing", file=sheet.file, sheet=sheet.sheet, cell=sheet.division_ref or "B1")
        )
    measures = []
    for row in sheet.rows:
        measure, row_problems = validate_row(row, sheet.division, criteria, round, fiscal_year, part1)
        problems.extend(row_problems)
        if measure is not None:
            measures.append(measure)
    return measures, problems


def parse_score(value: object) -> float | None:
    """78.42, '78.42', '๗๘.๔๒', '78,42'? no: a score is a number 0-100, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = to_arabic_digits(normalize_text(value)).removesuffix("คะแนน").strip()
        if not re.fullmatch(r"\d{1,3}(?:\.\d+)?", text):
            return None
        number = float(text)
    return number if 0 <= number <= 100 else None


class RowReader:
    """Parses one sheet row by the kinds of its table's columns, collecting problems."""

    def __init__(self, row: SheetRow, table: schema.Table, criteria: Criteria):
        self.row, self.table, self.criteria = row, table, criteria
        self.problems: list[Problem] = []
        self.texts = {c.key: cell_text(row.cells[c.key].value) if c.key in row.cells else "" for c in table.columns}

    def problem(self, code: str, key: str, value: str | None = None, **details: object) -> None:
        cell = self.row.cells.get(key)
        found = value if value is not None else ("" if cell is None or cell.value is None else str(cell.value))
        self.problems.append(
            Problem(
                code,
                file=self.row.file,
                sheet=self.row.sheet,
                cell=cell.ref if cell else f"{self.row.row}:{self.row.row}",
                column=self.table.column(key).title,
                value=found,
                details=details,
            )
        )

    def check_text(self, round: int | None = None) -> None:
        """Required values present, damage reported; round fields expected in their round."""
        for column in self.table.columns:
            cell = self.row.cells.get(column.key)
            if cell is None:
                continue  # a column missing from the sheet is reported once, by the reader
            if is_damaged(cell.value, self.texts[column.key]):
                self.problem("text-repaired", column.key)
            if isinstance(cell.value, (datetime, date)) and cell.value.year > 2400:
                self.problem("date-buddhist-year", column.key, str(cell.value.year))
            if not self.texts[column.key]:
                if column.required_for(round):
                    self.problem("value-required", column.key)
                elif round in column.rounds:
                    self.problem("round-value-missing", column.key, round=str(round))

    def check_round_dates(self, fiscal_year: int, round: int) -> None:
        """Dates in the round's own fields (what was done when) should fall inside the round."""
        start, end = round_period(fiscal_year, round)
        span = f"{thai_date(start)} - {thai_date(end)}"
        for column in self.table.columns:
            if round not in column.rounds:
                continue
            for words, day in dates_in_text(self.texts[column.key]):
                if not start <= day <= end:
                    self.problem("date-outside-round", column.key, words, expected=span)

    def tool(self, key: str = "tool") -> Tool | None:
        if not self.texts[key]:
            return None
        tool = self.criteria.parse_tool(self.texts[key])
        if tool is None:
            self.problem("tool-unknown", key)
        return tool

    def indicator(self, tool: Tool | None, key: str = "indicator") -> Indicator | None:
        return self.indicator_ref(tool, key)[0]

    def indicator_ref(self, tool: Tool | None, key: str = "indicator") -> tuple[Indicator | None, SubIndicator | None]:
        """The indicator, and the sub-indicator when one was typed ("9.2")."""
        if not self.texts[key]:
            return None, None
        indicator, sub = self.criteria.parse_indicator_ref(self.row.cells[key].value)
        if indicator is None:
            self.problem("indicator-unknown", key)
        elif tool and indicator.tool != tool.code:
            self.problem("indicator-tool-mismatch", key, str(indicator.number), expected=indicator.tool, tool=tool.code)
        return indicator, sub

    def tools(self, key: str = "tool") -> list[Tool]:
        """One tool or several ('IIT, OIT'); each token that is none is a problem."""
        if not self.texts[key]:
            return []
        tools, bad = self.criteria.parse_tools(self.texts[key])
        for token in bad:
            self.problem("tool-unknown", key, token)
        return tools

    def indicator_refs(self, tools: list[Tool], key: str = "indicator") -> tuple[list[IndicatorRef], list[Tool]]:
        """The indicators a measure cites ('9.2, 9.3', 'IIT 3 / OIT 9') and the tools the cell names.
        An indicator of another tool than those typed is a problem unless the cell named its tool."""
        if not self.texts.get(key):
            return [], []
        refs, named, bad = self.criteria.parse_indicator_refs(self.row.cells[key].value)
        for token in bad:
            self.problem("indicator-unknown", key, token)
        codes = {t.code for t in tools}
        for ref in refs:
            if codes and not ref.tool_named and ref.indicator.tool not in codes:
                self.problem(
                    "indicator-tool-mismatch",
                    key,
                    str(ref.indicator.number),
                    expected=ref.indicator.tool,
                    tool=", ".join(sorted(codes)),
                )
        return refs, named

    def questions(self, tool: Tool | Sequence[Tool] | None, key: str = "questions") -> list[str]:
        codes, bad = self.criteria.parse_questions(self.texts[key])
        tools = [tool] if isinstance(tool, Tool) else list(tool or ())
        for token in bad:
            self.problem("question-unknown", key, token)
        for code in codes:
            owner = self.criteria.tool_of_question(code)
            if tools and owner not in tools:
                self.problem(
                    "question-tool-mismatch", key, code, expected=owner.code, tool=", ".join(t.code for t in tools)
                )
            elif not self.criteria.knows_question(code):
                self.problem("question-not-in-criteria", key, code, **question_range(self.criteria, owner))
        return codes

    def issue_choice(self, part1: Part1, codes: list[str], key: str = "answers_issue") -> tuple[int | None, str]:
        """The part-1 issue chosen ('3', '๓', '3 การให้บริการ...', or its title alone) and the title
        typed with it; warnings when part 1 has no such issue, names it otherwise, or places the
        measure's first question elsewhere.  (None, "") when none was chosen or it is unknown."""
        text = self.texts.get(key, "")
        if not text:
            return None, ""
        match = re.fullmatch(r"(?:ประเด็น(?:ที่)?\s*)?(\d{1,3})\s*[.)]?\s*(.*)", to_arabic_digits(text), re.DOTALL)
        number, title = (int(match[1]), match[2].strip()) if match else (None, text)
        if number is None:
            number = next((n for n, t in part1.issues.items() if _squash(t) == _squash(title)), None)
        if not part1.issues:
            return number, title
        if number not in part1.issues:
            self.problem("measure-issue-unknown", key, expected=schema.ANALYSIS_ISSUES.sheet)
            return None, ""
        if title and _squash(title) != _squash(part1.issues[number]):
            self.problem("measure-issue-title-differs", key, number=str(number), expected=part1.issues[number])
        inferred = next(((code, part1.by_question[code]) for code in codes if code in part1.by_question), None)
        if inferred and inferred[1] != number:
            self.problem(
                "measure-issue-differs", key, number=str(number), question=inferred[0], inferred=str(inferred[1])
            )
        return number, title

    def score(self, key: str = "score") -> float | None:
        if not self.texts[key]:
            return None
        score = parse_score(self.row.cells[key].value)
        if score is None:
            self.problem("score-invalid", key)
        return score

    def integer(self, key: str) -> int | None:
        if not self.texts[key]:
            return None
        number = parse_int(self.row.cells[key].value)
        if number is None:
            self.problem("value-invalid", key, expected=Message("จำนวนเต็ม เช่น 1", "a whole number such as 1"))
        return number

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def validate_row(
    row: SheetRow,
    division: str,
    criteria: Criteria,
    round: int,
    fiscal_year: int | None = None,
    part1: Part1 | None = None,
) -> tuple[Measure | None, list[Problem]]:
    """One row of a measures sheet: a Measure, or None when an error makes it unusable."""
    part1 = part1 or Part1()
    read = RowReader(row, schema.MEASURES, criteria)
    read.check_text(round)
    if fiscal_year:
        read.check_round_dates(fiscal_year, round)
    typed_tools = read.tools()
    refs, named_tools = read.indicator_refs(typed_tools)
    tools = list(
        dict.fromkeys(
            [
                *typed_tools,
                *named_tools,
                *(criteria.tool(r.indicator.tool) for r in refs if r.tool_named or not typed_tools),
            ]
        )
    )
    codes = read.questions(tools)
    if not tools:  # a 12-month row may name no tool: its questions say which
        tools = list(dict.fromkeys(criteria.tool_of_question(code) for code in codes))
    if round == 12 and not read.texts["measure"] and not read.texts["issue"]:
        read.problem("value-required", "measure")  # the 12-month report names each measure
    order = read.integer("order")
    answers, answers_title = read.issue_choice(part1, codes)
    if part1.drafts_analysis and not read.texts["analysis"]:
        read.problem("analysis-drafted", "analysis")
    if not read.ok:
        return None, read.problems
    primary = tools[0].code if tools else ""
    first = next((r for r in refs if r.indicator.tool == primary), None)
    parsed = ("tool", "indicator", "questions", "order", "answers_issue")
    fields = {k: v for k, v in read.texts.items() if k not in parsed}
    return Measure(
        division=division,
        file=row.file,
        sheet=row.sheet,
        row=row.row,
        tool=primary,
        indicator=first.indicator if first else None,
        questions=tuple(codes),
        order=order,
        sub_indicator=first.sub_indicator if first else None,
        answers_issue=answers,
        answers_issue_title=answers_title,
        tools=tuple(t.code for t in tools),
        indicators=tuple(dict.fromkeys(r.indicator for r in refs)),
        sub_indicators=tuple(r.sub_indicator for r in refs if r.sub_indicator),
        **fields,
    ), read.problems


def project_criteria(sheet: AgencySheet, agency: Agency, criteria: Criteria) -> Criteria:
    """The criteria as the coordinator's workbook adjusts them: pass mark and indicator names.

    The result scale is not adjustable: the coordinator types the official result instead,
    and a typed level always wins.
    """
    changes: dict[str, Any] = {}
    for key in ("pass_mark", "keep_level_score"):
        cell = sheet.values.get(key)
        value = parse_score(cell.value) if cell else None
        if value is not None:
            changes[key] = value
    names = {}
    for row in sheet.tables.get(schema.INDICATOR_SCORES.sheet, []):
        read = RowReader(row, schema.INDICATOR_SCORES, criteria)
        indicator = read.indicator(None)
        if indicator and read.texts["name"]:
            names[indicator.number] = read.texts["name"]
    if names:
        changes["indicators"] = tuple(replace(i, name=names.get(i.number, i.name)) for i in criteria.indicators)
    return replace(criteria, **changes)


def validate_assessment(sheet: AgencySheet, agency: Agency, criteria: Criteria) -> tuple[Assessment, list[Problem]]:
    """Last year's results from the coordinator's workbook; rows with errors are left out and reported.

    Rows holding only what `init` prefilled (the year's tools, indicators and question codes)
    are not results and are skipped.
    """
    problems: list[Problem] = []
    overall_cell = sheet.values.get("overall_score")
    overall = None
    if overall_cell and overall_cell.value not in (None, ""):
        overall = parse_score(overall_cell.value)
        if overall is None:
            problems.append(
                Problem(
                    "score-invalid",
                    file=sheet.file,
                    sheet=sheet.sheet,
                    cell=overall_cell.ref,
                    column="คะแนน ITA ภาพรวม",
                    value=str(overall_cell.value),
                )
            )

    typed_tools: dict[str, float | None] = {}
    for row in _records(sheet, schema.TOOL_SCORES):
        read = RowReader(row, schema.TOOL_SCORES, criteria)
        read.check_text()
        tool = read.tool()
        score = read.score()
        problems.extend(read.problems)
        if tool and read.ok:
            typed_tools[tool.code] = score

    scores: dict[int, float | None] = {}
    for row in _records(sheet, schema.INDICATOR_SCORES):
        read = RowReader(row, schema.INDICATOR_SCORES, criteria)
        read.check_text()
        indicator = read.indicator(read.tool())
        score = read.score()
        problems.extend(read.problems)
        if indicator and read.ok:
            scores[indicator.number] = score

    issues: list[AnalysisIssue] = []
    for row in sheet.tables.get(schema.ANALYSIS_ISSUES.sheet, []):
        read = RowReader(row, schema.ANALYSIS_ISSUES, criteria)
        read.check_text()
        number = read.integer("number")
        problems.extend(read.problems)
        if read.ok and number is not None:
            issues.append(AnalysisIssue(number, read.texts["title"]))
    issues.sort(key=lambda issue: issue.number)
    known_issues = {issue.number for issue in issues}

    items: list[Item] = []
    for row in _records(sheet, schema.ITEMS):
        read = RowReader(row, schema.ITEMS, criteria)
        read.check_text()
        issue = read.integer("issue")
        tool = read.tool()
        codes = read.questions(tool, "code")
        score = read.score()
        if issue is not None and issue not in known_issues:
            read.problem("issue-number-unknown", "issue", expected=schema.ANALYSIS_ISSUES.sheet)
        if len(codes) > 1:
            read.problem("value-invalid", "code", expected=Message("ข้อคำถามเดียวต่อแถว", "one question per row"))
        problems.extend(read.problems)
        # issue, tool and score are required: when one is missing read.ok is already False
        if read.ok and codes and issue is not None and tool is not None and score is not None:
            items.append(
                Item(issue, tool.code, codes[0], read.texts["question"], score, read.texts["finding"], row.row)
            )
    indicators = tuple(IndicatorScore(i, scores.get(i.number)) for i in criteria.indicators)
    tools = tuple(ToolScore(t, typed_tools.get(t.code)) for t in criteria.tools)
    level_cell = sheet.values.get("result_level")
    assessment = Assessment(
        agency.assessed_year,
        overall,
        indicators,
        tuple(issues),
        tuple(items),
        tools,
        cell_text(level_cell.value) if level_cell else "",
    )
    problems.extend(check_result(sheet, assessment, criteria))
    return assessment, problems


def _records(sheet: AgencySheet, table: schema.Table) -> list[SheetRow]:
    return [row for row in sheet.tables.get(table.sheet, []) if is_record(row, table)]


def check_result(sheet: AgencySheet, assessment: Assessment, criteria: Criteria) -> list[Problem]:
    """The typed official result against the year's scale and the scores: warnings only, since
    what ITAS shows is what the agency writes."""
    overall, scale, pass_mark = assessment.overall, criteria.scale, criteria.pass_mark
    field = next(f for f in schema.AGENCY_FIELDS if f.key == "result_level")
    level_cell = sheet.values.get("result_level") or sheet.values.get("overall_score")
    where = {
        "file": sheet.file,
        "sheet": sheet.sheet,
        "cell": level_cell.ref if level_cell else "",
        "column": field.label,
        "value": assessment.result_level,
    }
    numbers = {"year": criteria.assessment_year, "pass_mark": _number(pass_mark)}
    problems = []
    typed = assessment.result_level
    if typed:
        level = scale.canonical(typed)
        if level is None:
            problems.append(
                Problem("result-level-unknown", **where, details={**numbers, "expected": ", ".join(scale.labels)})
            )
        elif overall is not None and scale.passes(level, overall, pass_mark) != (overall >= pass_mark):
            problems.append(
                Problem("result-level-score-mismatch", **where, details={**numbers, "score": _number(overall)})
            )
    elif overall is not None and not scale.rule_certain:
        rule = scale.rule(overall, assessment.tool_scores(), pass_mark)
        hint = Message(f' (วิธีคิดที่ยังไม่ยืนยันให้ระดับ "{rule}")', f' (the unconfirmed rule gives "{rule}")') if rule else ""
        problems.append(Problem("result-level-not-typed", **where, details={**numbers, "hint": hint}))
    typed_tools = [t for t in assessment.tools if t.score is not None]
    weights = sum(t.tool.weight for t in assessment.tools)
    if overall is not None and typed_tools and len(typed_tools) == len(assessment.tools) and weights:
        expected = sum(t.tool.weight * (t.score or 0) for t in typed_tools) / weights
        # Each printed score is rounded to 0.01, so the weighted sum may differ by up to 0.01.
        if abs(expected - overall) > 0.0101:
            cell = sheet.values.get("overall_score")
            problems.append(
                Problem(
                    "overall-score-mismatch",
                    file=sheet.file,
                    sheet=sheet.sheet,
                    cell=cell.ref if cell else "",
                    column="คะแนน ITA ภาพรวม",
                    value=_number(overall),
                    details={"expected": f"{expected:.2f}"},
                )
            )
    return problems


def _number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def question_range(criteria: Criteria, tool: Tool) -> dict[str, object]:
    """The details of a question-not-in-criteria problem: the year, its codes, and how sure they are."""
    uncertain = criteria.certainty(f"tools.{tool.code}.items") == "uncertain"
    return {
        "year": criteria.assessment_year,
        "known": f"{tool.code} {tool.question_range}",
        "note": Message(" (รายการข้อของปีนี้ยังไม่ยืนยัน)", " (the year's list is not confirmed)") if uncertain else "",
    }


def check_criteria_year(criteria: Criteria, **where: Any) -> list[Problem]:
    """A located warning when the criteria file stands in for a year (or set) that has none."""
    if not criteria.fallback:
        return []
    return [
        Problem(
            "criteria-year-missing",
            value=str(criteria.requested_year),
            **where,
            details={"wanted": criteria.wanted_file, "used": criteria.file, "used_year": criteria.fiscal_year},
        )
    ]


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


def check_divisions(sheets: Sequence[DivisionSheet], listed: Sequence[str]) -> list[Problem]:
    """Two workbooks from one division, and a workbook named after another division."""
    problems = []
    first_file: dict[str, str] = {}
    listed_names = {division_key(name): name for name in listed}
    for sheet in sheets:
        key = division_key(sheet.division)
        if key in first_file:
            problems.append(
                Problem(
                    "division-duplicate",
                    file=sheet.file,
                    sheet=sheet.sheet,
                    cell=sheet.division_ref,
                    value=sheet.division,
                    details={"other": first_file[key]},
                )
            )
        else:
            first_file[key] = sheet.file
        named = division_key(division_from_file_name(sheet.file))
        if sheet.division_ref and named != key and named in listed_names:
            problems.append(
                Problem(
                    "division-file-mismatch",
                    file=sheet.file,
                    sheet=sheet.sheet,
                    cell=sheet.division_ref,
                    value=sheet.division,
                    details={"expected": listed_names[named]},
                )
            )
    return problems


def check_duplicates(measures: Sequence[Measure]) -> list[Problem]:
    """The same measure sent twice, by one division or two: every field alike."""
    seen: dict[tuple[object, ...], Measure] = {}
    problems = []
    for m in measures:
        key = (
            m.tool,
            m.indicator.number if m.indicator else None,
            m.questions,
            *(
                _squash(getattr(m, f))
                for f in ("issue", "measure", "responsible", "steps", "monitoring", "progress", "summary", "outcome")
            ),
        )
        if key in seen:
            first = seen[key]
            problems.append(
                Problem(
                    "measure-duplicate",
                    file=m.file,
                    sheet=m.sheet,
                    cell=f"A{m.row}",
                    details={"other": f"{first.file} › {first.sheet} › แถว {first.row}"},
                )
            )
        else:
            seen[key] = m
    return problems
