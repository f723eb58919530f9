"""Connections bounded by client and in time, below the application, where uvicorn has no limit.

uvicorn waits for a request's headers as long as the client likes, and keeps a connection
that never sends a byte: a few hundred clients opening connections and dribbling headers
used up the server's open files and locked everyone out.  `GuardedProtocol` is uvicorn's
HTTP/1.1 protocol with, per connection:

- a connection that sends nothing is closed after `idle_seconds`; a request's headers must
  arrive whole within `header_seconds` of their first byte; its body at `body_rate` bytes a
  second at least (after a grace of `header_seconds`); a client that stops reading what it
  is sent for `idle_seconds` is let go;
- at most `per_client` connections from one address (an IPv6 client by its /64) at once;
  a trusted reverse proxy, which carries many clients, is not counted so;
- at most `total` connections in all (below the open-files limit): when full, a connection
  that is sending its headers slowly makes room (the one that started longest ago), else one
  that has sent nothing for a quarter of a second; a new connection is refused only when
  neither exists.  A browser sends its request's headers at once, so it is never the one
  making room.

Refusals are a short Thai page (429 or 503) on the connection before it is closed.  The
application sees nothing of this: the protocol class is given to uvicorn (`Config(http=...)`).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..messages import Message
from .clients import Proxies, client_key
from .security import plain_page

TOO_MANY_CONNECTIONS = Message(
    "มีการเชื่อมต่อจากเครื่องนี้มากเกินไป กรุณาปิดหน้าต่างที่ไม่ใช้แล้วลองใหม่",
    "Too many connections from this computer; close the windows you do not use and try again",
)
SERVER_FULL = Message("ขณะนี้มีผู้ใช้มาก กรุณาลองใหม่ในอีกสักครู่", "The server is busy; try again in a moment")
TOO_SLOW = Message(
    "ส่งคำขอช้าเกินไป การเชื่อมต่อจึงถูกปิด กรุณาลองใหม่", "The request came too slowly, so the connection was closed; try again"
)
BAD_REQUEST = Message("คำขอไม่ถูกต้อง", "Bad request")
MAX_BODY = 40 * 1024 * 1024  # what a body without a length is assumed to be (the largest upload)
# A connection that has sent nothing yet may be new: its bytes are read only after the batch of
# connections accepted with it has been looked at.  For this long it keeps its place.
QUIET_GRACE_SECONDS = 0.25


def _response(status: int, reason: str, message: Message, extra: str = "") -> bytes:
    body = plain_page(status, message)
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/html; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\ncache-control: no-store\r\n{extra}\r\n"
    )
    return head.encode("ascii") + body


@dataclass
class Guard:
    """The limits, and the connections open now; shared by every connection of one server."""

    per_client: int = 64
    total: int = 1000
    header_seconds: float = 10.0
    idle_seconds: float = 30.0
    body_rate: float = 8192.0  # bytes a second, at least
    proxies: Proxies = field(default_factory=Proxies)
    by_client: dict[str, int] = field(default_factory=dict)
    # Connections waiting for a request's headers, oldest first: those that sent nothing yet
    # (since when), and those that are sending them (since their first byte).
    quiet: dict[Any, float] = field(default_factory=dict)
    partial: dict[Any, float] = field(default_factory=dict)
    count: int = 0
    refused: int = 0  # connections refused since the start, and closed for slowness (for the bench and the log)
    closed_slow: int = 0

    def admit(self, conn: GuardedProtocol) -> bytes | None:
        """Register a new connection; the refusal to send it instead, when it may not stay."""
        address = conn.client[0] if conn.client else ""
        key = "" if self.proxies.trusts(address) else client_key(address)
        if key and self.by_client.get(key, 0) >= self.per_client:
            self.refused += 1
            return _response(429, "Too Many Requests", TOO_MANY_CONNECTIONS, "retry-after: 10\r\n")
        if self.count >= self.total:
            victim = next(iter(self.partial), None)
            if victim is None:
                quiet = next(iter(self.quiet.items()), None)
                victim = quiet[0] if quiet and time.monotonic() - quiet[1] >= QUIET_GRACE_SECONDS else None
            if victim is None:
                self.refused += 1
                return _response(503, "Service Unavailable", SERVER_FULL, "retry-after: 5\r\n")
            victim.give_way()
        conn.key = key
        self.count += 1
        if key:
            self.by_client[key] = self.by_client.get(key, 0) + 1
        return None

    def not_waiting(self, conn: GuardedProtocol) -> None:
        self.quiet.pop(conn, None)
        self.partial.pop(conn, None)

    def release(self, conn: GuardedProtocol) -> None:
        self.not_waiting(conn)
        if conn.key is None:
            return
        self.count -= 1
        if conn.key:
            left = self.by_client.get(conn.key, 1) - 1
            if left > 0:
                self.by_client[conn.key] = left
            else:
                self.by_client.pop(conn.key, None)
        conn.key = None


class GuardedProtocol(H11Protocol):
    """uvicorn's h11 protocol under a `Guard` (see the module).  `bound(guard)` gives the class
    to hand to uvicorn."""

    guard: Guard

    @classmethod
    def bound(cls, guard: Guard) -> type[GuardedProtocol]:
        return type("GuardedProtocol", (cls,), {"guard": guard})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.key: str | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._write_timer: asyncio.TimerHandle | None = None
        self._head_started: float | None = None
        self._phase = "head"

    # --- the connection's life -------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        refusal = self.guard.admit(self)
        if refusal is not None:
            transport.write(refusal)
            transport.close()
            return
        self._wait_for_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        if self._write_timer is not None:
            self._write_timer.cancel()
        self.guard.release(self)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.key is None:  # refused: what it sends is not read
            return
        if self._phase == "head" and self._head_started is None:
            self._head_started = time.monotonic()
            self._arm(self.guard.header_seconds, self._too_slow)
            self.guard.quiet.pop(self, None)
            self.guard.partial[self] = self._head_started
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._follow()

    def pause_writing(self) -> None:
        """The client stopped reading: it has idle_seconds to start again."""
        super().pause_writing()
        if self._write_timer is None:
            self._write_timer = self.loop.call_later(self.guard.idle_seconds, self._stalled)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._write_timer is not None:
            self._write_timer.cancel()
            self._write_timer = None

    def send_400_response(self, msg: str) -> None:
        """A request that is not HTTP: the Thai page rather than uvicorn's English line."""
        self._cancel()
        if not self.transport.is_closing():
            self.transport.write(_response(400, "Bad Request", BAD_REQUEST))
            self.transport.close()

    # --- phases: waiting for a head, reading a body, the application's turn -------------

    def _follow(self) -> None:
        """Set the timer for where the request stands after what h11 has read."""
        state = self.conn.their_state
        if state is h11.IDLE:
            if self._phase != "head":
                self._wait_for_head()
        elif state is h11.SEND_BODY:
            if self._phase != "body":
                self._phase = "body"
                self.guard.not_waiting(self)
                expected = MAX_BODY
                for name, value in self.headers or []:
                    if name == b"content-length" and value.isdigit():
                        expected = int(value)
                self._arm(self.guard.header_seconds + expected / self.guard.body_rate, self._too_slow)
        elif self._phase != "app":
            self._phase = "app"  # the request is in: the application takes the time it needs
            self.guard.not_waiting(self)
            self._cancel()

    def _wait_for_head(self) -> None:
        self._phase = "head"
        self._head_started = None
        self.guard.not_waiting(self)
        self.guard.quiet[self] = time.monotonic()
        self._arm(self.guard.idle_seconds, self._idle)
        if self.conn.trailing_data[0]:  # the next request's first bytes are already here
            self._head_started = time.monotonic()
            self._arm(self.guard.header_seconds, self._too_slow)
            self.guard.quiet.pop(self, None)
            self.guard.partial[self] = self._head_started

    def _arm(self, seconds: float, then: Any) -> None:
        self._cancel()
        self._timer = self.loop.call_later(seconds, then)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    # --- the ends --------------------------------------------------------------------------

    def _idle(self) -> None:
        self._close()

    def _too_slow(self) -> None:
        self.guard.closed_slow += 1
        if not self.transport.is_closing() and not (self.cycle and self.cycle.response_started):
            self.transport.write(_response(408, "Request Timeout", TOO_SLOW))
        self._close()

    def _stalled(self) -> None:
        self._write_timer = None
        self.guard.closed_slow += 1
        self._close()

    def give_way(self) -> None:
        """Closed to make room for a new connection (the server is full, this one was idle or slow)."""
        self._close()
        self.guard.release(self)

    def _close(self) -> None:
        self._cancel()
        self.guard.not_waiting(self)
        if not self.transport.is_closing():
            self.transport.close()
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True
            self.cycle.message_event.set()
