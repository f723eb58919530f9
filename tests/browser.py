"""What the browser tests share: Debian's chromium driven through selenium, and the page served
by uvicorn in a thread of the test's process."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
HEADLESS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
)


def chromium(profile: Path, *arguments: str) -> Any:
    """A headless chromium with its own profile folder and `arguments` (window size, language)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or "/usr/bin/chromium"
    for argument in (*HEADLESS, *arguments, f"--user-data-dir={profile}"):
        options.add_argument(argument)
    # The driver's path given: Selenium Manager is not run, so nothing is downloaded.
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER or "/usr/bin/chromedriver"), options=options)


@contextmanager
def served(settings: Any) -> Iterator[str]:
    """The page for `settings` on 127.0.0.1 at a free port, in a thread; its address."""
    import uvicorn

    from itadocs.web.app import create_app
    from itadocs.web.serve import bind

    sock = bind("127.0.0.1")
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
