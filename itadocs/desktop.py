"""The Windows launcher: one double-click opens the page on the user's projects folder.

`python -m itadocs.desktop [FOLDER] [--choose] [--no-browser]` is what `เริ่มใช้งาน itadocs.bat`
in the Windows zip runs (and `เปลี่ยนโฟลเดอร์โครงการ.bat` with --choose).  It works anywhere,
but its choices are a coordinator's on a Windows PC:
- the projects folder is `itadocs` in the user's Documents (asked of the shell, since Documents
  may be redirected to OneDrive or a server), until another is chosen; the choice is remembered
  in the user's settings, so a newer zip unzipped elsewhere finds the same projects;
- a second start while one runs opens the running page instead of failing on the port;
- the page keeps one port across starts (a bookmark keeps working), or takes a free one when
  another program holds it;
- the console says in Thai what runs, where the projects are and how to stop, and prints the
  address when no browser opens.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Callable, Mapping
from pathlib import Path

from . import __version__
from .messages import ItadocsError, Message

DEFAULT_PORT = 8569
FOLDER_NAME = "itadocs"  # in Documents
SETTINGS = "desktop.json"  # the projects folder and port chosen
RUNNING = "running.json"  # the address of the page while a launcher serves it
ICON = Path(__file__).resolve().parent / "web" / "static" / "icon.svg"  # what a running itadocs serves
LOW_SPACE = 200 * 1024 * 1024  # below this free space a build may not fit (documents, PDFs, kept copies)
# Without Windows' long-path setting a path is at most 259 characters.  A projects folder leaves room
# for a project's name, output\builds\<time>\ and a document's name (itadocs shortens what would not fit).
MAX_PATH = 259
MAX_PROJECTS_FOLDER = 120
BUNDLE_INFO = "itadocs-windows.json"  # beside python.exe in the zip: the longest path inside it

T = Message
RUNS = T(
    "itadocs {version} ทำงานอยู่ในหน้าต่างนี้ หน้าเว็บอยู่ที่ {url}", "itadocs {version} runs in this window; the page is at {url}"
)
HOW_TO_STOP = T(
    "ปิดหน้าต่างนี้ (หรือกด Ctrl+C) เมื่อเลิกใช้งาน ไฟล์ที่บันทึกไว้แล้วไม่หายไป",
    "Close this window (or press Ctrl+C) when you are done; what was saved stays",
)
PROJECTS_AT = T("โฟลเดอร์โครงการ: {path}", "Projects folder: {path}")
HOW_TO_CHANGE = T(
    'เปลี่ยนโฟลเดอร์โครงการได้โดยดับเบิลคลิก "เปลี่ยนโฟลเดอร์โครงการ.bat" หรือลากโฟลเดอร์มาวางบน "เริ่มใช้งาน itadocs.bat"',
    'To change the projects folder, double-click "เปลี่ยนโฟลเดอร์โครงการ.bat" or drop a folder on "เริ่มใช้งาน itadocs.bat"',
)
NO_BROWSER = T(
    "เปิดเบราว์เซอร์เองไม่ได้ กรุณาเปิดเบราว์เซอร์ (เช่น Edge หรือ Chrome) แล้วพิมพ์ที่อยู่นี้: {url}",
    "No browser could be opened: open one (Edge or Chrome, say) and type this address: {url}",
)
ADDRESS = T("หน้าเว็บอยู่ที่ {url}", "The page is at {url}")
OPENED = T("เปิดหน้าเว็บในเบราว์เซอร์แล้ว", "The page was opened in the browser")
ALREADY_RUNNING = T(
    "itadocs เปิดอยู่แล้วในอีกหน้าต่างหนึ่ง จึงเปิดหน้าเดิมให้: {url}",
    "itadocs already runs in another window, so its page was opened: {url}",
)
RUNNING_ELSEWHERE = T(
    "หน้าต่างที่เปิดอยู่ใช้โฟลเดอร์ {running} ถ้าต้องการใช้ {wanted} ให้ปิดหน้าต่างนั้นก่อน แล้วเริ่มใช้งานใหม่",
    "The running window uses {running}; to use {wanted}, close that window first and start again",
)
PORT_TAKEN = T(
    "พอร์ต {port} มีโปรแกรมอื่นใช้อยู่ จึงเปิดหน้าเว็บที่พอร์ตอื่นแทน (ที่อยู่ของหน้าเว็บจึงต่างจากเดิม)",
    "Port {port} is taken by another program, so the page opens on another port (its address changes)",
)
NO_LIBREOFFICE = T(
    "ไม่พบ LibreOffice ในเครื่องนี้: สร้างไฟล์ Word ได้ตามปกติ แต่ทำ PDF ไม่ได้ ติดตั้ง LibreOffice "
    "(ฟรี) จาก https://www.libreoffice.org/download/ แล้วเริ่ม itadocs ใหม่",
    "LibreOffice is not on this computer: Word files are made as usual, but no PDF. Install "
    "LibreOffice (free) from https://www.libreoffice.org/download/ and start itadocs again",
)
FOLDER_MADE = T("สร้างโฟลเดอร์โครงการใหม่แล้ว: {path}", "Made the projects folder {path}")
FOLDER_TOO_LONG = T(
    "ที่อยู่ของโฟลเดอร์โครงการยาว {length} ตัวอักษร ยาวเกินไปสำหรับ Windows (ชื่อไฟล์เอกสารจะเกิน "
    "{limit} ตัวอักษร) กรุณาเลือกโฟลเดอร์ที่ที่อยู่สั้นกว่านี้ เช่น C:\\ITA: {path}",
    "The projects folder's path has {length} characters, too long for Windows (document paths "
    "would pass {limit}); choose a shorter one such as C:\\ITA: {path}",
)
FOLDER_NO_PARENT = T(
    "ไม่พบโฟลเดอร์ {path} (ตรวจชื่อไดรฟ์และโฟลเดอร์อีกครั้ง)", "No folder {path} (check the drive and folder names)"
)
FOLDER_NOT_WRITABLE = T(
    "บันทึกไฟล์ในโฟลเดอร์โครงการไม่ได้: {reason} กรุณาเลือกโฟลเดอร์อื่น",
    "Cannot save in the projects folder: {reason} Choose another folder",
)
FOLDER_LOW_SPACE = T(
    "คำเตือน: ไดรฟ์ของโฟลเดอร์โครงการเหลือที่ว่าง {free} MB อาจไม่พอสร้างเอกสาร ลบไฟล์ที่ไม่ใช้ "
    "หรือเลือกโฟลเดอร์บนไดรฟ์อื่น (ไฟล์เดิมจะไม่เสียหาย: itadocs ไม่เขียนทับไฟล์ที่เขียนไม่เสร็จ)",
    "Warning: the projects folder's drive has {free} MB free, which may not hold a build; free "
    "some space or choose a folder on another drive (nothing is lost: itadocs never leaves a "
    "half-written file in place)",
)
ASK_FOLDER = T(
    "โฟลเดอร์โครงการตอนนี้: {path}\nลากโฟลเดอร์มาวางในหน้าต่างนี้ หรือพิมพ์ที่อยู่ของโฟลเดอร์ แล้วกด Enter "
    "(กด Enter อย่างเดียว = ใช้โฟลเดอร์เดิม)",
    "Projects folder now: {path}\nDrop a folder into this window or type its path, then press Enter "
    "(Enter alone keeps it)",
)
ASK_AGAIN = T(
    "ลองใหม่: ลากโฟลเดอร์มาวาง หรือพิมพ์ที่อยู่ แล้วกด Enter (ปิดหน้าต่างนี้เพื่อยกเลิก)",
    "Try again: drop a folder or type a path, then press Enter (close this window to give up)",
)
FOLDER_SAVED = T("บันทึกแล้ว: ครั้งต่อไป itadocs จะเปิดโฟลเดอร์ {path}", "Saved: itadocs will open {path} from now on")
INSTALL_TOO_DEEP = T(
    "โฟลเดอร์ที่แตกไฟล์ itadocs ไว้ลึกเกินไป ({length} ตัวอักษร) ไฟล์บางไฟล์ข้างในจึงเกินขีดจำกัด "
    "{limit} ตัวอักษรของ Windows ย้ายโฟลเดอร์นี้ไปไว้ที่สั้นกว่า เช่น C:\\itadocs หรือ Desktop "
    "แล้วเริ่มใหม่: {path}",
    "itadocs was unzipped too deep ({length} characters): some files inside pass Windows' "
    "{limit}-character limit. Move this folder somewhere shorter, such as C:\\itadocs or the "
    "Desktop, and start again: {path}",
)
PRESS_ENTER = T("กด Enter เพื่อปิดหน้าต่างนี้", "Press Enter to close this window")


# --- where things are -------------------------------------------------------------


def documents_folder() -> Path:
    """The user's Documents: on Windows the shell's answer (it may be redirected), else ~/Documents."""
    return _known_documents() or _fallback_documents(os.environ, Path.home())


def _fallback_documents(environ: Mapping[str, str], home: Path) -> Path:
    profile = environ.get("USERPROFILE")
    base = Path(profile) if profile else home
    documents = base / "Documents"
    return documents if documents.is_dir() or sys.platform == "win32" else base


def _known_documents() -> Path | None:
    """SHGetKnownFolderPath(FOLDERID_Documents): the real Documents, wherever Windows keeps it."""
    if sys.platform != "win32":
        return None
    import ctypes
    from ctypes import wintypes

    class GUID(ctypes.Structure):
        _fields_ = [
            ("Data1", wintypes.DWORD),
            ("Data2", wintypes.WORD),
            ("Data3", wintypes.WORD),
            ("Data4", ctypes.c_ubyte * 8),
        ]

    documents = GUID(0xFDD39AD0, 0x238F, 0x46AF, (ctypes.c_ubyte * 8)(0xAD, 0xB4, 0x6C, 0x85, 0x48, 0x03, 0x69, 0xC7))
    found = ctypes.c_wchar_p()
    shell32, ole32 = ctypes.WinDLL("shell32"), ctypes.WinDLL("ole32")
    shell32.SHGetKnownFolderPath.argtypes = [
        ctypes.POINTER(GUID),
        wintypes.DWORD,
        wintypes.HANDLE,
        ctypes.POINTER(ctypes.c_wchar_p),
    ]
    ole32.CoTaskMemFree.argtypes = [ctypes.c_void_p]
    try:
        if shell32.SHGetKnownFolderPath(ctypes.byref(documents), 0, None, ctypes.byref(found)) != 0:
            return None
        return Path(found.value) if found.value else None
    except OSError:
        return None
    finally:
        ole32.CoTaskMemFree(found)


def settings_dir() -> Path:
    """Where the launcher keeps its choices: %APPDATA%\\itadocs, or $XDG_CONFIG_HOME/itadocs."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "itadocs"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "itadocs"


def read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path: Path, data: dict) -> None:
    """Written whole or not at all; a settings folder that cannot be written only forgets."""
    from .files import write_atomic

    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    with contextlib.suppress(OSError, ItadocsError):
        write_atomic(path, lambda temp: Path(temp).write_text(text, encoding="utf-8"))


def remembered_folder(settings: Path) -> Path | None:
    folder = read_json(settings / SETTINGS).get("projects")
    return Path(folder) if isinstance(folder, str) and folder else None


def remember(settings: Path, **values: object) -> None:
    write_json(settings / SETTINGS, {**read_json(settings / SETTINGS), **values})


# --- the projects folder ------------------------------------------------------------


def typed_folder(text: str) -> Path | None:
    """A folder typed or dropped into the console: quotes, spaces and %VARIABLES% handled."""
    text = text.strip().strip('"').strip()
    if not text:
        return None
    return Path(os.path.expandvars(os.path.expanduser(text)))


def workspace_of(folder: Path) -> Path:
    """A project folder (one with inputs/) given where its parent was meant: the parent."""
    return folder.parent if (folder / "inputs").is_dir() else folder


def folder_problem(folder: Path, *, windows: bool = sys.platform == "win32") -> Message | None:
    """Why `folder` cannot hold the projects (made if missing and its parent exists), or None."""
    from .files import user_error

    absolute = Path(os.path.abspath(folder))
    if windows and len(str(absolute)) > MAX_PROJECTS_FOLDER:
        return FOLDER_TOO_LONG.fill(length=len(str(absolute)), limit=MAX_PATH, path=absolute)
    try:
        if not absolute.is_dir():
            if not absolute.parent.is_dir():
                return FOLDER_NO_PARENT.fill(path=absolute.parent)
            absolute.mkdir()
    except OSError as exc:  # a name too long, a file in the way, no permission
        return FOLDER_NOT_WRITABLE.fill(reason=user_error(exc, absolute).message)
    try:  # the one sure test of a read-only drive, a share without write access or a full disk
        with tempfile.NamedTemporaryFile(dir=absolute, prefix=".itadocs-check-"):
            pass
    except OSError as exc:
        return FOLDER_NOT_WRITABLE.fill(reason=user_error(exc, absolute).message)
    return None


def low_space(folder: Path, minimum: int = LOW_SPACE) -> Message | None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    return FOLDER_LOW_SPACE.fill(free=free // (1024 * 1024)) if free < minimum else None


def install_problem(python_folder: Path, windows: bool = sys.platform == "win32") -> Message | None:
    """Whether the zip was unzipped so deep that its longest file passes Windows' path limit."""
    info = read_json(python_folder / BUNDLE_INFO)
    longest = info.get("longest_path")
    if not windows or not isinstance(longest, int) or _long_paths_enabled():
        return None
    root = python_folder.parent
    if len(str(root)) + 1 + longest <= MAX_PATH:
        return None
    return INSTALL_TOO_DEEP.fill(length=len(str(root)), limit=MAX_PATH, path=root)


def _long_paths_enabled() -> bool:
    """Windows' LongPathsEnabled, which lifts the limit for Python (its python.exe is long-path aware)."""
    if sys.platform != "win32":
        return True
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SYSTEM\CurrentControlSet\Control\FileSystem") as key:
            return bool(winreg.QueryValueEx(key, "LongPathsEnabled")[0])
    except OSError:
        return False


# --- a running page -----------------------------------------------------------------


def is_itadocs(url: str, timeout: float = 10.0) -> bool:
    """Whether an itadocs page answers at `url` (it serves itadocs's own icon)."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/static/icon.svg", timeout=timeout) as answer:
            return bool(answer.read(1 << 16) == ICON.read_bytes())
    except (OSError, ValueError, urllib.error.URLError):
        return False


def running_page(settings: Path) -> dict | None:
    """The page a launcher recorded as running, if it still answers."""
    record = read_json(settings / RUNNING)
    url = record.get("url")
    return record if isinstance(url, str) and is_itadocs(url) else None


def port_taken(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a program listens on `port`, or this one could not (probes, closed at once).  Both are
    asked: Windows lets a program bind 127.0.0.1 under another's listening 0.0.0.0 and take its calls."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        if probe.connect_ex((host, port)) == 0:
            return True
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def open_browser(url: str, opener: Callable[[str], bool] = webbrowser.open) -> bool:
    try:
        return bool(opener(url))
    except Exception:  # webbrowser may raise anything its launcher does; the address is printed instead
        return False


# --- the launcher ----------------------------------------------------------------------


def ask_folder(
    current: Path, lang: str, read: Callable[[str], str] = input, say: Callable[[str], None] = print
) -> Path:
    """Ask in the console for a projects folder until one works; Enter keeps `current`."""
    say(ASK_FOLDER(lang, path=current))
    while True:
        chosen = typed_folder(read("> "))
        folder = workspace_of(chosen) if chosen is not None else current
        problem = folder_problem(folder)
        if problem is None:
            return Path(os.path.abspath(folder))
        say(problem(lang))
        say(ASK_AGAIN(lang))


def choose_workspace(
    args: argparse.Namespace, settings: Path, lang: str, interactive: bool, say: Callable[[str], None]
) -> Path | None:
    """The projects folder: the one dropped on the launcher, asked for, remembered or in Documents."""
    default = documents_folder() / FOLDER_NAME
    remembered = remembered_folder(settings)
    given = workspace_of(Path(args.folder)) if args.folder else None
    if args.choose and interactive:
        folder = ask_folder(given or remembered or default, lang, say=say)
    else:
        folder = given or remembered or default
        existed = folder.is_dir()
        problem = folder_problem(folder)
        if problem is not None:
            say(problem(lang))
            if not interactive:
                return None
            folder = ask_folder(
                default if folder != default and folder_problem(default) is None else folder, lang, say=say
            )
        elif not existed:
            say(FOLDER_MADE(lang, path=folder))
    folder = Path(os.path.abspath(folder))
    if folder != remembered:
        remember(settings, projects=str(folder))
        if args.choose or given:
            say(FOLDER_SAVED(lang, path=folder))
    return folder


def _console(lang: str) -> None:
    """Text the console cannot show is replaced, never an error; the window is titled itadocs."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if sys.platform == "win32":
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.WinDLL("kernel32").SetConsoleTitleW(f"itadocs {__version__}")


def wait_for_enter(lang: str) -> None:
    """Keep a double-clicked window open until its message was read."""
    with contextlib.suppress(EOFError, KeyboardInterrupt):
        input(PRESS_ENTER(lang))


def run(args: argparse.Namespace, lang: str, interactive: bool, say: Callable[[str], None]) -> int:
    problem = install_problem(Path(sys.executable).resolve().parent)
    if problem is not None:
        say(problem(lang))
        return 1
    settings = settings_dir()
    workspace = choose_workspace(args, settings, lang, interactive, say)
    if workspace is None:
        return 1
    running = running_page(settings)
    if running is None and port_taken(args.port) and is_itadocs(f"http://127.0.0.1:{args.port}/"):
        running = {"url": f"http://127.0.0.1:{args.port}/"}
    if running is not None:
        url = running["url"]
        say(ALREADY_RUNNING(lang, url=url))
        if running.get("projects") and Path(running["projects"]) != workspace:
            say(RUNNING_ELSEWHERE(lang, running=running["projects"], wanted=workspace))
        opened = not args.no_browser and open_browser(url)
        if not opened:
            say(ADDRESS(lang, url=url) if args.no_browser else NO_BROWSER(lang, url=url))
        if interactive:  # the window stays long enough to be read, or until Enter when the address must be copied
            time.sleep(5) if opened else wait_for_enter(lang)
        return 0
    port = args.port
    if port_taken(port):
        say(PORT_TAKEN(lang, port=port))
        port = 0
    warning = low_space(workspace)
    if warning is not None:
        say(warning(lang))

    def listening(url: str) -> None:
        write_json(
            settings / RUNNING, {"url": url, "projects": str(workspace), "pid": os.getpid(), "version": __version__}
        )
        say(RUNS(lang, version=__version__, url=url))
        say(PROJECTS_AT(lang, path=workspace))
        say(HOW_TO_CHANGE(lang))
        from .word.pdf import find_soffice

        if find_soffice() is None:
            say(NO_LIBREOFFICE(lang))
        say(HOW_TO_STOP(lang))
        if not args.no_browser:
            threading.Thread(
                target=lambda: say(OPENED(lang) if open_browser(url) else NO_BROWSER(lang, url=url)), daemon=True
            ).start()

    from .web.serve import serve

    try:
        serve(workspace, port=port, open_browser=False, lang=lang, say=say, warn=say, on_listening=listening)
    finally:
        if read_json(settings / RUNNING).get("pid") == os.getpid():
            with contextlib.suppress(OSError):
                (settings / RUNNING).unlink()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m itadocs.desktop", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", help="the projects folder (remembered)")
    parser.add_argument("--choose", action="store_true", help="ask for the projects folder in the console")
    parser.add_argument("--no-browser", action="store_true", help="print the address instead of opening it")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    lang = "en" if os.environ.get("ITADOCS_LANG", "").lower() == "en" else "th"
    _console(lang)
    interactive = sys.stdin is not None and sys.stdin.isatty()

    def say(text: str) -> None:
        print(text, flush=True)

    try:
        code = run(args, lang, interactive, say)
    except ItadocsError as exc:
        say(exc.text(lang))
        code = 1
    except KeyboardInterrupt:
        code = 0
    if code and interactive:
        wait_for_enter(lang)
    return code


if __name__ == "__main__":
    sys.exit(main())
