"""The web page through Starlette's TestClient: pages, uploads, problems, builds, and every
security rule of the page (host check, CSRF, limits, content recognition, no traceback,
passcodes with throttling, division links, one project at a time)."""

from __future__ import annotations

import asyncio
import io
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

import itadocs
from itadocs.excel.sample import write_project
from itadocs.web import jobs as work
from itadocs.web import security
from itadocs.web.app import Settings, create_app
from itadocs.web.projects import WebConfig, read_config, save_config
from itadocs.web.views.uploads import MAX_FILE_BYTES

from .conftest import AGENCY, REPO, measure

BASE = "http://127.0.0.1"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "inputs", tmp_path / "ws" / "ita2568" / "inputs")
    return tmp_path / "ws"


def make_client(workspace: Path, **options) -> TestClient:
    # Threads for workers and no previews (LibreOffice): the browser test has the real thing.
    settings = Settings(workspace, **{"processes": False, "scrypt_n": 2**10, "previews": False, **options})
    return TestClient(create_app(settings), base_url=BASE)


@pytest.fixture
def client(workspace: Path):
    with make_client(workspace) as c:
        yield c


def token(c: TestClient, path: str = "/") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', c.get(path).text)
    assert found, path
    return found.group(1)


def upload(c: TestClient, path: str, files: list[tuple[str, bytes]], csrf: str | None = None):
    csrf = csrf or token(c, "/")
    return c.post(
        path,
        headers={"accept": "application/json", "x-csrf-token": csrf},
        files=[("files", (name, data)) for name, data in files],
    )


def workbook(tmp_path: Path, division: str, rows: list[dict]) -> bytes:
    """A division's filled workbook, as its bytes."""
    folder = tmp_path / f"made-{len(list(tmp_path.glob('made-*')))}"
    return write_project(folder, AGENCY, {division: rows})[1].read_bytes()


def example(name: str) -> bytes:
    return (REPO / "inputs" / f"{name}.xlsx").read_bytes()


# --- the pages ----------------------------------------------------------------


def test_pages_are_thai_first_with_an_english_switch(client):
    home = client.get("/")
    assert home.status_code == 200 and 'lang="th"' in home.text and "โครงการ ITA" in home.text
    assert "ita2568" in home.text and "ส่งแล้ว 5 จาก 5 ส่วนงาน" in home.text
    status = client.get("/p/ita2568/")
    assert "สถานะของส่วนงาน" in status.text and "กองคลัง" in status.text and "5/5" in status.text
    assert "https://" not in status.text.replace("https://www", "")  # no CDN: nothing loaded from elsewhere
    switched = client.post(
        "/lang", data={"lang": "en", "csrf": token(client), "next": "/p/ita2568/"}, follow_redirects=True
    )
    assert 'lang="en"' in switched.text and "Divisions" in switched.text
    assert (
        client.post(
            "/lang", data={"lang": "th", "csrf": token(client), "next": "//evil.example/"}, follow_redirects=False
        ).headers["location"]
        == "/"
    )
    assert client.get("/static/app.css").status_code == 200 and client.get("/static/app.js").status_code == 200


def test_problems_page_locates_each_problem_and_gives_a_text_for_line(client):
    page = client.get("/p/ita2568/problems").text
    assert "แผ่นงาน มาตรการ เซลล์ K4" in page and "การดำเนินการ" in page
    assert "เรียน กองช่าง" in page and "round-value-missing" in page
    annotated = client.get("/p/ita2568/annotated/กองช่าง.xlsx")
    assert annotated.status_code == 200
    assert "(ตรวจสอบ)" in annotated.headers["content-disposition"] or "%28" in annotated.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(annotated.content))
    assert len(wb.sheetnames) > 2  # the summary sheet comes first
    assert client.get("/p/ita2568/annotated/ไม่มีส่วนงานนี้.xlsx").status_code == 404


def test_blank_forms_one_or_all(client):
    one = client.get("/p/ita2568/blank/กองคลัง.xlsx")
    assert one.status_code == 200 and one.content[:2] == b"PK"
    every = zipfile.ZipFile(io.BytesIO(client.get("/p/ita2568/blank.zip").content))
    assert len(every.namelist()) == 5 and "กองคลัง.xlsx" in every.namelist()


def test_creating_a_project_checks_what_init_checks(client, workspace):
    csrf = token(client)
    form = {
        "csrf": csrf,
        "folder": "ita2569",
        "agency": "อบต.ทดสอบ",
        "district": "เมือง",
        "province": "ขอนแก่น",
        "fiscal_year": "2026",
        "round": "6",
        "divisions": "กองคลัง\nกองช่าง",
        "reporter_name": "นางสาวผู้รายงาน",
    }
    christian = client.post("/projects", data=form)
    assert christian.status_code == 400 and "ปี ค.ศ." in christian.text and "2569" in christian.text
    assert not (workspace / "ita2569").exists()
    bad = client.post("/projects", data={**form, "folder": "../escape", "fiscal_year": "2569"})
    assert bad.status_code == 400 and "ใช้ไม่ได้" in bad.text and not (workspace.parent / "escape").exists()
    taken = client.post("/projects", data={**form, "folder": "ITA2568", "fiscal_year": "2569"})
    assert taken.status_code == 400 and "มีโครงการชื่อ" in taken.text
    made = client.post("/projects", data={**form, "fiscal_year": "๒๕๖๙"}, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"] == "/p/ita2569/"
    inputs = sorted(p.name for p in (workspace / "ita2569" / "inputs").iterdir())
    assert inputs == ["กองคลัง.xlsx", "กองช่าง.xlsx", "ข้อมูลหน่วยงาน.xlsx"]
    standing = itadocs.status(workspace / "ita2569")
    assert standing.fiscal_year == 2569 and [d.state for d in standing.divisions] == ["blank", "blank"]
    assert "ยังไม่ได้ส่ง" in client.get("/p/ita2569/").text


# --- upload ---------------------------------------------------------------------


def test_an_upload_is_recognised_by_content_and_the_replaced_one_kept(client, workspace, tmp_path):
    data = workbook(tmp_path, "กองคลัง", [measure(), measure(issue="ประเด็นที่สอง")])
    result = upload(client, "/p/ita2568/upload", [("../../etc/passwd (แก้ไข) (1).xlsx", data)]).json()["results"][0]
    assert result["ok"] and result["division"] == "กองคลัง", result
    root = workspace / "ita2568"
    assert (root / "inputs" / "กองคลัง.xlsx").read_bytes() == data
    assert not (workspace.parent / "etc").exists()
    kept = list((root / "history").rglob("*.xlsx"))
    assert [p.read_bytes() for p in kept] == [example("กองคลัง")]
    assert any("ประวัติ" in line for line in result["messages"]) and not any(
        "history/" in line for line in result["messages"]
    )
    assert "2/2" in client.get("/p/ita2568/").text  # the status follows at once
    assert not list((root / ".itadocs" / "incoming").iterdir())  # nothing left from the upload


def test_an_upload_without_javascript_shows_its_results_on_the_status_page(client, tmp_path):
    data = workbook(tmp_path, "กองช่าง", [measure(tool="")])  # an error: the tool is required
    response = client.post(
        "/p/ita2568/upload",
        data={"csrf": token(client)},
        files=[("files", ("ช่าง.xlsx", data)), ("files", ("notes.txt", b"hello"))],
    )
    assert response.status_code == 200 and "ผลการส่งไฟล์" in response.text
    assert "รับไว้เป็นไฟล์ของ กองช่าง" in response.text and "ข้อผิดพลาด 1" in response.text
    assert "ไม่ใช่ไฟล์ Excel" in response.text


def test_wrong_files_get_thai_reasons_from_their_bytes(client):
    old_xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    results = upload(
        client,
        "/p/ita2568/upload",
        [("a.xlsx", old_xls), ("b.xlsx", b"hello"), ("c.xlsx", b"x" * (MAX_FILE_BYTES + 1))],
    ).json()["results"]
    assert [r["ok"] for r in results] == [False, False, False]
    assert "รูปแบบเก่า" in results[0]["messages"][0] and "ไม่ใช่ไฟล์ Excel" in results[1]["messages"][0]
    assert "ใหญ่เกิน 5 MB" in results[2]["messages"][0]


def test_limits_on_the_size_and_the_number_of_uploads(client):
    csrf = token(client)
    big = client.post(
        "/p/ita2568/upload", headers={"x-csrf-token": csrf}, files=[("files", ("a.xlsx", b"x" * (41 * 1024 * 1024)))]
    )
    assert big.status_code == 413 and "ใหญ่เกินกำหนด" in big.text
    many = [("files", (f"{i}.xlsx", b"x")) for i in range(31)]
    results = client.post(
        "/p/ita2568/upload", headers={"x-csrf-token": csrf, "accept": "application/json"}, files=many
    ).json()["results"]
    assert len(results) == 31 and not any(r["ok"] for r in results)
    assert "30.xlsx" in results[30]["messages"][0] and "ไม่เกิน 30 ไฟล์" in results[30]["messages"][0]
    assert "1.xlsx" in results[1]["messages"][0]  # each refusal names its file
    flood = [("files", (f"{i}.xlsx", b"x")) for i in range(201)]
    refused = client.post("/p/ita2568/upload", headers={"x-csrf-token": csrf}, files=flood)
    assert refused.status_code == 400 and "ไม่เกิน 30 ไฟล์" in refused.text and "Too many" not in refused.text
    assert client.post("/lang", data={"csrf": csrf, "lang": "en", "x": "y" * 100_000}).status_code == 413


def test_two_uploads_at_once_on_one_project_lose_nothing(workspace, tmp_path):
    import httpx2

    settings = Settings(workspace, processes=False)
    app = create_app(settings)
    first, second = (workbook(tmp_path, "กองคลัง", [measure(issue=f"ฉบับที่ {n}")]) for n in (1, 2))
    other = workbook(tmp_path, "กองช่าง", [measure()])

    async def run() -> list[dict]:
        async with app.router.lifespan_context(app):
            transport = httpx2.ASGITransport(app=app)
            async with httpx2.AsyncClient(transport=transport, base_url=BASE) as c:
                csrf = re.search(r'name="csrf" value="([^"]+)"', (await c.get("/")).text).group(1)
                sent = [
                    c.post(
                        "/p/ita2568/upload",
                        headers={"accept": "application/json", "x-csrf-token": csrf},
                        files=[("files", (f"{n}.xlsx", data))],
                    )
                    for n, data in enumerate((first, second, other))
                ]
                return [(await r).json()["results"][0] for r in [asyncio.ensure_future(s) for s in sent]]

    results = asyncio.run(run())
    assert all(r["ok"] for r in results), results
    root = workspace / "ita2568"
    kept = sorted(p.read_bytes() for p in (root / "history").rglob("กองคลัง.xlsx"))
    finance = (root / "inputs" / "กองคลัง.xlsx").read_bytes()
    # Whichever came last is in inputs/; the two it replaced, the example's and the other upload, are kept.
    assert finance in (first, second) and len(kept) == 2
    assert sorted([finance, *kept]) == sorted([first, second, example("กองคลัง")])
    assert (root / "inputs" / "กองช่าง.xlsx").read_bytes() == other


# --- build --------------------------------------------------------------------------


def wait_for(c: TestClient, job_url: str) -> dict:
    deadline = time.monotonic() + 180  # previews run LibreOffice, slow on a loaded 2-core machine
    while time.monotonic() < deadline:
        state = c.get(job_url + ".json").json()
        if state["state"] in ("done", "failed") and state["previews"] != "making":
            return state
        time.sleep(0.05)
    raise AssertionError("the build did not finish")


def test_a_build_runs_off_the_request_and_is_kept_by_time(client, workspace):
    csrf = token(client, "/p/ita2568/")
    started = client.post("/p/ita2568/build", data={"csrf": csrf, "documents": ["progress-6"]}, follow_redirects=False)
    assert started.status_code == 303
    state = wait_for(client, started.headers["location"])
    assert state["state"] == "done" and state["ok"] and state["kept"], state
    page = client.get(started.headers["location"]).text
    assert "สร้างเอกสารแล้ว" in page
    name = re.search(r'href="(/p/ita2568/builds/[^"]+\.docx)"', page).group(1)
    document = client.get(name)
    assert document.status_code == 200 and document.content[:2] == b"PK"
    assert client.get(f"/p/ita2568/builds/{state['kept']}/..%2F..%2Finputs%2F%E0%B8%81.xlsx").status_code == 404
    assert client.get("/p/ita2568/builds/../../inputs/").status_code == 404
    assert state["kept"] in client.get("/p/ita2568/").text  # the earlier builds are listed by time


def test_a_build_never_overwrites_a_document_staff_edited(client, workspace):
    first = wait_for(
        client,
        client.post("/p/ita2568/build", data={"csrf": token(client, "/p/ita2568/")}, follow_redirects=False).headers[
            "location"
        ],
    )
    assert first["ok"]
    edited = next((workspace / "ita2568" / "output").glob("รายงาน*.docx"))
    edited.write_bytes(edited.read_bytes() + b" edited in Word")
    started = client.post("/p/ita2568/build", data={"csrf": token(client, "/p/ita2568/")}, follow_redirects=False)
    assert wait_for(client, started.headers["location"])["ok"]
    page = client.get(started.headers["location"]).text
    assert "ถูกแก้ไขหลังจากที่ itadocs สร้างไว้" in page and edited.read_bytes().endswith(b" edited in Word")


def test_a_build_with_errors_says_why_and_points_to_the_problems(client, workspace, tmp_path):
    upload(client, "/p/ita2568/upload", [("x.xlsx", workbook(tmp_path, "กองคลัง", [measure(tool="")]))])
    started = client.post("/p/ita2568/build", data={"csrf": token(client, "/p/ita2568/")}, follow_redirects=False)
    state = wait_for(client, started.headers["location"])
    assert state["state"] == "done" and not state["ok"]
    assert "ยังไม่ได้สร้างเอกสาร" in client.get(started.headers["location"]).text


# --- security -------------------------------------------------------------------------


def test_the_host_header_is_checked_against_the_allow_list(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "127.0.0.1.evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "127.0.0.1:5555"}).status_code == 200
    assert client.get("/", headers={"host": "[::1]:5555"}).status_code == 200
    assert client.get("/", headers={"host": "localhost"}).status_code == 200


def test_every_change_needs_the_csrf_token_and_the_same_origin(client):
    assert client.post("/lang", data={"lang": "en"}).status_code == 403
    assert client.post("/lang", data={"lang": "en", "csrf": "forged"}).status_code == 403
    csrf = token(client)
    assert (
        client.post("/lang", data={"lang": "en", "csrf": csrf}, headers={"origin": "http://evil.example"}).status_code
        == 403
    )
    assert (
        client.post("/lang", data={"lang": "en", "csrf": csrf}, headers={"sec-fetch-site": "cross-site"}).status_code
        == 403
    )
    assert client.post("/lang", data={"lang": "en", "csrf": csrf}, headers={"origin": "null"}).status_code == 403
    assert client.post("/p/ita2568/upload", files=[("files", ("a.xlsx", example("กองคลัง")))]).status_code == 403
    assert client.post("/p/ita2568/build", data={}).status_code == 403
    ok = client.post("/lang", data={"lang": "en", "csrf": csrf}, headers={"origin": BASE}, follow_redirects=False)
    assert ok.status_code == 303


def test_security_headers_and_no_caching_of_pages(client):
    response = client.get("/p/ita2568/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["referrer-policy"] == "same-origin"  # a division link's token never leaks
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers.get("set-cookie", "") or client.get("/").headers.get("set-cookie", "")
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()


def test_no_traceback_ever_reaches_the_browser(workspace, monkeypatch):
    def broken(root: str):
        raise RuntimeError("secret internals /etc/shadow")

    monkeypatch.setattr(work, "project_status", broken)
    settings = Settings(workspace, processes=False)
    with TestClient(create_app(settings), base_url=BASE, raise_server_exceptions=False) as c:
        response = c.get("/p/ita2568/")
    assert response.status_code == 500 and "ข้อผิดพลาดภายในโปรแกรม" in response.text
    assert "Traceback" not in response.text and "shadow" not in response.text
    assert c.get("/no/such/page").status_code == 404


def test_passcodes_are_hashed_and_wrong_ones_slowed_down(client, workspace, monkeypatch):
    root = workspace / "ita2568"
    save_config(root, WebConfig(security.hash_passcode("รหัสลับ1234", n=2**10), 1))
    stored = (root / ".itadocs" / "web.json").read_text(encoding="utf-8")
    assert "รหัสลับ1234" not in stored and stored.count("scrypt$") == 1
    assert client.get("/p/ita2568/", follow_redirects=False).headers["location"] == "/p/ita2568/login"
    assert client.get("/p/ita2568/blank.zip", follow_redirects=False).status_code == 303
    csrf = token(client, "/p/ita2568/login")
    assert client.post("/p/ita2568/login", data={"csrf": csrf, "passcode": "wrong"}).status_code == 401
    hashed: list[tuple] = []

    def counted(*args) -> bool:
        hashed.append(args)
        return True

    monkeypatch.setattr(security, "verify_passcode", counted)
    throttled = client.post("/p/ita2568/login", data={"csrf": csrf, "passcode": "รหัสลับ1234"})
    assert throttled.status_code == 429 and "กรุณารอ" in throttled.text and hashed == []  # refused before hashing
    monkeypatch.undo()
    client.app.state.settings.throttle.forget("project:ita2568")
    ok = client.post("/p/ita2568/login", data={"csrf": csrf, "passcode": "รหัสลับ1234"}, follow_redirects=False)
    assert ok.status_code == 303 and client.get("/p/ita2568/").status_code == 200
    # A new passcode ends every session granted with the old one, and a copy of the changer's cookie.
    with make_client(workspace) as other, make_client(workspace) as copied:
        other.post("/p/ita2568/login", data={"csrf": token(other, "/p/ita2568/login"), "passcode": "รหัสลับ1234"})
        copied.cookies = client.cookies
        assert other.get("/p/ita2568/", follow_redirects=False).status_code == 200
        assert copied.get("/p/ita2568/", follow_redirects=False).status_code == 200
        client.post("/p/ita2568/passcode", data={"csrf": token(client, "/p/ita2568/"), "passcode": "ใหม่กว่าเดิม99"})
        assert read_config(root).epoch == 2
        assert other.get("/p/ita2568/", follow_redirects=False).status_code == 303
        assert copied.get("/p/ita2568/", follow_redirects=False).status_code == 303
        assert client.get("/p/ita2568/", follow_redirects=False).status_code == 200


def test_a_division_link_grants_only_that_divisions_upload(client, workspace, tmp_path):
    root = workspace / "ita2568"
    save_config(root, WebConfig(security.hash_passcode("รหัสลับ1234", n=2**10), 1))
    client.app.state.settings.throttle.forget("project:ita2568")
    client.post("/p/ita2568/login", data={"csrf": token(client, "/p/ita2568/login"), "passcode": "รหัสลับ1234"})
    page = client.post("/p/ita2568/links", data={"csrf": token(client, "/p/ita2568/links"), "division": "กองช่าง"})
    url = re.search(r'value="http://127\.0\.0\.1(/d/[^"]+)"', page.text).group(1)
    assert url.split("/d/")[1] not in (root / ".itadocs" / "web.json").read_text(encoding="utf-8")

    with make_client(workspace) as division:
        home = division.get(url)
        assert home.status_code == 200 and "กองช่าง" in home.text and "กองคลัง" not in home.text
        assert division.get("/p/ita2568/", follow_redirects=False).status_code == 303  # not the project
        assert division.get("/p/ita2568/problems", follow_redirects=False).status_code == 303
        csrf = token(division, "/d/")
        results = upload(
            division, "/d/upload", [("x.xlsx", example("กองคลัง")), ("y.xlsx", example("ข้อมูลหน่วยงาน"))], csrf
        ).json()["results"]
        assert [r["ok"] for r in results] == [False, False]
        assert "กองคลัง" in results[0]["messages"][0] and "ผู้ประสานงาน" in results[1]["messages"][0]
        own = upload(division, "/d/upload", [("ช่าง.xlsx", workbook(tmp_path, "กองช่าง", [measure()]))], csrf)
        assert own.json()["results"][0]["ok"]
        assert division.get("/d/blank.xlsx").content[:2] == b"PK"
        assert division.get("/d/annotated.xlsx").status_code in (200, 404)
        # A new link for the division ends this one.
        client.post("/p/ita2568/links", data={"csrf": token(client, "/p/ita2568/links"), "division": "กองช่าง"})
        ended = division.get("/d/")
        assert ended.status_code == 403 and "ลิงก์นี้ใช้ไม่ได้แล้ว" in ended.text
    assert client.get("/d/not-a-token").status_code == 404


# --- serve ------------------------------------------------------------------------------


def test_serve_refuses_what_it_cannot_serve(workspace):
    from itadocs.web.serve import serve

    with pytest.raises(itadocs.ItadocsError):
        serve(workspace, certfile=workspace / "cert.pem")
    with pytest.raises(itadocs.ItadocsError):
        serve(workspace / "missing", open_browser=False)


def test_the_cli_pays_nothing_for_the_web_until_serve():
    code = "import sys, itadocs.cli; assert not [m for m in sys.modules if m.startswith(('starlette', 'uvicorn'))]"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_serve_prints_its_address_and_stops_cleanly_on_ctrl_c(workspace):
    import signal

    server = subprocess.Popen(
        [sys.executable, "-m", "itadocs.web.serve", str(workspace), "--no-browser", "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = server.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert url, first
        import urllib.request

        with urllib.request.urlopen(url.group(0) + "p/ita2568/", timeout=30) as response:
            assert "กองคลัง" in response.read().decode()
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0 and "หยุดแล้ว" in out and "Traceback" not in err


def test_web_settings_of_a_project_survive_a_damaged_file(workspace):
    root = workspace / "ita2568"
    (root / ".itadocs").mkdir()
    (root / ".itadocs" / "web.json").write_text("{not json", encoding="utf-8")
    assert read_config(root) == WebConfig()
    save_config(root, WebConfig("scrypt$x", 3, {"abc": "กองคลัง"}))
    assert json.loads((root / ".itadocs" / "web.json").read_text(encoding="utf-8"))["links"] == {"abc": "กองคลัง"}


def test_a_project_folder_served_by_itself(workspace):
    with make_client(workspace / "ita2568") as c:
        home = c.get("/")
        assert "ita2568" in home.text and "หน้านี้เปิดโครงการเดียว" in home.text
        assert c.get("/p/ita2568/").status_code == 200
        form = {"csrf": token(c), "folder": "other", "agency": "อบต.ทดสอบ"}
        assert c.post("/projects", data=form).status_code == 400
        assert not (workspace / "ita2568" / "other").exists()


def test_serve_on_the_network_warns_that_plain_http_is_not_encrypted(workspace, monkeypatch):
    import uvicorn

    from itadocs.web.serve import serve

    save_config(workspace / "ita2568", WebConfig(security.hash_passcode("รหัสลับ1234", n=2**10), 1))
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: None)  # start, and stop at once
    said: list[str] = []
    warned: list[str] = []
    serve(
        workspace,
        host="0.0.0.0",
        port=0,
        open_browser=False,
        allow_hosts=("ita.example.go.th",),
        say=said.append,
        warn=warned.append,
    )
    assert not any("http://127.0.0.1:" in line for line in said[:1])  # the page opens where others reach it
    assert any("ita.example.go.th" in line for line in said)
    encrypted = [w for w in warned if "ไม่ได้เข้ารหัส" in w]
    assert len(encrypted) == 1 and "--certfile" in encrypted[0]
    said.clear()
    warned.clear()
    serve(workspace, open_browser=False, say=said.append, warn=warned.append)  # this computer only: no warning
    assert warned == [] and said[-1].endswith("หยุดแล้ว")


# --- the coordinator's year (issue: the whole year in the page) ---------------------------------


def form_of(html: str, action: str) -> dict[str, str]:
    """The inputs, selects and textareas of the form posting to `action`, with their values."""
    start = html.index(f'action="{action}"')
    body = html[start : html.index("</form>", start)]
    values = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', body))
    values.update({n: v for n, v in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', body)})
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        values[name] = chosen.group(1) if chosen else ""
    return {k: unescape(v) for k, v in values.items()}


def unescape(text: str) -> str:
    import html

    return html.unescape(text)


def broken_project(workspace: Path, tmp_path: Path, **agency) -> Path:
    root = workspace / "broken"
    write_project(
        root / "inputs",
        {**AGENCY, **agency},
        {"กองคลัง": [measure(tool="", indicator="99")], "กองช่าง": [measure(responsible="กองช่าง")]},
    )
    return root


def test_the_page_never_gives_a_false_all_clear(client, workspace, tmp_path):
    """The agency workbook has an error: its divisions' own mistakes are still shown, and where
    nothing could be checked the page, the LINE text and the division's own page say so."""
    broken_project(workspace, tmp_path, district="")
    status = client.get("/p/broken/").text
    assert "ไฟล์ข้อมูลหน่วยงานต้องแก้ไขก่อน" in status and "อำเภอ" in status and "/p/broken/agency" in status
    assert "ส่งแล้ว ต้องแก้ไข" in status and "ไม่อยู่ในรายชื่อ" not in status
    problems = client.get("/p/broken/problems").text
    assert "ไม่พบปัญหา" not in problems.split('id="d2"')[0]  # กองคลัง's mistakes are listed
    assert "เครื่องมือการประเมิน" in problems and "ปีงบประมาณ 2568" in problems
    home = client.get("/").text
    assert "ไฟล์ข้อมูลหน่วยงานต้องแก้ไข" in home and "ยังไม่ได้กรอก" in home

    shutil.rmtree(workspace / "broken")
    broken_project(workspace, tmp_path, fiscal_year="")  # nothing to check by
    status = client.get("/p/broken/").text
    rows = status.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("ได้รับแล้ว ยังตรวจไม่ได้") == 2 and "ไม่พบปัญหา" not in rows and "พร้อมใช้" not in rows
    assert "ตรวจแล้ว" not in client.get("/p/broken/problems").text.split('id="general"')[0]
    assert "ยังตรวจไม่ได้" in client.get("/p/broken/problems").text
    save_config(workspace / "broken", WebConfig("", 1, {security.token_digest("t" * 43): "กองคลัง"}))
    with make_client(workspace) as division:
        page = division.get("/d/" + "t" * 43, follow_redirects=True).text
        assert "ยังตรวจไม่ได้" in page and "ไม่พบปัญหา" not in page and "พร้อมใช้" not in page


def test_a_division_file_never_replaces_the_agency_workbook_through_the_page(client, workspace, tmp_path):
    made = write_project(tmp_path / "made", AGENCY, {"กองคลัง": [measure()]})[1]
    wb = load_workbook(made)
    wb["มาตรการ"]["B1"] = "ข้อมูลหน่วยงาน"
    wb.save(made)
    before = (workspace / "ita2568" / "inputs" / "ข้อมูลหน่วยงาน.xlsx").read_bytes()
    result = upload(client, "/p/ita2568/upload", [("ส่งมาแล้ว.xlsx", made.read_bytes())]).json()["results"][0]
    assert not result["ok"] and "ส่งมาแล้ว.xlsx" in result["messages"][0]
    refused = upload(client, "/p/ita2568/agency/upload", [("กองคลัง.xlsx", example("กองคลัง"))]).json()["results"][0]
    assert not refused["ok"] and "ไม่ใช่ไฟล์ข้อมูลหน่วยงาน" in refused["messages"][0]
    assert (workspace / "ita2568" / "inputs" / "ข้อมูลหน่วยงาน.xlsx").read_bytes() == before


def test_agency_details_saved_from_the_page_with_errors_located_and_an_undo(client, workspace):
    page = client.get("/p/ita2568/agency").text
    fields = form_of(page, "/p/ita2568/agency")
    assert fields["field.name"] == "เทศบาลตำบลสวนหอมพัฒนา" and fields["field.round"] == "6"
    refused = client.post("/p/ita2568/agency", data={**fields, "field.district": "", "field.fiscal_year": "ปีหน้า"})
    assert refused.status_code == 400 and "ยังไม่ได้บันทึก" in refused.text
    assert re.search('name="field.district"[^>]*aria-invalid="true"', refused.text)
    assert "ปีหน้า" in refused.text  # what was typed is still there
    assert not (workspace / "ita2568" / "history").exists()
    saved = client.post("/p/ita2568/agency", data={**fields, "field.approver_name": "นายใหม่ ใจดี"})
    assert "บันทึกแล้ว" in saved.text and "เลิกทำ" in saved.text
    assert itadocs.agency_form(workspace / "ita2568").values["approver_name"] == "นายใหม่ ใจดี"
    undo = form_of(saved.text, "/p/ita2568/history/restore")
    client.post("/p/ita2568/history/restore", data=undo)
    assert itadocs.agency_form(workspace / "ita2568").values["approver_name"] == "นายประเสริฐ บุญเรืองศักดิ์"


def test_divisions_renamed_added_and_removed_from_the_page(client, workspace):
    csrf = token(client, "/p/ita2568/agency")
    root = workspace / "ita2568"
    save_config(root, WebConfig("", 1, {"digest": "กองช่าง"}))
    client.post(
        "/p/ita2568/divisions", data={"csrf": csrf, "action": "rename", "division": "กองช่าง", "new": "กองช่างและโยธา"}
    )
    assert read_config(root).links == {"digest": "กองช่างและโยธา"}  # its link follows
    assert itadocs.status(root).division("กองช่างและโยธา").measures == 4
    added = client.post("/p/ita2568/divisions", data={"csrf": csrf, "action": "add", "new": "กองสวัสดิการสังคม"})
    assert "เพิ่ม กองสวัสดิการสังคม แล้ว" in added.text
    bad = client.post("/p/ita2568/divisions", data={"csrf": csrf, "action": "add", "new": "ข้อมูลหน่วยงาน"})
    assert bad.status_code == 400 and "ใช้เป็นชื่อส่วนงานไม่ได้" in bad.text
    removed = client.post("/p/ita2568/divisions", data={"csrf": csrf, "action": "remove", "division": "กองคลัง"})
    assert "ลบ กองคลัง ออกจากรายชื่อแล้ว" in removed.text and itadocs.status(root).division("กองคลัง") is None
    client.post("/p/ita2568/history/restore", data=form_of(removed.text, "/p/ita2568/history/restore"))
    assert itadocs.status(root).division("กองคลัง").measures == 4


def test_last_years_results_typed_on_the_page_are_checked_and_written(client, workspace):
    page = client.get("/p/ita2568/results").text
    assert "ผลการประเมิน ITA ปี 2568" in page and 'id="t3"' in page
    fields = form_of(page, "/p/ita2568/results")
    first_score = next(k for k in fields if k.startswith("t3.") and k.endswith(".score"))
    refused = client.post("/p/ita2568/results", data={**fields, first_score: "เก้าสิบ", "field.overall_score": "๙๑.๕"})
    assert refused.status_code == 400 and re.search(f'name="{first_score}"[^>]*aria-invalid="true"', refused.text)
    assert "เก้าสิบ" in refused.text
    saved = client.post(
        "/p/ita2568/results",
        data={
            **fields,
            first_score: "61.5",
            "field.overall_score": "๙๑.๕",
            "t2.7.number": "8",
            "t2.7.title": "ประเด็นจากหน้าเว็บ",
        },
    )
    assert "บันทึกแล้ว" in saved.text
    project, _ = itadocs.load(workspace / "ita2568")
    assert project.assessment.overall == 91.5 and project.assessment.issues[-1].title == "ประเด็นจากหน้าเว็บ"
    assert 61.5 in [i.score for i in project.assessment.items]
    wb = load_workbook(io.BytesIO(client.get("/p/ita2568/agency.xlsx").content))
    assert wb["ข้อมูลหน่วยงาน"]["B13"].value == 91.5  # the one source of truth, downloadable as it is


def test_a_wrong_upload_and_a_build_deleted_then_restored(client, workspace, tmp_path):
    csrf = token(client, "/p/ita2568/")
    deleted = client.post("/p/ita2568/delete-workbook", data={"csrf": csrf, "division": "กองคลัง"})
    assert "ลบไฟล์ของ กองคลัง แล้ว" in deleted.text and "ยังไม่ได้ส่ง (ไม่มีไฟล์)" in deleted.text
    history = client.get("/p/ita2568/history").text
    assert "ไฟล์ของ กองคลัง" in history and "ลบแล้ว" in history and "20" not in history.split("<tbody>")[1][:40]
    client.post("/p/ita2568/history/restore", data=form_of(history, "/p/ita2568/history/restore"))
    assert (workspace / "ita2568" / "inputs" / "กองคลัง.xlsx").read_bytes() == example("กองคลัง")
    state = wait_for(
        client,
        client.post(
            "/p/ita2568/build", data={"csrf": csrf, "documents": ["progress-6"]}, follow_redirects=False
        ).headers["location"],
    )
    gone = client.post(f"/p/ita2568/builds/{state['kept']}/delete", data={"csrf": csrf})
    assert "ลบเอกสารที่สร้างเมื่อ" in gone.text and itadocs.past_builds(workspace / "ita2568") == []
    client.post("/p/ita2568/history/restore", data=form_of(gone.text, "/p/ita2568/history/restore"))
    assert [b.name for b in itadocs.past_builds(workspace / "ita2568")] == [state["kept"]]


def test_what_a_division_sees_speaks_no_command_line_and_shows_no_server_folder(client, workspace, tmp_path):
    root = workspace / "ita2568"
    save_config(root, WebConfig("", 1, {security.token_digest("k" * 43): "กองช่าง"}, "2027-01-15"))
    with make_client(workspace) as division:
        first = division.get("/d/" + "k" * 43, follow_redirects=True).text
        assert "กำหนดส่ง: ภายในวันที่ 15 มกราคม 2570" in first and "1. ดาวน์โหลดแบบฟอร์ม" in first
        sent = upload(
            division,
            "/d/upload",
            [("ช่าง.xlsx", workbook(tmp_path, "กองช่าง", [measure(tool="x")]))],
            token(division, "/d/"),
        )
        assert sent.json()["results"][0]["ok"]
        page = division.post(
            "/d/upload", data={"csrf": token(division, "/d/")}, files=[("files", ("ข้อมูล.xlsx", example("ข้อมูลหน่วยงาน")))]
        ).text
    text = re.sub(r"<[^>]+>", " ", page)
    assert "ต้องแก้" in text and "เครื่องมือการประเมิน" in text and "ข้อมูล.xlsx" in text  # the refusal names it
    for word in (
        "--",
        "itadocs init",
        "itadocs serve",
        "tool-unknown",
        "value-required",
        str(workspace),
        "history/",
        "inputs/",
        "Traceback",
    ):
        assert word not in text, word
    english = re.findall(r"\b[A-Za-z]{4,}\b", text)
    assert set(english) <= {"itadocs", "Excel", "LINE", "xlsx"}, set(english)


def test_the_deadline_is_typed_as_people_write_dates(client, workspace):
    csrf = token(client, "/p/ita2568/links")
    bad = client.post("/p/ita2568/links", data={"csrf": csrf, "action": "deadline", "deadline": "สิ้นเดือนหน้า"})
    assert bad.status_code == 400 and "สิ้นเดือนหน้า" in bad.text and "อ่านวันที่" in bad.text
    for typed in ("15/1/2570", "๑๕ ม.ค. ๒๕๗๐", "15 มกราคม 2570"):
        client.post("/p/ita2568/links", data={"csrf": csrf, "action": "deadline", "deadline": typed})
        assert read_config(workspace / "ita2568").deadline == "2027-01-15", typed
    client.post("/p/ita2568/links", data={"csrf": csrf, "action": "deadline", "deadline": ""})
    assert read_config(workspace / "ita2568").deadline == ""


def test_pages_in_thai_carry_no_english_but_names(client, workspace):
    """English only when switched: a Thai page's Latin words are names (programs, file kinds,
    the ITA's own abbreviations), never sentences, options or codes."""
    names = {
        "itadocs",
        "Excel",
        "Word",
        "PDF",
        "LINE",
        "ITA",
        "ITAS",
        "IIT",
        "EIT",
        "OIT",
        "LibreOffice",
        "xlsx",
        "zip",
        "MB",
        "KB",
        "TH",
        "SarabunPSK",
        "EN",
    }
    for path in (
        "/",
        "/p/ita2568/",
        "/p/ita2568/agency",
        "/p/ita2568/results",
        "/p/ita2568/links",
        "/p/ita2568/history",
    ):
        html = client.get(path).text
        # What the workbooks hold (question texts such as "No Gift Policy") is data, not the page's words.
        body = re.sub(r"<(script|style|textarea)[^>]*>.*?</\1>|<[^>]+>", " ", html.split("<body>")[1], flags=re.S)
        words = set(re.findall(r"\b[A-Za-z][A-Za-z]{2,}\b", re.sub(r"https?://\S+", " ", body)))
        assert words <= names, (path, words - names)


def test_every_field_and_column_of_the_agency_schema_has_its_input(client, workspace):
    """The forms are drawn from the schema: a field or a column added there appears by itself."""
    from itadocs import schema

    pages = client.get("/p/ita2568/agency").text + client.get("/p/ita2568/results").text
    for item in schema.AGENCY_FIELDS:
        assert f'name="field.{item.key}"' in pages, item.key
    for number, table in enumerate(schema.AGENCY_TABLES):
        for column in table.columns:
            assert f'name="t{number}.0.{column.key}"' in pages, (table.sheet, column.key)
    fields = form_of(client.get("/p/ita2568/agency").text, "/p/ita2568/agency")
    choice = schema.GROUPINGS[schema.AS_WRITTEN]
    assert "บันทึกแล้ว" in client.post("/p/ita2568/agency", data={**fields, "field.grouping": choice}).text
    assert itadocs.agency_form(workspace / "ita2568").values["grouping"] == choice
