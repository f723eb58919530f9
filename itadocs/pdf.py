"""PDF through LibreOffice in headless mode, for publishing on the agency website.

Each conversion uses its own throwaway LibreOffice profile, so it neither collides
with a LibreOffice the user has open nor with another conversion running beside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 300
_CANDIDATES = (
    "soffice", "libreoffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


class PdfUnavailable(Exception):
    """LibreOffice is missing or failed; the message says what to do, in Thai and English."""


def find_soffice() -> str | None:
    """The LibreOffice program: $ITADOCS_SOFFICE, then PATH, then the usual install places."""
    configured = os.environ.get("ITADOCS_SOFFICE")
    for candidate in ((configured,) if configured else ()) + _CANDIDATES:
        found = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if found:
            return found
    return None


def to_pdf(documents: list[Path], out_dir: Path | None = None) -> list[Path]:
    """Convert .docx files to PDF beside them (or into out_dir); returns the PDF paths."""
    if not documents:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(
            "ไม่พบโปรแกรม LibreOffice จึงสร้าง PDF ไม่ได้ (ไฟล์ .docx เขียนไว้แล้ว) "
            "ติดตั้ง LibreOffice จาก libreoffice.org หรือ apt install libreoffice-writer "
            "/ LibreOffice not found, so no PDF was made (the .docx files are written)."
        )
    out_dir = out_dir or documents[0].parent
    pdfs = [out_dir / doc.with_suffix(".pdf").name for doc in documents]
    for stale in pdfs:  # an old PDF must not pass for a new one
        stale.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="itadocs-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, documents)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise PdfUnavailable(f"LibreOffice ทำงานนานเกิน {TIMEOUT_SECONDS} วินาที / timed out") from exc
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
        raise PdfUnavailable(f"LibreOffice สร้าง PDF ไม่สำเร็จ / failed: {', '.join(missing)} {detail[0]}")
    return pdfs
