"""Sessions kept on the server: the cookie holds only a random id.

A helper serving a hundred agencies holds a grant for each in one session; in a signed
cookie that outgrew what browsers keep (about 4 KB), and a copied cookie stayed valid after
logout.  Here the cookie carries 256 random bits, the store keeps only their SHA-256 (a
copied store file opens no session), and logging out deletes the row, so a copied cookie
opens nothing.  Rows live in SQLite (stdlib, one file in the workspace's .itadocs/), so a
restart keeps people logged in, and are removed once idle: a day for a visitor who never
logged in, two weeks otherwise (each grant has its own, shorter, expiry).

The middleware offers the session as `request.session` (a dict, as Starlette's does);
`end(request)` ends it, `renew(request)` gives it a new id (after a login, so an id an
attacker planted before the login is worth nothing).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from starlette.requests import Request

log = logging.getLogger("itadocs.web")
ANONYMOUS_SECONDS = 24 * 3600  # a session that never held a grant
IDLE_SECONDS = 14 * 24 * 3600  # one that did (its grants expire sooner on their own)
TOUCH_SECONDS = 300  # how often a session's last use is written back
MAX_VISITORS = 100_000  # sessions that never held a grant: beyond this the longest idle go first
GRANTS = ("auth", "admin", "division")  # keys of a session that make it more than a visitor's


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


class SessionStore:
    """Session data by the digest of its id, in one SQLite file (or in memory: path None)."""

    def __init__(self, path: Path | None):
        self._lock = threading.Lock()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError as exc:  # a damaged file: set aside, and everyone logs in again
            assert path is not None
            log.error("sessions file %s unreadable (%s): set aside, starting afresh", path, exc)
            path.replace(path.with_name(f"{path.name}.damaged-{int(time.time())}"))
            self._db = self._open(path)
        if path is not None:
            with contextlib.suppress(OSError):
                path.chmod(0o600)

    def _open(self, path: Path | None) -> sqlite3.Connection:
        db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False, isolation_level=None)
        if path is not None:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # a power cut may lose the last logins, never the file
        db.execute(
            "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL, "
            "seen REAL NOT NULL, expires REAL NOT NULL, granted INTEGER NOT NULL DEFAULT 0)"
        )
        db.execute("CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires)")
        return db

    def load(self, sid: str, now: float | None = None) -> dict | None:
        now = time.time() if now is None else now
        with self._lock:
            row = self._db.execute("SELECT data, seen, expires FROM sessions WHERE id = ?", (_digest(sid),)).fetchone()
        if row is None or row[2] < now:
            return None
        try:
            data = json.loads(row[0])
        except ValueError:
            return None
        if now - row[1] > TOUCH_SECONDS:
            self.save(sid, data, now)
        return data if isinstance(data, dict) else None

    def save(self, sid: str, data: dict, now: float | None = None) -> None:
        """Keep a session's data; a store that cannot be written (a full disk) is said in the
        log, and the request goes on (its session then lasts as long as the page is open)."""
        now = time.time() if now is None else now
        granted = any(data.get(key) for key in GRANTS)
        lasts = IDLE_SECONDS if granted else ANONYMOUS_SECONDS
        with self._lock, self._said():
            self._db.execute(
                "INSERT OR REPLACE INTO sessions (id, data, seen, expires, granted) VALUES (?, ?, ?, ?, ?)",
                (_digest(sid), json.dumps(data, ensure_ascii=False), now, now + lasts, int(granted)),
            )

    def delete(self, sid: str) -> None:
        with self._lock, self._said():
            self._db.execute("DELETE FROM sessions WHERE id = ?", (_digest(sid),))

    @contextmanager
    def _said(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            log.error("sessions not saved: %s", exc)

    def prune(self, now: float | None = None, visitors: int = MAX_VISITORS) -> int:
        """Remove expired sessions, and the longest idle visitors' beyond `visitors` (someone
        loading pages in a loop fills only those: a logged-in session is never pushed out)."""
        now = time.time() if now is None else now
        gone = 0
        with self._lock, self._said():
            gone = self._db.execute("DELETE FROM sessions WHERE expires < ?", (now,)).rowcount
            count = self._db.execute("SELECT COUNT(*) FROM sessions WHERE granted = 0").fetchone()[0]
            if count > visitors:
                gone += self._db.execute(
                    "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE granted = 0 "
                    "ORDER BY seen LIMIT ?)",
                    (count - visitors,),
                ).rowcount
        return gone

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _State:
    """One request's session: its id (made when first needed), the data as loaded."""

    def __init__(self, sid: str | None, data: dict):
        self.sid = sid
        self.fresh = sid is None  # the browser has no cookie for it yet
        self.loaded = json.dumps(data, sort_keys=True)
        self.ended = False
        self.replaced: str | None = None  # the id this one replaced (renew)

    def id(self) -> str:
        if self.sid is None:
            self.sid = secrets.token_urlsafe(32)
        return self.sid


class ServerSessions:
    """ASGI middleware: `scope["session"]` from the store by the cookie's id, saved back when
    changed.  The cookie is HttpOnly, SameSite=Lax, and under https Secure with the __Host-
    prefix (no other site on the domain can set it)."""

    def __init__(self, app: Any, store: SessionStore, https: bool = False):
        self.app = app
        self.store = store
        self.https = https  # the server itself speaks TLS; behind a proxy, the request's scheme says
        self._made = 0  # sessions made since the last pruning

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secure = self.https or scope.get("scheme") == "https"
        cookie = "__Host-itadocs" if secure else "itadocs"
        sid = self._cookie_of(scope, cookie)
        data = self.store.load(sid) if sid else None
        if data is None:
            sid, data = None, {}
        state = _State(sid, data)
        scope["session"] = data
        scope["itadocs.session"] = state

        async def saving(message: dict) -> None:
            if message["type"] == "http.response.start":
                value = self._commit(scope["session"], state)
                if value is not None:
                    header = _set_cookie(cookie, value, secure)
                    message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", header.encode())]}
            await send(message)

        await self.app(scope, receive, saving)

    def _cookie_of(self, scope: dict, name: str) -> str | None:
        for header, value in scope.get("headers", []):
            if header == b"cookie":
                jar: SimpleCookie = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:  # a malformed cookie header is no session
                    continue
                morsel = jar.get(name)
                if morsel is not None and 20 <= len(morsel.value) <= 100:
                    return morsel.value
        return None

    def _commit(self, data: dict, state: _State) -> str | None:
        """Save or delete the session; the cookie's new value ('' to remove it), or None
        when the browser's cookie stays as it is."""
        if state.replaced:
            self.store.delete(state.replaced)
        if state.ended:
            data.clear()
        if not data:
            if state.sid and not state.fresh:
                self.store.delete(state.sid)
            return None if state.fresh and not state.replaced else ""
        if json.dumps(data, sort_keys=True) != state.loaded or state.fresh:
            self.store.save(state.id(), data)
            self._made += state.fresh
            if self._made >= 1000:  # visitors' sessions stay bounded between the hourly prunings
                self._made = 0
                self.store.prune()
        return state.id() if state.fresh else None


def _set_cookie(name: str, value: str, secure: bool) -> str:
    parts = [f"{name}={value}", "Path=/", f"Max-Age={IDLE_SECONDS if value else 0}", "HttpOnly", "SameSite=Lax"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def _state(request: Request) -> _State:
    return request.scope["itadocs.session"]


def end(request: Request) -> None:
    """End this session on the server: a copy of its cookie opens nothing any more."""
    _state(request).ended = True


def renew(request: Request) -> None:
    """Keep the session's data under a new id (after a login)."""
    state = _state(request)
    if state.sid and not state.fresh:
        state.replaced = state.sid
    state.sid, state.fresh = None, True


def tag(request: Request) -> str:
    """A short, stable name for this session in the audit trail (never the id itself)."""
    return _digest(_state(request).id())[:10]
