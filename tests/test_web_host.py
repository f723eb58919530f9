"""The page as a host for many agencies serves it (Starlette's TestClient and httpx on the ASGI
app): accounts and what a login shows, sessions kept on the server, guesses throttled in
parallel and per project, requests per client, a proxy believed only when trusted, links
under the address divisions reach, the audit trail, housekeeping and a full disk."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import re
import shutil
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import httpx2
import pytest
from starlette.testclient import TestClient

from itadocs.web import jobs as work
from itadocs.web import security
from itadocs.web.accounts import read_admins, set_admin
from itadocs.web.app import Settings, create_app
from itadocs.web.projects import WebConfig, save_config

from .conftest import REPO, measure
from .test_web_app import BASE, example, make_client, token, upload, wait_for, workbook

PASSCODE = "รหัสลับ1234"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    for name in ("ita2568", "อบต-ข"):
        shutil.copytree(REPO / "inputs", tmp_path / "ws" / name / "inputs")
        save_config(tmp_path / "ws" / name, WebConfig(security.hash_passcode(PASSCODE, n=2**10), 1))
    return tmp_path / "ws"


def throttle(c: TestClient) -> security.Throttle:
    return c.app.state.settings.throttle  # type: ignore[attr-defined]


def network(workspace: Path, **options) -> TestClient:
    return make_client(workspace, network=True, **options)


def login(c: TestClient, project: str, passcode: str = PASSCODE):
    return c.post(
        "/login", data={"csrf": token(c, "/login"), "project": project, "passcode": passcode}, follow_redirects=False
    )


def admin_login(c: TestClient, name: str = "somchai", passcode: str = "ผู้ดูแลจังหวัด2569"):
    return c.post(
        "/admin/login",
        data={"csrf": token(c, "/admin/login"), "name": name, "passcode": passcode},
        follow_redirects=False,
    )


# --- accounts: nothing shown, created or revealed without a login on a network ----------------


def test_on_a_network_nothing_is_listed_created_or_revealed_without_a_login(workspace):
    with network(workspace) as c:
        home = c.get("/")
        assert home.status_code == 200 and "ita2568" not in home.text and "อบต-ข" not in home.text
        assert str(workspace) not in home.text and 'action="/login"' in home.text
        assert 'action="/projects"' not in home.text
        form = {"csrf": token(c), "folder": "ita2569", "agency": "อบต.ทดสอบ", "passcode": "ยาวพอแล้วนะครับ"}
        assert c.post("/projects", data=form).status_code == 403 and not (workspace / "ita2569").exists()
        # An unknown project and a known one look the same: a login page, the same refusal.
        known, unknown = c.get("/p/ita2568/", follow_redirects=True), c.get("/p/ไม่มี/", follow_redirects=True)
        assert known.status_code == unknown.status_code == 200
        assert known.text.replace("ita2568", "X") == unknown.text.replace("ไม่มี", "X")
        assert login(c, "ไม่มี").status_code == login(c, "ita2568", "ผิดรหัสนะจ๊ะ").status_code == 401
        assert c.get("/p/ita2568/blank.zip", follow_redirects=False).status_code == 303
        assert c.get("/admin/", follow_redirects=False).headers["location"] == "/admin/login"


def test_a_project_without_a_passcode_is_for_the_administrator_alone_on_a_network(workspace):
    save_config(workspace / "ita2568", WebConfig())
    set_admin(workspace, "somchai", "ผู้ดูแลจังหวัด2569", scrypt_n=2**10)
    with network(workspace) as c:
        assert c.get("/p/ita2568/", follow_redirects=False).status_code == 303
        assert login(c, "ita2568", "อะไรก็ได้ไม่ตรง").status_code == 401
        assert admin_login(c).status_code == 303
        assert c.get("/p/ita2568/").status_code == 200


def test_the_administrator_sees_every_project_creates_them_and_resets_passcodes(workspace):
    set_admin(workspace, "somchai", "ผู้ดูแลจังหวัด2569", scrypt_n=2**10)
    assert "ผู้ดูแลจังหวัด2569" not in (workspace / ".itadocs" / "admins.json").read_text(encoding="utf-8")
    with network(workspace) as admin, network(workspace) as coordinator:
        assert admin_login(admin, passcode="ผิด").status_code == 401
        throttle(admin).forget("admin:somchai")
        assert admin_login(admin).status_code == 303
        page = admin.get("/admin/")
        assert "ita2568" in page.text and "อบต-ข" in page.text and str(workspace) in page.text
        home = admin.get("/")
        assert "ita2568" in home.text and "อบต-ข" in home.text and 'action="/projects"' in home.text
        made = admin.post(
            "/projects",
            data={
                "csrf": token(admin),
                "folder": "ita2569",
                "agency": "อบต.ทดสอบ",
                "district": "เมือง",
                "province": "ขอนแก่น",
                "fiscal_year": "2569",
                "passcode": "ยาวพอแล้วนะครับ",
            },
            follow_redirects=False,
        )
        assert made.status_code == 303 and (workspace / "ita2569" / "inputs").is_dir()

        assert login(coordinator, "ita2568").status_code == 303
        assert coordinator.get("/p/ita2568/", follow_redirects=False).status_code == 200
        reset = admin.post("/admin/p/ita2568/passcode", data={"csrf": token(admin, "/admin/")}, follow_redirects=True)
        new = re.search(r'id="new-passcode" readonly value="([^"]+)"', reset.text).group(1)
        assert security.passcode_problem(new) is None and new not in admin.get("/admin/").text  # shown once
        assert coordinator.get("/p/ita2568/", follow_redirects=False).status_code == 303  # the reset ended it
        assert login(coordinator, "ita2568").status_code == 401
        throttle(coordinator).forget("project:ita2568")  # the wrong try's second of waiting
        assert login(coordinator, "ita2568", new).status_code == 303
        admin.post("/admin/p/ita2568/sessions", data={"csrf": token(admin, "/admin/")})
        assert coordinator.get("/p/ita2568/", follow_redirects=False).status_code == 303
    # A new passcode for the administrator, on the command line, ends their sessions too.
    with network(workspace) as admin:
        admin_login(admin)
        assert admin.get("/admin/", follow_redirects=False).status_code == 200
        set_admin(workspace, "somchai", "ใหม่ของผู้ดูแล2570", scrypt_n=2**10)
        assert admin.get("/admin/", follow_redirects=False).status_code == 303
        assert read_admins(workspace)["somchai"].epoch == 2


def test_passcodes_must_be_hard_to_guess(workspace):
    for weak in (
        "1234567890",
        "0812345678",
        "password2569",
        "aaaaaaaaaaaa",
        "qwertyuiop",
        "กขคงจฉชซฌญ",
        "ita2568ครับผม",
        "abc",
        "1234567890123456789",
        "!!2569!!2569!!",
    ):
        assert security.passcode_problem(weak, names=("ita2568",)) is not None, weak
    for strong in (PASSCODE, "ยาวพอแล้วนะครับ", "correct horse battery", "kd7q-mx3p-9hwa", "7302958164029375"):
        assert security.passcode_problem(strong, names=("ita2568",)) is None, strong
    with make_client(workspace) as c:
        login(c, "ita2568")
        refused = c.post("/p/ita2568/passcode", data={"csrf": token(c, "/p/ita2568/"), "passcode": "password2569"})
        assert refused.status_code == 400 and "เดาง่าย" in refused.text
        made = c.post(
            "/projects",
            data={
                "csrf": token(c),
                "folder": "ita2569",
                "agency": "อบต.ทดสอบ",
                "district": "เมือง",
                "province": "ขอนแก่น",
                "fiscal_year": "2569",
                "passcode": "12345678901",
            },
        )
        assert made.status_code == 400 and "ตัวเลขล้วน" in made.text and not (workspace / "ita2569").exists()
    with pytest.raises(Exception, match="characters"):
        set_admin(workspace, "somchai", "short")


def test_a_helper_holds_a_hundred_and_fifty_agencies_in_one_small_cookie(tmp_path):
    workspace = tmp_path / "ws"
    hashed = security.hash_passcode(PASSCODE, n=2**10)
    names = [f"อบต-{n:03d}" for n in range(150)]
    for name in names:
        (workspace / name / "inputs").mkdir(parents=True)
        save_config(workspace / name, WebConfig(hashed, 1))
    (workspace / "ไม่ใช่ของฉัน" / "inputs").mkdir(parents=True)
    with network(workspace, request_burst=5000) as c:
        throttle(c).client_burst = 1000
        for name in names:
            assert login(c, name).status_code == 303, name
        cookie = c.cookies.get("itadocs")
        assert cookie and len(cookie) < 64  # an id, whatever the session holds
        assert all(c.get(f"/p/{name}/", follow_redirects=False).status_code == 200 for name in names[::15])
        assert c.get("/p/ไม่ใช่ของฉัน/", follow_redirects=False).status_code == 303
        listed = re.findall(r'<a href="/p/([^"/]+)/">', c.get("/account").text)
        assert len(listed) == 150


def test_logout_ends_the_session_on_the_server_so_a_copied_cookie_opens_nothing(workspace):
    with network(workspace) as c, network(workspace) as thief:
        login(c, "ita2568")
        thief.cookies = c.cookies
        assert thief.get("/p/ita2568/", follow_redirects=False).status_code == 200
        out = c.post("/logout", data={"csrf": token(c, "/p/ita2568/")}, follow_redirects=False)
        assert out.status_code == 303 and "Max-Age=0" in out.headers["set-cookie"]
        assert thief.get("/p/ita2568/", follow_redirects=False).status_code == 303
        assert c.get("/p/ita2568/", follow_redirects=False).status_code == 303


def test_a_login_gives_the_session_a_new_id(workspace):
    with network(workspace) as c:
        c.get("/login")
        before = c.cookies.get("itadocs")
        login(c, "ita2568")
        assert c.cookies.get("itadocs") not in (None, before)


def test_an_uploads_results_open_only_in_the_session_that_sent_it(workspace):
    with make_client(workspace) as c, make_client(workspace) as other:
        login(c, "ita2568")
        sent = c.post(
            "/p/ita2568/upload",
            data={"csrf": token(c, "/p/ita2568/")},
            files=[("files", ("x.xlsx", example("กองคลัง")))],
            follow_redirects=False,
        )
        page = sent.headers["location"]
        assert "ผลการส่งไฟล์" in c.get(page).text
        login(other, "ita2568")
        assert "ผลการส่งไฟล์" not in other.get(page).text


def test_sessions_of_visitors_are_bounded_and_granted_ones_never_pushed_out(tmp_path):
    from itadocs.web.sessions import SessionStore

    store = SessionStore(tmp_path / "s.sqlite3")
    store.save("granted-session-id-000000", {"auth": {"p": [1, time.time() + 99]}}, now=1.0)
    for n in range(50):
        store.save(f"visitor-session-id-{n:06d}", {"csrf": "x"}, now=2.0 + n)
    assert store.prune(now=60.0, visitors=10) == 40 and store.count() == 11
    assert store.load("granted-session-id-000000", now=60.0) is not None
    assert store.load("visitor-session-id-000049", now=60.0) is not None
    assert store.load("visitor-session-id-000000", now=60.0) is None
    assert store.load("visitor-session-id-000049", now=60.0 + 2 * 86400) is None  # a visitor's day is over


# --- guesses, requests, proxies ------------------------------------------------------------------


async def _asgi(app, peer: str = "127.0.0.1"):
    transport = httpx2.ASGITransport(app=app, client=(peer, 40000))
    return httpx2.AsyncClient(transport=transport, base_url=BASE)


def _csrf(text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


def test_guesses_in_parallel_are_throttled_too(workspace, monkeypatch):
    checked: list[str] = []
    real = security.verify_passcode

    def counted(passcode: str, stored: str) -> bool:
        checked.append(passcode)
        time.sleep(0.2)  # the hash takes a while: the others arrive meanwhile
        return real(passcode, stored)

    monkeypatch.setattr(security, "verify_passcode", counted)
    app = create_app(Settings(workspace, network=True, processes=False, scrypt_n=2**10, previews=False))

    async def run() -> list[int]:
        async with app.router.lifespan_context(app), await _asgi(app) as c:
            csrf = _csrf((await c.get("/login")).text)
            tries = [
                c.post("/login", data={"csrf": csrf, "project": "ita2568", "passcode": f"ผิดครั้งที่ {n}"})
                for n in range(12)
            ]
            return [r.status_code for r in await asyncio.gather(*tries)]

    codes = asyncio.run(run())
    assert len(checked) == 1 and codes.count(401) == 1 and codes.count(429) == 11


def test_a_project_is_throttled_whatever_address_the_guesses_come_from(workspace):
    app = create_app(
        Settings(
            workspace, network=True, processes=False, scrypt_n=2**10, previews=False, trusted_proxies=["127.0.0.1"]
        )
    )

    async def run() -> list[int]:
        codes = []
        async with app.router.lifespan_context(app), await _asgi(app) as c:
            csrf = _csrf((await c.get("/login")).text)
            for n in range(14):  # each from another address, as a trusted proxy says
                r = await c.post(
                    "/login",
                    data={"csrf": csrf, "project": "ita2568", "passcode": f"ผิด {n}"},
                    headers={"x-forwarded-for": f"203.0.113.{n + 1}"},
                )
                codes.append(r.status_code)
        return codes

    codes = asyncio.run(run())
    assert codes[:10] == [401] * 10 and set(codes[10:]) == {429}


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(workspace):
    app = create_app(Settings(workspace, network=True, processes=False, scrypt_n=2**10, previews=False))

    async def run() -> list[int]:
        codes = []
        async with app.router.lifespan_context(app), await _asgi(app, "198.51.100.7") as c:
            csrf = _csrf((await c.get("/login")).text)
            for n in range(3):
                r = await c.post(
                    "/login",
                    data={"csrf": csrf, "project": "ita2568", "passcode": f"ผิด {n}"},
                    headers={"x-forwarded-for": f"203.0.113.{n + 1}"},
                )
                codes.append(r.status_code)
        return codes

    assert asyncio.run(run()) == [401, 429, 429]  # one client, whatever the header says
    day = next((workspace / ".itadocs" / "audit").glob("*.jsonl")).read_text(encoding="utf-8")
    assert "203.0.113" not in day and "198.51.100.7" in day


def test_the_client_address_comes_from_the_rightmost_untrusted_hop():
    from itadocs.web.clients import Proxies

    proxies = Proxies(["127.0.0.1", "10.0.0.0/8"])
    headers = [(b"x-forwarded-for", b"6.6.6.6, 203.0.113.9, 10.1.2.3"), (b"x-forwarded-proto", b"https")]
    assert proxies.client("127.0.0.1", headers) == ("203.0.113.9", "https")
    assert proxies.client("198.51.100.1", headers) == ("198.51.100.1", None)
    assert proxies.client("127.0.0.1", [(b"x-forwarded-for", b"not-an-address")])[0] == "127.0.0.1"


def test_too_many_requests_from_one_client_get_a_thai_429(workspace):
    with make_client(workspace, requests_per_second=0.5, request_burst=5) as c:
        codes = [c.get("/").status_code for _ in range(8)]
        assert codes[:5] == [200] * 5 and 429 in codes[5:]
        refused = c.get("/")
        assert refused.status_code == 429 and "ถี่เกินไป" in refused.text and int(refused.headers["retry-after"]) >= 1
        assert c.get("/static/app.css").status_code == 200  # files of the page are not counted


# --- links, HSTS, refusals -------------------------------------------------------------------------


def make_link(c: TestClient, host: str = "127.0.0.1") -> str:
    page = c.post(
        "/p/ita2568/links", data={"csrf": token(c, "/p/ita2568/links"), "division": "กองช่าง"}, headers={"host": host}
    )
    return re.search(r'value="(https?://[^"]+/d/[^"]+)"', page.text).group(1)


def test_division_links_use_the_address_divisions_reach(workspace):
    with network(
        workspace, public_url="https://ita.example.go.th", allowed_hosts=["127.0.0.1", "ita.example.go.th"]
    ) as c:
        login(c, "ita2568")
        assert make_link(c).startswith("https://ita.example.go.th/d/")
    with network(workspace, allowed_hosts=["127.0.0.1", "192.168.1.10"], reach="192.168.1.10", port=8568) as c:
        login(c, "ita2568")
        assert make_link(c, "192.168.1.10:8568").startswith("http://192.168.1.10:8568/d/")
        assert make_link(c, "127.0.0.1:8568").startswith("http://192.168.1.10:8568/d/")  # never 127.0.0.1


def test_hsts_only_over_https(workspace):
    app = create_app(Settings(workspace, processes=False, previews=False, trusted_proxies=["127.0.0.1"]))

    async def run() -> tuple[httpx2.Response, httpx2.Response]:
        async with app.router.lifespan_context(app), await _asgi(app) as c:
            return await c.get("/", headers={"x-forwarded-proto": "https"}), await c.get("/")

    secure, plain = asyncio.run(run())
    assert secure.headers["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" not in plain.headers


def test_a_refused_host_is_answered_in_thai(workspace):
    with make_client(workspace) as c:
        refused = c.get("/", headers={"host": "evil.example"})
        assert refused.status_code == 400 and "ไม่ได้เปิดไว้ภายใต้ชื่อ" in refused.text
        assert "Invalid host header" not in refused.text


# --- work: documents first, previews after; a build that overruns ---------------------------


def test_a_build_does_not_wait_for_the_previews_of_another(workspace, monkeypatch):
    import itadocs.web.converter as converter

    started, release = [], __import__("threading").Event()

    def slow_previews(kept: str) -> list:
        started.append(kept)
        release.wait(60)
        return []

    monkeypatch.setattr(converter.api, "previews", slow_previews)
    monkeypatch.setattr(converter, "previews_available", lambda: True)
    with make_client(workspace, previews=True) as c:
        login(c, "ita2568")
        first = wait_for_documents(
            c,
            c.post("/p/ita2568/build", data={"csrf": token(c, "/p/ita2568/")}, follow_redirects=False).headers[
                "location"
            ],
        )
        deadline = time.monotonic() + 60
        while not started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started and first["previews"] == "making"
        again = c.post(
            "/p/ita2568/build",
            data={"csrf": token(c, "/p/ita2568/"), "documents": ["progress-6"]},
            follow_redirects=False,
        ).headers["location"]
        second = wait_for_documents(c, again)
        assert second["state"] == "done" and second["ok"] and len(started) == 1  # while the preview still runs
        release.set()
        assert wait_for(c, again)["previews"] in ("done", "none")


def wait_for_documents(c: TestClient, job_url: str) -> dict:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        state = c.get(job_url + ".json").json()
        if state["state"] in ("done", "failed"):
            return state
        time.sleep(0.05)
    raise AssertionError("the documents were not made")


def test_pdfs_come_from_one_libreoffice_kept_running_and_stopped_with_the_server(workspace):
    """Builds asked for PDFs run in the office worker: one LibreOffice for all of them, started
    again when it died, stopped when the server stops."""
    from itadocs.word import pdf

    office = pdf.shared_office()  # the office worker's (in the quick app, a thread of this process)
    if not office.available():
        pytest.skip("no LibreOffice with a Python that drives it (python3-uno)")
    starts = office.starts
    with make_client(workspace) as c:
        login(c, "ita2568")
        for _ in range(2):
            job = c.post(
                "/p/ita2568/build",
                data={"csrf": token(c, "/p/ita2568/"), "pdf": "1", "documents": ["progress-6"]},
                follow_redirects=False,
            )
            state = wait_for(c, job.headers["location"])
            assert state["ok"] and ".pdf" in c.get(job.headers["location"]).text
        assert office.starts == starts + 1 and office.running  # one start for both builds
        bridge = office._bridge
        assert bridge is not None
        pdf._end_group(bridge)  # LibreOffice dies (killed, out of memory ...)
        bridge.wait(30)
        job = c.post(
            "/p/ita2568/build",
            data={"csrf": token(c, "/p/ita2568/"), "pdf": "1", "documents": ["progress-6"]},
            follow_redirects=False,
        )
        assert wait_for(c, job.headers["location"])["ok"] and office.starts == starts + 2  # started again
    assert not office.running  # stopped with the server


def test_a_build_that_runs_too_long_says_so_in_thai(workspace, monkeypatch):
    def stuck(job: str, root: str, options: dict):
        time.sleep(3)

    monkeypatch.setattr(work, "build", stuck)
    with make_client(workspace, build_seconds=0.5) as c:
        login(c, "ita2568")
        job = c.post("/p/ita2568/build", data={"csrf": token(c, "/p/ita2568/")}, follow_redirects=False)
        state = wait_for_documents(c, job.headers["location"])
        assert state["state"] == "failed"
        assert "นานเกิน" in c.get(job.headers["location"]).text


def test_a_worker_that_overruns_is_stopped_with_what_it_started(tmp_path):
    from itadocs.files import process_running
    from itadocs.web.workers import Lane, TimedOut

    async def run() -> tuple[int | None, int]:
        lane = Lane(1, processes=True)
        try:
            with pytest.raises(TimedOut) as stopped:
                await lane.call(subprocess.call, ["sleep", "60"], timeout=5)
            after = await lane.call(os.getpid, timeout=60)  # a new worker takes the next call
            return stopped.value.pid, after
        finally:
            lane.shutdown(wait=False)

    pid, after = asyncio.run(run())
    assert pid and after != pid

    def group() -> list[str]:  # what is left of the worker's process group (a zombie until it is reaped)
        return subprocess.run(["pgrep", "-g", str(pid)], capture_output=True, text=True).stdout.split()

    deadline = time.monotonic() + 10
    while (process_running(pid) or group()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not process_running(pid) and group() == []  # its 'sleep 60' went with it


def test_too_many_waiting_builds_of_one_project_are_refused_in_thai(workspace, monkeypatch):
    import threading

    release = threading.Event()

    def stuck(job: str, root: str, options: dict):
        release.wait(60)
        raise RuntimeError("stopped by the test")

    monkeypatch.setattr(work, "build", stuck)
    with make_client(workspace) as c:
        login(c, "ita2568")
        csrf = token(c, "/p/ita2568/")
        codes = [
            c.post(
                "/p/ita2568/build", data={"csrf": csrf, "documents": [doc], "round": r}, follow_redirects=False
            ).status_code
            for doc in ("measures", "progress-6", "progress-12")
            for r in ("6", "12")
        ]
        refused = c.post("/p/ita2568/build", data={"csrf": csrf, "documents": ["measures", "progress-6"]})
        same = [
            c.post(
                "/p/ita2568/build",
                data={"csrf": csrf, "documents": ["measures"], "round": "12"},
                follow_redirects=False,
            ).headers.get("location")
            for _ in range(2)
        ]
        release.set()
    assert codes.count(503) >= 1 and codes[:4] == [303] * 4  # one running, at most three waiting
    assert refused.status_code == 503 and "รอคิว" in refused.text
    assert same[0] and same[0] == same[1]  # the same build asked again while it waits is the same job


# --- the audit trail --------------------------------------------------------------------------------


def test_who_did_what_is_recorded_and_the_administrator_reads_it(workspace, tmp_path):
    set_admin(workspace, "somchai", "ผู้ดูแลจังหวัด2569", scrypt_n=2**10)
    with network(workspace) as c, network(workspace) as admin:
        assert login(c, "ita2568", "ผิดรหัสนะจ๊ะ").status_code == 401
        throttle(c).forget("project:ita2568")
        login(c, "ita2568")
        upload(
            c, "/p/ita2568/upload", [("ส่งมา.xlsx", workbook(tmp_path, "กองคลัง", [measure()]))], token(c, "/p/ita2568/")
        )
        state = wait_for(
            c,
            c.post("/p/ita2568/build", data={"csrf": token(c, "/p/ita2568/")}, follow_redirects=False).headers[
                "location"
            ],
        )
        page = c.get(f"/p/ita2568/builds/{state['kept']}/").text
        document = re.search(r'href="(/p/ita2568/builds/[^"]+\.docx)"', page).group(1)
        assert c.get(document).status_code == 200
        c.post("/logout", data={"csrf": token(c, "/")})
        assert c.get("/admin/audit", follow_redirects=False).status_code == 303  # the administrator's only

        files = list((workspace / ".itadocs" / "audit").glob("*.jsonl"))
        assert [f.name for f in files] == [f"{date.today():%Y-%m-%d}.jsonl"]
        entries = [json.loads(line) for line in files[0].read_text(encoding="utf-8").splitlines()]
        actions = [(e["action"], e["project"], e["role"]) for e in entries]
        assert ("login-failed", "ita2568", "visitor") in actions and ("login", "ita2568", "coordinator") in actions
        assert ("replace", "ita2568", "coordinator") in actions and ("build", "ita2568", "coordinator") in actions
        assert ("download", "ita2568", "coordinator") in actions and ("logout", "", "coordinator") in actions
        build = next(e for e in entries if e["action"] == "build")
        assert build["outcome"] == "ok" and build["file"] == state["kept"] and build["address"] == "testclient"
        sent = next(e for e in entries if e["action"] == "replace")
        assert sent["file"] == "ส่งมา.xlsx" and "กองคลัง" in sent["detail"]
        assert {e["who"] for e in entries if e["role"] == "coordinator"} == {entries[1]["who"]}  # one session

        admin_login(admin)
        shown = admin.get("/admin/audit").text
        assert "ส่งมา.xlsx" in shown and "ใส่รหัสผิด" in shown
        day = admin.get(f"/admin/audit/{date.today():%Y-%m-%d}.jsonl")
        assert day.status_code == 200 and day.content.startswith(files[0].read_bytes()[:50])
        assert "ita2568" in admin.get("/admin/audit?project=ita2568").text
        assert "ส่งมา.xlsx" not in admin.get("/admin/audit?project=อบต-ข").text


def test_the_audit_trail_keeps_its_days_and_lets_older_ones_go(tmp_path):
    from itadocs.web.audit import AuditTrail

    trail = AuditTrail(tmp_path, days=90)
    trail.folder.mkdir(parents=True)
    for back in (0, 30, 90, 91, 400):
        (trail.folder / f"{date.today() - timedelta(days=back):%Y-%m-%d}.jsonl").write_text("{}\n")
    removed = trail.prune()
    assert sorted(p.name for p in removed) == sorted(
        f"{date.today() - timedelta(days=b):%Y-%m-%d}.jsonl" for b in (91, 400)
    )
    assert len(trail.day_files()) == 3


def test_an_audit_trail_that_cannot_be_written_never_stops_the_action(workspace, monkeypatch):
    def refused(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with make_client(workspace) as c:
        monkeypatch.setattr("itadocs.web.audit.os.open", refused)
        assert login(c, "ita2568").status_code == 303


# --- housekeeping and a full disk ------------------------------------------------------------------


def test_kept_builds_are_pruned_after_each_build_to_the_hosts_count(workspace):
    with make_client(workspace, keep_builds=2) as c:
        login(c, "ita2568")
        kept = []
        for _ in range(4):
            state = wait_for(
                c,
                c.post("/p/ita2568/build", data={"csrf": token(c, "/p/ita2568/")}, follow_redirects=False).headers[
                    "location"
                ],
            )
            kept.append(state["kept"])
        left = sorted(p.name for p in (workspace / "ita2568" / "output" / "builds").iterdir())
        assert left == sorted(kept[-2:])


def test_leftovers_of_a_killed_upload_are_swept_when_the_server_starts(workspace):
    gone = subprocess.Popen(["true"])
    gone.wait()
    incoming = workspace / "ita2568" / ".itadocs" / "incoming"
    incoming.mkdir(parents=True)
    leftover = incoming / f".upload-{gone.pid}-abc.xlsx"
    leftover.write_bytes(b"PK half")
    stamp = time.time() - 120
    os.utime(leftover, (stamp, stamp))
    with make_client(workspace):
        pass
    assert not leftover.exists()


def test_a_full_disk_before_an_upload_is_written_is_said_in_thai(workspace, monkeypatch):
    real = open

    class Full:
        def __init__(self, path, mode):
            self.file = real(path, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    with make_client(workspace) as c:
        login(c, "ita2568")
        before = (workspace / "ita2568" / "inputs" / "กองคลัง.xlsx").read_bytes()
        monkeypatch.setattr("itadocs.web.views.uploads.open", Full, raising=False)  # the upload's own file only
        result = upload(c, "/p/ita2568/upload", [("x.xlsx", example("กองคลัง"))], token(c, "/p/ita2568/"))
        monkeypatch.undo()
        answer = result.json()["results"][0]
        assert result.status_code == 200 and not answer["ok"] and "ดิสก์" in answer["messages"][0]
        assert (workspace / "ita2568" / "inputs" / "กองคลัง.xlsx").read_bytes() == before
        assert not list((workspace / "ita2568" / ".itadocs" / "incoming").iterdir())


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 3 MB file system of its own (tmpfs), where mounting one is allowed (root in a container)."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("no tmpfs can be mounted here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_really_full_disk_loses_nothing_and_answers_in_thai(small_disk):
    workspace = small_disk / "ws"
    shutil.copytree(REPO / "inputs", workspace / "ita2568" / "inputs")
    with make_client(workspace) as c:
        before = {p.name: p.read_bytes() for p in (workspace / "ita2568" / "inputs").iterdir()}
        csrf = token(c, "/p/ita2568/")
        filler = small_disk / "filler"
        with open(filler, "wb") as out:  # fill the disk to its last block
            try:
                while True:
                    out.write(b"\0" * 65536)
                    out.flush()
            except OSError:
                pass
        sent = upload(c, "/p/ita2568/upload", [("x.xlsx", example("กองช่าง"))], csrf)
        answer = sent.json()["results"][0]
        assert sent.status_code == 200 and not answer["ok"] and "ดิสก์" in " ".join(answer["messages"])
        assert {p.name: p.read_bytes() for p in (workspace / "ita2568" / "inputs").iterdir()} == before
        job = c.post("/p/ita2568/build", data={"csrf": csrf}, follow_redirects=False).headers["location"]
        assert wait_for(c, job)["state"] == "failed" and "ดิสก์" in c.get(job).text
        filler.unlink()


def test_the_settings_defaults_are_the_options_defaults():
    """A setting's default is written twice (the file's options, the server's Settings): they agree."""
    from dataclasses import MISSING, fields

    from itadocs.web.settings import OPTIONS, Settings

    options = {option.name: option.default for option in OPTIONS}
    for field in fields(Settings):
        if field.name in options and field.default is not MISSING:
            assert field.default == options[field.name], field.name
