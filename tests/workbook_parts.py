"""Broken, huge and hostile workbooks built from Python: parts rewritten, sheets streamed, OLE files.

No binary is kept in the repository: every case is made here from a workbook that
`make_project` wrote, by rewriting its XML parts, or from nothing.  Large sheets are
streamed into the zip, so a 100,000-row case never sits in memory.
"""

from __future__ import annotations

import shutil
import struct
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from itadocs.excel.preflight import _sheet_parts, column_letter

Change = Callable[[bytes], bytes] | bytes | None  # a new content, a function of the old one, or None: removed


def rewrite(path: Path, changes: dict[str, Change], *, level: int = 6) -> Path:
    """The workbook at `path` with some parts changed, added (a name not there yet) or removed."""
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
        out = Path(tmp.name)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            change = changes.get(info.filename, data)
            if change is None:
                continue
            zout.writestr(info.filename, change(data) if callable(change) else change)
        for name, change in changes.items():
            if name not in zin.namelist() and isinstance(change, bytes):
                zout.writestr(name, change)
    shutil.move(out, path)
    return path


def with_shared_strings(path: Path, items: bytes) -> Path:
    """The workbook with a shared-strings part holding the `<si>` items given, as Excel lists it."""
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    )
    relationship = (
        b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    )
    return rewrite(
        path,
        {
            "xl/sharedStrings.xml": b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + items
            + b"</sst>",
            "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", override + b"</Types>"),
            "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(
                b"</Relationships>", relationship + b"</Relationships>"
            ),
        },
    )


def sheet_part(path: Path, sheet: str) -> str:
    """The zip member that holds `sheet`."""
    with zipfile.ZipFile(path) as zf:
        xml = {name: zf.read(name) for name in zf.namelist() if name.endswith((".xml", ".rels"))}
        return _sheet_parts(xml, {info.filename: info for info in zf.infolist()})[sheet]


def edit_sheet(path: Path, sheet: str, change: Callable[[bytes], bytes]) -> Path:
    return rewrite(path, {sheet_part(path, sheet): change})


def before(marker: bytes, xml: bytes) -> Callable[[bytes], bytes]:
    """A change that puts `xml` just before the first `marker` (e.g. b'</sheetData>')."""

    def change(data: bytes) -> bytes:
        assert marker in data, marker
        return data.replace(marker, xml + marker, 1)

    return change


def stream_sheet(path: Path, sheet: str, rows: Iterable[bytes], *, level: int = 1) -> Path:
    """`sheet` with the `<row>` elements given added after its own, streamed into the zip."""
    part = sheet_part(path, sheet)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
        out = Path(tmp.name)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename != part:
                zout.writestr(info.filename, data)
                continue
            head, _, tail = data.partition(b"</sheetData>")
            with zout.open(info.filename, "w", force_zip64=True) as fh:
                fh.write(head)
                chunk: list[bytes] = []
                for row in rows:
                    chunk.append(row)
                    if len(chunk) >= 1000:
                        fh.write(b"".join(chunk))
                        chunk = []
                fh.write(b"".join(chunk))
                fh.write(b"</sheetData>" + tail)
    shutil.move(out, path)
    return path


def text_row(number: int, texts: list[str], first_column: int = 1) -> bytes:
    """One <row> of inline-string cells."""
    cells = b"".join(
        b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
        % (column_letter(first_column + i).encode(), number, text.encode())
        for i, text in enumerate(texts)
    )
    return b'<row r="%d">%s</row>' % (number, cells)


def falsify_size(path: Path, member: str, declared: int) -> Path:
    """Write a smaller uncompressed size for `member` than it has, in both of its headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, declared)
    name = member.encode()
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == name:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def ole_file(streams: list[str]) -> bytes:
    """A small but well-formed OLE compound file (the container of .xls and of password-protected
    .xlsx) whose directory names `streams`: the only part itadocs reads of one."""
    sector = 512
    free, end, fat_mark = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end)  # 1 FAT sector, directory at 1
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_mark, end, *([free] * 126))

    def entry(name: str, kind: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        record = bytearray(128)
        record[: len(raw)] = raw
        struct.pack_into("<HBB", record, 64, len(raw), kind, 1)
        struct.pack_into("<III", record, 68, free, free, free)
        struct.pack_into("<II", record, 116, end, 0)
        return bytes(record)

    entries = [entry("Root Entry", 5)] + [entry(name, 2) for name in streams]
    directory = b"".join(entries).ljust(sector, b"\0")
    assert len(directory) == sector, "four entries fit one sector"
    return bytes(header) + fat + directory
