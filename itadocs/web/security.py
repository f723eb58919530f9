"""Passcodes, division-link tokens, CSRF tokens, login throttling, security headers: stdlib only.

- A passcode is stored only as a salted scrypt hash with its parameters ("scrypt$n$r$p$salt$hash"),
  and must be at least 10 characters that are not easily guessed (`passcode_problem`).
- A division link carries 256 random bits; only their SHA-256 is stored, so a copied
  configuration file leaks no link.
- Every state-changing request carries the session's synchronizer token (a hidden field or
  the X-CSRF-Token header); a cross-site Origin or Sec-Fetch-Site is refused before the body
  is read.
- Wrong passcodes make the client wait 1, 2, 4 ... 60 s, and slow down a project's (and a
  client's) guesses from anywhere; tries in parallel count (`Throttle`), all answered before
  any hashing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..messages import Message

# OWASP's minimum for scrypt: N=2^17, r=8, p=1 (128 MiB).  hashlib's default maxmem is
# 32 MiB, so it is raised or OpenSSL refuses ("memory limit exceeded").
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
SCRYPT_MAXMEM = 256 * 1024 * 1024
MIN_PASSCODE = 10
MAX_PASSCODE = 200
MIN_DIGITS_ONLY = 16  # a phone number (10 digits), the national ID (13) and a birth date are known to others


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_passcode(passcode: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """'scrypt$n$r$p$salt$hash': the parameters travel with the hash, so they can grow later."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(passcode.encode(), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=SCRYPT_MAXMEM)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_passcode(passcode: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(
            passcode.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32, maxmem=SCRYPT_MAXMEM
        )
    except (ValueError, TypeError):  # a damaged stored hash never logs anyone in
        return False
    return hmac.compare_digest(found, _unb64(digest))


# --- passcode strength ----------------------------------------------------------

PASSCODE_SHORT = Message("รหัสผ่านต้องมีอย่างน้อย {min} ตัวอักษร", "The passcode needs at least {min} characters")
PASSCODE_LONG = Message("รหัสผ่านยาวเกิน {max} ตัวอักษร", "The passcode is longer than {max} characters")
PASSCODE_DIGITS = Message(
    "รหัสผ่านที่เป็นตัวเลขล้วนต้องยาวอย่างน้อย {min} หลัก (เลขโทรศัพท์ เลขประจำตัวประชาชน และวันเกิด คนอื่นรู้ได้ง่าย) "
    "หรือใช้คำหรือประโยคสั้น ๆ แทน",
    "A passcode of digits only needs at least {min} of them (phone numbers, ID numbers and birth dates are "
    "known to others); or use words or a short sentence",
)
PASSCODE_EASY = Message(
    "รหัสผ่านนี้เดาง่ายเกินไป (ตัวอักษรซ้ำ เรียงตามแป้นพิมพ์หรือตามลำดับ หรือเป็นรหัสที่คนใช้กันมาก) "
    "กรุณาใช้คำหลายคำหรือประโยคสั้น ๆ ที่คนอื่นเดาไม่ได้",
    "This passcode is too easy to guess (repeated or consecutive characters, a keyboard row, or a common "
    "password); use several words or a short sentence others cannot guess",
)
PASSCODE_NAMED = Message('รหัสผ่านต้องไม่มีชื่อ "{name}" อยู่ในนั้น', 'The passcode must not contain the name "{name}"')

# Runs people type as passcodes: alphabets, digits and keyboard rows (Latin and Thai Kedmanee).
_RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1qaz2wsx3edc4rfv5tgb",
    "qazwsxedcrfvtgbyhn",
    "1q2w3e4r5t6y7u8i9o0p",
    "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",
    "กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",
    "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",
    "ๅ/-ภถุึคตจขช",
    "ๆไำพะัีรนยบลฃ",
    "ฟหกดเ้่าสวง",
    "ผปแอิืทมใฝ",
    "๑๒๓๔๕๖๗๘๙๐",
    "๐๑๒๓๔๕๖๗๘๙",
)
# The words most often found at the heart of leaked passwords, and this program's own.
_COMMON = frozenset(
    (
        "password",
        "passw0rd",
        "p@ssw0rd",
        "p@ssword",
        "pass",
        "admin",
        "administrator",
        "root",
        "user",
        "login",
        "welcome",
        "letmein",
        "changeme",
        "secret",
        "default",
        "qwerty",
        "qwertyuiop",
        "asdfgh",
        "zxcvbnm",
        "iloveyou",
        "princess",
        "sunshine",
        "dragon",
        "monkey",
        "football",
        "baseball",
        "superman",
        "batman",
        "master",
        "shadow",
        "trustno1",
        "starwars",
        "whatever",
        "freedom",
        "computer",
        "internet",
        "abc",
        "abcd",
        "abcdef",
        "test",
        "testing",
        "guest",
        "hello",
        "itadocs",
        "ita",
        "itas",
        "nacc",
        "thailand",
        "bangkok",
        "sawasdee",
        "sawadee",
        "password1",
        "qwerty123",
        "abc123",
        "iloveyou1",
        "1q2w3e4r",
        "1qaz2wsx",
        "zaq12wsx",
    )
)


def _in_run(text: str) -> bool:
    return len(text) >= 4 and any(text in run or text in run[::-1] for run in _RUNS)


def _counts_along(text: str) -> bool:
    """'1234567890123456', 'abcdefghijk', '9876543210': most steps go one letter or digit up or down."""
    steps = [abs(ord(b) - ord(a)) for a, b in zip(text, text[1:], strict=False)]
    along = sum(
        1
        for step, (a, b) in zip(steps, zip(text, text[1:], strict=False), strict=True)
        if step == 1 or {a, b} == {"9", "0"}
    )
    return len(steps) > 0 and along / len(steps) > 0.7


def _repeats(text: str) -> bool:
    """'aaaaaaaaaa', 'abcabcabca', 'ก1ก1ก1ก1ก1': a short unit said again and again."""
    return any(
        len(text) >= 2 * size and (text[:size] * (len(text) // size + 1))[: len(text)] == text for size in range(1, 5)
    )


def passcode_problem(passcode: str, names: Iterable[str] = ()) -> Message | None:
    """Why a new passcode is too weak, or None.  At least MIN_PASSCODE characters; not a
    run, a repetition or a common password (with digits around it); digits only only when
    long; never containing the project's, agency's or account's own name."""
    if len(passcode) < MIN_PASSCODE:
        return PASSCODE_SHORT.fill(min=MIN_PASSCODE)
    if len(passcode) > MAX_PASSCODE:
        return PASSCODE_LONG.fill(max=MAX_PASSCODE)
    folded = passcode.casefold()
    if folded.isdigit() and len(folded) < MIN_DIGITS_ONLY:
        return PASSCODE_DIGITS.fill(min=MIN_DIGITS_ONLY)
    if len(set(folded)) < 5 or _in_run(folded) or _repeats(folded) or _counts_along(folded):
        return PASSCODE_EASY
    core = folded.strip("0123456789๐๑๒๓๔๕๖๗๘๙!@#$%^&*()_+-=.,?/ ")  # 'Password2569!' is 'password'
    if not folded.isdigit() and (not core or core in _COMMON or _in_run(core) or _repeats(core)):
        return PASSCODE_EASY
    for name in names:
        name = " ".join(str(name).split()).casefold()
        if len(name) >= 4 and (name in folded or name.replace(" ", "") in folded.replace(" ", "")):
            return PASSCODE_NAMED.fill(name=name)
    return None


_READABLE = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or typed from paper


def new_passcode() -> str:
    """A passcode an administrator hands over: 'kd7q-mx3p-9hwa' (about 72 bits)."""
    while True:
        groups = ["".join(secrets.choice(_READABLE) for _ in range(4)) for _ in range(3)]
        made = "-".join(groups)
        if passcode_problem(made) is None:
            return made


# --- division links -----------------------------------------------------------


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- CSRF: a synchronizer token kept in the signed session --------------------

CSRF_FIELD, CSRF_HEADER = "csrf", "x-csrf-token"


def csrf_token(session: dict) -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def csrf_ok(session: Mapping, sent: object) -> bool:
    expected = session.get("csrf")
    return isinstance(sent, str) and bool(expected and sent) and hmac.compare_digest(str(expected), sent)


def same_origin(headers: Mapping[str, str], host: str | None) -> bool:
    """Before the body is read: a browser's cross-site request says so in Sec-Fetch-Site,
    or carries an Origin that is not this host."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin is None:
        return True  # not a browser, or an old one: the token still has to match
    if origin == "null":  # a sandboxed frame or a file:// page, unless the browser says it is our own page
        return site == "same-origin"
    return origin.split("://", 1)[-1].lower() == (host or "").lower()


# --- wrong passcodes ------------------------------------------------------------


@dataclass
class _Tries:
    failures: int = 0
    until: float = 0.0
    checking: bool = False  # a try of this client on this target is being hashed now
    seen: float = 0.0


@dataclass
class _Bucket:
    """A budget of wrong passcodes that grows back with time (a token bucket)."""

    level: float
    stamp: float
    checking: int = 0

    def refill(self, now: float, burst: float, every: float) -> float:
        self.level = min(burst, self.level + (now - self.stamp) / every)
        self.stamp = now
        return self.level


@dataclass
class Throttle:
    """Guesses of a passcode, slowed three ways and answered before any hashing:

    - one client on one target (a project, or an administrator's name): after the n-th wrong
      passcode, min(2^(n-1), cap) seconds of waiting, and never two tries at once;
    - one target from anywhere: `burst` wrong passcodes, then one each `target_every` s;
    - one client across targets: `client_burst`, then one each `client_every` s.

    A try is `begin` (0.0: go on, the try is now being checked; else the seconds to wait)
    then `finish`.  The right passcode clears its client's record for that target."""

    cap: float = 60.0
    burst: float = 10
    target_every: float = 6.0
    client_burst: float = 20
    client_every: float = 3.0
    target_parallel: int = 4  # tries of one target being hashed at once, from all clients
    max_entries: int = 100_000
    _pairs: dict[tuple[str, str], _Tries] = field(default_factory=dict)
    _targets: dict[str, _Bucket] = field(default_factory=dict)
    _clients: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def begin(self, client: str, target: str, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        with self._lock:
            pair = self._pairs.setdefault((client, target), _Tries())
            pair.seen = now
            aimed = self._targets.setdefault(target, _Bucket(self.burst, now))
            source = self._clients.setdefault(client, _Bucket(self.client_burst, now))
            waits = [
                pair.until - now,
                (1 - aimed.refill(now, self.burst, self.target_every)) * self.target_every,
                (1 - source.refill(now, self.client_burst, self.client_every)) * self.client_every,
            ]
            if pair.checking or aimed.checking >= self.target_parallel:
                waits.append(1.0)
            wait = max(waits)
            if wait > 0:
                return wait
            pair.checking = True
            aimed.checking += 1
            self._trim()
            return 0.0

    def finish(self, client: str, target: str, ok: bool, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            pair = self._pairs.setdefault((client, target), _Tries())
            aimed = self._targets.setdefault(target, _Bucket(self.burst, now))
            source = self._clients.setdefault(client, _Bucket(self.client_burst, now))
            pair.checking = False
            aimed.checking = max(0, aimed.checking - 1)
            if ok:
                self._pairs.pop((client, target), None)
                return
            pair.failures += 1
            pair.until = now + min(2.0 ** (pair.failures - 1), self.cap)
            aimed.refill(now, self.burst, self.target_every)
            aimed.level -= 1
            source.refill(now, self.client_burst, self.client_every)
            source.level -= 1

    def forget(self, target: str) -> None:
        """A target's record goes (its passcode was reset by an administrator)."""
        with self._lock:
            self._targets.pop(target, None)
            for key in [k for k in self._pairs if k[1] == target]:
                del self._pairs[key]

    def _trim(self) -> None:
        """Forget what no longer slows anyone, so a flood of made-up names cannot fill the memory."""
        if len(self._pairs) + len(self._targets) + len(self._clients) <= self.max_entries:
            return
        now = time.monotonic()
        for pair in [k for k, p in self._pairs.items() if not p.checking and p.until < now]:
            del self._pairs[pair]
        for table, burst, every in (
            (self._targets, self.burst, self.target_every),
            (self._clients, self.client_burst, self.client_every),
        ):
            for name in [k for k, b in table.items() if not b.checking and b.refill(now, burst, every) >= burst]:
                del table[name]
        while len(self._pairs) > self.max_entries:  # all of them still waiting: the oldest go
            del self._pairs[min(self._pairs, key=lambda k: self._pairs[k].seen)]


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# --- headers on every response ---------------------------------------------------

HEADERS = [
    # No inline script or style anywhere, so the policy can be strict.
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # A division link's token never leaves in a Referer to another site.  (Not 'no-referrer':
    # with it, browsers send 'Origin: null' on the page's own form posts.)
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


HSTS = (b"strict-transport-security", b"max-age=31536000")  # a year; not the domain's other names

PLAIN_PAGE = (
    '<!doctype html><html lang="th"><meta charset="utf-8"><meta name="viewport" '
    'content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/static/app.css">'
    '<title>{code}</title><main><section class="card"><h1>{code}</h1><p class="error">{th}</p><p>{en}</p>'
    '<p><a href="/">กลับหน้าแรก / Back to the start</a></p></section></main></html>'
)


def plain_page(code: int, message: Message) -> bytes:
    """A refusal answered before any page can be rendered (no session, no language yet):
    Thai, then English, in the page's own style."""
    from html import escape

    return PLAIN_PAGE.format(code=code, th=escape(message.th), en=escape(message.en)).encode()


class SecurityHeaders:
    """ASGI middleware: the headers above on every response (HSTS too over https), no caching
    of pages (they show a project's state to whoever holds the session), and a Thai page
    instead of the plain 'Content Too Large' Starlette's body limit answers before any route runs."""

    def __init__(self, app, too_large: Message | None = None):
        self.app = app
        self.too_large = plain_page(413, too_large or Message("", ""))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")
        https = scope.get("scheme") == "https"
        replaced = False

        async def with_headers(message):
            nonlocal replaced
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])]
                if message["status"] == 413 and any(
                    k == b"content-type" and v.startswith(b"text/plain") for k, v in headers
                ):
                    replaced = True
                    headers = [
                        (b"content-type", b"text/html; charset=utf-8"),
                        (b"content-length", str(len(self.too_large)).encode()),
                    ]
                headers.extend(HEADERS)
                if https:
                    headers.append(HSTS)
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and replaced:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": self.too_large}
            await send(message)

        await self.app(scope, receive, with_headers)
