"""A small bridge between itadocs and a LibreOffice kept running: run by a Python that has UNO.

itadocs's own Python rarely can import LibreOffice's `uno` module; the Python that comes with
LibreOffice can (Debian's python3 with python3-uno, LibreOffice's bundled python.exe on
Windows, the one inside LibreOffice.app on macOS).  pdf.Office starts this file with that
Python; the bridge starts LibreOffice headless with a private profile, connects to it over
a named pipe, and then converts documents asked for on standard input, one JSON object a line:

    {"convert": "<folder>/1.docx", "target": "<folder>/1.pdf"}   ->  {"done": "<folder>/1.pdf"}
                                                              or {"failed": "why"}
    {"quit": true}, or the end of standard input              ->  LibreOffice closed, the bridge ends

It answers {"ready": true} once LibreOffice is up.  Page styles numbered 1 2 3 are set to
LibreOffice's "native numbering" (the digits of the text's language, Thai in our footers):
its .docx import has no mapping for Word's Thai page-number format.  This file imports only
the standard library and uno, and nothing of itadocs.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time

ARABIC, NATIVE = 4, 12  # com.sun.star.style.NumberingType: ARABIC, NATIVE_NUMBERING
START_SECONDS = 60


def _property(name, value):
    from com.sun.star.beans import PropertyValue

    found = PropertyValue()
    found.Name, found.Value = name, value
    return found


def _start(soffice: str, profile: str, pipe: str):
    import uno

    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
    ]
    office = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # not listening yet
            if office.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"LibreOffice did not start (exit {office.poll()})") from None
            time.sleep(0.1)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    return office, desktop


def convert(desktop, source: str, target: str, filter_data: dict) -> None:
    import uno

    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0, (_property("Hidden", True), _property("ReadOnly", True))
    )
    if document is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        styles = document.StyleFamilies.getByName("PageStyles")
        for name in styles.ElementNames:
            style = styles.getByName(name)
            if style.NumberingType == ARABIC:
                style.NumberingType = NATIVE
        data = uno.Any(
            "[]com.sun.star.beans.PropertyValue", tuple(_property(key, value) for key, value in filter_data.items())
        )
        document.storeToURL(
            uno.systemPathToFileUrl(target),
            (_property("FilterName", "writer_pdf_Export"), _property("FilterData", data)),
        )
    finally:
        document.close(True)


def main(argv: list[str]) -> int:
    soffice, profile, pipe = argv[1:4]
    filter_data = json.loads(argv[4]) if len(argv) > 4 else {}
    office, desktop = _start(soffice, profile, pipe)

    def answer(message: dict) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    answer({"ready": True, "pid": office.pid})
    try:
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("quit"):
                break
            try:
                convert(desktop, request["convert"], request["target"], filter_data)
            except Exception as exc:  # the document failed; LibreOffice itself may have gone
                if office.poll() is not None:
                    answer({"failed": f"LibreOffice ended ({office.returncode}): {exc}", "gone": True})
                    return 1
                answer({"failed": f"{type(exc).__name__}: {exc}"})
            else:
                answer(
                    {"done": request["target"]}
                    if os.path.isfile(request["target"])
                    else {"failed": "no PDF was written"}
                )
    finally:
        with contextlib.suppress(Exception):  # already gone
            desktop.terminate()
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
