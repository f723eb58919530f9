"""Every text the command line prints beside the problems, as a two-language Message (Thai first).

Problems keep their own catalogue messages (`Problem.message(lang)`); what the library says
(a failure, a file written beside an edited one) is its own Message too.
"""

from __future__ import annotations

from ..messages import Message

APP_HELP = (
    "สร้างเอกสาร ITA (มาตรการและรายงานผลการดำเนินการ) จากไฟล์ Excel ของส่วนงาน / "
    "Make the Thai ITA documents from the divisions' Excel workbooks."
)

# What the commands print, beside the problems themselves.
ERROR, WARNING = Message("ข้อผิดพลาด", "error"), Message("คำเตือน", "warning")
FOUND = Message("ค่าที่พบ", "found")
INTERNAL = Message("เกิดข้อผิดพลาดภายในโปรแกรม", "Internal error")
RETRY_DEBUG = Message("เรียกคำสั่งเดิมพร้อม --debug เพื่อดูรายละเอียด", "Run again with --debug for details.")
INTERRUPTED = Message(
    "หยุดแล้ว ไฟล์ที่ยังเขียนไม่เสร็จไม่ถูกเก็บไว้ ไฟล์เดิมยังอยู่ครบ",
    "Stopped; nothing half-written was kept and the previous files are as they were.",
)
CREATED = Message("สร้างแล้ว: {path}", "created: {path}")
KEPT = Message("มีอยู่แล้ว ไม่เขียนทับ: {path}", "exists, left as it is: {path}")
ADDED = Message("เพิ่มในรายชื่อส่วนงานของไฟล์ข้อมูลหน่วยงานแล้ว: {name}", "added to the agency's list of divisions: {name}")
HISTORY_KEPT = Message("เก็บไฟล์เดิมไว้ที่: {path}", "the previous version is kept in: {path}")
REFRESHED = Message(
    'ปรับรายการ "ตอบประเด็นที่" ตามไฟล์ข้อมูลหน่วยงานแล้ว (แบบฟอร์มยังไม่ได้กรอก): {path}',
    "Issue list brought in step with the agency workbook (form still blank): {path}",
)
CARRIED = Message(
    "ยกมาตรการมาจาก {path} {count} รายการ (ไม่รวมผลการดำเนินการ)",
    "{count} measures carried from {path} (without their progress)",
)
COPIED = Message("คัดลอกแล้ว: {path}", "copied: {path}")
ANNOTATED = Message("ไฟล์ที่ทำเครื่องหมายปัญหาไว้: {path}", "annotated copy: {path}")
REMOVED = Message("ลบสำเนาตรวจสอบที่ไม่มีปัญหาแล้ว: {path}", "removed the annotated copy, its problems are gone: {path}")
WRITTEN = Message("[green]เขียนเอกสารแล้ว:[/green] {path}", "[green]written:[/green] {path}")
DRAFT_WRITTEN = Message("[yellow]เขียนฉบับร่างแล้ว:[/yellow] {path}", "[yellow]draft written:[/yellow] {path}")
PDF_WRITTEN = Message("[green]เขียน PDF แล้ว:[/green] {path}", "[green]PDF written:[/green] {path}")
MERGED_WRITTEN = Message(
    "[green]เขียนไฟล์รวมแล้ว:[/green] {path} ({count} มาตรการ)", "[green]written:[/green] {path} ({count} measures)"
)
MEASURE_COUNT = Message(
    "มาตรการ {measures} รายการ จาก {divisions} ส่วนงาน", "{measures} measures from {divisions} divisions"
)
BESIDE_COUNT = Message(
    "{count} ไฟล์เขียนเป็นฉบับใหม่ไว้ข้างไฟล์ที่ถูกแก้ไขหรือเปิดอยู่ (ฉบับใหม่)",
    "{count} files written beside an edited or open one (ฉบับใหม่)",
)
STATS = Message(
    "ส่วนงาน {division_workbooks} ไฟล์ แถวข้อมูล {rows} แถว มาตรการที่ใช้ได้ {measures} ข้อผิดพลาด {errors} คำเตือน {warnings}",
    "{division_workbooks} division workbooks, {rows} rows, {measures} measures usable, "
    "{errors} errors, {warnings} warnings",
)
PROBLEMS_TITLE = Message("ปัญหาที่พบ", "Problems found")
COLUMNS = (
    Message("ระดับ", "Severity"),
    Message("ตำแหน่ง", "Where"),
    Message("ค่าที่พบ", "Value"),
    Message("ข้อความ", "Message"),
)
TABLE_MIN_WIDTH = 60  # narrower consoles get one block per problem
BUILDING = Message("กำลังสร้างเอกสาร", "building")
SUMMARY_TITLE = Message("สรุปการสร้างเอกสาร", "Build summary")
SUMMARY_COLUMNS = (
    Message("หน่วยงาน", "Agency"),
    Message("โฟลเดอร์", "Folder"),
    Message("เอกสาร", "Documents"),
    Message("ข้อผิดพลาด", "Errors"),
    Message("คำเตือน", "Warnings"),
    Message("เวลา (วินาที)", "Time (s)"),
    Message("หมายเหตุ", "Note"),
)
BATCH_DONE = Message("สำเร็จ {ok} จาก {total} หน่วยงาน", "{ok} of {total} agencies built")
STATUS_TITLE = Message("สถานะการส่งงานของส่วนงาน {agency}", "Divisions of {agency}")
STATUS_COLUMNS = (
    Message("ส่วนงาน / ไฟล์", "Division / file"),
    Message("สถานะ", "State"),
    Message("บันทึกล่าสุด", "Saved"),
    Message("มาตรการ", "Measures"),
    Message("ข้อผิดพลาด / คำเตือน", "Errors / warnings"),
    Message("ผลที่กรอก", "Progress filled"),
)
STATES = {
    "missing": Message("[red]ไม่มีไฟล์[/red]", "[red]no workbook[/red]"),
    "blank": Message("[yellow]ยังไม่ได้ส่ง (ไฟล์ว่าง)[/yellow]", "[yellow]not returned (blank)[/yellow]"),
    "unchecked": Message(
        "[yellow]ส่งแล้ว ยังตรวจไม่ได้ (ไฟล์ข้อมูลหน่วยงานต้องแก้)[/yellow]",
        "[yellow]returned, not checked (fix the agency workbook)[/yellow]",
    ),
    "errors": Message("[red]ส่งแล้ว มีข้อผิดพลาด[/red]", "[red]returned, with errors[/red]"),
    "ok": Message("[green]ส่งแล้ว[/green]", "[green]returned[/green]"),
}
NOT_LISTED = Message("(ไม่อยู่ในรายชื่อ)", "(not listed)")
STATUS_DONE = Message("ส่งแล้ว {returned} จาก {total} ส่วนงาน", "{returned} of {total} divisions returned")
WATCH_ONE = Message(
    "--watch ใช้กับโครงการเดียว ระบุโฟลเดอร์โครงการหนึ่งโฟลเดอร์ (ไม่ใช้ --all หรือ --json)",
    "--watch builds one project: name one project folder (no --all, no --json)",
)
WATCHING = Message(
    "[dim]เฝ้าดูไฟล์ใน {path}/inputs และ templates จะสร้างใหม่เมื่อไฟล์เปลี่ยน กด Ctrl+C เพื่อหยุด[/dim]",
    "[dim]watching {path}/inputs and templates: a change builds again; Ctrl+C stops[/dim]",
)
WATCH_AGAIN = Message("ไฟล์เปลี่ยน สร้างใหม่ {time}", "changed, built again at {time}")
WATCH_STOPPED = Message("หยุดเฝ้าดูแล้ว", "stopped watching")
TEMPLATES_BAD = Message("แม่แบบมีข้อผิดพลาด", "The templates have errors.")
TEMPLATES_OK = Message("[green]ตรวจแล้ว {count} แม่แบบ ใช้ได้[/green]", "[green]{count} templates checked, usable[/green]")
CRITERIA_FALLBACK = Message(
    "ไม่มีข้อมูลเกณฑ์ของปีงบประมาณ {year} ({wanted}) โปรแกรมใช้ {used} แทน",
    "No criteria data for fiscal year {year} ({wanted}); the program uses {used}",
)
CRITERIA_SHEET_WRITTEN = Message(
    "เขียนเกณฑ์เป็นไฟล์ Excel แล้ว: {path} แก้แล้ววางไว้ในโฟลเดอร์ criteria",
    "The criteria were written as a workbook: {path}; correct it and place it in a criteria folder",
)
CRITERIA_FILE_BAD = Message("ไฟล์เกณฑ์มีข้อผิดพลาด จึงใช้ไม่ได้", "The criteria file has errors and cannot be used")

# Hosting: administrators, backup and restore, what is installed.
ADMIN_SET = Message(
    "ตั้งรหัสผ่านของผู้ดูแล {name} แล้ว (การเข้าใช้เดิมของผู้ดูแลนี้สิ้นสุดทั้งหมด)",
    "Administrator {name}'s passcode is set (their earlier sessions have ended)",
)
ADMIN_REMOVED = Message("ลบผู้ดูแล {name} แล้ว", "Administrator {name} removed")
ADMIN_NONE = Message("ยังไม่มีผู้ดูแลระบบใน {path}", "No administrator in {path} yet")
ADMIN_PROMPT = Message("รหัสผ่านของผู้ดูแล {name}", "Passcode for administrator {name}")
ADMIN_AGAIN = Message("พิมพ์รหัสผ่านอีกครั้ง", "The passcode again")
ADMIN_MISMATCH = Message("รหัสผ่านสองครั้งไม่ตรงกัน", "The two passcodes differ")
BACKUP_WRITTEN = Message(
    "สำรองแล้ว: {path} ({projects} โครงการ {files} ไฟล์ {size})",
    "Backed up: {path} ({projects} projects, {files} files, {size})",
)
BACKUP_LINKS = Message(
    "ข้ามลิงก์สัญลักษณ์ {count} รายการ (ไม่ได้สำรองสิ่งที่ลิงก์ชี้ไป)",
    "{count} symbolic links skipped (what they point to is not in the backup)",
)
RESTORED = Message(
    "นำกลับแล้ว: {path} ({projects} โครงการ {files} ไฟล์) ผู้ใช้ทุกคนต้องเข้าสู่ระบบใหม่",
    "Restored: {path} ({projects} projects, {files} files); everyone must log in again",
)
VERSION_COLUMNS = (
    Message("ชุดโปรแกรม", "package"),
    Message("รุ่น", "version"),
    Message("ขั้นต่ำ", "floor"),
    Message("ใช้โดย", "needed by"),
)
NOT_INSTALLED = Message("ไม่ได้ติดตั้ง", "not installed")
BELOW_FLOOR = Message("ต่ำกว่ารุ่นขั้นต่ำ", "below the floor")
ABSENT = Message("ไม่พบ", "not found")
