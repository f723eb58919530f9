"""PDF through LibreOffice: written beside the .docx, A4 pages in the right orientation, fonts embedded."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from itadocs.word import pdf

from .conftest import REPO, invoke

needs_libreoffice = pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("CI"), reason="LibreOffice not installed"
)


def page_sizes(path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def fonts(path) -> list[list[str]]:
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    return [line.split() for line in listing]


@needs_libreoffice
def test_build_pdf_writes_every_document_as_pdf(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    result = invoke("build", tmp_path, "--pdf")
    assert result.exit_code == 0, result.output
    docs = sorted((tmp_path / "output").glob("*.docx"))
    pdfs = sorted((tmp_path / "output").glob("*.pdf"))
    assert [p.stem for p in pdfs] == [d.stem for d in docs] and len(pdfs) == 2
    for path in pdfs:
        sizes = page_sizes(path)
        assert len(sizes) > 3
        cover, *rest = sizes
        assert cover[0] < cover[1] and round(cover[0]) == 595  # A4 portrait cover
        assert all(w > h and round(w) == 842 for w, h in rest), path.name  # A4 landscape pages
        listed = fonts(path)
        assert listed and all("yes" in row[-5:-3] for row in listed), listed  # emb column
        # Laksaman is what fontconfig substitutes for TH SarabunPSK on Debian
        assert any("Laksaman" in row[0] or "Sarabun" in row[0] for row in listed)
        # page numbers in Thai digits: the body's first page is "- ๑ -"
        second = subprocess.run(
            ["pdftotext", "-f", "2", "-l", "3", str(path), "-"], capture_output=True, text=True
        ).stdout
        numbers = re.findall(r"^-\s*(\S+)\s*-$", second, re.MULTILINE)
        assert numbers == ["๑", "๒"], (path.name, numbers)


def test_without_libreoffice_the_docx_are_still_written(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    result = invoke("build", tmp_path, "--pdf")
    assert result.exit_code == 1
    assert "LibreOffice" in result.output and "Traceback" not in result.output
    assert len(list((tmp_path / "output").glob("*.docx"))) == 2
    assert not list((tmp_path / "output").glob("*.pdf"))


def test_render_chosen_documents(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    result = invoke("render", tmp_path, "-d", "progress-6", "-d", "progress-12")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "output").glob("*.docx"))
    assert len(names) == 2
    assert any("รอบ 6 เดือน" in n for n in names) and any("รอบ 12 เดือน" in n for n in names)


def test_soffice_is_found_in_the_windows_install_folders(tmp_path):
    machine = tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"
    old = tmp_path / "Program Files (x86)" / "LibreOffice 5" / "program" / "soffice.exe"
    user = tmp_path / "AppData" / "Local" / "Programs" / "LibreOffice" / "program" / "soffice.exe"
    for path in (machine, old, user):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"")
    environ = {
        "ProgramFiles": str(tmp_path / "Program Files"),
        "ProgramFiles(x86)": str(tmp_path / "Program Files (x86)"),
        "LOCALAPPDATA": str(tmp_path / "AppData" / "Local"),
    }
    assert pdf.windows_candidates(environ) == [str(machine), str(old), str(user)]
    assert pdf.windows_candidates({}) == []
