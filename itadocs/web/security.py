"""Passcodes, division-link tokens, CSRF tokens, login throttling, security headers: stdlib only.

- A passcode is stored only as a salted scrypt hash with its parameters ("scrypt$n$r$p$salt$hash").
- A division link carries 256 random bits; only their SHA-256 is stored, so a copied
  configuration file leaks no link.
- Every state-changing request carries the session's synchronizer token (a hidden field or
  the X-CSRF-Token header); a cross-site Origin or Sec-Fetch-Site is refused before the body
  is read.
- Wrong passcodes make the client wait 1, 2, 4 ... 60 s, answered before any hashing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

# OWASP's minimum for scrypt: N=2^17, r=8, p=1 (128 MiB).  hashlib's default maxmem is
# 32 MiB, so it is raised or OpenSSL refuses ("memory limit exceeded").
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
SCRYPT_MAXMEM = 256 * 1024 * 1024
MIN_PASSCODE = 8


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
        found = hashlib.scrypt(passcode.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32,
                               maxmem=SCRYPT_MAXMEM)
    except (ValueError, TypeError):  # a damaged stored hash never logs anyone in
        return False
    return hmac.compare_digest(found, _unb64(digest))


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
class _Failures:
    count: int = 0
    until: float = 0.0


@dataclass
class Throttle:
    """After the n-th wrong passcode from one client for one project, refuse for
    min(2^(n-1), cap) seconds.  Refusals are answered before hashing."""

    cap: float = 60.0
    _seen: dict[tuple[str, str], _Failures] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, client: str, project: str, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        with self._lock:
            failures = self._seen.get((client, project))
            return max(0.0, failures.until - now) if failures else 0.0

    def failed(self, client: str, project: str, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        with self._lock:
            failures = self._seen.setdefault((client, project), _Failures())
            failures.count += 1
            delay = min(2.0 ** (failures.count - 1), self.cap)
            failures.until = now + delay
            return delay

    def succeeded(self, client: str, project: str) -> None:
        with self._lock:
            self._seen.pop((client, project), None)


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
    (b"content-security-policy", b"default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
                                 b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # A division link's token never leaves in a Referer to another site.  (Not 'no-referrer':
    # with it, browsers send 'Origin: null' on the page's own form posts.)
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


TOO_LARGE_PAGE = (
    "<!doctype html><html lang=\"th\"><meta charset=\"utf-8\"><meta name=\"viewport\" "
    "content=\"width=device-width, initial-scale=1\"><link rel=\"stylesheet\" href=\"/static/app.css\">"
    "<title>413</title><main><section class=\"card\"><h1>413</h1><p class=\"error\">{th}</p><p>{en}</p>"
    "<p><a href=\"/\">กลับหน้าแรก / Back to the start</a></p></section></main></html>")


class SecurityHeaders:
    """ASGI middleware: the headers above on every response, no caching of pages (they show
    a project's state to whoever holds the session), and a Thai page instead of the plain
    'Content Too Large' Starlette's body limit answers before any route runs."""

    def __init__(self, app, too_large: tuple[str, str] = ("", "")):
        self.app = app
        self.too_large = TOO_LARGE_PAGE.format(th=too_large[0], en=too_large[1]).encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")
        replaced = False

        async def with_headers(message):
            nonlocal replaced
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])]
                if message["status"] == 413 and any(k == b"content-type" and v.startswith(b"text/plain")
                                                    for k, v in headers):
                    replaced = True
                    headers = [(b"content-type", b"text/html; charset=utf-8"),
                               (b"content-length", str(len(self.too_large)).encode())]
                headers.extend(HEADERS)
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and replaced:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": self.too_large}
            await send(message)

        await self.app(scope, receive, with_headers)
