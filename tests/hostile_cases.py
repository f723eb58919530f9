"""Broken, huge and hostile workbooks, each with the problem it must give: the tests run the small
ones, `bench/hostile.py` times every one (the large ones are built at full size there).

Each case damages the workbook of กองช่าง in a project whose other workbooks are fine.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from itadocs import schema
from itadocs.excel.preflight import column_letter
from itadocs.excel.sample import write_project

from .workbook_parts import (
    before,
    edit_sheet,
    falsify_size,
    rewrite,
    sheet_part,
    stream_sheet,
    text_row,
    with_shared_strings,
)

VICTIM = "กองช่าง.xlsx"
SHEET = schema.MEASURES_SHEET
AGENCY = {"name": "เทศบาลตำบลทดสอบ", "district": "เมืองทดสอบ", "province": "ขอนแก่น", "fiscal_year": 2568, "round": 6}
MEASURE = {
    "tool": "EIT",
    "indicator": "7",
    "questions": "e11",
    "issue": "ประเด็นทดสอบ",
    "measure": "มาตรการทดสอบ",
    "responsible": "กองช่าง",
    "steps": "1. ขั้นแรก\n2. ขั้นที่สอง",
    "monitoring": "รายงานผู้บริหารทุกเดือน",
    "period": "ต.ค. 2567 - ก.ย. 2568",
    "progress": "ดำเนินการเมื่อ 22 มกราคม 2568",
}


@dataclass(frozen=True)
class Case:
    name: str
    damage: Callable[[Path], object]  # given the victim workbook
    code: str  # the problem it must give, on the victim
    cell: str = ""
    big: bool = False  # built at full size: seconds to make, for the slow tests and the bench


def project(root: Path) -> Path:
    """A project with two divisions, each with a valid measure; returns the victim workbook."""
    write_project(root / "inputs", AGENCY, {"กองคลัง": [{**MEASURE, "responsible": "กองคลัง"}], "กองช่าง": [MEASURE]})
    return root / "inputs" / VICTIM


def _sheet_end(xml: bytes) -> Callable[[bytes], bytes]:
    return before(b"</sheetData>", xml)


def _merged(ref: str) -> Callable[[bytes], bytes]:
    merge = b'<mergeCell ref="%s"/>' % ref.encode()

    def change(xml: bytes) -> bytes:
        if b"</mergeCells>" in xml:
            return xml.replace(b"</mergeCells>", merge + b"</mergeCells>")
        return xml.replace(b"</sheetData>", b"</sheetData><mergeCells>" + merge + b"</mergeCells>")

    return change


def _padded(path: Path, size: int, *, declared: int | None = None) -> None:
    """The measures sheet with `size` bytes of spaces between its rows (valid XML, inflated by
    every parser), streamed; its size written as `declared` when given."""
    block = b" " * (1 << 20)
    stream_sheet(path, SHEET, (block[: min(len(block), size - done)] for done in range(0, size, len(block))))
    if declared is not None:
        falsify_size(path, sheet_part(path, SHEET), declared)


def _rows(count: int, first: int = 4, tool: str = "EIT") -> Iterator[bytes]:
    """`count` filled measure rows from row `first` (row 3 holds the measure typed already)."""
    texts = [
        tool,
        "7",
        "e11",
        "ประเด็นที่ต้องปรับปรุงแก้ไข ข้อที่ {n}",
        "มาตรการทดสอบ",
        "กองช่าง",
        "1. ขั้นแรก ประชุมชี้แจงเจ้าหน้าที่ 2. ขั้นที่สอง ติดตามผลทุกเดือน",
        "รายงานผู้บริหารทุกเดือน",
        "ต.ค. 2567 - ก.ย. 2568",
        "ดำเนินการเมื่อ 22 มกราคม 2568",
    ]
    for number in range(first, first + count):
        yield text_row(number, [t.replace("{n}", str(number)) for t in texts], first_column=2)


def _shared_strings(count: int) -> Callable[[Path], object]:
    return lambda path: with_shared_strings(path, b"".join(b"<si><t>%d</t></si>" % i for i in range(count)))


def _parts(count: int) -> Callable[[Path], object]:
    def damage(path: Path) -> None:
        with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as zf:
            for i in range(count):
                zf.writestr(f"customXml/item{i}.xml", b"<a/>")

    return damage


def _formatted(rows: int, columns: int) -> Callable[[Path], object]:
    def cells() -> Iterator[bytes]:
        for row in range(3, 3 + rows):
            formatted = b"".join(
                b'<c r="%s%d" s="1"/>' % (column_letter(col).encode(), row) for col in range(1, columns + 1)
            )
            yield b'<row r="%d">%s</row>' % (row, formatted)

    return lambda path: stream_sheet(path, SHEET, cells())


def _dropdowns(count: int, *, error: bool = False) -> Callable[[Path], object]:
    """`count` dropdown rules (openpyxl keeps about 4 kB for each), on cells of their own."""

    def change(xml: bytes) -> bytes:
        rules = b"".join(
            b'<dataValidation type="list" allowBlank="1" sqref="%s%d"><formula1>"%d,%d"</formula1>'
            b"</dataValidation>" % (column_letter(i % 14 + 1).encode(), i // 14 + 3, i, i + 1)
            for i in range(count)
        )
        if error:
            xml = xml.replace(b"<t>EIT</t>", b"<t>XYZ</t>", 1)
        return xml.replace(b"</dataValidations>", rules + b"</dataValidations>")

    return lambda path: edit_sheet(path, SHEET, change)


def _returned_copy(path: Path) -> None:
    """An annotated copy sent back (its summary sheet first) with one value typed in CV5000,
    the farthest cell allowed, and an error for the next copy to mark."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.create_sheet(schema.SUMMARY_SHEET, 0)["A1"] = "ระดับ"
    wb[SHEET]["CV5000"], wb[SHEET]["B3"] = "ไกลสุด", "XYZ"
    wb.save(path)


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)


def _doctype(declaration: bytes) -> Callable[[Path], object]:
    def damage(path: Path) -> object:
        def change(xml: bytes) -> bytes:
            body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
            return declaration + body.replace(
                b"</sheetData>", b'<row r="40"><c r="B40" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData>'
            )

        return edit_sheet(path, SHEET, change)

    return damage


def _utf16(path: Path) -> object:
    part = sheet_part(path, SHEET)
    return rewrite(
        path,
        {
            part: lambda xml: (
                "\ufeff".encode("utf-16-le")
                + xml.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le")
            )
        },
    )


def _comment_far(path: Path) -> object:
    part = sheet_part(path, SHEET)
    rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    comments = (
        b'<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors>'
        b'<author>x</author></authors><commentList><comment ref="A1048576" authorId="0"><text><t>x</t>'
        b"</text></comment></commentList></comments>"
    )
    return rewrite(
        path,
        {
            "xl/comments9.xml": comments,
            rels: b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rC" Target="../comments9.xml" Type="http://schemas.openxml'
            b'formats.org/officeDocument/2006/relationships/comments"/></Relationships>',
        },
    )


def _long_text(length: int) -> Callable[[Path], object]:
    # Words in a random order: text people type shrinks 5 to 10 times, not a thousand.
    words = random.Random(13).choices(
        [
            "ประชุม",
            "ชี้แจง",
            "เจ้าหน้าที่",
            "ติดตาม",
            "ผล",
            "ทุก",
            "เดือน",
            "รายงาน",
            "ผู้บริหาร",
            "และ",
            "ปรับปรุง",
            "ระบบ",
            "งาน",
            "๑๒",
            "2568",
        ],
        k=length // 3,
    )
    text = " ".join(words)[:length]
    return lambda path: edit_sheet(
        path, SHEET, _sheet_end(b'<row r="4"><c r="E4" t="inlineStr"><is><t>%s</t></is></c></row>' % text.encode())
    )


CASES: tuple[Case, ...] = (
    Case(
        "value in the last cell, XFD1048576",
        lambda p: edit_sheet(
            p, SHEET, _sheet_end(b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')
        ),
        "sheet-too-many-rows",
        "XFD1048576",
    ),
    Case(
        "value past the last column allowed, CW20",
        lambda p: edit_sheet(
            p, SHEET, _sheet_end(b'<row r="20"><c r="CW20" t="inlineStr"><is><t>x</t></is></c></row>')
        ),
        "sheet-too-many-columns",
        "CW20",
    ),
    Case(
        "merged range A3:N1048576", lambda p: edit_sheet(p, SHEET, _merged("A3:N1048576")), "sheet-too-many-rows", "A3"
    ),
    Case(
        "merged range A3:CV4000 (400,000 cells)",
        lambda p: edit_sheet(p, SHEET, _merged("A3:CV4000")),
        "merged-area-too-large",
        "A3",
    ),
    Case(
        "link over A1:XFD1048576",
        lambda p: edit_sheet(
            p,
            SHEET,
            lambda x: x.replace(
                b"</sheetData>", b'</sheetData><hyperlinks><hyperlink ref="A1:XFD1048576" display="x"/></hyperlinks>'
            ),
        ),
        "sheet-too-many-rows",
        "A1",
    ),
    Case("comment in A1048576", _comment_far, "sheet-too-many-rows", "A1048576"),
    Case(
        "6,000 empty rows with a height",
        lambda p: edit_sheet(
            p, SHEET, _sheet_end(b"".join(b'<row r="%d" ht="20" customHeight="1"/>' % r for r in range(10, 6010)))
        ),
        "sheet-too-many-rows",
        "A5001",
    ),
    Case("120,000 formatted empty cells", _formatted(4_000, 30), "workbook-too-many-cells"),
    Case("150,000 shared texts", _shared_strings(150_000), "workbook-too-many-cells"),
    Case("1,001 parts", _parts(1_001), "workbook-too-many-parts"),
    Case("60,000 dropdown rules", _dropdowns(60_000), "workbook-too-many-elements"),
    Case("a sheet inflating to 60 MB", lambda p: _padded(p, 60_000_000), "workbook-too-large"),
    Case("a sheet of 2 MB shrunk 1,000 times", lambda p: _padded(p, 2_000_000), "workbook-compression"),
    Case("a sheet of 60 MB declared as 20 kB", lambda p: _padded(p, 60_000_000, declared=20_000), "file-unreadable"),
    Case("a sheet whose size is false", lambda p: falsify_size(p, sheet_part(p, SHEET), 100), "file-unreadable"),
    Case("entities declared (billion laughs)", _doctype(_LAUGHS), "file-unsafe-xml"),
    Case(
        "an outside entity (XXE)",
        _doctype(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY lol4 SYSTEM "file:///etc/passwd">]>'),
        "file-unsafe-xml",
    ),
    Case("a sheet in UTF-16", _utf16, "file-unsafe-xml"),
    Case(
        "10,000 rows of short values",
        lambda p: stream_sheet(
            p, SHEET, (text_row(r, ["EIT", "7", "e11", f"ข้อ {r}"], first_column=2) for r in range(4, 10_004))
        ),
        "sheet-too-many-rows",
        "B5001",
    ),
    Case("40,000 characters in one cell", _long_text(40_000), "cell-text-too-long", "E4"),
    # Full size: what the issue measured, built in seconds.
    Case("100,000 filled rows", lambda p: stream_sheet(p, SHEET, _rows(100_000)), "workbook-too-large", big=True),
    Case("a sheet of 1.2 GB (zip bomb)", lambda p: _padded(p, 1_200_000_000), "workbook-too-large", big=True),
    Case(
        "a sheet of 1.2 GB declared as 20 kB",
        lambda p: _padded(p, 1_200_000_000, declared=20_000),
        "file-unreadable",
        big=True,
    ),
    Case("2,000,000 shared texts", _shared_strings(2_000_000), "workbook-too-many-cells", big=True),
    Case("100,000 parts", _parts(100_000), "workbook-too-many-parts", big=True),
    Case("20 MB of text in one cell", _long_text(20_000_000 // 3), "cell-text-too-long", "E4", big=True),
)

# Within every limit but at its edge: read, checked and annotated in bounded time and memory.
AT_LIMIT: tuple[Case, ...] = (
    Case("4,998 filled rows (rows 3 to 5,000)", lambda p: stream_sheet(p, SHEET, _rows(4_997)), "", big=True),
    Case(
        "24,000 dropdown rules (48,000 elements) and an error", _dropdowns(24_000, error=True), "tool-unknown", big=True
    ),
    Case("an annotated copy sent back, a value in CV5000", _returned_copy, "tool-unknown", big=True),
    Case(
        "4,998 filled rows, an error in each",
        lambda p: stream_sheet(p, SHEET, _rows(4_997, tool="XYZ")),
        "tool-unknown",
        big=True,
    ),
)
