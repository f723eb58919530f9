"""PDF through LibreOffice in headless mode, for publishing on the agency website.

LibreOffice ignores Word's Thai page-number format (w:pgNumType w:fmt="thaiNumbers";
its .docx import has no mapping for it) and prints 1 2 3.  So the conversion goes
through ODF: .docx -> .odt, the page styles' number format set to LibreOffice's
"Native Numbering" (digits of the field's language, th-TH in our footers), then
.odt -> .pdf.  Both passes convert every document in one LibreOffice run.

Each conversion uses its own throwaway profile, so it neither collides with a
LibreOffice the user has open nor with another conversion running beside it.
LibreOffice writes into a temporary folder; each PDF is then put in place by the
caller's writer (whole or not at all, never over a PDF open in a reader).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

from ..files import write_atomic
from ..messages import ItadocsError, Message

TIMEOUT_SECONDS = 300
_CANDIDATES = ("soffice", "libreoffice", "/Applications/LibreOffice.app/Contents/MacOS/soffice")
# Where the Windows installer puts it: per machine (64- or 32-bit), per user, and older
# versions' folders ("LibreOffice 5"); the Microsoft Store and portable versions too.
_WINDOWS_FOLDERS = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA")
_WINDOWS_PATTERNS = ("LibreOffice*/program/soffice.exe", "Programs/LibreOffice*/program/soffice.exe",
                     "LibreOfficePortable/App/libreoffice/program/soffice.exe")

Writer = Callable[[Path, Callable[[Path], object]], Path]
_PAGE_NUMBER_FORMAT = re.compile(rb'(<style:page-layout-properties\b[^>]*?\bstyle:num-format=")1(")')


NOT_FOUND = Message(
    "ไม่พบโปรแกรม LibreOffice จึงสร้าง PDF ไม่ได้ (ไฟล์ .docx เขียนไว้แล้ว) "
    "ติดตั้ง LibreOffice จาก libreoffice.org หรือ apt install libreoffice-writer",
    "LibreOffice not found, so no PDF was made (the .docx files are written); "
    "install it from libreoffice.org or with apt install libreoffice-writer")
TIMED_OUT = Message("LibreOffice ทำงานนานเกิน {seconds} วินาที จึงหยุดการสร้าง PDF",
                    "LibreOffice took longer than {seconds} seconds; PDF conversion stopped")
FAILED = Message("LibreOffice สร้าง PDF ไม่สำเร็จ: {files} {detail}", "LibreOffice failed to convert: {files} {detail}")


class PdfUnavailable(ItadocsError):
    """LibreOffice is missing or failed; the message says what to do."""


def find_soffice() -> str | None:
    """The LibreOffice program: $ITADOCS_SOFFICE, then PATH, then the usual install places."""
    configured = os.environ.get("ITADOCS_SOFFICE")
    for candidate in ((configured,) if configured else ()) + _CANDIDATES + tuple(windows_candidates()):
        found = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if found:
            return found
    return None


def windows_candidates(environ: Mapping[str, str] | None = None) -> list[str]:
    """soffice.exe in the usual Windows install folders, newest version first."""
    environ = os.environ if environ is None else environ
    found: list[str] = []
    for variable in _WINDOWS_FOLDERS:
        base = environ.get(variable)
        if not base or not Path(base).is_dir():
            continue
        for pattern in _WINDOWS_PATTERNS:
            for path in sorted(Path(base).glob(pattern), reverse=True):
                if str(path) not in found:
                    found.append(str(path))
    return found


def native_page_numbers(odt: Path) -> None:
    """Rewrite an .odt so its page numbers use the digits of their language."""
    with zipfile.ZipFile(odt) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(odt, "w") as dst:
        for info, data in entries:
            if info.filename == "styles.xml":
                data = _PAGE_NUMBER_FORMAT.sub(rb"\1Native Numbering\2", data)
            # ODF wants "mimetype" first and stored; the rest compressed as before.
            dst.writestr(info, data, compress_type=info.compress_type)


def _convert(soffice: str, profile: str, target: str, files: list[Path], out_dir: Path) -> subprocess.CompletedProcess:
    command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(out_dir), *map(str, files)]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise PdfUnavailable(TIMED_OUT, seconds=TIMEOUT_SECONDS) from exc


def _failed(result: subprocess.CompletedProcess, missing: list[str]) -> PdfUnavailable:
    detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
    return PdfUnavailable(FAILED, files=", ".join(missing), detail=detail[0])


def to_pdf(documents: list[Path], out_dir: Path | None = None, *, writer: Writer = write_atomic,
           prepare: Callable[[Path], None] | None = None) -> list[Path]:
    """Convert .docx files to PDF beside them (or into out_dir); returns the PDF paths.

    `writer(path, save)` puts each PDF in place (by default whole or not at all) and
    returns where it went; nothing is written unless every PDF was made.  `prepare(copy)`
    may change a working copy of each .docx before LibreOffice reads it (the .docx
    themselves are never changed)."""
    if not documents:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(NOT_FOUND)
    out_dir = out_dir or documents[0].parent
    with tempfile.TemporaryDirectory(prefix="itadocs-lo-") as work:
        profile, odt_dir, pdf_dir = Path(work) / "profile", Path(work) / "odt", Path(work) / "pdf"
        if prepare is not None:
            copies = Path(work) / "docx"
            copies.mkdir()
            documents = [Path(shutil.copyfile(doc, copies / doc.name)) for doc in documents]
            for copy in documents:
                prepare(copy)
        result = _convert(soffice, str(profile), "odt", documents, odt_dir)
        odts = [odt_dir / doc.with_suffix(".odt").name for doc in documents]
        missing = [p.name for p in odts if not p.is_file()]
        if missing:
            raise _failed(result, missing)
        for odt in odts:
            native_page_numbers(odt)
        result = _convert(soffice, str(profile), "pdf", odts, pdf_dir)
        made = [pdf_dir / doc.with_suffix(".pdf").name for doc in documents]
        missing = [p.name for p in made if not p.is_file() or p.stat().st_size == 0]
        if missing:
            raise _failed(result, missing)
        return [writer(out_dir / pdf.name, partial(_copy, pdf)) for pdf in made]


def _copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)


def page_images(pdf: Path, folder: Path, prefix: str, *, pages: int = 2, dpi: int = 60) -> list[Path]:
    """The first `pages` pages of a PDF as PNG images (folder/<prefix>-<page>.png), through
    poppler's pdftoppm, to show a document before it is downloaded; [] without pdftoppm."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([tool, "-png", "-r", str(dpi), "-f", "1", "-l", str(pages), str(pdf), str(folder / prefix)],
                       capture_output=True, timeout=120, check=False)
    except (subprocess.TimeoutExpired, OSError):
        return []
    return sorted(folder.glob(f"{prefix}-*.png"))
