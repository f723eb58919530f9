"""What is checked before any parser sees a workbook.

A workbook is a zip of XML parts, and a hostile or broken one can make any reader run for
minutes and fill the memory: millions of parts, sizes that lie, a part that inflates a
thousand times, one cell typed at XFD1048576, one merged range down to the last row, a DTD
that defines entities.  So nothing here trusts what the file declares.  The central
directory is counted before `zipfile` lists it; every part a parser reads is inflated here,
by zlib, stopping one byte past the size the file declares; each sheet's cells are counted
and located from the cells that exist, never from the sheet's declared dimension.  What
breaks a limit (`itadocs.limits`) is a located problem and the workbook is not parsed.

The same pass finds what python-calamine reads as empty although it is not: Excel error
values (#REF!, #N/A) and formulas without a calculated value.

A file that is no zip at all may be an old .xls renamed, or an Excel file with a password,
both stored in an OLE compound file: the directory of that file tells which.
"""

from __future__ import annotations

import html
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from ..limits import Limits
from ..messages import Message
from ..problems import Problem


class UnreadableWorkbook(Exception):
    """The file cannot be opened as a workbook; `reason` says why, for the user."""

    def __init__(self, reason: Message):
        super().__init__(reason.en)
        self.reason = reason


class EncryptedWorkbook(UnreadableWorkbook):
    """The workbook is password-protected (Excel stores it inside an OLE compound file)."""


class OldFormatWorkbook(UnreadableWorkbook):
    """An old binary .xls (BIFF) workbook under a .xlsx name."""


DAMAGED = Message("ไฟล์เสียหรือไม่ใช่ไฟล์ Excel", "the file is damaged or not an Excel file")
SIZES_FALSE = Message(
    "ขนาดข้อมูลภายในไฟล์ไม่ตรงกับที่ไฟล์ระบุไว้ (ไฟล์เสียหายหรือถูกดัดแปลง)",
    "the sizes written inside the file are false (damaged or tampered with)",
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Parts no parser reads as XML (pictures, embedded files); every other part is checked.
_BINARY_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".emf",
    ".wmf",
    ".svg",
    ".ico",
    ".wdp",
    ".jfif",
    ".webp",
    ".bin",
    ".xlsx",
    ".docx",
    ".pptx",
    ".pdf",
    ".mp3",
    ".mp4",
    ".wav",
}
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)[\s>/]")
_SHEET_ROOTS = {b"worksheet", b"dialogsheet", b"macrosheet"}
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?(\d{1,7})")
_CHUNK = 1 << 16


@dataclass
class SheetScan:
    """One worksheet part, from its XML: how far its cells reach and its special cells (1-based)."""

    part: str
    cells: int = 0  # <c> elements, empty formatted ones too
    rows: int = 0  # <row> elements
    max_row: tuple[int, str] = (0, "")  # the last row holding a cell, a row or a merged range, and where
    max_col: tuple[int, str] = (0, "")
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # Excel error values: '#REF!'
    uncalculated: dict[tuple[int, int], str] = field(default_factory=dict)  # formulas without a value: '=A1+1'


@dataclass
class Package:
    """A workbook checked before parsing: its sheets by name, and the limits it breaks."""

    sheets: dict[str, SheetScan] = field(default_factory=dict)  # by sheet name, as workbook.xml names them
    problems: list[Problem] = field(default_factory=list)  # when any, the workbook must not be parsed

    @property
    def has_formulas(self) -> bool:
        return any(scan.uncalculated for scan in self.sheets.values())


@lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    """3 -> 'C', 28 -> 'AB' (asked for every cell a record takes: kept once made)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: bytes | str) -> int:
    number = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.upper():
        number = number * 26 + (ch if isinstance(ch, int) else ord(ch)) - 64
    return number


def inspect(path: Path, file: str, limits: Limits) -> Package:
    """Check the workbook at `path` (named `file` in problems) before any parser reads it.

    Raises UnreadableWorkbook (EncryptedWorkbook, OldFormatWorkbook) when it is no workbook;
    returns the limits it breaks as problems, or its sheets' scans when it breaks none.
    """
    with open(path, "rb") as fh:
        head = fh.read(8)
        if head == OLE_MAGIC:
            raise _ole_kind(fh)
        size = fh.seek(0, 2)
        if size > limits.max_unpacked_bytes:
            return Package(problems=[_too_large(file, size, limits)])
        parts = _count_parts(fh, size)
        if parts > limits.max_parts:
            return Package(
                problems=[
                    Problem(
                        "workbook-too-many-parts",
                        file=file,
                        value=f"{parts:,}",
                        details={"limit": f"{limits.max_parts:,}"},
                    )
                ]
            )
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise UnreadableWorkbook(DAMAGED) from exc
        with zf:
            return _Inspection(zf, fh, file, limits).run()


def _too_large(file: str, size: int, limits: Limits) -> Problem:
    return Problem(
        "workbook-too-large",
        file=file,
        value=_megabytes(size),
        details={"limit": _megabytes(limits.max_unpacked_bytes)},
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def _count_parts(fh: BinaryIO, size: int) -> int:
    """The number of parts the central directory lists, read from its end record before
    `zipfile` builds an object for each; the directory's size bounds it when the count lies."""
    tail_size = min(size, 22 + 65_535)
    fh.seek(size - tail_size)
    tail = fh.read(tail_size)
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(tail):
        raise UnreadableWorkbook(DAMAGED)
    count, directory_size = struct.unpack("<HI", tail[end + 10 : end + 16])
    locator = end - 20  # a zip64 file's end record points to a larger one
    zip64 = locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07"
    if (count == 0xFFFF or directory_size == 0xFFFFFFFF) and zip64:
        (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        fh.seek(offset)
        record = fh.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            count, directory_size = struct.unpack("<QQ", record[32:48])
    return max(count, directory_size // 46)  # a directory entry takes at least 46 bytes


class _Inspection:
    """One pass over a workbook's parts."""

    def __init__(self, zf: zipfile.ZipFile, fh: BinaryIO, file: str, limits: Limits):
        self.zf, self.fh, self.file, self.limits = zf, fh, file, limits
        self.problems: list[Problem] = []

    def problem(self, code: str, **fields: object) -> None:
        self.problems.append(Problem(code, file=self.file, **fields))  # type: ignore[arg-type]

    def run(self) -> Package:
        infos = self.zf.infolist()
        names = [info.filename for info in infos]
        if len(set(names)) != len(names):
            raise UnreadableWorkbook(
                Message(
                    "ไฟล์มีส่วนประกอบชื่อซ้ำกัน (ไฟล์เสียหายหรือถูกดัดแปลง)",
                    "the file holds two parts of the same name (damaged or tampered with)",
                )
            )
        self.check_sizes(infos)
        if self.problems:
            return Package(problems=self.problems)
        return self.read_parts(infos)

    def check_sizes(self, infos: list[zipfile.ZipInfo]) -> None:
        """The sizes the file declares: the total, and each part's compression ratio."""
        limits = self.limits
        for info in infos:
            if info.flag_bits & 0x1:
                raise EncryptedWorkbook(Message("ไฟล์มีรหัสผ่าน", "the file has a password"))
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise UnreadableWorkbook(
                    Message(
                        f"ไฟล์ถูกบีบอัดด้วยวิธีที่ Excel ไม่ใช้ (แบบ {info.compress_type})",
                        f"compressed in a way Excel never uses (method {info.compress_type})",
                    )
                )
        total = sum(info.file_size for info in infos)
        if total > limits.max_unpacked_bytes:
            self.problems.append(_too_large(self.file, total, limits))
            return
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= limits.ratio_from_bytes and ratio > limits.max_ratio:
                self.problem(
                    "workbook-compression",
                    value=info.filename,
                    details={"ratio": f"{ratio:,.0f}", "limit": f"{limits.max_ratio:,}"},
                )
                return

    def read_parts(self, infos: list[zipfile.ZipInfo]) -> Package:
        """Inflate every part a parser may read, check it, and scan the sheets."""
        by_name = {info.filename: info for info in infos if not info.is_dir()}
        xml: dict[str, bytes] = {}
        # The relationships first: they name the parts parsers read, whatever those are called.
        rels = [name for name in by_name if name.lower().endswith(".rels")]
        for name in rels:
            xml[name] = self.inflate(by_name[name])
            if not self.safe_xml(name, xml[name]):
                return Package(problems=self.problems)
        parsed = {target for name in rels for target, binary in _targets(xml, name).values() if not binary}
        lower = {name.lower(): name for name in by_name}
        parsed = {lower.get(target.lower(), target) for target in parsed}
        for name, info in by_name.items():
            if name in xml or (Path(name).suffix.lower() in _BINARY_SUFFIXES and name not in parsed):
                continue  # pictures and embedded files: no parser here reads them as XML
            xml[name] = self.inflate(info)
            if not self.safe_xml(name, xml[name]):
                return Package(problems=self.problems)
        names = _sheet_parts(xml, by_name)
        owners = {part: name for name, part in names.items()}
        owners.update(_comment_owners(xml, names))
        scans: dict[str, SheetScan] = {}
        cells = 0
        elements: dict[str, int] = {}  # what is not a cell or its text, by part
        for part, data in xml.items():
            root = _ROOT.search(data[:4096])
            prefix, element = (root[1] or b"", root[2]) if root else (b"", b"")
            if element in _SHEET_ROOTS:
                scans[part] = scan_sheet(part, data, prefix, self.limits, self.limits.max_cells - cells)
                cells += scans[part].cells
                elements[part] = _elements_around(data, prefix, b"sheetData")
            elif element == b"sst":
                self.check_shared_strings(part, data, prefix)
            elif element == b"comments":
                self.check_comments(data, prefix, owners.get(part, part))
            elif not part.lower().endswith(".vml"):  # the comments' boxes: openpyxl makes them anew
                elements[part] = _elements(data)
        self.check_sheets(scans, owners)
        total = sum(elements.values())
        if total > self.limits.max_elements and not self.problems:
            most = max(elements, key=lambda part: elements[part])
            self.problem(
                "workbook-too-many-elements",
                value=f"{total:,}",
                details={"limit": f"{self.limits.max_elements:,}", "part": most},
            )
        if self.problems:
            return Package(problems=self.problems)
        return Package({name: scans[part] for name, part in names.items() if part in scans})

    def inflate(self, info: zipfile.ZipInfo) -> bytes:
        """The part's bytes, inflated here: never more than one byte past its declared size."""
        fh = self.fh
        fh.seek(info.header_offset)
        header = fh.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise UnreadableWorkbook(DAMAGED)
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        fh.seek(info.header_offset + 30 + name_length + extra_length)
        declared, remaining = info.file_size, info.compress_size
        pieces: list[bytes] = []
        produced = 0
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        try:
            while remaining > 0 and not (inflater is not None and inflater.eof):
                chunk = fh.read(min(remaining, _CHUNK))
                if not chunk:
                    raise UnreadableWorkbook(DAMAGED)
                remaining -= len(chunk)
                while chunk:
                    if inflater is None:
                        piece, chunk = chunk[: declared - produced + 1], b""
                    else:
                        piece = inflater.decompress(chunk, declared - produced + 1)
                        chunk = inflater.unconsumed_tail
                    produced += len(piece)
                    if produced > declared:
                        raise UnreadableWorkbook(SIZES_FALSE)
                    pieces.append(piece)
                    if inflater is not None and inflater.eof:
                        break  # what follows the stream is not part of it
        except zlib.error as exc:
            raise UnreadableWorkbook(DAMAGED) from exc
        data = b"".join(pieces)
        if produced != declared or (inflater is not None and not inflater.eof):
            raise UnreadableWorkbook(SIZES_FALSE)
        if zlib.crc32(data) != info.CRC:
            raise UnreadableWorkbook(DAMAGED)
        return data

    def safe_xml(self, part: str, data: bytes) -> bool:
        """No DTD and no entity declarations (Excel never writes one), and UTF-8 only: a
        parser then has nothing to expand and no outside file to fetch, whatever it is."""
        head = data[:4]
        wide = head.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in head and b"<" in head)
        if wide or (b"<!" in data and _DECLARATION.search(data)):
            self.problem("file-unsafe-xml", value=part)
            return False
        return True

    def check_shared_strings(self, part: str, data: bytes, prefix: bytes) -> None:
        count = _count_elements(data, prefix, b"si")
        if count > self.limits.max_cells:
            self.problem(
                "workbook-too-many-cells",
                value=f"{count:,}",
                details={
                    "limit": f"{self.limits.max_cells:,}",
                    "where": Message(f" (ข้อความที่ใช้ร่วมกันใน {part})", f" (shared texts in {part})"),
                },
            )

    def check_comments(self, data: bytes, prefix: bytes, sheet: str) -> None:
        """openpyxl makes the cell of every comment when it writes the annotated copy: the
        comments must lie within the sheet's limits like the cells, and count like them."""
        count = _count_elements(data, prefix, b"comment")
        if count > self.limits.max_cells:
            self.problem(
                "workbook-too-many-cells",
                sheet=sheet,
                value=f"{count:,}",
                details={
                    "limit": f"{self.limits.max_cells:,}",
                    "where": Message(" (ความคิดเห็นในเซลล์)", " (cell comments)"),
                },
            )
            return
        for match in re.finditer(rb"<(?:\w+:)?comment\b[^>]*?\sref\s*=\s*[\"']([^\"']*)[\"']", data):
            ref = _REF.fullmatch(match[1])
            if ref is not None and self.check_extent(
                sheet, (int(ref[2]), ref[0].decode()), (column_index(ref[1]), ref[0].decode())
            ):
                return

    def check_extent(self, sheet: str, row: tuple[int, str], col: tuple[int, str], row_elements: int = 0) -> bool:
        """A problem when a sheet reaches past the last row or column allowed; True when it does."""
        limits = self.limits
        if row[0] > limits.max_rows or row_elements > limits.max_rows:
            self.problem(
                "sheet-too-many-rows",
                sheet=sheet,
                cell=row[1],
                value=f"{max(row[0], row_elements):,}",
                details={"limit": f"{limits.max_rows:,}"},
            )
            return True
        if col[0] > limits.max_columns:
            self.problem(
                "sheet-too-many-columns",
                sheet=sheet,
                cell=col[1],
                value=column_letter(col[0]),
                details={"limit": f"{limits.max_columns:,} ({column_letter(limits.max_columns)})"},
            )
            return True
        return False

    def check_sheets(self, scans: dict[str, SheetScan], owners: dict[str, str]) -> None:
        limits = self.limits
        cells = sum(scan.cells for scan in scans.values())
        if cells > limits.max_cells:
            biggest = max(scans.values(), key=lambda scan: scan.cells)
            self.problem(
                "workbook-too-many-cells",
                sheet=owners.get(biggest.part, biggest.part),
                value=f"{cells:,}",
                details={"limit": f"{limits.max_cells:,}", "where": ""},
            )
            return
        for part, scan in scans.items():
            sheet = owners.get(part, part)
            if self.check_extent(sheet, scan.max_row, scan.max_col, scan.rows) or not scan.merged:
                continue
            area = sum((r2 - r1 + 1) * (c2 - c1 + 1) for r1, c1, r2, c2 in scan.merged)
            if area > limits.max_merged_cells:
                r1, c1, r2, c2 = max(scan.merged, key=lambda m: (m[2] - m[0] + 1) * (m[3] - m[1] + 1))
                self.problem(
                    "merged-area-too-large",
                    sheet=sheet,
                    cell=f"{column_letter(c1)}{r1}",
                    value=f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}",
                    details={"count": f"{area:,}", "limit": f"{limits.max_merged_cells:,}"},
                )


def _count_elements(data: bytes, prefix: bytes, name: bytes) -> int:
    """How many <name> elements `data` holds, counted at C speed (no Python per element)."""
    tag = b"<" + (prefix + b":" if prefix else b"") + name
    return sum(data.count(tag + end) for end in (b" ", b">", b"/", b"\t", b"\n", b"\r"))


def _elements(data: bytes, start: int = 0, end: int | None = None) -> int:
    """How many elements `data[start:end]` holds (start tags), counted at C speed."""
    end = len(data) if end is None else end
    return (
        data.count(b"<", start, end)
        - data.count(b"</", start, end)
        - data.count(b"<?", start, end)
        - data.count(b"<!", start, end)
    )


def _elements_around(data: bytes, prefix: bytes, name: bytes) -> int:
    """The elements of a sheet outside its cells: columns, merged ranges, rules, dropdowns, links ..."""
    tag = (prefix + b":" if prefix else b"") + name
    start, end = data.find(b"<" + tag), data.rfind(b"</" + tag + b">")
    if start < 0 or end < start:
        return _elements(data)
    return _elements(data, 0, start) + _elements(data, end)


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    return {m[1].split(b":")[-1]: (m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(tag)}


def _resolve(source: str, target: str) -> str:
    """A relationship's target as a part name, relative to the part the relationship belongs to."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    folder = posixpath.dirname(posixpath.dirname(source))  # "xl/_rels/workbook.xml.rels" -> "xl"
    return posixpath.normpath(posixpath.join(folder, target))


# Relationship types whose targets are not XML a parser here reads (pictures, embedded files).
_BINARY_TYPES = (
    "/image",
    "/hdphoto",
    "/media",
    "/audio",
    "/video",
    "/oleObject",
    "/package",
    "/vbaProject",
    "/attachedTemplate",
    "/hyperlink",
    "/externalLinkPath",
    "/printerSettings",
)


def _targets(xml: dict[str, bytes], rels: str) -> dict[str, tuple[str, bool]]:
    """Id -> (part name, whether it is binary), of one .rels part; links outside the file left out."""
    found = {}
    for match in _RELATIONSHIP.finditer(xml.get(rels, b"")):
        attrs = _attributes(match[1])
        if attrs.get(b"TargetMode", b"").lower() == b"external" or b"Id" not in attrs or b"Target" not in attrs:
            continue
        target = html.unescape(attrs[b"Target"].decode("utf-8", "replace"))
        kind = attrs.get(b"Type", b"").decode("utf-8", "replace")
        found[attrs[b"Id"].decode("utf-8", "replace")] = (_resolve(rels, target), kind.endswith(_BINARY_TYPES))
    return found


def _rels_of(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _sheet_parts(xml: dict[str, bytes], by_name: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    """Sheet name -> worksheet part, from the package's relationships and workbook.xml."""
    lower = {name.lower(): name for name in by_name}

    def part(name: str) -> str:
        return name if name in by_name else lower.get(name.lower(), name)

    office = "xl/workbook.xml"
    for match in _RELATIONSHIP.finditer(xml.get("_rels/.rels", b"")):
        attrs = _attributes(match[1])
        if attrs.get(b"Type", b"").endswith(b"/officeDocument") and b"Target" in attrs:
            office = _resolve("_rels/.rels", html.unescape(attrs[b"Target"].decode("utf-8", "replace")))
    workbook = part(office)
    rels = {rid: part(target) for rid, (target, _) in _targets(xml, _rels_of(workbook)).items()}
    sheets = {}
    for match in re.finditer(rb"<(?:\w+:)?sheet\b([^>]*)>", xml.get(workbook, b"")):
        attrs = _attributes(match[1])
        name, rid = attrs.get(b"name"), attrs.get(b"id")
        if name is not None and rid is not None and rid.decode("utf-8", "replace") in rels:
            sheets[html.unescape(name.decode("utf-8", "replace"))] = rels[rid.decode("utf-8", "replace")]
    return sheets


def _comment_owners(xml: dict[str, bytes], sheets: dict[str, str]) -> dict[str, str]:
    """Comments part -> the name of the sheet it belongs to."""
    lower = {name.lower(): name for name in xml}
    owners = {}
    for name, part in sheets.items():
        for target, _ in _targets(xml, _rels_of(part)).values():
            owners[lower.get(target.lower(), target)] = name
    return owners


_TAGS: dict[bytes, re.Pattern[bytes]] = {}


def _tag_pattern(prefix: bytes) -> re.Pattern[bytes]:
    """The start tag of what places something on a sheet: kind in group 1, its r or ref in group 2."""
    if prefix not in _TAGS:
        p = re.escape(prefix + b":") if prefix else b""
        _TAGS[prefix] = re.compile(
            rb"<" + p + rb"(row|c|mergeCell|hyperlink)(?=[\s/>])[^>]*?"
            rb"(?:\s(?:r|ref)\s*=\s*[\"']([^\"']*)[\"'][^>]*)?>"
        )
    return _TAGS[prefix]


def scan_sheet(part: str, xml: bytes, prefix: bytes, limits: Limits, budget: int | None = None) -> SheetScan:
    """Locate what the sheet holds: how far its cells, rows, merged ranges and links reach,
    and which cells hold an Excel error or a formula without a value.  Cells without an `r`
    are placed as Excel would.  The walk stops at the first limit broken, and after `budget`
    cells (what is left of the workbook's allowance), so a hostile sheet costs no more than
    a legitimate one at the limit."""
    budget = limits.max_cells if budget is None else budget
    scan = SheetScan(part)
    close = b"</" + (prefix + b":" if prefix else b"") + b"c>"
    # Error cells have t="e"; a quoted e in some text only costs a closer look at each cell.
    special = (
        re.search(rb"<" + re.escape(prefix + b":" if prefix else b"") + rb"f[\s>/]", xml) is not None
        or b'"e"' in xml
        or b"'e'" in xml
    )
    merged_area = 0
    row = col = 0
    far_row = False
    for match in _tag_pattern(prefix).finditer(xml):
        kind, ref = match[1], match[2]
        if kind == b"c":
            scan.cells += 1
            if scan.cells > budget:
                scan.cells = _count_elements(xml, prefix, b"c")
                return scan
            if ref is None:
                col += 1
            else:
                letters, number = _split_ref(ref)
                if not number:
                    continue
                col, row = _column(letters), number
            if row >= scan.max_row[0] and far_row or row > scan.max_row[0] or col > scan.max_col[0]:
                where = f"{column_letter(col)}{row}"
                if row >= scan.max_row[0]:
                    scan.max_row = (row, where)
                if col > scan.max_col[0]:
                    scan.max_col = (col, where)
                if row > limits.max_rows or col > limits.max_columns:
                    return scan
            if special and not match[0].endswith(b"/>"):
                end = xml.find(close, match.end())
                _special_cell(scan, row, col, match[0], xml[match.end() : end if end >= 0 else match.end()])
        elif kind == b"row":
            if far_row:
                return scan  # a row past the limit with no cell: named by its first column
            scan.rows += 1
            row = int(ref) if ref is not None and ref.isdigit() else row + 1
            col = 0
            if row > scan.max_row[0]:
                scan.max_row = (row, f"A{row}")
            # Past the limit: the first cell of this row, if it has one, names the place better.
            far_row = row > limits.max_rows or scan.rows > limits.max_rows
        elif ref is not None:
            # A merged range or a link: openpyxl makes a cell for every cell either covers.
            ends = [_split_ref(end) for end in ref.split(b":", 1)]
            if not all(number for _, number in ends):
                continue
            rows = [number for _, number in ends]
            cols = [_column(letters) for letters, _ in ends]
            first = f"{column_letter(min(cols))}{min(rows)}"
            scan.max_row = max(scan.max_row, (max(rows), first))
            scan.max_col = max(scan.max_col, (max(cols), first))
            if scan.max_row[0] > limits.max_rows or scan.max_col[0] > limits.max_columns:
                return scan
            if kind == b"mergeCell":
                scan.merged.append((min(rows), min(cols), max(rows), max(cols)))
                merged_area += (max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1)
                if merged_area > limits.max_merged_cells:
                    return scan
            else:
                scan.cells += 1  # a link is held like a cell
                if scan.cells > budget:
                    return scan
    return scan


_COLUMNS: dict[bytes, int] = {}


def _column(letters: bytes) -> int:
    number = _COLUMNS.get(letters)
    if number is None:
        number = _COLUMNS[letters] = column_index(letters) if len(letters) <= 3 else 1 << 20
    return number


def _split_ref(ref: bytes) -> tuple[bytes, int]:
    """b'AB12' -> (b'AB', 12); (b'', 0) when it is no cell reference."""
    match = _REF.fullmatch(ref)
    return (match[1].upper(), int(match[2])) if match else (b"", 0)


_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>(.*?)</(?:\w+:)?v>", re.S)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)


def _special_cell(scan: SheetScan, row: int, col: int, attrs: bytes, content: bytes) -> None:
    """An Excel error value, or a formula Excel never calculated (no value stored)."""
    value = _VALUE.search(content)
    if re.search(rb"\st\s*=\s*[\"']e[\"']", attrs):
        scan.errors[(row, col)] = html.unescape(value[1].decode("utf-8", "replace")) if value else "#N/A"
        return
    formula = _FORMULA.search(content)
    if formula is not None and (value is None or value[1] == b""):
        text = html.unescape((formula[2] or b"").decode("utf-8", "replace"))
        scan.uncalculated[(row, col)] = "=" + text


# --- OLE compound files: an old .xls, or an .xlsx with a password ---------------------------------

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE


_ENCRYPTED = {"encryptedpackage", "encryptioninfo"}
_OLD_WORKBOOK = {"workbook", "book"}


def _ole_kind(fh: BinaryIO) -> UnreadableWorkbook:
    """Tell an encrypted workbook from an old .xls by the streams its directory names; when the
    directory cannot be followed, by the names found anywhere in the first megabytes."""
    encrypted = EncryptedWorkbook(Message("ไฟล์มีรหัสผ่าน", "the file has a password"))
    old = OldFormatWorkbook(Message("ไฟล์ .xls รุ่นเก่าที่ตั้งชื่อเป็น .xlsx", "an old .xls file named .xlsx"))
    names = _ole_stream_names(fh)
    if not names:
        fh.seek(0)
        head = fh.read(8_000_000)
        return encrypted if any(n.encode("utf-16-le") in head for n in ("EncryptionInfo", "EncryptedPackage")) else old
    if _ENCRYPTED & names:
        return encrypted
    if _OLD_WORKBOOK & names:
        return old
    return UnreadableWorkbook(
        Message("เป็นไฟล์ Office รุ่นเก่าที่ไม่ใช่สมุดงาน Excel", "an old Office file that is not an Excel workbook")
    )


def _ole_stream_names(fh: BinaryIO) -> set[str]:
    """The names in an OLE compound file's directory, lower-cased; empty when it cannot be read."""
    fh.seek(0)
    header = fh.read(512)
    if len(header) < 512:
        return set()
    (shift,) = struct.unpack("<H", header[30:32])
    if shift not in (9, 12):
        return set()
    sector = 1 << shift
    (first_directory,) = struct.unpack("<I", header[48:52])
    difat = [s for s in struct.unpack("<109I", header[76 : 76 + 436]) if s not in (_FREE, _END)]
    fat: list[int] = []
    for fat_sector in difat[:64]:  # 64 FAT sectors describe far more than any workbook needs
        fh.seek((fat_sector + 1) * sector)
        data = fh.read(sector)
        fat.extend(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))
    names: set[str] = set()
    current, seen = first_directory, 0
    while current not in (_FREE, _END) and seen < 1_000:
        seen += 1
        fh.seek((current + 1) * sector)
        data = fh.read(sector)
        for offset in range(0, len(data) - 127, 128):
            (length,) = struct.unpack("<H", data[offset + 64 : offset + 66])
            if 2 <= length <= 64:
                names.add(data[offset : offset + length - 2].decode("utf-16-le", "replace").lower())
        current = fat[current] if current < len(fat) else _END
    return names
