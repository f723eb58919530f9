"""python-calamine and openpyxl read the same workbooks into the same records and the same problems.

calamine is the reader itadocs uses; openpyxl is the reference it is checked against (and
the fallback).  Both go through `excel.read` from their own `Grid`s, so any difference
here is a difference in what the two libraries give for a cell.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from itadocs import schema
from itadocs.criteria import load_criteria
from itadocs.excel.read import open_grids, read_workbook
from itadocs.excel.sample import write_project

from .conftest import AGENCY, REPO, measure
from .workbook_parts import before, edit_sheet, rewrite, sheet_part, with_shared_strings

CRITERIA = load_criteria(2568)


def assert_same(path: Path, name: str | None = None) -> None:
    """Both readers give equal sheets (cell by cell) and equal records and problems."""
    name = name or path.name
    calamine, calamine_problems = open_grids(path, name, reader="calamine")
    reference, reference_problems = open_grids(path, name, reader="openpyxl")
    assert calamine_problems == reference_problems
    assert [g.title for g in calamine] == [g.title for g in reference]
    for ours, theirs in zip(calamine, reference, strict=True):
        assert ours.visible == theirs.visible, ours.title
        assert ours.rows == theirs.rows, ours.title
        assert _types(ours.rows) == _types(theirs.rows), ours.title
        assert sorted(ours.merged) == sorted(theirs.merged), ours.title
        assert ours.errors == theirs.errors, ours.title
        assert ours.uncalculated == theirs.uncalculated, ours.title
    assert read_workbook(path, name, reader="calamine") == read_workbook(path, name, reader="openpyxl")


def _types(rows: dict) -> dict:
    return {(r, c): type(v).__name__ for r, cells in rows.items() for c, v in cells.items()}


@pytest.mark.parametrize("path", sorted((REPO / "inputs").glob("*.xlsx")), ids=lambda p: p.name)
def test_the_example_reads_the_same(path):
    assert_same(path, f"inputs/{path.name}")


def test_awkward_cells_read_the_same(make_project):
    root = make_project({"กองคลัง": [measure(), measure(issue="สอง"), measure(issue="สาม")]})
    path = root / "inputs" / "กองคลัง.xlsx"
    wb = load_workbook(path)
    ws = wb[schema.MEASURES_SHEET]
    ws["A3"], ws["A4"], ws["A5"] = 1, 2.5, 1e20  # whole, decimal and huge numbers
    ws["K3"] = datetime(2568, 1, 22)  # a Buddhist year typed into a date cell
    ws["K4"] = datetime(2025, 1, 22, 10, 30)
    ws["K5"], ws["J5"] = time(10, 30), timedelta(hours=30)
    ws["J5"].number_format = "[h]:mm:ss"
    ws["J4"] = 45678
    ws["J4"].number_format = "[$-th-TH,107]d mmmm yyyy;@"  # a Thai Buddhist-calendar date format
    ws["M3"] = True
    ws["F3"], ws["F4"] = "#REF!", "#N/A"  # error values
    ws["G3"] = '="กอง"&"คลัง"'  # a formula never calculated (openpyxl stores no value)
    ws["P4"] = "นอกหัวตาราง"  # under no title
    ws["H4"] = "ขั้นตอน_x0001_แรก"  # a control character as Excel keeps it
    ws["H5"] = "บรรทัด\r\nถัดไป"
    ws.merge_cells("C4:C5")
    ws.merge_cells("E6:F7")
    ws["E6"] = "ผสาน"
    copy = wb.copy_worksheet(ws)
    copy.title = "มาตรการ (2)"
    hidden = wb.copy_worksheet(ws)
    hidden.title = "เก่า"
    hidden.sheet_state = "hidden"
    wb.save(path)
    assert_same(path)


def test_shared_strings_prefixes_and_cells_without_a_reference(make_project):
    """What other programs write: shared strings, a namespace prefix, cells placed by their order."""
    root = make_project({"กองคลัง": [measure()]})
    path = root / "inputs" / "กองคลัง.xlsx"
    with_shared_strings(
        path, "<si><t>EIT</t></si><si><r><t>ประเด็น</t></r><r><rPr><b/></rPr><t>ตัวหนา</t></r></si>".encode()
    )
    edit_sheet(
        path,
        schema.MEASURES_SHEET,
        before(
            b"</sheetData>",
            (
                '<row r="5"><c r="B5" t="s"><v>0</v></c><c r="E5" t="s"><v>1</v></c></row>'
                '<row><c t="inlineStr"><is><t>ไม่มีที่อยู่</t></is></c><c/><c t="s"><v>0</v></c></row>'
            ).encode(),
        ),
    )
    assert_same(path)
    part = sheet_part(path, schema.MEASURES_SHEET)

    def prefixed(xml: bytes) -> bytes:
        xml = xml.replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=").replace(b"</worksheet>", b"</x:worksheet>")
        for tag in (b"sheetData", b"row", b"c", b"v", b"is", b"t", b"f", b"mergeCells", b"mergeCell"):
            for start, end in ((b"<", b">"), (b"<", b" "), (b"</", b">"), (b"<", b"/>")):
                xml = xml.replace(start + tag + end, start + b"x:" + tag + end)
        return xml

    rewrite(path, {part: prefixed})
    assert_same(path)


TEXT = st.text(st.sampled_from(list("กขคเแโำ่้ํา abcXYZ019๑๒&<>\"'{}\n\t")), min_size=1, max_size=30)
CELL = st.one_of(
    TEXT,
    st.integers(-(10**6), 10**6),
    st.floats(-1e9, 1e9, allow_nan=False),
    st.booleans(),
    st.datetimes(datetime(1990, 1, 1), datetime(2600, 12, 31)).map(lambda d: d.replace(microsecond=0)),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.dictionaries(st.sampled_from([c.key for c in schema.MEASURE_COLUMNS]), CELL, max_size=6),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.tuples(st.integers(3, 9), st.integers(1, 16)), max_size=3),
)
def test_generated_workbooks_read_the_same(rows, extra):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_project(root / "inputs", AGENCY, {"กองคลัง": rows})
        path = root / "inputs" / "กองคลัง.xlsx"
        wb = load_workbook(path)
        for row, col in extra:  # cells typed anywhere, also outside the form and below a gap
            wb[schema.MEASURES_SHEET].cell(row, col, f"r{row}c{col}")
        wb.save(path)
        for workbook in sorted((root / "inputs").glob("*.xlsx")):
            assert_same(workbook)


def test_what_calamine_cannot_open_openpyxl_reads(monkeypatch):
    """The fallback: a workbook that passed the checks before parsing but that python-calamine
    refuses is read with openpyxl, with the same records."""
    import python_calamine

    from itadocs.excel import read

    path = REPO / "inputs" / "กองคลัง.xlsx"
    expected = read_workbook(path, "inputs/กองคลัง.xlsx")

    def refuse(*args, **kwargs):
        raise python_calamine.CalamineError("refused")

    monkeypatch.setattr(read, "from_calamine", refuse)
    assert read_workbook(path, "inputs/กองคลัง.xlsx") == expected
