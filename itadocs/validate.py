"""Checks raw sheet records and turns them into Agency and Measure records.

Works on plain records (no files), collects every problem, never stops at the first.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from . import schema
from .criteria import Criteria
from .model import Agency, AgencySheet, Cell, DivisionSheet, Measure, SheetRow
from .problems import Problem
from .thai import normalize_text, repair_excel_date, thai_date, to_arabic_digits


def cell_text(value: object) -> str:
    """What a reader should see for a cell value: repaired text, dates as Thai dates."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return thai_date(repair_excel_date(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_text(value)


def is_damaged(value: object) -> bool:
    """True when repair changed more than spacing: the division should learn of it."""
    if not isinstance(value, str):
        return False
    return "".join(normalize_text(value).split()) != "".join(value.split())


def parse_int(value: object) -> int | None:
    """7, 7.0, '7', '๗', ' 7 ' -> 7; anything else -> None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = to_arabic_digits(normalize_text(value))
    return int(text) if re.fullmatch(r"\d+", text) else None


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


def validate_agency(sheet: AgencySheet, round_override: int | None = None) -> tuple[Agency | None, list[Problem]]:
    problems: list[Problem] = []
    values: dict[str, object] = {}
    for fld in schema.AGENCY_FIELDS:
        cell = sheet.values.get(fld.key)
        where = dict(file=sheet.file, sheet=sheet.sheet, cell=cell.ref if cell else "", column=fld.label)
        raw = cell.value if cell else None
        if fld.kind == schema.YEAR:
            parsed = parse_fiscal_year(raw)
            expected = ("ปีงบประมาณ พ.ศ. สี่หลัก เช่น 2568", "a 4-digit Buddhist-era year such as 2568")
        elif fld.kind == schema.ROUND:
            parsed = round_override or parse_round(raw)
            expected = ("6 หรือ 12", "6 or 12")
        else:
            parsed = cell_text(raw)
            expected = ("", "")
        if parsed in (None, ""):
            if raw in (None, "") and fld.required:
                problems.append(Problem("value-required", **where))
            elif raw not in (None, ""):
                problems.append(Problem("value-invalid", value=str(raw), **where,
                                        details={"expected": expected[0], "expected_en": expected[1]}))
        values[fld.key] = parsed if parsed is not None else ""
    if any(p.severity.value == "error" for p in problems):
        return None, problems
    return Agency(divisions=[normalize_text(d) for d in sheet.divisions if normalize_text(d)], **values), problems


def validate_division(sheet: DivisionSheet, criteria: Criteria, round_months: int) -> tuple[list[Measure], list[Problem]]:
    problems: list[Problem] = []
    if not sheet.division:
        problems.append(Problem("division-name-missing", file=sheet.file, sheet=sheet.sheet, cell=sheet.division_ref or "B1"))
    measures = []
    for row in sheet.rows:
        measure, row_problems = validate_row(row, sheet.division, criteria, round_months)
        problems.extend(row_problems)
        if measure is not None:
            measures.append(measure)
    return measures, problems


def validate_row(row: SheetRow, division: str, criteria: Criteria, round_months: int) -> tuple[Measure | None, list[Problem]]:
    """One row of a measures sheet: a Measure, or None when an error makes it unusable."""
    problems: list[Problem] = []
    texts: dict[str, str] = {}

    def problem(code: str, column: schema.Column, cell: Cell | None, **details: str) -> None:
        problems.append(Problem(code, file=row.file, sheet=row.sheet, cell=cell.ref if cell else f"{row.row}:{row.row}",
                                column=column.title, value="" if cell is None or cell.value is None else str(cell.value),
                                details=details))

    for column in schema.MEASURE_COLUMNS:
        cell = row.cells.get(column.key)
        raw = cell.value if cell else None
        texts[column.key] = cell_text(raw)
        if is_damaged(raw):
            problem("text-repaired", column, cell)
        # A column missing from the sheet is reported once, by the reader, not on every row.
        if not texts[column.key] and cell is not None:
            if column.required:
                problem("value-required", column, cell)
            elif round_months in column.rounds:
                problem("round-value-missing", column, cell, round=str(round_months))

    columns = schema.MEASURE_COLUMNS_BY_KEY
    tool = criteria.parse_tool(texts["tool"]) if texts["tool"] else None
    if texts["tool"] and tool is None:
        problem("tool-unknown", columns["tool"], row.cells.get("tool"))

    indicator = None
    if texts["indicator"]:
        raw = row.cells["indicator"].value
        indicator = criteria.parse_indicator(raw)
        if indicator is None:
            problem("indicator-unknown", columns["indicator"], row.cells["indicator"])
        elif tool and indicator.tool != tool.code:
            problems.append(Problem("indicator-tool-mismatch", file=row.file, sheet=row.sheet,
                                    cell=row.cells["indicator"].ref, column=columns["indicator"].title,
                                    value=str(indicator.number),
                                    details={"expected": indicator.tool, "tool": tool.code}))

    codes, bad = criteria.parse_questions(texts["questions"])
    for token in bad:
        problems.append(Problem("question-unknown", file=row.file, sheet=row.sheet,
                                cell=row.cells["questions"].ref, column=columns["questions"].title, value=token))
    if tool:
        for code in codes:
            owner = criteria.tool_of_question(code)
            if owner.code != tool.code:
                problems.append(Problem("question-tool-mismatch", file=row.file, sheet=row.sheet,
                                        cell=row.cells["questions"].ref, column=columns["questions"].title,
                                        value=code, details={"expected": owner.code, "tool": tool.code}))

    if any(p.severity.value == "error" for p in problems):
        return None, problems
    order = parse_int(row.cells["order"].value) if "order" in row.cells else None
    fields = {k: v for k, v in texts.items() if k not in ("tool", "indicator", "questions", "order")}
    return Measure(division=division, file=row.file, sheet=row.sheet, row=row.row, tool=tool.code,
                   indicator=indicator, questions=codes, order=order, **fields), problems
