"""Bench of `itadocs serve` over real HTTP on 127.0.0.1, the server in its own process.

Run from the repository root:   python bench/web.py            (about a minute on 2 cores)
                                python bench/web.py --projects 20 --rounds 8

Figures: page loads (the agency details, last year's results and history pages too); upload +
validate of one workbook; saving last year's results; a warm rebuild of the bundled
example (end to end through the page, and `api.build` alone in a warm process); then
`--projects` clients at once, each uploading a workbook and building its own project,
bounded in time, with every error counted.  Builds run without previews (no LibreOffice),
as the previews come after the documents and would only load the machine.
See bench/README.md ("The web page") for the figures.
"""

from __future__ import annotations

import argparse
import asyncio
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


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}, n={len(times)})"


async def csrf(client: httpx.AsyncClient, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', (await client.get(path)).text)
    assert found, path
    return found.group(1)


def results_form(page: str) -> dict[str, str]:
    """The fields of the results page's form, as the browser would send them back unchanged."""
    import html

    body = page[page.index('id="results-form"'):]
    body = body[:body.index("</form>")]
    values = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', body))
    values |= dict(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', body))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        values[name] = chosen.group(1) if chosen else ""
    return {k: html.unescape(v) for k, v in values.items()}


async def upload(client: httpx.AsyncClient, project: str, token: str, data: bytes) -> float:
    started = time.perf_counter()
    response = await client.post(f"/p/{project}/upload", headers={"x-csrf-token": token, "accept": "application/json"},
                                 files=[("files", ("ส่งมา (1).xlsx", data))])
    result = response.json()["results"][0]
    assert response.status_code == 200 and result["ok"], result
    return time.perf_counter() - started


async def build(client: httpx.AsyncClient, project: str, token: str, poll: float) -> float:
    started = time.perf_counter()
    response = await client.post(f"/p/{project}/build", data={"csrf": token})
    assert response.status_code == 200, response.status_code
    url = str(response.url) + ".json"
    while True:
        state = (await client.get(url)).json()
        if state["state"] in ("done", "failed"):
            assert state["ok"], state
            return time.perf_counter() - started
        await asyncio.sleep(poll)


def warm_build_in_process(workspace: Path, rounds: int) -> list[float]:
    """api.build of the example again and again in one process: what a warm worker pays."""
    from itadocs import api

    root = workspace / "in-process"
    shutil.copytree(EXAMPLE, root / "inputs")
    times = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        result = api.build(root, keep=True)
        times.append(time.perf_counter() - started)
        assert result.ok, result.failure
    return times[1:]


async def bench(url: str, projects: int, rounds: int, limit: float) -> dict[str, object]:
    data = (EXAMPLE / f"{DIVISION}.xlsx").read_bytes()
    figures: dict[str, object] = {}
    async with httpx.AsyncClient(base_url=url, timeout=120, follow_redirects=True) as client:
        started = time.perf_counter()
        await client.get("/p/p00/")
        figures["status page, first (api.status in a worker)"] = f"{time.perf_counter() - started:.3f} s"
        for name, path in (("home page", "/"), ("status page, inputs unchanged", "/p/p00/"),
                           ("problems page", "/p/p00/problems"), ("static CSS", "/static/app.css"),
                           ("agency details page (the workbook read as a form, in a worker)", "/p/p00/agency"),
                           ("last year's results page (about 80 rows of inputs)", "/p/p00/results"),
                           ("history page", "/p/p00/history")):
            times = []
            for _ in range(20):
                started = time.perf_counter()
                response = await client.get(path)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
            figures[name] = summary(times)
        token = await csrf(client, "/p/p00/")
        figures["upload + validate one workbook"] = summary([await upload(client, "p00", token, data)
                                                             for _ in range(rounds)])
        form = results_form((await client.get("/p/p00/results")).text)
        saves = []
        for number in range(rounds):
            started = time.perf_counter()
            response = await client.post("/p/p00/results", data={**form, "field.overall_score": f"8{number}.5"})
            saves.append(time.perf_counter() - started)
            assert response.status_code == 200 and "บันทึกแล้ว" in response.text, response.status_code
        figures["save last year's results (POST: written, read back, checked as a build does, kept)"] = \
            summary(saves)
        builds = [await build(client, "p00", token, poll=0.01) for _ in range(rounds + 1)]
        figures["warm rebuild of the example through the page (POST, poll every 10 ms)"] = summary(builds[1:])

    clients = [httpx.AsyncClient(base_url=url, timeout=limit, follow_redirects=True) for _ in range(projects)]
    errors: list[str] = []
    try:
        tokens = await asyncio.gather(*(csrf(c, f"/p/p{i:02d}/") for i, c in enumerate(clients)))

        async def one(number: int) -> tuple[float, float]:
            project = f"p{number:02d}"
            try:
                up = await upload(clients[number], project, tokens[number], data)
                # the page polls every 0.5 s; 0.2 s here
                return up, await build(clients[number], project, tokens[number], poll=0.2)
            except Exception as exc:
                errors.append(f"{project}: {exc!r}")
                return 0.0, 0.0

        started = time.perf_counter()
        done = await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(projects))), limit)
        wall = time.perf_counter() - started
    finally:
        for c in clients:
            await c.aclose()
    ok = [r for r in done if r[1]]
    figures[f"{projects} clients at once, each upload then build its own project"] = (
        f"wall {wall:.2f} s, errors {len(errors)}; upload {summary([u for u, _ in ok])}; "
        f"upload then build {summary([b for _, b in ok])}")
    if errors:
        figures["errors"] = errors
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--limit", type=float, default=300.0, help="seconds the concurrent part may take")
    args = parser.parse_args()
    workspace = Path(tempfile.mkdtemp(prefix="itadocs-web-bench-"))
    for number in range(max(1, args.projects)):
        shutil.copytree(EXAMPLE, workspace / f"p{number:02d}" / "inputs")
    server = subprocess.Popen([sys.executable, "-m", "itadocs.web.serve", str(workspace), "--no-browser",
                               "--no-previews"], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.search(r"http://\S+/", line)
        assert found, line
        time.sleep(1.5)  # the two workers import itadocs at start
        figures = asyncio.run(bench(found.group(0), args.projects, args.rounds, args.limit))
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl+C: the server shuts its workers down cleanly
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
    figures["warm rebuild of the example, api.build alone in a warm process"] = summary(
        warm_build_in_process(workspace, args.rounds))
    shutil.rmtree(workspace, ignore_errors=True)
    width = max(len(k) for k in figures)
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    if "errors" in figures:
        sys.exit(1)


if __name__ == "__main__":
    main()
