"""The commands of a host: serve the page, its administrators, backup and restore.

Each is a small function over the library (`itadocs.web.serve`, `itadocs.web.accounts`,
`itadocs.backup`), as the other commands are.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from ..messages import size_text
from .app import Command, DebugOption, Lang, LangOption, _lang, app, run
from .console import out, warn
from .texts import (
    ADMIN_AGAIN,
    ADMIN_MISMATCH,
    ADMIN_NONE,
    ADMIN_PROMPT,
    ADMIN_REMOVED,
    ADMIN_SET,
    BACKUP_LINKS,
    BACKUP_WRITTEN,
    RESTORED,
)

admin_app = typer.Typer(
    help="ผู้ดูแลระบบของโฟลเดอร์งาน / The workspace's administrators.",
    add_completion=False,
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(admin_app, name="admin")

WorkspaceArgument = Annotated[
    Path, typer.Argument(metavar="WORKSPACE", help="โฟลเดอร์ที่มีโฟลเดอร์โครงการ (หรือโครงการเดียว) / Folder of projects.")
]
NameArgument = Annotated[str, typer.Argument(metavar="NAME", help="ชื่อผู้ดูแล / Administrator name.")]


@app.command(cls=Command, short_help="เปิดหน้าเว็บสำหรับผู้ประสานงานและส่วนงาน / The web page")
def serve(
    workspace: Annotated[
        Optional[Path],
        typer.Argument(metavar="WORKSPACE", help="โฟลเดอร์ที่มีโฟลเดอร์โครงการ (หรือโครงการเดียว) / Folder of projects."),
    ] = None,
    config: Annotated[
        Optional[Path],
        typer.Option("--config", metavar="FILE", help="ไฟล์ตั้งค่า (TOML) / Settings file (TOML); also $ITADOCS_CONFIG."),
    ] = None,
    host: Annotated[
        Optional[str],
        typer.Option(
            metavar="ADDRESS",
            help="ที่อยู่ที่รับการเชื่อมต่อ (ค่าเริ่มต้นเฉพาะเครื่องนี้) / Address to listen on (default: this computer only).",
        ),
    ] = None,
    port: Annotated[
        Optional[int],
        typer.Option(metavar="PORT", min=0, max=65535, help="พอร์ต (0 = เลือกพอร์ตว่างเอง) / Port (0: a free one)."),
    ] = None,
    public_url: Annotated[
        Optional[str],
        typer.Option(
            "--public-url",
            metavar="URL",
            help="ที่อยู่ที่เครื่องอื่นใช้เปิดหน้านี้ ใช้ในลิงก์ของส่วนงาน / Where other computers reach the page, for division links.",
        ),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="ไม่ต้องเปิดเบราว์เซอร์ / Do not open a browser.")
    ] = False,
    allow_host: Annotated[
        Optional[list[str]],
        typer.Option("--allow-host", metavar="NAME", help="ชื่อเครื่องอื่นที่ใช้เปิดหน้านี้ได้ / Another name the page answers to."),
    ] = None,
    trusted_proxy: Annotated[
        Optional[list[str]],
        typer.Option(
            "--trusted-proxy",
            metavar="ADDRESS",
            help="reverse proxy ที่เชื่อ X-Forwarded-For ได้ (ที่อยู่หรือเครือข่าย) / A reverse proxy whose "
            "X-Forwarded-For is believed (address or network).",
        ),
    ] = None,
    certfile: Annotated[
        Optional[Path], typer.Option(metavar="FILE", help="ใบรับรอง TLS สำหรับ https / TLS certificate.")
    ] = None,
    keyfile: Annotated[Optional[Path], typer.Option(metavar="FILE", help="กุญแจของใบรับรอง / TLS key.")] = None,
    workers: Annotated[
        Optional[int], typer.Option(metavar="N", min=1, max=16, help="จำนวนกระบวนการที่สร้างเอกสาร / Worker processes.")
    ] = None,
    no_previews: Annotated[bool, typer.Option("--no-previews", help="ไม่ทำภาพตัวอย่าง / No preview images.")] = False,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """เปิดหน้าเว็บสำหรับผู้ประสานงานและส่วนงาน บนโฟลเดอร์โครงการเดียวกับที่คำสั่งอื่นใช้ (กด Ctrl+C เพื่อหยุด)

    Serve the web page on the same project folders the other commands use: projects, status
    by division, uploads, problems, builds, division links. It listens on 127.0.0.1 (a free
    port, printed) and opens the browser. On another --host, or behind a reverse proxy
    (--trusted-proxy, --public-url), everything needs a login; use --certfile/--keyfile for
    https. Every setting may come from a file (--config) or the environment (ITADOCS_HOST ...).

    Example: itadocs serve งานITA        itadocs serve --config /etc/itadocs/itadocs.toml
    """
    lang = _lang(lang)

    def action() -> None:
        from ..web.serve import serve as serve_page

        serve_page(
            workspace,
            config_file=config,
            open_browser=not no_browser,
            lang=lang.value,
            say=lambda text: out.print(escape(text)),
            warn=lambda text: warn(text),
            host=host,
            port=port,
            public_url=public_url,
            allow_hosts=allow_host,
            trusted_proxies=trusted_proxy,
            certfile=certfile,
            keyfile=keyfile,
            workers=workers,
            previews=False if no_previews else None,
        )

    run(action, debug, lang)


def _read_passcode(name: str, lang: Lang) -> str:
    """Typed twice, hidden, at a terminal; one line from the input otherwise (a script)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt(ADMIN_PROMPT(lang.value, name=name), hide_input=True)
    if typer.prompt(ADMIN_AGAIN(lang.value), hide_input=True) != first:
        raise typer.BadParameter(ADMIN_MISMATCH(lang.value))
    return str(first)


@admin_app.command("set", cls=Command, short_help="เพิ่มผู้ดูแล หรือตั้งรหัสผ่านใหม่ / Add one, or a new passcode")
def admin_set(
    workspace: WorkspaceArgument, name: NameArgument, lang: LangOption = None, debug: DebugOption = False
) -> None:
    """เพิ่มผู้ดูแลระบบ หรือตั้งรหัสผ่านใหม่ให้ผู้ดูแลที่มีอยู่ (การเข้าใช้เดิมของผู้ดูแลนั้นสิ้นสุด)

    Add an administrator, or give one a new passcode (ending their sessions). The passcode is
    asked twice at a terminal, or read as one line from the input.

    Example: itadocs admin set /srv/itadocs somchai
    """
    lang = _lang(lang)

    def action() -> None:
        from ..web.accounts import set_admin

        set_admin(workspace.resolve(), name, _read_passcode(name, lang))
        out.print(escape(ADMIN_SET(lang.value, name=name)))

    run(action, debug, lang)


@admin_app.command("remove", cls=Command, short_help="ลบผู้ดูแล / Remove one")
def admin_remove(
    workspace: WorkspaceArgument, name: NameArgument, lang: LangOption = None, debug: DebugOption = False
) -> None:
    """ลบผู้ดูแลระบบ (การเข้าใช้ของผู้ดูแลนั้นสิ้นสุดทันที)

    Remove an administrator (their sessions end at once).

    Example: itadocs admin remove /srv/itadocs somchai
    """
    lang = _lang(lang)

    def action() -> None:
        from ..web.accounts import remove_admin

        remove_admin(workspace.resolve(), name)
        out.print(escape(ADMIN_REMOVED(lang.value, name=name)))

    run(action, debug, lang)


@admin_app.command("list", cls=Command, short_help="รายชื่อผู้ดูแล / List them")
def admin_list(workspace: WorkspaceArgument, lang: LangOption = None, debug: DebugOption = False) -> None:
    """รายชื่อผู้ดูแลระบบของโฟลเดอร์งาน

    List the workspace's administrators.

    Example: itadocs admin list /srv/itadocs
    """
    lang = _lang(lang)

    def action() -> None:
        from ..web.accounts import read_admins

        names = sorted(read_admins(workspace.resolve()))
        out.print(escape("\n".join(names)) if names else escape(ADMIN_NONE(lang.value, path=workspace)))

    run(action, debug, lang)


@app.command(cls=Command, short_help="สำรองโฟลเดอร์งานเป็นไฟล์ .zip / Back up a workspace")
def backup(
    workspace: WorkspaceArgument,
    to: Annotated[
        Optional[Path], typer.Option("--to", metavar="FILE", help="ไฟล์สำรอง (.zip) / The backup file (.zip).")
    ] = None,
    without_builds: Annotated[
        bool, typer.Option("--without-builds", help="ไม่รวมชุดเอกสารที่เก็บไว้ (output/builds) / Leave out the kept builds.")
    ] = False,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """สำรองโฟลเดอร์งาน (หรือโครงการเดียว) เป็นไฟล์ .zip ทำได้ขณะหน้าเว็บเปิดอยู่

    Back up a workspace (or one project) into one .zip, consistent while the server runs:
    each project is copied under its lock. Sessions are left out.

    Example: itadocs backup /srv/itadocs --to /var/backups/itadocs-2569-12-06.zip
    """
    lang = _lang(lang)

    def action() -> None:
        from datetime import datetime

        from ..backup import backup as back_up

        target = to or Path(f"itadocs-backup-{datetime.now():%Y%m%d-%H%M%S}.zip")
        result = back_up(workspace, target, builds=not without_builds)
        out.print(
            escape(
                BACKUP_WRITTEN(
                    lang.value,
                    path=result.archive,
                    projects=len(result.projects),
                    files=result.files,
                    size=size_text(result.size),
                )
            )
        )
        if result.skipped_links:
            warn(BACKUP_LINKS(lang.value, count=result.skipped_links))

    run(action, debug, lang)


@app.command(cls=Command, short_help="นำไฟล์สำรองกลับมาในโฟลเดอร์ใหม่ / Restore a backup")
def restore(
    archive: Annotated[Path, typer.Argument(metavar="BACKUP", help="ไฟล์สำรอง (.zip) / The backup (.zip).")],
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="โฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง / A new or empty folder.")],
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """นำไฟล์สำรองกลับมาในโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง (ไม่เขียนทับสิ่งที่มีอยู่) ตรวจทุกไฟล์ก่อนวางเข้าที่

    Restore a backup into a new or empty folder (never over anything), every file checked
    against its recorded hash before the folder is put in place.

    Example: itadocs restore itadocs-backup-20261206-120000.zip /srv/itadocs-restored
    """
    lang = _lang(lang)

    def action() -> None:
        from ..backup import restore as put_back

        result = put_back(archive, folder)
        out.print(escape(RESTORED(lang.value, path=result.folder, projects=len(result.projects), files=result.files)))

    run(action, debug, lang)
