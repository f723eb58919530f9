"""Word at the edge: builds each document's template context and renders it with docxtpl.

Only this module touches docxtpl.  After rendering, three passes finish the document:
repeated values merged down in the tables that ask for it, the indicator chart put
in its placeholder, and every text node's Arabic digits turned into Thai digits (so
wording a coordinator types into a template follows the rule too; web and e-mail
addresses keep theirs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import Environment

from . import thai
from .merge import group_by_tool
from .model import Measure
from .pipeline import Project
from .schema import DEFAULT_FONT

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"  # installed wheel
REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # source checkout
NOT_REPORTED = "ยังไม่ได้รายงานผลการดำเนินการ"
DOTS = "........................................"
CHART_MARKER = "ITADOCS-CHART-INDICATORS"  # what {{ chart }} renders to, replaced by the chart
MERGE_CAPTION = re.compile(r"^itadocs:merge\s+([\d,\s]+)$")

# Filters a template may use, e.g. {{ score|thai_number }}.
FILTERS = {
    "thai_digits": thai.thai_digits,
    "thai_number": thai.thai_number,
    "thai_date": thai.thai_date,
    "paragraphs": thai.paragraphs,
}


def bundled_template(name: str) -> Path:
    """The template shipped with itadocs (in the wheel, or in a source checkout)."""
    for folder in (PACKAGE_TEMPLATES, REPO_TEMPLATES):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(name)


def find_template(root: Path, name: str) -> Path:
    """The project's own copy (DIR/templates/NAME) wins over the bundled one."""
    own = root / "templates" / name
    return own if own.is_file() else bundled_template(name)


# --- contexts ----------------------------------------------------------------

def _mentions(text: str, code: str) -> bool:
    """Whether the text already names the code ('i1' in 'i1 และ i3 ...', not in 'i11')."""
    plain = thai.to_arabic_digits(text).lower()
    return re.search(rf"(?<![a-z]){code[0]}\s*0*{code[1:]}(?!\d)", plain) is not None


def _issue_lines(m: Measure) -> list[str]:
    """The issue cell: question codes lead, as in the published reports, unless the text names them."""
    lines = _lines(m.issue)
    missing = [code for code in m.questions if not _mentions(m.issue, code)]
    if missing:
        lines[0] = f"{', '.join(missing)} {lines[0]}".strip()
    return lines


def _lines(text: str) -> list[str]:
    """A measure field's paragraphs.  Validation already repaired the text (thai.normalize_text),
    so splitting is all that is left; a Word cell needs one paragraph even when empty."""
    return text.split("\n")


def _or(lines: list[str], empty: str) -> list[str]:
    return lines if lines != [""] else [empty]


def _measure(m: Measure) -> dict:
    return {
        "division": m.division,
        "tool": m.tool,
        "indicator": m.indicator.number if m.indicator else None,
        "questions": m.questions,
        "issue": _issue_lines(m),
        "measure": m.measure,
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
    """'... ได้คะแนน ๗๘.๔๒ คะแนน อยู่ในระดับ B ผลการประเมินไม่ผ่าน (เกณฑ์ผ่าน ๘๕ คะแนน)', or ''."""
    assessment = project.assessment
    if assessment is None or assessment.overall is None:
        return ""
    level = project.criteria.level_of(assessment.overall)
    level_text = f" อยู่ในระดับ {level.level} ผลการประเมิน{level.result}" if level else ""
    return (f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. "
            f"{assessment.year} {project.agency.name}ได้คะแนน {thai.thai_number(assessment.overall)} คะแนน"
            f"{level_text} (เกณฑ์ผ่าน {thai.thai_number(project.criteria.pass_mark, 0)} คะแนน)")


def common_context(project: Project) -> dict:
    agency = project.agency
    start, end = thai.round_period(agency.fiscal_year, agency.round)
    return {
        "agency": {"name": agency.name, "district": agency.district, "province": agency.province},
        "fiscal_year": agency.fiscal_year,
        "assessed_year": agency.assessed_year,
        "round_months": agency.round,
        "period_line": thai.period_line(agency.fiscal_year, agency.round),
        "period_text": f"ระหว่างวันที่ {thai.thai_date(start)} ถึงวันที่ {thai.thai_date(end)}",
        "result_sentence": result_sentence(project),
        "reporter": {"name": agency.reporter_name or DOTS, "position": agency.reporter_position or DOTS},
        "approver": {"name": agency.approver_name or DOTS, "position": agency.approver_position or DOTS},
    }


def progress_6_context(project: Project) -> dict:
    tools = []
    for tool_group in group_by_tool(project.measures, project.criteria):
        groups = [{
            "heading": f"ตัวชี้วัดที่ {g.indicator.number} {g.indicator.name}" if g.indicator else "",
            "measures": [_measure(m) for m in g.measures],
        } for g in tool_group.groups]
        tools.append({"code": tool_group.tool.code, "name": tool_group.tool.name, "groups": groups})
    return {**common_context(project), "tools": tools}


def _in_report_order(project: Project) -> list[Measure]:
    """Measures in the order of the grouped report: by tool, then indicator, then merge order."""
    return [m for tool in group_by_tool(project.measures, project.criteria) for m in tool.measures]


def progress_12_context(project: Project) -> dict:
    measures = [{**_measure(m), "number": n} for n, m in enumerate(_in_report_order(project), start=1)]
    return {**common_context(project), "measures": measures}


def _score(value: float | None) -> str:
    return thai.thai_number(value) if value is not None else "-"


def measures_context(project: Project) -> dict:
    criteria, assessment = project.criteria, project.assessment
    tool_rank = {tool.code: i for i, tool in enumerate(criteria.tools)}
    items_by_code = {item.code: item for item in assessment.items}
    issues = []
    for issue in assessment.issues:
        items = sorted((i for i in assessment.items if i.issue == issue.number),
                       key=lambda i: (tool_rank.get(i.tool, 99), int(i.code[1:]), i.row))
        issues.append({"number": issue.number, "title": issue.title, "rows": [{
            "tool": item.tool,
            "code": item.code,
            "question": item.question,
            "score": _score(item.score),
            "below_pass": item.score < criteria.pass_mark,
            "finding": _or(_lines(item.finding),
                           "รักษาระดับ" if item.score >= criteria.keep_level_score else "-"),
        } for item in items]})

    scores = {s.indicator.number: s.score for s in assessment.indicators}
    part_2 = []
    for m in _in_report_order(project):
        analysis = []
        if m.indicator:
            analysis.append(f"ตัวชี้วัดที่ {m.indicator.number} {m.indicator.name}"
                            + (f" ({_score(scores.get(m.indicator.number))} คะแนน)"
                               if scores.get(m.indicator.number) is not None else ""))
        for code in m.questions:
            item = items_by_code.get(code)
            analysis.append(f"ข้อ {code} ได้ {_score(item.score)} คะแนน" if item else f"ข้อ {code}")
        part_2.append({**_measure(m), "analysis": analysis or [f"เครื่องมือการประเมิน {m.tool}"]})

    has_scores = any(s.score is not None for s in assessment.indicators)
    return {
        **common_context(project),
        "chart": CHART_MARKER if has_scores else "",
        "indicator_rows": [{"tool": s.indicator.tool, "number": s.indicator.number, "name": s.indicator.name,
                            "score": _score(s.score)} for s in assessment.indicators],
        "flag_note": f"* คะแนนต่ำกว่าเกณฑ์ผ่าน ({thai.thai_number(criteria.pass_mark, 0)} คะแนน)",
        "issues": issues,
        "measures": part_2,
    }


# --- the documents -----------------------------------------------------------

@dataclass(frozen=True)
class DocumentKind:
    key: str
    template: str
    title: str  # the start of the output file name
    context: Callable[[Project], dict]


DOCUMENTS = {kind.key: kind for kind in (
    DocumentKind("measures", "measures.docx", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ITA ปี {year}",
                 measures_context),
    DocumentKind("progress-6", "progress-6.docx", "รายงานการดำเนินการตามมาตรการ ITA ปี {year} รอบ 6 เดือน",
                 progress_6_context),
    DocumentKind("progress-12", "progress-12.docx", "รายงานผลการดำเนินการตามมาตรการ ITA ปี {year} รอบ 12 เดือน",
                 progress_12_context),
)}


def documents_for(project: Project) -> list[DocumentKind]:
    """The measures document when last year's results are there, and the report of the round."""
    kinds = []
    assessment = project.assessment
    if assessment and (assessment.overall is not None or any(s.score is not None for s in assessment.indicators)):
        kinds.append(DOCUMENTS["measures"])
    kinds.append(DOCUMENTS[f"progress-{project.agency.round}"])
    return kinds


# --- rendering ---------------------------------------------------------------

def _text_parts(document):
    """The XML roots of everything a reader sees: body, headers and footers."""
    yield document.element
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header, section.even_page_footer):
            if not part.is_linked_to_previous:
                yield part._element


# Text nodes holding an Arabic digit, found by libxml2 itself: most nodes have none.
_WITH_DIGITS = "//w:t[translate(., '0123456789', '') != .]"


def thai_digits_everywhere(document) -> None:
    for root in _text_parts(document):
        for text in root.xpath(_WITH_DIGITS):
            text.text = thai.thai_digits(text.text)


def set_font(document, font: str) -> None:
    """Replace the font named in styles and runs, on all four script slots."""
    roots = [document.styles.element, *_text_parts(document)]
    for root in roots:
        for rFonts in root.iter(qn("w:rFonts")):
            for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
                if rFonts.get(qn(f"w:{slot}")) is not None:
                    rFonts.set(qn(f"w:{slot}"), font)


def merge_repeated_cells(document) -> None:
    """In tables captioned 'itadocs:merge 1,2', merge runs of equal cells down those columns."""
    for table in document.tables:
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        match = MERGE_CAPTION.match(caption.get(qn("w:val"), "")) if caption is not None else None
        if not match:
            continue
        table._tbl.tblPr.remove(caption)  # an instruction to us, not alt text for readers
        rows = [row for row in table.rows if row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None]
        for column in (int(c) - 1 for c in match[1].split(",") if c.strip()):
            cells = [row.cells[column] for row in rows if column < len(row.cells)]
            start = 0
            for i in range(1, len(cells) + 1):
                if i < len(cells) and cells[i].text == cells[start].text and cells[i].text.strip():
                    continue
                if i - start > 1:
                    for cell in cells[start + 1:i]:  # emptied first, or merge() would append their text
                        for paragraph in cell.paragraphs[1:]:
                            paragraph._p.getparent().remove(paragraph._p)
                        for run in cell.paragraphs[0].runs:
                            run._r.getparent().remove(run._r)
                    cells[start].merge(cells[i - 1])
                start = i


def insert_chart(document, project: Project, font: str) -> None:
    """Put the native chart of the indicator scores where the template rendered CHART_MARKER."""
    from .chart import add_bar_chart  # builds chart XML; only the measures document needs it

    for paragraph in document.paragraphs:
        if paragraph.text.strip() != CHART_MARKER:
            continue
        for run in paragraph.runs:
            run._r.getparent().remove(run._r)
        scores = [s for s in project.assessment.indicators if s.score is not None]
        add_bar_chart(
            paragraph,
            [thai.to_thai_digits(f"{s.indicator.number} {s.indicator.name}") for s in scores],
            [s.score for s in scores],
            threshold=project.criteria.pass_mark,
            threshold_label=f"เกณฑ์ผ่าน {thai.thai_number(project.criteria.pass_mark, 0)} คะแนน",
            series_label=f"คะแนนรายตัวชี้วัด ปี {thai.to_thai_digits(str(project.assessment.year))}",
            font=font,
            height_cm=11.0,  # with the heading and the score sentence, one landscape page
        )


def render(template: Path, context: dict, out: Path, font: str | None = None,
           finish: Callable | None = None) -> Path:
    env = Environment(autoescape=True)  # & < > in user text must not break the XML
    env.filters.update(FILTERS)
    tpl = DocxTemplate(template)
    tpl.render(context, env, autoescape=True)
    merge_repeated_cells(tpl.docx)
    if finish:
        finish(tpl.docx)
    thai_digits_everywhere(tpl.docx)
    if font:
        set_font(tpl.docx, font)
    out.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(out)
    return out


def render_document(project: Project, kind: DocumentKind, out_dir: Path, font: str | None = None) -> Path:
    """Write one document of the project into `out_dir`; returns its path."""
    from .pipeline import safe_file_name

    agency = project.agency
    name = safe_file_name(f"{kind.title.format(year=agency.fiscal_year)} - {agency.name}.docx")
    font = font or agency.font or None
    finish = (lambda document: insert_chart(document, project, font or DEFAULT_FONT)) if kind.key == "measures" else None
    return render(find_template(project.root, kind.template), kind.context(project), out_dir / name, font, finish)


def write_documents(project: Project, kinds: list[DocumentKind], font: str | None = None) -> list[Path]:
    """Write the given documents of the project into its output/ folder."""
    from .pipeline import OUTPUT

    return [render_document(project, kind, project.root / OUTPUT, font) for kind in kinds]
