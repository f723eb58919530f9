"""The page's words for the coordinator's year: the project's sections, the agency details,
last year's results, the divisions, the history, the division links and a division's own
page.  Part of `texts` (templates reach them as T.X)."""

from __future__ import annotations

from ..messages import Message

_M = Message

# --- the project's sections -------------------------------------------------------
NAV = {
    "status": _M("ภาพรวม", "Overview"),
    "agency": _M("ข้อมูลหน่วยงานและส่วนงาน", "Agency and divisions"),
    "results": _M("ผลการประเมินปีที่แล้ว", "Last year's results"),
    "links": _M("ลิงก์ส่วนงาน", "Division links"),
    "problems": _M("ปัญหา", "Problems"),
    "history": _M("ประวัติและการกู้คืน", "History and restore"),
}
NEXT_STEP = {  # what to do at each stage of the project (division_status.STAGES)
    "no-agency": _M("ส่งไฟล์ข้อมูลหน่วยงานเข้ามา หรือสร้างโครงการใหม่", "Send the agency workbook, or create a new project"),
    "agency-errors": _M("แก้ข้อมูลหน่วยงาน", "Fix the agency details"),
    "collecting": _M("ส่งลิงก์หรือแบบฟอร์มให้ส่วนงานที่ยังไม่ได้ส่ง", "Send the link or form to the divisions that have not sent"),
    "fixing": _M("ส่งข้อความแจ้งปัญหาให้ส่วนงานแก้ไข", "Send the divisions their problems to fix"),
    "ready": _M("สร้างเอกสาร", "Build the documents"),
}
AGENCY_BROKEN = _M(
    "ไฟล์ข้อมูลหน่วยงานต้องแก้ไขก่อนจึงจะสร้างเอกสารได้: {problem}",
    "The agency workbook must be fixed before any document can be made: {problem}",
)
AGENCY_BROKEN_MORE = _M("และอีก {count} รายการ", "and {count} more")
DIVISIONS_UNCHECKED = _M(
    'ไฟล์ของส่วนงานยังตรวจไม่ได้จนกว่าจะแก้ข้อนี้ ส่วนงานที่ส่งแล้วจะเห็นว่า "ได้รับแล้ว ยังตรวจไม่ได้" ไม่ใช่ "ไม่พบปัญหา"',
    "The divisions' workbooks cannot be checked until this is fixed; a division that sent sees "
    '"received, not checked yet", never "no problem"',
)
NO_SCORES_YET = _M(
    "ยังไม่ได้กรอกผลการประเมิน ITA ปีที่แล้ว เอกสารมาตรการพร้อมการวิเคราะห์ต้องใช้ผลนี้",
    "Last year's ITA results are not typed yet; the measures document with its analysis needs them",
)
TYPE_RESULTS = _M("กรอกผลการประเมิน", "Type the results")

# --- agency details and divisions ---------------------------------------------------
AGENCY_TITLE = _M("ข้อมูลหน่วยงานและส่วนงาน", "Agency details and divisions")
AGENCY_DETAILS = _M("รายละเอียดหน่วยงาน", "Agency details")
SIGNERS_PART = _M("ผู้ลงนามในรายงาน", "Signers of the report")
SAVE = _M("บันทึก", "Save")
SAVED = _M("บันทึกแล้ว ฉบับก่อนหน้าเก็บไว้ในประวัติ", "Saved; the previous version is kept in the history")
NOTHING_CHANGED = _M("ไม่มีอะไรเปลี่ยน", "Nothing changed")
NOT_SAVED = _M(
    "ยังไม่ได้บันทึก: พบข้อผิดพลาด {count} รายการ (ทำเครื่องหมายไว้ด้านล่าง) สิ่งที่พิมพ์ยังอยู่ครบ",
    "Not saved: {count} errors (marked below); what you typed is all still here",
)
DIVISION_LIST = _M("ส่วนงาน (ตามลำดับในเอกสาร)", "Divisions (in the documents' order)")
DIVISION_LIST_HELP = _M(
    "เปลี่ยนชื่อแล้วแบบฟอร์มที่ส่วนงานส่งมาแล้วยังอยู่ครบ (ชื่อในไฟล์เปลี่ยนตาม) ลบแล้วกู้คืนได้จากประวัติ",
    "A renamed division keeps the workbook it sent (its name inside follows); a removed one can "
    "be restored from the history",
)
RENAME = _M("เปลี่ยนชื่อ", "Rename")
NEW_NAME = _M("ชื่อใหม่ของ {division}", "New name of {division}")
MOVE_UP, MOVE_DOWN = _M("เลื่อนขึ้น", "Move up"), _M("เลื่อนลง", "Move down")
REMOVE = _M("ลบส่วนงาน", "Remove")
REMOVE_ASK = _M(
    "ลบ {division} ออกจากรายชื่อใช่หรือไม่ ไฟล์ของส่วนงานนี้จะย้ายไปเก็บในประวัติ กู้คืนได้ภายหลัง (ทั้งชื่อในรายชื่อและไฟล์)",
    "Remove {division} from the list? Its workbook moves to the history; restoring brings back both the "
    "name and the workbook.",
)
ADD_DIVISION = _M("เพิ่มส่วนงาน", "Add a division")
ADD_HELP = _M("ส่วนงานใหม่จะได้แบบฟอร์มเปล่าของปีนี้", "A new division gets a blank form for this year")
DIVISION_ADDED = _M("เพิ่ม {division} แล้ว", "{division} added")
DIVISION_RENAMED = _M("เปลี่ยนชื่อ {old} เป็น {new} แล้ว", "{old} renamed {new}")
DIVISION_REMOVED = _M(
    "ลบ {division} ออกจากรายชื่อแล้ว (ไฟล์เก็บไว้ในประวัติ)", "{division} removed (its workbook is kept in the history)"
)
DIVISION_MOVED = _M("เลื่อน {division} แล้ว", "{division} moved")
AGENCY_FILE = _M("ไฟล์ข้อมูลหน่วยงาน", "The agency workbook")
AGENCY_FILE_HELP = _M(
    "ข้อมูลในหน้านี้และหน้าผลการประเมินเก็บอยู่ในไฟล์นี้ ดาวน์โหลดไปแก้ใน Excel แล้วส่งกลับได้ ฉบับเดิมเก็บไว้ในประวัติทุกครั้ง",
    "This page and the results page are kept in this workbook: download it, change it in Excel "
    "and send it back; the version it replaces is always kept in the history",
)
AGENCY_DOWNLOAD = _M("ดาวน์โหลดไฟล์ข้อมูลหน่วยงาน", "Download the agency workbook")
AGENCY_UPLOAD_HELP = _M("ส่งไฟล์ข้อมูลหน่วยงานที่แก้ใน Excel แล้ว (.xlsx)", "Send the agency workbook changed in Excel (.xlsx)")
NO_AGENCY_FILE = _M(
    "โครงการนี้ยังไม่มีไฟล์ข้อมูลหน่วยงาน ส่งไฟล์เข้ามาด้านล่าง", "This project has no agency workbook yet; send it below"
)

GROUPING_DEFAULT = _M("ตามแบบของเอกสาร", "as each document's form has it")

# --- last year's results ------------------------------------------------------------
RESULTS_TITLE = _M("ผลการประเมิน ITA ปี {year}", "ITA {year} results")
RESULTS_FOR = _M(
    "ใช้ในเอกสารปีงบประมาณ {year} กรอกตามที่ระบบ ITAS แสดง เกณฑ์ของปีกรอกไว้ให้แล้ว แถวที่ไม่กรอกคะแนนจะไม่ปรากฏในเอกสาร",
    "Used in the documents of fiscal year {year}; type them as ITAS shows them. The year's criteria are "
    "filled in already; a row without a score does not appear in the documents.",
)
RESULTS_NO_YEAR = _M(
    "ต้องมีปีงบประมาณในข้อมูลหน่วยงานก่อน จึงจะรู้เกณฑ์ของปีที่ใช้กรอกผล",
    "The agency details need a fiscal year first: it says which year's criteria the results follow",
)
OVERALL = _M("ผลภาพรวม", "Overall result")
ADD_ROWS_NOTE = _M("ต้องการแถวเพิ่ม: บันทึกแล้วจะมีแถวว่างเพิ่มให้อีก", "Need more rows? Save, and more empty rows appear")
CRITERIA_USED = _M("ใช้{name}", "Criteria: {name}")
CRITERIA_STAND_IN = _M(
    "ยังไม่มีข้อมูลเกณฑ์ของปีงบประมาณ {year} จึงใช้เกณฑ์ของเอกสารปีงบประมาณ {used} แทน ตรวจสอบข้อคำถามและระดับกับเกณฑ์ของปีนั้น",
    "The criteria of fiscal year {year} are not known yet, so those of fiscal year {used} stand in; "
    "check the items and levels against that year's criteria",
)

# --- history ----------------------------------------------------------------------------
HISTORY_TITLE = _M("ประวัติและการกู้คืน", "History and restore")
HISTORY_HELP = _M(
    "ไฟล์ที่ถูกแทนที่หรือถูกลบ และเอกสารที่ลบไป เก็บไว้ที่นี่ กู้คืนได้ (สิ่งที่อยู่แทนที่ตอนนั้นจะเก็บไว้ในประวัติแทน)",
    "Workbooks replaced or deleted, and builds deleted, are kept here and can be restored (whatever "
    "stands in their place then is kept here in turn)",
)
NO_HISTORY = _M("ยังไม่มีอะไรในประวัติ", "Nothing in the history yet")
COL_WHEN, COL_WHAT, COL_WHY = _M("เมื่อ", "When"), _M("อะไร", "What"), _M("เหตุ", "Why")
WHAT = {
    "agency": _M("ไฟล์ข้อมูลหน่วยงาน", "agency workbook"),
    "workbook": _M("ไฟล์ของ {division}", "{division}'s workbook"),
    "division": _M("ส่วนงาน {division} และไฟล์", "division {division} and its workbook"),
    "build": _M("เอกสารที่สร้างไว้เมื่อ {time}", "the documents built {time}"),
    "document": _M("เอกสาร {name}", "document {name}"),
}
RESTORE = _M("กู้คืน", "Restore")
RESTORE_ASK = _M(
    "กู้คืนรายการนี้ใช่หรือไม่ สิ่งที่อยู่แทนที่ตอนนี้จะเก็บไว้ในประวัติ",
    "Restore it? Whatever stands in its place now is kept in the history.",
)
RESTORED = _M("กู้คืนแล้ว", "Restored")

# --- division links ---------------------------------------------------------------------
LINKS_HELP = _M(
    "ส่งลิงก์ให้แต่ละส่วนงาน ส่วนงานที่เปิดลิงก์จะเห็นเฉพาะสถานะ ปัญหา และช่องส่งไฟล์ของตนเองเท่านั้น "
    "สร้างลิงก์ใหม่แล้วลิงก์เดิมของส่วนงานนั้นจะใช้ไม่ได้",
    "Send each division its link: whoever opens it sees only that division's status, problems and "
    "upload box. A new link ends the division's old one.",
)
LINKS_LOCAL = _M(
    "ขณะนี้หน้านี้เปิดได้เฉพาะเครื่องนี้ ส่วนงานที่อยู่เครื่องอื่นจะเปิดลิงก์ไม่ได้ จนกว่าผู้ดูแลเครื่อง"
    "จะเปิดหน้าเว็บให้เครื่องอื่นในสำนักงานใช้ (ต้องตั้งรหัสผ่านของโครงการก่อน) "
    "ระหว่างนี้ส่งแบบฟอร์มทางอีเมลหรือ LINE แล้วนำไฟล์ที่ได้รับมาส่งที่หน้าภาพรวมได้",
    "The page is open to this computer only: divisions on other computers cannot open the links until "
    "whoever runs this computer opens the page to the office network (the project needs a passcode "
    "first). Meanwhile send the forms by e-mail or LINE and send what comes back on the overview page.",
)
DEADLINE = _M("กำหนดส่ง", "Deadline")
DEADLINE_HELP = _M(
    "แสดงในหน้าของส่วนงานและในข้อความลิงก์ (เว้นว่าง = ไม่มีกำหนด)",
    "Shown on each division's page and in the link's text (empty: none)",
)
DEADLINE_EXAMPLE = _M("เช่น 15 มกราคม 2570 หรือ 15/1/2570", "e.g. 15/1/2570 (Buddhist Era)")
DEADLINE_SAVE = _M("บันทึกกำหนดส่ง", "Save the deadline")
DEADLINE_SAVED = _M("บันทึกกำหนดส่งแล้ว", "Deadline saved")
DEADLINE_INVALID = _M(
    'อ่านวันที่ "{value}" ไม่ได้ กรุณาพิมพ์ เช่น 15 มกราคม 2570 หรือ 15/1/2570',
    'The date "{value}" cannot be read; type it as 15/1/2570, say',
)
HAS_LINK = _M("มีลิงก์แล้ว", "has a link")
NO_LINK = _M("ยังไม่มีลิงก์", "no link yet")
MAKE_LINK = _M("สร้างลิงก์", "Make a link")
REMAKE_LINK = _M("สร้างลิงก์ใหม่", "New link")
REMAKE_ASK = _M(
    "สร้างลิงก์ใหม่ให้ {division} ใช่หรือไม่ ลิงก์เดิมจะใช้ไม่ได้ทันที",
    "Make a new link for {division}? The old one stops working at once.",
)
REVOKE_LINK = _M("ยกเลิกลิงก์", "Revoke")
REVOKE_ASK = _M(
    "ยกเลิกลิงก์ของ {division} ใช่หรือไม่ ส่วนงานจะเปิดลิงก์เดิมไม่ได้อีก (สร้างลิงก์ใหม่ได้ภายหลัง)",
    "Revoke {division}'s link? The division can no longer open it (a new one can be made later).",
)
CONFIRM = _M("ยืนยัน", "Confirm")
NEW_LINK = _M(
    "ลิงก์ของ {division} (แสดงครั้งเดียว คัดลอกเก็บไว้ หากทำหายให้สร้างลิงก์ใหม่)",
    "{division}'s link (shown once: copy it now; if lost, make a new one)",
)
LINK_NOTE = _M(
    "ลิงก์สำหรับส่งไฟล์มาตรการ ITA ของ {division}: {url}\nเปิดลิงก์แล้วดาวน์โหลดแบบฟอร์ม กรอก แล้วส่งกลับที่ลิงก์เดิม "
    "จะเห็นผลการตรวจทันที{deadline} (ลิงก์นี้ใช้ได้เฉพาะ {division} กรุณาอย่าส่งต่อ)",
    "Link to send {division}'s ITA measures workbook: {url}\nOpen it, download the form, fill it and send "
    "it back there; the check shows at once{deadline} (this link is for {division} only; please do not "
    "forward it)",
)
LINK_NOTE_DEADLINE = _M(" กรุณาส่งภายในวันที่ {date}", "; please send it by {date}")
REVOKED = _M("ยกเลิกลิงก์ของ {division} แล้ว", "{division}'s link revoked")

# --- a division's own page ------------------------------------------------------------------
DIVISION_OF = _M("{division} · {agency}", "{division} · {agency}")
DEADLINE_IS = _M("กำหนดส่ง: ภายในวันที่ {date}", "Deadline: {date}")
DAYS_LEFT = _M("(อีก {days} วัน)", "({days} days left)")
DUE_TODAY = _M("(วันนี้)", "(today)")
OVERDUE = _M("(เลยกำหนดมา {days} วัน ยังส่งได้)", "({days} days past; sending is still open)")
STEP_1 = _M("1. ดาวน์โหลดแบบฟอร์ม", "1. Download the form")
STEP_1_BLANK = _M("แบบฟอร์มของ {division} สำหรับปีงบประมาณ {year}", "{division}'s form for fiscal year {year}")
STEP_1_SENT = _M(
    "ไฟล์ที่ท่านส่งแล้วอยู่ที่นี่ แก้ต่อในไฟล์นี้แล้วส่งใหม่ได้", "The workbook you sent is here: go on in it and send it again"
)
DOWNLOAD_BLANK = _M("ดาวน์โหลดแบบฟอร์มเปล่า", "Download the blank form")
DOWNLOAD_SENT = _M("ดาวน์โหลดไฟล์ที่ส่งแล้ว", "Download the workbook you sent")
DOWNLOAD_MARKED = _M(
    "ดาวน์โหลดไฟล์ที่ส่งแล้ว พร้อมเครื่องหมายจุดที่ต้องแก้", "Download the workbook you sent, with what to fix marked"
)
STEP_2 = _M("2. กรอกแบบฟอร์มใน Excel", "2. Fill it in Excel")
STEP_2_HELP = _M(
    'กรอกในแผ่นงาน "มาตรการ" หนึ่งแถวต่อหนึ่งมาตรการ คำอธิบายทุกช่องอยู่ในแผ่นงาน "คำอธิบาย" บันทึกเป็นไฟล์ .xlsx (ชื่อไฟล์จะเป็นอะไรก็ได้)',
    'Type in the sheet "มาตรการ", one row per measure; every column is explained in the sheet '
    '"คำอธิบาย". Save it as .xlsx (any name will do).',
)
STEP_3 = _M("3. ส่งไฟล์", "3. Send it")
UPLOAD_HELP_DIVISION = _M(
    "ลากไฟล์ .xlsx ของ {division} มาวางที่นี่ หรือกดเลือกไฟล์ แล้วกดส่งไฟล์ จะเห็นผลการตรวจทันที",
    "Drop {division}'s .xlsx here or choose it, then send: the check shows at once.",
)
YOUR_STATE = _M("สถานะไฟล์ของท่าน", "Your workbook")
NOT_SENT_YET = _M("ยังไม่ได้รับไฟล์ของท่าน", "Your workbook has not arrived yet")
LAST_RECEIVED = _M("ได้รับไฟล์ล่าสุดเมื่อ {time}", "Last received {time}")
RECEIPT = _M("ได้รับแล้ว", "Received")
RECEIPT_LINE = _M(
    'ได้รับไฟล์ "{file}" เป็นไฟล์ของ {division} เมื่อ {time}', '"{file}" received as {division}\'s workbook at {time}'
)
NOT_RECEIVED = _M("ไม่ได้รับ", "Not taken")
READY_NOTE = _M(
    "ตรวจแล้ว ใช้ได้ ไม่ต้องส่งใหม่ (ถ้ามีคำเตือน โปรดอ่านและแก้ถ้าจำเป็น)",
    "Checked and usable; nothing to send again (read the warnings, if any, and fix them if needed)",
)
FIX_NOTE = _M(
    "มีข้อผิดพลาดที่ต้องแก้ {count} รายการ แก้ตามรายการด้านล่างแล้วส่งใหม่",
    "{count} errors to fix: correct them as listed below and send the workbook again",
)
UNCHECKED_NOTE = _M(
    "ได้รับไฟล์แล้ว แต่ยังตรวจไม่ได้ เพราะข้อมูลของผู้ประสานงานยังไม่ครบ ยังไม่ต้องทำอะไร เมื่อพร้อมแล้วหน้านี้จะแสดงผลการตรวจ",
    "Your workbook has arrived but cannot be checked yet: the coordinator's details are not complete. "
    "Nothing to do for now; this page shows the check once they are.",
)
LINK_ENDED = _M(
    "ลิงก์นี้ใช้ไม่ได้แล้ว (อาจมีการสร้างลิงก์ใหม่) กรุณาขอลิงก์ใหม่จากผู้ประสานงาน",
    "This link no longer works (a new one may have been made); ask the coordinator for the new link",
)
DIVISION_GONE = _M(
    "ส่วนงานนี้ไม่อยู่ในรายชื่อของโครงการแล้ว กรุณาติดต่อผู้ประสานงาน",
    "This division is no longer on the project's list; please contact the coordinator",
)

# --- the workbook's own words in English --------------------------------------------------------
# Labels, sheet and column titles come from the workbook schema, in Thai (they are what the
# coordinator sees in Excel).  With the page in English each is glossed; a title added to the
# schema later shows in Thai until it has a gloss here.
ENGLISH = {
    "ชื่อหน่วยงาน": "Agency name",
    "อำเภอ": "District",
    "จังหวัด": "Province",
    "ปีงบประมาณ (พ.ศ.)": "Fiscal year (BE)",
    "รอบการรายงาน (เดือน)": "Report round (months)",
    "ชื่อผู้รายงาน": "Reporter's name",
    "ตำแหน่งผู้รายงาน": "Reporter's position",
    "ชื่อผู้บริหาร (ผู้อนุมัติ)": "Approving executive's name",
    "ตำแหน่งผู้บริหาร": "Executive's position",
    "แบบอักษรของเอกสาร": "Font of the documents",
    "คะแนน ITA ภาพรวม (ปีที่ประเมิน)": "Overall ITA score (year assessed)",
    "ระดับผลการประเมิน (ตามที่ ITAS แสดง)": "Result level (as ITAS shows it)",
    "เกณฑ์ผ่าน (คะแนน)": "Pass mark (score)",
    "คะแนนที่ถือว่ารักษาระดับ": "Score that keeps the level",
    "ชุดเกณฑ์การประเมิน": "Criteria set",
    "คะแนนรายเครื่องมือ": "Scores by tool",
    "คะแนนตัวชี้วัด": "Scores by indicator",
    "ประเด็นการวิเคราะห์": "Issues of the analysis",
    "ข้อคำถาม": "Question items",
    "แบบ": "Tool",
    "เครื่องมือการประเมิน": "Assessment tool",
    "คะแนน": "Score",
    "ลำดับ": "No.",
    "รายละเอียดตัวชี้วัด": "Indicator",
    "ประเด็นที่": "Issue no.",
    "หัวข้อ": "Title",
    "รายละเอียดข้อคำถาม": "Question",
    "ข้อบกพร่อง/ข้อแก้ไข/ปรับปรุง/รักษาระดับ": "Finding / fix / keep the level",
    "การเรียงมาตรการในรายงาน": "Order of the measures in the reports",
    "คะแนน ITA ของปีงบประมาณนี้ (เมื่อประกาศแล้ว)": "This fiscal year's ITA score (once announced)",
    "ระดับผลการประเมินของปีงบประมาณนี้ (ตามที่ ITAS แสดง)": "This fiscal year's result level (as ITAS shows it)",
}
