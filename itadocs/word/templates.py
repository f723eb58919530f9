"""Templates a coordinator edits in Word: copying them out, checking them, documenting their variables.

The check reads a .docx the way docxtpl will: paragraph by paragraph, in body,
tables, headers and footers, so every problem can be placed where a Word user
finds it ("ตาราง 2 แถว 3 ช่อง 1").  The list of variables is generated from the real
template contexts of the bundled example, so the documentation cannot go stale.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2.nodes import Template as TemplateNode

from ..files import owned_prefix
from ..messages import ItadocsError, Message
from ..paths import TEMPLATES
from ..problems import Problem
from . import oxml

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# docxtpl's own markers become plain Jinja for checking: {%p for %} -> {% for %}, {{r x }} -> {{ x }}.
_DOCXTPL_PREFIX = re.compile(r"(\{%|\{\{)(?:p|tr|tc|r)\s")
_DOCXTPL_ONLY = re.compile(r"\{%\s*(?:vm|hm)\s*%\}|\{%\s*(?:cellbg|colspan)\s[^%]*%\}")

# What each variable means; a test fails when a context gains a variable not described here.
VARIABLES: dict[str, str] = {
    "agency": "หน่วยงาน / the agency",
    "agency.name": "ชื่อหน่วยงาน / agency name",
    "agency.district": "อำเภอ (ไม่มีคำว่าอำเภอ) / district, without the word อำเภอ",
    "agency.province": "จังหวัด (ไม่มีคำว่าจังหวัด) / province, without the word จังหวัด",
    "document_title": "ชื่อเอกสารตามเกณฑ์ของปี (รายการ OIT) / the document's title, per the year's criteria",
    "criteria": "เกณฑ์ที่เอกสารใช้ / the criteria the document uses",
    "criteria.name": "ชื่อเกณฑ์ / the criteria's name",
    "criteria.file": "ไฟล์เกณฑ์และที่มา / the criteria file, and where it came from",
    "opening": "ประโยคเปิดรายงาน ๑๒ เดือน: ผลการประเมินของปีนั้นเมื่อกรอกแล้ว มิฉะนั้นผลของปีที่ประเมิน "
    "/ the 12-month report's opening: the year's own result when typed, else the assessed year's",
    "own_result_sentence": "ผลการประเมินของปีงบประมาณนั้น (ว่างถ้าไม่ได้กรอก) / the fiscal year's own result, or empty",
    "fiscal_year": "ปีงบประมาณของมาตรการ (พ.ศ.) / fiscal year of the measures (BE)",
    "assessed_year": "ปีที่ประเมิน ITA (ปีก่อนหน้า) / the assessed year, the one before",
    "round_months": "รอบรายงาน 6 หรือ 12 / report round in months",
    "period_line": "บรรทัดช่วงเวลาของรอบ เช่น (เดือนตุลาคม ๒๕๖๗ - มีนาคม ๒๕๖๘) / the round's period line",
    "period_text": "ช่วงเวลาของรอบเป็นข้อความ / the round's period in words",
    "result_sentence": "ประโยคผลคะแนน ITA ภาพรวม ระดับตามที่กรอกจาก ITAS (หรือผ่าน/ไม่ผ่านเกณฑ์) และคะแนนรายเครื่องมือ "
    "(ว่างถ้าไม่มีคะแนน) / overall result sentence: score, the level typed from ITAS (or "
    "pass/fail), tool scores; empty without a score",
    "emblem": "ตราสัญลักษณ์ของหน่วยงานบนหน้าปก (ภาพ ตราสัญลักษณ์.png ในโฟลเดอร์โครงการ ว่างถ้าไม่มี) "
    "/ the agency's emblem on the cover (ตราสัญลักษณ์.png in the project folder; empty without one)",
    "reporter": "ผู้รายงาน / the reporter",
    "reporter.name": "ชื่อผู้รายงาน (จุดไข่ปลาถ้าว่าง) / reporter's name, dots when empty",
    "reporter.position": "ตำแหน่งผู้รายงาน / reporter's position",
    "approver": "ผู้อนุมัติ / the approver",
    "approver.name": "ชื่อผู้บริหารผู้อนุมัติ / approver's name",
    "approver.position": "ตำแหน่งผู้อนุมัติ / approver's position",
    "closing": "สรุปท้ายรายงาน: จำนวนมาตรการที่รายงานผลแล้วและยังไม่ได้รายงาน (อยู่เหนือที่ลงนาม) "
    "/ the report's closing summary above the signatures",
    "tools": "กลุ่มตามเครื่องมือการประเมิน / groups by assessment tool",
    "tools[].code": "IIT / EIT / OIT",
    "tools[].name": "ชื่อเต็มของเครื่องมือ / the tool's full name",
    "tools[].groups": "กลุ่มตามตัวชี้วัดภายในเครื่องมือ / groups by indicator within the tool",
    "tools[].groups[].heading": "หัวข้อตัวชี้วัด เช่น ตัวชี้วัดที่ ๑ ... (ว่างสำหรับแถวที่ไม่ระบุตัวชี้วัด) / indicator heading, or empty",
    "tools[].groups[].measures": "มาตรการในกลุ่ม (ฟิลด์เหมือน measures[]) / the group's measures, fields as measures[]",
    "measures": "มาตรการทั้งหมดตามลำดับในรายงาน / all measures in report order",
    "measures[].number": "ลำดับที่ของมาตรการตามที่หน่วยงานเขียน (รายงาน ๑๒ เดือน) / its number as the agency "
    "wrote it (12-month report)",
    "measures[].numbered": "มาตรการหรือประเด็น มีลำดับที่นำหน้า (รายการย่อหน้า) / the measure with its number (paragraphs)",
    "measures[].tools": "เครื่องมือการประเมินทุกตัวที่มาตรการระบุ / every tool the measure names",
    "measures[].indicators": "เลขตัวชี้วัดทุกตัวที่มาตรการระบุ / every indicator number the measure names",
    "measures[].measure_lines": "มาตรการ (รายการย่อหน้า) / the measure (paragraphs)",
    "measures[].topic": "หัวข้อในส่วนที่ ๒: ประเด็นที่มาตรการตอบ เช่น ๑. ... หรือประเด็นที่ต้องปรับปรุง (รายการย่อหน้า) "
    "/ part 2's หัวข้อ: the issue answered, else the measure's own issue (paragraphs)",
    "measures[].issue_number": "ประเด็นที่ในส่วนที่ ๑ ที่มาตรการตอบ หรือว่าง / the part-1 issue answered, or none",
    "measures[].analysis_drafted": "จริงเมื่อผลการวิเคราะห์ร่างโดยโปรแกรม (ส่วนงานไม่ได้กรอก) "
    "/ true when the analysis is a draft made from the scores",
    "measures[].division": "ส่วนงานที่ส่งมาตรการ / the division that sent it",
    "measures[].tool": "เครื่องมือการประเมิน / assessment tool",
    "measures[].indicator": "เลขตัวชี้วัด หรือว่าง / indicator number, or none",
    "measures[].sub_indicator": "ตัวชี้วัดย่อย เช่น ๙.๒ การบริหารงาน... หรือว่าง / sub-indicator label, or empty",
    "measures[].questions": "รหัสข้อคำถาม (รายการ) / question codes (list)",
    "measures[].issue": "ประเด็นที่ต้องปรับปรุง มีรหัสข้อคำถามนำหน้า (รายการย่อหน้า) / issue, codes first (paragraphs)",
    "measures[].measure": "มาตรการ/แนวทาง / the measure",
    "measures[].title": "มาตรการ หรือประเด็นถ้าไม่มีมาตรการ / measure, else the issue",
    "measures[].responsible": "ผู้รับผิดชอบ (รายการย่อหน้า) / responsible (paragraphs)",
    "measures[].steps": "ขั้นตอนหรือวิธีการ (รายการย่อหน้า) / steps (paragraphs)",
    "measures[].monitoring": "การรายงานผลและการกำกับติดตาม (รายการย่อหน้า) / monitoring and deadline (paragraphs)",
    "measures[].period": "ระยะเวลาดำเนินการ (รายการย่อหน้า) / period (paragraphs)",
    "measures[].progress": "การดำเนินการ รอบ ๖ เดือน (รายการย่อหน้า) / 6-month progress (paragraphs)",
    "measures[].summary": "สรุปผลการดำเนินการ รอบ ๑๒ เดือน (รายการย่อหน้า) / 12-month summary (paragraphs)",
    "measures[].outcome": "ผลลัพธ์/ความสำเร็จ (รายการย่อหน้า) / outcome (paragraphs)",
    "measures[].evidence": "ลิงก์หลักฐาน / evidence link",
    "measures[].analysis": "ผลการวิเคราะห์ตัวชี้วัดที่สอดคล้อง ตามที่ส่วนงานกรอก หรือร่างจากคะแนน (รายการย่อหน้า) "
    "/ the indicator analysis as the division typed it, else drafted from the scores",
    "part_2": "ส่วนที่ ๒ ของเอกสารมาตรการ จัดกลุ่มตามประเด็นในส่วนที่ ๑ ที่มาตรการตอบ (ที่เลือกไว้ หรือตามรหัสข้อคำถาม) "
    "/ part 2 of the measures document, grouped by the part-1 issue each measure answers "
    "(as chosen, else by its question codes)",
    "part_2[].number": "ประเด็นที่ หรือว่างสำหรับประเด็นอื่น ๆ / issue number, or none for the other measures",
    "part_2[].title": "ชื่อประเด็น / the issue's title",
    "part_2[].heading": "หัวข้อกลุ่ม เช่น ประเด็นที่ ๑ ... (ว่างเมื่อไม่มีมาตรการใดระบุข้อคำถามในส่วนที่ ๑) "
    "/ group heading, empty when no measure names a part-1 question",
    "part_2[].measures": "มาตรการในกลุ่ม (ฟิลด์เหมือน measures[]) / the group's measures, fields as measures[]",
    "chart": "ตำแหน่งกราฟคะแนนรายตัวชี้วัด: ย่อหน้าที่มีเพียง {{ chart }} "
    "/ the indicator chart: a paragraph holding only {{ chart }}",
    "indicator_rows": "แถวตารางคะแนนรายตัวชี้วัด / rows of the indicator score table",
    "indicator_rows[].tool": "แบบ (IIT/EIT/OIT)",
    "indicator_rows[].number": "ลำดับตัวชี้วัด / indicator number",
    "indicator_rows[].name": "ชื่อตัวชี้วัด / indicator name",
    "indicator_rows[].score": "คะแนน (ข้อความ เลขไทย) / score as text",
    "indicator_rows[].below_pass": "จริงเมื่อคะแนนต่ำกว่าเกณฑ์ผ่านของปี / true when below the year's pass mark",
    "flag_note": "หมายเหตุเครื่องหมาย * ของคะแนนต่ำกว่าเกณฑ์ / note on the * of scores below the pass mark",
    "issues": "ประเด็นการวิเคราะห์ส่วนที่ ๑ / the analysis issues of part 1",
    "issues[].number": "ประเด็นที่ / issue number",
    "issues[].title": "ชื่อประเด็น / issue title",
    "issues[].rows": "ข้อคำถามของประเด็น เรียงตามเครื่องมือ / the issue's question items, by tool",
    "issues[].rows[].tool": "เครื่องมือการประเมิน / tool",
    "issues[].rows[].code": "รหัสข้อคำถาม เช่น e11 / question code",
    "issues[].rows[].question": "ข้อความข้อคำถาม / question text",
    "issues[].rows[].score": "คะแนน (ข้อความ) / score as text",
    "issues[].rows[].below_pass": "จริงเมื่อคะแนนต่ำกว่าเกณฑ์ผ่าน / true when below the pass mark",
    "issues[].rows[].finding": "ข้อบกพร่อง/ข้อแก้ไข/รักษาระดับ (รายการย่อหน้า) / finding (paragraphs)",
}

FILTER_HELP = {
    "thai_digits": "เลขอารบิกเป็นเลขไทย ยกเว้นในที่อยู่เว็บและอีเมล / Thai digits except in web and e-mail addresses",
    "thai_number": "ตัวเลขทศนิยมสองตำแหน่งเป็นเลขไทย: {{ 78.4|thai_number }} → ๗๘.๔๐ / a score in Thai digits",
    "thai_date": "วันที่แบบไทย: ๒๒ มกราคม ๒๕๖๘ / a date in Thai",
    "paragraphs": "แยกข้อความเป็นรายการบรรทัด / split text into its lines",
}


def copy_templates(root: Path, overwrite: bool = False) -> list[tuple[Path, bool]]:
    """Copy the bundled templates into ROOT/templates; returns (path, copied) pairs."""
    from ..documents import DOCUMENTS
    from .render import bundled_template

    target = root / TEMPLATES
    target.mkdir(parents=True, exist_ok=True)
    done = []
    for kind in DOCUMENTS.values():
        path = target / kind.template
        if path.exists() and not overwrite:
            done.append((path, False))
            continue
        shutil.copyfile(bundled_template(kind.template), path)
        done.append((path, True))
    return done


# --- sample contexts ---------------------------------------------------------

_SAMPLE: dict[str, dict] = {}


def sample_contexts() -> dict[str, dict]:
    """The context of every document, made from the bundled example agency."""
    if _SAMPLE:
        return _SAMPLE
    from ..documents import DOCUMENTS, context_for
    from ..excel.sample import EXAMPLE_FILE, write_project
    from ..project import load_project

    data = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix=owned_prefix("itadocs-sample-")) as tmp:
        write_project(Path(tmp) / "inputs", data["agency"], data["measures"], data["divisions"], data["assessment"])
        project, report = load_project(Path(tmp))
        if project is None:  # the bundled example is kept valid by its own test
            raise RuntimeError(f"the bundled example does not load: {report.errors[:1]}")
        for key, kind in DOCUMENTS.items():
            _SAMPLE[key] = context_for(project, kind)
    return _SAMPLE


def variable_paths(value, prefix: str = "") -> list[str]:
    """'agency.name', 'measures[].steps' ... every path a template can reach."""
    paths = []
    if isinstance(value, dict):
        for key, inner in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths.append(path)
            paths.extend(variable_paths(inner, path))
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        paths.extend(variable_paths(value[0], prefix + "[]"))
    return paths


def documented_paths(kind: str) -> list[str]:
    """Variable paths of a document, with tools[].groups[].measures[] and part_2[].measures[]
    folded into measures[]."""
    out = []
    for path in variable_paths(sample_contexts()[kind]):
        if path.startswith(("tools[].groups[].measures[]", "part_2[].measures[]")):
            continue  # the same fields as measures[]
        out.append(path)
    return out


def variables_markdown() -> str:
    """The reference of template variables and filters, generated from the code."""
    from ..documents import DOCUMENTS

    lines = [
        "# Template variables and filters",
        "",
        "Generated by `itadocs templates docs` from the real template contexts; do not edit by hand.",
        "Lists of paragraphs are written in a template as "
        "`{%p for line in m.steps %}` / `{{ line }}` / `{%p endfor %}`.",
        "",
    ]
    for key, kind in DOCUMENTS.items():
        lines += [f"## {kind.template} ({key})", "", "| variable | meaning |", "|---|---|"]
        for path in documented_paths(key):
            lines.append(f"| `{path}` | {VARIABLES.get(path, '')} |")
        lines.append("")
    lines += ["## Filters", "", "| filter | what it does |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in FILTER_HELP.items()]
    return "\n".join(lines) + "\n"


# --- checking ----------------------------------------------------------------


@dataclass
class Paragraph:
    where: str  # "ย่อหน้า 3", "ตาราง 2 แถว 3 ช่อง 1", "ท้ายกระดาษ ส่วน 2"
    runs: list[str]  # the text of each w:t, in order

    @property
    def text(self) -> str:
        return "".join(self.runs)


def _paragraphs(path: Path) -> list[Paragraph]:
    document = Document(str(path))
    found = []
    body = document.element.body
    tables = {t: n for n, t in enumerate(body.iter(qn("w:tbl")), start=1)}  # keeps the proxies alive
    count = 0
    for p in body.iter(qn("w:p")):
        cell = next((a for a in p.iterancestors(qn("w:tc"))), None)
        if cell is None:
            count += 1
            where = f"ย่อหน้า {count}"
        else:
            row = cell.getparent()
            table = row.getparent()
            rows = table.findall(qn("w:tr"))
            where = f"ตาราง {tables[table]} แถว {rows.index(row) + 1} ช่อง {row.findall(qn('w:tc')).index(cell) + 1}"
        found.append(Paragraph(where, [t.text or "" for t in p.iter(qn("w:t"))]))
    for n, section in enumerate(document.sections, start=1):
        for label, part in (("หัวกระดาษ", section.header), ("ท้ายกระดาษ", section.footer)):
            if not part.is_linked_to_previous:
                for p in oxml.element(part).iter(qn("w:p")):
                    found.append(Paragraph(f"{label} ส่วน {n}", [t.text or "" for t in p.iter(qn("w:t"))]))
    return found


def _split_tags(paragraph: Paragraph) -> list[str]:
    """Tags whose characters lie in more than one run (Word split them, e.g. after an edit)."""
    bounds, position = [], 0
    for run in paragraph.runs:
        position += len(run)
        bounds.append(position)
    return [m.group(0) for m in TAG.finditer(paragraph.text) if any(m.start() < b < m.end() for b in bounds[:-1])]


def _as_jinja(text: str) -> str:
    return _DOCXTPL_PREFIX.sub(r"\1 ", _DOCXTPL_ONLY.sub("", text))


def check_template(path: Path, kind: str | None = None) -> list[Problem]:
    """Problems of one template: unreadable, tags split across runs, syntax errors, unknown variables."""
    name = str(path)
    try:
        paragraphs = _paragraphs(path)
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        return [Problem("template-unreadable", file=name, details={"reason": type(exc).__name__})]
    problems = [
        Problem("template-tag-split", file=name, cell=p.where, value=tag) for p in paragraphs for tag in _split_tags(p)
    ]
    # One line per paragraph: a syntax error's line number is the paragraph that holds it.
    source = "\n".join(_as_jinja(p.text) for p in paragraphs)
    env = _checking_environment()
    try:
        ast = env.parse(source)
    except TemplateSyntaxError as exc:
        where = paragraphs[exc.lineno - 1] if exc.lineno and exc.lineno <= len(paragraphs) else None
        problems.append(
            Problem(
                "template-syntax",
                file=name,
                cell=where.where if where else "",
                value=where.text[:80] if where else "",
                details={"reason": exc.message or ""},
            )
        )
        return problems
    contexts = sample_contexts()
    known_kind = kind if kind in contexts else None
    unknown = _unknown_variables(ast, name, paragraphs, contexts, known_kind)
    problems += unknown
    if known_kind and not unknown:
        problems += _sample_render_problems(env, source, name, paragraphs, contexts[known_kind])
    return problems


def _checking_environment() -> Environment:
    from .render import FILTERS

    env = Environment(undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env


def _place_of(paragraphs: list[Paragraph], token: str) -> str:
    """Where a variable or field first appears, for the message ("ตาราง 1 แถว 3 ช่อง 2")."""
    pattern = re.compile(rf"\b{re.escape(token)}\b")
    where = next((p for p in paragraphs if pattern.search(p.text)), None)
    return where.where if where else ""


def _unknown_variables(
    ast: TemplateNode, name: str, paragraphs: list[Paragraph], contexts: dict[str, dict], kind: str | None
) -> list[Problem]:
    """Top-level variables no document's context has (or not this document's, when its kind is known)."""
    from .render import FILTERS

    allowed = set(contexts[kind]) if kind else {k for c in contexts.values() for k in c}
    return [
        Problem("template-unknown-variable", file=name, cell=_place_of(paragraphs, variable), value=variable)
        for variable in sorted(meta.find_undeclared_variables(ast) - allowed - set(FILTERS))
    ]


def _sample_render_problems(
    env: Environment, source: str, name: str, paragraphs: list[Paragraph], context: dict
) -> list[Problem]:
    """Render with the example's data: a misspelt field (agency.nmae) fails here."""
    try:
        env.from_string(source).render(context)
    except UndefinedError as exc:
        field = re.search(r"attribute '([^']+)'", str(exc))
        token = field.group(1) if field else str(exc)
        where = next((p for p in paragraphs if token in p.text), None)
        return [Problem("template-unknown-variable", file=name, cell=where.where if where else "", value=token)]
    except Exception as exc:  # a filter given the wrong kind of value, and such
        return [Problem("template-syntax", file=name, details={"reason": f"{type(exc).__name__}: {exc}"})]
    return []


NO_TEMPLATE = Message("ไม่พบแม่แบบ .docx ใน {path}", "No .docx template in {path}")


def check_templates(path: Path | None = None) -> tuple[list[Path], list[Problem]]:
    """Check every template at `path` (a .docx, or a folder of them; by default ./templates
    when it exists, else the bundled ones): the templates checked and the problems found.
    Word's lock files (~$...) are not templates."""
    from .render import bundled_templates_dir

    target = path or (Path(TEMPLATES) if Path(TEMPLATES).is_dir() else bundled_templates_dir())
    files = sorted(target.glob("*.docx")) if target.is_dir() else [target]
    files = [f for f in files if not f.name.startswith("~$")]
    if not files:
        raise ItadocsError(NO_TEMPLATE, path=target)
    return files, [p for f in files for p in check_template(f, kind_of(f))]


def kind_of(path: Path) -> str | None:
    """The document a template file is for, by its name (measures.docx -> 'measures')."""
    from ..documents import DOCUMENTS

    return next((key for key, kind in DOCUMENTS.items() if kind.template == path.name), None)
