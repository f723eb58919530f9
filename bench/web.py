"""Bench of `itadocs serve` over real HTTP on loopback, the server in its own process.

Run from the repository root:   python bench/web.py                  (about 10 minutes on 2 cores)
                                python bench/web.py --levels 20 --rounds 4

1. Page loads (the agency details, last year's results and history pages too), one upload +
   check, saving last year's results, a warm rebuild through the page and `api.build` alone
   in a warm process (its wall and CPU time).
2. For each level (20, 50, 100 clients), with previews off and on in turn (twice each), each
   against a fresh server: every client, from its own loopback address, uploads a workbook to
   its own project and builds it, polling the build as the page does (every 0.5 s).  Figures:
   errors, p50 and p95 of the time from the client's start to its documents, the wall time,
   and the floor that the warm build's CPU time x builds / cores sets; the server's memory
   (with its workers and LibreOffice) before and after.
3. PDFs of the example: a rebuild with PDFs through the page, the first (the office worker
   starts LibreOffice) and then with it kept running, against LibreOffice started for them (cold).
See bench/README.md ("The web page") for the figures.
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

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs"
DIVISION = "กองคลัง"
# The single client of the page loads polls every 10 ms, beyond what one address may ask; the
# clients of the levels (one address each, polling every 0.5 s) stay within the shipped limits.
LIMITS = {"ITADOCS_REQUESTS_PER_SECOND": "1000", "ITADOCS_REQUEST_BURST": "1000"}


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}, n={len(times)})"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def memory_mb(pid: int) -> float:
    """Resident memory of a process and every process under it (workers, LibreOffice), in MB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
    return total / 1024


class Server:
    """`python -m itadocs.web.serve WORKSPACE` in its own process, stopped as Ctrl+C stops it."""

    def __init__(self, workspace: Path, previews: bool):
        args = [sys.executable, "-m", "itadocs.web.serve", str(workspace), "--no-browser"]
        self.process = subprocess.Popen(
            args + ([] if previews else ["--no-previews"]),
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, **LIMITS},
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        found = re.search(r"http://\S+/", line)
        assert found, line
        self.url = found.group(0)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(120)
        except subprocess.TimeoutExpired:
            self.process.kill()


async def csrf(client: httpx.AsyncClient, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', (await client.get(path)).text)
    assert found, path
    return found.group(1)


def results_form(page: str) -> dict[str, str]:
    """The fields of the results page's form, as the browser would send them back unchanged."""
    import html

    body = page[page.index('id="results-form"') :]
    body = body[: body.index("</form>")]
    values = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', body))
    values |= dict(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', body))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        values[name] = chosen.group(1) if chosen else ""
    return {k: html.unescape(v) for k, v in values.items()}


async def upload(client: httpx.AsyncClient, project: str, token: str, data: bytes) -> float:
    started = time.perf_counter()
    response = await client.post(
        f"/p/{project}/upload",
        headers={"x-csrf-token": token, "accept": "application/json"},
        files=[("files", ("ส่งมา (1).xlsx", data))],
    )
    result = response.json()["results"][0]
    assert response.status_code == 200 and result["ok"], result
    return time.perf_counter() - started


async def build(client: httpx.AsyncClient, project: str, token: str, poll: float, pdf: bool = False) -> float:
    started = time.perf_counter()
    response = await client.post(f"/p/{project}/build", data={"csrf": token, **({"pdf": "1"} if pdf else {})})
    assert response.status_code == 200, response.status_code
    url = str(response.url) + ".json"
    while True:
        state = (await client.get(url)).json()
        if state["state"] in ("done", "failed"):
            assert state["ok"], state
            return time.perf_counter() - started
        await asyncio.sleep(poll)


def warm_build_in_process(workspace: Path, rounds: int) -> tuple[list[float], list[float]]:
    """api.build of the example again and again in one process: what a warm worker pays,
    in wall and in CPU time."""
    from itadocs import api

    root = workspace / "in-process"
    shutil.copytree(EXAMPLE, root / "inputs")
    walls, cpus = [], []
    for _ in range(rounds + 1):
        started, cpu = time.perf_counter(), time.process_time()
        result = api.build(root, keep=True)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
        assert result.ok, result.failure
    return walls[1:], cpus[1:]


async def pages(url: str, rounds: int, pdf: bool) -> dict[str, str]:
    data = (EXAMPLE / f"{DIVISION}.xlsx").read_bytes()
    figures: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=url, timeout=120, follow_redirects=True) as client:
        started = time.perf_counter()
        await client.get("/p/p000/")
        figures["status page, first (api.status in a worker)"] = f"{time.perf_counter() - started:.3f} s"
        for name, path in (
            ("home page", "/"),
            ("status page, inputs unchanged", "/p/p000/"),
            ("problems page", "/p/p000/problems"),
            ("static CSS", "/static/app.css"),
            ("agency details page (the workbook read as a form, in a worker)", "/p/p000/agency"),
            ("last year's results page (about 80 rows of inputs)", "/p/p000/results"),
            ("history page", "/p/p000/history"),
        ):
            times = []
            for _ in range(20):
                started = time.perf_counter()
                response = await client.get(path)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
            figures[name] = summary(times)
        token = await csrf(client, "/p/p000/")
        figures["upload + validate one workbook"] = summary(
            [await upload(client, "p000", token, data) for _ in range(rounds)]
        )
        form = results_form((await client.get("/p/p000/results")).text)
        saves = []
        for number in range(rounds):
            started = time.perf_counter()
            response = await client.post("/p/p000/results", data={**form, "field.overall_score": f"8{number}.5"})
            saves.append(time.perf_counter() - started)
            assert response.status_code == 200 and "บันทึกแล้ว" in response.text, response.status_code
        figures["save last year's results (POST: written, read back, checked as a build does, kept)"] = summary(saves)
        builds = [await build(client, "p000", token, poll=0.01) for _ in range(rounds + 1)]
        figures["warm rebuild of the example through the page (POST, poll every 10 ms)"] = summary(builds[1:])
        if pdf:  # the worker's LibreOffice starts with the first build asked for PDFs, then stays
            with_pdf = [await build(client, "p000", token, poll=0.01, pdf=True) for _ in range(rounds + 1)]
            figures["rebuild with PDFs through the page, the first (LibreOffice starts)"] = f"{with_pdf[0]:.2f} s"
            figures["rebuild with PDFs through the page, LibreOffice kept"] = summary(with_pdf[1:])
            figures["  of which the PDFs (median with, less median without)"] = (
                f"{statistics.median(with_pdf[1:]) - statistics.median(builds[1:]):.2f} s"
            )
    return figures


async def clients_at_once(url: str, count: int, poll: float, limit: float) -> tuple[list[float], float, list[str]]:
    """`count` clients, each from its own loopback address: upload to its project, build it,
    follow the build until its documents are there.  Times from each client's start."""
    data = (EXAMPLE / f"{DIVISION}.xlsx").read_bytes()
    sources = [f"127.0.{1 + n // 200}.{2 + n % 200}" for n in range(count)]
    clients = [
        httpx.AsyncClient(
            base_url=url, timeout=limit, follow_redirects=True, transport=httpx.AsyncHTTPTransport(local_address=source)
        )
        for source in sources
    ]
    errors: list[str] = []
    try:
        tokens = await asyncio.gather(*(csrf(c, f"/p/p{n:03d}/") for n, c in enumerate(clients)))

        async def one(number: int) -> float:
            project = f"p{number:03d}"
            started = time.perf_counter()
            try:
                await upload(clients[number], project, tokens[number], data)
                await build(clients[number], project, tokens[number], poll)
            except Exception as exc:
                errors.append(f"{project}: {exc!r}")
                return 0.0
            return time.perf_counter() - started

        started = time.perf_counter()
        done = await asyncio.wait_for(asyncio.gather(*(one(n) for n in range(count))), limit)
        wall = time.perf_counter() - started
    finally:
        for c in clients:
            await c.aclose()
    return [t for t in done if t], wall, errors


def cold_pdf(workspace: Path, runs: int) -> list[float]:
    """The example's documents to PDF with LibreOffice started for them each time (as a
    one-shot `itadocs build --pdf` does), in this process."""
    from itadocs import api
    from itadocs.word.pdf import to_pdf

    root = workspace / "pdf"
    shutil.copytree(EXAMPLE, root / "inputs")
    documents = list(api.build(root).documents)
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            to_pdf(documents, Path(out))
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", type=int, nargs="+", default=[20, 50, 100])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--poll", type=float, default=0.5, help="seconds between two looks at a build (the page's)")
    parser.add_argument("--limit", type=float, default=900.0, help="seconds one level may take")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each level with previews off and on")
    args = parser.parse_args()
    workspace = Path(tempfile.mkdtemp(prefix="itadocs-web-bench-"))
    projects = max(args.levels)
    for number in range(projects):
        shutil.copytree(EXAMPLE, workspace / f"p{number:03d}" / "inputs")
    figures: dict[str, str] = {}
    cores = os.cpu_count() or 1
    walls, cpus = warm_build_in_process(workspace, args.rounds)
    cpu = statistics.median(cpus)
    figures["warm rebuild of the example, api.build alone in a warm process"] = summary(walls)
    figures["  its CPU time"] = summary(cpus)
    from itadocs.word.pdf import find_soffice

    pdf = find_soffice() is not None
    server = Server(workspace, previews=False)
    try:
        time.sleep(2)  # the workers import itadocs at start
        figures.update(asyncio.run(pages(server.url, args.rounds, pdf)))
    finally:
        server.stop()
    failed = False
    for level in args.levels:
        p95s: dict[bool, list[float]] = {False: [], True: []}
        # Off and on in turn, `--repeat` times: what the machine does meanwhile weighs on both.
        for attempt in range(args.repeat):
            for previews in (False, True) if attempt % 2 == 0 else (True, False):
                server = Server(workspace, previews=previews)
                try:
                    time.sleep(2)
                    before = memory_mb(server.process.pid)
                    times, wall, errors = asyncio.run(clients_at_once(server.url, level, args.poll, args.limit))
                    after = memory_mb(server.process.pid)
                finally:
                    server.stop()
                floor = cpu * level / cores
                p95s[previews].append(percentile(times, 0.95))
                name = f"{level} clients, previews {'on' if previews else 'off'} ({attempt + 1})"
                p95 = percentile(times, 0.95)
                figures[name] = (
                    f"errors {len(errors)}; to documents p50 {percentile(times, 0.5):.2f} s, "
                    f"p95 {p95:.2f} s; wall {wall:.2f} s; floor {floor:.2f} s (p95 {p95 / floor:.2f}x); "
                    f"memory {before:.0f} -> {after:.0f} MB; load {os.getloadavg()[0]:.1f}"
                )
                if errors:
                    failed = True
                    figures[name + ", errors"] = "; ".join(errors[:5])
        off, on = statistics.mean(p95s[False]), statistics.mean(p95s[True])
        figures[f"{level} clients, p95 with previews on / off"] = f"{on:.2f} s / {off:.2f} s = {on / off:.2f}"
    if pdf:
        figures["PDFs of the example, LibreOffice started for them (cold, in this process)"] = summary(
            cold_pdf(workspace, 3)
        )
    shutil.rmtree(workspace, ignore_errors=True)
    width = max(len(k) for k in figures)
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
