"""`itadocs serve [WORKSPACE]`: bind, print the address, open the browser, serve until Ctrl+C
(or until systemd stops it).

By default the page listens on 127.0.0.1 only, on a free port.  On another --host (the
office network, or behind a reverse proxy) everything needs a login (`auth`); over plain
http a warning says that what is typed travels unencrypted, and --certfile/--keyfile turn
on https.  Settings come from the command line, the environment or one file (`settings`).
Connections are bounded by client and in time below the application (`guard`), and the
open-files limit is raised to what the system allows.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..messages import ItadocsError, Message
from . import settings as config
from .accounts import read_admins
from .clients import Proxies
from .projects import Workspace, read_config
from .security import is_loopback

LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"]
BACKLOG = 128  # connections waiting to be accepted, and accepted at once
RESERVED_FILES = 96  # open files kept for all but connections

STARTED = Message("itadocs เปิดหน้าเว็บแล้วที่ {url}  (กด Ctrl+C เพื่อหยุด)", "itadocs is serving {url}  (Ctrl+C stops it)")
WORKSPACE = Message("โฟลเดอร์งาน: {path} ({count} โครงการ)", "Workspace: {path} ({count} projects)")
ALSO_AT = Message("เครื่องอื่นในเครือข่ายเปิดได้ที่: {urls}", "Other computers open: {urls}")
HOST_NAMES = Message(
    "ชื่อที่ใช้เปิดหน้านี้ได้: {names} (เพิ่มชื่ออื่นด้วย --allow-host)",
    "Names this page answers to: {names} (add more with --allow-host)",
)
NOT_ENCRYPTED = Message(
    "คำเตือน: หน้าเว็บเปิดให้เครื่องอื่นในเครือข่ายใช้ผ่าน http ธรรมดา ข้อมูล ไฟล์ และรหัสผ่านที่ส่งไม่ได้เข้ารหัส "
    "ผู้ที่ดักฟังเครือข่ายเดียวกันอ่านได้ ใช้เฉพาะในเครือข่ายภายในที่ไว้ใจได้ หรือเปิดเป็น https ด้วย --certfile และ --keyfile",
    "Warning: the page is open to other computers over plain http: what is sent, files and passcodes included, "
    "is not encrypted and anyone listening on the network can read it. Use it on a trusted office network only, "
    "or serve https with --certfile and --keyfile",
)
UNPROTECTED = Message(
    "โครงการต่อไปนี้ยังไม่มีรหัสผ่าน บนเครือข่ายจึงเปิดได้เฉพาะผู้ดูแลระบบ: {projects}",
    "These projects have no passcode yet, so on the network only an administrator opens them: {projects}",
)
NO_ADMIN = Message(
    "ยังไม่มีบัญชีผู้ดูแลระบบ (ผู้ดูแลสร้างโครงการและตั้งรหัสผ่านใหม่ได้) สร้างได้ด้วย: itadocs admin set {workspace} <ชื่อ>",
    "No administrator account yet (administrators create projects and reset passcodes); make one with: "
    "itadocs admin set {workspace} <name>",
)
FREE_PORT = Message(
    "คำเตือน: ไม่ได้กำหนด --port จึงได้พอร์ตว่างที่เปลี่ยนทุกครั้งที่เริ่มใหม่ ลิงก์ของส่วนงานจะใช้ไม่ได้หลังเริ่มใหม่",
    "Warning: no --port, so a free port that changes at each start: division links stop working after a restart",
)
PORT_BUSY = Message(
    "เปิดพอร์ต {port} บน {host} ไม่ได้ ({reason}) ลองพอร์ตอื่นด้วย --port หรือไม่ต้องใส่ --port เพื่อให้เลือกพอร์ตว่างเอง",
    "Cannot listen on {host} port {port} ({reason}); try another --port, or leave it out to get a free one",
)
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
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        raise ItadocsError(PORT_BUSY, host=host, port=port, reason=exc.strerror or exc) from exc
    return sock


def _wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


def _own_addresses() -> list[str]:
    """This computer's address on the network (the one its traffic leaves by), then its name
    and the other addresses the system gives for it, as other computers may reach it."""
    found: list[str] = []
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:  # a UDP "connection" sends nothing: it only picks the interface a packet would leave by
            with socket.socket(family, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                address = str(udp.getsockname()[0])
            if not is_loopback(address) and address not in found:
                found.append(address)
        except OSError:
            pass
    name = socket.gethostname()
    found.append(name)
    try:
        for info in socket.getaddrinfo(name, None):
            address = str(info[4][0])
            if address not in found and not is_loopback(address):
                found.append(address)
    except OSError:
        pass
    return found


def allowed_hosts(host: str, extra: tuple[str, ...] = (), public_url: str = "") -> list[str]:
    """The Host header values the page answers to: others are refused (DNS rebinding)."""
    names = list(LOOPBACK_NAMES)
    if not is_loopback(host):
        names += _own_addresses() if _wildcard(host) else [host.strip("[]")]
    names += [e.strip() for e in extra if e.strip()]
    if public_url:
        names.append(urlsplit(public_url).hostname or "")
    bracketed = [f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names if n]
    return list(dict.fromkeys(bracketed))


def open_files_limit() -> int:
    """Raise this process's open-files limit to the most the system allows (systemd gives
    services 1,024 unless told otherwise); the limit it has now."""
    try:
        import resource
    except ImportError:  # Windows: sockets are not counted against a small limit there
        return 8192
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return soft if soft != resource.RLIM_INFINITY else 65536


def _logging() -> None:
    """The server's own messages to stderr, which systemd's journal keeps (it adds the time)."""
    log = logging.getLogger("itadocs.web")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        journal = bool(os.environ.get("JOURNAL_STREAM"))
        handler.setFormatter(
            logging.Formatter("%(levelname)s %(message)s" if journal else "%(asctime)s %(levelname)s %(message)s")
        )
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve(
    workspace: Path | None = None,
    *,
    config_file: Path | None = None,
    open_browser: bool = True,
    lang: str = "th",
    say: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
    on_listening: Callable[[str], None] | None = None,
    **given: Any,
) -> None:
    """Serve the page until Ctrl+C or SIGTERM.  `given` are settings from the command line
    (None or empty: not given), over the environment and the file.  `on_listening(url)` is
    called once the socket listens (the Windows launcher records and opens it).  Raises
    ItadocsError when it must not or cannot start."""
    import uvicorn

    from .app import Settings, create_app
    from .guard import Guard, GuardedProtocol

    options = config.load(config_file, given={**given, "workspace": workspace})
    workspace = Path(options["workspace"])
    host, certfile, keyfile = str(options["host"]), options["certfile"], options["keyfile"]
    if not workspace.is_dir():
        raise ItadocsError(FOLDER_MISSING, path=workspace)
    if (certfile is None) != (keyfile is None):
        raise ItadocsError(TLS_PAIR)
    for path in (certfile, keyfile):
        if path is not None and not Path(path).is_file():
            raise ItadocsError(TLS_FILE, path=path)
    try:
        proxies = Proxies(options["trusted_proxies"])
    except ValueError as exc:
        raise ItadocsError(config.BAD_VALUE, name="trusted_proxies", value=exc, kind=config.KINDS[list]) from None
    space = Workspace(workspace.resolve())
    public_url = str(options["public_url"]).rstrip("/")
    # Behind a reverse proxy the server listens on 127.0.0.1, yet its clients are the network's.
    network = not is_loopback(host) or bool(proxies.trusted) or bool(public_url)
    https = certfile is not None
    names = allowed_hosts(host, tuple(options["allow_hosts"]), public_url)
    sock = bind(host, int(options["port"]))
    bound = sock.getsockname()[1]
    scheme = "https" if https else "http"
    reach = next((n for n in names if n not in LOOPBACK_NAMES), "")
    settings = Settings(
        space.root,
        names,
        network=network,
        https=https,
        workers=int(options["workers"]),
        previews=bool(options["previews"]),
        public_url=public_url,
        reach=reach.strip("[]"),
        port=bound,
        trusted_proxies=list(options["trusted_proxies"]),
        requests_per_second=float(options["requests_per_second"]),
        request_burst=float(options["request_burst"]),
        build_seconds=float(options["build_seconds"]),
        keep_builds=int(options["keep_builds"]),
        keep_builds_days=float(options["keep_builds_days"]),
        history_days=float(options["history_days"]),
        audit_days=int(options["audit_days"]),
    )
    if network and not is_loopback(reach or "127.0.0.1"):
        shown = f"{scheme}://{reach if ':' not in reach or reach.startswith('[') else f'[{reach}]'}:{bound}/"
    else:
        shown = f"{scheme}://{'127.0.0.1' if _wildcard(host) or not network else host}:{bound}/"
    url = public_url + "/" if public_url else shown
    say(STARTED(lang, url=url))
    say(WORKSPACE(lang, path=space.root, count=len(space.projects())))
    if network:
        public_host = urlsplit(public_url).hostname if public_url else None
        others = [n for n in names if n not in LOOPBACK_NAMES and n != public_host]
        if others:
            say(ALSO_AT(lang, urls=", ".join(f"{scheme}://{n}:{bound}/" for n in others)))
        say(HOST_NAMES(lang, names=", ".join(names)))
        unprotected = [p.name for p in space.projects() if not read_config(p).passcode]
        if unprotected:
            warn(UNPROTECTED(lang, projects=", ".join(unprotected)))
        if not read_admins(space.root):
            warn(NO_ADMIN(lang, workspace=space.root))
        if not https and not public_url.startswith("https://"):
            warn(NOT_ENCRYPTED(lang))
        if not int(options["port"]):
            warn(FREE_PORT(lang))
    if on_listening is not None:
        on_listening(url)
    if open_browser:
        # The socket already listens: the browser's connection waits in the backlog until
        # uvicorn accepts it, so there is no need to wait for the start-up.
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    limit = open_files_limit()
    # The event loop accepts up to BACKLOG connections at once before any is looked at: room for
    # them, and for the workers, LibreOffice, the sessions and the files a build opens, is kept.
    guard = Guard(
        per_client=int(options["connections_per_client"]),
        total=int(options["connections"]) or max(32, min(limit - BACKLOG - RESERVED_FILES, 10_000)),
        header_seconds=float(options["header_seconds"]),
        idle_seconds=float(options["idle_seconds"]),
        body_rate=float(options["body_bytes_per_second"]),
        proxies=proxies,
    )
    _logging()
    uvicorn_config = uvicorn.Config(
        create_app(settings),
        http=GuardedProtocol.bound(guard),
        ws="none",
        lifespan="on",
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,  # the application reads a proxy's headers itself, from trusted proxies only
        timeout_keep_alive=int(float(options["idle_seconds"])),
        backlog=BACKLOG,
        timeout_graceful_shutdown=30,
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
    )
    server = uvicorn.Server(uvicorn_config)
    main = threading.current_thread() is threading.main_thread()
    # systemd's stop (SIGTERM): once uvicorn has shut down cleanly, it ends this call as Ctrl+C does.
    before = signal.signal(signal.SIGTERM, _interrupt) if main else None
    try:
        server.run(sockets=[sock])  # uvicorn re-raises the signal it caught once it has shut down cleanly
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        if main:
            signal.signal(signal.SIGTERM, before)
    say(STOPPED(lang))


def main() -> None:
    """`python -m itadocs.web.serve WORKSPACE [--no-browser] ...`: the bench and the tests
    start the server this way."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m itadocs.web.serve")
    parser.add_argument("workspace", nargs="?", default=None)
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-previews", action="store_true", help="no LibreOffice after each build")
    args = parser.parse_args()
    try:
        serve(
            Path(args.workspace) if args.workspace else None,
            config_file=args.config,
            open_browser=not args.no_browser,
            say=lambda text: print(text, flush=True),
            warn=lambda text: print(text, file=sys.stderr, flush=True),
            host=args.host,
            port=args.port,
            workers=args.workers,
            previews=False if args.no_previews else None,
        )
    except ItadocsError as exc:
        print(exc.text("th"), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
