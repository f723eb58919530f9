"""What each document says: the list of documents and the template context of each.

Pure functions of a checked `Project` and the round a document reports on; no Word
here (that is `render`).  Texts are plain strings and lists of paragraphs; Thai digits
are applied to the whole rendered document afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from . import schema, thai
from .criteria import LEVELS, Result
from .merging import agency_numbering, group_by_tool
from .model import Assessment, Measure, Project

NOT_REPORTED = "ยังไม่ได้รายงานผลการดำเนินการ"
DOTS = "........................................"
CHART_MARKER = "ITADOCS-CHART-INDICATORS"  # what {{ chart }} renders to, replaced by the chart

Context = dict[str, object]


def _mentions(text: str, code: str) -> bool:
    """Whether the text already names the code ('i1' in 'i1 และ i3 ...', not in 'i11')."""
    plain = thai.to_arabic_digits(text).lower()
    return re.search(rf"(?<![a-z]){code[0]}\s*0*{code[1:]}(?!\d)", plain) is not None


def issue_lines(m: Measure, wording: dict[str, str] | None = None) -> list[str]:
    """The issue cell: question codes lead, as in the published reports, unless the text names
    them; a code whose wording is known (`wording`, question_wording) comes with it, a line each."""
    lines = _lines(m.issue)
    missing = [code for code in m.questions if not _mentions(m.issue, code)]
    worded = [code for code in missing if (wording or {}).get(code)]
    bare = [code for code in missing if code not in worded]
    if bare:
        lines[0] = f"{', '.join(bare)} {lines[0]}".strip()
    return [f"{code} {(wording or {})[code]}" for code in worded] + [line for line in lines if line or not worded]


def question_wording(project: Project) -> dict[str, str]:
    """The wording of each question code: as the coordinator typed it from ITAS (ข้อคำถาม), else
    the criteria's verified text."""
    found = {q.code: q.text for tool in project.criteria.tools for q in tool.questions if q.text}
    found.update({item.code: item.question for item in project.assessment.items if item.question})
    return found


def _lines(text: str) -> list[str]:
    """A measure field's paragraphs.  Validation already repaired the text (thai.normalize_text),
    so splitting is all that is left; a Word cell needs one paragraph even when empty."""
    return text.split("\n")


def _or(lines: list[str], empty: str) -> list[str]:
    return lines if lines != [""] else [empty]


def _measure(m: Measure, wording: dict[str, str] | None = None) -> Context:
    return {
        "division": m.division,
        "tool": m.tool,
        "tools": list(m.tools),
        "indicator": m.indicator.number if m.indicator else None,
        "indicators": [i.number for i in m.indicators],
        "sub_indicator": m.sub_indicator.label if m.sub_indicator else "",
        "questions": list(m.questions),
        "issue": issue_lines(m, wording),
        "measure": m.measure,
        "measure_lines": _lines(m.measure),
        "title": m.measure or m.issue,
        "responsible": _lines(m.responsible),
        "steps": _lines(m.steps),
        "monitoring": _lines(m.monitoring),
        "period": _lines(m.period),
        "progress": _or(_lines(m.progress), NOT_REPORTED),
        "summary": _or(_lines(m.summary), NOT_REPORTED),
        "outcome": _or(_lines(m.outcome), "-"),
        "evidence": m.evidence,
    }


def result_sentence(project: Project) -> str:
    """'... ได้คะแนน ๙๑.๒๗ คะแนน อยู่ในระดับผ่าน (เกณฑ์ผ่าน ๘๕ คะแนน) โดยแยกเป็น IIT ...', or ''.

    The level is the one typed from ITAS, or one the year's scale computes with certainty
    (AA-F); otherwise the sentence says only whether the score passes the pass mark.
    """
    assessment, criteria = project.assessment, project.criteria
    result = assessment.result(criteria)
    if result is None:
        return ""
    return (
        f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. "
        f"{assessment.year} {project.agency.name}ได้คะแนน {thai.thai_number(result.score)} คะแนน "
        f"{result_words(result, criteria.scale.pass_label, criteria.scale.fail_label)} "
        f"(เกณฑ์ผ่าน {thai.thai_number(criteria.pass_mark, 0)} คะแนน){_tool_scores(assessment)}"
    )


def result_words(result: Result, pass_label: str = "ผ่าน", fail_label: str = "ไม่ผ่าน") -> str:
    """'อยู่ในระดับ A ผลการประเมินผ่าน', 'อยู่ในระดับผ่านดี', or 'ผ่านเกณฑ์การประเมิน' when no level is known."""
    verdict = pass_label if result.passed else fail_label
    if not result.level:
        return f"{verdict}เกณฑ์การประเมิน"
    if result.kind == LEVELS:
        return f"อยู่ในระดับ {result.level} ผลการประเมิน{verdict}"
    # Thai words join "ระดับ" directly ("อยู่ในระดับผ่าน"); a Latin letter gets a space.
    return f"อยู่ในระดับ{' ' if result.level.isascii() else ''}{result.level}"


def _tool_scores(assessment: Assessment) -> str:
    """' โดยแยกเป็น IIT ๙๙.๓๖ คะแนน EIT ... และ OIT ...': only the tool scores typed from ITAS."""
    parts = [f"{t.tool.code} {thai.thai_number(t.score)} คะแนน" for t in assessment.tools if t.score is not None]
    if not parts:
        return ""
    listed = " ".join(parts[:-1]) + f" และ {parts[-1]}" if len(parts) > 1 else parts[0]
    return f" โดยแยกตามเครื่องมือการประเมินเป็น {listed}"


def own_result_sentence(project: Project) -> str:
    """'จากการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ... ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ โดยภาพรวมได้
    ๙๒.๕๐ คะแนน อยู่ในระดับผ่าน': the fiscal year's own result, as a 12-month report opens once
    ITAS shows it; '' when it is not typed."""
    agency, criteria = project.agency, project.criteria
    if agency.own_score is None and not agency.own_level:
        return ""
    result = criteria.result(agency.own_score or 0.0, {}, agency.own_level)
    if not agency.own_level and agency.own_score is not None:
        result = criteria.result(agency.own_score, {})
    words = result_words(result, criteria.scale.pass_label, criteria.scale.fail_label)
    score = f"ได้ {thai.thai_number(agency.own_score)} คะแนน " if agency.own_score is not None else ""
    return (
        f"จากการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{agency.name} ประจำปีงบประมาณ พ.ศ. "
        f"{agency.fiscal_year} โดยภาพรวม{score}{words}"
    )


def common_context(project: Project, round: int) -> Context:
    agency = project.agency
    start, end = thai.round_period(agency.fiscal_year, round)
    return {
        "criteria": {"name": project.criteria.name, "file": project.criteria.label},
        "agency": {"name": agency.name, "district": agency.district, "province": agency.province},
        "fiscal_year": agency.fiscal_year,
        "assessed_year": agency.assessed_year,
        "round_months": round,  # the template variable keeps its name: custom templates use it
        "period_line": thai.period_line(agency.fiscal_year, round),
        "period_text": f"ระหว่างวันที่ {thai.thai_date(start)} ถึงวันที่ {thai.thai_date(end)}",
        "result_sentence": result_sentence(project),
        "reporter": {"name": agency.reporter_name or DOTS, "position": agency.reporter_position or DOTS},
        "approver": {"name": agency.approver_name or DOTS, "position": agency.approver_position or DOTS},
        "emblem": "",  # the agency's emblem on the cover: an image put in by the renderer when there is one
    }


def closing_sentence(project: Project, round: int) -> str:
    """The summary that ends a progress report, above the signatures: what the signers vouch for.

    It also keeps the signature block from standing alone on the last page: the renderer
    keeps this paragraph with the signatures, and it is short enough to go with them.
    """
    measures = project.measures
    divisions = len({m.division for m in measures})
    field, done, not_done = (
        ("progress", "รายงานผลการดำเนินการแล้ว", "ยังไม่ได้รายงานผล")
        if round == 6
        else ("summary", "สรุปผลการดำเนินการแล้ว", "ยังไม่ได้สรุปผล")
    )
    reported = sum(bool(getattr(m, field)) for m in measures)
    sentence = (
        f"สรุปผลการดำเนินการรอบ {round} เดือน มาตรการทั้งสิ้น {len(measures)} มาตรการ "
        f"จาก {divisions} ส่วนงาน {done} {reported} มาตรการ"
    )
    missing = len(measures) - reported
    return sentence + (f" {not_done} {missing} มาตรการ" if missing else "")


def progress_6_context(project: Project, round: int = 6) -> Context:
    """Grouped under each tool and indicator, as the official form is, unless the agency chose the
    order written (one group without headings)."""
    tools = []
    wording = question_wording(project)

    def row(m: Measure) -> Context:
        found = _measure(m, wording)
        if m.sub_indicator:  # the group's heading names the indicator; the row, its sub-indicator
            found["issue"] = [f"ตัวชี้วัดย่อยที่ {m.sub_indicator.label}", *issue_lines(m, wording)]
        return found

    if project.agency.grouping == schema.AS_WRITTEN:
        tools.append(
            {
                "code": "",
                "name": "",
                "groups": [{"heading": "", "measures": [_measure(m, wording) for m in project.measures]}],
            }
        )
    for tool_group in (
        group_by_tool(project.measures, project.criteria) if project.agency.grouping != schema.AS_WRITTEN else ()
    ):
        groups = [
            {
                "heading": f"ตัวชี้วัดที่ {g.indicator.number} {g.indicator.name}" if g.indicator else "",
                "measures": [row(m) for m in g.measures],
            }
            for g in tool_group.groups
        ]
        tool = tool_group.tool
        tools.append({"code": tool.code if tool else "", "name": tool.name if tool else "", "groups": groups})
    return {
        **common_context(project, round),
        "document_title": project.criteria.title("progress-6"),
        "tools": tools,
        "closing": closing_sentence(project, round),
    }


def in_report_order(project: Project) -> list[Measure]:
    """Measures in the order of the grouped report: by tool, then indicator, then merge order."""
    return [m for tool in group_by_tool(project.measures, project.criteria) for m in tool.measures]


def progress_12_context(project: Project, round: int = 12) -> Context:
    """In the order the agency wrote its measures, numbered as it numbered them (when it numbered
    them all once), unless the agency chose to group them by tool and indicator."""
    grouped = project.agency.grouping == schema.GROUP_BY_TOOL
    ordered = in_report_order(project) if grouped else list(project.measures)
    own = agency_numbering(ordered) and not grouped
    measures = []
    for n, m in enumerate(ordered, start=1):
        number = m.order if own and m.order is not None else n
        title = _lines(m.measure or m.issue)
        measures.append({**_measure(m), "number": number, "numbered": [f"{number}. {title[0]}", *title[1:]]})
    return {
        **common_context(project, round),
        "document_title": project.criteria.title("progress-12"),
        "opening": own_result_sentence(project) or result_sentence(project),
        "own_result_sentence": own_result_sentence(project),
        "measures": measures,
        "closing": closing_sentence(project, round),
    }


def _score(value: float | None) -> str:
    return thai.thai_number(value) if value is not None else "-"


def measures_context(project: Project, round: int) -> Context:
    criteria, assessment = project.criteria, project.assessment
    tool_rank = {tool.code: i for i, tool in enumerate(criteria.tools)}
    wording = question_wording(project)
    issues = []
    for issue in assessment.issues:
        items = sorted(
            (i for i in assessment.items if i.issue == issue.number),
            key=lambda i: (tool_rank.get(i.tool, 99), int(i.code[1:]), i.row),
        )
        issues.append(
            {
                "number": issue.number,
                "title": issue.title,
                "rows": [
                    {
                        "tool": item.tool,
                        "code": item.code,
                        "question": item.question,
                        "score": _score(item.score),
                        "below_pass": item.score < criteria.pass_mark,
                        "finding": _or(
                            _lines(item.finding), "รักษาระดับ" if item.score >= criteria.keep_level_score else "-"
                        ),
                    }
                    for item in items
                ],
            }
        )

    by_question = assessment.issues_by_question()
    titles = {issue.number: issue.title for issue in assessment.issues}
    part_2 = []
    for m in part_2_order(project):
        number = issue_of(m, by_question, titles)
        analysis = _lines(m.analysis) if m.analysis else draft_analysis(m, project)
        part_2.append(
            {
                **_measure(m, wording),
                "issue_number": number,
                "topic": [f"{number}. {titles[number]}"] if number is not None else issue_lines(m, wording),
                "analysis": analysis,
                "analysis_drafted": not m.analysis,
            }
        )
    by_row = {id(m): row for m, row in zip(part_2_order(project), part_2, strict=True)}
    groups = part_2_groups(project)

    has_scores = any(s.score is not None for s in assessment.indicators)
    return {
        **common_context(project, round),
        "chart": CHART_MARKER if has_scores else "",
        "indicator_rows": [
            {
                "tool": s.indicator.tool,
                "number": s.indicator.number,
                "name": s.indicator.name,
                "score": _score(s.score),
                "below_pass": s.score is not None and s.score < criteria.pass_mark,
            }
            for s in assessment.indicators
        ],
        "flag_note": f"* คะแนนต่ำกว่าเกณฑ์ผ่าน ({thai.thai_number(criteria.pass_mark, 0)} คะแนน)",
        "issues": issues,
        "document_title": criteria.title("measures"),
        "measures": part_2,
        "part_2": [
            {"number": number, "title": title, "heading": heading, "measures": [by_row[id(m)] for m in rows]}
            for number, title, heading, rows in groups
        ],
    }


OTHER_ISSUES = "ประเด็นอื่น ๆ"


def issue_of(m: Measure, by_question: dict[str, int], issues: Mapping[int, str] | None = None) -> int | None:
    """The part-1 issue a measure answers: the one chosen in its row when part 1 has it, else that
    of the first of its question codes placed under an issue."""
    if m.answers_issue is not None and (issues is None or m.answers_issue in issues):
        return m.answers_issue
    return next((by_question[code] for code in m.questions if code in by_question), None)


def part_2_order(project: Project) -> list[Measure]:
    """Part 2 of the measures document: under the part-1 issues in their order (the measures that
    answer none last), each issue's measures in the order the agency wrote them."""
    by_question = project.assessment.issues_by_question()
    titles = {issue.number: issue.title for issue in project.assessment.issues}
    numbers = [issue_of(m, by_question, titles) for m in project.measures]
    ranked = sorted(range(len(numbers)), key=lambda i: (numbers[i] is None, numbers[i] or 0, i))
    return [project.measures[i] for i in ranked]


def part_2_groups(project: Project) -> list[tuple[int | None, str, str, list[Measure]]]:
    """Part 2 grouped by the part-1 issue each measure answers, in issue order, with the measures
    that answer none last under "ประเด็นอื่น ๆ"; one group without a heading when no measure
    names an issue.  Each group is (issue number, title, heading, measures)."""
    measures = part_2_order(project)
    by_question = project.assessment.issues_by_question()
    titles = {issue.number: issue.title for issue in project.assessment.issues}
    linked = [issue_of(m, by_question, titles) for m in measures]
    if not any(n is not None for n in linked):
        return [(None, "", "", measures)]
    groups: list[tuple[int | None, str, str, list[Measure]]] = [
        (
            number,
            titles[number],
            f"ประเด็นที่ {number} {titles[number]}",
            [m for m, n in zip(measures, linked, strict=True) if n == number],
        )
        for number in sorted({n for n in linked if n is not None})
    ]
    rest = [m for m, n in zip(measures, linked, strict=True) if n is None]
    if rest:
        groups.append((None, OTHER_ISSUES, OTHER_ISSUES, rest))
    return groups


def draft_analysis(m: Measure, project: Project) -> list[str]:
    """The analysis drafted from the scores where the division typed none, grouped as real documents
    write it: each indicator with its score, then its sub-indicators with their items, then the
    items scored one by one ('ข้อ e4 ได้ ๘๐.๘๗ คะแนน')."""
    criteria, assessment = project.criteria, project.assessment
    scores = {s.indicator.number: s.score for s in assessment.indicators}
    items = {item.code: item for item in assessment.items}
    questions = {code: criteria.question(code) for code in m.questions}
    numbers = list(
        dict.fromkeys([*(i.number for i in m.indicators), *(q.indicator for q in questions.values() if q is not None)])
    )
    lines = []
    for number in numbers:
        indicator = criteria.indicator(number)
        score = scores.get(number)
        lines.append(f"ตัวชี้วัดที่ {number} {indicator.name}" + (f" ({_score(score)} คะแนน)" if score is not None else ""))
        subs = list(
            dict.fromkeys(
                [
                    *(s.number for s in m.sub_indicators if s.number.split(".")[0] == str(number)),
                    *(
                        q.sub_indicator
                        for q in questions.values()
                        if q is not None and q.indicator == number and q.sub_indicator
                    ),
                ]
            )
        )
        for sub_number in subs:
            sub = indicator.sub_indicator(sub_number)
            codes = [code for code, q in questions.items() if q is not None and q.sub_indicator == sub_number]
            lines.append(f"ตัวชี้วัดย่อยที่ {sub.label if sub else sub_number}" + (f" ({', '.join(codes)})" if codes else ""))
        for code, q in questions.items():
            if q is not None and q.indicator == number and not q.sub_indicator:
                item = items.get(code)
                lines.append(f"ข้อ {code} ได้ {_score(item.score)} คะแนน" if item else f"ข้อ {code}")
    lines += [f"ข้อ {code}" for code, q in questions.items() if q is None]
    if lines:
        return lines
    return [f"เครื่องมือการประเมิน {', '.join(m.tools)}"] if m.tools else [""]


# --- the documents -----------------------------------------------------------


@dataclass(frozen=True)
class DocumentKind:
    key: str  # "measures", "progress-6", "progress-12": what users and options call it
    template: str  # the template's file name
    title: str  # the start of the output file name
    context: Callable[[Project, int], Context]
    round: int | None = None  # the round a progress report is for; None: the project's round

    def round_for(self, project: Project) -> int:
        """The round this document reports on: its own, whatever the workbook's round says."""
        return self.round or project.agency.round

    def file_title(self, project: Project) -> str:
        return self.title.format(year=project.agency.fiscal_year)


DOCUMENTS: dict[str, DocumentKind] = {
    kind.key: kind
    for kind in (
        DocumentKind("measures", "measures.docx", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ITA ปี {year}", measures_context),
        DocumentKind(
            "progress-6",
            "progress-6.docx",
            "รายงานการดำเนินการตามมาตรการ ITA ปี {year} รอบ 6 เดือน",
            progress_6_context,
            6,
        ),
        DocumentKind(
            "progress-12",
            "progress-12.docx",
            "รายงานผลการดำเนินการตามมาตรการ ITA ปี {year} รอบ 12 เดือน",
            progress_12_context,
            12,
        ),
    )
}


def documents_for(project: Project) -> list[DocumentKind]:
    """The measures document when last year's results are there, and the report of the round."""
    kinds = [DOCUMENTS["measures"]] if project.assessment.has_scores else []
    return [*kinds, DOCUMENTS[f"progress-{project.agency.round}"]]


def context_for(project: Project, kind: DocumentKind) -> Context:
    return kind.context(project, kind.round_for(project))
