"""How large a workbook itadocs reads: every limit in one place, checked before any parser runs.

A workbook is a zip of XML parts.  One value typed in the last cell of a sheet, one merged
range down to row 1,048,576, or a few megabytes that inflate to gigabytes are enough to make
a reader run for minutes and fill the memory.  So before parsing, `excel.preflight` inflates
every part itself (trusting no size written in the file), counts the cells that exist and
measures the merged ranges, and a workbook past any limit is not parsed: its problem names
the file, the sheet, the limit and what was found.  The defaults are far above what a
division's form holds (a few dozen measures) and keep any single workbook within seconds
and a few hundred megabytes.  `python -m itadocs.limits > docs/limits.md` writes the page
that states them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from .messages import Message


def _limit(default: int, th: str, en: str, why: str) -> int:
    return field(default=default, metadata={"message": Message(th, en), "why": why})


@dataclass(frozen=True)
class Limits:
    """What one workbook may hold; each breach is a problem with its own code (docs/limits.md)."""

    max_parts: int = _limit(
        1_000,
        "จำนวนส่วนประกอบภายในไฟล์",
        "parts inside the file (zip members)",
        "An Excel workbook has 10 to 50 parts; thousands only make the reader list them.",
    )
    max_unpacked_bytes: int = _limit(
        50_000_000,
        "ขนาดรวมเมื่อขยายไฟล์ออก (ไบต์)",
        "total size of the parts once inflated (bytes)",
        "500 measures of real text take 4 MB; pictures pasted into the workbook count too, and the file's "
        "own size is held to it as well.",
    )
    max_ratio: int = _limit(
        100,
        "อัตราการบีบอัดของส่วนใดส่วนหนึ่ง (เท่า)",
        "compression ratio of one part (times)",
        "Excel's parts shrink 5 to 20 times; a 'zip bomb' shrinks a thousand times.  "
        "Checked for parts of at least `ratio_from_bytes` once inflated.",
    )
    ratio_from_bytes: int = _limit(
        1_000_000,
        "ตรวจอัตราการบีบอัดเฉพาะส่วนที่ขยายแล้วมีขนาดตั้งแต่ (ไบต์)",
        "the ratio is checked for parts at least this large once inflated (bytes)",
        "A small part of repeated text can shrink more than 100 times and harm nothing.",
    )
    max_rows: int = _limit(
        5_000,
        "แถวสุดท้ายที่มีเซลล์ในแผ่นงาน",
        "last row holding a cell, in any sheet",
        "Counted over the cells that exist (typed or formatted), the rows given a height, merged ranges, "
        "links and comments, never the size a sheet declares.  A division sends dozens of measures; "
        "5,000 rows read and check in seconds.",
    )
    max_columns: int = _limit(
        100,
        "คอลัมน์สุดท้ายที่มีเซลล์ในแผ่นงาน (100 = CV)",
        "last column holding a cell, in any sheet (100 = CV)",
        "The measures form has 14 columns.",
    )
    max_cells: int = _limit(
        100_000,
        "จำนวนเซลล์ทั้งไฟล์ (รวมเซลล์ที่จัดรูปแบบไว้แต่ว่างและลิงก์) จำนวนข้อความที่ใช้ร่วมกัน และจำนวนความคิดเห็น",
        "cells in the whole workbook, formatted empty ones and links included; the shared texts and the "
        "comments are each held to it too",
        "5,000 rows of the 14-column form are 70,000 cells; the annotated copy is written "
        "with openpyxl, which holds every cell in memory.",
    )
    max_elements: int = _limit(
        50_000,
        "องค์ประกอบอื่นนอกจากเซลล์ (รูปแบบเซลล์ การจัดรูปแบบตามเงื่อนไข รายการดรอปดาวน์ รูปวาด แผนภูมิ ฯลฯ)",
        "XML elements other than cells and their text (cell formats, conditional formats, dropdowns, drawings, "
        "charts ...)",
        "The forms hold about 500; openpyxl, which writes the annotated copy, keeps an object of 1 to 4 kB "
        "for each, so 300,000 dropdowns take 1 GB.  Excel itself allows 64,000 cell formats.",
    )
    max_merged_cells: int = _limit(
        10_000,
        "จำนวนเซลล์ที่อยู่ในช่วงผสานเซลล์ของแผ่นงานหนึ่ง",
        "cells covered by merged ranges in one sheet",
        "openpyxl makes an object for every merged cell: one range A3:N1048576 is 14 million.",
    )
    max_text: int = _limit(
        32_767,
        "ความยาวข้อความในเซลล์หนึ่ง (ตัวอักษร)",
        "characters of text in one cell",
        "Excel's own limit: longer text can only come from another program.",
    )

    def describe(self) -> list[tuple[str, int, Message, str]]:
        """(name, value, what it limits, why) for each limit, in order."""
        return [(f.name, getattr(self, f.name), f.metadata["message"], f.metadata["why"]) for f in fields(self)]


DEFAULT_LIMITS = Limits()


def limits_markdown(limits: Limits = DEFAULT_LIMITS) -> str:
    """docs/limits.md: the limits with their defaults, what each breach is reported as, and why."""
    lines = [
        "# Limits on the workbooks read",
        "",
        "Generated by `python -m itadocs.limits` from `itadocs/limits.py`; do not edit by hand.",
        "",
        "Every workbook in `inputs/` is checked against these limits **before** any part of it is",
        "parsed. itadocs inflates each part itself, trusting no size the file declares, counts the",
        "cells that exist (typed or only formatted), measures the merged ranges, and rejects",
        "declarations an Excel file never has (`<!DOCTYPE`, `<!ENTITY`). A workbook past a limit is",
        "not read. Its problem names the file, the sheet and, where there is one, the cell, with",
        "the limit and what was found (see [problems.md](problems.md)). `validate` and `build` then",
        "exit with code 1. The other workbooks are still read and checked.",
        "",
        "With these defaults, any single workbook is rejected or read, checked and annotated in",
        "under 10 seconds and 300 MB on a 2-core machine (`python bench/hostile.py` measures it).",
        "",
        "| limit | default | ขีดจำกัด | what it limits | why |",
        "|---|---|---|---|---|",
    ]
    for name, value, message, why in limits.describe():
        lines.append(f"| `{name}` | {value:,} | {message.th} | {message.en} | {why} |")
    lines += [
        "",
        "Problem codes of a breach, the workbook not read: `workbook-too-many-parts`, `workbook-too-large`,",
        "`workbook-compression`, `sheet-too-many-rows`, `sheet-too-many-columns`, `workbook-too-many-cells`,",
        "`workbook-too-many-elements`, `merged-area-too-large`, and `file-unsafe-xml` (a DOCTYPE or ENTITY",
        "declaration, or a part not in UTF-8). `cell-text-too-long` is an error on the cell; the workbook is read.",
        "",
        "From Python the limits can be changed for one read:",
        "`itadocs.project.read_inputs(root, limits=Limits(max_rows=1000))`.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.write(limits_markdown())
