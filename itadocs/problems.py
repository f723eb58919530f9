"""Problems found in the input: values with a stable code, a place and a message.

A problem in a workbook is data, not an exception: reading and validation collect
every one of them, and the CLI prints them.  Exceptions are kept for "cannot go on".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from .messages import Message


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class ProblemType:
    code: str
    severity: Severity
    message: Message  # fields come from Problem.column, .value and .details


def _type(code: str, severity: Severity, th: str, en: str, page: tuple[str, str] | None = None) -> ProblemType:
    """`page`: the message as a page and a division's annotated copy say it, when the command
    line's words (a command to run) would not help a person reading it there."""
    return ProblemType(code, severity, Message(th, en, Message(*page) if page else None))


E, W = Severity.ERROR, Severity.WARNING

# The catalogue.  Codes are stable: users and scripts search for them.
TYPES: dict[str, ProblemType] = {
    t.code: t
    for t in (
        _type(
            "file-unreadable",
            E,
            "เปิดไฟล์ไม่ได้ ({reason}) กรุณาเปิดใน Excel แล้วบันทึกใหม่เป็น .xlsx",
            "Cannot open the file ({reason}); open it in Excel and save it again as .xlsx",
        ),
        _type(
            "file-encrypted",
            E,
            "ไฟล์มีรหัสผ่าน กรุณาเปิดใน Excel เอารหัสผ่านออก (ไฟล์ > ข้อมูล > ป้องกันเวิร์กบุ๊ก) แล้วบันทึกใหม่",
            "The file is password-protected; open it in Excel, remove the password and save it again",
        ),
        _type(
            "file-old-format",
            E,
            "ไฟล์เป็นรูปแบบเก่า ({suffix}) กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx",
            "Old file format ({suffix}); open it in Excel and save it as .xlsx",
        ),
        _type(
            "file-not-workbook",
            W,
            "ไม่ใช่ไฟล์ Excel (.xlsx) จึงไม่ได้อ่านไฟล์นี้",
            "Not an Excel (.xlsx) file, so it was not read",
        ),
        _type(
            "workbook-unknown",
            W,
            "ไม่พบแผ่นงานข้อมูลหน่วยงานหรือแผ่นงานมาตรการในไฟล์นี้ จึงไม่ได้อ่านไฟล์นี้",
            "No agency sheet or measures sheet found in this workbook, so it was not read",
        ),
        # Limits checked before a workbook is parsed (itadocs/limits.py, docs/limits.md).
        _type(
            "file-unsafe-xml",
            E,
            "ส่วน {value} ของไฟล์มีการประกาศ DOCTYPE หรือ ENTITY หรือไม่ได้เข้ารหัสแบบ UTF-8 ซึ่ง Excel ไม่เคยสร้าง "
            "(อาจเป็นไฟล์อันตราย) จึงไม่ได้อ่านไฟล์นี้ กรุณาเปิดใน Excel แล้วบันทึกใหม่เป็น .xlsx",
            "Part {value} of the file declares a DOCTYPE or ENTITY, or is not UTF-8, which Excel never writes "
            "(the file may be hostile), so it was not read; open it in Excel and save it again as .xlsx",
        ),
        _type(
            "workbook-too-many-parts",
            E,
            "ไฟล์มีส่วนประกอบภายใน {value} ส่วน เกินขีดจำกัด {limit} ส่วน จึงไม่ได้อ่านไฟล์นี้ กรุณาเปิดใน Excel แล้วบันทึกใหม่",
            "The file holds {value} parts, over the limit of {limit}, so it was not read; "
            "open it in Excel and save it again",
        ),
        _type(
            "workbook-too-large",
            E,
            "ไฟล์นี้เมื่อขยายออกมีขนาด {value} เกินขีดจำกัด {limit} จึงไม่ได้อ่าน (รูปภาพที่วางไว้ในไฟล์ก็นับรวมด้วย) "
            "กรุณาลบรูปภาพ แผ่นงาน หรือแถวที่ไม่ใช้ แล้วบันทึกใหม่",
            "Unpacked, the workbook takes {value}, over the limit of {limit}, so it was not read (pictures pasted "
            "into it count too); delete the pictures, sheets or rows not needed and save it again",
        ),
        _type(
            "workbook-compression",
            E,
            "ส่วน {value} ของไฟล์ถูกบีบอัดไว้ {ratio} เท่า เกินขีดจำกัด {limit} เท่า (ลักษณะของไฟล์อันตรายที่เรียกว่า zip bomb) "
            "จึงไม่ได้อ่านไฟล์นี้ กรุณาเปิดใน Excel แล้วบันทึกใหม่",
            "Part {value} of the file is compressed {ratio} times, over the limit of {limit} (the mark of a "
            "'zip bomb'), so it was not read; open it in Excel and save it again",
        ),
        _type(
            "workbook-too-many-cells",
            E,
            "ไฟล์มีเซลล์หรือข้อความ {value} รายการ{where} เกินขีดจำกัด {limit} รายการ (นับรวมเซลล์ที่จัดรูปแบบไว้แต่ว่าง) "
            "จึงไม่ได้อ่านไฟล์นี้ กรุณาลบแถวและคอลัมน์ที่ไม่ใช้ (เลือกทั้งแถว คลิกขวา แล้วเลือก ลบ) แล้วบันทึกใหม่",
            "The workbook holds {value} cells or texts{where}, over the limit of {limit} (formatted empty cells count "
            "too), so it was not read; delete the rows and columns not used (select whole rows, right-click, "
            "Delete) and save it again",
        ),
        _type(
            "workbook-too-many-elements",
            E,
            "ไฟล์มีองค์ประกอบอื่นนอกจากเซลล์ (รูปแบบเซลล์ การจัดรูปแบบตามเงื่อนไข รายการดรอปดาวน์ รูปวาด ฯลฯ) {value} รายการ "
            "เกินขีดจำกัด {limit} รายการ (มากที่สุดในส่วน {part}) จึงไม่ได้อ่านไฟล์นี้ "
            "กรุณาคัดลอกเฉพาะข้อมูล (วางแบบค่า) ไปใส่ในแบบฟอร์มใหม่ที่สร้างจาก itadocs init",
            "The workbook holds {value} elements other than cells (cell formats, conditional formats, dropdowns, "
            "drawings ...), over the limit of {limit} (most in part {part}), so it was not read; copy only the "
            "data (paste values) into a fresh form made by itadocs init",
            (
                "ไฟล์มีองค์ประกอบอื่นนอกจากเซลล์ (รูปแบบเซลล์ การจัดรูปแบบตามเงื่อนไข รายการดรอปดาวน์ รูปวาด ฯลฯ) {value} รายการ "
                "เกินขีดจำกัด {limit} รายการ (มากที่สุดในส่วน {part}) จึงไม่ได้อ่านไฟล์นี้ "
                "กรุณาคัดลอกเฉพาะข้อมูล (วางแบบค่า) ไปใส่ในแบบฟอร์มเปล่าฉบับใหม่",
                "The workbook holds {value} elements other than cells (cell formats, conditional formats, dropdowns, "
                "drawings ...), over the limit of {limit} (most in part {part}), so it was not read; copy only the "
                "data (paste values) into a fresh blank form",
            ),
        ),
        _type(
            "sheet-too-many-rows",
            E,
            "แผ่นงานนี้มีเซลล์ถึงแถวที่ {value} (เซลล์ที่ระบุ) เกินขีดจำกัด {limit} แถว จึงไม่ได้อ่านไฟล์นี้ "
            "อาจมีข้อมูลหรือการจัดรูปแบบค้างอยู่ด้านล่าง กรุณาลบแถวที่ไม่ใช้ (เลือกทั้งแถว คลิกขวา แล้วเลือก ลบ) แล้วบันทึกใหม่",
            "This sheet has cells down to row {value} (the cell named), over the limit of {limit} rows, so the "
            "workbook was not read; something typed or formatted may be left far below: delete the rows not used "
            "(select whole rows, right-click, Delete) and save it again",
        ),
        _type(
            "sheet-too-many-columns",
            E,
            "แผ่นงานนี้มีเซลล์ถึงคอลัมน์ {value} (เซลล์ที่ระบุ) เกินขีดจำกัด {limit} คอลัมน์ จึงไม่ได้อ่านไฟล์นี้ "
            "กรุณาลบคอลัมน์ที่ไม่ใช้ (เลือกทั้งคอลัมน์ คลิกขวา แล้วเลือก ลบ) แล้วบันทึกใหม่",
            "This sheet has cells as far right as column {value} (the cell named), over the limit of {limit} "
            "columns, so the workbook was not read; delete the columns not used (select whole columns, "
            "right-click, Delete) and save it again",
        ),
        _type(
            "merged-area-too-large",
            E,
            "เซลล์ที่ผสานไว้ในแผ่นงานนี้รวมกัน {count} เซลล์ (ช่วงที่ใหญ่ที่สุดคือ {value}) เกินขีดจำกัด {limit} เซลล์ "
            "จึงไม่ได้อ่านไฟล์นี้ กรุณายกเลิกการผสานเซลล์ (หน้าแรก > ผสานและจัดกึ่งกลาง) แล้วบันทึกใหม่",
            "Merged ranges in this sheet cover {count} cells (the largest is {value}), over the limit of {limit}, "
            "so the workbook was not read; unmerge them (Home > Merge & Center) and save it again",
        ),
        _type(
            "cell-text-too-long",
            E,
            "ข้อความในเซลล์นี้ยาว {value} ตัวอักษร เกินขีดจำกัด {limit} ตัวอักษร (ขีดจำกัดของ Excel เอง) "
            "กรุณาตัดให้สั้นลงหรือแบ่งเป็นหลายมาตรการ",
            "The text in this cell is {value} characters long, over the limit of {limit} (Excel's own); "
            "shorten it or split it into several measures",
        ),
        # Content that would otherwise be lost or printed wrong.
        _type(
            "cell-error",
            E,
            "เซลล์นี้แสดงค่าผิดพลาด {value} ของ Excel (เช่น สูตรอ้างถึงเซลล์ที่ถูกลบ) จึงนำไปใส่ในเอกสารไม่ได้ กรุณาแก้สูตร หรือพิมพ์ค่าแทนสูตร",
            "This cell shows Excel's error value {value} (e.g. a formula referring to a deleted cell), which cannot "
            "go into the documents; correct the formula or type the value",
        ),
        _type(
            "column-untitled",
            W,
            "คอลัมน์ {column} ไม่มีหัวคอลัมน์ (เซลล์ {header} ว่าง) แต่มีข้อมูล {count} เซลล์ เริ่มที่เซลล์นี้ "
            "ข้อมูลนี้จะไม่ปรากฏในเอกสาร ถ้าเป็นข้อมูลของมาตรการ ให้ย้ายไปไว้ในคอลัมน์ของแบบฟอร์ม",
            "Column {column} has no title ({header} is empty) but holds {count} cells of data, the first here; "
            "they will not appear in the documents; if they belong to the measures, move them into the form's columns",
        ),
        _type(
            "measures-sheet-extra",
            E,
            'แผ่นงานนี้เป็นแบบฟอร์มมาตรการอีกแผ่นหนึ่ง มีข้อมูล {value} แถว แต่ระบบอ่านเฉพาะแผ่นงาน "{main}" '
            'กรุณาย้ายมาตรการจากแผ่นงานนี้ไปไว้ในแผ่นงาน "{main}" แล้วลบแผ่นงานนี้',
            'This sheet is another copy of the measures form, with {value} rows, but only sheet "{main}" is read; '
            'move its measures into "{main}" and delete this sheet',
        ),
        _type(
            "measures-sheet-hidden",
            W,
            "แผ่นงานที่ซ่อนไว้นี้เป็นแบบฟอร์มมาตรการ มีข้อมูล {value} แถว ซึ่งไม่ได้อ่าน "
            'ถ้าเป็นมาตรการที่ต้องรายงาน ให้ย้ายไปไว้ในแผ่นงาน "{main}"',
            "This hidden sheet is a copy of the measures form with {value} rows, which were not read; "
            'if they are measures to report, move them into sheet "{main}"',
        ),
        _type(
            "annotated-copy-failed",
            W,
            "ทำสำเนาตรวจสอบ (ตรวจสอบ).xlsx ของไฟล์นี้ไม่ได้ เพราะบางส่วนของไฟล์เขียนไว้ผิดรูปแบบ ({reason}) "
            "ปัญหาของไฟล์นี้แสดงอยู่ในรายการแล้ว กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่",
            "No annotated (ตรวจสอบ) copy could be made of this workbook: part of it is not written as the format "
            "says ({reason}); its problems are in the list; open it in Excel and save it again",
        ),
        _type(
            "inputs-subfolder",
            W,
            "โฟลเดอร์ย่อยนี้มีไฟล์ Excel {value} ไฟล์ ซึ่งไม่ได้อ่าน (อ่านเฉพาะไฟล์ที่อยู่ในโฟลเดอร์ inputs โดยตรง) "
            "ถ้าต้องการให้อ่าน ให้ย้ายไฟล์ออกมาไว้ในโฟลเดอร์ inputs",
            "This sub-folder holds {value} Excel files, which were not read (only files directly in inputs are); "
            "move them up into inputs to have them read",
        ),
        _type(
            "sheet-missing",
            E,
            'ไม่พบแผ่นงาน "{expected}" (อาจถูกลบหรือเปลี่ยนชื่อ) กรุณาใช้ไฟล์ที่สร้างจาก itadocs init',
            'Sheet "{expected}" is missing (deleted or renamed?); use the workbook made by itadocs init',
            (
                'ไม่พบแผ่นงาน "{expected}" (อาจถูกลบหรือเปลี่ยนชื่อ) กรุณาใช้แบบฟอร์มที่ได้รับจากผู้ประสานงาน หรือดาวน์โหลดแบบฟอร์มเปล่าใหม่',
                'Sheet "{expected}" is missing (deleted or renamed?); use the form the coordinator gave you, '
                "or download a fresh blank form",
            ),
        ),
        _type(
            "sheet-renamed",
            W,
            'แผ่นงานมาตรการชื่อ "{found}" แทนที่จะเป็น "{expected}" ระบบอ่านให้แล้ว',
            'The measures sheet is named "{found}" instead of "{expected}"; it was read anyway',
        ),
        _type(
            "assessment-sheet-missing",
            W,
            'ไม่พบแผ่นงาน "{expected}" ในไฟล์ข้อมูลหน่วยงาน เอกสารมาตรการจะขาดข้อมูลส่วนนี้',
            'Sheet "{expected}" is missing from the agency workbook; the measures document will lack that part',
        ),
        _type(
            "column-missing",
            E,
            'ไม่พบคอลัมน์ "{column}" ในแถวหัวตาราง กรุณาเพิ่มคอลัมน์นี้กลับคืน',
            'Column "{column}" is missing from the header row; put it back',
        ),
        _type(
            "column-missing-optional",
            W,
            'ไม่พบคอลัมน์ "{column}" ระบบถือว่าคอลัมน์นี้ว่าง',
            'Column "{column}" is missing; it is treated as empty',
        ),
        _type(
            "column-duplicate",
            E,
            'คอลัมน์ "{column}" มีซ้ำกันสองคอลัมน์ (อีกคอลัมน์อยู่ที่ {other}) กรุณาลบคอลัมน์ที่ไม่ใช้',
            'Column "{column}" appears twice (the other is at {other}); delete the one not used',
        ),
        _type(
            "merged-cells",
            W,
            "เซลล์ {value} ถูกผสานไว้ ระบบใช้ค่าของเซลล์แรกกับทุกแถวในช่วงนั้น ควรยกเลิกการผสานเซลล์",
            "Cells {value} are merged; the first cell's value was used for every row of the range; unmerge them",
        ),
        _type(
            "formula-not-calculated",
            E,
            "เซลล์นี้เป็นสูตรที่ยังไม่มีค่าที่คำนวณไว้ กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่ หรือพิมพ์ค่าแทนสูตร",
            "This formula cell has no calculated value; open the file in Excel and save it, or type the value",
        ),
        _type(
            "row-after-gap",
            W,
            "มีแถวว่างคั่นก่อนแถวนี้ ระบบอ่านแถวนี้ด้วย ตรวจสอบว่าไม่ได้เป็นข้อมูลเก่าที่ค้างไว้",
            "Empty rows come before this row; it was read too; check it is not leftover data",
        ),
        _type(
            "date-buddhist-year",
            W,
            "วันที่ถูกบันทึกเป็นปี ค.ศ. {value} (พิมพ์ปี พ.ศ. ในช่องวันที่) ระบบแก้เป็นปี พ.ศ. ให้แล้ว",
            "The date was stored with year {value} (a Buddhist year typed into a date cell); it was corrected",
        ),
        _type(
            "date-outside-round",
            W,
            "วันที่ {value} อยู่นอกช่วงของรอบรายงาน ({expected}) กรุณาตรวจสอบ",
            "The date {value} is outside the report round ({expected}); check it",
        ),
        _type(
            "measure-duplicate",
            W,
            "มาตรการนี้ซ้ำกับแถวที่ {other} ทุกช่อง (ส่งซ้ำ?) ในเอกสารจะปรากฏทั้งสองแถว ลบแถวที่ซ้ำออก",
            "This measure repeats the one at {other} in every field (sent twice?); "
            "both appear in the documents; delete one",
        ),
        _type(
            "division-duplicate",
            E,
            'ส่วนงาน "{value}" ส่งไฟล์มามากกว่าหนึ่งไฟล์ (อีกไฟล์คือ {other}) กรุณาเก็บไว้เฉพาะไฟล์ล่าสุด',
            'Division "{value}" sent more than one workbook (the other is {other}); keep only the latest',
        ),
        _type(
            "division-file-mismatch",
            W,
            'ชื่อไฟล์เป็นของ "{expected}" แต่ในไฟล์ระบุส่วนงาน "{value}" (ส่งไฟล์ผิดส่วนงาน?)',
            'The file is named for "{expected}" but names division "{value}" inside (the wrong division\'s file?)',
        ),
        _type(
            "column-unknown",
            W,
            'คอลัมน์ "{column}" ไม่อยู่ในแบบฟอร์ม ข้อมูลในคอลัมน์นี้จะไม่ปรากฏในเอกสาร',
            'Column "{column}" is not part of the form; its data will not appear in the documents',
        ),
        _type("value-required", E, 'ยังไม่ได้กรอก "{column}" ซึ่งจำเป็นต้องมี', '"{column}" is required but empty'),
        _type(
            "value-invalid",
            E,
            'ค่า "{value}" ใน "{column}" ไม่ถูกต้อง: {expected}',
            'Value "{value}" in "{column}" is not valid: {expected}',
        ),
        _type(
            "score-invalid",
            E,
            'คะแนน "{value}" ไม่ถูกต้อง ต้องเป็นตัวเลข 0-100',
            'Score "{value}" is not valid; it must be a number from 0 to 100',
        ),
        _type(
            "issue-number-unknown",
            E,
            'ไม่มีประเด็นที่ {value} ในแผ่นงาน "{expected}"',
            'There is no issue {value} in sheet "{expected}"',
        ),
        _type(
            "tool-unknown",
            E,
            'ไม่รู้จักเครื่องมือการประเมิน "{value}" กรุณาเลือก IIT, EIT หรือ OIT',
            'Unknown assessment tool "{value}"; choose IIT, EIT or OIT',
        ),
        _type(
            "indicator-unknown",
            E,
            'ไม่รู้จักตัวชี้วัด "{value}" กรุณาเลือกจากรายการ (ตัวชี้วัดที่ ๑-๑๐)',
            'Unknown indicator "{value}"; choose one from the list (indicators 1-10)',
        ),
        _type(
            "indicator-tool-mismatch",
            E,
            "ตัวชี้วัดที่ {value} เป็นของเครื่องมือ {expected} ไม่ใช่ {tool} กรุณาแก้เครื่องมือหรือตัวชี้วัด",
            "Indicator {value} belongs to {expected}, not {tool}; correct the tool or the indicator",
        ),
        _type(
            "question-unknown",
            E,
            'ไม่รู้จักข้อคำถาม "{value}" กรุณาพิมพ์เช่น i2, e11, o9 (คั่นหลายข้อด้วยจุลภาค)',
            'Unknown question code "{value}"; type e.g. i2, e11, o9 (separate several with commas)',
        ),
        _type(
            "question-tool-mismatch",
            E,
            "ข้อคำถาม {value} เป็นของเครื่องมือ {expected} ไม่ใช่ {tool}",
            "Question {value} belongs to {expected}, not {tool}",
        ),
        _type(
            "question-not-in-criteria",
            W,
            "ไม่มีข้อคำถาม {value} ในเกณฑ์การประเมิน ITA ปี {year} ({known}) ตรวจสอบรหัสข้อคำถาม{note}",
            "Question {value} does not exist in the ITA {year} criteria ({known}); check the code{note}",
        ),
        _type(
            "round-value-missing",
            W,
            'ยังไม่ได้กรอก "{column}" ของรอบ {round} เดือน ในเอกสารจะแสดงว่ายังไม่มีการรายงานผล',
            '"{column}" for the {round}-month round is empty; the document will say nothing was reported',
        ),
        _type(
            "text-repaired",
            W,
            "ข้อความมีอักขระเสียจากการคัดลอก (เช่น เ เ แทน แ, สระอำแยก, อักขระล่องหน) ระบบแก้ให้แล้ว",
            "The text had damage from copy-paste (e.g. doubled sara e, split sara am, invisible characters); "
            "it was repaired",
        ),
        _type(
            "agency-workbook-missing",
            E,
            'ไม่พบไฟล์ข้อมูลหน่วยงาน (แผ่นงาน "{expected}") ในโฟลเดอร์ inputs สร้างได้ด้วย itadocs init',
            'No agency workbook (sheet "{expected}") in the inputs folder; create one with itadocs init',
            (
                'ไม่พบไฟล์ข้อมูลหน่วยงาน (แผ่นงาน "{expected}") ของโครงการนี้ กรุณาส่งไฟล์ข้อมูลหน่วยงานเข้ามา',
                'This project has no agency workbook (sheet "{expected}"); send the agency workbook',
            ),
        ),
        _type(
            "agency-workbook-duplicate",
            E,
            "พบไฟล์ข้อมูลหน่วยงานมากกว่าหนึ่งไฟล์ (อีกไฟล์คือ {other}) กรุณาเก็บไว้เพียงไฟล์เดียว",
            "More than one agency workbook (the other is {other}); keep only one",
        ),
        _type(
            "division-workbook-missing",
            W,
            'ไม่พบไฟล์ของส่วนงาน "{value}" ที่ระบุไว้ในข้อมูลหน่วยงาน',
            'No workbook from division "{value}", which the agency workbook lists',
        ),
        _type(
            "division-not-returned",
            W,
            'ส่วนงาน "{value}" ยังไม่ได้ส่งมาตรการ (ไฟล์ยังว่างเหมือนตอนสร้าง) เอกสารจะไม่มีมาตรการของส่วนงานนี้',
            'Division "{value}" has not sent its measures (the workbook is still blank); '
            "the documents will have none of its measures",
        ),
        _type(
            "division-name-invalid",
            E,
            'ชื่อส่วนงาน "{value}" ไม่มีตัวอักษรหรือตัวเลข กรุณาพิมพ์ชื่อส่วนงาน เช่น กองคลัง',
            'The division name "{value}" has no letter or digit; type the division\'s name, such as กองคลัง',
        ),
        _type("division-name-missing", E, "ยังไม่ได้กรอกชื่อส่วนงาน", "The division name is empty"),
        _type("no-measures", E, "ไม่พบมาตรการในไฟล์ของส่วนงานใดเลย", "No measures found in any division workbook"),
        _type(
            "analysis-drafted",
            W,
            'ยังไม่ได้กรอก "{column}" ของมาตรการนี้ เอกสารมาตรการจึงพิมพ์ข้อความที่โปรแกรมร่างจากคะแนนแทน '
            "กรุณาพิมพ์ผลการวิเคราะห์ของส่วนงานเอง หรือตรวจข้อความที่ร่างไว้ในเอกสาร",
            '"{column}" is empty for this measure, so the measures document prints a draft made from the scores; '
            "type the division's own analysis, or check the drafted text in the document",
        ),
        _type(
            "measure-issue-unknown",
            W,
            'ไม่มีประเด็น "{value}" ในแผ่นงาน "{expected}" ของไฟล์ข้อมูลหน่วยงาน เอกสารมาตรการจึงจัดมาตรการนี้'
            "ตามประเด็นของข้อคำถามแทน กรุณาเลือกประเด็นจากรายการ",
            'There is no issue "{value}" in sheet "{expected}" of the agency workbook, so the measures document '
            "places this measure by its question codes instead; choose an issue from the list",
        ),
        _type(
            "measure-issue-title-differs",
            W,
            'ประเด็นที่ {number} ที่เลือกไว้ชื่อ "{value}" แต่ในไฟล์ข้อมูลหน่วยงานชื่อ "{expected}" (รายการในแบบฟอร์ม'
            "อาจเป็นของเดิม) เอกสารใช้ประเด็นที่ {number} ตามไฟล์ข้อมูลหน่วยงาน กรุณาตรวจว่าเลือกถูกประเด็น",
            'Issue {number} was chosen as "{value}" but the agency workbook names it "{expected}" (the form\'s list '
            "may be older); the document uses issue {number} as the agency workbook has it; check the choice",
        ),
        _type(
            "measure-issue-differs",
            W,
            "มาตรการนี้เลือกประเด็นที่ {number} แต่ข้อคำถาม {question} อยู่ในประเด็นที่ {inferred} ของส่วนที่ ๑ "
            "เอกสารใช้ประเด็นที่เลือก กรุณาตรวจว่าเลือกถูกประเด็น",
            "This measure chose issue {number}, but its question {question} sits under issue {inferred} in part 1; "
            "the document uses the issue chosen; check the choice",
        ),
        _type(
            "criteria-year-missing",
            W,
            "ไม่มีข้อมูลเกณฑ์ ITA ของปีงบประมาณ {value} ({wanted}) จึงใช้ {used} (เอกสารปีงบประมาณ {used_year}) แทน "
            "ตรวจสอบข้อคำถามและระดับผลการประเมินกับเกณฑ์ของปีนั้น (ดูด้วยคำสั่ง itadocs criteria)",
            "No ITA criteria data for fiscal year {value} ({wanted}); {used} (fiscal year {used_year}) was used "
            "instead; check the question codes and the result scale against that year's criteria (itadocs criteria)",
            (
                "ไม่มีข้อมูลเกณฑ์ ITA ของปีงบประมาณ {value} ({wanted}) จึงใช้ {used} (เอกสารปีงบประมาณ {used_year}) แทน "
                "ตรวจสอบข้อคำถามและระดับผลการประเมินกับเกณฑ์ของปีนั้น",
                "No ITA criteria data for fiscal year {value} ({wanted}); {used} (fiscal year {used_year}) was used "
                "instead; check the question codes and the result scale against that year's criteria",
            ),
        ),
        _type(
            "criteria-file-unreadable",
            E,
            "อ่านไฟล์เกณฑ์ไม่ได้ ({reason}) จึงไม่ได้ใช้ไฟล์นี้ กรุณาแก้ไฟล์ หรือนำออกจากโฟลเดอร์ criteria",
            "Cannot read the criteria file ({reason}), so it was not used; correct it, or take it out of the "
            "criteria folder",
        ),
        _type(
            "criteria-value-missing",
            E,
            'ไฟล์เกณฑ์ยังไม่มี "{column}" ซึ่งจำเป็น ({expected}) จึงไม่ได้ใช้ไฟล์นี้',
            'The criteria file lacks "{column}", which it needs ({expected}), so it was not used',
        ),
        _type(
            "criteria-value-invalid",
            E,
            'ค่า "{value}" ของ "{column}" ในไฟล์เกณฑ์ใช้ไม่ได้ ต้องเป็น {expected} จึงไม่ได้ใช้ไฟล์นี้',
            'Value "{value}" of "{column}" in the criteria file cannot be used: it must be {expected}; '
            "the file was not used",
        ),
        _type(
            "criteria-weights-sum",
            W,
            "น้ำหนักของเครื่องมือการประเมินในไฟล์เกณฑ์รวมกันได้ {value} ไม่ใช่ 100 กรุณาตรวจสอบ",
            "The tools' weights in the criteria file add up to {value}, not 100; check them",
        ),
        _type(
            "criteria-from-file",
            W,
            "เอกสารปีงบประมาณ {year} ใช้เกณฑ์จากไฟล์ {value} ({origin}) แทนเกณฑ์ที่มากับโปรแกรม (ดูด้วยคำสั่ง itadocs criteria)",
            "The fiscal-{year} documents use the criteria of {value} ({origin}) instead of the bundled ones "
            "(see itadocs criteria)",
            (
                "เอกสารปีงบประมาณ {year} ใช้เกณฑ์จากไฟล์ {value} ({origin}) แทนเกณฑ์ที่มากับโปรแกรม",
                "The fiscal-{year} documents use the criteria of {value} ({origin}) instead of the bundled ones",
            ),
        ),
        _type(
            "result-level-not-typed",
            W,
            "ยังไม่ได้กรอกระดับผลการประเมินตามที่ระบบ ITAS แสดง เกณฑ์ปี {year} ยังไม่ยืนยันวิธีคิดระดับ "
            "เอกสารจึงระบุเพียงว่าผ่านหรือไม่ผ่านเกณฑ์ {pass_mark} คะแนน{hint}",
            "The result level as ITAS shows it is not typed; the {year} criteria's rule for levels is not "
            "confirmed, so the document says only whether the score passes {pass_mark}{hint}",
        ),
        _type(
            "result-level-unknown",
            W,
            'ระดับผลการประเมิน "{value}" ไม่ใช่ระดับของเกณฑ์ปี {year} ({expected}) เอกสารจะใช้ตามที่พิมพ์ กรุณาตรวจสอบ',
            'Result level "{value}" is not one of the {year} criteria\'s levels ({expected}); '
            "the document uses it as typed; check it",
        ),
        _type(
            "result-level-score-mismatch",
            W,
            'ระดับผลการประเมิน "{value}" ไม่สอดคล้องกับคะแนนภาพรวม {score} (เกณฑ์ผ่าน {pass_mark} คะแนน) '
            "เอกสารจะใช้ระดับตามที่พิมพ์ กรุณาตรวจสอบกับระบบ ITAS",
            'Result level "{value}" does not agree with the overall score {score} (pass mark {pass_mark}); '
            "the document uses the level as typed; check it against ITAS",
        ),
        _type(
            "overall-score-mismatch",
            W,
            "คะแนนภาพรวม {value} ไม่ตรงกับคะแนนรายเครื่องมือคิดตามน้ำหนัก ({expected}) กรุณาตรวจสอบกับระบบ ITAS",
            "The overall score {value} does not match the tool scores by their weights ({expected}); "
            "check it against ITAS",
        ),
        _type(
            "template-unreadable",
            E,
            "เปิดแม่แบบไม่ได้ ({reason}) กรุณาบันทึกใหม่เป็น .docx ใน Word",
            "Cannot open the template ({reason}); save it again as .docx in Word",
        ),
        _type(
            "template-tag-split",
            W,
            "แท็ก {value} ถูก Word แบ่งเป็นหลายส่วน (รูปแบบตัวอักษรต่างกันภายในแท็ก) ควรพิมพ์แท็กใหม่ทั้งแท็กในครั้งเดียว",
            "Word split the tag {value} across runs (mixed formatting inside it); retype the whole tag in one go",
        ),
        _type("template-syntax", E, "แท็กในแม่แบบเขียนไม่ถูกต้อง: {reason}", "Template tag syntax error: {reason}"),
        _type(
            "template-unknown-variable",
            E,
            'ไม่รู้จักตัวแปร "{value}" ในแม่แบบ ดูรายชื่อตัวแปรด้วยคำสั่ง itadocs templates docs',
            'Unknown template variable "{value}"; list the variables with: itadocs templates docs',
            ('ไม่รู้จักตัวแปร "{value}" ในแม่แบบ', 'Unknown template variable "{value}" in the template'),
        ),
        _type(
            "emblem-unusable",
            W,
            "ใช้ภาพนี้เป็นตราสัญลักษณ์บนหน้าปกไม่ได้ ({reason}) เอกสารจึงไม่มีตราสัญลักษณ์ กรุณาบันทึกภาพเป็น PNG หรือ JPEG ขนาดไม่เกิน 5 MB",
            "This image cannot be the emblem on the covers ({reason}), so the documents have none; "
            "save it as a PNG or JPEG of at most 5 MB",
        ),
        _type(
            "inputs-missing",
            E,
            "ไม่พบโฟลเดอร์ inputs สร้างได้ด้วย itadocs init",
            "No inputs folder; create one with itadocs init",
            ("ไม่พบโฟลเดอร์ inputs ของโครงการ", "The project has no inputs folder"),
        ),
    )
}


# The codes after which a workbook was not read at all: no records, and no annotated copy.
NOT_READ = frozenset(
    {
        "file-unreadable",
        "file-encrypted",
        "file-old-format",
        "file-unsafe-xml",
        "workbook-too-many-parts",
        "workbook-too-large",
        "workbook-compression",
        "workbook-too-many-cells",
        "workbook-too-many-elements",
        "sheet-too-many-rows",
        "sheet-too-many-columns",
        "merged-area-too-large",
    }
)


_CELL = re.compile(r"^(?:([A-Z]{1,3})(\d+)|(\d+):\d+)(?::[A-Z]{0,3}\d+)?$")  # 'E7', 'E7:G7' or '7:7'


@dataclass(frozen=True)
class Problem:
    code: str
    file: str = ""
    sheet: str = ""
    cell: str = ""  # A1 reference, or "" for a whole file or sheet
    column: str = ""  # the column title users know
    value: str = ""  # what was found, as text
    details: dict[str, object] = field(default_factory=dict)  # str, or a Message for a reason

    def __post_init__(self) -> None:
        if self.code not in TYPES:  # a typo in a code fails where the problem is made, not when it is shown
            raise ValueError(f"unknown problem code {self.code!r}")

    @property
    def type(self) -> ProblemType:
        return TYPES[self.code]

    @property
    def severity(self) -> Severity:
        return self.type.severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def row(self) -> int | None:
        """The sheet row the problem is in: 7 for 'E7', 'E7:G7' or the row reference '7:7';
        None for a problem of a whole file or sheet."""
        match = _CELL.match(self.cell)
        return int(match[2] or match[3]) if match else None

    @property
    def column_letter(self) -> str:
        """The column of the problem's cell: 'E' for 'E7'; '' for a row, file or sheet."""
        match = _CELL.match(self.cell)
        return (match[1] or "") if match else ""

    def message(self, lang: str = "th", *, page: bool = False) -> str:
        """What is wrong and what to do; with `page`, as a page says it (no command to run)."""
        say = self.type.message.for_page if page else self.type.message
        return say(lang, column=self.column, value=self.value, **self.details)

    def where(self, lang: str = "th") -> str:
        """Sheet and cell, then column, in words: where in the workbook the problem is."""
        parts = []
        if self.sheet and self.cell:
            parts.append(SHEET_CELL(lang, sheet=self.sheet, cell=self.cell))
        elif self.sheet:
            parts.append(SHEET_ONLY(lang, sheet=self.sheet))
        elif self.cell:
            parts.append(self.cell)
        if self.column:
            parts.append(COLUMN(lang, column=self.column))
        return ", ".join(parts) or self.file

    def as_dict(self, lang: str = "th") -> dict[str, str]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "column": self.column,
            "value": self.value,
            "message": self.message(lang),
        }


SHEET_CELL = Message("แผ่นงาน {sheet} เซลล์ {cell}", "sheet {sheet}, cell {cell}")
SHEET_ONLY = Message("แผ่นงาน {sheet}", "sheet {sheet}")
COLUMN = Message("คอลัมน์ {column}", "column {column}")


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def problems_markdown() -> str:
    """The catalogue of problem codes with both messages, generated for docs/problems.md."""
    lines = [
        "# Problem codes",
        "",
        "Generated by `itadocs problems` from `itadocs/problems.py`; do not edit by hand.",
        "`{value}`, `{column}` and the other fields are filled from the workbook.",
        "",
        "| code | severity | ข้อความ | message |",
        "|---|---|---|---|",
    ]
    for t in TYPES.values():
        lines.append(f"| `{t.code}` | {t.severity.value} | {t.message.th} | {t.message.en} |")
    return "\n".join(lines) + "\n"
