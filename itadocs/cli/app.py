"""The `itadocs` typer application: its options, the language, and how a command's call is run.

Messages are Thai first (--lang en for English, before or after the command, or
ITADOCS_LANG=en).  A problem the user can fix is a message and exit code 1, never a
traceback; --debug shows the traceback of a bug (exit code 2).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape

from ..messages import ItadocsError
from .console import err, safe_streams
from .texts import APP_HELP, INTERNAL, INTERRUPTED, RETRY_DEBUG


class Command(typer.core.TyperCommand):
    """Help that names an argument by its metavar alone ('DIR', not 'DIR <list[Path]>')."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, typer.core.TyperArgument):  # typer 0.29 adds the type; 0.28 shows DIR alone
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign,attr-defined,unused-ignore]


app = typer.Typer(help=APP_HELP, add_completion=False, rich_markup_mode=None)


class Lang(StrEnum):
    th = "th"
    en = "en"


_session: dict[str, Lang] = {"lang": Lang.th}  # --lang given before the command, or ITADOCS_LANG


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """ITADOCS_LANG (th or en, in any case) when it is set to one of them, else Thai."""
    value = (os.environ if environ is None else environ).get("ITADOCS_LANG", "").strip().lower()
    return Lang(value) if value in Lang.__members__ else Lang.th


LangOption = Annotated[
    Optional[Lang], typer.Option("--lang", metavar="th|en", help="ภาษาของข้อความ th/en / Message language (default th).")
]
DebugOption = Annotated[bool, typer.Option("--debug", help="แสดง traceback เมื่อเกิดข้อผิดพลาด / Show tracebacks.")]
RoundOption = Annotated[
    Optional[int],
    typer.Option("--round", metavar="6|12", help="รอบรายงาน 6 หรือ 12 (แทนค่าในไฟล์) / Overrides the round."),
]
FontOption = Annotated[Optional[str], typer.Option(metavar="FONT", help="แบบอักษรของเอกสาร / Document font.")]
PdfOption = Annotated[bool, typer.Option("--pdf", help="สร้าง PDF ด้วย LibreOffice ด้วย / Also write PDF (LibreOffice).")]
OverwriteOption = Annotated[
    bool,
    typer.Option(
        "--overwrite",
        help="เขียนทับไฟล์ที่ถูกแก้ไขหลังสร้าง (เก็บฉบับเดิมไว้ใน history) / "
        "Replace files edited since they were written (the old ones go to history/).",
    ),
]
DraftOption = Annotated[
    bool,
    typer.Option(
        "--draft",
        help="ฉบับร่าง: เว้นแถวที่มีข้อผิดพลาดไว้และแสดงรายการท้ายเอกสาร / "
        "Draft: leave out the rows with errors and list them at the end.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="พิมพ์ผลเป็น JSON (UTF-8) / Print JSON (UTF-8).")]
DirArgument = Annotated[Path, typer.Argument(metavar="DIR", help="โฟลเดอร์โครงการ (มีโฟลเดอร์ inputs) / Project folder.")]


@app.callback(invoke_without_command=True)
def _main(ctx: typer.Context, lang: LangOption = None) -> None:
    safe_streams()
    _session["lang"] = lang or default_lang()
    if ctx.invoked_subcommand is None:  # `itadocs` alone: the help, and no error
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def _lang(value: Lang | None) -> Lang:
    """--lang given after the command, else before it, else ITADOCS_LANG, else Thai."""
    return value or _session["lang"]


def run(action: Callable[[], None], debug: bool, lang: Lang) -> None:
    """Call the library; turn what the user can fix into a message and exit code 1."""
    from ..files import user_error

    try:
        action()
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
    from ..api import ROUND_INVALID, ROUNDS

    if round_ not in (None, *ROUNDS):
        raise typer.BadParameter(ROUND_INVALID(lang.value, value=round_), param_hint="--round")
