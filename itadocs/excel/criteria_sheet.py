"""A year's criteria as a workbook a coordinator edits in Excel, and read back.

`itadocs criteria N --sheet FILE.xlsx` writes it; placed in a criteria folder it replaces
the year's bundled facts (`criteria_files`).  Sheets and columns come from `schema`
(CRITERIA_FIELDS, CRITERIA_TABLES), the same titles the reader looks for, and the reader
turns the workbook into the bundled files' JSON form, with the place of every value, so a
wrong value is reported at its sheet and cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment

from .. import schema
from ..criteria import CERTAINTY_TH, DEFAULT_TITLES, LEVELS, Criteria
from ..files import write_atomic
from ..messages import Message
from ..problems import Problem
from ..thai import normalize_text
from .cells import put
from .forms import _field_help, _mark, _write_instructions, _write_table, fill_rows
from .grid import Grid
from .style import BODY, BOLD, BOX, HEADER_FILL, INPUT_FILL, TITLE, new_workbook, print_setup

YES, NO = "ใช่", "ไม่ใช่"
_ABOUT = {
    "assessment_year": "ปีที่ประเมิน",
    "pass_mark": "เกณฑ์ผ่าน",
    "tools.weight": "น้ำหนักของเครื่องมือ",
    "indicators": "ชื่อตัวชี้วัด",
    "indicators.sub_indicators": "ตัวชี้วัดย่อย",
    "result_scale": "ระดับผลการประเมิน",
    "titles": "ชื่อเอกสาร",
    "documents.measures": "รายการ OIT ของเอกสารมาตรการ",
    "documents.progress": "รายการ OIT ของรายงานผล",
}


def _about(field: str) -> str:
    if field.startswith("tools.") and field.endswith(".items"):
        return f"รายการข้อคำถาม {field.split('.')[1]}"
    return _ABOUT.get(field, "")


# --- writing -----------------------------------------------------------------------


def criteria_records(criteria: Criteria) -> dict[str, Any]:
    """The criteria as the workbook holds them: the labelled values, and each table's rows."""
    scale = criteria.scale
    values: dict[str, Any] = {
        "fiscal_year": criteria.fiscal_year,
        "assessment_year": criteria.assessment_year,
        "name": criteria.name,
        "criteria_set": criteria.criteria_set,
        "pass_mark": criteria.pass_mark,
        "keep_level_score": criteria.keep_level_score,
        "scale_kind": scale.kind,
        "rule_certain": YES if scale.rule_certain else NO,
        "pass_label": scale.pass_label,
        "fail_label": scale.fail_label,
        "fail_labels_seen": "; ".join(scale.fail_labels_seen),
        "scale_note": scale.note,
        **{f"title_{kind}": criteria.title(kind) for kind in DEFAULT_TITLES},
    }
    levels = [{"label": lv.level, "minimum": lv.minimum, "result": lv.result} for lv in scale.levels] + [
        {"label": r.label, "minimum": r.total_min, "each_tool_min": r.each_tool_min} for r in scale.ratings
    ]
    return {
        schema.CRITERIA_SHEET: values,
        schema.CRITERIA_TOOLS.sheet: [
            {"code": t.code, "name": t.name, "question_prefix": t.question_prefix, "weight": t.weight}
            for t in criteria.tools
        ],
        schema.CRITERIA_INDICATORS.sheet: [
            {"number": i.number, "tool": i.tool, "name": i.name, "aliases": "; ".join(i.aliases)}
            for i in criteria.indicators
        ],
        schema.CRITERIA_SUB_INDICATORS.sheet: [
            {"number": s.number, "name": s.name} for i in criteria.indicators for s in i.sub_indicators
        ],
        schema.CRITERIA_ITEMS.sheet: [
            {
                "code": q.code,
                "indicator": q.indicator,
                "sub_indicator": q.sub_indicator,
                "text": q.text,
                "topic": q.topic,
            }
            for t in criteria.tools
            for q in t.questions
        ],
        schema.CRITERIA_LEVELS.sheet: levels,
        schema.CRITERIA_DOCUMENTS.sheet: [
            {
                "document": d.document,
                "oit_code": d.oit_code,
                "title": d.title,
                "in_assessment_year": d.in_assessment_year,
                "candidate_codes": "; ".join(d.candidate_codes),
                "rounds": "; ".join(d.rounds),
                "note": d.note,
            }
            for d in criteria.published
        ],
        schema.CRITERIA_CERTAINTY.sheet: [
            {
                "field": a.field,
                "about": _about(a.field),
                "certainty": CERTAINTY_TH.get(a.certainty, a.certainty),
                "carried_from": a.carried_from,
                "sources": ", ".join(a.sources),
                "note": a.note,
            }
            for a in criteria.annotations
        ],
        schema.CRITERIA_SOURCES.sheet: [{"key": key, "text": text} for key, text in criteria.sources],
    }


def write_criteria_workbook(path: Path, criteria: Criteria) -> Path:
    """The year's criteria as a workbook to correct in Excel, written whole or not at all."""
    records = criteria_records(criteria)
    wb, guide = new_workbook()
    guide.title = schema.INSTRUCTIONS_SHEET
    ws = wb.create_sheet(schema.CRITERIA_SHEET)
    ws["A1"] = f"เกณฑ์การประเมิน ITA สำหรับเอกสารปีงบประมาณ พ.ศ. {criteria.fiscal_year}"
    ws["A1"].font = TITLE
    for col, title in enumerate(("รายการ", "ข้อมูล", "คำอธิบาย"), start=1):
        cell = ws.cell(2, col, title)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
    for row, field in enumerate(schema.CRITERIA_FIELDS, start=3):
        ws.cell(row, 1, field.label).font = BOLD
        put(
            ws,
            row,
            2,
            records[schema.CRITERIA_SHEET].get(field.key) or None,
            fill=INPUT_FILL,
            border=BOX,
            alignment=Alignment(horizontal="left", vertical="top", wrap_text=True),
        )
        ws.cell(row, 3, field.help).font = BODY
        ws.row_dimensions[row].height = 22
    for letter, width in (("A", 34), ("B", 60), ("C", 70)):
        ws.column_dimensions[letter].width = width
    print_setup(ws)
    for table in schema.CRITERIA_TABLES:
        sheet = wb.create_sheet(table.sheet)
        _write_table(sheet, table, criteria)
        fill_rows(sheet, table, records[table.sheet])
    _mark(wb, schema.KIND_CRITERIA)
    _write_instructions(
        guide,
        f"เกณฑ์การประเมิน ITA ปีงบประมาณ พ.ศ. {criteria.fiscal_year} (แก้ไขได้)",
        [
            "ไฟล์นี้คือเกณฑ์ที่โปรแกรมใช้กับเอกสารของปีนี้ แก้ได้ทุกแผ่นงานเมื่อทราบเกณฑ์ที่ถูกต้อง เช่น รายการข้อคำถามหรือชื่อรายการ OIT",
            'แผ่นงาน "ความแน่นอน" บอกว่าข้อมูลส่วนใดยืนยันแล้ว ส่วนใดยังไม่ยืนยัน เมื่อแก้ตามเอกสารทางการแล้ว '
            'ให้เปลี่ยนเป็น "ยืนยันแล้ว" และใส่แหล่งที่มา (ที่อยู่เว็บ) ในแผ่นงาน "แหล่งที่มา"',
            "บันทึกแล้ววางไว้ในโฟลเดอร์ criteria ของโครงการ (ใช้กับหน่วยงานเดียว) หรือโฟลเดอร์ criteria ที่เก็บโครงการไว้ร่วมกัน "
            "(ใช้กับทุกหน่วยงานในโฟลเดอร์นั้น) ชื่อไฟล์เป็นอะไรก็ได้",
            f"ตรวจไฟล์ด้วยคำสั่ง itadocs criteria {criteria.fiscal_year} --file <ไฟล์นี้> "
            "เอกสารที่สร้างต่อจากนี้จะใช้เกณฑ์ในไฟล์นี้ และบอกชื่อไฟล์ไว้ในคุณสมบัติของเอกสาร",
        ],
        [(f.label, "จำเป็น" if f.required else "ไม่บังคับ", f.help) for f in schema.CRITERIA_FIELDS]
        + [row for table in schema.CRITERIA_TABLES for row in _field_help(table.columns, f"{table.sheet}: ")],
    )
    wb.active = 1
    return write_atomic(path, wb.save)


# --- reading -----------------------------------------------------------------------


def read_criteria_workbook(path: Path, name: str):
    """The workbook as the bundled files' JSON data, a function giving the (sheet, cell, column) of a
    place in that data, and the problems met reading it (its data is None when it cannot be read)."""
    from .preflight import EncryptedWorkbook, OldFormatWorkbook, UnreadableWorkbook
    from .read import open_grids, read_agency_values, read_table

    places: dict[tuple, tuple[str, str, str]] = {}

    def locate(where: tuple) -> tuple[str, str, str]:
        for length in range(len(where), 0, -1):
            if where[:length] in places:
                return places[where[:length]]
        return "", "", ".".join(str(k) for k in where)

    try:
        grids, problems = open_grids(path, name)
    except (EncryptedWorkbook, OldFormatWorkbook, UnreadableWorkbook) as exc:
        reason = exc.reason if hasattr(exc, "reason") else Message("เปิดไฟล์ไม่ได้", "cannot open it")
        return None, locate, [Problem("criteria-file-unreadable", file=name, details={"reason": reason})]
    if problems:
        return None, locate, problems
    by_title = {schema.title_key(g.title): g for g in grids}
    main = by_title.get(schema.title_key(schema.CRITERIA_SHEET))
    if main is None:
        return None, locate, [Problem("sheet-missing", file=name, details={"expected": schema.CRITERIA_SHEET})]
    raw, cells = read_agency_values(main, schema.CRITERIA_FIELDS)
    values = {k: _plain(v) for k, v in raw.items()}
    found: list[Problem] = []
    tables: dict[str, list[tuple[dict[str, Any], dict[str, str]]]] = {}
    for table in schema.CRITERIA_TABLES:
        grid = by_title.get(schema.title_key(table.sheet))
        if grid is None:
            found.append(Problem("sheet-missing", file=name, details={"expected": table.sheet}))
            tables[table.sheet] = []
            continue
        rows, table_problems = read_table(grid, table, name)
        found += table_problems
        tables[table.sheet] = [
            ({k: _plain(c.value) for k, c in row.cells.items()}, {k: c.ref for k, c in row.cells.items()})
            for row in rows
        ]
    data = _as_data(values, tables, cells, places, main)
    return data, locate, found


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        text = normalize_text(value)
        return text or None
    return value


def _int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        from ..thai import to_arabic_digits

        text = to_arabic_digits(value).strip()
        if text.isdigit():
            return int(text)
    return value


def _float(value: Any) -> Any:
    if isinstance(value, str):
        from ..thai import to_arabic_digits

        try:
            return float(to_arabic_digits(value).strip())
        except ValueError:
            return value
    return value


def _as_data(values: dict[str, Any], tables: dict, cells: dict[str, str], places: dict, main: Grid) -> dict:
    """The JSON form of what the sheets hold; `places` gets the (sheet, cell, column) of each value."""
    sheet = schema.CRITERIA_SHEET
    labels = {f.key: f.label for f in schema.CRITERIA_FIELDS}

    def at(where: tuple, table: schema.Table, refs: dict[str, str], key: str) -> None:
        places[where] = (table.sheet, refs.get(key, ""), table.column(key).title)

    for key, data_key in (
        ("fiscal_year", "fiscal_year"),
        ("assessment_year", "assessment_year"),
        ("name", "name"),
        ("criteria_set", "criteria_set"),
        ("pass_mark", "pass_mark"),
        ("keep_level_score", "keep_level_score"),
    ):
        places[(data_key,)] = (sheet, cells.get(key, ""), labels[key])
    places[("result_scale",)] = places[("result_scale", "kind")] = (
        sheet,
        cells.get("scale_kind", ""),
        labels["scale_kind"],
    )
    for kind in DEFAULT_TITLES:
        places[("titles", kind)] = (sheet, cells.get(f"title_{kind}", ""), labels[f"title_{kind}"])

    data: dict[str, Any] = {
        "schema_version": 1,
        "fiscal_year": _int(values.get("fiscal_year")),
        "assessment_year": _int(values.get("assessment_year")),
        "criteria_set": values.get("criteria_set") or "",
        "name": values.get("name"),
        "pass_mark": _float(values.get("pass_mark")),
        "keep_level_score": _float(values.get("keep_level_score")),
    }
    if data["assessment_year"] is None:
        del data["assessment_year"]
    tools = []
    prefix_of: dict[str, int] = {}
    places[("tools",)] = (schema.CRITERIA_TOOLS.sheet, "", "")
    for i, (row, refs) in enumerate(tables[schema.CRITERIA_TOOLS.sheet]):
        tools.append(
            {
                "code": str(row.get("code") or "").upper(),
                "name": row.get("name"),
                "question_prefix": str(row.get("question_prefix") or "").lower(),
                "weight": _float(row.get("weight") if row.get("weight") is not None else 0),
                "items": [],
            }
        )
        prefix_of[tools[-1]["question_prefix"]] = i
        for key in ("code", "name", "question_prefix", "weight"):
            at(("tools", i, key), schema.CRITERIA_TOOLS, refs, key)
    items_table = schema.CRITERIA_ITEMS
    loose = []  # items whose code names no tool: reported at their cell
    for row, refs in tables[items_table.sheet]:
        code = str(row.get("code") or "").strip().lower()
        owner = next(
            (
                index
                for prefix, index in sorted(prefix_of.items(), key=lambda p: -len(p[0]))
                if prefix and code.startswith(prefix)
            ),
            None,
        )
        item = {
            "code": code,
            "indicator": _int(row.get("indicator")),
            "sub_indicator": str(_float_text(row.get("sub_indicator")) or ""),
            "text": row.get("text"),
            "topic": row.get("topic"),
        }
        if owner is None:
            loose.append((item, refs))
            continue
        j = len(tools[owner]["items"])
        tools[owner]["items"].append(item)
        for key in ("code", "indicator", "sub_indicator"):
            at(("tools", owner, "items", j, key), items_table, refs, key)
    data["tools"] = tools
    if loose:  # a code of no tool's prefix: the check reports it as a code of the first tool
        for item, refs in loose:
            j = len(tools[0]["items"]) if tools else 0
            if tools:
                tools[0]["items"].append(item)
                at(("tools", 0, "items", j, "code"), items_table, refs, "code")
    indicators = []
    subs = tables[schema.CRITERIA_SUB_INDICATORS.sheet]
    for i, (row, refs) in enumerate(tables[schema.CRITERIA_INDICATORS.sheet]):
        number = _int(row.get("number"))
        aliases = [a.strip() for a in str(row.get("aliases") or "").split(";") if a.strip()]
        mine = [(r, rf) for r, rf in subs if str(_float_text(r.get("number")) or "").split(".")[0] == str(number)]
        indicators.append(
            {
                "number": number,
                "tool": str(row.get("tool") or "").upper(),
                "name": row.get("name"),
                "aliases": aliases,
                "sub_indicators": [
                    {"number": str(_float_text(r.get("number"))), "name": r.get("name")} for r, _ in mine
                ],
            }
        )
        for key in ("number", "tool", "name"):
            at(("indicators", i, key), schema.CRITERIA_INDICATORS, refs, key)
        for j, (_, rf) in enumerate(mine):
            for key in ("number", "name"):
                at(("indicators", i, "sub_indicators", j, key), schema.CRITERIA_SUB_INDICATORS, rf, key)
    places[("indicators",)] = (schema.CRITERIA_INDICATORS.sheet, "", "")
    data["indicators"] = indicators
    kind = str(values.get("scale_kind") or "").strip().lower()
    scale: dict[str, Any] = {
        "kind": kind,
        "rule_certain": str(values.get("rule_certain") or "").strip() == YES,
        "pass_label": values.get("pass_label") or "ผ่าน",
        "fail_label": values.get("fail_label") or "ไม่ผ่าน",
        "fail_labels_seen": _list(values.get("fail_labels_seen"), ";"),
        "note": values.get("scale_note") or "",
    }
    rows = tables[schema.CRITERIA_LEVELS.sheet]
    if kind == LEVELS:
        scale["levels"] = [
            {
                "level": r.get("label"),
                "minimum": _float(r.get("minimum")),
                "result": r.get("result") or scale["pass_label"],
            }
            for r, _ in rows
        ]
    else:
        scale["ratings"] = [
            {
                "label": r.get("label"),
                "total_min": _float(r.get("minimum")),
                "each_tool_min": _float(r.get("each_tool_min")),
            }
            for r, _ in rows
        ]
    for j, (_, refs) in enumerate(rows):
        at(("result_scale", "levels" if kind == LEVELS else "ratings", j), schema.CRITERIA_LEVELS, refs, "minimum")
    data["result_scale"] = scale
    data["titles"] = {kind: values[f"title_{kind}"] for kind in DEFAULT_TITLES if values.get(f"title_{kind}")}
    data["documents"] = {}
    for row, refs in tables[schema.CRITERIA_DOCUMENTS.sheet]:
        document = str(row.get("document") or "").strip()
        if not document:
            continue
        data["documents"][document] = {
            "oit_code": (str(row["oit_code"]).lower() if row.get("oit_code") else None),
            "title": row.get("title") or "",
            "in_assessment_year": _int(row.get("in_assessment_year")),  # text stays text: the check names it
            "candidate_codes": _list(row.get("candidate_codes"), ";"),
            "rounds": _list(row.get("rounds"), ";"),
            "note": row.get("note") or "",
        }
        for key in data["documents"][document]:
            at(("documents", document, key), schema.CRITERIA_DOCUMENTS, refs, key)
    certainty_words = {th: key for key, th in CERTAINTY_TH.items()}
    annotations = {}
    for row, refs in tables[schema.CRITERIA_CERTAINTY.sheet]:
        field = str(row.get("field") or "").strip()
        word = str(row.get("certainty") or "").strip()
        note: dict[str, Any] = {
            "certainty": certainty_words.get(word, word.lower()),
            "sources": [s.strip() for s in str(row.get("sources") or "").split(",") if s.strip()],
            "note": row.get("note") or "",
        }
        if row.get("carried_from"):
            note["carried_from"] = _int(row.get("carried_from"))
        annotations[field] = note
        for key in note:
            at(("annotations", field, key), schema.CRITERIA_CERTAINTY, refs, key)
    data["annotations"] = annotations
    data["sources"] = {
        str(r.get("key")): str(r.get("text") or "") for r, _ in tables[schema.CRITERIA_SOURCES.sheet] if r.get("key")
    }
    return data


def _list(value: Any, separator: str) -> list[str]:
    return [part.strip() for part in str(value or "").split(separator) if part.strip()]


def _float_text(value: Any) -> Any:
    """9.2 typed into a cell is kept by Excel as a number: the sub-indicator '9.2'."""
    if isinstance(value, float):
        return f"{value:g}"
    return value
