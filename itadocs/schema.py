"""The workbook schema: one description that both generates and reads the workbooks.

`workbook.write_*` builds the blank workbooks from it and `workbook.read_*` finds
sheets and columns by it, so the form a division fills and the checks cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds of value a column holds; validation parses each kind its own way.
TEXT, TOOL, INDICATOR, QUESTIONS, INT, URL, ROUND, YEAR, SCORE, LEVEL, ISSUE, GROUPING = (
    "text",
    "tool",
    "indicator",
    "questions",
    "int",
    "url",
    "round",
    "year",
    "score",
    "level",
    "issue",
    "grouping",
)


@dataclass(frozen=True)
class Column:
    key: str  # the field name in the record (Measure, Item ...)
    title: str  # the header users know (the title in the workbooks and in the 6-month report)
    kind: str = TEXT
    width: float = 30  # Excel character widths
    required: bool = False
    rounds: tuple[int, ...] = ()  # the progress rounds in which the value is expected
    required_in: tuple[int, ...] = ()  # the rounds in which it is required (a 12-month report has no tool)
    help: str = ""  # one Thai sentence for the instructions sheet
    example: str = ""
    # Written ahead of the data (prefilled by init, or numbered ahead by people): a row
    # holding only such cells is not a record.
    ahead: bool = False
    carried: bool = True  # taken into the next year's workbook by `init --from`
    since: int = 1  # the form version that brought the column: an older form without it still reads quietly

    def required_for(self, round_months: int | None) -> bool:
        return self.required or round_months in self.required_in


@dataclass(frozen=True)
class Field:
    """One labelled value of the agency sheet (label in column A, value in column B)."""

    key: str
    label: str
    kind: str = TEXT
    required: bool = True
    help: str = ""
    carried: bool = False  # taken into the next year's agency workbook by `init --from`


MEASURES_SHEET = "มาตรการ"
INSTRUCTIONS_SHEET = "คำอธิบาย"
LISTS_SHEET = "รายการ"  # hidden: the dropdown lists
DIVISION_LABEL = "ส่วนงาน"  # A1 of the measures sheet; the division's name is in B1
HEADER_ROW = 2
FIRST_DATA_ROW = HEADER_ROW + 1

MEASURE_COLUMNS: tuple[Column, ...] = (
    Column(
        "order",
        "ลำดับ",
        INT,
        7,
        ahead=True,
        help="ลำดับของมาตรการตามที่หน่วยงานเขียน (ไม่บังคับ) รายงานเรียงและใส่เลขตามนี้ เช่น 1 หรือ ๑. ใส่เลขไว้ล่วงหน้าในแถวว่างได้",
        example="1",
    ),
    Column(
        "tool",
        "เครื่องมือการประเมิน",
        TOOL,
        14,
        required_in=(6,),
        help="เลือก IIT, EIT หรือ OIT หลายเครื่องมือคั่นด้วยจุลภาค เช่น IIT, OIT (จำเป็นในรอบ 6 เดือน รายงานรอบ 12 เดือนไม่ต้องมี)",
        example="EIT",
    ),
    Column(
        "indicator",
        "ตัวชี้วัดที่",
        INDICATOR,
        24,
        help="เลือกตัวชี้วัดจากรายการหรือพิมพ์เลข 1-10 หรือตัวชี้วัดย่อย เช่น 9.2 หลายตัวชี้วัดคั่นด้วยจุลภาคหรือ / "
        "เช่น 9.2, 9.3 หรือ IIT 3 / OIT 9 (เว้นว่างได้ จะจัดไว้ใต้เครื่องมือการประเมิน)",
        example="7 ประสิทธิภาพการสื่อสาร",
    ),
    Column(
        "questions",
        "ข้อคำถาม",
        QUESTIONS,
        12,
        help='รหัสข้อคำถามตามเกณฑ์ของปีที่ประเมิน เช่น i2, e7, o27 หลายข้อคั่นด้วยจุลภาคหรือ "และ" หรือเป็นช่วง เช่น e7-e9 (เว้นว่างได้)',
        example="e7, e8",
    ),
    Column(
        "issue",
        "ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
        TEXT,
        36,
        required_in=(6,),
        help="ประเด็นจากผลการประเมินที่ต้องปรับปรุงหรือพัฒนา (จำเป็นในรอบ 6 เดือน)",
    ),
    # Not required: the 6-month reports agencies publish often have no separate measure title.
    Column(
        "measure",
        "มาตรการ/แนวทาง",
        TEXT,
        30,
        help="ชื่อมาตรการ โครงการ หรือกิจกรรม (รายงานรอบ 12 เดือนใช้เป็นชื่อมาตรการ ถ้าว่างใช้ประเด็นที่ต้องปรับปรุง)",
    ),
    Column("responsible", "ผู้รับผิดชอบ", TEXT, 20, required=True, help="ส่วนงานหรือผู้รับผิดชอบ"),
    Column(
        "steps",
        "ขั้นตอนหรือวิธีการ/มาตรการ",
        TEXT,
        45,
        required=True,
        help="ขั้นตอนการดำเนินการ กด Alt+Enter เพื่อขึ้นบรรทัดใหม่ แต่ละบรรทัดจะเป็นย่อหน้าในเอกสาร",
    ),
    Column(
        "monitoring",
        "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
        TEXT,
        36,
        help="วิธีรายงานผลต่อผู้บริหารและกำหนดเวลาแล้วเสร็จ (รอบ 6 เดือน)",
    ),
    Column("period", "ระยะเวลาดำเนินการ", TEXT, 20, help="ช่วงเวลาที่ดำเนินการ เช่น ต.ค. 2567 - ก.ย. 2568"),
    Column(
        "progress",
        "การดำเนินการ",
        TEXT,
        40,
        rounds=(6,),
        carried=False,
        help="ผลการดำเนินการรอบ 6 เดือน ระบุวันที่ดำเนินการ เช่น ดำเนินการเมื่อวันที่ 22 มกราคม 2568",
    ),
    Column("summary", "สรุปผลการดำเนินการ", TEXT, 40, rounds=(12,), carried=False, help="สรุปผลการดำเนินการรอบ 12 เดือน"),
    Column("outcome", "ผลลัพธ์/ความสำเร็จ", TEXT, 30, rounds=(12,), carried=False, help="ผลลัพธ์หรือความสำเร็จที่เกิดขึ้น"),
    Column("evidence", "หลักฐาน/ลิงก์", URL, 30, carried=False, help="ลิงก์หลักฐานการดำเนินการบนเว็บไซต์ (ไม่บังคับ)"),
    # Added in form version 2, after the columns people know, so their places do not move.
    # Not carried into the next year: its part 1 has other issues and its analysis other scores.
    Column(
        "answers_issue",
        "ตอบประเด็นที่ (ส่วนที่ ๑)",
        ISSUE,
        26,
        since=2,
        carried=False,
        help="เลือกประเด็นการวิเคราะห์ในส่วนที่ ๑ ของเอกสารมาตรการที่มาตรการนี้ตอบ มาตรการจะอยู่ใต้ประเด็นนี้ในส่วนที่ ๒ "
        "(ว่างไว้ = ใช้ประเด็นของข้อคำถามข้อแรก)",
        example="2",
    ),
    Column(
        "analysis",
        "ผลการวิเคราะห์ตัวชี้วัดตามหลักเกณฑ์การประเมิน ITA ที่สอดคล้องกับมาตรการ หรือโครงการ",
        TEXT,
        40,
        since=2,
        carried=False,
        help="ผลการวิเคราะห์ของส่วนงานเอง พิมพ์ลงเอกสารมาตรการตามที่เขียน (ว่างไว้ = โปรแกรมร่างจากคะแนนให้ และแจ้งเตือนให้ตรวจ)",
    ),
)

MEASURE_COLUMNS_BY_KEY = {column.key: column for column in MEASURE_COLUMNS}


@dataclass(frozen=True)
class Table:
    """A sheet holding one header row (row 2; row 1 is a title) and one record per row below."""

    sheet: str
    columns: tuple[Column, ...]
    help: str = ""  # the sentence in row 1

    header_row = HEADER_ROW
    first_data_row = FIRST_DATA_ROW

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


MEASURES = Table(MEASURES_SHEET, MEASURE_COLUMNS)

# The coordinator's tables: last year's ITA results, which the measures document analyses.
TOOL_SCORES = Table(
    "คะแนนรายเครื่องมือ",
    (
        Column("tool", "แบบ", TOOL, 10, required=True, ahead=True),
        Column("name", "เครื่องมือการประเมิน", TEXT, 50, ahead=True),
        Column("score", "คะแนน", SCORE, 12, help="คะแนนของเครื่องมือตามที่ระบบ ITAS แสดง"),
    ),
    help="คะแนนรายเครื่องมือการประเมินจากระบบ ITAS ของปีที่ประเมิน พิมพ์ตามที่ระบบแสดง",
)

INDICATOR_SCORES = Table(
    "คะแนนตัวชี้วัด",
    (
        Column("tool", "แบบ", TOOL, 10, required=True, ahead=True),
        Column("indicator", "ลำดับ", INDICATOR, 8, required=True, ahead=True),
        Column("name", "รายละเอียดตัวชี้วัด", TEXT, 40, ahead=True, help="แก้ชื่อได้หากเกณฑ์ปีนั้นใช้ชื่ออื่น"),
        Column("score", "คะแนน", SCORE, 12, help="คะแนน 0-100 ทศนิยมสองตำแหน่ง จากระบบ ITAS"),
    ),
    help="คะแนนรายตัวชี้วัดจากระบบ ITAS ของปีที่ประเมิน (ปีก่อนปีงบประมาณของมาตรการ)",
)

ANALYSIS_ISSUES = Table(
    "ประเด็นการวิเคราะห์",
    (
        Column("number", "ประเด็นที่", INT, 10, required=True),
        Column("title", "หัวข้อ", TEXT, 70, required=True, help="ชื่อประเด็น เช่น การปฏิบัติหน้าที่และการให้บริการ"),
    ),
    help="ประเด็นที่ใช้จัดกลุ่มข้อคำถามในส่วนที่ ๑ ของเอกสารมาตรการ",
)

ITEMS = Table(
    "ข้อคำถาม",
    (
        Column("issue", "ประเด็นที่", INT, 10, required=True, help="เลขประเด็นจากแผ่นงานประเด็นการวิเคราะห์"),
        Column("tool", "เครื่องมือการประเมิน", TOOL, 14, required=True, ahead=True),
        Column(
            "code",
            "ข้อคำถาม",
            QUESTIONS,
            12,
            required=True,
            ahead=True,
            help="รหัสข้อ เช่น i1, e5, o12 (กรอกไว้ให้ตามเกณฑ์ของปีแล้ว)",
        ),
        Column(
            "question",
            "รายละเอียดข้อคำถาม",
            TEXT,
            50,
            ahead=True,
            help="ข้อความข้อคำถาม (กรอกไว้ให้เฉพาะข้อที่ทราบข้อความ แก้หรือเติมได้)",
        ),
        Column("score", "คะแนน", SCORE, 10, required=True),
        Column("finding", "ข้อบกพร่อง/ข้อแก้ไข/ปรับปรุง/รักษาระดับ", TEXT, 50),
    ),
    help="ผลคะแนนรายข้อคำถาม กรอกเลขประเด็น คะแนน และข้อบกพร่อง ข้อที่ได้ต่ำกว่าเกณฑ์ผ่านจะถูกเน้นในเอกสาร "
    "แถวที่ไม่กรอกคะแนนจะไม่ปรากฏในเอกสาร",
)

AGENCY_TABLES: tuple[Table, ...] = (TOOL_SCORES, INDICATOR_SCORES, ANALYSIS_ISSUES, ITEMS)

AGENCY_SHEET = "ข้อมูลหน่วยงาน"
DIVISIONS_HEADING = "รายชื่อส่วนงาน"  # in column A of the agency sheet; division names follow below

AGENCY_FIELDS: tuple[Field, ...] = (
    Field("name", "ชื่อหน่วยงาน", help="เช่น เทศบาลตำบลตัวอย่าง", carried=True),
    Field("district", "อำเภอ", help="ชื่ออำเภอ ไม่ต้องพิมพ์คำว่าอำเภอ", carried=True),
    Field("province", "จังหวัด", help="ชื่อจังหวัด ไม่ต้องพิมพ์คำว่าจังหวัด", carried=True),
    Field("fiscal_year", "ปีงบประมาณ (พ.ศ.)", YEAR, help="ปีงบประมาณของมาตรการ เช่น 2568"),
    Field("round", "รอบการรายงาน (เดือน)", ROUND, help="6 หรือ 12"),
    Field("reporter_name", "ชื่อผู้รายงาน", required=False, help="ชื่อ-สกุลผู้จัดทำรายงาน", carried=True),
    Field("reporter_position", "ตำแหน่งผู้รายงาน", required=False, carried=True),
    Field("approver_name", "ชื่อผู้บริหาร (ผู้อนุมัติ)", required=False, help="ชื่อ-สกุลผู้บริหารที่ลงนาม", carried=True),
    Field("approver_position", "ตำแหน่งผู้บริหาร", required=False, carried=True),
    Field("font", "แบบอักษรของเอกสาร", required=False, help="ว่างไว้ = TH SarabunPSK", carried=True),
    Field(
        "overall_score",
        "คะแนน ITA ภาพรวม (ปีที่ประเมิน)",
        SCORE,
        required=False,
        help="คะแนนรวมจากระบบ ITAS ของปีก่อนปีงบประมาณของมาตรการ พิมพ์ตามที่ระบบแสดง",
    ),
    Field(
        "result_level",
        "ระดับผลการประเมิน (ตามที่ ITAS แสดง)",
        LEVEL,
        required=False,
        help="พิมพ์ตามที่ระบบ ITAS แสดง เช่น ผ่าน หรือ ผ่านดี (ถ้าว่าง เอกสารระบุเพียงผ่าน/ไม่ผ่านเกณฑ์)",
    ),
    Field("pass_mark", "เกณฑ์ผ่าน (คะแนน)", SCORE, required=False, help="ตามเกณฑ์ ITA ของปีนั้น"),
    Field("keep_level_score", "คะแนนที่ถือว่ารักษาระดับ", SCORE, required=False, help="ข้อที่ได้คะแนนนี้ให้รักษาระดับ"),
    Field(
        "criteria_set",
        "ชุดเกณฑ์การประเมิน",
        required=False,
        carried=True,
        help="ว่างไว้ = เกณฑ์ทั่วไป ใส่เฉพาะหน่วยงานที่มีชุดข้อคำถามของตนเองในโปรแกรม",
    ),
    # Added in form version 2, below the fields people know.
    Field(
        "grouping",
        "การเรียงมาตรการในรายงาน",
        GROUPING,
        required=False,
        carried=True,
        help="ว่างไว้ = ตามแบบของเอกสาร (รายงาน 6 เดือนจัดกลุ่มตามเครื่องมือและตัวชี้วัด รายงาน 12 เดือนเรียงตามลำดับ"
        "ที่เขียน) หรือเลือก จัดกลุ่มตามเครื่องมือและตัวชี้วัด / เรียงตามลำดับที่เขียน ใช้กับทุกรายงาน",
    ),
    Field(
        "own_score",
        "คะแนน ITA ของปีงบประมาณนี้ (เมื่อประกาศแล้ว)",
        SCORE,
        required=False,
        help="ผลการประเมินของปีงบประมาณที่รายงาน ตามที่ระบบ ITAS แสดง รายงานรอบ 12 เดือนเปิดด้วยผลนี้",
    ),
    Field(
        "own_level",
        "ระดับผลการประเมินของปีงบประมาณนี้ (ตามที่ ITAS แสดง)",
        LEVEL,
        required=False,
        help="เช่น ผ่าน หรือ ผ่านดี (ถ้าว่าง รายงานรอบ 12 เดือนเปิดด้วยผลของปีที่ประเมินก่อนหน้า)",
    ),
)

DEFAULT_FONT = "TH SarabunPSK"

# A hidden sheet marks a workbook as ours, so a division workbook whose measures
# sheet was deleted is reported as such instead of being skipped as unknown.
MARKER_SHEET = "itadocs"
KIND_AGENCY, KIND_DIVISION = "agency", "division"
SCHEMA_VERSION = 2  # 2: the measures form gained ตอบประเด็นที่ and ผลการวิเคราะห์ (Column.since)

# The choices of การเรียงมาตรการในรายงาน (Agency.grouping): "" keeps each document's official form.
GROUP_BY_TOOL, AS_WRITTEN = "tool", "written"
GROUPINGS = {GROUP_BY_TOOL: "จัดกลุ่มตามเครื่องมือและตัวชี้วัด", AS_WRITTEN: "เรียงตามลำดับที่เขียน"}

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
OLD_SUFFIXES = {".xls", ".xlsb", ".ods", ".csv"}  # read by Excel, not by itadocs: saved again as .xlsx

# The first sheet of an annotated copy: divisions send those copies back, and the reader skips it.
SUMMARY_SHEET = "ปัญหาที่พบ"


def is_summary_sheet(title: str) -> bool:
    """The summary sheet of an annotated copy ('ปัญหาที่พบ', or 'ปัญหาที่พบ1' when one was stacked)."""
    return re.fullmatch(rf"{SUMMARY_SHEET}\d*", title.strip()) is not None


def title_key(title: object) -> str:
    """A header compared without spacing or case, so 'ประเด็นที่ต้องปรับปรุง แก้ไข/ ประเด็น...' still matches."""
    return "".join(str(title or "").split()).lower()


# --- the criteria workbook: a year's ITA criteria a coordinator edits -----------------------
# `itadocs criteria N --sheet FILE.xlsx` writes it from the year's criteria; placed in a
# criteria folder (criteria_files), it is read back with these same titles.

CRITERIA_SHEET = "เกณฑ์"  # labelled values, as the agency sheet (label in column A, value in column B)
CRITERIA_FIELDS: tuple[Field, ...] = (
    Field("fiscal_year", "ปีงบประมาณของเอกสาร (พ.ศ.)", YEAR, help="เอกสารของปีนี้ใช้เกณฑ์นี้ เช่น 2570"),
    Field("assessment_year", "ปีที่ประเมิน ITA (พ.ศ.)", YEAR, help="ปีของผลการประเมินที่เอกสารวิเคราะห์ (ปีก่อนหน้า)"),
    Field("name", "ชื่อเกณฑ์", help="เช่น เกณฑ์การประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2569"),
    Field("criteria_set", "ชุดเกณฑ์", required=False, help="ว่างไว้ = เกณฑ์ทั่วไป (อักษรภาษาอังกฤษสำหรับหน่วยงานประเภทอื่น)"),
    Field("pass_mark", "เกณฑ์ผ่าน (คะแนน)", SCORE),
    Field("keep_level_score", "คะแนนที่ถือว่ารักษาระดับ", SCORE),
    Field(
        "scale_kind",
        "แบบของระดับผลการประเมิน",
        help="rating = ผ่าน/ไม่ผ่าน พร้อมระดับ (ผ่านดีเยี่ยม ผ่านดี ผ่าน), levels = AA-F, pass-fail = ผ่าน/ไม่ผ่าน",
    ),
    Field(
        "rule_certain",
        "วิธีคิดระดับยืนยันแล้ว",
        required=False,
        help="ใช่ = เอกสารคิดระดับจากคะแนนได้เมื่อไม่ได้กรอก, ไม่ใช่ = ระบุระดับเฉพาะที่กรอกจากระบบ ITAS",
    ),
    Field("pass_label", "คำที่ใช้เมื่อผ่าน", required=False, help="ว่างไว้ = ผ่าน"),
    Field("fail_label", "คำที่ใช้เมื่อไม่ผ่าน", required=False, help="ว่างไว้ = ไม่ผ่าน"),
    Field("fail_labels_seen", "คำอื่นที่หมายถึงไม่ผ่าน", required=False, help="คั่นด้วย ; เช่น ต้องปรับปรุง"),
    Field("scale_note", "หมายเหตุของระดับผลการประเมิน", required=False),
    Field("title_measures", "ชื่อเอกสารมาตรการ", required=False),
    Field("title_progress-6", "ชื่อรายงานรอบ 6 เดือน", required=False),
    Field("title_progress-12", "ชื่อรายงานรอบ 12 เดือน", required=False),
)

CRITERIA_TOOLS = Table(
    "เครื่องมือการประเมิน",
    (
        Column("code", "แบบ", TEXT, 10, required=True),
        Column("name", "ชื่อเครื่องมือ", TEXT, 50, required=True),
        Column("question_prefix", "อักษรนำรหัสข้อคำถาม", TEXT, 14, required=True, help="เช่น i, e, o"),
        Column("weight", "น้ำหนัก (ร้อยละ)", SCORE, 12, required=True),
    ),
    help="เครื่องมือการประเมินของปี น้ำหนักรวมกันต้องได้ 100",
)

CRITERIA_INDICATORS = Table(
    "ตัวชี้วัด",
    (
        Column("number", "ตัวชี้วัดที่", INT, 10, required=True),
        Column("tool", "แบบ", TEXT, 10, required=True),
        Column("name", "ชื่อตัวชี้วัด", TEXT, 40, required=True),
        Column("aliases", "ชื่ออื่นที่พบในเอกสาร (คั่นด้วย ;)", TEXT, 40),
    ),
    help="ตัวชี้วัดของปี แต่ละตัวชี้วัดเป็นของเครื่องมือหนึ่ง",
)

CRITERIA_SUB_INDICATORS = Table(
    "ตัวชี้วัดย่อย",
    (
        Column("number", "ตัวชี้วัดย่อยที่", TEXT, 14, required=True, help="เช่น 9.2"),
        Column("name", "ชื่อตัวชี้วัดย่อย", TEXT, 50, required=True),
    ),
    help="ตัวชี้วัดย่อย เลขหน้าจุดคือตัวชี้วัดที่เป็นเจ้าของ",
)

CRITERIA_ITEMS = Table(
    "รายการข้อคำถาม",
    (
        Column("code", "รหัสข้อ", TEXT, 10, required=True, help="เช่น i1, e9, o26"),
        Column("indicator", "ตัวชี้วัดที่", INT, 10, required=True),
        Column("sub_indicator", "ตัวชี้วัดย่อยที่", TEXT, 14),
        Column(
            "text",
            "ข้อความข้อคำถามหรือชื่อรายการ (ที่ตรวจแล้ว)",
            TEXT,
            60,
            help="พิมพ์ลงแบบฟอร์มและเอกสาร ใส่เฉพาะข้อความทางการที่ตรวจแล้ว",
        ),
        Column("topic", "หัวข้อที่พบ (ไม่พิมพ์ในเอกสาร)", TEXT, 40),
    ),
    help="ข้อคำถามของทุกเครื่องมือ หนึ่งแถวต่อหนึ่งข้อ เครื่องมือดูจากอักษรนำรหัส",
)

CRITERIA_LEVELS = Table(
    "ระดับผลการประเมิน",
    (
        Column("label", "ระดับ", TEXT, 16, required=True),
        Column("minimum", "คะแนนรวมตั้งแต่", SCORE, 14, required=True),
        Column("each_tool_min", "ทุกเครื่องมือตั้งแต่", SCORE, 16, help="ว่างไว้ถ้าไม่มีเงื่อนไขรายเครื่องมือ"),
        Column("result", "ผล (ผ่าน/ไม่ผ่าน)", TEXT, 14, help="สำหรับระดับ AA-F เท่านั้น"),
    ),
    help="ระดับผลการประเมิน เรียงจากสูงไปต่ำ (ไม่ต้องใส่ระดับไม่ผ่าน)",
)

CRITERIA_DOCUMENTS = Table(
    "รายการ OIT ของเอกสาร",
    (
        Column("document", "เอกสาร", TEXT, 16, required=True, help="measures หรือ progress"),
        Column("oit_code", "รหัส OIT", TEXT, 10),
        Column("title", "ชื่อรายการ OIT", TEXT, 60),
        Column("in_assessment_year", "ในการประเมินปี", YEAR, 14),
        Column("candidate_codes", "รหัสที่อาจเป็น (คั่นด้วย ;)", TEXT, 14),
        Column("rounds", "รอบ (คั่นด้วย ;)", TEXT, 14),
        Column("note", "หมายเหตุ", TEXT, 50),
    ),
    help="รายการ OIT ที่ใช้เผยแพร่เอกสารมาตรการ (measures) และรายงานผล (progress)",
)

CRITERIA_CERTAINTY = Table(
    "ความแน่นอน",
    (
        Column("field", "ข้อมูล", TEXT, 26, required=True),
        Column("about", "คำอธิบาย", TEXT, 30, ahead=True),
        Column("certainty", "ความแน่นอน", TEXT, 16, required=True, help="ยืนยันแล้ว, น่าจะถูกต้อง หรือ ยังไม่ยืนยัน"),
        Column("carried_from", "ใช้ของเกณฑ์ ITA ปี", YEAR, 14),
        Column("sources", "แหล่งที่มา (คั่นด้วย ,)", TEXT, 16),
        Column("note", "หมายเหตุ", TEXT, 60),
    ),
    help="ความแน่นอนของข้อมูลแต่ละส่วน และแหล่งที่มา",
)

CRITERIA_SOURCES = Table(
    "แหล่งที่มา",
    (
        Column("key", "รหัส", TEXT, 8, required=True),
        Column("text", "แหล่งที่มา (ที่อยู่เว็บหรือเอกสารที่เผยแพร่)", TEXT, 100, required=True),
    ),
    help="แหล่งที่มาของข้อมูล อ้างถึงด้วยรหัสในแผ่นงานความแน่นอน",
)

CRITERIA_TABLES: tuple[Table, ...] = (
    CRITERIA_TOOLS,
    CRITERIA_INDICATORS,
    CRITERIA_SUB_INDICATORS,
    CRITERIA_ITEMS,
    CRITERIA_LEVELS,
    CRITERIA_DOCUMENTS,
    CRITERIA_CERTAINTY,
    CRITERIA_SOURCES,
)
KIND_CRITERIA = "criteria"
