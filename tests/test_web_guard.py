"""Connections against a real `itadocs serve` (uvicorn) over loopback: slow and greedy clients
never hold others out.  The server runs in its own process with a small open-files limit (as
a service gets by default) and short timeouts; every client is bounded in count and time."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from itadocs.web.projects import WebConfig, save_config
from itadocs.web.security import hash_passcode

from .conftest import REPO

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="clients from 127.0.0.2 ... need Linux's whole 127/8 on loopback"
)

LIMITS = {
    "ITADOCS_CONNECTIONS_PER_CLIENT": "16",
    "ITADOCS_HEADER_SECONDS": "2",
    "ITADOCS_IDLE_SECONDS": "3",
    "ITADOCS_BODY_BYTES_PER_SECOND": "20000",
    "ITADOCS_REQUEST_BURST": "1000",
}


def _small_limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, (512, 512))  # 400 connections and the server would use them all


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    shutil.copytree(REPO / "inputs", tmp_path / "ws" / "ita2568" / "inputs")
    save_config(tmp_path / "ws" / "ita2568", WebConfig(hash_passcode("รหัสลับ1234", n=2**10), 1))
    env = {**os.environ, **LIMITS}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "itadocs.web.serve",
            str(tmp_path / "ws"),
            "--no-browser",
            "--workers",
            "1",
            "--no-previews",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_small_limit,
        cwd=REPO,
    )
    try:
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line + process.stderr.read()
        yield "127.0.0.1", int(found.group(1))
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


async def page(port: int, path: str = "/static/app.css", source: str = "127.0.0.1", timeout: float = 20) -> bytes:
    """One whole request from `source`, bounded in time; the status line and headers."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), timeout)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        return await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()


async def dribble(port: int, source: str, stop: asyncio.Event, reconnect: float = 1.0) -> int:
    """Open a connection and send a header line every half second, never ending the request;
    when the server closes it, open another `reconnect` seconds later (as slowloris does; 0 is
    a flood), until `stop`.  How many the server closed.  (bench/slow_clients.py uses it too.)"""
    closed = 0
    while not stop.is_set():
        if closed and reconnect:
            await asyncio.sleep(reconnect)
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
        except OSError:
            await asyncio.sleep(0.2)
            continue
        try:
            writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            for n in range(120):
                if stop.is_set():
                    break
                await asyncio.sleep(0.5)
                if reader.at_eof():
                    closed += 1
                    break
                writer.write(b"X-Slow-%d: x\r\n" % n)
                await writer.drain()
        except OSError:
            closed += 1
        finally:
            writer.close()
    return closed


def test_hundreds_of_dribbling_clients_do_not_hold_others_out(server):
    _, port = server

    async def attack() -> tuple[list[int], list[bytes]]:
        stop = asyncio.Event()
        slow = [asyncio.create_task(dribble(port, f"127.0.{1 + n // 200}.{2 + n % 200}", stop)) for n in range(400)]
        await asyncio.sleep(3)
        answers = []
        for _ in range(8):  # someone else, meanwhile, from another address, each try bounded by its timeout
            answers.append(await page(port, "/", "127.0.0.1"))
            await asyncio.sleep(0.5)
        stop.set()
        return await asyncio.wait_for(asyncio.gather(*slow), 60), answers

    closed, answers = asyncio.run(attack())
    assert all(answer.startswith(b"HTTP/1.1 200") for answer in answers), answers[:1]
    assert sum(closed) >= 400  # the dribbling connections kept being closed (too slow, or to make room)


def test_one_address_gets_its_share_of_connections_and_no_more(server):
    _, port = server

    async def greedy() -> tuple[list[bytes], bytes]:
        opened = []
        for _ in range(30):
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=("127.0.0.9", 0))
            opened.append((reader, writer))
        await asyncio.sleep(0.5)
        refused = []
        for reader, _ in opened:
            try:
                refused.append(await asyncio.wait_for(reader.read(2000), 0.5))
            except TimeoutError:
                refused.append(b"")
        other = await page(port, "/", "127.0.0.10")
        for _, writer in opened:
            writer.close()
        return refused, other

    refused, other = asyncio.run(greedy())
    turned_away = [r for r in refused if r.startswith(b"HTTP/1.1 429")]
    assert len(turned_away) == 30 - 16 and "มีการเชื่อมต่อจากเครื่องนี้มากเกินไป" in turned_away[0].decode()
    assert other.startswith(b"HTTP/1.1 200")


def test_slow_headers_idle_connections_and_slow_bodies_are_closed(server):
    _, port = server

    async def slow_ones() -> tuple[bytes, bytes, bytes, bytes]:
        # Headers that never end: closed header_seconds after their first byte, with a Thai 408.
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=("127.0.0.20", 0))
        writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        headers = await asyncio.wait_for(reader.read(), 15)
        writer.close()
        # A connection that sends nothing: closed after idle_seconds.
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=("127.0.0.21", 0))
        idle = await asyncio.wait_for(reader.read(), 15)
        writer.close()
        # A body announced as 100 kB and sent at 10 bytes a second: closed after 2 + 100000 / 20000 s.
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=("127.0.0.22", 0))
        writer.write(
            b"POST /lang HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 100000\r\n\r\n"
        )

        async def trickle() -> None:
            for _ in range(60):
                writer.write(b"x" * 10)
                await asyncio.sleep(1)

        sender = asyncio.create_task(trickle())
        body = await asyncio.wait_for(reader.read(), 120)
        sender.cancel()
        writer.close()
        # Not HTTP at all: a Thai 400.
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=("127.0.0.23", 0))
        writer.write(b"\x16\x03\x01 this is not http\r\n\r\n")
        garbage = await asyncio.wait_for(reader.read(), 15)
        writer.close()
        return headers, idle, body, garbage

    headers, idle, body, garbage = asyncio.run(slow_ones())
    assert headers.startswith(b"HTTP/1.1 408") and "ช้าเกินไป" in headers.decode()
    assert idle == b""
    assert not body.startswith(b"HTTP/1.1 2") and not body.startswith(b"HTTP/1.1 3")
    assert garbage.startswith(b"HTTP/1.1 400") and "คำขอไม่ถูกต้อง" in garbage.decode()


def test_a_client_that_stops_reading_is_let_go_and_others_are_served(server):
    """A client asks for 400 copies of the style sheet in one go (HTTP/1.1 pipelining, 5 MB)
    with a tiny receive buffer and reads none of it: the server's writing stalls, others are
    served meanwhile, and idle_seconds later the server closes that connection: what it then
    reads is cut short and ends, where a server that waited would send all 400."""
    _, port = server
    request = b"GET /static/app.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    async def stalled() -> tuple[list[bytes], int, int]:
        import socket

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.bind(("127.0.0.30", 0))
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
        reader, writer = await asyncio.open_connection(sock=sock)
        writer.write(request * 400)
        await writer.drain()
        answers = []
        for _ in range(3):  # others, meanwhile, from another address
            answers.append(await page(port, "/", "127.0.0.31"))
            await asyncio.sleep(0.5)
        await asyncio.sleep(int(LIMITS["ITADOCS_IDLE_SECONDS"]) + 3)
        got = 0
        while chunk := await asyncio.wait_for(reader.read(65536), 15):  # an end, not a timeout
            got += len(chunk)
        writer.close()
        one = len(await page(port, "/static/app.css", "127.0.0.32"))
        return answers, got, one

    answers, got, one = asyncio.run(stalled())
    assert all(answer.startswith(b"HTTP/1.1 200") for answer in answers), answers[:1]
    assert 0 < got < 400 * (one - 100), (got, one)


def test_a_forwarded_address_from_loopback_is_not_believed_unless_the_host_trusts_it(server):
    """uvicorn believes X-Forwarded-For from 127.0.0.1 by default; itadocs turns that off, so
    guesses each with another made-up address are still one client's."""
    import httpx2

    _, port = server
    with httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as c:
        page = c.get("/p/ita2568/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        codes = [
            c.post(
                "/p/ita2568/login",
                data={"csrf": csrf, "passcode": f"ผิดครั้งที่ {n}"},
                headers={"x-forwarded-for": f"203.0.113.{n + 1}"},
            ).status_code
            for n in range(3)
        ]
    assert codes == [401, 429, 429]
