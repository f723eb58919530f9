"""Every text the web page shows, as a two-language Message (Thai first).

Templates call them with the page's language: `{{ T.UPLOAD(lang) }}`.  Problems keep their
own catalogue messages (`Problem.message(lang)`), and what the library says (a failure, a
file written beside an edited one) is its own Message too; only the page's words are here.
"""

from __future__ import annotations

from ..messages import Message

M = Message

# --- frame --------------------------------------------------------------------
TITLE = M("itadocs — เอกสาร ITA", "itadocs — ITA documents")
HOME = M("โครงการทั้งหมด", "All projects")
LANGUAGE = M("ภาษา", "Language")
NO_SCRIPT = M("หน้านี้ใช้ได้โดยไม่ต้องเปิด JavaScript แต่การลากไฟล์มาวางและการแสดงความคืบหน้าจะไม่ทำงาน",
              "This page works without JavaScript, but dragging files in and live progress will not.")

# --- projects -----------------------------------------------------------------
PROJECTS = M("โครงการ ITA", "ITA projects")
WORKSPACE = M("โฟลเดอร์งาน: {path}", "Workspace: {path}")
NO_PROJECTS = M("ยังไม่มีโครงการในโฟลเดอร์นี้ สร้างโครงการแรกได้ด้านล่าง",
                "No project in this folder yet; create the first one below.")
COL_PROJECT, COL_AGENCY = M("โครงการ", "Project"), M("หน่วยงาน", "Agency")
COL_YEAR, COL_ROUND, COL_STATE = M("ปีงบประมาณ", "Fiscal year"), M("รอบ", "Round"), M("สถานะ", "State")
ROUND_MONTHS = M("{months} เดือน", "{months} months")
RETURNED_OF = M("ส่งแล้ว {returned} จาก {total} ส่วนงาน", "{returned} of {total} divisions returned")
WITH_ERRORS = M("ข้อผิดพลาด {count}", "{count} errors")
LOCKED = M("ต้องใส่รหัสผ่าน", "passcode needed")
UNREADABLE_PROJECT = M("อ่านไฟล์ข้อมูลหน่วยงานไม่ได้", "agency workbook unreadable")

CREATE = M("สร้างโครงการใหม่", "Create a project")
CREATE_HELP = M("เหมือนคำสั่ง itadocs init: สร้างไฟล์ข้อมูลหน่วยงานและแบบฟอร์มเปล่าของแต่ละส่วนงานในโฟลเดอร์ inputs",
                "As itadocs init does: writes the agency workbook and a blank form per division into inputs/.")
FOLDER = M("ชื่อโฟลเดอร์โครงการ", "Project folder name")
FOLDER_HELP = M("เช่น ita2569 ใช้ตัวอักษร ตัวเลข ขีด หรือภาษาไทย", "e.g. ita2569: letters, digits, dashes or Thai")
AGENCY = M("ชื่อหน่วยงาน", "Agency name")
DISTRICT, PROVINCE = M("อำเภอ", "District"), M("จังหวัด", "Province")
FISCAL_YEAR = M("ปีงบประมาณ (พ.ศ.)", "Fiscal year (Buddhist Era)")
ROUND = M("รอบการรายงาน", "Report round")
SIGNERS = M("ผู้ลงนามในรายงาน (ไม่บังคับ แก้ได้ภายหลังในไฟล์ข้อมูลหน่วยงาน)",
            "Signers of the report (optional; editable later in the agency workbook)")
REPORTER_NAME, REPORTER_POSITION = M("ชื่อผู้รายงาน", "Reporter's name"), M("ตำแหน่งผู้รายงาน", "Reporter's position")
APPROVER_NAME = M("ชื่อผู้บริหาร (ผู้อนุมัติ)", "Approving executive's name")
APPROVER_POSITION = M("ตำแหน่งผู้บริหาร", "Executive's position")
DIVISIONS = M("ส่วนงาน (บรรทัดละหนึ่งส่วนงาน ตามลำดับในเอกสาร)", "Divisions (one a line, in the documents' order)")
PASSCODE = M("รหัสผ่านของโครงการ", "Project passcode")
PASSCODE_HELP = M("อย่างน้อย {min} ตัวอักษร ผู้ที่เปิดหน้านี้จากเครื่องอื่นต้องใช้รหัสนี้", "At least {min} characters; "
                  "anyone opening the project from another computer needs it")
PASSCODE_OPTIONAL = M("ไม่บังคับเมื่อใช้เฉพาะเครื่องนี้", "optional while only this computer uses the page")
CREATE_BUTTON = M("สร้างโครงการ", "Create project")
CREATE_NOT_HERE = M("โฟลเดอร์ที่เปิดอยู่เป็นโครงการเดียว จึงสร้างโครงการใหม่ที่นี่ไม่ได้",
                    "The folder served is a single project, so no new project can be created here.")
FOLDER_INVALID = M("ชื่อโฟลเดอร์ \"{name}\" ใช้ไม่ได้ ใช้ได้เฉพาะตัวอักษร ตัวเลข ช่องว่าง ขีด จุด และภาษาไทย ไม่เกิน 60 ตัว "
                   "และห้ามขึ้นต้นด้วยจุด", "The folder name \"{name}\" cannot be used: letters, digits, spaces, "
                   "dashes, dots and Thai only, at most 60, not starting with a dot")
FOLDER_EXISTS = M("มีโฟลเดอร์ \"{name}\" อยู่แล้ว กรุณาใช้ชื่ออื่น", "A folder \"{name}\" exists already; choose "
                  "another name")
AGENCY_REQUIRED = M("กรุณากรอกชื่อหน่วยงาน", "Give the agency's name")
PASSCODE_SHORT = M("รหัสผ่านต้องมีอย่างน้อย {min} ตัวอักษร", "The passcode needs at least {min} characters")
PASSCODE_NEEDED = M("หน้านี้เปิดให้เครื่องอื่นใช้ จึงต้องตั้งรหัสผ่านของโครงการ (อย่างน้อย {min} ตัวอักษร)",
                    "The page is open to other computers, so the project needs a passcode (at least {min} "
                    "characters)")

# --- login --------------------------------------------------------------------
LOGIN = M("เข้าสู่โครงการ", "Open the project")
LOGIN_BUTTON = M("เข้าสู่ระบบ", "Log in")
LOGOUT = M("ออกจากระบบ", "Log out")
WRONG_PASSCODE = M("รหัสผ่านไม่ถูกต้อง", "Wrong passcode")
WAIT = M("ใส่รหัสผิดหลายครั้ง กรุณารอ {seconds} วินาทีแล้วลองใหม่", "Too many wrong passcodes; wait {seconds} "
         "seconds and try again")
NO_PASSCODE_SET = M("โครงการนี้ยังไม่ได้ตั้งรหัสผ่าน จึงเปิดจากเครื่องอื่นไม่ได้ ผู้ประสานงานตั้งรหัสผ่านได้จากเครื่องที่เปิด "
                    "itadocs serve", "This project has no passcode yet, so it cannot be opened from another "
                    "computer; the coordinator sets one on the computer running itadocs serve")

# --- project: status by division ----------------------------------------------
STATUS = M("สถานะของส่วนงาน", "Divisions")
YEAR_ROUND = M("ปีงบประมาณ {year} · รอบ {round} เดือน", "Fiscal year {year} · {round}-month round")
FOLDER_AT = M("โฟลเดอร์: {path}", "Folder: {path}")
COL_DIVISION, COL_SAVED = M("ส่วนงาน", "Division"), M("ส่งเมื่อ", "Received")
COL_MEASURES, COL_ERRORS, COL_WARNINGS = M("มาตรการ", "Measures"), M("ข้อผิดพลาด", "Errors"), M("คำเตือน", "Warnings")
COL_PROGRESS = M("ผลการดำเนินการที่กรอก", "Progress filled")
COL_FORM = M("แบบฟอร์ม", "Form")
STATES = {
    "missing": M("ไม่มีไฟล์", "no workbook"),
    "blank": M("ยังไม่ได้ส่ง", "not returned"),
    "errors": M("ส่งแล้ว มีข้อผิดพลาด", "returned, with errors"),
    "ok": M("ส่งแล้ว", "returned"),
}
NOT_LISTED = M("ไม่อยู่ในรายชื่อ", "not listed")
BLANK_ONE = M("แบบฟอร์มเปล่า", "blank form")
BLANK_ALL = M("ดาวน์โหลดแบบฟอร์มเปล่าทุกส่วนงาน (.zip)", "Download every division's blank form (.zip)")
SEE_PROBLEMS = M("ดูปัญหาและข้อความแจ้งส่วนงาน", "Problems and messages to the divisions")
LINKS = M("ลิงก์ส่งไฟล์ของแต่ละส่วนงาน", "Upload links for the divisions")
OTHER_PROBLEMS = M("ไฟล์ข้อมูลหน่วยงานและไฟล์อื่น: ข้อผิดพลาด {errors} คำเตือน {warnings}",
                   "Agency workbook and other files: {errors} errors, {warnings} warnings")
NO_AGENCY = M("ยังอ่านไฟล์ข้อมูลหน่วยงานไม่ได้ ดูรายละเอียดในหน้าปัญหา", "The agency workbook cannot be read yet; see the "
              "problems page")

UPLOAD = M("ส่งไฟล์ Excel", "Send Excel workbooks")
UPLOAD_HELP = M("ลากไฟล์ .xlsx มาวางที่นี่ หรือกดเลือกไฟล์ (ได้หลายไฟล์ รวมถึงไฟล์ข้อมูลหน่วยงาน) ระบบรู้จักไฟล์จากเนื้อหา "
                "ชื่อไฟล์จะเป็นอะไรก็ได้ ไฟล์เดิมเก็บไว้ในโฟลเดอร์ history เสมอ",
                "Drop .xlsx files here or choose them (several at once, the agency workbook too). Each is recognised "
                "by its content, whatever its name; the one it replaces is always kept in history/.")
UPLOAD_HELP_DIVISION = M("ลากไฟล์ .xlsx ของ {division} มาวางที่นี่ หรือกดเลือกไฟล์ ชื่อไฟล์จะเป็นอะไรก็ได้",
                         "Drop {division}'s .xlsx here or choose it; its name does not matter.")
UPLOAD_BUTTON = M("ส่งไฟล์", "Send")
UPLOADING = M("กำลังส่งและตรวจไฟล์…", "Sending and checking…")
UPLOAD_RESULTS = M("ผลการส่งไฟล์", "Files received")
RECEIVED = M("รับไว้เป็นไฟล์ของ {division}", "taken as {division}'s workbook")
RECEIVED_AGENCY = M("รับไว้เป็นไฟล์ข้อมูลหน่วยงาน", "taken as the agency workbook")
RECEIVED_SAME = M("เหมือนไฟล์เดิมทุกไบต์ ไม่มีอะไรเปลี่ยน", "identical to the workbook there; nothing changed")
KEPT_IN_HISTORY = M("ไฟล์เดิมเก็บไว้ที่ {path}", "the previous one is kept in {path}")
NOW = M("ตอนนี้: {state} · มาตรการ {measures} · ข้อผิดพลาด {errors} · คำเตือน {warnings}",
        "now: {state} · {measures} measures · {errors} errors · {warnings} warnings")
TOO_BIG = M("ไฟล์ใหญ่เกิน {mb} MB แบบฟอร์มของ itadocs มีขนาดไม่กี่ร้อย KB กรุณาตรวจว่าเป็นไฟล์ที่ถูกต้อง",
            "larger than {mb} MB; an itadocs workbook is a few hundred KB: check it is the right file")
NOT_XLSX_NAME = M("ไม่ใช่ไฟล์ .xlsx", "not an .xlsx file")
NO_FILES = M("ยังไม่ได้เลือกไฟล์", "No file chosen")
CLOSE_IN_EXCEL = M("(ถ้าไฟล์เปิดอยู่ใน Excel บนเครื่องนี้ กรุณาปิดก่อน)", "(close it in Excel on this computer first)")

BUILD = M("สร้างเอกสาร", "Build the documents")
DOCUMENTS = {
    "measures": M("มาตรการส่งเสริมคุณธรรมและความโปร่งใส พร้อมการวิเคราะห์ผลการประเมิน",
                  "Measures with the analysis of the assessment"),
    "progress-6": M("รายงานผลการดำเนินการ รอบ ๖ เดือน", "Progress report, 6 months"),
    "progress-12": M("รายงานผลการดำเนินการ รอบ ๑๒ เดือน", "Progress report, 12 months"),
}
BUILD_DEFAULT = M("ถ้าไม่เลือก: เอกสารมาตรการ (เมื่อมีคะแนน) และรายงานของรอบ", "None ticked: the measures document "
                  "(when the scores are there) and the round's report")
ROUND_OF_WORKBOOK = M("ตามไฟล์ข้อมูลหน่วยงาน", "as the agency workbook says")
DRAFT = M("ฉบับร่าง: เว้นแถวที่มีข้อผิดพลาดไว้ (ใช้เมื่อใกล้กำหนดส่ง)", "Draft: leave out the rows with errors "
          "(near the deadline)")
WITH_PDF = M("ทำ PDF ด้วย", "Also make PDFs")
NO_LIBREOFFICE = M("ไม่พบ LibreOffice ในเครื่องนี้ จึงทำ PDF และภาพตัวอย่างไม่ได้ (ไฟล์ .docx ยังสร้างได้ตามปกติ) "
                   "ได้ PDF โดยติดตั้ง LibreOffice (ฟรี) จาก https://www.libreoffice.org/download/ แล้วเริ่ม itadocs ใหม่ "
                   "หรือเปิดไฟล์ .docx ใน Word แล้วบันทึกเป็น PDF",
                   "LibreOffice is not on this computer, so no PDF and no preview (the .docx are made as usual). "
                   "For PDFs, install LibreOffice (free) from https://www.libreoffice.org/download/ and start "
                   "itadocs again, or save the .docx as PDF from Word")
BUILD_BUTTON = M("สร้างเอกสาร", "Build")
NEVER_OVERWRITES = M("เอกสารที่มีคนแก้ไขใน Word แล้วจะไม่ถูกเขียนทับ ฉบับใหม่จะวางไว้ข้าง ๆ",
                     "A document someone edited in Word is never replaced; the new one goes beside it.")
PAST_BUILDS = M("เอกสารที่สร้างไว้", "Earlier builds")
NO_BUILDS = M("ยังไม่ได้สร้างเอกสารจากหน้านี้", "Nothing built from this page yet")
BUILD_AT = M("สร้างเมื่อ {time}", "Built {time}")
FILES_COUNT = M("{count} ไฟล์", "{count} files")
DRAFT_MARK = M("ฉบับร่าง", "draft")

PASSCODE_SECTION = M("รหัสผ่านของโครงการ", "Project passcode")
PASSCODE_IS_SET = M("ตั้งรหัสผ่านไว้แล้ว เปลี่ยนรหัสผ่านแล้วทุกคนที่เข้าอยู่ต้องเข้าสู่ระบบใหม่",
                    "A passcode is set; changing it logs everyone out.")
PASSCODE_NOT_SET = M("ยังไม่ได้ตั้งรหัสผ่าน ต้องตั้งก่อนเปิดหน้านี้ให้เครื่องอื่นใช้ (itadocs serve --host ...)",
                     "No passcode yet; one is needed before other computers may use the page "
                     "(itadocs serve --host ...)")
NEW_PASSCODE = M("รหัสผ่านใหม่", "New passcode")
SET_PASSCODE = M("บันทึกรหัสผ่าน", "Save passcode")
PASSCODE_SAVED = M("บันทึกรหัสผ่านแล้ว", "Passcode saved")

# --- problems -----------------------------------------------------------------
PROBLEMS = M("ปัญหาที่พบ แยกตามส่วนงาน", "Problems by division")
NO_PROBLEMS = M("ไม่พบปัญหา", "No problem found")
COL_SEVERITY = M("ระดับ", "Severity")
COL_WHERE, COL_VALUE, COL_MESSAGE = M("ตำแหน่ง", "Where"), M("ค่าที่พบ", "Value found"), M("สิ่งที่ต้องทำ", "What to do")
SEVERITY = {"error": M("ข้อผิดพลาด", "error"), "warning": M("คำเตือน", "warning")}
ANNOTATED = M("ดาวน์โหลดไฟล์ที่ทำเครื่องหมายปัญหาไว้ (ส่งคืนส่วนงานได้ทันที)",
              "Download the annotated copy (send it back to the division as it is)")
ANNOTATED_OWN = M("ดาวน์โหลดไฟล์ของท่านที่ทำเครื่องหมายปัญหาไว้ (แก้ในไฟล์นี้แล้วส่งกลับได้เลย)",
                  "Download your workbook with the problems marked (fix it there and send it back)")
MESSAGE_FOR = M("ข้อความสำหรับส่งทาง LINE หรืออีเมล", "Text to send by LINE or e-mail")
COPY = M("คัดลอก", "Copy")
COPIED = M("คัดลอกแล้ว", "Copied")
GENERAL_PROBLEMS = M("ไฟล์ข้อมูลหน่วยงานและไฟล์อื่น ๆ", "Agency workbook and other files")
BACK_TO_PROJECT = M("กลับไปหน้าสถานะ", "Back to the divisions")

# --- build job ----------------------------------------------------------------
JOB = M("การสร้างเอกสาร", "Building the documents")
STEPS = {
    "queued": M("รอคิว (มีงานอื่นของโครงการนี้อยู่)", "waiting (another task of this project is running)"),
    "reading": M("กำลังอ่านและตรวจไฟล์", "reading and checking the workbooks"),
    "rendering": M("กำลังสร้าง {document}", "writing {document}"),
    "pdf": M("กำลังทำ PDF ด้วย LibreOffice", "making the PDFs with LibreOffice"),
    "keeping": M("กำลังเก็บสำเนา", "keeping a copy"),
    "done": M("เสร็จแล้ว", "done"),
    "failed": M("ไม่สำเร็จ", "failed"),
}
PREVIEWING = M("กำลังทำภาพตัวอย่างหน้าแรก ๆ (ดาวน์โหลดได้เลยไม่ต้องรอ)",
               "making the first pages' preview (download now, no need to wait)")
NO_PREVIEW = M("ไม่มีภาพตัวอย่าง (ต้องมี LibreOffice และ pdftoppm)", "no preview (needs LibreOffice and pdftoppm)")
BUILT = M("สร้างเอกสารแล้ว: มาตรการ {measures} รายการ", "Built: {measures} measures")
DOWNLOAD = M("ดาวน์โหลด", "Download")
PREVIEW = M("ตัวอย่างหน้าแรก ๆ", "First pages")
INTERNAL = M("เกิดข้อผิดพลาดภายในโปรแกรม รายละเอียดอยู่ในหน้าต่างที่เปิด itadocs serve",
             "Internal error; the details are in the window running itadocs serve")
JOB_GONE = M("ไม่พบงานนี้ (อาจเริ่มโปรแกรมใหม่แล้ว) ดูเอกสารที่สร้างไว้ได้ในหน้าโครงการ",
             "This task is gone (the server may have restarted); earlier builds are on the project page")

# --- division links -----------------------------------------------------------
LINKS_HELP = M("ส่งลิงก์ให้แต่ละส่วนงาน ส่วนงานที่เปิดลิงก์จะเห็นเฉพาะสถานะ ปัญหา และช่องส่งไฟล์ของตนเองเท่านั้น "
               "สร้างลิงก์ใหม่แล้วลิงก์เดิมของส่วนงานนั้นจะใช้ไม่ได้",
               "Send each division its link: whoever opens it sees only that division's status, problems and "
               "upload box. A new link ends the division's old one.")
LINKS_LOCAL = M("ขณะนี้หน้านี้เปิดได้เฉพาะเครื่องนี้ (127.0.0.1) ส่วนงานที่อยู่เครื่องอื่นจะเปิดลิงก์ไม่ได้ "
                "จนกว่าจะเริ่มด้วย itadocs serve --host <IP ของเครื่องนี้> --port <เลขพอร์ตที่ไม่เปลี่ยน> "
                "(ต้องตั้งรหัสผ่านของโครงการก่อน)",
                "The page is open to this computer only (127.0.0.1): divisions on other computers cannot open "
                "the links until it runs with itadocs serve --host <this computer's IP> --port <a fixed port> "
                "(the project needs a passcode first)")
HAS_LINK = M("มีลิงก์แล้ว", "has a link")
NO_LINK = M("ยังไม่มีลิงก์", "no link yet")
MAKE_LINK = M("สร้างลิงก์", "Make a link")
REMAKE_LINK = M("สร้างลิงก์ใหม่", "New link")
REVOKE_LINK = M("ยกเลิกลิงก์", "Revoke")
NEW_LINK = M("ลิงก์ของ {division} (แสดงครั้งเดียว คัดลอกเก็บไว้ หากทำหายให้สร้างลิงก์ใหม่)",
             "{division}'s link (shown once: copy it now; if lost, make a new one)")
LINK_NOTE = M("ลิงก์สำหรับส่งไฟล์มาตรการ ITA ของ {division}: {url}\nเปิดลิงก์แล้วลากไฟล์ Excel ที่กรอกแล้วมาวาง "
              "จะเห็นผลการตรวจทันที (ลิงก์นี้ใช้ได้เฉพาะ {division} กรุณาอย่าส่งต่อ)",
              "Link to send {division}'s ITA measures workbook: {url}\nOpen it and drop the filled Excel file; "
              "the check shows at once (this link is for {division} only; please do not forward it)")
REVOKED = M("ยกเลิกลิงก์ของ {division} แล้ว", "{division}'s link revoked")

# --- division page --------------------------------------------------------------
DIVISION_OF = M("{division} · {agency}", "{division} · {agency}")
DIVISION_STATE = M("สถานะไฟล์ของท่าน", "Your workbook")
DIVISION_BLANK = M("ดาวน์โหลดแบบฟอร์มเปล่า", "Download the blank form")
LINK_ENDED = M("ลิงก์นี้ใช้ไม่ได้แล้ว (อาจมีการสร้างลิงก์ใหม่) กรุณาขอลิงก์ใหม่จากผู้ประสานงาน",
               "This link no longer works (a new one may have been made); ask the coordinator for the new link")

# --- errors -------------------------------------------------------------------
ERRORS = {
    400: M("คำขอไม่ถูกต้อง", "Bad request"),
    403: M("ไม่มีสิทธิ์ หรือหน้าเว็บหมดอายุ กรุณากลับไปโหลดหน้าเดิมใหม่แล้วลองอีกครั้ง",
           "Not allowed, or the page expired; reload the previous page and try again"),
    404: M("ไม่พบหน้านี้", "Page not found"),
    405: M("เปิดหน้านี้ด้วยวิธีนี้ไม่ได้", "Method not allowed"),
    413: M("ไฟล์หรือข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด", "What was sent is too large"),
    429: M("มีคำขอมากเกินไป กรุณารอสักครู่", "Too many requests; wait a moment"),
    503: M("ขณะนี้มีผู้ใช้มาก กรุณาลองใหม่ในอีกสักครู่", "The server is busy; try again in a moment"),
    507: M("พื้นที่ในดิสก์ของเครื่องที่ให้บริการเต็ม ไฟล์ที่มีอยู่ก่อนยังอยู่ครบ กรุณาแจ้งผู้ดูแลระบบ",
           "The server's disk is full; what was there is untouched. Tell the administrator"),
    500: M("เกิดข้อผิดพลาดภายในโปรแกรม รายละเอียดอยู่ในหน้าต่างที่เปิด itadocs serve",
           "Internal error; the details are in the window running itadocs serve"),
}
TO_HOME = M("กลับหน้าแรก", "Back to the start")

# The login, account and administrator pages, and the host's refusals.
from .access_texts import *  # noqa: E402, F403
