"""Every text the web page shows, as a two-language Message (Thai first).

Templates call them with the page's language: `{{ T.UPLOAD(lang) }}`.  Problems keep their
own catalogue messages (`Problem.message(lang, page=True)`), and what the library says (a
failure, a state, a file written beside an edited one) is its own Message too, shown in its
page wording (`say`); only the page's own words are here, and those of the coordinator's
year (agency details, last year's results, divisions, history) are in `texts_year`.
No text here names a command, an option, a problem code or a folder of the server.
"""

from __future__ import annotations

from ..messages import Message
from .texts_year import *  # noqa: F403  (one namespace for the templates: T.X)

M = Message

# --- frame --------------------------------------------------------------------
TITLE = M("itadocs — เอกสาร ITA", "itadocs — ITA documents")
HOME = M("โครงการทั้งหมด", "All projects")
LANGUAGE = M("ภาษา", "Language")
CHOOSE_FILES = M("เลือกไฟล์…", "Choose files…")
NO_FILE_CHOSEN = M("ยังไม่ได้เลือกไฟล์", "No file chosen")
FILES_CHOSEN = M("เลือกแล้ว {count} ไฟล์: {names}", "{count} chosen: {names}")

# --- projects -----------------------------------------------------------------
PROJECTS = M("โครงการ ITA", "ITA projects")
NO_PROJECTS = M("ยังไม่มีโครงการ สร้างโครงการแรกได้ด้านล่าง", "No project yet; create the first one below.")
COL_PROJECT, COL_AGENCY = M("โครงการ", "Project"), M("หน่วยงาน", "Agency")
COL_YEAR, COL_STATE = M("ปีงบประมาณ", "Fiscal year"), M("สถานะ", "State")
COL_NEXT = M("สิ่งที่ต้องทำต่อ", "Next step")
ROUND_MONTHS = M("{months} เดือน", "{months} months")
RETURNED_OF = M("ส่งแล้ว {returned} จาก {total} ส่วนงาน", "{returned} of {total} divisions returned")
TO_FIX = M("ต้องแก้ {count} รายการ", "{count} to fix")
LOCKED = M("ต้องใส่รหัสผ่าน", "passcode needed")
UNREADABLE_PROJECT = M("อ่านโครงการนี้ไม่ได้ กรุณาเปิดหน้าโครงการเพื่อดูสาเหตุ", "this project cannot be read; open it to see why")

CREATE = M("สร้างโครงการใหม่", "Create a project")
CREATE_HELP = M(
    "สร้างไฟล์ข้อมูลหน่วยงานและแบบฟอร์มเปล่าของแต่ละส่วนงานให้ ข้อมูลที่มีเครื่องหมาย * ต้องกรอก แก้ไขภายหลังได้ในหน้าข้อมูลหน่วยงาน",
    "Makes the agency workbook and a blank form for each division. Details marked * are required; "
    "all can be changed later on the agency page.",
)
FOLDER = M("ชื่อโครงการ (ชื่อโฟลเดอร์)", "Project name (its folder)")
FOLDER_HELP = M("เช่น ita2569 ใช้ตัวอักษร ตัวเลข ขีด หรือภาษาไทย", "e.g. ita2569: letters, digits, dashes or Thai")
AGENCY = M("ชื่อหน่วยงาน", "Agency name")
DISTRICT, PROVINCE = M("อำเภอ", "District"), M("จังหวัด", "Province")
REPORTER_NAME, REPORTER_POSITION = M("ชื่อผู้รายงาน", "Reporter's name"), M("ตำแหน่งผู้รายงาน", "Reporter's position")
APPROVER_NAME = M("ชื่อผู้บริหาร (ผู้อนุมัติ)", "Approving executive's name")
APPROVER_POSITION = M("ตำแหน่งผู้บริหาร", "Executive's position")
FISCAL_YEAR = M("ปีงบประมาณ (พ.ศ.)", "Fiscal year (Buddhist Era)")
ROUND = M("รอบการรายงาน", "Report round")
SIGNERS = M("ผู้ลงนามในรายงาน (ไม่บังคับ แก้ได้ภายหลัง)", "Signers of the report (optional; can be changed later)")
DIVISIONS = M("ส่วนงาน (บรรทัดละหนึ่งส่วนงาน ตามลำดับในเอกสาร)", "Divisions (one a line, in the documents' order)")
PASSCODE = M("รหัสผ่านของโครงการ", "Project passcode")
PASSCODE_HELP = M(
    "อย่างน้อย {min} ตัวอักษร ผู้ที่เปิดหน้านี้จากเครื่องอื่นต้องใช้รหัสนี้",
    "At least {min} characters; anyone opening the project from another computer needs it",
)
PASSCODE_OPTIONAL = M("ไม่บังคับเมื่อใช้เฉพาะเครื่องนี้", "optional while only this computer uses the page")
CREATE_BUTTON = M("สร้างโครงการ", "Create project")
CREATE_NOT_HERE = M(
    "หน้านี้เปิดโครงการเดียว จึงสร้างโครงการใหม่ที่นี่ไม่ได้",
    "This page serves a single project, so no new project can be created here.",
)
FOLDER_INVALID = M(
    'ชื่อโครงการ "{name}" ใช้ไม่ได้ ใช้ได้เฉพาะตัวอักษร ตัวเลข ช่องว่าง ขีด จุด และภาษาไทย ไม่เกิน 60 ตัว และห้ามขึ้นต้นด้วยจุด',
    'The project name "{name}" cannot be used: letters, digits, spaces, '
    "dashes, dots and Thai only, at most 60, not starting with a dot",
)
FOLDER_EXISTS = M('มีโครงการชื่อ "{name}" อยู่แล้ว กรุณาใช้ชื่ออื่น', 'A project "{name}" exists already; choose another name')
PASSCODE_NEEDED = M(
    "หน้านี้เปิดให้เครื่องอื่นใช้ จึงต้องตั้งรหัสผ่านของโครงการ (อย่างน้อย {min} ตัวอักษร)",
    "The page is open to other computers, so the project needs a passcode (at least {min} characters)",
)
FIX_BELOW = M("กรุณาแก้ข้อมูลที่ระบุไว้ด้านล่าง ยังไม่ได้สร้างโครงการ", "Correct what is marked below; the project was not created.")

# --- login --------------------------------------------------------------------
LOGIN = M("เข้าสู่โครงการ", "Open the project")
LOGIN_BUTTON = M("เข้าสู่ระบบ", "Log in")
LOGOUT = M("ออกจากระบบ", "Log out")
WRONG_PASSCODE = M("รหัสผ่านไม่ถูกต้อง", "Wrong passcode")
WAIT = M(
    "ใส่รหัสผิดหลายครั้ง กรุณารอ {seconds} วินาทีแล้วลองใหม่", "Too many wrong passcodes; wait {seconds} seconds and try again"
)
NO_PASSCODE_SET = M(
    "โครงการนี้ยังไม่ได้ตั้งรหัสผ่าน จึงเปิดจากเครื่องอื่นไม่ได้ ผู้ประสานงานตั้งรหัสผ่านได้ที่หน้าโครงการ บนเครื่องที่เปิดหน้าเว็บนี้",
    "This project has no passcode yet, so it cannot be opened from "
    "another computer; the coordinator sets one on the project's page, on the computer serving it",
)

# --- project: status by division ----------------------------------------------
STATUS = M("สถานะของส่วนงาน", "Divisions")
YEAR_ROUND = M("ปีงบประมาณ {year} · รอบ {round} เดือน", "Fiscal year {year} · {round}-month round")
COL_DIVISION, COL_SAVED = M("ส่วนงาน", "Division"), M("ได้รับเมื่อ", "Received")
COL_MEASURES, COL_ERRORS, COL_WARNINGS = M("มาตรการ", "Measures"), M("ข้อผิดพลาด", "Errors"), M("คำเตือน", "Warnings")
COL_PROGRESS = M("ผลการดำเนินการที่กรอก", "Progress filled")
COL_ACTIONS = M("ไฟล์", "Files")
NOT_LISTED = M("ไม่อยู่ในรายชื่อ", "not listed")
BLANK_ONE = M("แบบฟอร์มเปล่า", "blank form")
SENT_ONE = M("ไฟล์ที่ได้รับ", "workbook received")
BLANK_ALL = M("ดาวน์โหลดแบบฟอร์มเปล่าทุกส่วนงาน (.zip)", "Download every division's blank form (.zip)")
SEE_PROBLEMS = M("ดูปัญหาและข้อความแจ้งส่วนงาน", "Problems and messages to the divisions")
LINKS = M("ลิงก์ส่งไฟล์ของแต่ละส่วนงาน", "Upload links for the divisions")
OTHER_PROBLEMS = M(
    "ไฟล์ข้อมูลหน่วยงานและไฟล์อื่น: ข้อผิดพลาด {errors} คำเตือน {warnings}",
    "Agency workbook and other files: {errors} errors, {warnings} warnings",
)
DELETE_UPLOAD = M("ลบไฟล์ที่ส่ง", "Delete the workbook")
DELETE_UPLOAD_ASK = M(
    'ลบไฟล์ที่ได้รับจาก {division} ใช่หรือไม่ ไฟล์จะย้ายไปเก็บในประวัติ กู้คืนได้ภายหลัง และส่วนงานนี้จะกลับเป็น "ยังไม่ได้ส่ง"',
    "Delete the workbook received from {division}? It moves to the history, from which it can be "
    "restored, and the division shows as not sent.",
)
DELETE_CONFIRM = M("ยืนยันการลบ", "Delete")
UPLOAD_DELETED = M("ลบไฟล์ของ {division} แล้ว (เก็บไว้ในประวัติ)", "{division}'s workbook deleted (kept in the history)")
UNDO = M("เลิกทำ", "Undo")

UPLOAD = M("ส่งไฟล์ Excel", "Send Excel workbooks")
UPLOAD_HELP = M(
    "ลากไฟล์ .xlsx มาวางที่นี่ หรือกดเลือกไฟล์ (ได้ครั้งละไม่เกิน {count} ไฟล์ รวมถึงไฟล์ข้อมูลหน่วยงาน) "
    "ระบบรู้จักไฟล์จากเนื้อหา ชื่อไฟล์จะเป็นอะไรก็ได้ ไฟล์เดิมที่ถูกแทนที่เก็บไว้ในประวัติเสมอ",
    "Drop .xlsx files here or choose them (up to {count} at once, the agency workbook too). Each is "
    "recognised by its content, whatever its name; the one it replaces is always kept in the history.",
)
UPLOAD_BUTTON = M("ส่งไฟล์", "Send")
UPLOADING = M("กำลังส่งและตรวจไฟล์…", "Sending and checking…")
UPLOAD_RESULTS = M("ผลการส่งไฟล์", "Files received")
RECEIVED = M("รับไว้เป็นไฟล์ของ {division} เมื่อ {time}", "taken as {division}'s workbook at {time}")
RECEIVED_AGENCY = M("รับไว้เป็นไฟล์ข้อมูลหน่วยงาน เมื่อ {time}", "taken as the agency workbook at {time}")
RECEIVED_SAME = M("เหมือนไฟล์เดิมทุกไบต์ ไม่มีอะไรเปลี่ยน", "identical to the workbook there; nothing changed")
KEPT_IN_HISTORY = M("ไฟล์เดิมเก็บไว้ในประวัติแล้ว กู้คืนได้", "the previous one is kept in the history, restorable")
NOW = M(
    "ตรวจแล้ว: {state} · มาตรการ {measures} · ข้อผิดพลาด {errors} · คำเตือน {warnings}",
    "checked: {state} · {measures} measures · {errors} errors · {warnings} warnings",
)
NOW_UNCHECKED = M("ยังตรวจไม่ได้ จนกว่าจะแก้ไฟล์ข้อมูลหน่วยงาน", "not checked until the agency workbook is fixed")
TOO_BIG = M(
    "ไม่ได้รับไฟล์ {file}: ใหญ่เกิน {mb} MB แบบฟอร์มมาตรการมีขนาดไม่กี่ร้อย KB กรุณาตรวจว่าเป็นไฟล์ที่ถูกต้อง",
    "{file} was not taken: larger than {mb} MB, while a measures workbook is a few hundred KB; check it "
    "is the right file",
)
TOO_MANY = M(
    "ไม่ได้รับไฟล์ {file}: ส่งได้ครั้งละไม่เกิน {count} ไฟล์ กรุณาส่งไฟล์นี้อีกครั้ง",
    "{file} was not taken: at most {count} files at a time; send this one again",
)
TOO_MANY_PARTS = M(
    "ส่งมาพร้อมกันมากเกินไป จึงยังไม่ได้รับไฟล์ใด กรุณาส่งครั้งละไม่เกิน {count} ไฟล์",
    "Too much was sent at once, so no file was taken; send at most {count} files at a time",
)
CLOSE_IN_EXCEL = M(
    "(ถ้าไฟล์เปิดอยู่ใน Excel บนเครื่องที่เปิดหน้าเว็บนี้ กรุณาปิดก่อน)", "(close it in Excel on the computer serving this page first)"
)

BUILD = M("สร้างเอกสาร", "Build the documents")
DOCUMENTS = {
    "measures": M(
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใส พร้อมการวิเคราะห์ผลการประเมิน", "Measures with the analysis of the assessment"
    ),
    "progress-6": M("รายงานผลการดำเนินการ รอบ ๖ เดือน", "Progress report, 6 months"),
    "progress-12": M("รายงานผลการดำเนินการ รอบ ๑๒ เดือน", "Progress report, 12 months"),
}
BUILD_DEFAULT = M(
    "ถ้าไม่เลือก: เอกสารมาตรการ (เมื่อมีคะแนน) และรายงานของรอบ",
    "None ticked: the measures document (when the scores are there) and the round's report",
)
ROUND_OF_WORKBOOK = M("ตามข้อมูลหน่วยงาน", "as the agency details say")
DRAFT = M("ฉบับร่าง: เว้นแถวที่มีข้อผิดพลาดไว้ (ใช้เมื่อใกล้กำหนดส่ง)", "Draft: leave out the rows with errors (near the deadline)")
WITH_PDF = M("ทำ PDF ด้วย", "Also make PDFs")
NO_LIBREOFFICE = M(
    "เครื่องที่เปิดหน้าเว็บนี้ไม่มี LibreOffice จึงทำ PDF และภาพตัวอย่างไม่ได้ (ไฟล์ Word ยังสร้างได้ตามปกติ) "
    "ได้ PDF โดยติดตั้ง LibreOffice (ฟรี) จาก https://www.libreoffice.org/download/ บนเครื่องนั้น "
    "แล้วเปิดโปรแกรมใหม่ หรือเปิดไฟล์ Word แล้วบันทึกเป็น PDF",
    "The computer serving this page has no LibreOffice, so no PDF and no preview (the Word files are "
    "made as usual). For PDFs, install LibreOffice (free) from https://www.libreoffice.org/download/ "
    "on that computer and start the program again, or save the Word files as PDF from Word",
)
BUILD_BUTTON = M("สร้างเอกสาร", "Build")
NEVER_OVERWRITES = M(
    "เอกสารที่มีคนแก้ไขใน Word แล้วจะไม่ถูกเขียนทับ ฉบับใหม่จะวางไว้ข้าง ๆ",
    "A document someone edited in Word is never replaced; the new one goes beside it.",
)
PAST_BUILDS = M("เอกสารที่สร้างไว้", "Earlier builds")
NO_BUILDS = M("ยังไม่ได้สร้างเอกสารจากหน้านี้", "Nothing built from this page yet")
BUILD_AT = M("สร้างเมื่อ {time}", "Built {time}")
FILES_COUNT = M("{count} ไฟล์", "{count} files")
DRAFT_MARK = M("ฉบับร่าง", "draft")
DELETE_BUILD = M("ลบชุดเอกสารนี้", "Delete this build")
DELETE_BUILD_ASK = M(
    "ลบเอกสารที่สร้างเมื่อ {time} ใช่หรือไม่ จะย้ายไปเก็บในประวัติ กู้คืนได้ภายหลัง",
    "Delete the build of {time}? It moves to the history, from which it can be restored.",
)
BUILD_DELETED = M("ลบเอกสารที่สร้างเมื่อ {time} แล้ว (เก็บไว้ในประวัติ)", "The build of {time} is deleted (kept in the history)")

PASSCODE_SECTION = M("รหัสผ่านของโครงการ", "Project passcode")
PASSCODE_IS_SET = M(
    "ตั้งรหัสผ่านไว้แล้ว เปลี่ยนรหัสผ่านแล้วทุกคนที่เข้าอยู่ต้องเข้าสู่ระบบใหม่", "A passcode is set; changing it logs everyone out."
)
PASSCODE_NOT_SET = M(
    "ยังไม่ได้ตั้งรหัสผ่าน ต้องตั้งก่อนเปิดหน้านี้ให้เครื่องอื่นในสำนักงานใช้",
    "No passcode yet; one is needed before other computers of the office may use the page",
)
NEW_PASSCODE = M("รหัสผ่านใหม่", "New passcode")
SET_PASSCODE = M("บันทึกรหัสผ่าน", "Save passcode")
PASSCODE_SAVED = M("บันทึกรหัสผ่านแล้ว", "Passcode saved")

# --- problems -----------------------------------------------------------------
PROBLEMS = M("ปัญหาที่พบ แยกตามส่วนงาน", "Problems by division")
NO_PROBLEMS = M("ตรวจแล้ว ไม่พบปัญหา", "Checked: no problem found")
NOT_CHECKED_YET = M("ยังตรวจไฟล์นี้ไม่ได้: {why}", "This workbook could not be checked yet: {why}")
COL_SEVERITY = M("ระดับ", "Severity")
COL_WHERE, COL_VALUE, COL_MESSAGE = M("ตำแหน่ง", "Where"), M("ค่าที่พบ", "Value found"), M("สิ่งที่ต้องทำ", "What to do")
CODE = M("รหัสปัญหา (สำหรับค้นในคู่มือ): {code}", "Problem code (to look up in the guide): {code}")
SEVERITY = {"error": M("ข้อผิดพลาด", "error"), "warning": M("คำเตือน", "warning")}
ANNOTATED = M(
    "ดาวน์โหลดไฟล์ที่ทำเครื่องหมายปัญหาไว้ (ส่งคืนส่วนงานได้ทันที)",
    "Download the annotated copy (send it back to the division as it is)",
)
MESSAGE_FOR = M("ข้อความสำหรับส่งทาง LINE หรืออีเมล", "Text to send by LINE or e-mail")
COPY = M("คัดลอก", "Copy")
COPIED = M("คัดลอกแล้ว", "Copied")
GENERAL_PROBLEMS = M("ไฟล์ข้อมูลหน่วยงานและไฟล์อื่น ๆ", "Agency workbook and other files")
BACK_TO_PROJECT = M("กลับไปหน้าภาพรวม", "Back to the overview")

# --- build job ----------------------------------------------------------------
JOB = M("การสร้างเอกสาร", "Building the documents")
STEPS = {
    "queued": M("รอคิว (มีงานอื่นของโครงการนี้อยู่)", "waiting (another task of this project is running)"),
    "reading": M("กำลังอ่านและตรวจไฟล์", "reading and checking the workbooks"),
    "rendering": M("กำลังสร้าง {document}", "writing {document}"),
    "pdf": M("กำลังทำ PDF", "making the PDFs"),
    "keeping": M("กำลังเก็บสำเนา", "keeping a copy"),
    "done": M("เสร็จแล้ว", "done"),
    "failed": M("ไม่สำเร็จ", "failed"),
}
PREVIEWING = M(
    "กำลังทำภาพตัวอย่างหน้าแรก ๆ (ดาวน์โหลดได้เลยไม่ต้องรอ)", "making the first pages' preview (download now, no need to wait)"
)
NO_PREVIEW = M(
    "ไม่มีภาพตัวอย่าง (เครื่องที่เปิดหน้าเว็บนี้ไม่มีโปรแกรมที่ใช้ทำภาพ)",
    "no preview (the computer serving this page lacks the programs that draw it)",
)
BUILT = M("สร้างเอกสารแล้ว: มาตรการ {measures} รายการ", "Built: {measures} measures")
DOWNLOAD = M("ดาวน์โหลด", "Download")
PREVIEW = M("ตัวอย่างหน้าแรก ๆ", "First pages")
BUILD_DRAFT_INSTEAD = M("สร้างฉบับร่างแทน", "Build a draft instead")
INTERNAL = M(
    "เกิดข้อผิดพลาดภายในโปรแกรม กรุณาลองใหม่ ถ้ายังเป็นอยู่ให้แจ้งผู้ดูแลเครื่อง (รายละเอียดบันทึกไว้ที่เครื่องที่เปิดหน้าเว็บนี้)",
    "Internal error; try again, and if it goes on tell whoever runs this computer (the details are logged there)",
)
JOB_GONE = M(
    "ไม่พบงานนี้ (อาจเริ่มโปรแกรมใหม่แล้ว) ดูเอกสารที่สร้างไว้ได้ในหน้าภาพรวม",
    "This task is gone (the server may have restarted); earlier builds are on the overview page",
)

# --- errors -------------------------------------------------------------------
ERRORS = {
    400: M("คำขอไม่ถูกต้อง", "Bad request"),
    403: M(
        "ไม่มีสิทธิ์ หรือหน้าเว็บหมดอายุ กรุณากลับไปโหลดหน้าเดิมใหม่แล้วลองอีกครั้ง",
        "Not allowed, or the page expired; reload the previous page and try again",
    ),
    404: M("ไม่พบหน้านี้", "Page not found"),
    405: M("เปิดหน้านี้ด้วยวิธีนี้ไม่ได้", "Method not allowed"),
    413: M("ไฟล์หรือข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด", "What was sent is too large"),
    429: M("มีคำขอมากเกินไป กรุณารอสักครู่", "Too many requests; wait a moment"),
    503: M("ขณะนี้มีผู้ใช้มาก กรุณาลองใหม่ในอีกสักครู่", "The server is busy; try again in a moment"),
    507: M(
        "พื้นที่ในดิสก์ของเครื่องที่ให้บริการเต็ม ไฟล์ที่มีอยู่ก่อนยังอยู่ครบ กรุณาแจ้งผู้ดูแลระบบ",
        "The server's disk is full; what was there is untouched. Tell the administrator",
    ),
    500: INTERNAL,
}
TO_HOME = M("กลับหน้าแรก", "Back to the start")

# The login, account and administrator pages, and the host's refusals.
from .access_texts import *  # noqa: E402, F403
