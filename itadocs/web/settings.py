"""How one `itadocs serve` runs, and where its settings come from.

`Settings` is what the application reads.  A host sets them in one TOML file (`--config`,
or $ITADOCS_CONFIG), in the environment ($ITADOCS_<NAME>, as systemd's Environment= or
EnvironmentFile= gives them) or on the command line; the command line wins over the
environment, which wins over the file.  `OPTIONS` lists every setting once: the file's
names, the environment's, their types, defaults and meaning (deploy/itadocs.toml shows them all).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..messages import ItadocsError, Message
from . import security


@dataclass
class Settings:
    workspace: Path
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost", "[::1]"])
    network: bool = False  # listening beyond this computer: a login for everything
    https: bool = False  # Secure cookies only when the browser talks TLS to us
    workers: int = 2
    processes: bool = True  # False: the workers are threads (the tests' quick app)
    scrypt_n: int = security.SCRYPT_N
    previews: bool = True  # images of a build's first pages, when LibreOffice and pdftoppm are there
    throttle: security.Throttle = field(default_factory=security.Throttle)
    public_url: str = ""  # where other computers reach the page ('https://ita.example.go.th')
    reach: str = ""  # this computer's name on the network, for links when the page is opened as 127.0.0.1
    port: int = 0  # the port listened on
    trusted_proxies: list[str] = field(default_factory=list)
    requests_per_second: float = 20.0
    request_burst: float = 200.0
    build_seconds: float = 600.0  # a build (with its PDFs) running longer is stopped and says so
    keep_builds: int = 100  # kept builds per project ...
    keep_builds_days: float = 400.0  # ... and their age; the newest always stays
    history_days: float = 400.0  # what history/ keeps (replaced and deleted workbooks and builds): its undo
    audit_days: int = 90
    sessions_in_memory: bool = False  # the tests' quick app: no sessions file


@dataclass(frozen=True)
class Option:
    name: str  # in the file; $ITADOCS_<NAME upper> in the environment
    kind: type
    default: Any
    help: Message


M = Message
OPTIONS = [
    Option("workspace", Path, Path("."), M("โฟลเดอร์ที่เก็บโฟลเดอร์โครงการ", "The folder of projects")),
    Option("host", str, "127.0.0.1", M("ที่อยู่ที่รับการเชื่อมต่อ", "Address to listen on")),
    Option("port", int, 0, M("พอร์ต (0 = เลือกพอร์ตว่างเอง)", "Port (0: a free one)")),
    Option(
        "public_url",
        str,
        "",
        M("ที่อยู่ที่เครื่องอื่นใช้เปิดหน้านี้ (ใช้ในลิงก์ของส่วนงาน)", "Where other computers reach the page (used in division links)"),
    ),
    Option("allow_hosts", list, [], M("ชื่ออื่นที่ใช้เปิดหน้านี้ได้", "Other names the page answers to")),
    Option(
        "trusted_proxies",
        list,
        [],
        M("ที่อยู่ของ reverse proxy ที่เชื่อ X-Forwarded-For ได้", "Reverse proxies whose X-Forwarded-For is believed"),
    ),
    Option("certfile", Path, None, M("ใบรับรอง TLS สำหรับ https", "TLS certificate")),
    Option("keyfile", Path, None, M("กุญแจของใบรับรอง", "TLS key")),
    Option("workers", int, 2, M("จำนวนกระบวนการที่สร้างเอกสาร", "Worker processes")),
    Option("previews", bool, True, M("ทำภาพตัวอย่างหน้าแรก ๆ หลังสร้างเอกสาร", "Preview images after a build")),
    Option(
        "connections_per_client", int, 64, M("จำนวนการเชื่อมต่อพร้อมกันต่อที่อยู่หนึ่ง", "Connections at once from one address")
    ),
    Option(
        "connections",
        int,
        0,
        M(
            "จำนวนการเชื่อมต่อพร้อมกันทั้งหมด (0 = ตามที่ระบบให้เปิดไฟล์ได้)",
            "Connections at once in all (0: from the open-files limit)",
        ),
    ),
    Option("header_seconds", float, 10.0, M("เวลาที่ให้ส่งส่วนหัวของคำขอจนครบ", "Time to send a request's headers")),
    Option("idle_seconds", float, 30.0, M("เวลาที่การเชื่อมต่อว่างได้ก่อนปิด", "Time a connection may sit idle")),
    Option(
        "body_bytes_per_second",
        int,
        8192,
        M("ความเร็วต่ำสุดของการส่งไฟล์ (ไบต์ต่อวินาที)", "Slowest upload allowed (bytes a second)"),
    ),
    Option("requests_per_second", float, 20.0, M("คำขอต่อวินาทีต่อที่อยู่หนึ่ง", "Requests a second per address")),
    Option("request_burst", float, 200.0, M("คำขอที่ส่งติดกันได้ก่อนถูกจำกัด", "Requests allowed in a burst")),
    Option("build_seconds", float, 600.0, M("เวลาสูงสุดของการสร้างเอกสารหนึ่งครั้ง", "Longest a build may run")),
    Option("keep_builds", int, 100, M("จำนวนชุดเอกสารที่เก็บไว้ต่อโครงการ", "Kept builds per project")),
    Option("keep_builds_days", float, 400.0, M("เก็บชุดเอกสารไว้กี่วัน", "Days a kept build stays")),
    Option(
        "history_days",
        float,
        400.0,
        M(
            "เก็บไฟล์ที่ถูกแทนที่หรือลบไว้ในประวัติกี่วัน (กู้คืนได้ภายในนั้น)",
            "Days replaced and deleted files stay in the history (to restore)",
        ),
    ),
    Option("audit_days", int, 90, M("เก็บบันทึกการใช้งานไว้กี่วัน", "Days the audit trail is kept")),
]

BAD_FILE = M("อ่านไฟล์ตั้งค่า {path} ไม่ได้: {reason}", "Cannot read the settings file {path}: {reason}")
BAD_VALUE = M(
    'ค่า {name} = "{value}" ใช้ไม่ได้ (ต้องเป็น{kind})', 'The setting {name} = "{value}" cannot be used (it must be {kind})'
)
UNKNOWN = M("ไม่รู้จักค่าตั้ง {names} ใน {path} (ที่มี: {known})", "Unknown settings {names} in {path} (known: {known})")
KINDS = {
    str: M("ข้อความ", "a text"),
    int: M("จำนวนเต็ม", "a whole number"),
    float: M("ตัวเลข", "a number"),
    bool: M("true หรือ false", "true or false"),
    list: M("รายการ", "a list"),
    Path: M("ที่อยู่ของไฟล์", "a path"),
}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _convert(option: Option, value: Any, base: Path | None) -> Any:
    """A value from the file (typed) or the environment (text) as the option's type."""
    kind = option.kind
    try:
        if kind is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text not in _TRUE | _FALSE:
                raise ValueError(value)
            return text in _TRUE
        if kind is list:
            items = value if isinstance(value, list) else str(value).replace(",", " ").split()
            return [str(item).strip() for item in items if str(item).strip()]
        if kind is Path:
            path = Path(str(value)).expanduser()
            return path if path.is_absolute() or base is None else base / path
        if isinstance(value, bool) or (kind is int and isinstance(value, float)):
            raise ValueError(value)
        return kind(value)
    except (TypeError, ValueError):
        raise ItadocsError(BAD_VALUE, name=option.name, value=value, kind=KINDS[kind]) from None


def load(
    file: Path | None = None, environ: Mapping[str, str] | None = None, given: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Every option's value: defaults, then the file (`file`, or $ITADOCS_CONFIG), then the
    environment, then what was given on the command line (None: not given).  Paths in the
    file are relative to the file's folder."""
    environ = os.environ if environ is None else environ
    values = {o.name: o.default for o in OPTIONS}
    by_name = {o.name: o for o in OPTIONS}
    file = file or (Path(environ["ITADOCS_CONFIG"]) if environ.get("ITADOCS_CONFIG") else None)
    if file is not None:
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ItadocsError(BAD_FILE, path=file, reason=getattr(exc, "strerror", None) or exc) from None
        unknown = sorted(set(data) - set(by_name))
        if unknown:
            raise ItadocsError(UNKNOWN, names=", ".join(unknown), path=file, known=", ".join(by_name))
        for name, value in data.items():
            values[name] = _convert(by_name[name], value, file.resolve().parent)
    for option in OPTIONS:
        text = environ.get(f"ITADOCS_{option.name.upper()}")
        if text is not None:
            values[option.name] = _convert(option, text, None)
    for name, value in (given or {}).items():
        if value is not None and value != () and value != []:
            values[name] = value
    return values
