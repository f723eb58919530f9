"""The commands: each parses its options, calls the library once, and prints what it returns."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape

from .. import __version__
from ..messages import ItadocsError
from ..problems import has_errors
from ..report import NOT_RETURNED
from .app import (
    Command,
    DebugOption,
    DirArgument,
    DraftOption,
    FontOption,
    JsonOption,
    Lang,
    LangOption,
    OverwriteOption,
    PdfOption,
    RoundOption,
    _check_round,
    _lang,
    app,
    run,
)
from .console import (
    Wrapped,
    _status_table,
    err,
    out,
    print_notices,
    print_paths,
    print_problems,
    problems_table,
    warn,
    write_utf8,
)
from .texts import (
    ABSENT,
    ADDED,
    ANNOTATED,
    BATCH_DONE,
    BELOW_FLOOR,
    BESIDE_COUNT,
    BUILDING,
    CARRIED,
    COPIED,
    CREATED,
    CRITERIA_FALLBACK,
    CRITERIA_FILE_BAD,
    CRITERIA_SHEET_WRITTEN,
    DRAFT_WRITTEN,
    HISTORY_KEPT,
    KEPT,
    MEASURE_COUNT,
    MERGED_WRITTEN,
    NOT_INSTALLED,
    PDF_WRITTEN,
    REFRESHED,
    REMOVED,
    STATS,
    STATUS_DONE,
    SUMMARY_COLUMNS,
    SUMMARY_TITLE,
    TABLE_MIN_WIDTH,
    TEMPLATES_BAD,
    TEMPLATES_OK,
    VERSION_COLUMNS,
    WATCH_AGAIN,
    WATCH_ONE,
    WATCH_STOPPED,
    WATCHING,
    WRITTEN,
)

if TYPE_CHECKING:
    from ..api import BuildOptions


@app.command(cls=Command, short_help="สร้างไฟล์ Excel ของโครงการ / Create the workbooks")
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="โฟลเดอร์โครงการ / Project folder.")] = Path("."),
    org: Annotated[str, typer.Option("--org", metavar="NAME", help="ชื่อหน่วยงาน / Agency name.")] = "",
    district: Annotated[str, typer.Option(metavar="NAME", help="อำเภอ / District.")] = "",
    province: Annotated[str, typer.Option(metavar="NAME", help="จังหวัด / Province.")] = "",
    fiscal_year: Annotated[
        Optional[str],
        typer.Option("--fiscal-year", metavar="YEAR", help="ปีงบประมาณ พ.ศ. เช่น 2568 หรือ ๒๕๖๘ / Fiscal year (BE)."),
    ] = None,
    round: Annotated[int, typer.Option("--round", metavar="6|12", help="รอบรายงาน 6 หรือ 12 เดือน / Report round.")] = 6,
    division: Annotated[
        Optional[list[str]],
        typer.Option("--division", metavar="NAME", help="ชื่อส่วนงาน (ระบุได้หลายครั้ง) / Division, repeatable."),
    ] = None,
    from_: Annotated[
        Optional[Path],
        typer.Option(
            "--from", metavar="OLD", help="เริ่มจากโครงการปีก่อน (อ่านอย่างเดียว) / Start from an earlier project (only read)."
        ),
    ] = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """สร้างไฟล์ Excel ของผู้ประสานงานและของแต่ละส่วนงานใน DIR/inputs (ไม่เขียนทับไฟล์เดิม)

    Create the coordinator's and each division's workbook in DIR/inputs; never overwrites.
    On an existing project, each --division not listed yet is added to the agency workbook's
    list (its previous version is kept in DIR/history) and gets its blank workbook.
    With --from OLD, the new year starts from OLD: agency details, signers, divisions and
    each division's measures without the progress columns (OLD is only read).

    Example: itadocs init งานITA --org "เทศบาลตำบลตัวอย่าง" --district "เมือง" --province "ขอนแก่น"
    --fiscal-year 2568 --division "สำนักปลัด" --division "กองคลัง"      itadocs init ita2570 --from ita2569
    """
    lang = _lang(lang)
    _check_round(round, lang)

    def action() -> None:
        from ..api import init_project

        result = init_project(
            directory,
            agency=org,
            district=district,
            province=province,
            fiscal_year=fiscal_year,
            round=round,
            divisions=division,
            from_project=from_,
        )
        print_problems(list(result.warnings), lang)
        print_paths(KEPT, result.kept, lang)
        print_paths(CREATED, result.created, lang)
        for name in result.added:
            out.print(ADDED(lang.value, name=escape(name)))
        print_paths(REFRESHED, result.refreshed, lang)
        print_paths(HISTORY_KEPT, result.history, lang)
        if from_ is not None:
            out.print(CARRIED(lang.value, count=result.measures, path=escape(str(from_))))

    run(action, debug, lang)


def _print_build(result, lang: Lang, stop: bool = True) -> None:
    """What one project's build did: its problems, what was written (and where, when not under
    the usual name), who has not sent, then why it failed (exit code 1, unless not `stop`)."""
    print_problems(list(result.report.problems), lang)
    print_paths(ANNOTATED, result.report.annotated, lang)
    print_paths(REMOVED, result.report.removed, lang)
    print_paths(DRAFT_WRITTEN if result.draft else WRITTEN, result.documents, lang)
    if result.documents:
        out.print(MEASURE_COUNT(lang.value, measures=result.measures, divisions=result.divisions))
    print_paths(PDF_WRITTEN, result.pdfs, lang)
    for remark in result.remarks:
        warn(remark(lang.value))
    if result.failure:
        err.print(f"[red]{escape(result.failure(lang.value))}[/red]")
        if stop:
            raise typer.Exit(1)


@app.command(cls=Command, short_help="ตรวจ รวม และสร้างเอกสาร / Build the documents")
def build(
    directories: Annotated[
        Optional[list[Path]], typer.Argument(metavar="DIR", help="โฟลเดอร์โครงการ (ระบุได้หลายโฟลเดอร์) / Project folders.")
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="สร้างทุกโครงการในโฟลเดอร์ย่อยของ DIR / Build every project in DIR's sub-folders.")
    ] = False,
    round: RoundOption = None,
    font: FontOption = None,
    pdf: PdfOption = False,
    draft: DraftOption = False,
    overwrite: OverwriteOption = False,
    jobs: Annotated[
        Optional[int],
        typer.Option(
            "--jobs", "-j", min=1, metavar="N", help="จำนวนงานที่ทำพร้อมกัน / Parallel processes (default: cores)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="สรุปผลเป็น JSON (UTF-8) / Summary as JSON (UTF-8).")] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="สร้างใหม่ทุกครั้งที่ไฟล์ใน inputs หรือ templates เปลี่ยน (Ctrl+C เพื่อหยุด) / "
            "Build again whenever a file in inputs/ or templates/ changes (Ctrl+C stops).",
        ),
    ] = False,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """อ่านไฟล์ใน DIR/inputs ตรวจสอบ รวม และสร้างเอกสารมาตรการและรายงานของรอบใน DIR/output

    Read, check and merge the workbooks in DIR/inputs and write the measures document and
    the round's progress report to DIR/output. A document edited since it was written, or
    open in Word, is never replaced: the new one is written beside it (--overwrite replaces
    an edited one, keeping it in DIR/history). Several folders, or with --all every project
    inside a folder, are built in parallel with a summary at the end.

    Example: itadocs build งานITA --pdf      itadocs build จังหวัด --all --jobs 2      itadocs build งานITA --watch
    """
    lang = _lang(lang)
    _check_round(round, lang)

    def action() -> None:
        import os

        from ..api import BuildOptions
        from ..api import build as build_project
        from ..batch import find_projects

        projects = find_projects(directories or [Path(".")], every=every)
        options = BuildOptions(round=round, font=font, pdf=pdf, lang=lang.value, overwrite=overwrite, draft=draft)
        if watch:
            if len(projects) != 1 or as_json:
                raise ItadocsError(WATCH_ONE)
            _watch(projects[0], lang, options)
        elif len(projects) == 1 and not as_json:
            _print_build(build_project(projects[0], options), lang)
        else:
            _build_batch(projects, jobs or os.cpu_count() or 1, as_json, lang, options)

    run(action, debug, lang)


def _watch(root: Path, ui_lang: Lang, options: BuildOptions) -> None:
    """Build, then build again on every change of the inputs, until Ctrl+C."""
    from datetime import datetime

    from ..api import watch

    try:
        for number, result in enumerate(watch(root, options)):
            if number:
                out.rule(WATCH_AGAIN(ui_lang.value, time=datetime.now().strftime("%H:%M:%S")))
            _print_build(result, ui_lang, stop=False)
            out.print(WATCHING(ui_lang.value, path=escape(str(root))))
    except KeyboardInterrupt:
        out.print(WATCH_STOPPED(ui_lang.value))


def _build_batch(projects: list[Path], jobs: int, as_json: bool, ui_lang: Lang, options: BuildOptions) -> None:
    """Build many projects with a progress bar and a summary table; exit 1 if any failed.
    The summary (or the JSON) is printed whatever happened to each agency."""
    import json

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from ..batch import build_many

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=as_json,
    ) as progress:
        task = progress.add_task(BUILDING(ui_lang.value), total=len(projects))
        results = build_many(projects, jobs, options, on_done=lambda _: progress.advance(task))
    failed = [r for r in results if not r.ok]
    if as_json:
        write_utf8(
            json.dumps({"ok": not failed, "projects": [r.as_dict() for r in results]}, ensure_ascii=False, indent=2)
            + "\n"
        )
    else:
        table = Table(title=SUMMARY_TITLE(ui_lang.value), show_lines=False)
        for title in SUMMARY_COLUMNS:
            table.add_column(title(ui_lang.value))
        for r in results:
            if r.failure:
                note = Wrapped(r.failure.splitlines()[0], "red")
            else:
                lines = [BESIDE_COUNT(ui_lang.value, count=len(r.notices))] if r.notices else []
                if r.not_returned:
                    names = ", ".join(r.not_returned)
                    lines.append(NOT_RETURNED(ui_lang.value, count=len(r.not_returned), names=names))
                note = Wrapped("\n".join(lines), "yellow")
            table.add_row(
                Wrapped(r.agency),
                Wrapped(Path(r.project).name),
                str(len(r.documents) + len(r.pdfs)),
                str(r.errors),
                str(r.warnings),
                f"{r.seconds:.2f}",
                note,
            )
        out.print(table)
        out.print(BATCH_DONE(ui_lang.value, ok=len(results) - len(failed), total=len(results)))
    if failed:
        raise typer.Exit(1)


@app.command(cls=Command, short_help="ตรวจไฟล์และแสดงปัญหา / Check the workbooks")
def validate(
    directory: DirArgument = Path("."),
    round: RoundOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """ตรวจไฟล์ทั้งหมดใน DIR/inputs แสดงตารางปัญหา และเขียนสำเนาที่ทำเครื่องหมายไว้ใน DIR/output

    Check every workbook in DIR/inputs, print the problems, and write an annotated copy of each
    workbook with problems to DIR/output (the originals are never changed); copies of workbooks
    whose problems are gone are removed. Exit 1 on errors.

    Example: itadocs validate งานITA --lang en
    """
    lang = _lang(lang)
    _check_round(round, lang)

    def action() -> None:
        import json

        from ..api import check

        report = check(directory, round, lang=lang.value)
        if as_json:
            write_utf8(json.dumps(report.as_dict(lang.value), ensure_ascii=False, indent=2) + "\n")
        else:
            if report.problems and out.width >= TABLE_MIN_WIDTH:
                out.print(problems_table(list(report.problems), lang))
            else:
                print_problems(list(report.problems), lang, out)
            print_paths(ANNOTATED, report.annotated, lang)
            print_paths(REMOVED, report.removed, lang)
            print_notices(report.outputs, lang)
            out.print(STATS(lang.value, **report.summary()))
            if report.not_returned_note is not None:
                warn(report.not_returned_note(lang.value))
        if not report.ok:
            raise typer.Exit(1)

    run(action, debug, lang)


@app.command(cls=Command, short_help="ส่วนงานใดส่งแล้ว / Who has sent")
def status(
    directory: DirArgument = Path("."),
    round: RoundOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """ตารางสถานะของแต่ละส่วนงาน: ส่งแล้วหรือยัง มาตรการ ข้อผิดพลาด คำเตือน และผลการดำเนินการที่กรอกแล้วของรอบ

    Where each division stands: returned or not (a workbook still blank as init wrote it is
    not returned), when it was saved, measures, errors, warnings, and the round's progress
    cells filled. Nothing is written.

    Example: itadocs status งานITA
    """
    lang = _lang(lang)
    _check_round(round, lang)

    def action() -> None:
        import json

        from ..api import status as project_status

        result = project_status(directory, round)
        if as_json:
            write_utf8(json.dumps(result.as_dict(lang.value), ensure_ascii=False, indent=2) + "\n")
            return
        out.print(_status_table(result, lang))
        out.print(STATUS_DONE(lang.value, returned=len(result.returned), total=len(result.divisions)))
        if result.not_returned:
            names = ", ".join(d.division for d in result.not_returned)
            warn(NOT_RETURNED(lang.value, count=len(result.not_returned), names=names), out)

    run(action, debug, lang)


@app.command(cls=Command, short_help="รวมมาตรการเป็นไฟล์ Excel เดียว / Merge into one workbook")
def merge(
    directory: DirArgument = Path("."),
    round: RoundOption = None,
    overwrite: OverwriteOption = False,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """รวมมาตรการของทุกส่วนงานเป็นไฟล์ Excel เดียวใน DIR/output (ระบุส่วนงาน ไฟล์ และแถวต้นทาง)

    Write the merged workbook of all divisions to DIR/output, with the division, source file
    and row of every measure: the data the documents are rendered from.

    Example: itadocs merge งานITA
    """
    lang = _lang(lang)
    _check_round(round, lang)

    def action() -> None:
        from ..api import merge as merge_project

        result = merge_project(directory, round, lang=lang.value, overwrite=overwrite)
        print_problems(list(result.report.problems), lang)
        print_paths(ANNOTATED, result.report.annotated, lang)
        print_notices([*result.report.outputs, *([result.written] if result.written else [])], lang)
        if result.failure:
            err.print(f"[red]{escape(result.failure(lang.value))}[/red]")
            raise typer.Exit(1)
        out.print(MERGED_WRITTEN(lang.value, path=escape(str(result.path)), count=result.measures))

    run(action, debug, lang)


class DocumentChoice(StrEnum):
    measures = "measures"
    progress_6 = "progress-6"
    progress_12 = "progress-12"


@app.command(cls=Command, short_help="สร้างเอกสารที่เลือก / Write chosen documents")
def render(
    directory: DirArgument = Path("."),
    document: Annotated[
        Optional[list[DocumentChoice]],
        typer.Option(
            "--document",
            "-d",
            metavar="DOC",
            help="measures, progress-6 หรือ progress-12 (ระบุได้หลายครั้ง) / Document to write, repeatable.",
        ),
    ] = None,
    round: RoundOption = None,
    font: FontOption = None,
    pdf: PdfOption = False,
    draft: DraftOption = False,
    overwrite: OverwriteOption = False,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """สร้างเอกสารที่เลือก (measures, progress-6, progress-12) ไม่ว่ารอบใด

    Write the chosen documents whatever the round, e.g. both progress reports.

    Example: itadocs render งานITA -d progress-6 -d progress-12 --pdf
    """
    lang = _lang(lang)
    _check_round(round, lang)

    def action() -> None:
        from ..api import BuildOptions
        from ..api import build as build_project

        documents = tuple(d.value for d in document) if document else None
        options = BuildOptions(
            round=round, documents=documents, font=font, pdf=pdf, lang=lang.value, overwrite=overwrite, draft=draft
        )
        _print_build(build_project(directory, options), lang)

    run(action, debug, lang)


templates_app = typer.Typer(help="แม่แบบเอกสาร Word / The Word templates.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(templates_app, name="templates", short_help="แม่แบบเอกสาร Word / The Word templates")


@templates_app.command("copy", cls=Command, short_help="คัดลอกแม่แบบมาแก้ไข / Copy the templates to edit")
def templates_copy(
    directory: DirArgument = Path("."),
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """คัดลอกแม่แบบไปไว้ที่ DIR/templates เพื่อแก้ไขใน Word (ไม่เขียนทับ)

    Copy the bundled templates into DIR/templates to edit them in Word; never overwrites.
    itadocs build then uses them.

    Example: itadocs templates copy งานITA
    """
    lang = _lang(lang)

    def action() -> None:
        from ..word.templates import copy_templates

        for path, copied in copy_templates(directory):
            out.print((COPIED if copied else KEPT)(lang.value, path=escape(str(path))))

    run(action, debug, lang)


@templates_app.command("check", cls=Command, short_help="ตรวจแม่แบบ / Check templates")
def templates_check(
    path: Annotated[
        Optional[Path], typer.Argument(metavar="PATH", help="แม่แบบ .docx หรือโฟลเดอร์ / A template or a folder.")
    ] = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """ตรวจแม่แบบก่อนสร้างเอกสาร: แท็กที่ถูกแบ่ง ตัวแปรที่ไม่รู้จัก และแท็กที่เขียนผิด

    Check templates before rendering: split tags, unknown variables, syntax errors.
    PATH defaults to ./templates when it exists, else the bundled templates.

    Example: itadocs templates check งานITA/templates
    """
    lang = _lang(lang)

    def action() -> None:
        from ..word.templates import check_templates

        files, problems = check_templates(path)
        print_problems(problems, lang)
        if any(p.is_error for p in problems):
            raise ItadocsError(TEMPLATES_BAD)
        out.print(TEMPLATES_OK(lang.value, count=len(files)))

    run(action, debug, lang)


@templates_app.command("docs", cls=Command, short_help="รายชื่อตัวแปรของแม่แบบ / Template variables")
def templates_docs(debug: DebugOption = False) -> None:
    """พิมพ์รายชื่อตัวแปรและตัวกรองที่แม่แบบใช้ได้ (Markdown)

    Print every variable and filter a template can use, as Markdown.

    Example: itadocs templates docs > docs/templates.md
    """

    def action() -> None:
        from ..word.templates import variables_markdown

        write_utf8(variables_markdown())

    run(action, debug, Lang.th)


@app.command(cls=Command, short_help="เกณฑ์ ITA ของปี / The year's ITA criteria")
def criteria(
    year: Annotated[
        Optional[str],
        typer.Argument(
            metavar="YEAR", help="ปีงบประมาณของเอกสาร พ.ศ. (ว่าง = ปีปัจจุบัน) / Fiscal year of the documents (BE)."
        ),
    ] = None,
    criteria_set: Annotated[
        str, typer.Option("--set", metavar="SET", help="ชุดเกณฑ์ของหน่วยงานประเภทอื่น / Another agency type's criteria set.")
    ] = "",
    as_json: JsonOption = False,
    all_years: Annotated[
        bool, typer.Option("--all", help="ทุกปีที่มีข้อมูล (Markdown สำหรับ docs/criteria.md) / Every bundled year.")
    ] = False,
    file: Annotated[
        Optional[Path],
        typer.Option(
            "--file",
            metavar="FILE",
            help="ตรวจไฟล์เกณฑ์ (.json หรือ .xlsx) ที่จะนำมาใช้ / Check a criteria file (.json or .xlsx) to bring in.",
        ),
    ] = None,
    sheet: Annotated[
        Optional[Path],
        typer.Option(
            "--sheet",
            metavar="FILE.xlsx",
            help="เขียนเกณฑ์ของปีเป็นไฟล์ Excel เพื่อแก้ไข / Write the year's criteria as a workbook to correct.",
        ),
    ] = None,
    project: Annotated[
        Optional[Path],
        typer.Option(
            "--project",
            metavar="DIR",
            help="เกณฑ์ที่โครงการนี้ใช้ (รวมไฟล์ในโฟลเดอร์ criteria) / The criteria this "
            "project uses (its criteria folders too).",
        ),
    ] = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """แสดงเกณฑ์ ITA ที่โปรแกรมใช้กับเอกสารของปีงบประมาณ: เครื่องมือ น้ำหนัก ตัวชี้วัด ข้อคำถาม ระดับผลการประเมิน
    และความแน่นอนของข้อมูลแต่ละส่วน เกณฑ์ที่แก้แล้วนำมาใช้ได้โดยไม่ต้องรอโปรแกรมรุ่นใหม่ (ดู README)

    Show the ITA criteria the program uses for a fiscal year's documents (which analyse the
    results of the year before): tools, weights, indicators, question codes, result scale,
    and how certain each part is.  Corrected criteria are brought in as a file placed in a
    criteria folder, without a new release (see the README).

    Example: itadocs criteria 2570        itadocs criteria 2570 --sheet เกณฑ์2570.xlsx
    """
    lang = _lang(lang)

    def action() -> None:
        import json

        from ..api import check_criteria, criteria_workbook
        from ..criteria import as_dict, describe, reference_markdown

        if all_years:
            write_utf8(reference_markdown())
            return
        if sheet is not None:
            written = criteria_workbook(sheet, year, criteria_set=criteria_set, project=project)
            out.print(CRITERIA_SHEET_WRITTEN(lang.value, path=escape(str(written))))
            return
        found, problems = check_criteria(year, criteria_set=criteria_set, project=project, file=file)
        print_problems(problems, lang)
        if file is not None and has_errors(problems):
            raise ItadocsError(CRITERIA_FILE_BAD)
        if found.fallback:
            warn(CRITERIA_FALLBACK(lang.value, year=found.requested_year, wanted=found.wanted_file, used=found.label))
        write_utf8(json.dumps(as_dict(found), ensure_ascii=False, indent=2) + "\n" if as_json else describe(found))
        if has_errors(problems):
            raise typer.Exit(1)

    run(action, debug, lang)


@app.command(cls=Command, short_help="รายการรหัสปัญหา / Problem codes")
def problems() -> None:
    """พิมพ์รายการรหัสปัญหาทั้งหมดพร้อมข้อความไทยและอังกฤษ (Markdown)

    Print every problem code with its Thai and English message, as Markdown.

    Example: itadocs problems > docs/problems.md
    """
    from ..problems import problems_markdown

    write_utf8(problems_markdown())


@app.command(cls=Command, short_help="รุ่นของโปรแกรม / Version")
def version(
    every: Annotated[
        bool, typer.Option("--all", help="ทุกชุดโปรแกรมที่ติดตั้งพร้อมรุ่น / Everything installed, with versions.")
    ] = False,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """แสดงรุ่นของโปรแกรม (--all: ทุกชุดโปรแกรมที่ itadocs ใช้ พร้อมรุ่นขั้นต่ำ และโปรแกรมภายนอก)

    Show the version of itadocs; --all lists every package it needs as installed, with the
    floor it must not be below, then Python, the system, LibreOffice and pdftoppm.

    Example: itadocs version        itadocs version --all --json
    """
    if not every and not as_json:
        out.print(__version__)
        return
    _print_versions(_lang(lang), every, as_json)


def _print_versions(lang: Lang, every: bool, as_json: bool) -> None:
    import json

    from rich.table import Table

    from ..versions import installed, programs

    packages = installed(dependencies=every)
    tools = programs() if every else {}
    if as_json:
        data = {
            "packages": [
                {
                    "name": p.name,
                    "version": p.version,
                    "floor": p.floor,
                    "needed_by": p.needed_by,
                    "below_floor": p.below_floor,
                }
                for p in packages
            ],
            "programs": tools,
        }
        write_utf8(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(*(c(lang.value) for c in VERSION_COLUMNS), box=None)
    for p in packages:
        shown = p.version or f"[red]{NOT_INSTALLED(lang.value)}[/red]"
        if p.below_floor:
            shown = f"[red]{p.version} ({BELOW_FLOOR(lang.value)})[/red]"
        table.add_row(escape(p.name), shown, escape(p.floor), escape(p.needed_by))
    out.print(table)
    for name, value in tools.items():
        out.print(f"{name}: {escape(value) if value else ABSENT(lang.value)}")
