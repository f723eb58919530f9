"""PDF through LibreOffice in headless mode, for publishing on the agency website.

LibreOffice ignores Word's Thai page-number format (w:pgNumType w:fmt="thaiNumbers";
its .docx import has no mapping for it) and prints 1 2 3.  So the conversion goes
through ODF: .docx -> .odt, the page styles' number format set to LibreOffice's
"Native Numbering" (digits of the field's language, th-TH in our footers), then
.odt -> .pdf.  Both passes convert every document in one LibreOffice run.

Each conversion uses its own throwaway profile, so it neither collides with a
LibreOffice the user has open nor with another conversion running beside it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from .messages import ItadocsError, Message

TIMEOUT_SECONDS = 300
_CANDIDATES = (
    "soffice", "libreoffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
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
    for candidate in ((configured,) if configured else ()) + _CANDIDATES:
        found = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if found:
            return found
    return None


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


def to_pdf(documents: list[Path], out_dir: Path | None = None) -> list[Path]:
    """Convert .docx files to PDF beside them (or into out_dir); returns the PDF paths."""
    if not documents:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(NOT_FOUND)
    out_dir = out_dir or documents[0].parent
    pdfs = [out_dir / doc.with_suffix(".pdf").name for doc in documents]
    for stale in pdfs:  # an old PDF must not pass for a new one
        stale.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="itadocs-lo-") as work:
        profile, odt_dir = Path(work) / "profile", Path(work) / "odt"
        result = _convert(soffice, str(profile), "odt", documents, odt_dir)
        odts = [odt_dir / doc.with_suffix(".odt").name for doc in documents]
        missing = [p.name for p in odts if not p.is_file()]
        if missing:
            raise _failed(result, missing)
        for odt in odts:
            native_page_numbers(odt)
        result = _convert(soffice, str(profile), "pdf", odts, out_dir)
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        raise _failed(result, missing)
    return pdfs
