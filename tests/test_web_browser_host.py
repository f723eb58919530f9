"""A host's pages in a real browser (Debian's chromium through selenium, as test_web_browser):
on a network the first page is a login; the administrator logs in, gives a project a new
passcode and reads the audit trail; a helper logs into two agencies in one session, sees them
on the account page, and logs out.  Screenshots at desktop and phone widths, to be looked at."""

from __future__ import annotations

import shutil
import time

import pytest

from itadocs.web.accounts import set_admin
from itadocs.web.projects import WebConfig, save_config
from itadocs.web.security import hash_passcode

from .browser import served
from .conftest import REPO
from .test_web_browser import Journey, browser, pytestmark, shots  # noqa: F401 (fixtures and marks)

ADMIN_PASSCODE = "ผู้ดูแลจังหวัด2569"


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """The page as a network server sees it (a login for everything), in a thread of this process."""
    from itadocs.web.app import Settings

    workspace = tmp_path_factory.mktemp("host")
    for name in ("อบต-ก", "อบต-ข"):
        shutil.copytree(REPO / "inputs", workspace / name / "inputs")
        save_config(workspace / name, WebConfig(hash_passcode("รหัสเดิมของ" + name, n=2**12), 1))
    set_admin(workspace, "somchai", ADMIN_PASSCODE, scrypt_n=2**12)
    settings = Settings(workspace, network=True, allowed_hosts=["127.0.0.1"], workers=1, scrypt_n=2**12, previews=False)
    with served(settings) as url:
        yield url, workspace


def test_an_administrator_and_a_helper_of_two_agencies_in_a_real_browser(host, browser, shots):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, workspace = host
    wait = WebDriverWait(browser, 60)
    camera = Journey(browser, shots)
    find = browser.find_element
    browser.delete_all_cookies()

    # 1. On a network the first page is a login: no project, no folder of the server.
    browser.get(base + "/")
    main = find(By.TAG_NAME, "main").text
    assert "เข้าสู่ระบบ" in main and "อบต-ก" not in main and str(workspace) not in main
    camera.shoot("h1-home-network")

    # 2. The administrator: every project, a new passcode for one, the audit trail.
    find(By.PARTIAL_LINK_TEXT, "ผู้ดูแลระบบ").click()
    find(By.NAME, "name").send_keys("somchai")
    find(By.NAME, "passcode").send_keys(ADMIN_PASSCODE)
    find(By.CSS_SELECTOR, "button.primary").click()
    wait.until(ec.url_contains("/admin/"))
    table = find(By.CSS_SELECTOR, "table.list").text
    assert "อบต-ก" in table and "อบต-ข" in table
    camera.shoot("h2-admin")
    find(By.CSS_SELECTOR, "form[action*='/admin/p/%E0%B8%AD%E0%B8%9A%E0%B8%95-%E0%B8%81/passcode'] button").click()
    new = wait.until(ec.visibility_of_element_located((By.ID, "new-passcode"))).get_attribute("value")
    assert new and len(new) >= 10
    camera.shoot("h3-reset")
    browser.get(base + "/admin/audit")
    audit = find(By.TAG_NAME, "main").text
    assert "ผู้ดูแลเข้าสู่ระบบ" in audit and "ผู้ดูแลตั้งรหัสผ่านใหม่" in audit and "อบต-ก" in audit
    camera.shoot("h4-audit")
    find(By.CSS_SELECTOR, "header .who button").click()
    wait.until(ec.url_contains("out=1"))
    assert "ออกจากระบบแล้ว" in find(By.TAG_NAME, "main").text

    # 3. A helper: a wrong passcode, then two agencies in one session, then out.
    find(By.NAME, "project").send_keys("อบต-ก")
    find(By.NAME, "passcode").send_keys("รหัสเดิมของอบต-ก")  # the old one: the administrator replaced it
    find(By.CSS_SELECTOR, "#login button.primary").click()
    assert "รหัสผ่านไม่ถูกต้อง" in wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "p.error"))).text
    camera.shoot("h5-wrong")
    time.sleep(1.2)  # the wait a wrong passcode costs
    browser.get(base + "/login")
    find(By.NAME, "project").send_keys("อบต-ก")
    find(By.NAME, "passcode").send_keys(new)
    find(By.CSS_SELECTOR, "#login button.primary").click()
    wait.until(ec.url_contains("/p/"))
    browser.get(base + "/login")
    find(By.NAME, "project").send_keys("อบต-ข")
    find(By.NAME, "passcode").send_keys("รหัสเดิมของอบต-ข")
    find(By.CSS_SELECTOR, "#login button.primary").click()
    wait.until(ec.url_contains("/p/"))
    browser.get(base + "/account")
    account = find(By.TAG_NAME, "main").text
    assert "อบต-ก" in account and "อบต-ข" in account
    camera.shoot("h6-account")
    browser.get(base + "/")
    listed = find(By.TAG_NAME, "main").text
    assert "อบต-ก" in listed and "อบต-ข" in listed
    camera.shoot("h7-home-helper")
    find(By.CSS_SELECTOR, "header .who button").click()
    wait.until(ec.url_contains("out=1"))
    browser.get(base + "/p/%E0%B8%AD%E0%B8%9A%E0%B8%95-%E0%B8%81/")
    assert "/login" in browser.current_url
    print(f"screenshots: {shots}")
