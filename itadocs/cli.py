"""The itadocs command line: each command builds its inputs, calls the library once, prints.

Messages are Thai first (--lang en for English).  A problem the user can fix is a
message and exit code 1, never a traceback; --debug shows the traceback.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__, schema, thai
from .problems import Problem, Severity, has_errors

app = typer.Typer(
    help="สร้างเอกสาร ITA (มาตรการและรายงานผลการดำเนินการ) จากไฟล์ Excel ของส่วนงาน / "
         "Make the Thai ITA documents from the divisions' Excel workbooks.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
# soft_wrap: long lines (Thai paths, messages) are left to the terminal, never cut by rich.
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DEFAULT_DIVISIONS = ["สำนักปลัด", "กองคลัง", "กองช่าง"]


class Lang(str, Enum):
    th = "th"
    en = "en"


LangOption = Annotated[Lang, typer.Option("--lang", help="ภาษาของข้อความ th/en / Message language.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="แสดง traceback เมื่อเกิดข้อผิดพลาด / Show tracebacks.")]


def say(lang: Lang, th: str, en: str) -> str:
    return th if lang is Lang.th else en


class UserError(Exception):
    """A problem the user can fix: printed as one line, exit 1."""


def current_fiscal_year(today: date | None = None) -> int:
    today = today or date.today()
    return thai.be_year(today.year + (1 if today.month >= 10 else 0))


def print_problems(problems: list[Problem], lang: Lang) -> None:
    """One block per problem: where (file › sheet › cell, column), the value, then what to do."""
    for p in problems:
        is_error = p.severity is Severity.ERROR
        level = say(lang, "ข้อผิดพลาด", "error") if is_error else say(lang, "คำเตือน", "warning")
        color = "red" if is_error else "yellow"
        where = " › ".join(part for part in (p.file, p.sheet, p.cell) if part)
        if p.column:
            where += f" ({p.column})"
        value = f' {say(lang, "ค่าที่พบ", "found")} "{p.value[:80]}"' if p.value else ""
        err.print(f"[{color}]{level}[/{color}] {escape(f'[{p.code}]')} {escape(where)}{escape(value)}")
        err.print(f"    {escape(p.message(lang.value))}")


def problems_table(problems: list[Problem], lang: Lang) -> Table:
    table = Table(title=say(lang, "ปัญหาที่พบ", "Problems found"), show_lines=True, expand=True)
    for title, ratio in ((say(lang, "ระดับ", "Severity"), 1), (say(lang, "ไฟล์", "File"), 2),
                         (say(lang, "แผ่นงาน", "Sheet"), 1), (say(lang, "เซลล์", "Cell"), 1),
                         (say(lang, "คอลัมน์", "Column"), 2), (say(lang, "ค่าที่พบ", "Value"), 2),
                         (say(lang, "ข้อความ", "Message"), 5)):
        table.add_column(title, ratio=ratio, overflow="fold")
    for p in problems:
        is_error = p.severity is Severity.ERROR
        level = say(lang, "ข้อผิดพลาด", "error") if is_error else say(lang, "คำเตือน", "warning")
        table.add_row(f"[{'red' if is_error else 'yellow'}]{level}[/]", *map(escape, (
            p.file, p.sheet, p.cell, p.column, p.value[:80], f"{p.message(lang.value)} [{p.code}]")))
    return table


def run(action, debug: bool, lang: Lang) -> None:
    """Call the library; turn what the user can fix into a message and exit code 1."""
    try:
        action()
    except UserError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1)
    except typer.Exit:
        raise
    except Exception as exc:
        if debug:
            raise
        err.print(f"[red]{say(lang, 'เกิดข้อผิดพลาดภายในโปรแกรม', 'Internal error')}: "
                  f"{type(exc).__name__}: {exc}[/red]")
        err.print(say(lang, "เรียกคำสั่งเดิมพร้อม --debug เพื่อดูรายละเอียด", "Run again with --debug for details."))
        raise typer.Exit(2)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="โฟลเดอร์โครงการ / Project folder.")] = Path("."),
    org: Annotated[str, typer.Option("--org", help="ชื่อหน่วยงาน / Agency name.")] = "",
    district: Annotated[str, typer.Option(help="อำเภอ / District.")] = "",
    province: Annotated[str, typer.Option(help="จังหวัด / Province.")] = "",
    fiscal_year: Annotated[Optional[int], typer.Option("--fiscal-year", help="ปีงบประมาณ พ.ศ. / Fiscal year (BE).")] = None,
    round_: Annotated[int, typer.Option("--round", help="รอบรายงาน 6 หรือ 12 เดือน / Report round.")] = 6,
    division: Annotated[Optional[list[str]], typer.Option("--division", help="ชื่อส่วนงาน (ระบุได้หลายครั้ง) / Division, repeatable.")] = None,
    lang: LangOption = Lang.th,
    debug: DebugOption = False,
) -> None:
    """สร้างไฟล์ Excel ของผู้ประสานงานและของแต่ละส่วนงานใน DIR/inputs (ไม่เขียนทับไฟล์เดิม)

    Create the coordinator's and each division's workbook in DIR/inputs; never overwrites.

    Example: itadocs init งานITA --org "เทศบาลตำบลตัวอย่าง" --district "เมือง" --province "ขอนแก่น"
    --fiscal-year 2568 --division "สำนักปลัด" --division "กองคลัง"
    """
    if round_ not in (6, 12):
        raise typer.BadParameter(say(lang, "รอบต้องเป็น 6 หรือ 12", "round must be 6 or 12"), param_hint="--round")

    def action() -> None:
        from .criteria import load_criteria
        from .pipeline import INPUTS, safe_file_name
        from .workbook import write_agency_workbook, write_division_workbook

        year = fiscal_year or current_fiscal_year()
        divisions = list(dict.fromkeys(d.strip() for d in (division or DEFAULT_DIVISIONS) if d.strip()))
        inputs = directory / INPUTS
        criteria = load_criteria(year)
        values = {"name": org, "district": district, "province": province, "fiscal_year": year, "round": round_}
        files = [(inputs / f"{safe_file_name(schema.AGENCY_SHEET)}.xlsx",
                  lambda p: write_agency_workbook(p, values, divisions, criteria))]
        files += [(inputs / f"{safe_file_name(d)}.xlsx", lambda p, d=d: write_division_workbook(p, d, criteria))
                  for d in divisions]
        for path, write in files:
            if path.exists():
                out.print(say(lang, f"มีอยู่แล้ว ไม่เขียนทับ: {path}", f"exists, left as it is: {path}"))
                continue
            write(path)
            out.print(say(lang, f"สร้างแล้ว: {path}", f"created: {path}"))

    run(action, debug, lang)


RoundOption = Annotated[Optional[int], typer.Option(
    "--round", help="รอบรายงาน 6 หรือ 12 (แทนค่าในไฟล์) / Overrides the round.")]
FontOption = Annotated[Optional[str], typer.Option(help="แบบอักษรของเอกสาร / Document font.")]
PdfOption = Annotated[bool, typer.Option("--pdf", help="สร้าง PDF ด้วย LibreOffice ด้วย / Also write PDF (LibreOffice).")]
DirArgument = Annotated[Path, typer.Argument(help="โฟลเดอร์โครงการ (มีโฟลเดอร์ inputs) / Project folder.")]


def _check_round(round_: int | None, lang: Lang) -> None:
    if round_ not in (None, 6, 12):
        raise typer.BadParameter(say(lang, "รอบต้องเป็น 6 หรือ 12", "round must be 6 or 12"), param_hint="--round")


def _require_folder(directory: Path, lang: Lang) -> None:
    if not directory.is_dir():
        raise UserError(say(lang, f"ไม่พบโฟลเดอร์ {directory}", f"No folder {directory}"))


def _load(directory: Path, round_: int | None, lang: Lang):
    """Read and check the project; print its problems; stop on errors."""
    from .pipeline import load_project

    _require_folder(directory, lang)
    project = load_project(directory, round_)
    print_problems(project.problems, lang)
    if not project.ok:
        from .pipeline import annotate_inputs

        for path in annotate_inputs(project, lang.value):
            out.print(say(lang, "ไฟล์ที่ทำเครื่องหมายปัญหาไว้: ", "annotated copy: ") + escape(str(path)))
        count = sum(p.severity is Severity.ERROR for p in project.problems)
        raise UserError(say(lang, f"พบข้อผิดพลาด {count} รายการ ยังไม่ได้สร้างเอกสาร กรุณาแก้ไขไฟล์ตามรายการข้างต้น",
                            f"{count} errors found; no document written. Fix the files listed above."))
    return project


def _write(project, kinds, font: str | None, pdf: bool, lang: Lang) -> None:
    from .render import write_documents

    written = write_documents(project, kinds, font)
    for path in written:
        out.print(say(lang, "[green]เขียนเอกสารแล้ว:[/green] ", "[green]written:[/green] ") + escape(str(path)))
    divisions = len({m.division for m in project.measures})
    out.print(say(lang, f"มาตรการ {len(project.measures)} รายการ จาก {divisions} ส่วนงาน",
                  f"{len(project.measures)} measures from {divisions} divisions"))
    if pdf:
        from .pdf import PdfUnavailable, to_pdf

        try:
            for path in to_pdf(written):
                out.print(say(lang, "[green]เขียน PDF แล้ว:[/green] ", "[green]PDF written:[/green] ") + escape(str(path)))
        except PdfUnavailable as exc:
            raise UserError(str(exc)) from exc


@app.command()
def build(
    directories: Annotated[Optional[list[Path]], typer.Argument(
        help="โฟลเดอร์โครงการ หรือโฟลเดอร์ที่มีหลายโครงการ / Project folders, or a folder of projects.")] = None,
    round_: RoundOption = None,
    font: FontOption = None,
    pdf: PdfOption = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1,
                                                help="จำนวนงานที่ทำพร้อมกัน / Parallel processes (default: cores).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="สรุปผลเป็น JSON / Summary as JSON.")] = False,
    lang: LangOption = Lang.th,
    debug: DebugOption = False,
) -> None:
    """อ่านไฟล์ใน DIR/inputs ตรวจสอบ รวม และสร้างเอกสารมาตรการและรายงานของรอบใน DIR/output

    Read, check and merge the workbooks in DIR/inputs and write the measures document and
    the round's progress report to DIR/output. Several folders, or a folder whose
    sub-folders are projects, are built in parallel with a summary at the end.

    Example: itadocs build งานITA --pdf        itadocs build จังหวัด/ --jobs 2
    """
    _check_round(round_, lang)

    def action() -> None:
        from .batch import find_projects

        projects = find_projects(directories or [Path(".")])
        if len(projects) == 1 and not as_json:
            from .render import documents_for

            project = _load(projects[0], round_, lang)
            _write(project, documents_for(project), font, pdf, lang)
        else:
            _build_batch(projects, jobs or os.cpu_count() or 1, as_json, lang, round_override=round_, font=font, pdf=pdf,
                         lang=lang.value)

    run(action, debug, lang)


def _build_batch(projects: list[Path], jobs: int, as_json: bool, ui_lang: Lang, **options) -> None:
    """Build many projects with a progress bar and a summary table; exit 1 if any failed."""
    import json

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .batch import build_many

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=as_json) as progress:
        task = progress.add_task(say(ui_lang, "กำลังสร้างเอกสาร", "building"), total=len(projects))
        results = build_many(projects, jobs, on_done=lambda _: progress.advance(task), **options)
    failed = [r for r in results if not r.ok]
    if as_json:
        sys.stdout.write(json.dumps({"ok": not failed, "projects": [r.as_dict() for r in results]},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        table = Table(title=say(ui_lang, "สรุปการสร้างเอกสาร", "Build summary"), show_lines=False)
        for title in (say(ui_lang, "หน่วยงาน", "Agency"), say(ui_lang, "โฟลเดอร์", "Folder"),
                      say(ui_lang, "เอกสาร", "Documents"), say(ui_lang, "ข้อผิดพลาด", "Errors"),
                      say(ui_lang, "คำเตือน", "Warnings"), say(ui_lang, "เวลา (วินาที)", "Time (s)"),
                      say(ui_lang, "หมายเหตุ", "Note")):
            table.add_column(title, overflow="fold")
        for r in results:
            note = f"[red]{escape(r.failure.splitlines()[0])}[/red]" if r.failure else ""
            table.add_row(escape(r.agency), escape(Path(r.project).name), str(len(r.documents) + len(r.pdfs)),
                          str(r.errors), str(r.warnings), f"{r.seconds:.2f}", note)
        out.print(table)
        out.print(say(ui_lang, f"สำเร็จ {len(results) - len(failed)} จาก {len(results)} หน่วยงาน",
                      f"{len(results) - len(failed)} of {len(results)} agencies built"))
    if failed:
        raise typer.Exit(1)


@app.command()
def validate(
    directory: DirArgument = Path("."),
    round_: RoundOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="พิมพ์ผลเป็น JSON / Print the report as JSON.")] = False,
    lang: LangOption = Lang.th,
    debug: DebugOption = False,
) -> None:
    """ตรวจไฟล์ทั้งหมดใน DIR/inputs แสดงตารางปัญหา และเขียนสำเนาที่ทำเครื่องหมายไว้ใน DIR/output

    Check every workbook in DIR/inputs, print the problems, and write an annotated copy of each
    workbook with problems to DIR/output (the originals are never changed). Exit 1 on errors.

    Example: itadocs validate งานITA --lang en
    """
    _check_round(round_, lang)

    def action() -> None:
        import json

        from .pipeline import annotate_inputs, load_project

        _require_folder(directory, lang)
        project = load_project(directory, round_)
        annotated = annotate_inputs(project, lang.value)
        if as_json:
            report = {"valid": project.ok, "stats": project.summary(),
                      "problems": [p.as_dict(lang.value) for p in project.problems],
                      "annotated": [str(p) for p in annotated]}
            sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        else:
            if project.problems:
                out.print(problems_table(project.problems, lang))
            for path in annotated:
                out.print(say(lang, "ไฟล์ที่ทำเครื่องหมายปัญหาไว้: ", "annotated copy: ") + escape(str(path)))
            stats = project.summary()
            out.print(say(lang, f"ส่วนงาน {stats['division_workbooks']} ไฟล์ แถวข้อมูล {stats['rows']} แถว "
                                f"มาตรการที่ใช้ได้ {stats['measures']} ข้อผิดพลาด {stats['errors']} คำเตือน {stats['warnings']}",
                          f"{stats['division_workbooks']} division workbooks, {stats['rows']} rows, "
                          f"{stats['measures']} measures usable, {stats['errors']} errors, {stats['warnings']} warnings"))
        if not project.ok:
            raise typer.Exit(1)

    run(action, debug, lang)


@app.command()
def merge(
    directory: DirArgument = Path("."),
    round_: RoundOption = None,
    lang: LangOption = Lang.th,
    debug: DebugOption = False,
) -> None:
    """รวมมาตรการของทุกส่วนงานเป็นไฟล์ Excel เดียวใน DIR/output (ระบุส่วนงาน ไฟล์ และแถวต้นทาง)

    Write the merged workbook of all divisions to DIR/output, with the division, source file
    and row of every measure: the data the documents are rendered from.

    Example: itadocs merge งานITA
    """
    _check_round(round_, lang)

    def action() -> None:
        from .pipeline import OUTPUT, safe_file_name
        from .workbook import write_merged_workbook

        project = _load(directory, round_, lang)
        name = safe_file_name(f"มาตรการรวม ITA ปี {project.agency.fiscal_year} - {project.agency.name}.xlsx")
        path = write_merged_workbook(directory / OUTPUT / name, project.measures)
        out.print(say(lang, "[green]เขียนไฟล์รวมแล้ว:[/green] ", "[green]written:[/green] ") + escape(str(path))
                  + say(lang, f" ({len(project.measures)} มาตรการ)", f" ({len(project.measures)} measures)"))

    run(action, debug, lang)


class DocumentChoice(str, Enum):
    measures = "measures"
    progress_6 = "progress-6"
    progress_12 = "progress-12"


@app.command()
def render(
    directory: DirArgument = Path("."),
    document: Annotated[Optional[list[DocumentChoice]], typer.Option(
        "--document", "-d", help="เอกสารที่ต้องการ (ระบุได้หลายครั้ง) / Document to write, repeatable.")] = None,
    round_: RoundOption = None,
    font: FontOption = None,
    pdf: PdfOption = False,
    lang: LangOption = Lang.th,
    debug: DebugOption = False,
) -> None:
    """สร้างเอกสารที่เลือก (measures, progress-6, progress-12) ไม่ว่ารอบใด

    Write the chosen documents whatever the round, e.g. both progress reports.

    Example: itadocs render งานITA -d progress-6 -d progress-12 --pdf
    """
    _check_round(round_, lang)

    def action() -> None:
        from .render import DOCUMENTS, documents_for

        project = _load(directory, round_, lang)
        kinds = [DOCUMENTS[d.value] for d in document] if document else documents_for(project)
        if any(k.key == "measures" for k in kinds) and DOCUMENTS["measures"] not in documents_for(project):
            raise UserError(say(lang, "ยังไม่มีผลคะแนน ITA ในไฟล์ข้อมูลหน่วยงาน จึงสร้างเอกสารมาตรการไม่ได้",
                                "The agency workbook has no ITA scores, so the measures document cannot be made."))
        _write(project, kinds, font, pdf, lang)

    run(action, debug, lang)


templates_app = typer.Typer(help="แม่แบบเอกสาร Word / The Word templates.", no_args_is_help=True,
                            rich_markup_mode=None)
app.add_typer(templates_app, name="templates")


@templates_app.command("copy")
def templates_copy(
    directory: DirArgument = Path("."),
    lang: LangOption = Lang.th,
    debug: DebugOption = False,
) -> None:
    """คัดลอกแม่แบบไปไว้ที่ DIR/templates เพื่อแก้ไขใน Word (ไม่เขียนทับ)

    Copy the bundled templates into DIR/templates to edit them in Word; never overwrites.
    itadocs build then uses them.

    Example: itadocs templates copy งานITA
    """
    def action() -> None:
        from .templates import copy_templates

        for path, copied in copy_templates(directory):
            if copied:
                out.print(say(lang, f"คัดลอกแล้ว: {path}", f"copied: {path}"))
            else:
                out.print(say(lang, f"มีอยู่แล้ว ไม่เขียนทับ: {path}", f"exists, left as it is: {path}"))

    run(action, debug, lang)


@templates_app.command("check")
def templates_check(
    path: Annotated[Optional[Path], typer.Argument(help="แม่แบบ .docx หรือโฟลเดอร์ / A template or a folder.")] = None,
    lang: LangOption = Lang.th,
    debug: DebugOption = False,
) -> None:
    """ตรวจแม่แบบก่อนสร้างเอกสาร: แท็กที่ถูกแบ่ง ตัวแปรที่ไม่รู้จัก และแท็กที่เขียนผิด

    Check templates before rendering: split tags, unknown variables, syntax errors.
    PATH defaults to ./templates when it exists, else the bundled templates.

    Example: itadocs templates check งานITA/templates
    """
    def action() -> None:
        from .render import PACKAGE_TEMPLATES, REPO_TEMPLATES
        from .templates import check_template, kind_of

        target = path or next((p for p in (Path("templates"), PACKAGE_TEMPLATES, REPO_TEMPLATES) if p.is_dir()))
        files = sorted(target.glob("*.docx")) if target.is_dir() else [target]
        files = [f for f in files if not f.name.startswith("~$")]
        if not files:
            raise UserError(say(lang, f"ไม่พบแม่แบบ .docx ใน {target}", f"No .docx template in {target}"))
        problems = [p for f in files for p in check_template(f, kind_of(f))]
        print_problems(problems, lang)
        if has_errors(problems):
            raise UserError(say(lang, "แม่แบบมีข้อผิดพลาด", "The templates have errors."))
        out.print(say(lang, f"[green]ตรวจแล้ว {len(files)} แม่แบบ ใช้ได้[/green]",
                      f"[green]{len(files)} templates checked, usable[/green]"))

    run(action, debug, lang)


@templates_app.command("docs")
def templates_docs(debug: DebugOption = False) -> None:
    """พิมพ์รายชื่อตัวแปรและตัวกรองที่แม่แบบใช้ได้ (Markdown)

    Print every variable and filter a template can use, as Markdown.

    Example: itadocs templates docs > docs/templates.md
    """
    def action() -> None:
        from .templates import variables_markdown

        sys.stdout.write(variables_markdown())

    run(action, debug, Lang.th)


@app.command()
def problems() -> None:
    """พิมพ์รายการรหัสปัญหาทั้งหมดพร้อมข้อความไทยและอังกฤษ (Markdown)

    Print every problem code with its Thai and English message, as Markdown.

    Example: itadocs problems > docs/problems.md
    """
    from .problems import problems_markdown

    sys.stdout.write(problems_markdown())


@app.command()
def version() -> None:
    """แสดงรุ่นของโปรแกรม / Show the version."""
    out.print(__version__)


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
