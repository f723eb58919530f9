"""The blank workbooks `itadocs init` writes: the coordinator's and one per division.

Everything they hold (sheets, column titles, dropdowns) comes from `schema`, the same
description the reader uses, so the form and the checks cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import schema
from ..criteria import Criteria
from ..files import write_atomic, write_new
from ..messages import ItadocsError, Message
from ..model import division_key
from .cells import put
from .style import (
    BODY,
    BOLD,
    BOX,
    HEADER_FILL,
    INPUT_FILL,
    NOTE,
    TITLE,
    WRAP_TOP,
    new_workbook,
    print_setup,
    row_height,
)

_DATA_ROWS = 500  # rows that get dropdowns and wrapped text in a fresh form


Issues = Sequence[tuple[int, str]]  # the part-1 issues of the agency workbook: (number, title)


def issue_label(number: int, title: str) -> str:
    """'2 การให้บริการและระบบ E-Service': an issue as the form's dropdown offers it."""
    return f"{number} {title}".strip()


def write_division_workbook(
    path: Path,
    division: str,
    criteria: Criteria,
    rows: Sequence[dict[str, Any]] = (),
    issues: Issues = (),
    *,
    replace: bool = False,
) -> None:
    """A measures form for one division: blank, or holding `rows` (dicts keyed by column key,
    such as last year's measures that `init --from` carries over).  `issues` are the part-1
    issues of the agency workbook, offered in the form's ตอบประเด็นที่ dropdown.  Never written
    over a file that exists, unless `replace` (the caller keeps a copy)."""
    wb, guide = new_workbook()
    guide.title = schema.INSTRUCTIONS_SHEET
    ws = wb.create_sheet(schema.MEASURES_SHEET)
    _lists(wb, criteria, issues)
    _mark(wb, schema.KIND_DIVISION)

    # One page wide when printed: a row continued on a second sheet of paper cannot be read.
    _write_table(ws, schema.MEASURES, criteria, len(issues))
    # Row 1 names the division: the reader takes the name from here, not from the file name.
    put(ws, 1, 1, schema.DIVISION_LABEL, font=BOLD)
    put(ws, 1, 2, division, font=BOLD, fill=INPUT_FILL)
    ws.merge_cells(start_row=1, start_column=2, end_row=1, end_column=4)
    ws["E1"] = 'กรอกมาตรการตั้งแต่แถวที่ 3 ลงไป หนึ่งแถวต่อหนึ่งมาตรการ (ดูแผ่นงาน "คำอธิบาย")'
    ws["E1"].font = NOTE
    fill_rows(ws, schema.MEASURES, rows)

    _write_instructions(
        guide,
        f"แบบฟอร์มมาตรการส่งเสริมคุณธรรมและความโปร่งใส — {division}",
        [
            'กรอกข้อมูลในแผ่นงาน "มาตรการ" ตั้งแต่แถวที่ 3 หนึ่งแถวต่อหนึ่งมาตรการ',
            "ห้ามเปลี่ยนชื่อแผ่นงานและหัวคอลัมน์ในแถวที่ 2 ย้ายลำดับคอลัมน์ได้",
            "ขึ้นบรรทัดใหม่ในช่องเดียวกันด้วย Alt+Enter แต่ละบรรทัดจะเป็นย่อหน้าในเอกสาร Word",
            "พิมพ์ตัวเลขอารบิกหรือเลขไทยก็ได้ ระบบจะแปลงเป็นเลขไทยในเอกสารให้เอง",
            'ช่อง "การดำเนินการ" กรอกในรอบ 6 เดือน ช่อง "สรุปผลการดำเนินการ" และ "ผลลัพธ์/ความสำเร็จ" กรอกในรอบ 12 เดือน',
            "รายงานรอบ 12 เดือนใช้เฉพาะ มาตรการ/แนวทาง ขั้นตอน ผู้รับผิดชอบ ระยะเวลา สรุปผล และผลลัพธ์ "
            "ไม่ต้องกรอกเครื่องมือการประเมินหรือประเด็นถ้าไม่มี",
            'ช่อง "ผลการวิเคราะห์ตัวชี้วัด..." คือผลการวิเคราะห์ของส่วนงานเอง เอกสารมาตรการพิมพ์ตามที่เขียน '
            'ช่อง "ตอบประเด็นที่" เลือกประเด็นในส่วนที่ ๑ ที่มาตรการนี้ตอบ',
            "บันทึกเป็นไฟล์ .xlsx แล้วส่งคืนผู้ประสานงาน เปลี่ยนชื่อไฟล์ได้",
        ],
        _field_help(schema.MEASURES.columns),
    )
    wb.active = 0
    if replace:
        write_atomic(path, wb.save)
    else:
        _save_new(wb, path)


def write_agency_workbook(path: Path, values: dict[str, object], divisions: list[str], criteria: Criteria) -> None:
    """The coordinator's workbook: agency details, divisions, and last year's ITA results."""
    wb, guide = new_workbook()
    guide.title = schema.INSTRUCTIONS_SHEET
    ws = wb.create_sheet(schema.AGENCY_SHEET)
    defaults = {"pass_mark": criteria.pass_mark, "keep_level_score": criteria.keep_level_score}
    values = {**defaults, **{k: v for k, v in values.items() if v not in (None, "")}}

    ws["A1"] = "ข้อมูลหน่วยงานสำหรับจัดทำเอกสาร ITA"
    ws["A1"].font = TITLE
    for col, title in enumerate(("รายการ", "ข้อมูล", "คำอธิบาย"), start=1):
        cell = ws.cell(2, col, title)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
    row = 3
    for fld in schema.AGENCY_FIELDS:
        ws.cell(row, 1, fld.label).font = BOLD
        value = put(
            ws,
            row,
            2,
            values.get(fld.key),
            fill=INPUT_FILL,
            border=BOX,
            alignment=Alignment(horizontal="left", vertical="top"),
        )
        ws.cell(row, 3, fld.help + ("" if fld.required else " (ไม่บังคับ)")).font = BODY
        if fld.kind == schema.ROUND:
            dv = DataValidation(type="list", formula1='"6,12"', allow_blank=False)
            dv.add(value.coordinate)
            ws.add_data_validation(dv)
        elif fld.kind == schema.GROUPING:
            dv = DataValidation(type="list", formula1=f'"{",".join(schema.GROUPINGS.values())}"', allow_blank=True)
            dv.add(value.coordinate)
            ws.add_data_validation(dv)
        elif fld.kind == schema.LEVEL:
            # The year's levels, as a warning only: what ITAS shows is typed even when it differs.
            dv = DataValidation(
                type="list",
                formula1=f'"{",".join(criteria.scale.labels)}"',
                allow_blank=True,
                errorStyle="warning",
                showErrorMessage=True,
                errorTitle="ตรวจสอบข้อมูล",
                error="ระดับนี้ไม่อยู่ในเกณฑ์ของปี ตรวจสอบให้ตรงกับที่ระบบ ITAS แสดง",
            )
            dv.add(value.coordinate)
            ws.add_data_validation(dv)
        row += 1
    row += 1
    ws.cell(row, 1, schema.DIVISIONS_HEADING).font = BOLD
    ws.cell(row, 3, "ส่วนงานละหนึ่งแถว เรียงตามลำดับที่ต้องการให้ปรากฏในเอกสาร").font = BODY
    for offset, division in enumerate(divisions):
        put(ws, row + offset, 2, division, fill=INPUT_FILL, border=BOX)
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 45
    ws.column_dimensions["C"].width = 60
    # Thai at 14 pt is taller than the default row: set heights so nothing overlaps.
    ws.row_dimensions[1].height = 30
    for number in range(2, row + max(1, len(divisions))):
        ws.row_dimensions[number].height = 22
    print_setup(ws)

    prefilled = prefilled_rows(criteria)
    for table in schema.AGENCY_TABLES:
        sheet = wb.create_sheet(table.sheet)
        _write_table(sheet, table, criteria)
        fill_rows(sheet, table, prefilled.get(table, []))
    _lists(wb, criteria)
    _mark(wb, schema.KIND_AGENCY)
    doubts = criteria_doubts(criteria)

    _write_instructions(
        guide,
        "ข้อมูลหน่วยงาน (สำหรับผู้ประสานงาน)",
        [
            'กรอกข้อมูลในแผ่นงาน "ข้อมูลหน่วยงาน" ช่องสีเหลือง และรายชื่อส่วนงาน',
            "กรอกผลการประเมิน ITA ของปีที่แล้วตามที่ระบบ ITAS แสดง: คะแนนภาพรวมและระดับผลการประเมินในแผ่นงาน "
            '"ข้อมูลหน่วยงาน" '
            'คะแนนในแผ่นงาน "คะแนนรายเครื่องมือ" และ "คะแนนตัวชี้วัด" ประเด็นในแผ่นงาน "ประเด็นการวิเคราะห์" '
            'และคะแนนกับข้อบกพร่องในแผ่นงาน "ข้อคำถาม" (ใช้ทำเอกสารมาตรการพร้อมการวิเคราะห์ผลคะแนน)',
            f"เครื่องมือ ตัวชี้วัด และรหัสข้อคำถามกรอกไว้ให้ตามเกณฑ์การประเมิน ITA ปี {criteria.assessment_year} แล้ว "
            "(ดูเกณฑ์ด้วยคำสั่ง itadocs criteria) เกณฑ์ผ่านแก้ได้หากเกณฑ์เปลี่ยน",
            'กรอกประเด็นการวิเคราะห์ก่อนส่งแบบฟอร์มให้ส่วนงาน รายการ "ตอบประเด็นที่" ในแบบฟอร์มของส่วนงานมาจากแผ่นงานนี้ '
            "(แบบฟอร์มที่ยังไม่ได้กรอกจะได้รายการใหม่เมื่อสั่ง itadocs init อีกครั้ง)",
            "ไฟล์ของแต่ละส่วนงานอยู่ในโฟลเดอร์เดียวกัน ส่งให้ส่วนงานกรอกแล้วนำกลับมาวางไว้ที่เดิม",
            "สร้างเอกสารด้วยคำสั่ง itadocs build",
            *doubts,
        ],
        [(f.label, "จำเป็น" if f.required else "ไม่บังคับ", f.help) for f in schema.AGENCY_FIELDS]
        + [row for table in schema.AGENCY_TABLES for row in _field_help(table.columns, f"{table.sheet}: ")],
    )
    wb.active = 1
    _save_new(wb, path)


def prefilled_rows(criteria: Criteria) -> dict[schema.Table, list[dict[str, Any]]]:
    """The year's criteria as rows of the agency workbook's tables, so the coordinator types
    only scores and findings (the workbook `init` writes, and the page's form)."""
    return {
        schema.TOOL_SCORES: [{"tool": t.code, "name": t.name} for t in criteria.tools],
        schema.INDICATOR_SCORES: [{"tool": i.tool, "indicator": i.number, "name": i.name} for i in criteria.indicators],
        schema.ITEMS: [
            {"tool": t.code, "code": q.code, "question": q.text or None} for t in criteria.tools for q in t.questions
        ],
    }


def fill_rows(
    ws: Worksheet, table: schema.Table, records: Sequence[dict[str, Any]], first_row: int | None = None
) -> None:
    """Type `records` (dicts keyed by column key) into the table's rows, one record per row;
    text stays text (see `cells.put`)."""
    columns = {c.key: i for i, c in enumerate(table.columns, start=1)}
    for row, record in enumerate(records, start=first_row or table.first_data_row):
        for key, value in record.items():
            if value not in ("", None):
                put(ws, row, columns[key], value, alignment=WRAP_TOP)


def _field_help(columns, prefix: str = "") -> list[tuple[str, str, str]]:
    return [(prefix + c.title, "จำเป็น" if c.required else "ไม่บังคับ", c.help) for c in columns]


def criteria_doubts(criteria: Criteria) -> list[str]:
    """Steps of the guide that say what the year's criteria do not know for sure, so the coordinator
    checks those parts against ITAS and the year's manual."""
    from ..criteria import doubts

    lines = doubts(criteria)
    if not lines:
        return []
    return [
        f"เกณฑ์ที่กรอกไว้ให้ ({criteria.label}) บางส่วนยังไม่ยืนยัน ตรวจกับระบบ ITAS และคู่มือการประเมินของปีก่อนใช้ "
        "(ดูด้วยคำสั่ง itadocs criteria; เกณฑ์ที่ถูกต้องนำมาใช้ได้โดยวางไฟล์ไว้ในโฟลเดอร์ criteria): " + "; ".join(lines)
    ]


def _write_table(ws: Worksheet, table: schema.Table, criteria: Criteria, issues: int = 0) -> None:
    """Title note in row 1, the header row, column styles, dropdowns, frozen header, print setup."""
    if table.help:
        ws["A1"] = table.help
        ws["A1"].font = NOTE
    ws.row_dimensions[1].height = 24
    for col, column in enumerate(table.columns, start=1):
        header = ws.cell(table.header_row, col, column.title)
        header.font, header.fill, header.border = BOLD, HEADER_FILL, BOX
        header.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        # A column style makes what is typed later wrap and use the Thai font.
        dim = ws.column_dimensions[get_column_letter(col)]
        dim.width = column.width
        dim.font, dim.alignment = BODY, WRAP_TOP
        if column.kind == schema.TOOL:
            _dropdown(ws, col, f"{schema.LISTS_SHEET}!$A$1:$A${len(criteria.tools)}", "กรุณาเลือก IIT, EIT หรือ OIT")
        elif column.kind == schema.INDICATOR:
            _dropdown(
                ws,
                col,
                f"{schema.LISTS_SHEET}!$B$1:$B${len(criteria.indicators)}",
                "กรุณาเลือกตัวชี้วัดจากรายการ หรือพิมพ์เลขตัวชี้วัด 1-10",
            )
        elif column.kind == schema.ISSUE and issues:
            _dropdown(
                ws,
                col,
                f"{schema.LISTS_SHEET}!$C$1:$C${issues}",
                "กรุณาเลือกประเด็นจากรายการ (ประเด็นการวิเคราะห์ในไฟล์ข้อมูลหน่วยงาน)",
            )
    ws.row_dimensions[table.header_row].height = 60
    ws.freeze_panes = f"A{table.first_data_row}"
    print_setup(ws, title_rows=f"{table.header_row}:{table.header_row}")


def _lists(wb: Workbook, criteria: Criteria, issues: Issues = ()) -> None:
    """The hidden sheet behind the dropdowns: tools, indicators and the part-1 issues."""
    lists = wb.create_sheet(schema.LISTS_SHEET)
    lists.sheet_state = "hidden"
    for i, tool in enumerate(criteria.tools, start=1):
        put(lists, i, 1, tool.code)
    for i, indicator in enumerate(criteria.indicators, start=1):
        put(lists, i, 2, indicator.label)
    for i, (number, title) in enumerate(issues, start=1):
        put(lists, i, 3, issue_label(number, title))


def _mark(wb: Workbook, kind: str) -> None:
    marker = wb.create_sheet(schema.MARKER_SHEET)
    marker["A1"], marker["B1"] = "kind", kind
    marker["A2"], marker["B2"] = "schema", schema.SCHEMA_VERSION
    marker.sheet_state = "veryHidden"


def _dropdown(ws: Worksheet, col: int, formula: str, error: str) -> None:
    """A list taken from a range; the range is stored without '=' as the file format has it
    (Excel's own files never carry one; some readers reject it)."""
    letter = get_column_letter(col)
    # A warning, not a stop: people type "7" or "eit", which the reader accepts.
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        errorStyle="warning",
        showErrorMessage=True,
        errorTitle="ตรวจสอบข้อมูล",
        error=error,
    )
    dv.add(f"{letter}{schema.FIRST_DATA_ROW}:{letter}{schema.FIRST_DATA_ROW + _DATA_ROWS - 1}")
    ws.add_data_validation(dv)


def _write_instructions(ws: Worksheet, title: str, steps: list[str], fields: list[tuple[str, str, str]]) -> None:
    widths = {"A": 5, "B": 42, "C": 12, "D": 80}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws["A1"] = title
    ws["A1"].font = TITLE
    ws.row_dimensions[1].height = 30
    row = 3
    for number, step in enumerate(steps, start=1):
        ws.cell(row, 1, f"{number}.").font = BODY
        cell = ws.cell(row, 2, step)
        cell.font, cell.alignment = BODY, WRAP_TOP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        ws.row_dimensions[row].height = row_height([(step, sum(widths.values()) - widths["A"])])
        row += 1
    row += 1
    for col, heading in enumerate(("ช่อง", "การกรอก", "คำอธิบาย"), start=2):
        cell = ws.cell(row, col, heading)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
    for title_, need, help_ in fields:
        row += 1
        for col, text in enumerate((title_, need, help_), start=2):
            cell = ws.cell(row, col, text)
            cell.font, cell.alignment, cell.border = BODY, WRAP_TOP, BOX
        ws.row_dimensions[row].height = row_height([(title_, widths["B"]), (help_, widths["D"])])
    print_setup(ws)


def _save_new(wb: Workbook, path: Path) -> None:
    """Saved whole or not at all, never over a workbook that exists."""
    write_new(path, wb.save)


AGENCY_UNREADABLE = Message(
    "เปิดไฟล์ข้อมูลหน่วยงาน {path} ไม่ได้ จึงเพิ่มส่วนงานในรายชื่อไม่ได้ กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่ หรือเพิ่มชื่อส่วนงานในรายชื่อด้วยตนเอง",
    "Cannot open the agency workbook {path}, so the division was not added to its list; open and save it "
    "in Excel, or add the division to the list yourself",
)


def _division_list(path: Path) -> tuple[Workbook, Worksheet, int, int, list[str]]:
    """The agency workbook, its sheet, the row of the divisions heading, the last listed row and the names."""
    from openpyxl import load_workbook

    from ..limits import DEFAULT_LIMITS
    from .preflight import inspect

    try:
        # Checked before parsing as the reader checks it: a hostile file must not stall init either.
        wb = None if inspect(path, path.name, DEFAULT_LIMITS).problems else load_workbook(path)
    except Exception as exc:  # UnreadableWorkbook, and the many kinds openpyxl raises for a damaged file
        raise ItadocsError(AGENCY_UNREADABLE, path=path) from exc
    if wb is None:
        raise ItadocsError(AGENCY_UNREADABLE, path=path)
    ws = wb[schema.AGENCY_SHEET] if schema.AGENCY_SHEET in wb.sheetnames else wb.worksheets[0]
    heading = schema.title_key(schema.DIVISIONS_HEADING)
    start = next((int(cell.row) for cell in ws["A"] if cell.row and schema.title_key(cell.value) == heading), 0)
    if not start:
        start = ws.max_row + 2
        ws.cell(start, 1, schema.DIVISIONS_HEADING).font = BOLD
    last, listed = start - 1, []
    for number in range(start, ws.max_row + 1):
        value = ws.cell(number, 2).value
        if value not in (None, ""):
            last = number
            listed.append(" ".join(str(value).split()))
    return wb, ws, start, last, listed


def listed_divisions(path: Path) -> list[str]:
    """The divisions listed in an agency workbook, spacing normalised."""
    return _division_list(path)[4]


def add_divisions(path: Path, names: list[str]) -> list[str]:
    """Append divisions to the list in an existing agency workbook; returns those added
    (a name already listed, spacing aside, is not added twice).  Saved whole or not at all."""
    wb, ws, _, last, listed = _division_list(path)
    keys = {division_key(name) for name in listed}
    added = []
    for name in names:  # a name already listed, or given twice, spacing aside, is added once
        if division_key(name) not in keys:
            keys.add(division_key(name))
            added.append(name)
    for offset, name in enumerate(added, start=1):
        put(ws, last + offset, 2, name, fill=INPUT_FILL, border=BOX)
        ws.row_dimensions[last + offset].height = 22
    if added:
        write_atomic(path, wb.save)
    return added


# --- keeping the forms' issue lists in step with the agency workbook --------------------


def agency_issues(path: Path) -> list[tuple[int, str]]:
    """The part-1 issues the agency workbook at `path` holds now, in number order ([] when it has
    none or cannot be read: a form is then written without the list)."""
    from ..validate import cell_text, parse_int
    from .read import read_workbook

    try:
        sheet, _ = read_workbook(path, path.name)
    except Exception:  # noqa: BLE001 - unreadable or damaged: the forms go without a list, the build says why
        return []
    rows = getattr(sheet, "tables", {}).get(schema.ANALYSIS_ISSUES.sheet, [])
    issues: dict[int, str] = {}
    for row in rows:
        number = parse_int(row.cells["number"].value) if "number" in row.cells else None
        title = cell_text(row.cells["title"].value) if "title" in row.cells else ""
        if number is not None and title and number not in issues:
            issues[number] = title
    return sorted(issues.items())


def form_issue_list(path: Path) -> list[str] | None:
    """The issues a division form offers in its dropdown now; None when it is no blank form of ours
    (something typed in it, or not readable): such a form is never rewritten."""
    from .read import open_grids, read_workbook

    try:
        sheet, _ = read_workbook(path, path.name)
        grids, _ = open_grids(path, path.name)
    except Exception:  # noqa: BLE001
        return None
    from ..model import DivisionSheet
    from ..validate import is_record

    if not isinstance(sheet, DivisionSheet) or any(is_record(row, schema.MEASURES) for row in sheet.rows):
        return None
    lists = next((g for g in grids if g.title == schema.LISTS_SHEET), None)
    if lists is None:
        return []
    return [str(lists.value(row, 3)) for row in lists.row_numbers() if lists.value(row, 3) not in (None, "")]


def blank_form_is_stale(path: Path, issues: Issues) -> bool:
    """Whether a division form still blank offers another issue list than the agency's now."""
    offered = form_issue_list(path)
    return offered is not None and offered != [issue_label(n, t) for n, t in issues]
