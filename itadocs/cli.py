"""The itadocs command line: each command parses its options, calls the library once, prints.

Messages are Thai first (--lang en for English).  A problem the user can fix is a
message and exit code 1, never a traceback; --debug shows the traceback of a bug.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from .messages import ItadocsError, Message
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


class Lang(StrEnum):
    th = "th"
    en = "en"


LangOption = Annotated[Lang, typer.Option("--lang", help="ภาษาของข้อความ th/en / Message language.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="แสดง traceback เมื่อเกิดข้อผิดพลาด / Show tracebacks.")]
RoundOption = Annotated[Optional[int], typer.Option(
    "--round", help="รอบรายงาน 6 หรือ 12 (แทนค่าในไฟล์) / Overrides the round.")]
FontOption = Annotated[Optional[str], typer.Option(help="แบบอักษรของเอกสาร / Document font.")]
PdfOption = Annotated[bool, typer.Option("--pdf", help="สร้าง PDF ด้วย LibreOffice ด้วย / Also write PDF (LibreOffice).")]
DirArgument = Annotated[Path, typer.Argument(help="โฟลเดอร์โครงการ (มีโฟลเดอร์ inputs) / Project folder.")]

# What the commands print, beside the problems themselves.
ERROR, WARNING = Message("ข้อผิดพลาด", "error"), Message("คำเตือน", "warning")
FOUND = Message("ค่าที่พบ", "found")
INTERNAL = Message("เกิดข้อผิดพลาดภายในโปรแกรม", "Internal error")
RETRY_DEBUG = Message("เรียกคำสั่งเดิมพร้อม --debug เพื่อดูรายละเอียด", "Run again with --debug for details.")
CREATED = Message("สร้างแล้ว: {path}", "created: {path}")
KEPT = Message("มีอยู่แล้ว ไม่เขียนทับ: {path}", "exists, left as it is: {path}")
COPIED = Message("คัดลอกแล้ว: {path}", "copied: {path}")
ANNOTATED = Message("ไฟล์ที่ทำเครื่องหมายปัญหาไว้: {path}", "annotated copy: {path}")
WRITTEN = Message("[green]เขียนเอกสารแล้ว:[/green] {path}", "[green]written:[/green] {path}")
PDF_WRITTEN = Message("[green]เขียน PDF แล้ว:[/green] {path}", "[green]PDF written:[/green] {path}")
MERGED_WRITTEN = Message("[green]เขียนไฟล์รวมแล้ว:[/green] {path} ({count} มาตรการ)",
                         "[green]written:[/green] {path} ({count} measures)")
MEASURE_COUNT = Message("มาตรการ {measures} รายการ จาก {divisions} ส่วนงาน",
                        "{measures} measures from {divisions} divisions")
STATS = Message("ส่วนงาน {division_workbooks} ไฟล์ แถวข้อมูล {rows} แถว มาตรการที่ใช้ได้ {measures} "
                "ข้อผิดพลาด {errors} คำเตือน {warnings}",
                "{division_workbooks} division workbooks, {rows} rows, {measures} measures usable, "
                "{errors} errors, {warnings} warnings")
PROBLEMS_TITLE = Message("ปัญหาที่พบ", "Problems found")
COLUMNS = (Message("ระดับ", "Severity"), Message("ไฟล์", "File"), Message("แผ่นงาน", "Sheet"),
           Message("เซลล์", "Cell"), Message("คอลัมน์", "Column"), Message("ค่าที่พบ", "Value"),
           Message("ข้อความ", "Message"))
BUILDING = Message("กำลังสร้างเอกสาร", "building")
SUMMARY_TITLE = Message("สรุปการสร้างเอกสาร", "Build summary")
SUMMARY_COLUMNS = (Message("หน่วยงาน", "Agency"), Message("โฟลเดอร์", "Folder"), Message("เอกสาร", "Documents"),
                   Message("ข้อผิดพลาด", "Errors"), Message("คำเตือน", "Warnings"),
                   Message("เวลา (วินาที)", "Time (s)"), Message("หมายเหตุ", "Note"))
BATCH_DONE = Message("สำเร็จ {ok} จาก {total} หน่วยงาน", "{ok} of {total} agencies built")
NO_TEMPLATE = Message("ไม่พบแม่แบบ .docx ใน {path}", "No .docx template in {path}")
TEMPLATES_BAD = Message("แม่แบบมีข้อผิดพลาด", "The templates have errors.")
TEMPLATES_OK = Message("[green]ตรวจแล้ว {count} แม่แบบ ใช้ได้[/green]", "[green]{count} templates checked, usable[/green]")


def print_problems(problems: list[Problem], lang: Lang) -> None:
    """One block per problem: where (file › sheet › cell, column), the value, then what to do."""
    for p in problems:
        is_error = p.severity is Severity.ERROR
        level = (ERROR if is_error else WARNING)(lang.value)
        color = "red" if is_error else "yellow"
        where = " › ".join(part for part in (p.file, p.sheet, p.cell) if part)
        if p.column:
            where += f" ({p.column})"
        value = f' {FOUND(lang.value)} "{p.value[:80]}"' if p.value else ""
        err.print(f"[{color}]{level}[/{color}] {escape(f'[{p.code}]')} {escape(where)}{escape(value)}")
        err.print(f"    {escape(p.message(lang.value))}")


def problems_table(problems: list[Problem], lang: Lang) -> Table:
    table = Table(title=PROBLEMS_TITLE(lang.value), show_lines=True, expand=True)
    for title, ratio in zip(COLUMNS, (1, 2, 1, 1, 2, 2, 5), strict=False):
        table.add_column(title(lang.value), ratio=ratio, overflow="fold")
    for p in problems:
        is_error = p.severity is Severity.ERROR
        level = (ERROR if is_error else WARNING)(lang.value)
        table.add_row(f"[{'red' if is_error else 'yellow'}]{level}[/]", *map(escape, (
            p.file, p.sheet, p.cell, p.column, p.value[:80], f"{p.message(lang.value)} [{p.code}]")))
    return table


def print_paths(message: Message, paths, lang: Lang) -> None:
    for path in paths:
        out.print(message(lang.value, path=escape(str(path))))


def run(action: Callable[[], None], debug: bool, lang: Lang) -> None:
    """Call the library; turn what the user can fix into a message and exit code 1."""
    from .api import ProjectHasErrors

    try:
        action()
    except ProjectHasErrors as exc:
        print_problems(list(exc.report.problems), lang)
        print_paths(ANNOTATED, exc.report.annotated, lang)
        err.print(f"[red]{escape(exc.text(lang.value))}[/red]")
        raise typer.Exit(1) from None
    except ItadocsError as exc:
        err.print(f"[red]{escape(exc.text(lang.value))}[/red]")
        raise typer.Exit(1) from None
    except typer.Exit:
        raise
    except Exception as exc:
        if debug:
            raise
        err.print(f"[red]{INTERNAL(lang.value)}: {escape(f'{type(exc).__name__}: {exc}')}[/red]")
        err.print(RETRY_DEBUG(lang.value))
        raise typer.Exit(2) from None


def _check_round(round_: int | None, lang: Lang) -> None:
    from .api import ROUND_INVALID, ROUNDS

    if round_ not in (None, *ROUNDS):
        raise typer.BadParameter(ROUND_INVALID(lang.value, value=round_), param_hint="--round")


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="โฟลเดอร์โครงการ / Project folder.")] = Path("."),
    org: Annotated[str, typer.Option("--org", help="ชื่อหน่วยงาน / Agency name.")] = "",
    district: Annotated[str, typer.Option(help="อำเภอ / District.")] = "",
    province: Annotated[str, typer.Option(help="จังหวัด / Province.")] = "",
    fiscal_year: Annotated[Optional[int], typer.Option(
        "--fiscal-year", help="ปีงบประมาณ พ.ศ. / Fiscal year (BE).")] = None,
    round_: Annotated[int, typer.Option("--round", help="รอบรายงาน 6 หรือ 12 เดือน / Report round.")] = 6,
    division: Annotated[Optional[list[str]], typer.Option(
        "--division", help="ชื่อส่วนงาน (ระบุได้หลายครั้ง) / Division, repeatable.")] = None,
    lang: LangOption = Lang.th,
    debug: DebugOption = False,
) -> None:
    """สร้างไฟล์ Excel ของผู้ประสานงานและของแต่ละส่วนงานใน DIR/inputs (ไม่เขียนทับไฟล์เดิม)

    Create the coordinator's and each division's workbook in DIR/inputs; never overwrites.

    Example: itadocs init งานITA --org "เทศบาลตำบลตัวอย่าง" --district "เมือง" --province "ขอนแก่น"
    --fiscal-year 2568 --division "สำนักปลัด" --division "กองคลัง"
    """
    _check_round(round_, lang)

    def action() -> None:
        from .api import DEFAULT_DIVISIONS, init_project

        result = init_project(directory, agency=org, district=district, province=province,
                              fiscal_year=fiscal_year, round=round_, divisions=division or DEFAULT_DIVISIONS)
        print_paths(KEPT, result.kept, lang)
        print_paths(CREATED, result.created, lang)

    run(action, debug, lang)


def _print_build(result, lang: Lang) -> None:
    """What one project's build did: its problems, then what was written, then why it failed."""
    print_problems(list(result.report.problems), lang)
    print_paths(ANNOTATED, result.report.annotated, lang)
    print_paths(WRITTEN, result.documents, lang)
    if result.documents:
        out.print(MEASURE_COUNT(lang.value, measures=result.measures, divisions=result.divisions))
    print_paths(PDF_WRITTEN, result.pdfs, lang)
    if result.failure:
        err.print(f"[red]{escape(result.failure(lang.value))}[/red]")
        raise typer.Exit(1)


@app.command()
def build(
    directories: Annotated[Optional[list[Path]], typer.Argument(
        help="โฟลเดอร์โครงการ หรือโฟลเดอร์ที่มีหลายโครงการ / Project folders, or a folder of projects.")] = None,
    round_: RoundOption = None,
    font: FontOption = None,
    pdf: PdfOption = False,
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", min=1, help="จำนวนงานที่ทำพร้อมกัน / Parallel processes (default: cores).")] = None,
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
        import os

        from .api import build as build_project
        from .batch import find_projects

        projects = find_projects(directories or [Path(".")])
        if len(projects) == 1 and not as_json:
            _print_build(build_project(projects[0], round=round_, font=font, pdf=pdf, lang=lang.value), lang)
        else:
            _build_batch(projects, jobs or os.cpu_count() or 1, as_json, lang,
                         round_months=round_, font=font, pdf=pdf, lang=lang.value)

    run(action, debug, lang)


def _build_batch(projects: list[Path], jobs: int, as_json: bool, ui_lang: Lang, **options) -> None:
    """Build many projects with a progress bar and a summary table; exit 1 if any failed."""
    import json

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .batch import build_many

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=as_json) as progress:
        task = progress.add_task(BUILDING(ui_lang.value), total=len(projects))
        results = build_many(projects, jobs, on_done=lambda _: progress.advance(task), **options)
    failed = [r for r in results if not r.ok]
    if as_json:
        sys.stdout.write(json.dumps({"ok": not failed, "projects": [r.as_dict() for r in results]},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        table = Table(title=SUMMARY_TITLE(ui_lang.value), show_lines=False)
        for title in SUMMARY_COLUMNS:
            table.add_column(title(ui_lang.value), overflow="fold")
        for r in results:
            note = f"[red]{escape(r.failure.splitlines()[0])}[/red]" if r.failure else ""
            table.add_row(escape(r.agency), escape(Path(r.project).name), str(len(r.documents) + len(r.pdfs)),
                          str(r.errors), str(r.warnings), f"{r.seconds:.2f}", note)
        out.print(table)
        out.print(BATCH_DONE(ui_lang.value, ok=len(results) - len(failed), total=len(results)))
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

        from .api import check

        report = check(directory, round_, lang=lang.value)
        if as_json:
            sys.stdout.write(json.dumps(report.as_dict(lang.value), ensure_ascii=False, indent=2) + "\n")
        else:
            if report.problems:
                out.print(problems_table(list(report.problems), lang))
            print_paths(ANNOTATED, report.annotated, lang)
            out.print(STATS(lang.value, **report.summary()))
        if not report.ok:
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
        from .api import merge as merge_project

        result = merge_project(directory, round_, lang=lang.value)
        print_problems(list(result.report.problems), lang)
        out.print(MERGED_WRITTEN(lang.value, path=escape(str(result.path)), count=result.measures))

    run(action, debug, lang)


class DocumentChoice(StrEnum):
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
        from .api import build as build_project

        documents = [d.value for d in document] if document else None
        _print_build(build_project(directory, round=round_, documents=documents, font=font, pdf=pdf,
                                   lang=lang.value), lang)

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
            out.print((COPIED if copied else KEPT)(lang.value, path=escape(str(path))))

    run(action, debug, lang)


@templates_app.command("check")
def templates_check(
    path: Annotated[Optional[Path], typer.Argument(
        help="แม่แบบ .docx หรือโฟลเดอร์ / A template or a folder.")] = None,
    lang: LangOption = Lang.th,
    debug: DebugOption = False,
) -> None:
    """ตรวจแม่แบบก่อนสร้างเอกสาร: แท็กที่ถูกแบ่ง ตัวแปรที่ไม่รู้จัก และแท็กที่เขียนผิด

    Check templates before rendering: split tags, unknown variables, syntax errors.
    PATH defaults to ./templates when it exists, else the bundled templates.

    Example: itadocs templates check งานITA/templates
    """
    def action() -> None:
        from .paths import TEMPLATES
        from .render import bundled_templates_dir
        from .templates import check_template, kind_of

        target = path or (Path(TEMPLATES) if Path(TEMPLATES).is_dir() else bundled_templates_dir())
        files = sorted(target.glob("*.docx")) if target.is_dir() else [target]
        files = [f for f in files if not f.name.startswith("~$")]
        if not files:
            raise ItadocsError(NO_TEMPLATE, path=target)
        problems = [p for f in files for p in check_template(f, kind_of(f))]
        print_problems(problems, lang)
        if has_errors(problems):
            raise ItadocsError(TEMPLATES_BAD)
        out.print(TEMPLATES_OK(lang.value, count=len(files)))

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
    main()
