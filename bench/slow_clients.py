"""Bench: someone else's requests while hundreds of clients dribble their headers.

Run from the repository root (Linux: the clients come from 127.0.0.2 ... 127.0.2.201):

    python bench/slow_clients.py                      # 400 slowloris clients, 512 open files
    python bench/slow_clients.py --clients 1100 --files 1024 --reconnect 0

The server (`python -m itadocs.web.serve`, headers within 2 s, connections idle 3 s) runs with
an open-files limit of `--files` (a service gets 1,024 by default; itadocs raises it to what
the system allows, here held to `--files` by a hard limit).  Each slow client opens a
connection, sends a header line every half second and never ends its request; when the
server closes it, it opens another after `--reconnect` seconds (slowloris waits; 0 is a flood).
Meanwhile one other client asks for the home page `--tries` times: the time each took, or
what went wrong.  See bench/README.md ("Slow clients").
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_web_guard import dribble  # noqa: E402  (the test's slow client, with its reconnect)


async def ask(port: int) -> str:
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 30)
        writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = await asyncio.wait_for(reader.read(), 30)
        writer.close()
    except Exception as exc:
        return f"{type(exc).__name__} after {time.perf_counter() - started:.2f} s"
    status = answer.split(b"\r\n", 1)[0].decode(errors="replace") or "closed without an answer"
    return f"{status} in {time.perf_counter() - started:.2f} s"


async def attack(port: int, clients: int, reconnect: float, tries: int) -> tuple[list[str], int]:
    stop = asyncio.Event()
    slow = [
        asyncio.create_task(dribble(port, f"127.0.{1 + n // 200}.{2 + n % 200}", stop, reconnect))
        for n in range(clients)
    ]
    await asyncio.sleep(3)
    answers = []
    for _ in range(tries):
        answers.append(await ask(port))
        await asyncio.sleep(0.5)
    stop.set()
    done, pending = await asyncio.wait(slow, timeout=60)  # a server that never closes them: they stay
    for task in pending:
        task.cancel()
    return answers, sum(task.result() for task in done)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=400)
    parser.add_argument("--files", type=int, default=512)
    parser.add_argument("--reconnect", type=float, default=1.0)
    parser.add_argument("--tries", type=int, default=8)
    args = parser.parse_args()
    workspace = Path(tempfile.mkdtemp(prefix="itadocs-slow-bench-"))
    shutil.copytree(ROOT / "inputs", workspace / "ita2568" / "inputs")

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_NOFILE, (args.files, args.files))

    env = {**os.environ, "ITADOCS_HEADER_SECONDS": "2", "ITADOCS_IDLE_SECONDS": "3", "ITADOCS_REQUEST_BURST": "1000"}
    server = subprocess.Popen(
        [sys.executable, "-m", "itadocs.web.serve", str(workspace), "--no-browser", "--workers", "1", "--no-previews"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=limit,
        cwd=ROOT,
    )
    try:
        assert server.stdout is not None
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", server.stdout.readline())
        assert found
        time.sleep(2)
        answers, closed = asyncio.run(attack(int(found.group(1)), args.clients, args.reconnect, args.tries))
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, err = server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
        shutil.rmtree(workspace, ignore_errors=True)
    print(
        f"{args.clients} slow clients (a new connection {args.reconnect:g} s after each close), "
        f"{args.files} open files: {closed} of their connections closed by the server"
    )
    times = [float(m.group(1)) for a in answers if (m := re.search(r"200 OK in ([\d.]+) s", a))]
    for answer in answers:
        print(f"  the other client: {answer}")
    if times:
        print(
            f"  answered {len(times)} of {len(answers)}, median {statistics.median(times):.2f} s, "
            f"slowest {max(times):.2f} s"
        )
    print(f"  'out of open files' in the server's log: {err.count('out of open files')}")


if __name__ == "__main__":
    main()
