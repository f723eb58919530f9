"""Who is asking, and how much: the client's real address, the names the page answers to,
requests per client, and the address division links are given under.

- A reverse proxy's X-Forwarded-For and X-Forwarded-Proto are believed only from an address
  the host named (`trusted_proxies`); from anyone else they are ignored, so a made-up header
  never passes for another client (uvicorn's own proxy handling, which trusts 127.0.0.1 by
  default, is turned off in `serve`).
- Every request's Host must be one the page answers to (DNS rebinding); a refusal is a Thai page.
- Requests per client address (an IPv6 client by its /64) are a token bucket; beyond it, a
  Thai 429 page with Retry-After.  Static files are not counted.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterable
from typing import Any

from starlette.requests import Request

from ..messages import Message
from . import security

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

HOST_REFUSED = Message(
    "หน้านี้ไม่ได้เปิดไว้ภายใต้ชื่อที่ใช้เรียก กรุณาใช้ที่อยู่ที่ผู้ดูแลให้ไว้ หรือแจ้งผู้ดูแลให้เพิ่มชื่อนี้",
    "This page is not served under the name used to reach it; use the address its administrator gave, "
    "or ask them to add this name",
)
TOO_MANY_REQUESTS = Message(
    "มีคำขอจากเครื่องนี้ถี่เกินไป กรุณารอสักครู่ ({seconds} วินาที) แล้วลองใหม่",
    "Too many requests from this computer; wait a moment ({seconds} seconds) and try again",
)


def networks(values: Iterable[str]) -> list[IPNetwork]:
    """Addresses and networks ('10.0.0.5', '10.0.0.0/8', '::1'); a name that is neither raises ValueError."""
    return [ipaddress.ip_network(v.strip().strip("[]"), strict=False) for v in values if v.strip()]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def client_key(address: str) -> str:
    """What limits count by: the address, or an IPv6 address's /64 (one home or office)."""
    found = _address(address)
    if isinstance(found, ipaddress.IPv6Address):
        if found.ipv4_mapped:
            return str(found.ipv4_mapped)
        return str(ipaddress.ip_network(f"{found}/64", strict=False))
    return address


class Proxies:
    """The reverse proxies the host trusts, and what they say about the client."""

    def __init__(self, trusted: Iterable[str] = ()):
        self.trusted = networks(trusted)

    def trusts(self, address: str) -> bool:
        found = _address(address)
        return found is not None and any(found in net for net in self.trusted)

    def client(self, peer: str, headers: Iterable[tuple[bytes, bytes]]) -> tuple[str, str | None]:
        """The real client address and the scheme the client used ('https', 'http' or None when
        not said), from the peer and, only when the peer is trusted, its forwarding headers.
        X-Forwarded-For is read from the right: the first address not itself a trusted proxy
        is the client (what is further left, the client could have typed)."""
        if not self.trusts(peer):
            return peer, None
        chain: list[str] = []
        scheme = None
        for name, value in headers:
            if name == b"x-forwarded-for":
                chain += [part.strip() for part in value.decode("latin-1").split(",")]
            elif name == b"x-forwarded-proto":
                said = value.decode("latin-1").split(",")[-1].strip().lower()
                scheme = said if said in ("http", "https") else scheme
        client = peer
        for hop in reversed(chain):
            if _address(hop) is None:
                break  # garbage: stop at the last address a trusted proxy vouched for
            client = hop.strip("[]")
            if not self.trusts(client):
                break
        return client, scheme


class ClientAddress:
    """ASGI middleware: `scope["client"]` becomes the real client, `scope["scheme"]` the
    scheme a trusted proxy says the client used; the peer stays in scope["itadocs.peer"]."""

    def __init__(self, app: Any, proxies: Proxies):
        self.app = app
        self.proxies = proxies

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            peer = scope["client"][0] if scope.get("client") else ""
            client, scheme = self.proxies.client(peer, scope.get("headers", []))
            scope["itadocs.peer"] = peer
            if client != peer:
                scope["client"] = (client, 0)
            if scheme:
                scope["scheme"] = scheme
        await self.app(scope, receive, send)


def split_host(value: str) -> tuple[str, str]:
    """'example.go.th:8568' -> ('example.go.th', '8568'); '[::1]:80' -> ('[::1]', '80')."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value.partition("]")
        return name + "]", rest.lstrip(":")
    if value.count(":") == 1:
        name, _, port = value.partition(":")
        return name, port
    return value, ""


class HostCheck:
    """ASGI middleware: a Host that is not on the allow-list is refused with a Thai page."""

    def __init__(self, app: Any, allowed: Iterable[str]):
        self.app = app
        self.allowed = {name.lower() for name in allowed}
        self.page = security.plain_page(400, HOST_REFUSED)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and "*" not in self.allowed:
            host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
            if split_host(host)[0] not in self.allowed:
                await _answer(send, 400, self.page)
                return
        await self.app(scope, receive, send)


async def _answer(send: Any, status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        *security.HEADERS,
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RateLimit:
    """ASGI middleware: at most `burst` requests at once from one client, then `rate` a second
    (a token bucket per client address).  An office behind one address shares its bucket, so
    the defaults are generous; a page view is a handful of requests, a build's page polls twice
    a second."""

    def __init__(self, app: Any, rate: float = 20.0, burst: float = 200.0, max_clients: int = 100_000):
        self.app = app
        self.rate, self.burst, self.max_clients = rate, burst, max_clients
        self.buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)

    def take(self, client: str, now: float | None = None) -> float:
        """0.0 when the request may go on; else the seconds until it may."""
        now = time.monotonic() if now is None else now
        tokens, when = self.buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - when) * self.rate)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate
        self.buckets[client] = (tokens - 1, now)
        if len(self.buckets) > self.max_clients:
            self._trim(now)
        return 0.0

    def _trim(self, now: float) -> None:
        full = [k for k, (tokens, when) in self.buckets.items() if tokens + (now - when) * self.rate >= self.burst]
        for key in full:
            del self.buckets[key]
        if len(self.buckets) > self.max_clients:  # all busy: forget the longest quiet
            for key in sorted(self.buckets, key=lambda k: self.buckets[k][1])[: len(self.buckets) - self.max_clients]:
                del self.buckets[key]

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not scope.get("path", "").startswith("/static/"):
            client = client_key(scope["client"][0] if scope.get("client") else "")
            wait = self.take(client)
            if wait:
                seconds = max(1, int(wait + 0.999))
                await _answer(
                    send,
                    429,
                    security.plain_page(429, TOO_MANY_REQUESTS.fill(seconds=seconds)),
                    [(b"retry-after", str(seconds).encode())],
                )
                return
        await self.app(scope, receive, send)


def public_base(request: Request) -> str:
    """Where other computers reach this page ('https://ita.example.go.th'), for division links
    and their texts: the host's --public-url; else the name the request came in on (it passed
    the allow-list), except that a network server reached as 127.0.0.1 gives its own address
    on the network, never one that means 'this computer' to whoever opens the link."""
    settings = request.app.state.settings
    if settings.public_url:
        return str(settings.public_url).rstrip("/")
    host = request.headers.get("host", "")
    name, port = split_host(host)
    if settings.network and security.is_loopback(name) and settings.reach:
        reach = settings.reach
        reach = f"[{reach}]" if ":" in reach and not reach.startswith("[") else reach
        port = str(settings.port or port)
        host = f"{reach}:{port}" if port else reach
    return f"{request.url.scheme}://{host}"
