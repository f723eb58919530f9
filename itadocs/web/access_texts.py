"""The texts of logging in, the account and administrator pages, and the host's refusals
(two-language Messages, Thai first; templates reach them as `T`, through texts)."""

from __future__ import annotations

from ..messages import Message

M = Message

# --- logging in -----------------------------------------------------------------
SITE_LOGIN = M("เข้าสู่ระบบ", "Log in")
SITE_LOGIN_HELP = M(
    "ใส่ชื่อโครงการ (ชื่อโฟลเดอร์ที่ผู้ดูแลหรือผู้ประสานงานให้ไว้ เช่น ita2569) และรหัสผ่านของโครงการ "
    "เข้าได้ทีละหลายโครงการ: เข้าโครงการถัดไปจากหน้านี้ได้เลย",
    "Give the project's name (the folder name your administrator or coordinator gave, e.g. "
    "ita2569) and its passcode; you may hold many projects at once: log into the next one here",
)
PROJECT_NAME = M("ชื่อโครงการ", "Project name")
NOTHING_YET = M("ยังไม่ได้เข้าโครงการใด", "No project opened yet")
ADMIN_LINK = M("สำหรับผู้ดูแลระบบ", "For the administrator")
LOGGED_IN_AS_ADMIN = M("เข้าสู่ระบบเป็นผู้ดูแล: {name}", "Logged in as administrator {name}")

# --- account -----------------------------------------------------------------------
ACCOUNT = M("การเข้าใช้ของฉัน", "My access")
ACCOUNT_HELP = M(
    "สิ่งที่การเข้าใช้ครั้งนี้เปิดได้ ออกจากระบบแล้วทั้งหมดจะปิดทันที รวมถึงบนเครื่องอื่นที่ใช้คุกกี้เดียวกัน",
    "What this session may open; logging out ends it all at once, on the server too",
)
HELD_PROJECTS = M("โครงการที่เข้าอยู่", "Projects open")
HELD_UNTIL = M("ถึง {time}", "until {time}")
HELD_DIVISION = M("ลิงก์ของส่วนงาน: {division} ({project})", "Division link: {division} ({project})")
LOGOUT_ALL = M("ออกจากระบบ (ทุกโครงการ)", "Log out (every project)")
LOGGED_OUT = M("ออกจากระบบแล้ว", "Logged out")

# --- administrator ---------------------------------------------------------------
ADMIN = M("ผู้ดูแลระบบ", "Administrator")
ADMIN_LOGIN = M("เข้าสู่ระบบผู้ดูแล", "Administrator login")
ADMIN_NAME = M("ชื่อผู้ดูแล", "Administrator name")
ADMIN_PASSCODE = M("รหัสผ่าน", "Passcode")
ADMIN_HOW = M(
    "บัญชีผู้ดูแลสร้างได้บนเครื่องที่ให้บริการเท่านั้น (วิธีทำอยู่ในคู่มือการติดตั้งของผู้ดูแล)",
    "Administrator accounts are made on the server only (the host's installation guide says how)",
)
WORKSPACE = M("โฟลเดอร์งาน: {path}", "Workspace: {path}")  # shown to the administrator and on this computer only
ADMIN_PROJECTS = M("โครงการทั้งหมด ({count})", "All projects ({count})")
COL_PASSCODE = M("รหัสผ่าน", "Passcode")
COL_LINKS = M("ลิงก์ส่วนงาน", "Division links")
COL_BUILDS = M("ชุดเอกสารที่เก็บ", "Kept builds")
COL_CHANGED = M("ส่งไฟล์ล่าสุด", "Last upload")
ADMIN_COL_ACTIONS = M("จัดการ", "Actions")
HAS_PASSCODE = M("ตั้งแล้ว", "set")
NO_PASSCODE = M("ยังไม่ตั้ง (เปิดได้เฉพาะผู้ดูแล)", "none (administrators only)")
RESET_PASSCODE = M("ตั้งรหัสผ่านใหม่", "New passcode")
END_SESSIONS = M("ให้ทุกคนออกจากโครงการ", "End everyone's sessions")
NEW_PASSCODE_OF = M(
    "รหัสผ่านใหม่ของ {project}: {passcode} (แสดงครั้งเดียว ส่งให้ผู้ประสานงานทางช่องทางที่ปลอดภัย ผู้ที่เข้าอยู่ทั้งหมดต้องเข้าสู่ระบบใหม่)",
    "The new passcode of {project}: {passcode} (shown once; give it to the coordinator by a safe "
    "way; everyone in the project must log in again)",
)
SESSIONS_ENDED = M("ทุกคนที่เข้าอยู่ใน {project} ต้องเข้าสู่ระบบใหม่แล้ว", "Everyone in {project} must log in again")
SESSIONS_COUNT = M("การเข้าใช้ที่ยังไม่หมดอายุ: {count}", "Sessions not yet expired: {count}")
DISK_LEFT = M("พื้นที่ว่างในดิสก์: {free} จาก {total}", "Free disk space: {free} of {total}")
HOUSEKEEPING = M(
    "เก็บชุดเอกสารไว้โครงการละไม่เกิน {count} ชุด และไม่เกิน {days} วัน (ชุดล่าสุดเก็บไว้เสมอ) "
    "ไฟล์ที่ถูกแทนที่หรือลบกู้คืนได้ภายใน {history} วัน บันทึกการใช้งานเก็บไว้ {audit} วัน",
    "Kept builds: at most {count} per project and {days} days (the newest always stays); what was "
    "replaced or deleted can be restored for {history} days; the audit trail is kept {audit} days",
)

# --- audit trail -------------------------------------------------------------------
AUDIT = M("บันทึกการใช้งาน", "Audit trail")
AUDIT_HELP = M(
    "ใคร ทำอะไร กับโครงการและไฟล์ใด เมื่อใด จากที่อยู่ใด บันทึกต่อท้ายอย่างเดียว แยกไฟล์รายวัน เก็บไว้ {days} วัน",
    "Who did what, to which project and file, when, from which address: append-only, a file a day, kept {days} days",
)
AUDIT_DAY = M("วันที่", "Day")
AUDIT_PROJECT = M("โครงการ (ไม่ใส่ = ทุกโครงการ)", "Project (empty: all)")
AUDIT_SHOW = M("แสดง", "Show")
AUDIT_DOWNLOAD = M("ดาวน์โหลดไฟล์ของวันนั้น (.jsonl)", "Download the day's file (.jsonl)")
AUDIT_EMPTY = M("ไม่มีรายการ", "Nothing recorded")
AUDIT_MORE = M("แสดง {shown} รายการล่าสุดจาก {total}", "The latest {shown} of {total}")
COL_TIME, COL_WHO, COL_ACTION = M("เวลา", "Time"), M("ผู้ใช้", "Who"), M("การกระทำ", "Action")
COL_FILE, COL_ADDRESS, COL_OUTCOME = M("ไฟล์", "File"), M("ที่อยู่", "Address"), M("ผล", "Outcome")
ROLES = {
    "admin": M("ผู้ดูแล", "admin"),
    "coordinator": M("ผู้ประสานงาน", "coordinator"),
    "division": M("ส่วนงาน", "division"),
    "local": M("เครื่องนี้", "this computer"),
    "visitor": M("ผู้เยี่ยมชม", "visitor"),
    "server": M("เครื่องที่ให้บริการ", "server"),
}
OUTCOMES = {
    "ok": M("สำเร็จ", "done"),
    "refused": M("ถูกปฏิเสธ", "refused"),
    "failed": M("ไม่สำเร็จ", "failed"),
    "disk-full": M("ดิสก์เต็ม", "disk full"),
}
ACTIONS = {
    "login": M("เข้าสู่ระบบ", "login"),
    "login-failed": M("ใส่รหัสผิด", "failed login"),
    "logout": M("ออกจากระบบ", "logout"),
    "upload": M("ส่งไฟล์", "upload"),
    "replace": M("ส่งไฟล์แทนของเดิม", "replace"),
    "upload-refused": M("ไฟล์ที่ส่งไม่ผ่าน", "upload refused"),
    "delete": M("ลบ", "delete"),
    "restore": M("นำกลับ", "restore"),
    "build": M("สร้างเอกสาร", "build"),
    "download": M("ดาวน์โหลด", "download"),
    "passcode": M("เปลี่ยนรหัสผ่าน", "passcode changed"),
    "passcode-reset": M("ผู้ดูแลตั้งรหัสผ่านใหม่", "passcode reset"),
    "sessions-ended": M("ให้ทุกคนออกจากโครงการ", "sessions ended"),
    "link-made": M("สร้างลิงก์ส่วนงาน", "link made"),
    "link-ended": M("ยกเลิกลิงก์ส่วนงาน", "link ended"),
    "project-created": M("สร้างโครงการ", "project created"),
    "admin-login": M("ผู้ดูแลเข้าสู่ระบบ", "admin login"),
    "admin-login-failed": M("ผู้ดูแลใส่รหัสผิด", "failed admin login"),
    "delete-workbook": M("ลบไฟล์ที่ส่งมา", "workbook deleted"),
    "delete-build": M("ลบชุดเอกสาร", "build deleted"),
    "agency-details": M("แก้ข้อมูลหน่วยงาน", "agency details changed"),
    "agency-results": M("บันทึกผลการประเมินปีที่แล้ว", "last year's results saved"),
    "division-add": M("เพิ่มส่วนงาน", "division added"),
    "division-rename": M("เปลี่ยนชื่อส่วนงาน", "division renamed"),
    "division-remove": M("ลบส่วนงาน", "division removed"),
    "division-up": M("เลื่อนส่วนงานขึ้น", "division moved up"),
    "division-down": M("เลื่อนส่วนงานลง", "division moved down"),
    "deadline": M("ตั้งกำหนดส่ง", "deadline set"),
}

# --- the host's refusals and limits ------------------------------------------------
BUILD_TIMED_OUT = M(
    "การสร้างเอกสารใช้เวลานานเกิน {minutes} นาที จึงหยุดไว้ เอกสารเดิมยังอยู่ครบ ไม่มีอะไรถูกเขียนทับ "
    "ลองสร้างใหม่อีกครั้ง (ถ้าทำ PDF ลองสร้างโดยไม่ทำ PDF) หรือแจ้งผู้ดูแล",
    "Building took longer than {minutes} minutes and was stopped; the earlier documents are as "
    "they were. Try again (without PDFs if you asked for them) or tell the administrator",
)
BUILDS_WAITING_PROJECT = M(
    "โครงการนี้มีการสร้างเอกสารรอคิวอยู่หลายครั้งแล้ว กรุณารอให้เสร็จก่อนแล้วค่อยสั่งอีกครั้ง",
    "Several builds of this project are already waiting; wait for them to finish first",
)
BUILDS_WAITING = M(
    "ขณะนี้มีการสร้างเอกสารรอคิวอยู่มาก กรุณาลองใหม่ในอีกสักครู่", "Many builds are waiting right now; try again in a moment"
)
DISK_FULL = M(
    "พื้นที่ในดิสก์ของเครื่องที่ให้บริการเต็ม จึงรับหรือเขียนไฟล์ไม่ได้ ไฟล์ที่มีอยู่ก่อนยังอยู่ครบ ไม่ถูกแตะต้อง กรุณาแจ้งผู้ดูแลระบบ แล้วลองใหม่ภายหลัง",
    "The server's disk is full, so nothing could be received or written; what was there is untouched. "
    "Tell the administrator and try again later",
)
CREATE_ADMIN_ONLY = M("บนเครือข่าย เฉพาะผู้ดูแลระบบสร้างโครงการได้", "On a network only an administrator creates projects")
