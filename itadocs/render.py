"""Word at the edge: builds the template context and renders it with docxtpl.

Only this module touches docxtpl.  After rendering, one pass over every text node
(body, headers, footers) turns Arabic digits into Thai digits, so template wording a
coordinator types in Word follows the rule too; web and e-mail addresses keep theirs.
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import Environment

from . import thai
from .merge import group_by_tool
from .model import Measure
from .pipeline import Project

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"  # installed wheel
REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # source checkout
NOT_REPORTED = "ยังไม่ได้รายงานผลการดำเนินการ"
DOTS = "........................................"

# Filters a template may use, e.g. {{ score|thai_number }}.
FILTERS = {
    "thai_digits": thai.thai_digits,
    "thai_number": thai.thai_number,
    "thai_date": thai.thai_date,
    "paragraphs": thai.paragraphs,
}


def find_template(root: Path, name: str) -> Path:
    """The project's own copy (DIR/templates/NAME) wins over the bundled one."""
    for folder in (root / "templates", PACKAGE_TEMPLATES, REPO_TEMPLATES):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(name)


def _measure(m: Measure) -> dict:
    issue = thai.paragraphs(m.issue)
    if m.questions:
        issue[0] = f"{', '.join(m.questions)} {issue[0]}".strip()
    progress = thai.paragraphs(m.progress)
    return {
        "division": m.division,
        "tool": m.tool,
        "indicator": m.indicator.number if m.indicator else None,
        "questions": m.questions,
        "issue": issue,
        "measure": thai.normalize_text(m.measure),
        "responsible": thai.paragraphs(m.responsible),
        "steps": thai.paragraphs(m.steps),
        "monitoring": thai.paragraphs(m.monitoring),
        "period": thai.paragraphs(m.period),
        "progress": progress if progress != [""] else [NOT_REPORTED],
        "summary": thai.paragraphs(m.summary),
        "outcome": thai.paragraphs(m.outcome),
        "evidence": m.evidence,
    }


def progress_context(project: Project) -> dict:
    agency = project.agency
    start, end = thai.round_period(agency.fiscal_year, agency.round)
    tools = []
    for tool_group in group_by_tool(project.measures, project.criteria):
        groups = [{
            "heading": f"ตัวชี้วัดที่ {g.indicator.number} {g.indicator.name}" if g.indicator else "",
            "measures": [_measure(m) for m in g.measures],
        } for g in tool_group.groups]
        tools.append({"code": tool_group.tool.code, "name": tool_group.tool.name, "groups": groups})
    return {
        "agency": {"name": agency.name, "district": agency.district, "province": agency.province},
        "fiscal_year": agency.fiscal_year,
        "assessed_year": agency.assessed_year,
        "round_months": agency.round,
        "period_line": thai.period_line(agency.fiscal_year, agency.round),
        "period_text": f"ระหว่างวันที่ {thai.thai_date(start)} ถึงวันที่ {thai.thai_date(end)}",
        "tools": tools,
        "reporter": {"name": agency.reporter_name or DOTS, "position": agency.reporter_position or DOTS},
        "approver": {"name": agency.approver_name or DOTS, "position": agency.approver_position or DOTS},
    }


def _text_parts(document):
    """The XML roots of everything a reader sees: body, headers and footers."""
    yield document.element
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header, section.even_page_footer):
            if not part.is_linked_to_previous:
                yield part._element


def thai_digits_everywhere(document) -> None:
    for root in _text_parts(document):
        for text in root.iter(qn("w:t")):
            if text.text:
                text.text = thai.thai_digits(text.text)


def set_font(document, font: str) -> None:
    """Replace the font named in styles and runs, on all four script slots."""
    roots = [document.styles.element, *_text_parts(document)]
    for root in roots:
        for rFonts in root.iter(qn("w:rFonts")):
            for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
                if rFonts.get(qn(f"w:{slot}")) is not None:
                    rFonts.set(qn(f"w:{slot}"), font)


def render(template: Path, context: dict, out: Path, font: str | None = None) -> Path:
    env = Environment(autoescape=True)  # & < > in user text must not break the XML
    env.filters.update(FILTERS)
    tpl = DocxTemplate(template)
    tpl.render(context, env, autoescape=True)
    thai_digits_everywhere(tpl.docx)
    if font:
        set_font(tpl.docx, font)
    out.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(out)
    return out


def render_progress_report(project: Project, out: Path, font: str | None = None) -> Path:
    template = find_template(project.root, "progress-6.docx")
    return render(template, progress_context(project), out, font or project.agency.font or None)
