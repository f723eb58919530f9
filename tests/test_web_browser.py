"""The web page end to end in a real browser: Debian's chromium driven by selenium through
Debian's chromedriver (nothing is downloaded).  Skipped when they are missing, except in CI,
where .ci/run installs them.

One coordinator's whole year, without a file manager: create a project (a required detail
left out is named at its field first), change the agency details and the divisions (rename,
add, remove and undo), type last year's results (a typo named at its cell, then saved into
the agency workbook), set a deadline and make a division's link; the division, in a fresh
session, downloads its form, sends it with a mistake, reads the problems, sends it fixed, and
is refused a workbook that would take the agency workbook's place; the coordinator deletes a
wrong upload and undoes it, breaks the agency workbook in Excel and sees every division
"received, not checked yet" (never "no problem", also on the division's page), fixes it,
builds, opens the documents, deletes and restores the build, and switches to English.

Screenshots of every step, whole pages at 1366 and 390 pixels wide (the heights 768 and 844
of a laptop and a phone grown to the page's length), go to the test's output folder (or
$ITADOCS_SHOTS) to be looked at.  The journey's time, start to documents without the
screenshots, goes to `journey.json` there (bench/README.md, "The web page").
"""

from __future__ import annotations

import io
import json
import os
import shutil
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from docx import Document
from openpyxl import load_workbook

from itadocs import schema

from .browser import CHROMEDRIVER, CHROMIUM, chromium, served
from .conftest import measure

DESKTOP, PHONE = (1366, 768), (390, 844)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER) and not os.environ.get("CI"),
        reason="needs Debian's chromium and chromium-driver (apt install chromium chromium-driver)",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The page on 127.0.0.1, a free port, in a thread of this process, with real worker processes."""
    from itadocs.web.app import Settings

    workspace = tmp_path_factory.mktemp("workspace")
    with served(Settings(workspace, workers=2, scrypt_n=2**12)) as url:
        yield url, workspace


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chromium(
        tmp_path_factory.mktemp("profile"),
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--lang=th-TH",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
    )
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("ITADOCS_SHOTS") or tmp_path_factory.mktemp("web-shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Journey:
    """The coordinator's clock: the time of the journey, less the time the test spends on screenshots."""

    def __init__(self, driver, folder: Path):
        self.driver, self.folder = driver, folder
        self.started = time.perf_counter()
        self.shooting = 0.0

    def shoot(self, name: str) -> None:
        """The whole page at desktop width, then at phone width."""
        begun = time.perf_counter()
        driver = self.driver
        for width, height in (DESKTOP, PHONE):
            driver.set_window_size(width, height)
            full = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, min(max(height, full + 120), 8000))
            driver.execute_script("window.scrollTo(0, 0)")
            driver.save_screenshot(str(self.folder / f"{name}-{width}x{height}.png"))
        driver.set_window_size(*DESKTOP)
        self.shooting += time.perf_counter() - begun

    def elapsed(self) -> float:
        return time.perf_counter() - self.started - self.shooting


def fetch(driver, url: str) -> bytes:
    """A download, with the browser's session cookie (what clicking the link gets)."""
    url = quote(url, safe=":/?=&%")
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


def test_a_coordinators_year_in_a_real_browser(server, browser, shots, tmp_path):
    from selenium.common.exceptions import ElementClickInterceptedException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    base, workspace = server
    wait = WebDriverWait(browser, 60)
    find, find_all = browser.find_element, browser.find_elements
    journey = Journey(browser, shots)
    root = workspace / "ita2569"

    def typed(name: str, value: str) -> None:
        field = find(By.NAME, name)
        field.clear()
        field.send_keys(value)

    def go(element) -> None:
        """Click what leads to another page, and wait until it is there."""
        old = find(By.TAG_NAME, "html")
        element.click()

        def left(_) -> bool:
            try:
                old.tag_name  # noqa: B018  (asked of the old page: an error once it is gone)
            except WebDriverException:  # stale; or, when asked mid-navigation, chromedriver's "node does
                return True  # not belong to the document"
            return False

        wait.until(left)
        wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def confirmed(scope) -> None:
        """Open a question that asks once, and answer it (where the page still moves, as images of a
        build's pages arrive, the click is tried again once it has settled)."""
        summary = scope.find_element(By.CSS_SELECTOR, "details.confirm > summary")
        for attempt in range(5):
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
            try:
                summary.click()
                break
            except ElementClickInterceptedException:
                time.sleep(0.3 * (attempt + 1))
        go(scope.find_element(By.CSS_SELECTOR, "details.confirm form button"))

    def send(*paths: Path) -> str:
        find(By.CSS_SELECTOR, "#upload input[type=file]").send_keys("\n".join(map(str, paths)))
        go(find(By.CSS_SELECTOR, "#upload button"))
        return wait.until(ec.visibility_of_element_located((By.ID, "results"))).text

    def main_text() -> str:
        return find(By.TAG_NAME, "main").text

    # 1. Create the project: a required detail left out is named at its field, nothing is made.
    browser.get(base + "/")
    for name, value in (
        ("folder", "ita2569"),
        ("agency", "เทศบาลตำบลทดสอบ"),
        ("district", "   "),
        ("province", "ขอนแก่น"),
        ("reporter_name", "นางสาวผู้รายงาน ทดสอบ"),
        ("passcode", "รหัสลับ1234"),
    ):
        typed(name, value)
    typed("fiscal_year", "2569")
    typed("divisions", "กองคลัง\nกองช่าง\nกองสาธารณสุข")
    go(find(By.CSS_SELECTOR, "#create button.primary"))
    assert 'ยังไม่ได้กรอก "อำเภอ"' in wait.until(ec.visibility_of_element_located((By.ID, "create"))).text
    assert find(By.NAME, "district").get_attribute("aria-invalid") == "true" and not root.exists()
    assert find(By.NAME, "agency").get_attribute("value") == "เทศบาลตำบลทดสอบ"  # what was typed stays
    journey.shoot("01-create-refused")
    typed("district", "เมือง")
    typed("passcode", "รหัสลับ1234")
    go(find(By.CSS_SELECTOR, "#create button.primary"))
    wait.until(ec.url_contains("/p/ita2569/"))
    status = main_text()
    assert "เทศบาลตำบลทดสอบ" in status and "รอส่วนงานส่งไฟล์" in status and "ยังไม่ได้ส่ง" in status
    assert not find_all(By.CSS_SELECTOR, "p.error, .badge.errors, .tag.bad, .next.bad")  # fresh, not in error
    journey.shoot("02-project-new")

    # 2. The agency details and the divisions, changed on the page.
    go(find(By.LINK_TEXT, "ข้อมูลหน่วยงานและส่วนงาน"))
    typed("field.approver_name", "นายทดสอบ ใจดี")
    typed("field.approver_position", "นายกเทศมนตรีตำบลทดสอบ")
    go(find(By.CSS_SELECTOR, "#details button.primary"))
    assert "บันทึกแล้ว" in wait.until(ec.visibility_of_element_located((By.ID, "done"))).text
    rows = find_all(By.CSS_SELECTOR, "ol.division-list > li")
    renamed = rows[2].find_element(By.NAME, "new")
    renamed.clear()
    renamed.send_keys("กองสาธารณสุขและสิ่งแวดล้อม")
    go(rows[2].find_element(By.CSS_SELECTOR, "button[value=rename]"))
    wait.until(ec.visibility_of_element_located((By.ID, "done")))
    find(By.CSS_SELECTOR, "form.add input[name=new]").send_keys("กองการศึกษา")
    go(find(By.CSS_SELECTOR, "form.add button"))
    assert "เพิ่ม กองการศึกษา แล้ว" in wait.until(ec.visibility_of_element_located((By.ID, "done"))).text
    confirmed(find_all(By.CSS_SELECTOR, "ol.division-list > li")[1])  # กองช่าง goes...
    assert "ลบ กองช่าง ออกจากรายชื่อแล้ว" in wait.until(ec.visibility_of_element_located((By.ID, "done"))).text
    journey.shoot("03-agency-division-removed")
    go(find(By.CSS_SELECTOR, "#done button"))  # ...and comes back
    names = [e.get_attribute("value") for e in find_all(By.CSS_SELECTOR, "ol.division-list input[name=new]")]
    assert names == ["กองคลัง", "กองสาธารณสุขและสิ่งแวดล้อม", "กองการศึกษา", "กองช่าง"]
    assert (root / "inputs" / "กองสาธารณสุขและสิ่งแวดล้อม.xlsx").is_file()
    journey.shoot("04-agency")

    # 3. Last year's results, typed with the year's criteria already there; a typo named at its cell.
    go(find(By.LINK_TEXT, "ผลการประเมินปีที่แล้ว"))
    typed("field.overall_score", "87.88")
    typed("field.result_level", "ผ่าน")
    for number, score in enumerate(("89.22", "82.05", "91.50")):
        typed(f"t0.{number}.score", score)
    indicators = ("87.08", "81.92", "90.17", "92.70", "9o", "85.50", "78.95", "81.70", "93.00", "90.00")
    for number, score in enumerate(indicators):
        typed(f"t1.{number}.score", score)
    typed("t2.0.number", "1")
    typed("t2.0.title", "การปฏิบัติหน้าที่และการให้บริการ")
    typed("t3.0.issue", "1")
    typed("t3.0.score", "๗๘.๕")
    typed("t3.0.finding", "ควรประกาศขั้นตอนและระยะเวลาการให้บริการให้ชัดเจน")
    go(find(By.CSS_SELECTOR, ".save-bar button"))
    refused = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "p.error"))).text
    assert "ยังไม่ได้บันทึก" in refused
    assert find(By.NAME, "t1.4.score").get_attribute("aria-invalid") == "true"
    assert find(By.NAME, "t3.0.finding").get_attribute("value").startswith("ควรประกาศ")  # nothing typed is lost
    journey.shoot("05-results-refused")
    typed("t1.4.score", "90.83")
    go(find(By.CSS_SELECTOR, ".save-bar button"))
    assert "บันทึกแล้ว" in wait.until(ec.visibility_of_element_located((By.ID, "done"))).text
    journey.shoot("06-results-saved")
    agency = load_workbook(io.BytesIO(fetch(browser, f"{base}/p/ita2569/agency.xlsx")))
    items = agency[schema.ITEMS.sheet]
    assert (items["A3"].value, items["E3"].value, items["F3"].value) == (
        1,
        78.5,
        "ควรประกาศขั้นตอนและระยะเวลาการให้บริการให้ชัดเจน",
    )
    assert agency[schema.INDICATOR_SCORES.sheet]["D7"].value == 90.83
    assert any(root.glob("history/*/ข้อมูลหน่วยงาน.xlsx"))  # every save kept the one before

    # 4. The deadline, and a link for กองคลัง.
    go(find(By.LINK_TEXT, "ลิงก์ส่วนงาน"))
    typed("deadline", "15/1/2570")
    go(find(By.CSS_SELECTOR, "#deadline button"))
    row = next(r for r in find_all(By.CSS_SELECTOR, "table.links tbody tr") if "กองคลัง" in r.text)
    go(row.find_element(By.CSS_SELECTOR, "button[value=make]"))
    url = wait.until(ec.visibility_of_element_located((By.ID, "link-url"))).get_attribute("value")
    assert "กรุณาส่งภายในวันที่ 15 มกราคม 2570" in find(By.ID, "link-note").get_attribute("value")
    journey.shoot("07-links")
    coordinator = browser.get_cookies()

    # 5. The division, in a fresh session: three steps, a receipt, its problems, then ready.
    browser.delete_all_cookies()
    browser.get(url)
    page = wait.until(ec.visibility_of_element_located((By.TAG_NAME, "main"))).text
    assert "กองคลัง" in find(By.TAG_NAME, "h1").text and "กองช่าง" not in page
    assert "กำหนดส่ง: ภายในวันที่ 15 มกราคม 2570" in page and "ยังไม่ได้รับไฟล์ของท่าน" in page
    steps = [e.text for e in find_all(By.CSS_SELECTOR, "ol.steps h2")]
    assert steps == ["1. ดาวน์โหลดแบบฟอร์ม", "2. กรอกแบบฟอร์มใน Excel", "3. ส่งไฟล์"]
    assert not find_all(By.CSS_SELECTOR, "a[href='/d/annotated.xlsx']")  # nothing marked before anything is sent
    journey.shoot("08-division-before")
    blank = fetch(browser, find(By.CSS_SELECTOR, "#step1 a.primary").get_attribute("href"))
    wrong = fill(
        blank, [measure(responsible="กองคลัง"), measure(tool="", issue="ประเด็นที่สอง")], tmp_path / "กองคลัง ส่งครั้งแรก.xlsx"
    )
    receipt = send(wrong)
    assert "ได้รับแล้ว" in receipt and "กองคลัง ส่งครั้งแรก.xlsx" in receipt
    assert "ต้องแก้ 1 รายการ" in main_text() or "มีข้อผิดพลาดที่ต้องแก้ 1 รายการ" in main_text()
    assert "value-required" not in main_text() and "[" not in find(By.CSS_SELECTOR, "table.problems").text
    assert find_all(By.CSS_SELECTOR, "a[href='/d/annotated.xlsx']")
    journey.shoot("09-division-sent-with-errors")
    impostor = fill(blank, [measure()], tmp_path / "ผิดไฟล์.xlsx")
    book = load_workbook(impostor)
    book[schema.MEASURES_SHEET]["B1"] = "ข้อมูลหน่วยงาน"
    book.save(impostor)
    agency_before = (root / "inputs" / "ข้อมูลหน่วยงาน.xlsx").read_bytes()
    assert "ไม่ได้รับ" in send(impostor) and "ผิดไฟล์.xlsx" in main_text()
    assert (root / "inputs" / "ข้อมูลหน่วยงาน.xlsx").read_bytes() == agency_before
    fixed = fill(blank, [measure(responsible="กองคลัง"), measure(issue="ประเด็นที่สอง")], tmp_path / "กองคลัง แก้แล้ว.xlsx")
    send(fixed)
    assert "พร้อมใช้" in find(By.ID, "state").text and "ตรวจแล้ว ใช้ได้" in find(By.ID, "state").text
    journey.shoot("10-division-ready")

    # 6. The coordinator again: the others' workbooks, a wrong upload deleted and undone.
    browser.delete_all_cookies()
    browser.get(base + "/")
    for cookie in coordinator:
        browser.add_cookie(cookie)
    browser.get(base + "/p/ita2569/")
    health = fill(
        fetch(browser, f"{base}/p/ita2569/blank/กองสาธารณสุขและสิ่งแวดล้อม.xlsx"),
        [measure(responsible="กองสาธารณสุขและสิ่งแวดล้อม", issue="ประเด็นสุขภาพ")],
        tmp_path / "สาธารณสุข.xlsx",
    )
    works = fill(
        fetch(browser, f"{base}/p/ita2569/blank/กองช่าง.xlsx"),
        [measure(responsible="กองช่าง", issue="ประเด็นงานช่าง")],
        tmp_path / "ช่าง.xlsx",
    )
    education_wrong = fill(
        fetch(browser, f"{base}/p/ita2569/blank/กองการศึกษา.xlsx"),
        [measure(responsible="กองการศึกษา", issue="ไฟล์ที่ส่งผิด")],
        tmp_path / "ศึกษา.xlsx",
    )
    results = send(health, works, education_wrong)
    assert results.count("รับไว้เป็นไฟล์ของ") == 3
    row = next(r for r in find_all(By.CSS_SELECTOR, "table.divisions tbody tr") if "กองการศึกษา" in r.text)
    confirmed(row)
    assert "ลบไฟล์ของ กองการศึกษา แล้ว" in wait.until(ec.visibility_of_element_located((By.ID, "done"))).text
    assert "ยังไม่ได้ส่ง (ไม่มีไฟล์)" in find(By.CSS_SELECTOR, "table.divisions").text
    go(find(By.CSS_SELECTOR, "#done button"))  # undo: the workbook is back
    assert (root / "inputs" / "กองการศึกษา.xlsx").read_bytes() == education_wrong.read_bytes()
    journey.shoot("11-project-collected")

    # 7. The agency workbook broken in Excel: nothing is said to be fine that was not checked.
    book = load_workbook(io.BytesIO(fetch(browser, f"{base}/p/ita2569/agency.xlsx")))
    sheet = book[schema.AGENCY_SHEET]
    year_row = next(r for r in range(1, 30) if sheet.cell(r, 1).value == "ปีงบประมาณ (พ.ศ.)")
    sheet.cell(year_row, 2).value = None
    book.save(tmp_path / "ข้อมูลหน่วยงาน แก้ใน Excel.xlsx")
    go(find(By.LINK_TEXT, "ข้อมูลหน่วยงานและส่วนงาน"))
    assert "รับไว้เป็นไฟล์ข้อมูลหน่วยงาน" in send(tmp_path / "ข้อมูลหน่วยงาน แก้ใน Excel.xlsx")
    go(find(By.LINK_TEXT, "ภาพรวม"))
    table = find(By.CSS_SELECTOR, "table.divisions").text
    assert table.count("ได้รับแล้ว ยังตรวจไม่ได้") == 4 and "พร้อมใช้" not in table
    assert "ปีงบประมาณ" in find(By.ID, "next").text
    journey.shoot("12-agency-broken")
    go(find(By.LINK_TEXT, "ปัญหา"))
    note = find(By.ID, "note1").get_attribute("value")
    assert "ยังตรวจไม่ได้" in note and "ไม่พบปัญหา" not in note and "ปีงบประมาณ" not in note
    browser.get(base + "/")
    assert "ปีงบประมาณ" in find(By.CSS_SELECTOR, "table.projects").text  # the home row says what is wrong
    journey.shoot("13-home-broken")
    go(find(By.CSS_SELECTOR, "table.projects a.button"))  # ...and leads to where it is fixed
    typed("field.fiscal_year", "2569")
    go(find(By.CSS_SELECTOR, "#details button.primary"))
    wait.until(ec.visibility_of_element_located((By.ID, "done")))
    go(find(By.LINK_TEXT, "ภาพรวม"))
    assert "ยังตรวจไม่ได้" not in find(By.CSS_SELECTOR, "table.divisions").text

    # 8. Build the measures document and the 6-month report; open them.
    for key in ("measures", "progress-6"):
        find(By.CSS_SELECTOR, f"#build input[value='{key}']").click()
    go(find(By.CSS_SELECTOR, "#build button.primary"))
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#job .result")))
    assert "สร้างเอกสารแล้ว" in find(By.ID, "job").text, find(By.ID, "job").text
    texts = []
    for link in find_all(By.CSS_SELECTOR, "#job ul.files a[href$='.docx']"):
        document = Document(io.BytesIO(fetch(browser, link.get_attribute("href"))))
        texts.append(
            "\n".join(
                [p.text for p in document.paragraphs]
                + [c.text for t in document.tables for r in t.rows for c in r.cells]
            )
        )
    seconds = journey.elapsed()  # start to documents
    measures_text = next(t for t in texts if "ควรประกาศขั้นตอน" in t)
    assert "๗๘.๕๐" in measures_text and "การปฏิบัติหน้าที่และการให้บริการ" in measures_text
    assert "นายทดสอบ ใจดี" in measures_text and any("ประเด็นสุขภาพ" in t for t in texts)
    if shutil.which("soffice") and shutil.which("pdftoppm"):
        WebDriverWait(browser, 180).until(
            lambda d: d.execute_script(
                "const i = [...document.querySelectorAll('.previews img')];"
                "return i.length > 0 && i.every(x => x.complete && x.naturalWidth > 0)"
            )
        )
    journey.shoot("14-build")

    # 9. The build deleted, then restored from the history.
    go(find(By.LINK_TEXT, "ภาพรวม"))
    go(find(By.CSS_SELECTOR, "ul.builds a"))
    confirmed(browser)
    assert "ลบเอกสารที่สร้างเมื่อ" in wait.until(ec.visibility_of_element_located((By.ID, "done"))).text
    assert not find_all(By.CSS_SELECTOR, "ul.builds a")
    go(find(By.LINK_TEXT, "ประวัติและการกู้คืน"))
    journey.shoot("15-history")
    build_row = next(r for r in find_all(By.CSS_SELECTOR, "table.history tbody tr") if "เอกสารที่สร้างไว้เมื่อ" in r.text)
    confirmed(build_row)
    go(find(By.LINK_TEXT, "ภาพรวม"))
    assert find_all(By.CSS_SELECTOR, "ul.builds a")

    # 10. English only when switched.
    assert "Divisions" not in main_text()
    go(find(By.CSS_SELECTOR, "form.lang button[value=en]"))
    assert "Divisions" in main_text() and "ready" in main_text()
    Select(find(By.NAME, "round"))  # the page still works in English
    journey.shoot("16-english")
    go(find(By.CSS_SELECTOR, "form.lang button[value=th]"))

    (shots / "journey.json").write_text(
        json.dumps({"start_to_documents_seconds": round(seconds, 2)}) + "\n", encoding="utf-8"
    )
    print(f"screenshots: {shots}; the coordinator's journey, start to documents: {seconds:.1f} s")
