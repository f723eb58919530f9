"""The itadocs command line: each command parses its options, calls the library once, prints.

Messages are Thai first (--lang en for English, before or after the command, or
ITADOCS_LANG=en).  A problem the user can fix is a message and exit code 1, never a
traceback; --debug shows the traceback of a bug (exit code 2).

Output never fails on an encoding: a Thai Windows console redirected to a file uses
cp874, which has no '›' and no zero-width space, so the streams replace what they cannot
encode, and what is meant for files and scripts (--json, Markdown) is written as UTF-8.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__
from .messages import ItadocsError, Message
from .problems import Problem, Severity, has_errors

if TYPE_CHECKING:
    from rich.measure import Measurement
    from rich.table import Table

APP_HELP = ("สร้างเอกสาร ITA (มาตรการและรายงานผลการดำเนินการ) จากไฟล์ Excel ของส่วนงาน / "
            "Make the Thai ITA documents from the divisions' Excel workbooks.")
class Command(typer.core.TyperCommand):
    """Help that names an argument by its metavar alone ('DIR', not 'DIR <list[Path]>')."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, typer.core.TyperArgument):  # typer 0.29 adds the type; 0.28 shows DIR alone
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign,attr-defined,unused-ignore]


app = typer.Typer(help=APP_HELP, add_completion=False, rich_markup_mode=None)
# soft_wrap: long lines (Thai paths, messages) are left to the terminal, never cut by rich.
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Lang(StrEnum):
    th = "th"
    en = "en"


_session: dict[str, Lang] = {"lang": Lang.th}  # --lang given before the command


def safe_streams() -> None:
    """Never fail on an encoding: a character the console cannot show is printed as '?'."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or unusual stream: leave it
                reconfigure(errors="replace")


def write_utf8(text: str) -> None:
    """Text for files and scripts (JSON, Markdown): UTF-8 whatever the console's encoding."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _arrow(console: Console) -> str:
    """The separator between file, sheet and cell: '›' where the console can show it."""
    try:
        "›".encode(console.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return " > "
    return " › "


LangOption = Annotated[Optional[Lang], typer.Option(
    "--lang", metavar="th|en", help="ภาษาของข้อความ th/en / Message language (default th).")]
DebugOption = Annotated[bool, typer.Option("--debug", help="แสดง traceback เมื่อเกิดข้อผิดพลาด / Show tracebacks.")]
RoundOption = Annotated[Optional[int], typer.Option(
    "--round", metavar="6|12", help="รอบรายงาน 6 หรือ 12 (แทนค่าในไฟล์) / Overrides the round.")]
FontOption = Annotated[Optional[str], typer.Option(metavar="FONT", help="แบบอักษรของเอกสาร / Document font.")]
PdfOption = Annotated[bool, typer.Option("--pdf", help="สร้าง PDF ด้วย LibreOffice ด้วย / Also write PDF (LibreOffice).")]
OverwriteOption = Annotated[bool, typer.Option(
    "--overwrite", help="เขียนทับไฟล์ที่ถูกแก้ไขหลังสร้าง (เก็บฉบับเดิมไว้ใน history) / "
                        "Replace files edited since they were written (the old ones go to history/).")]
DraftOption = Annotated[bool, typer.Option(
    "--draft", help="ฉบับร่าง: เว้นแถวที่มีข้อผิดพลาดไว้และแสดงรายการท้ายเอกสาร / "
                    "Draft: leave out the rows with errors and list them at the end.")]
JsonOption = Annotated[bool, typer.Option("--json", help="พิมพ์ผลเป็น JSON (UTF-8) / Print JSON (UTF-8).")]
DirArgument = Annotated[Path, typer.Argument(metavar="DIR", help="โฟลเดอร์โครงการ (มีโฟลเดอร์ inputs) / Project folder.")]

# What the commands print, beside the problems themselves.
ERROR, WARNING = Message("ข้อผิดพลาด", "error"), Message("คำเตือน", "warning")
FOUND = Message("ค่าที่พบ", "found")
INTERNAL = Message("เกิดข้อผิดพลาดภายในโปรแกรม", "Internal error")
RETRY_DEBUG = Message("เรียกคำสั่งเดิมพร้อม --debug เพื่อดูรายละเอียด", "Run again with --debug for details.")
INTERRUPTED = Message("หยุดแล้ว ไฟล์ที่ยังเขียนไม่เสร็จไม่ถูกเก็บไว้ ไฟล์เดิมยังอยู่ครบ",
                      "Stopped; nothing half-written was kept and the previous files are as they were.")
CREATED = Message("สร้างแล้ว: {path}", "created: {path}")
KEPT = Message("มีอยู่แล้ว ไม่เขียนทับ: {path}", "exists, left as it is: {path}")
ADDED = Message("เพิ่มในรายชื่อส่วนงานของไฟล์ข้อมูลหน่วยงานแล้ว: {name}", "added to the agency's list of divisions: {name}")
HISTORY_KEPT = Message("เก็บไฟล์เดิมไว้ที่: {path}", "the previous version is kept in: {path}")
CARRIED = Message("ยกมาตรการมาจาก {path} {count} รายการ (ไม่รวมผลการดำเนินการ)",
                  "{count} measures carried from {path} (without their progress)")
COPIED = Message("คัดลอกแล้ว: {path}", "copied: {path}")
ANNOTATED = Message("ไฟล์ที่ทำเครื่องหมายปัญหาไว้: {path}", "annotated copy: {path}")
REMOVED = Message("ลบสำเนาตรวจสอบที่ไม่มีปัญหาแล้ว: {path}", "removed the annotated copy, its problems are gone: {path}")
WRITTEN = Message("[green]เขียนเอกสารแล้ว:[/green] {path}", "[green]written:[/green] {path}")
DRAFT_WRITTEN = Message("[yellow]เขียนฉบับร่างแล้ว:[/yellow] {path}", "[yellow]draft written:[/yellow] {path}")
PDF_WRITTEN = Message("[green]เขียน PDF แล้ว:[/green] {path}", "[green]PDF written:[/green] {path}")
MERGED_WRITTEN = Message("[green]เขียนไฟล์รวมแล้ว:[/green] {path} ({count} มาตรการ)",
                         "[green]written:[/green] {path} ({count} measures)")
MEASURE_COUNT = Message("มาตรการ {measures} รายการ จาก {divisions} ส่วนงาน",
                        "{measures} measures from {divisions} divisions")
NOT_RETURNED = Message("ยังไม่ได้ส่งมาตรการ {count} ส่วนงาน: {names} (เอกสารไม่มีมาตรการของส่วนงานเหล่านี้)",
                       "Divisions that have not sent their measures ({count}): {names} (the documents lack them)")
BESIDE_COUNT = Message("{count} ไฟล์เขียนเป็นฉบับใหม่ไว้ข้างไฟล์ที่ถูกแก้ไขหรือเปิดอยู่ (ฉบับใหม่)",
                       "{count} files written beside an edited or open one (ฉบับใหม่)")
STATS = Message("ส่วนงาน {division_workbooks} ไฟล์ แถวข้อมูล {rows} แถว มาตรการที่ใช้ได้ {measures} "
                "ข้อผิดพลาด {errors} คำเตือน {warnings}",
                "{division_workbooks} division workbooks, {rows} rows, {measures} measures usable, "
                "{errors} errors, {warnings} warnings")
PROBLEMS_TITLE = Message("ปัญหาที่พบ", "Problems found")
COLUMNS = (Message("ระดับ", "Severity"), Message("ตำแหน่ง", "Where"), Message("ค่าที่พบ", "Value"),
           Message("ข้อความ", "Message"))
TABLE_MIN_WIDTH = 60  # narrower consoles get one block per problem
BUILDING = Message("กำลังสร้างเอกสาร", "building")
SUMMARY_TITLE = Message("สรุปการสร้างเอกสาร", "Build summary")
SUMMARY_COLUMNS = (Message("หน่วยงาน", "Agency"), Message("โฟลเดอร์", "Folder"), Message("เอกสาร", "Documents"),
                   Message("ข้อผิดพลาด", "Errors"), Message("คำเตือน", "Warnings"),
                   Message("เวลา (วินาที)", "Time (s)"), Message("หมายเหตุ", "Note"))
BATCH_DONE = Message("สำเร็จ {ok} จาก {total} หน่วยงาน", "{ok} of {total} agencies built")
STATUS_TITLE = Message("สถานะการส่งงานของส่วนงาน {agency}", "Divisions of {agency}")
STATUS_COLUMNS = (Message("ส่วนงาน / ไฟล์", "Division / file"), Message("สถานะ", "State"),
                  Message("บันทึกล่าสุด", "Saved"), Message("มาตรการ", "Measures"),
                  Message("ข้อผิดพลาด / คำเตือน", "Errors / warnings"), Message("ผลที่กรอก", "Progress filled"))
STATES = {
    "missing": Message("[red]ไม่มีไฟล์[/red]", "[red]no workbook[/red]"),
    "blank": Message("[yellow]ยังไม่ได้ส่ง (ไฟล์ว่าง)[/yellow]", "[yellow]not returned (blank)[/yellow]"),
    "unchecked": Message("[yellow]ส่งแล้ว ยังตรวจไม่ได้ (ไฟล์ข้อมูลหน่วยงานต้องแก้)[/yellow]",
                         "[yellow]returned, not checked (fix the agency workbook)[/yellow]"),
    "errors": Message("[red]ส่งแล้ว มีข้อผิดพลาด[/red]", "[red]returned, with errors[/red]"),
    "ok": Message("[green]ส่งแล้ว[/green]", "[green]returned[/green]"),
}
NOT_LISTED = Message("(ไม่อยู่ในรายชื่อ)", "(not listed)")
STATUS_DONE = Message("ส่งแล้ว {returned} จาก {total} ส่วนงาน", "{returned} of {total} divisions returned")
WATCH_ONE = Message("--watch ใช้กับโครงการเดียว ระบุโฟลเดอร์โครงการหนึ่งโฟลเดอร์ (ไม่ใช้ --all หรือ --json)",
                    "--watch builds one project: name one project folder (no --all, no --json)")
WATCHING = Message("[dim]เฝ้าดูไฟล์ใน {path}/inputs และ templates จะสร้างใหม่เมื่อไฟล์เปลี่ยน กด Ctrl+C เพื่อหยุด[/dim]",
                   "[dim]watching {path}/inputs and templates: a change builds again; Ctrl+C stops[/dim]")
WATCH_AGAIN = Message("ไฟล์เปลี่ยน สร้างใหม่ {time}", "changed, built again at {time}")
WATCH_STOPPED = Message("หยุดเฝ้าดูแล้ว", "stopped watching")
NO_TEMPLATE = Message("ไม่พบแม่แบบ .docx ใน {path}", "No .docx template in {path}")
TEMPLATES_BAD = Message("แม่แบบมีข้อผิดพลาด", "The templates have errors.")
TEMPLATES_OK = Message("[green]ตรวจแล้ว {count} แม่แบบ ใช้ได้[/green]", "[green]{count} templates checked, usable[/green]")


@app.callback(invoke_without_command=True)
def _main(ctx: typer.Context, lang: LangOption = None) -> None:
    safe_streams()
    _session["lang"] = lang or Lang.th
    if ctx.invoked_subcommand is None:  # `itadocs` alone: the help, and no error
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def _lang(value: Lang | None) -> Lang:
    """--lang given after the command, else before it, else Thai."""
    return value or _session["lang"]


# --- Thai in tables -------------------------------------------------------------

_THAI_RUN = r"[\u0e00-\u0e7f]+"


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """Where a line may break: between Thai words (PyThaiNLP segments them; Thai has no spaces),
    at spaces, after '/'.  Punctuation sticks to its word, so no line starts with '"' or ')'."""
    import re

    pieces: list[str] = []
    for part in re.split(f"({_THAI_RUN})", text):
        if not part:
            continue
        if re.fullmatch(_THAI_RUN, part):
            pieces.extend(_thai_words(part))
        else:
            pieces.extend(re.findall(r"\s+|[^\s/]+/?|/", part))
    words: list[str] = []
    glue_next = False  # the previous piece opened a quote or bracket
    for piece in pieces:
        if piece.isspace():
            words.append(piece)
            glue_next = False
            continue
        after_word = bool(words) and not words[-1].isspace()
        punctuation = not any(c.isalnum() for c in piece)
        opening = punctuation and (piece[0] in "(“‘[" or (piece[0] in "\"'" and not after_word))
        if glue_next or (punctuation and after_word and not opening):
            words[-1] += piece  # a closing mark, or the word after an opening one
        else:
            words.append(piece)
        glue_next = opening
    return tuple(words)


def _thai_words(run: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize  # loads a dictionary (~0.4 s): only when a table is printed

    return [w for w in word_tokenize(run, engine="newmm") if w]


def wrap_words(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells, broken between words; a word wider than that is cut."""
    from rich.cells import cell_len

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, gap = "", ""
        for word in _words(paragraph):
            if word.isspace():
                gap = " " if line else ""
                continue
            if cell_len(line + gap + word) <= width:
                line, gap = line + gap + word, ""
                continue
            if line:
                lines.append(line)
            line, gap = "", ""
            while cell_len(word) > width:  # one word wider than the column: cut it, never inside a letter
                cut = _cut(word, width)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _cut(word: str, width: int) -> int:
    import unicodedata

    from rich.cells import cell_len

    cut = len(word)
    while cut > 1 and cell_len(word[:cut]) > width:
        cut -= 1
    while cut > 1 and unicodedata.category(word[cut]) == "Mn":
        cut -= 1
    return max(cut, 1)


class Wrapped:
    """A table cell whose text breaks lines between Thai words, never inside one."""

    def __init__(self, text: str, style: str = ""):
        self.text, self.style = text, style

    def __rich_measure__(self, console: Console, options: Any) -> Measurement:
        from rich.cells import cell_len
        from rich.measure import Measurement

        widest = max((cell_len(line) for line in self.text.split("\n")), default=0)
        longest = max((cell_len(w) for w in _words(self.text.replace("\n", " ")) if not w.isspace()), default=0)
        return Measurement(min(longest, widest), widest)

    def __rich_console__(self, console: Console, options: Any):
        from rich.text import Text

        yield Text("\n".join(wrap_words(self.text, max(1, options.max_width))), style=self.style)


def print_problems(problems: list[Problem], lang: Lang, console: Console | None = None) -> None:
    """One block per problem: where (file › sheet › cell, column), the value, then what to do."""
    console = console or err
    arrow = _arrow(console)
    for p in problems:
        is_error = p.severity is Severity.ERROR
        level = (ERROR if is_error else WARNING)(lang.value)
        color = "red" if is_error else "yellow"
        where = arrow.join(part for part in (p.file, p.sheet, p.cell) if part)
        if p.column:
            where += f" ({p.column})"
        value = f' {FOUND(lang.value)} "{p.value[:80]}"' if p.value else ""
        console.print(f"[{color}]{level}[/{color}] {escape(f'[{p.code}]')} {escape(where)}{escape(value)}")
        console.print(f"    {escape(p.message(lang.value))}")


def problems_table(problems: list[Problem], lang: Lang) -> Table:
    """Severity, where (file, sheet and cell, column), value found, message: Thai wrapped
    between words at any console width."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    table = Table(title=PROBLEMS_TITLE(lang.value), show_lines=True, expand=True)
    levels = [m(lang.value) for m in (COLUMNS[0], ERROR, WARNING)]
    table.add_column(COLUMNS[0](lang.value), width=max(map(cell_len, levels)), no_wrap=True)
    for title, ratio in zip(COLUMNS[1:], (3, 2, 5), strict=True):
        table.add_column(Wrapped(title(lang.value)), ratio=ratio)
    for p in problems:
        is_error = p.severity is Severity.ERROR
        where = "\n".join(part for part in (p.file, " ".join(x for x in (p.sheet, p.cell) if x),
                                             f"({p.column})" if p.column else "") if part)
        table.add_row(Text((ERROR if is_error else WARNING)(lang.value), "red" if is_error else "yellow"),
                      Wrapped(where), Wrapped(p.value[:80]), Wrapped(f"{p.message(lang.value)} [{p.code}]"))
    return table


def print_paths(message: Message, paths: Iterable[object], lang: Lang, console: Console | None = None) -> None:
    for path in paths:
        (console or out).print(message(lang.value, path=escape(str(path))))


def warn(text: str, console: Console | None = None) -> None:
    (console or err).print(f"[yellow]{escape(text)}[/yellow]")


def print_notices(written: Iterable[Any], lang: Lang) -> None:
    """Files written beside their usual name (kept an edit, or the usual one is open): say which."""
    for w in written:
        if w.notice is not None:
            warn(w.notice(lang.value))


def run(action: Callable[[], None], debug: bool, lang: Lang) -> None:
    """Call the library; turn what the user can fix into a message and exit code 1."""
    from .api import ProjectHasErrors
    from .files import user_error

    try:
        action()
    except ProjectHasErrors as exc:
        print_problems(list(exc.report.problems), lang)
        print_paths(ANNOTATED, exc.report.annotated, lang)
        print_notices(exc.report.outputs, lang)
        err.print(f"[red]{escape(exc.text(lang.value))}[/red]")
        raise typer.Exit(1) from None
    except ItadocsError as exc:
        err.print(f"[red]{escape(exc.text(lang.value))}[/red]")
        raise typer.Exit(1) from None
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        err.print(f"[red]{INTERRUPTED(lang.value)}[/red]")
        raise typer.Exit(130) from None
    except OSError as exc:  # the library names the path of those it knows; any other is still the user's to fix
        if debug:
            raise
        err.print(f"[red]{escape(user_error(exc).text(lang.value))}[/red]")
        raise typer.Exit(1) from None
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


@app.command(cls=Command, short_help="สร้างไฟล์ Excel ของโครงการ / Create the workbooks")
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="โฟลเดอร์โครงการ / Project folder.")] = Path("."),
    org: Annotated[str, typer.Option("--org", metavar="NAME", help="ชื่อหน่วยงาน / Agency name.")] = "",
    district: Annotated[str, typer.Option(metavar="NAME", help="อำเภอ / District.")] = "",
    province: Annotated[str, typer.Option(metavar="NAME", help="จังหวัด / Province.")] = "",
    fiscal_year: Annotated[Optional[str], typer.Option(
        "--fiscal-year", metavar="YEAR", help="ปีงบประมาณ พ.ศ. เช่น 2568 หรือ ๒๕๖๘ / Fiscal year (BE).")] = None,
    round_: Annotated[int, typer.Option("--round", metavar="6|12",
                                        help="รอบรายงาน 6 หรือ 12 เดือน / Report round.")] = 6,
    division: Annotated[Optional[list[str]], typer.Option(
        "--division", metavar="NAME", help="ชื่อส่วนงาน (ระบุได้หลายครั้ง) / Division, repeatable.")] = None,
    from_: Annotated[Optional[Path], typer.Option(
        "--from", metavar="OLD", help="เริ่มจากโครงการปีก่อน (อ่านอย่างเดียว) / Start from an earlier project "
                                      "(only read).")] = None,
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
    _check_round(round_, lang)

    def action() -> None:
        from .api import init_project

        result = init_project(directory, agency=org, district=district, province=province,
                              fiscal_year=fiscal_year, round=round_, divisions=division, from_project=from_)
        print_problems(list(result.warnings), lang)
        print_paths(KEPT, result.kept, lang)
        print_paths(CREATED, result.created, lang)
        for name in result.added:
            out.print(ADDED(lang.value, name=escape(name)))
        print_paths(HISTORY_KEPT, result.history, lang)
        if from_ is not None:
            out.print(CARRIED(lang.value, count=result.measures, path=escape(str(from_))))

    run(action, debug, lang)


def _print_not_returned(names: list[str], lang: Lang) -> None:
    if names:
        warn(NOT_RETURNED(lang.value, count=len(names), names=", ".join(names)))


def _print_build(result, lang: Lang, stop: bool = True) -> None:
    """What one project's build did: its problems, what was written (and where, when not under
    the usual name), who has not sent, then why it failed (exit code 1, unless not `stop`)."""
    print_problems(list(result.report.problems), lang)
    print_paths(ANNOTATED, result.report.annotated, lang)
    print_paths(REMOVED, result.report.removed, lang)
    print_paths(DRAFT_WRITTEN if result.draft else WRITTEN, result.documents, lang)
    for notice in result.notices:  # what was left out on purpose
        warn(notice(lang.value))
    if result.documents:
        out.print(MEASURE_COUNT(lang.value, measures=result.measures, divisions=result.divisions))
    print_paths(PDF_WRITTEN, result.pdfs, lang)
    print_notices((*result.report.outputs, *result.outputs), lang)
    _print_not_returned(result.not_returned, lang)
    if result.draft and result.documents:
        from .draft import LEFT_OUT_NOTE

        warn(LEFT_OUT_NOTE(lang.value, count=len(result.left_out)))
    if result.failure:
        err.print(f"[red]{escape(result.failure(lang.value))}[/red]")
        if stop:
            raise typer.Exit(1)


@app.command(cls=Command, short_help="ตรวจ รวม และสร้างเอกสาร / Build the documents")
def build(
    directories: Annotated[Optional[list[Path]], typer.Argument(
        metavar="DIR", help="โฟลเดอร์โครงการ (ระบุได้หลายโฟลเดอร์) / Project folders.")] = None,
    every: Annotated[bool, typer.Option(
        "--all", help="สร้างทุกโครงการในโฟลเดอร์ย่อยของ DIR / Build every project in DIR's sub-folders.")] = False,
    round_: RoundOption = None,
    font: FontOption = None,
    pdf: PdfOption = False,
    draft: DraftOption = False,
    overwrite: OverwriteOption = False,
    jobs: Annotated[Optional[int], typer.Option(
        "--jobs", "-j", min=1, metavar="N", help="จำนวนงานที่ทำพร้อมกัน / Parallel processes (default: cores).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="สรุปผลเป็น JSON (UTF-8) / Summary as JSON (UTF-8).")] = False,
    watch: Annotated[bool, typer.Option(
        "--watch", help="สร้างใหม่ทุกครั้งที่ไฟล์ใน inputs หรือ templates เปลี่ยน (Ctrl+C เพื่อหยุด) / "
                        "Build again whenever a file in inputs/ or templates/ changes (Ctrl+C stops).")] = False,
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
    _check_round(round_, lang)

    def action() -> None:
        import os

        from .api import build as build_project
        from .batch import find_projects

        projects = find_projects(directories or [Path(".")], every=every)
        options = {"font": font, "pdf": pdf, "lang": lang.value, "overwrite": overwrite, "draft": draft}
        if watch:
            if len(projects) != 1 or as_json:
                raise ItadocsError(WATCH_ONE)
            _watch(projects[0], lang, round=round_, **options)
        elif len(projects) == 1 and not as_json:
            _print_build(build_project(projects[0], round=round_, **options), lang)  # type: ignore[arg-type]
        else:
            _build_batch(projects, jobs or os.cpu_count() or 1, as_json, lang, round_months=round_, **options)

    run(action, debug, lang)


def _watch(root: Path, ui_lang: Lang, **options) -> None:
    """Build, then build again on every change of the inputs, until Ctrl+C."""
    from datetime import datetime

    from .api import watch

    try:
        for number, result in enumerate(watch(root, **options)):
            if number:
                out.rule(WATCH_AGAIN(ui_lang.value, time=datetime.now().strftime("%H:%M:%S")))
            _print_build(result, ui_lang, stop=False)
            out.print(WATCHING(ui_lang.value, path=escape(str(root))))
    except KeyboardInterrupt:
        out.print(WATCH_STOPPED(ui_lang.value))


def _build_batch(projects: list[Path], jobs: int, as_json: bool, ui_lang: Lang, **options) -> None:
    """Build many projects with a progress bar and a summary table; exit 1 if any failed.
    The summary (or the JSON) is printed whatever happened to each agency."""
    import json

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from .batch import build_many

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=as_json) as progress:
        task = progress.add_task(BUILDING(ui_lang.value), total=len(projects))
        results = build_many(projects, jobs, on_done=lambda _: progress.advance(task), **options)
    failed = [r for r in results if not r.ok]
    if as_json:
        write_utf8(json.dumps({"ok": not failed, "projects": [r.as_dict() for r in results]},
                              ensure_ascii=False, indent=2) + "\n")
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
            table.add_row(Wrapped(r.agency), Wrapped(Path(r.project).name), str(len(r.documents) + len(r.pdfs)),
                          str(r.errors), str(r.warnings), f"{r.seconds:.2f}", note)
        out.print(table)
        out.print(BATCH_DONE(ui_lang.value, ok=len(results) - len(failed), total=len(results)))
    if failed:
        raise typer.Exit(1)


@app.command(cls=Command, short_help="ตรวจไฟล์และแสดงปัญหา / Check the workbooks")
def validate(
    directory: DirArgument = Path("."),
    round_: RoundOption = None,
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
    _check_round(round_, lang)

    def action() -> None:
        import json

        from .api import check, not_returned

        report = check(directory, round_, lang=lang.value)
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
            _print_not_returned(not_returned(report), lang)
        if not report.ok:
            raise typer.Exit(1)

    run(action, debug, lang)


@app.command(cls=Command, short_help="ส่วนงานใดส่งแล้ว / Who has sent")
def status(
    directory: DirArgument = Path("."),
    round_: RoundOption = None,
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
    _check_round(round_, lang)

    def action() -> None:
        import json

        from .api import status as project_status

        result = project_status(directory, round_)
        if as_json:
            write_utf8(json.dumps(result.as_dict(lang.value), ensure_ascii=False, indent=2) + "\n")
            return
        out.print(_status_table(result, lang))
        out.print(STATUS_DONE(lang.value, returned=len(result.returned), total=len(result.divisions)))
        if result.not_returned:
            names = ", ".join(d.division for d in result.not_returned)
            warn(NOT_RETURNED(lang.value, count=len(result.not_returned), names=names), out)

    run(action, debug, lang)


def _status_table(result, lang: Lang) -> Table:
    from rich.table import Table
    from rich.text import Text

    from . import thai

    table = Table(title=STATUS_TITLE(lang.value, agency=result.agency), show_lines=True, expand=True)
    for number, title in enumerate(STATUS_COLUMNS):
        if number < 2:  # the texts share what the figures leave
            table.add_column(Wrapped(title(lang.value)), ratio=(3, 2)[number])
        else:
            table.add_column(Wrapped(title(lang.value)), width=(10, 8, 10, 8)[number - 2],
                             justify="left" if number == 2 else "right")
    for d in result.divisions:
        name = "\n".join([d.division, *([NOT_LISTED(lang.value)] if not d.listed else []),
                          Path(d.file).name if d.file else "-"])
        saved = (f"{d.modified:%d/%m}/{thai.be_year(d.modified.year)}\n{d.modified:%H:%M}"
                 if d.modified else "-")
        progress = f"{d.progress_filled}/{d.progress_expected}" if d.progress_expected else "-"
        state = Text.from_markup(STATES[d.state](lang.value))
        table.add_row(Wrapped(name), Wrapped(state.plain, str(state.style) if state.spans == [] else
                                             str(state.spans[0].style)),
                      saved, str(d.measures), f"{d.errors} / {d.warnings}", progress)
    return table


@app.command(cls=Command, short_help="รวมมาตรการเป็นไฟล์ Excel เดียว / Merge into one workbook")
def merge(
    directory: DirArgument = Path("."),
    round_: RoundOption = None,
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
    _check_round(round_, lang)

    def action() -> None:
        from .api import merge as merge_project

        result = merge_project(directory, round_, lang=lang.value, overwrite=overwrite)
        print_problems(list(result.report.problems), lang)
        out.print(MERGED_WRITTEN(lang.value, path=escape(str(result.path)), count=result.measures))
        print_notices([result.written] if result.written else [], lang)

    run(action, debug, lang)


class DocumentChoice(StrEnum):
    measures = "measures"
    progress_6 = "progress-6"
    progress_12 = "progress-12"


@app.command(cls=Command, short_help="สร้างเอกสารที่เลือก / Write chosen documents")
def render(
    directory: DirArgument = Path("."),
    document: Annotated[Optional[list[DocumentChoice]], typer.Option(
        "--document", "-d", metavar="DOC",
        help="measures, progress-6 หรือ progress-12 (ระบุได้หลายครั้ง) / Document to write, repeatable.")] = None,
    round_: RoundOption = None,
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
    _check_round(round_, lang)

    def action() -> None:
        from .api import build as build_project

        documents = [d.value for d in document] if document else None
        _print_build(build_project(directory, round=round_, documents=documents, font=font, pdf=pdf,
                                   lang=lang.value, overwrite=overwrite, draft=draft), lang)

    run(action, debug, lang)


templates_app = typer.Typer(help="แม่แบบเอกสาร Word / The Word templates.", no_args_is_help=True,
                            rich_markup_mode=None)
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
        from .templates import copy_templates

        for path, copied in copy_templates(directory):
            out.print((COPIED if copied else KEPT)(lang.value, path=escape(str(path))))

    run(action, debug, lang)


@templates_app.command("check", cls=Command, short_help="ตรวจแม่แบบ / Check templates")
def templates_check(
    path: Annotated[Optional[Path], typer.Argument(
        metavar="PATH", help="แม่แบบ .docx หรือโฟลเดอร์ / A template or a folder.")] = None,
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


@templates_app.command("docs", cls=Command, short_help="รายชื่อตัวแปรของแม่แบบ / Template variables")
def templates_docs(debug: DebugOption = False) -> None:
    """พิมพ์รายชื่อตัวแปรและตัวกรองที่แม่แบบใช้ได้ (Markdown)

    Print every variable and filter a template can use, as Markdown.

    Example: itadocs templates docs > docs/templates.md
    """
    def action() -> None:
        from .templates import variables_markdown

        write_utf8(variables_markdown())

    run(action, debug, Lang.th)


CRITERIA_FALLBACK = Message("ไม่มีข้อมูลเกณฑ์ของปีงบประมาณ {year} ({wanted}) โปรแกรมใช้ {used} แทน",
                            "No criteria data for fiscal year {year} ({wanted}); the program uses {used}")


@app.command(cls=Command, short_help="เกณฑ์ ITA ของปี / The year's ITA criteria")
def criteria(
    year: Annotated[Optional[str], typer.Argument(
        metavar="YEAR", help="ปีงบประมาณของเอกสาร พ.ศ. (ว่าง = ปีปัจจุบัน) / Fiscal year of the documents (BE).")] = None,
    criteria_set: Annotated[str, typer.Option(
        "--set", metavar="SET", help="ชุดเกณฑ์ของหน่วยงานประเภทอื่น / Another agency type's criteria set.")] = "",
    as_json: JsonOption = False,
    all_years: Annotated[bool, typer.Option(
        "--all", help="ทุกปีที่มีข้อมูล (Markdown สำหรับ docs/criteria.md) / Every bundled year.")] = False,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """แสดงเกณฑ์ ITA ที่โปรแกรมใช้กับเอกสารของปีงบประมาณ: เครื่องมือ น้ำหนัก ตัวชี้วัด ข้อคำถาม ระดับผลการประเมิน
    และความแน่นอนของข้อมูลแต่ละส่วน

    Show the ITA criteria the program uses for a fiscal year's documents (which analyse the
    results of the year before): tools, weights, indicators, question codes, result scale,
    and how certain each part is.

    Example: itadocs criteria 2569        itadocs criteria --all > docs/criteria.md
    """
    lang = _lang(lang)

    def action() -> None:
        import json

        from .api import criteria_of
        from .criteria import as_dict, describe, reference_markdown

        if all_years:
            write_utf8(reference_markdown())
            return
        found = criteria_of(year, criteria_set=criteria_set)
        if found.fallback:
            warn(CRITERIA_FALLBACK(lang.value, year=found.requested_year, wanted=found.wanted_file, used=found.file))
        write_utf8(json.dumps(as_dict(found), ensure_ascii=False, indent=2) + "\n" if as_json else describe(found))

    run(action, debug, lang)


@app.command(cls=Command, short_help="เปิดหน้าเว็บสำหรับผู้ประสานงานและส่วนงาน / The web page")
def serve(
    workspace: Annotated[Path, typer.Argument(
        metavar="WORKSPACE", help="โฟลเดอร์ที่มีโฟลเดอร์โครงการ (หรือโครงการเดียว) / Folder of projects.")] = Path("."),
    host: Annotated[str, typer.Option(metavar="ADDRESS", help="ที่อยู่ที่รับการเชื่อมต่อ (ค่าเริ่มต้นเฉพาะเครื่องนี้) / "
                                                            "Address to listen on (default: this computer only).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", min=0, max=65535,
                                      help="พอร์ต (0 = เลือกพอร์ตว่างเอง) / Port (0: a free one).")] = 0,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="ไม่ต้องเปิดเบราว์เซอร์ / Do not open a browser.")]
    = False,
    allow_host: Annotated[Optional[list[str]], typer.Option(
        "--allow-host", metavar="NAME", help="ชื่อเครื่องอื่นที่ใช้เปิดหน้านี้ได้ / Another name the page answers to.")]
    = None,
    certfile: Annotated[Optional[Path], typer.Option(metavar="FILE", help="ใบรับรอง TLS สำหรับ https / TLS certificate.")]
    = None,
    keyfile: Annotated[Optional[Path], typer.Option(metavar="FILE", help="กุญแจของใบรับรอง / TLS key.")] = None,
    workers: Annotated[int, typer.Option(metavar="N", min=1, max=16,
                                         help="จำนวนกระบวนการที่สร้างเอกสาร / Worker processes.")] = 2,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """เปิดหน้าเว็บสำหรับผู้ประสานงานและส่วนงาน บนโฟลเดอร์โครงการเดียวกับที่คำสั่งอื่นใช้ (กด Ctrl+C เพื่อหยุด)

    Serve the web page on the same project folders the other commands use: projects, status
    by division, uploads, problems, builds, division links. It listens on 127.0.0.1 (a free
    port, printed) and opens the browser. Another --host (the office network) needs a passcode
    on every project; use --certfile/--keyfile for https.

    Example: itadocs serve งานITA        itadocs serve งานITA --host 192.168.1.10 --port 8568
    """
    lang = _lang(lang)

    def action() -> None:
        from .web.serve import serve as serve_page

        serve_page(workspace, host=host, port=port, open_browser=not no_browser, allow_hosts=tuple(allow_host or ()),
                   workers=workers, certfile=certfile, keyfile=keyfile, lang=lang.value,
                   say=lambda text: out.print(escape(text)), warn=lambda text: warn(text))

    run(action, debug, lang)


@app.command(cls=Command, short_help="รายการรหัสปัญหา / Problem codes")
def problems() -> None:
    """พิมพ์รายการรหัสปัญหาทั้งหมดพร้อมข้อความไทยและอังกฤษ (Markdown)

    Print every problem code with its Thai and English message, as Markdown.

    Example: itadocs problems > docs/problems.md
    """
    from .problems import problems_markdown

    write_utf8(problems_markdown())


@app.command(cls=Command, short_help="รุ่นของโปรแกรม / Version")
def version() -> None:
    """แสดงรุ่นของโปรแกรม / Show the version."""
    out.print(__version__)


def main() -> None:
    """The console script: run the command, then end the process at once where that is safe.

    The interpreter's own teardown frees every object one by one: about 0.1 s after a build
    (0.15 s at 1,000 measures), longer than some commands take.  By then the output is
    flushed here, every file the command wrote is closed and in place (`files` writes whole
    files), temporary folders and worker pools are closed by their `with` blocks.  The
    normal exit is kept when something may still need it (a thread or child process still
    running, coverage measuring), for an error that escaped (its traceback), and on request:
    ITADOCS_SLOW_EXIT=1."""
    safe_streams()  # before anything is printed, help and usage errors included
    # What is imported by now (typer, rich, the CLI) lives as long as the process: frozen, the
    # garbage collector's full collections during a command skip it (its time in a build of
    # 1,000 measures: 0.07 s before, 0.04 s frozen).
    import gc

    gc.freeze()
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if not isinstance(code, int):  # None is success; a text is printed, as sys.exit does
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    if not _may_end_at_once():
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (itadocs problems | head)
            stream.flush()
    import os

    os._exit(code)


def _may_end_at_once() -> bool:
    import os
    import threading

    if os.environ.get("ITADOCS_SLOW_EXIT") or "coverage" in sys.modules:
        return False
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        return False
    processes = sys.modules.get("multiprocessing")
    return processes is None or not processes.active_children()


if __name__ == "__main__":
    main()
