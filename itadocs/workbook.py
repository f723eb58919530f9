"""Excel at the edge: writes the blank workbooks and reads filled ones into raw records.

Only this module touches openpyxl.  Everything it writes and looks for comes from
`schema`, so the form and the reader cannot drift apart.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import schema
from .criteria import Criteria
from .model import AgencySheet, Cell, DivisionSheet, SheetRow
from .problems import Problem

FONT = schema.DEFAULT_FONT
_BODY = Font(name=FONT, size=14)
_BOLD = Font(name=FONT, size=14, bold=True)
_TITLE = Font(name=FONT, size=18, bold=True)
_NOTE = Font(name=FONT, size=14, italic=True, color="595959")
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_DATA_ROWS = 500  # rows that get dropdowns and wrapped text in a fresh form


# --- writing -----------------------------------------------------------------

def write_division_workbook(path: Path, division: str, criteria: Criteria) -> None:
    """A blank measures form for one division."""
    wb = Workbook()
    guide = wb.active
    guide.title = schema.INSTRUCTIONS_SHEET
    ws = wb.create_sheet(schema.MEASURES_SHEET)
    _lists(wb, criteria)
    _mark(wb, schema.KIND_DIVISION)

    _write_table(ws, schema.MEASURES, criteria, fit_width=False)
    # Row 1 names the division: the reader takes the name from here, not from the file name.
    ws["A1"], ws["B1"] = schema.DIVISION_LABEL, division
    ws["A1"].font, ws["B1"].font, ws["B1"].fill = _BOLD, _BOLD, _INPUT_FILL
    ws.merge_cells(start_row=1, start_column=2, end_row=1, end_column=4)
    ws["E1"] = "กรอกมาตรการตั้งแต่แถวที่ 3 ลงไป หนึ่งแถวต่อหนึ่งมาตรการ (ดูแผ่นงาน \"คำอธิบาย\")"
    ws["E1"].font = _NOTE

    _write_instructions(guide, f"แบบฟอร์มมาตรการส่งเสริมคุณธรรมและความโปร่งใส — {division}", [
        "กรอกข้อมูลในแผ่นงาน \"มาตรการ\" ตั้งแต่แถวที่ 3 หนึ่งแถวต่อหนึ่งมาตรการ",
        "ห้ามเปลี่ยนชื่อแผ่นงานและหัวคอลัมน์ในแถวที่ 2 ย้ายลำดับคอลัมน์ได้",
        "ขึ้นบรรทัดใหม่ในช่องเดียวกันด้วย Alt+Enter แต่ละบรรทัดจะเป็นย่อหน้าในเอกสาร Word",
        "พิมพ์ตัวเลขอารบิกหรือเลขไทยก็ได้ ระบบจะแปลงเป็นเลขไทยในเอกสารให้เอง",
        "ช่อง \"การดำเนินการ\" กรอกในรอบ 6 เดือน ช่อง \"สรุปผลการดำเนินการ\" และ \"ผลลัพธ์/ความสำเร็จ\" กรอกในรอบ 12 เดือน",
        "บันทึกเป็นไฟล์ .xlsx แล้วส่งคืนผู้ประสานงาน เปลี่ยนชื่อไฟล์ได้",
    ], _field_help(schema.MEASURES.columns))
    wb.active = 0
    _save_new(wb, path)


def write_agency_workbook(path: Path, values: dict[str, object], divisions: list[str], criteria: Criteria) -> None:
    """The coordinator's workbook: agency details, divisions, and last year's ITA results."""
    wb = Workbook()
    guide = wb.active
    guide.title = schema.INSTRUCTIONS_SHEET
    ws = wb.create_sheet(schema.AGENCY_SHEET)
    defaults = {"pass_mark": criteria.pass_mark, "keep_level_score": criteria.keep_level_score}
    values = {**defaults, **{k: v for k, v in values.items() if v not in (None, "")}}

    ws["A1"] = "ข้อมูลหน่วยงานสำหรับจัดทำเอกสาร ITA"
    ws["A1"].font = _TITLE
    for col, title in enumerate(("รายการ", "ข้อมูล", "คำอธิบาย"), start=1):
        cell = ws.cell(2, col, title)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BOX
    row = 3
    for fld in schema.AGENCY_FIELDS:
        ws.cell(row, 1, fld.label).font = _BOLD
        value = ws.cell(row, 2, values.get(fld.key))
        value.font, value.fill, value.border = _BODY, _INPUT_FILL, _BOX
        value.alignment = Alignment(horizontal="left", vertical="top")
        ws.cell(row, 3, fld.help + ("" if fld.required else " (ไม่บังคับ)")).font = _BODY
        if fld.kind == schema.ROUND:
            dv = DataValidation(type="list", formula1='"6,12"', allow_blank=False)
            dv.add(value.coordinate)
            ws.add_data_validation(dv)
        row += 1
    row += 1
    ws.cell(row, 1, schema.DIVISIONS_HEADING).font = _BOLD
    ws.cell(row, 3, "ส่วนงานละหนึ่งแถว เรียงตามลำดับที่ต้องการให้ปรากฏในเอกสาร").font = _BODY
    for offset, division in enumerate(divisions):
        cell = ws.cell(row + offset, 2, division)
        cell.font, cell.fill, cell.border = _BODY, _INPUT_FILL, _BOX
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 45
    ws.column_dimensions["C"].width = 60
    # Thai at 14 pt is taller than the default row: set heights so nothing overlaps.
    ws.row_dimensions[1].height = 30
    for number in range(2, row + max(1, len(divisions))):
        ws.row_dimensions[number].height = 22
    _print_setup(ws)

    prefilled = {
        schema.INDICATOR_SCORES: [{"tool": i.tool, "indicator": i.number, "name": i.name} for i in criteria.indicators],
        schema.LEVELS: [{"level": lv.level, "minimum": lv.minimum, "result": lv.result} for lv in criteria.levels],
    }
    for table in schema.AGENCY_TABLES:
        sheet = wb.create_sheet(table.sheet)
        _write_table(sheet, table, criteria)
        for number, record in enumerate(prefilled.get(table, []), start=table.first_data_row):
            for col, column in enumerate(table.columns, start=1):
                if column.key in record:
                    sheet.cell(number, col, record[column.key])
    _lists(wb, criteria)
    _mark(wb, schema.KIND_AGENCY)

    _write_instructions(guide, "ข้อมูลหน่วยงาน (สำหรับผู้ประสานงาน)", [
        "กรอกข้อมูลในแผ่นงาน \"ข้อมูลหน่วยงาน\" ช่องสีเหลือง และรายชื่อส่วนงาน",
        "กรอกผลการประเมิน ITA ของปีที่แล้วจากระบบ ITAS ในแผ่นงาน \"คะแนนตัวชี้วัด\" \"ประเด็นการวิเคราะห์\" และ \"ข้อคำถาม\" "
        "(ใช้ทำเอกสารมาตรการพร้อมการวิเคราะห์ผลคะแนน)",
        "แผ่นงาน \"ระดับผลการประเมิน\" และเกณฑ์ผ่านกรอกไว้ตามเกณฑ์ปัจจุบันแล้ว แก้ได้หากเกณฑ์เปลี่ยน",
        "ไฟล์ของแต่ละส่วนงานอยู่ในโฟลเดอร์เดียวกัน ส่งให้ส่วนงานกรอกแล้วนำกลับมาวางไว้ที่เดิม",
        "สร้างเอกสารด้วยคำสั่ง itadocs build",
    ], [(f.label, "จำเป็น" if f.required else "ไม่บังคับ", f.help) for f in schema.AGENCY_FIELDS]
       + [row for table in schema.AGENCY_TABLES for row in _field_help(table.columns, f"{table.sheet}: ")])
    wb.active = 1
    _save_new(wb, path)


def _field_help(columns, prefix: str = "") -> list[tuple[str, str, str]]:
    return [(prefix + c.title, "จำเป็น" if c.required else "ไม่บังคับ", c.help) for c in columns]


def _write_table(ws: Worksheet, table: schema.Table, criteria: Criteria, fit_width: bool = True) -> None:
    """Title note in row 1, the header row, column styles, dropdowns, frozen header, print setup."""
    if table.help:
        ws["A1"] = table.help
        ws["A1"].font = _NOTE
    ws.row_dimensions[1].height = 24
    for col, column in enumerate(table.columns, start=1):
        header = ws.cell(table.header_row, col, column.title)
        header.font, header.fill, header.border = _BOLD, _HEADER_FILL, _BOX
        header.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        # A column style makes what is typed later wrap and use the Thai font.
        dim = ws.column_dimensions[get_column_letter(col)]
        dim.width = column.width
        dim.font, dim.alignment = _BODY, _WRAP_TOP
        if column.kind == schema.TOOL:
            _dropdown(ws, col, f"={schema.LISTS_SHEET}!$A$1:$A${len(criteria.tools)}",
                      "กรุณาเลือก IIT, EIT หรือ OIT")
        elif column.kind == schema.INDICATOR:
            _dropdown(ws, col, f"={schema.LISTS_SHEET}!$B$1:$B${len(criteria.indicators)}",
                      "กรุณาเลือกตัวชี้วัดจากรายการ หรือพิมพ์เลขตัวชี้วัด 1-10")
    ws.row_dimensions[table.header_row].height = 60
    ws.freeze_panes = ws.cell(table.first_data_row, 1)
    _print_setup(ws, title_rows=f"{table.header_row}:{table.header_row}", fit_width=fit_width)


def _lists(wb: Workbook, criteria: Criteria) -> None:
    """The hidden sheet behind the dropdowns."""
    lists = wb.create_sheet(schema.LISTS_SHEET)
    lists.sheet_state = "hidden"
    for i, tool in enumerate(criteria.tools, start=1):
        lists.cell(i, 1, tool.code)
    for i, indicator in enumerate(criteria.indicators, start=1):
        lists.cell(i, 2, indicator.label)


def _mark(wb: Workbook, kind: str) -> None:
    marker = wb.create_sheet(schema.MARKER_SHEET)
    marker["A1"], marker["B1"] = "kind", kind
    marker["A2"], marker["B2"] = "schema", schema.SCHEMA_VERSION
    marker.sheet_state = "veryHidden"


def _dropdown(ws: Worksheet, col: int, formula: str, error: str) -> None:
    letter = get_column_letter(col)
    # A warning, not a stop: people type "7" or "eit", which the reader accepts.
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, errorStyle="warning",
                        showErrorMessage=True, errorTitle="ตรวจสอบข้อมูล", error=error)
    dv.add(f"{letter}{schema.FIRST_DATA_ROW}:{letter}{schema.FIRST_DATA_ROW + _DATA_ROWS - 1}")
    ws.add_data_validation(dv)


def _print_setup(ws: Worksheet, title_rows: str | None = None, fit_width: bool = True) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if fit_width:
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def _row_height(texts: list[tuple[str, float]]) -> float:
    """Height in points for wrapped Thai text at 14 pt: the tallest cell decides."""
    lines = max(max(1, -(-len(text) // max(1, int(width * 1.1)))) for text, width in texts)
    return lines * 21 + 4


def _write_instructions(ws: Worksheet, title: str, steps: list[str], fields: list[tuple[str, str, str]]) -> None:
    widths = {"A": 5, "B": 42, "C": 12, "D": 80}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws["A1"] = title
    ws["A1"].font = _TITLE
    ws.row_dimensions[1].height = 30
    row = 3
    for number, step in enumerate(steps, start=1):
        ws.cell(row, 1, f"{number}.").font = _BODY
        cell = ws.cell(row, 2, step)
        cell.font, cell.alignment = _BODY, _WRAP_TOP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        ws.row_dimensions[row].height = _row_height([(step, sum(widths.values()) - widths["A"])])
        row += 1
    row += 1
    for col, heading in enumerate(("ช่อง", "การกรอก", "คำอธิบาย"), start=2):
        cell = ws.cell(row, col, heading)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BOX
    for title_, need, help_ in fields:
        row += 1
        for col, text in enumerate((title_, need, help_), start=2):
            cell = ws.cell(row, col, text)
            cell.font, cell.alignment, cell.border = _BODY, _WRAP_TOP, _BOX
        ws.row_dimensions[row].height = _row_height([(title_, widths["B"]), (help_, widths["D"])])
    _print_setup(ws)


def _save_new(wb: Workbook, path: Path) -> None:
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


# --- reading -----------------------------------------------------------------

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
OLD_SUFFIXES = {".xls", ".xlsb", ".ods", ".csv"}


class UnreadableWorkbook(Exception):
    """The file cannot be opened as a workbook; the message says why, for the user."""


class EncryptedWorkbook(UnreadableWorkbook):
    """The workbook is password-protected."""


def open_workbook(path: Path):
    """Open a workbook read-only with cached formula values, or say why not."""
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as fh:
            head = fh.read(8)
        # Excel saves a password-protected .xlsx inside an OLE container, like an old .xls.
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise EncryptedWorkbook("ไฟล์มีรหัสผ่าน")
        raise UnreadableWorkbook("ไฟล์เสียหรือไม่ใช่ไฟล์ Excel")
    try:
        wb = load_workbook(path, data_only=True)
        # Only a file with formulas is loaded a second time, to see formulas Excel never calculated.
        wb.formulas = load_workbook(path) if has_formulas(path) else None
        return wb
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableWorkbook(f"ไฟล์เสียหาย: {type(exc).__name__}") from exc


def has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        return any(re.search(rb"<(?:\w+:)?f[ >/]", z.read(name))
                   for name in z.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def _formulas_of(wb, ws: Worksheet) -> Worksheet | None:
    formulas = getattr(wb, "formulas", None)
    return formulas[ws.title] if formulas is not None else None


def workbook_kind(wb) -> str | None:
    """'agency', 'division' or None, judged by content (sheets and headers), then by marker."""
    if _find_agency_sheet(wb) is not None:
        return schema.KIND_AGENCY
    if _find_measures_sheet(wb)[0] is not None:
        return schema.KIND_DIVISION
    if schema.MARKER_SHEET in wb.sheetnames:
        kind = wb[schema.MARKER_SHEET]["B1"].value
        if kind in (schema.KIND_AGENCY, schema.KIND_DIVISION):
            return kind
    return None


def read_agency_sheet(wb, file: str) -> tuple[AgencySheet | None, list[Problem]]:
    ws = _find_agency_sheet(wb)
    if ws is None:
        return None, [Problem("sheet-missing", file=file, details={"expected": schema.AGENCY_SHEET})]
    labels = {schema.title_key(f.label): f.key for f in schema.AGENCY_FIELDS}
    values: dict[str, Cell] = {}
    divisions: list[str] = []
    in_divisions = False
    for row in ws.iter_rows(min_row=1, max_col=2):
        label_cell, value_cell = row[0], row[1]
        key = schema.title_key(label_cell.value)
        if key == schema.title_key(schema.DIVISIONS_HEADING):
            in_divisions = True
        elif key in labels and not in_divisions:
            values[labels[key]] = Cell(value_cell.value, value_cell.coordinate)
        if in_divisions and value_cell.value not in (None, ""):
            divisions.append(str(value_cell.value).strip())
    sheet = AgencySheet(file, ws.title, values, divisions)
    problems: list[Problem] = []
    by_key = {schema.title_key(name): name for name in wb.sheetnames}
    for table in schema.AGENCY_TABLES:
        name = by_key.get(schema.title_key(table.sheet))
        if name is None:
            problems.append(Problem("assessment-sheet-missing", file=file, details={"expected": table.sheet}))
            continue
        sheet.tables[table.sheet], found = read_table(wb[name], table, file, formulas=_formulas_of(wb, wb[name]))
        problems.extend(found)
    return sheet, problems


def read_division_sheet(wb, file: str) -> tuple[DivisionSheet | None, list[Problem]]:
    ws, header_row = _find_measures_sheet(wb)
    if ws is None:
        return None, [Problem("sheet-missing", file=file, details={"expected": schema.MEASURES_SHEET})]
    problems: list[Problem] = []
    if schema.title_key(ws.title) != schema.title_key(schema.MEASURES_SHEET):
        problems.append(Problem("sheet-renamed", file=file, sheet=ws.title,
                                details={"found": ws.title, "expected": schema.MEASURES_SHEET}))
    rows, found = read_table(ws, schema.MEASURES, file, header_row, formulas=_formulas_of(wb, ws))
    division, division_ref = _division_name(ws, header_row, file)
    return DivisionSheet(file, ws.title, division, division_ref, rows), problems + found


def read_table(ws: Worksheet, table: schema.Table, file: str, header_row: int | None = None,
               formulas: Worksheet | None = None) -> tuple[list[SheetRow], list[Problem]]:
    """The non-empty rows below the header, keyed by column key; columns found by title.

    `formulas` is the same sheet loaded with formulas (when the file has any), to tell a
    formula Excel never calculated from an empty cell.
    """
    header_row = header_row or table.header_row
    problems: list[Problem] = []

    def problem(code: str, cell: str = "", **fields) -> None:
        problems.append(Problem(code, file=file, sheet=ws.title, cell=cell, **fields))

    known = {schema.title_key(c.title): c for c in table.columns}
    positions: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for cell in ws[header_row]:
        if cell.value in (None, ""):
            continue
        column = known.get(schema.title_key(cell.value))
        if column and column.key in positions:
            first = f"{get_column_letter(positions[column.key])}{header_row}"
            problem("column-duplicate", cell.coordinate, column=column.title, details={"other": first})
        elif column:
            positions[column.key] = cell.column
        else:
            unknown.append((cell.column, str(cell.value)))
    for column in table.columns:
        if column.key not in positions:
            problem("column-missing" if column.required else "column-missing-optional",
                    f"{header_row}:{header_row}", column=column.title)

    # A merged range's value sits in its first cell; every row of the range meant it.
    spread: dict[tuple[int, int], object] = {}
    for merged in ws.merged_cells.ranges:
        if merged.max_row <= header_row:
            continue
        first = ws.cell(merged.min_row, merged.min_col).value
        for row in range(max(merged.min_row, header_row + 1), merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                spread[(row, col)] = first
        problem("merged-cells", merged.coord.split(":")[0], value=merged.coord)

    rows: list[SheetRow] = []
    unknown_with_data: set[int] = set()
    last_filled = header_row
    for row in ws.iter_rows(min_row=header_row + 1):
        number = row[0].row
        values = {cell.column: spread.get((number, cell.column), cell.value) for cell in row}
        filled = {col for col, value in values.items() if value not in (None, "")}
        if formulas is not None:
            for col in positions.values():
                typed = formulas.cell(number, col).value
                if col not in filled and isinstance(typed, str) and typed.startswith("="):
                    problem("formula-not-calculated", f"{get_column_letter(col)}{number}", value=typed,
                            column=ws.cell(header_row, col).value or "")
                    filled.add(col)
        if not filled:
            continue
        if number > last_filled + 1 and last_filled > header_row:
            problem("row-after-gap", f"A{number}")
        last_filled = number
        # Data in a column outside the form is reported below rather than dropped silently.
        unknown_with_data.update(col for col, _ in unknown if col in filled)
        cells = {key: Cell(values.get(col), f"{get_column_letter(col)}{number}") for key, col in positions.items()}
        if any(col in filled for col in positions.values()):
            rows.append(SheetRow(file, ws.title, number, cells))
    for col, title in unknown:
        if col in unknown_with_data:
            problem("column-unknown", f"{get_column_letter(col)}{header_row}", column=title)
    return rows, problems


def _find_agency_sheet(wb) -> Worksheet | None:
    wanted = schema.title_key(schema.AGENCY_SHEET)
    for ws in wb.worksheets:
        if schema.title_key(ws.title) == wanted:
            return ws
    first_label = schema.title_key(schema.AGENCY_FIELDS[0].label)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible" and any(
            schema.title_key(c.value) == first_label for c in ws["A"][:15]
        ):
            return ws
    return None


def _find_measures_sheet(wb) -> tuple[Worksheet | None, int]:
    """The measures sheet and its header row: the sheet named so, else any sheet whose
    first rows hold at least three of the form's column titles."""
    titles = {schema.title_key(c.title) for c in schema.MEASURE_COLUMNS}
    best: tuple[int, Worksheet | None, int] = (0, None, 0)
    named = schema.title_key(schema.MEASURES_SHEET)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" and schema.title_key(ws.title) != named:
            continue
        for row in ws.iter_rows(min_row=1, max_row=10):
            hits = sum(1 for c in row if schema.title_key(c.value) in titles)
            # The sheet with the expected name wins a tie.
            score = hits * 2 + (schema.title_key(ws.title) == named)
            if hits >= 3 and score > best[0]:
                best = (score, ws, row[0].row)
    return best[1], best[2]


def _division_name(ws: Worksheet, header_row: int, file: str) -> tuple[str, str]:
    label = schema.title_key(schema.DIVISION_LABEL)
    for row in ws.iter_rows(min_row=1, max_row=header_row - 1, max_col=2):
        if len(row) == 2 and schema.title_key(row[0].value) == label and row[1].value not in (None, ""):
            return " ".join(str(row[1].value).split()), row[1].coordinate
    return division_from_file_name(file), ""


def division_from_file_name(file: str) -> str:
    """'กองคลัง (แก้ไข) (1).xlsx' -> 'กองคลัง': the name without copy and edit marks."""
    stem = Path(file).stem
    stem = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]", "", stem)
    stem = re.sub(r"[\s_-]*(copy|สำเนา|final|แก้ไข|v\d+)\s*$", "", stem, flags=re.IGNORECASE)
    return stem.strip(" _-") or Path(file).stem


# --- annotated copies ------------------------------------------------------------

SUMMARY_SHEET = "ปัญหาที่พบ"
_ERROR_FILL = PatternFill("solid", fgColor="F4B6B6")
_WARNING_FILL = PatternFill("solid", fgColor="FFE699")
_CELL_REF = re.compile(r"^[A-Z]{1,3}\d+$")


def write_annotated_copy(source: Path, problems: list[Problem], target: Path, lang: str = "th") -> Path:
    """A copy of `source` with each problem cell coloured and commented, and a summary sheet
    linking to every problem.  The original is only read."""
    from openpyxl.comments import Comment

    wb = load_workbook(source)  # formulas kept as typed: the division gets its own file back
    summary = wb.create_sheet(SUMMARY_SHEET, 0)
    headings = ("ระดับ", "แผ่นงาน", "เซลล์", "คอลัมน์", "ค่าที่พบ", "ข้อความ", "รหัส")
    for col, (heading, width) in enumerate(zip(headings, (12, 16, 10, 30, 30, 80, 24)), start=1):
        cell = summary.cell(1, col, heading)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BOX
        summary.column_dimensions[get_column_letter(col)].width = width
    summary.freeze_panes = "A2"
    summary.row_dimensions[1].height = 24
    _print_setup(summary, title_rows="1:1")
    notes: dict[tuple[str, str], list[Problem]] = {}
    for row, problem in enumerate(problems, start=2):
        is_error = problem.severity.value == "error"
        values = ("ข้อผิดพลาด" if is_error else "คำเตือน", problem.sheet, problem.cell, problem.column,
                  problem.value, problem.message(lang), problem.code)
        for col, value in enumerate(values, start=1):
            cell = summary.cell(row, col, value)
            cell.font, cell.alignment = _BODY, _WRAP_TOP
        summary.cell(row, 1).fill = _ERROR_FILL if is_error else _WARNING_FILL
        summary.row_dimensions[row].height = _row_height([(problem.message(lang), 80), (problem.value, 30),
                                                          (problem.column, 30)])
        target_cell = _target_cell(problem)
        if problem.sheet in wb.sheetnames and target_cell:
            link = summary.cell(row, 3)
            link.hyperlink = f"#'{problem.sheet}'!{target_cell}"
            link.font = Font(name=FONT, size=14, color="0563C1", underline="single")
            notes.setdefault((problem.sheet, target_cell), []).append(problem)
    for (sheet, ref), found in notes.items():
        cell = wb[sheet][ref]
        worst = "error" if any(p.severity.value == "error" for p in found) else "warning"
        cell.fill = _ERROR_FILL if worst == "error" else _WARNING_FILL
        text = "\n".join(f"[{p.code}] {p.message(lang)}" for p in found)
        cell.comment = Comment(text, "itadocs", width=360, height=max(80, 40 * len(found)))
    wb.active = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def _target_cell(problem: Problem) -> str | None:
    """The cell a problem points at: 'B7', or the first cell of a row reference '2:2'."""
    if _CELL_REF.match(problem.cell):
        return problem.cell
    match = re.match(r"^(\d+):\d+$", problem.cell)
    return f"A{match[1]}" if match else None


# --- the merged workbook -----------------------------------------------------------

MERGED_SHEET = "มาตรการรวม"
SOURCE_COLUMNS = (("division", "ส่วนงาน", 20), ("file", "ไฟล์ต้นทาง", 28), ("row", "แถวต้นทาง", 10))


def write_merged_workbook(path: Path, measures: list) -> Path:
    """All divisions' measures in merge order, with the division and the source file and row
    of each, in the form's columns: the same data the documents are rendered from."""
    wb = Workbook()
    ws = wb.active
    ws.title = MERGED_SHEET
    columns = [(key, title, width) for key, title, width in SOURCE_COLUMNS]
    columns += [(c.key, c.title, c.width) for c in schema.MEASURE_COLUMNS]
    for col, (_, title, width) in enumerate(columns, start=1):
        cell = ws.cell(1, col, title)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        dim = ws.column_dimensions[get_column_letter(col)]
        dim.width, dim.font, dim.alignment = width, _BODY, _WRAP_TOP
    for row, measure in enumerate(measures, start=2):
        for col, (key, _, _) in enumerate(columns, start=1):
            ws.cell(row, col, _merged_value(measure, key))
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(measures) + 1)}"
    _print_setup(ws, title_rows="1:1", fit_width=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _merged_value(measure, key: str):
    value = getattr(measure, key, None)
    if key == "indicator":
        return value.label if value else None
    if key == "questions":
        return ", ".join(value) or None
    return value if value not in ("", None) else None
