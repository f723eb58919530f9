"""The web page end to end in a real browser: Debian's chromium driven by selenium through
Debian's chromedriver (nothing is downloaded).  Skipped when they are missing, except in CI,
where .ci/run installs them.

One journey as a coordinator (create a project, download a blank form, upload filled
workbooks, one with an error, read the Thai problems, fetch the annotated copy, upload the
fixed workbook, build, download the .docx and open it), then a division link in a fresh
session.  Screenshots of every page, at desktop and phone widths, go to the test's output
folder (or $ITADOCS_SHOTS) to be looked at.
"""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from docx import Document
from openpyxl import load_workbook

import itadocs
from itadocs import schema

from .conftest import measure

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
PHONE, DESKTOP = (390, 844), (1280, 900)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER) and not os.environ.get("CI"),
                       reason="needs Debian's chromium and chromium-driver (apt install chromium chromium-driver)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The page on 127.0.0.1, a free port, in a thread of this process, with real worker processes."""
    import uvicorn

    from itadocs.web.app import Settings, create_app
    from itadocs.web.serve import bind

    workspace = tmp_path_factory.mktemp("workspace")
    settings = Settings(workspace, workers=2, scrypt_n=2**12)
    sock = bind("127.0.0.1")
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", workspace
    server.should_exit = True
    thread.join(30)
    sock.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--hide-scrollbars", "--lang=th-TH",
                     f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
                     f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        options.add_argument(argument)
    # The driver's path given: Selenium Manager is not run, so nothing is downloaded.
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER or "/usr/bin/chromedriver"),
                              options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("ITADOCS_SHOTS") or tmp_path_factory.mktemp("web-shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(driver, folder: Path, name: str) -> None:
    """The whole page at desktop width, then at phone width."""
    for label, (width, height) in (("desktop", DESKTOP), ("phone", PHONE)):
        driver.set_window_size(width, height)
        full = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(height, full + 120), 6000))
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(folder / f"{name}-{label}.png"))
    driver.set_window_size(*DESKTOP)


def fetch(driver, url: str) -> bytes:
    """A download, with the browser's session cookie (what clicking the link gets)."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=60) as response:
        return response.read()


def fill(blank: bytes, rows: list[dict], path: Path) -> Path:
    """A division's blank form filled as the division would, saved under `path`."""
    wb = load_workbook(io.BytesIO(blank))
    ws = wb[schema.MEASURES_SHEET]
    columns = {c.key: i for i, c in enumerate(schema.MEASURES.columns, start=1)}
    for number, row in enumerate(rows, start=schema.FIRST_DATA_ROW):
        for key, value in row.items():
            ws.cell(number, columns[key], value)
    wb.save(path)
    return path


def test_a_coordinator_and_a_division_in_a_real_browser(server, browser, shots, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, workspace = server
    wait = WebDriverWait(browser, 60)
    find = browser.find_element

    # 1. Create a project with the form.
    browser.get(base + "/")
    assert "โครงการ ITA" in find(By.TAG_NAME, "h1").text
    for name, value in (("folder", "ita2569"), ("agency", "เทศบาลตำบลทดสอบ"), ("district", "เมือง"),
                        ("province", "ขอนแก่น"), ("reporter_name", "นางสาวผู้รายงาน ทดสอบ"), ("passcode", "รหัสลับ1234")):
        find(By.NAME, name).send_keys(value)
    year = find(By.NAME, "fiscal_year")
    year.clear()
    year.send_keys("2569")
    divisions = find(By.NAME, "divisions")
    divisions.clear()
    divisions.send_keys("กองคลัง\nกองช่าง")
    shoot(browser, shots, "1-home")
    find(By.CSS_SELECTOR, "#create button.primary").click()
    wait.until(ec.url_contains("/p/ita2569/"))
    assert "เทศบาลตำบลทดสอบ" in find(By.TAG_NAME, "h1").text
    assert "ยังไม่ได้ส่ง" in find(By.CSS_SELECTOR, "table.divisions").text
    shoot(browser, shots, "2-project-new")

    # 2. Download the blank forms; the divisions fill them, one with an error (no tool).
    links = find(By.CSS_SELECTOR, "table.divisions").find_elements(By.CSS_SELECTOR, "a[href*='/blank/']")
    assert len(links) == 2
    finance_blank = fetch(browser, links[0].get_attribute("href"))
    works_blank = fetch(browser, f"{base}/p/ita2569/blank/{quote('กองช่าง')}.xlsx")
    finance = fill(finance_blank, [measure(), measure(issue="ประเด็นที่สอง")], tmp_path / "กองคลัง (แก้ไข) (1).xlsx")
    works = fill(works_blank, [measure(tool="", responsible="กองช่าง")], tmp_path / "งานช่าง final.xlsx")
    assert itadocs.recognise_workbook(finance).division == "กองคลัง"

    # 3. Upload both at once: recognised by content, whatever their names.
    find(By.CSS_SELECTOR, "#upload input[type=file]").send_keys(f"{finance}\n{works}")
    find(By.CSS_SELECTOR, "#upload button").click()
    results = wait.until(ec.visibility_of_element_located((By.ID, "results"))).text
    assert "รับไว้เป็นไฟล์ของ กองคลัง" in results and "รับไว้เป็นไฟล์ของ กองช่าง" in results
    assert "ส่งแล้ว มีข้อผิดพลาด" in find(By.CSS_SELECTOR, "table.divisions").text
    shoot(browser, shots, "3-project-uploaded")

    # 4. The problems, located and in Thai, the text for LINE and the annotated copy.
    find(By.PARTIAL_LINK_TEXT, "ดูปัญหา").click()
    section = wait.until(ec.visibility_of_element_located((By.ID, "d2"))).text
    assert "กองช่าง" in section and "เครื่องมือการประเมิน" in section and "แผ่นงาน มาตรการ เซลล์ B3" in section
    note = find(By.ID, "note2").get_attribute("value")
    assert note.startswith("เรียน กองช่าง") and "ข้อผิดพลาด 1 รายการ" in note
    shoot(browser, shots, "4-problems")
    annotated = fetch(browser, find(By.CSS_SELECTOR, "#d2 a[href*='/annotated/']").get_attribute("href"))
    marked = load_workbook(io.BytesIO(annotated))
    assert schema.MEASURES_SHEET in marked.sheetnames and marked.sheetnames[0] != schema.MEASURES_SHEET

    # 5. The division fixes its workbook and it comes back.
    fixed = fill(works_blank, [measure(responsible="กองช่าง")], tmp_path / "กองช่าง แก้แล้ว.xlsx")
    browser.get(base + "/p/ita2569/")
    find(By.CSS_SELECTOR, "#upload input[type=file]").send_keys(str(fixed))
    find(By.CSS_SELECTOR, "#upload button").click()
    wait.until(ec.visibility_of_element_located((By.ID, "results")))
    assert "ส่งแล้ว มีข้อผิดพลาด" not in find(By.CSS_SELECTOR, "table.divisions").text
    history = sorted((workspace / "ita2569" / "history").rglob("กองช่าง.xlsx"))
    assert [p.read_bytes() for p in history][-1] == works.read_bytes()  # the replaced ones are kept

    # 6. Build the 6-month report; follow the progress; download the .docx and open it.
    find(By.CSS_SELECTOR, "#build input[value='progress-6']").click()
    find(By.CSS_SELECTOR, "#build button.primary").click()
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#job .result")))
    assert "สร้างเอกสารแล้ว" in find(By.ID, "job").text
    docx = find(By.CSS_SELECTOR, "#job ul.files a[href$='.docx']")
    document = Document(io.BytesIO(fetch(browser, docx.get_attribute("href"))))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "ประเด็นที่สอง" in text
    if shutil.which("soffice") and shutil.which("pdftoppm"):
        WebDriverWait(browser, 120).until(lambda d: d.execute_script(
            "const i = [...document.querySelectorAll('.previews img')];"
            "return i.length > 0 && i.every(x => x.complete && x.naturalWidth > 0)"))
    shoot(browser, shots, "5-build")

    # 7. A link for กองช่าง, opened in a fresh session: that division only.
    browser.get(base + "/p/ita2569/links")
    find(By.CSS_SELECTOR, "form.inline input[value='กองช่าง'] ~ button[value='make']").click()
    url = wait.until(ec.visibility_of_element_located((By.ID, "link-url"))).get_attribute("value")
    assert url and "/d/" in url
    shoot(browser, shots, "6-links")
    browser.delete_all_cookies()
    browser.get(url)
    page = wait.until(ec.visibility_of_element_located((By.TAG_NAME, "main"))).text
    assert "กองช่าง" in find(By.TAG_NAME, "h1").text and "กองคลัง" not in page
    find(By.CSS_SELECTOR, "#upload input[type=file]").send_keys(str(finance))
    find(By.CSS_SELECTOR, "#upload button").click()
    refused = wait.until(ec.visibility_of_element_located((By.ID, "results"))).text
    assert "ไม่ใช่ของ กองช่าง" in refused
    shoot(browser, shots, "7-division")
    browser.get(base + "/p/ita2569/")
    assert "/login" in browser.current_url  # the project itself needs the passcode
    shoot(browser, shots, "8-login")
    browser.get(base + "/p/ita2569/problems")
    assert "/login" in browser.current_url
    print(f"screenshots: {shots}")
