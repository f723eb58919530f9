"""The chart's XML escapes and data workbook, written by hand, are what saxutils and openpyxl made.

Goes when: on 2027-09-30, after a season of builds (the LibreOffice comparison may stay as a
plain test of the workbook then).
"""

from __future__ import annotations

import io
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from itadocs.word import chart


@given(st.text(alphabet=st.sampled_from(list("ab&<>\"'\n\r\t ก๑"))))
def test_xml_escapes_are_saxutils(text):
    from xml.sax import saxutils

    assert chart.escape(text) == saxutils.escape(text)
    assert chart.quoteattr(text) == saxutils.quoteattr(text)


def _openpyxl_workbook(categories, values, threshold, threshold_label, series_label) -> bytes:
    """The chart's data workbook as openpyxl made it before it was written out by hand."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["", series_label] + ([threshold_label] if threshold is not None else []))
    for cat, val in zip(categories, values, strict=False):
        ws.append([cat, val] + ([float(threshold)] if threshold is not None else []))
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
            else:
                cell.number_format = "0.00"
    ws.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cells(blob: bytes) -> tuple:
    ws = load_workbook(io.BytesIO(blob)).active
    cells = [
        [
            (
                c.value if c.value != "" else None,
                c.data_type if c.value not in (None, "") else None,
                c.number_format if isinstance(c.value, float | int) else None,
            )
            for c in row
        ]
        for row in ws.iter_rows()
    ]
    return ws.title, ws.column_dimensions["A"].width, cells


WORKBOOK_CASES = [
    (
        ["๑ การ\nปฏิบัติหน้าที่", "๒ การใช้งบประมาณ", '=SUM(A1) & <b> "x"', "  spaced  "],
        [87.08, 81.92, 100, 0.5],
        85.0,
        "เกณฑ์ผ่าน ๘๕ คะแนน",
        "คะแนนรายตัวชี้วัด ปี ๒๕๖๘",
    ),
    (["a", "b"], [1.0, 92.15], None, "", "series"),
]


@pytest.mark.parametrize("case", WORKBOOK_CASES)
def test_the_data_workbook_reads_as_openpyxl_wrote_it(case):
    assert _cells(chart._workbook(*case)) == _cells(_openpyxl_workbook(*case))


def test_libreoffice_opens_the_data_workbook(tmp_path):
    """Calc reads the embedded workbook with the same cells as one openpyxl wrote (skipped where
    LibreOffice has no Calc, as on a machine with only libreoffice-writer)."""
    from itadocs.word.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")

    def as_csv(name: str, blob: bytes) -> str | None:
        source = tmp_path / f"{name}.xlsx"
        source.write_bytes(blob)
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/lo",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            capture_output=True,
            timeout=120,
        )
        out = tmp_path / f"{name}.csv"
        return out.read_text(encoding="utf-8") if out.exists() else None

    case = WORKBOOK_CASES[0]
    reference = as_csv("openpyxl", _openpyxl_workbook(*case))
    if reference is None:
        pytest.skip("LibreOffice cannot open workbooks here (no Calc)")
    assert as_csv("by-hand", chart._workbook(*case)) == reference
