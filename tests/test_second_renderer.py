"""The documents in a second renderer: docx-preview (a .docx renderer in JavaScript, from the npm
registry) in Debian's chromium, beside LibreOffice.

It reads the .docx as another program would: pages of the right size and orientation, headings
of decreasing sizes, nothing in blue, the cover title larger than the cover's other lines.  What
only Microsoft Word can confirm (that it opens without "[Compatibility Mode]", its own line
breaking and pagination) stays unverified here.  CI installs docx-preview with npm (.ci/run);
elsewhere the test is skipped without it: `npm install --prefix .ci/node docx-preview@0.3.7 jszip@3`.
"""

from __future__ import annotations

import base64
import os
import shutil
import time
from pathlib import Path

import pytest

import itadocs

from .browser import CHROMEDRIVER, CHROMIUM, chromium
from .conftest import REPO

MODULES = Path(os.environ.get("ITADOCS_DOCX_PREVIEW") or REPO / ".ci" / "node" / "node_modules")
READY = (MODULES / "docx-preview" / "dist" / "docx-preview.min.js").is_file() and (
    MODULES / "jszip" / "dist" / "jszip.min.js"
).is_file()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER and READY) and not os.environ.get("CI"),
        reason="needs chromium, chromium-driver and docx-preview (npm; see the module's docstring)",
    ),
]

PAGE = """<html><head><meta charset="utf-8"><script>{jszip}</script><script>{preview}</script></head>
<body><div id="document"></div><script>
const bytes = Uint8Array.from(atob("{docx}"), c => c.charCodeAt(0));
window.rendered = null;
docx.renderAsync(bytes.buffer, document.getElementById("document"))
    .then(() => window.rendered = "ok").catch(error => window.rendered = "error: " + error);
</script></body></html>"""

# Per paragraph style: the computed size, weight and colour of its first run, and its text.
STYLES = """return [...document.querySelectorAll("section.docx p")].map(p => {
    const run = p.querySelector("span") || p, style = getComputedStyle(run);
    return [p.className, parseFloat(style.fontSize), style.fontWeight, style.color, p.textContent.trim()];
});"""
PAGES = """return [...document.querySelectorAll("section.docx")].map(s => [s.offsetWidth, s.offsetHeight]);"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("p"), "--window-size=1366,768")
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    root = tmp_path_factory.mktemp("preview") / "project"
    shutil.copytree(REPO / "inputs", root / "inputs")
    result = itadocs.build(root, documents=["measures", "progress-6", "progress-12"])
    assert result.ok, result.failure
    return result.documents


def rendered(browser, docx: Path, folder: Path):
    page = folder / (docx.stem[:40] + ".html")
    page.write_text(
        PAGE.format(
            jszip=(MODULES / "jszip" / "dist" / "jszip.min.js").read_text(encoding="utf-8"),
            preview=(MODULES / "docx-preview" / "dist" / "docx-preview.min.js").read_text(encoding="utf-8"),
            docx=base64.b64encode(docx.read_bytes()).decode(),
        ),
        encoding="utf-8",
    )
    browser.get(page.as_uri())
    deadline = time.monotonic() + 60
    while not browser.execute_script("return window.rendered") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert browser.execute_script("return window.rendered") == "ok"
    return browser.execute_script(STYLES), browser.execute_script(PAGES)


def test_docx_preview_reads_pages_headings_and_cover_as_libreoffice_does(browser, documents, tmp_path):
    for docx in documents:
        paragraphs, pages = rendered(browser, docx, tmp_path)
        (cover_width, cover_height), *body = pages  # docx-preview does not paginate: a section is one sheet
        assert round(cover_width) == 794 and cover_height >= 1123, (docx.name, pages)  # 210 x 297 mm at 96 dpi
        assert body and all(round(width) == 1123 for width, _ in body), (docx.name, pages)  # 297 mm wide
        size: dict[str, float] = {}
        for style, px, weight, colour, text in paragraphs:
            if text and (style.startswith("docx_heading") or style.startswith("docx_itacover")):
                size.setdefault(style, px)
                assert colour == "rgb(0, 0, 0)" and int(weight) >= 700, (docx.name, style, colour, weight)
        assert size["docx_itacovertitle"] > size["docx_itacover"], size
        levels = [size[f"docx_heading{n}"] for n in (1, 2, 3) if f"docx_heading{n}" in size]
        assert levels and levels == sorted(levels, reverse=True) and len(set(levels)) == len(levels), size
        if os.environ.get("ITADOCS_SHOTS"):
            browser.save_screenshot(str(Path(os.environ["ITADOCS_SHOTS"]) / f"docx-preview-{docx.stem[:30]}.png"))
