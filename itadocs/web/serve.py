"""`itadocs serve [WORKSPACE]`: bind, print the address, open the browser, serve until Ctrl+C.

By default the page listens on 127.0.0.1 only, on a free port.  Another --host (the office
LAN) is refused until every project has a passcode; over plain http a warning says that
what is typed travels unencrypted, and --certfile/--keyfile turn on https (cookies are then
marked Secure).
"""

from __future__ import annotations

import socket
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from ..messages import ItadocsError, Message
from .projects import Workspace, read_config
from .security import is_loopback

LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"]

STARTED = Message("itadocs เปิดหน้าเว็บแล้วที่ {url}  (กด Ctrl+C เพื่อหยุด)", "itadocs is serving {url}  (Ctrl+C stops it)")
WORKSPACE = Message("โฟลเดอร์งาน: {path} ({count} โครงการ)", "Workspace: {path} ({count} projects)")
ALSO_AT = Message("เครื่องอื่นในเครือข่ายเปิดได้ที่: {urls}", "Other computers open: {urls}")
HOST_NAMES = Message("ชื่อที่ใช้เปิดหน้านี้ได้: {names} (เพิ่มชื่ออื่นด้วย --allow-host)",
                     "Names this page answers to: {names} (add more with --allow-host)")
NOT_ENCRYPTED = Message(
    "คำเตือน: หน้าเว็บเปิดให้เครื่องอื่นในเครือข่ายใช้ผ่าน http ธรรมดา ข้อมูล ไฟล์ และรหัสผ่านที่ส่งไม่ได้เข้ารหัส "
    "ผู้ที่ดักฟังเครือข่ายเดียวกันอ่านได้ ใช้เฉพาะในเครือข่ายภายในที่ไว้ใจได้ หรือเปิดเป็น https ด้วย --certfile และ --keyfile",
    "Warning: the page is open to other computers over plain http: what is sent, files and passcodes included, "
    "is not encrypted and anyone listening on the network can read it. Use it on a trusted office network only, "
    "or serve https with --certfile and --keyfile")
UNPROTECTED = Message(
    "ไม่เปิดหน้าเว็บบน {host} เพราะโครงการต่อไปนี้ยังไม่มีรหัสผ่าน: {projects} "
    "ตั้งรหัสผ่านก่อน: เปิด itadocs serve บนเครื่องนี้ (ไม่ใส่ --host) แล้วตั้งรหัสผ่านที่ท้ายหน้าของแต่ละโครงการ",
    "Not serving on {host}: these projects have no passcode yet: {projects}. Set one first: run itadocs serve on "
    "this computer (without --host) and set it at the bottom of each project's page")
PORT_BUSY = Message("เปิดพอร์ต {port} บน {host} ไม่ได้ ({reason}) ลองพอร์ตอื่นด้วย --port หรือไม่ต้องใส่ --port "
                    "เพื่อให้เลือกพอร์ตว่างเอง", "Cannot listen on {host} port {port} ({reason}); try another --port, "
                    "or leave it out to get a free one")
FOLDER_MISSING = Message("ไม่พบโฟลเดอร์ {path}", "No folder {path}")
TLS_PAIR = Message("--certfile และ --keyfile ต้องใส่คู่กัน", "--certfile and --keyfile go together")
TLS_FILE = Message("ไม่พบไฟล์ {path}", "No file {path}")
STOPPED = Message("itadocs: หยุดแล้ว", "itadocs: stopped")


def bind(host: str, port: int = 0) -> socket.socket:
    """A listening socket; port 0 lets the system pick a free one, with no window for a race
    (the socket stays open and is handed to uvicorn as it is)."""
    address = host.strip("[]")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    # proto must be IPPROTO_TCP: accepted sockets inherit it, and asyncio turns on TCP_NODELAY
    # only when it is set; with proto 0 every keep-alive request waits on a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    if sys.platform != "win32":  # on Windows SO_REUSEADDR would let another program take the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((address, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ItadocsError(PORT_BUSY, host=host, port=port, reason=exc.strerror or exc) from exc
    return sock


def _wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


def _own_addresses() -> list[str]:
    """This computer's name and addresses, as other computers may reach it."""
    name = socket.gethostname()
    found = [name]
    try:
        for info in socket.getaddrinfo(name, None):
            address = str(info[4][0])
            if address not in found and not is_loopback(address):
                found.append(address)
    except OSError:
        pass
    return found


def allowed_hosts(host: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The Host header values the page answers to: others are refused (DNS rebinding)."""
    names = list(LOOPBACK_NAMES)
    if not is_loopback(host):
        names += _own_addresses() if _wildcard(host) else [host.strip("[]")]
    names += [e.strip() for e in extra if e.strip()]
    bracketed = [f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names]
    return list(dict.fromkeys(bracketed))


def serve(workspace: Path, *, host: str = "127.0.0.1", port: int = 0, open_browser: bool = True,
          allow_hosts: tuple[str, ...] = (), workers: int = 2, certfile: Path | None = None,
          keyfile: Path | None = None, lang: str = "th", say: Callable[[str], None] = print,
          warn: Callable[[str], None] = print, previews: bool = True,
          on_listening: Callable[[str], None] | None = None) -> None:
    """Serve the page until Ctrl+C.  Raises ItadocsError when it must not or cannot start.
    `on_listening(url)` is called once the socket listens (the Windows launcher records and opens it)."""
    import uvicorn

    from .app import Settings, create_app

    if not workspace.is_dir():
        raise ItadocsError(FOLDER_MISSING, path=workspace)
    if (certfile is None) != (keyfile is None):
        raise ItadocsError(TLS_PAIR)
    for path in (certfile, keyfile):
        if path is not None and not path.is_file():
            raise ItadocsError(TLS_FILE, path=path)
    space = Workspace(workspace.resolve())
    network = not is_loopback(host)
    if network:
        unprotected = [p.name for p in space.projects() if not read_config(p).passcode]
        if unprotected:
            raise ItadocsError(UNPROTECTED, host=host, projects=", ".join(unprotected))
    https = certfile is not None
    names = allowed_hosts(host, allow_hosts)
    settings = Settings(space.root, space.secret(), names, network=network, https=https, workers=workers,
                        previews=previews)
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    scheme = "https" if https else "http"
    shown = "127.0.0.1" if _wildcard(host) or not network else host.strip("[]")
    shown = f"[{shown}]" if ":" in shown else shown
    url = f"{scheme}://{shown}:{bound}/"
    say(STARTED(lang, url=url))
    say(WORKSPACE(lang, path=space.root, count=len(space.projects())))
    if network:
        others = [n for n in names if n not in LOOPBACK_NAMES]
        say(ALSO_AT(lang, urls=", ".join(f"{scheme}://{n}:{bound}/" for n in others)))
        say(HOST_NAMES(lang, names=", ".join(names)))
        if not https:
            warn(NOT_ENCRYPTED(lang))
    if on_listening is not None:
        on_listening(url)
    if open_browser:
        # The socket already listens: the browser's connection waits in the backlog until
        # uvicorn accepts it, so there is no need to wait for the start-up.
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False, lifespan="on",
                            # uvicorn's 5 s closes idle connections a client may be about to reuse
                            timeout_keep_alive=30,
                            ssl_certfile=str(certfile) if certfile else None,
                            ssl_keyfile=str(keyfile) if keyfile else None)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])  # uvicorn re-raises the Ctrl+C it caught once it has shut down cleanly
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    say(STOPPED(lang))


def main() -> None:
    """`python -m itadocs.web.serve WORKSPACE [--no-browser]`: the bench starts the server this way."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m itadocs.web.serve")
    parser.add_argument("workspace", nargs="?", default=".")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-previews", action="store_true", help="no LibreOffice after each build (the bench)")
    args = parser.parse_args()
    try:
        serve(Path(args.workspace), host=args.host, port=args.port, open_browser=not args.no_browser,
              workers=args.workers, say=lambda text: print(text, flush=True), previews=not args.no_previews)
    except ItadocsError as exc:
        print(exc.text("th"), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
