"""Where things live in a project folder and what every output file is called.

A project is a folder with `inputs/` (the workbooks the divisions send back),
`output/` (everything itadocs writes; `output/builds/` keeps earlier builds by time) and,
once something had to be kept aside, `history/` (earlier versions of files itadocs
replaced on purpose, workbooks an upload replaced among them).  All file names are
made here, so the CLI, the batch, the web page and the tests agree on them, and every
name is one Windows, macOS and Linux all accept and that fits their length limits.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

INPUTS, OUTPUT, TEMPLATES, HISTORY = "inputs", "output", "templates", "history"
BUILDS = "builds"  # in output/: a copy of each kept build, one folder per build, named by its time
BUILD_RECORD = "build.json"  # in each kept build's folder: what was built, when
ANNOTATED_MARK = " (ตรวจสอบ)"  # added to the name of a workbook's annotated copy
DRAFT_MARK = " (ฉบับร่าง)"  # added to the name of a draft document
BESIDE_MARK = " (ฉบับใหม่{number})"  # a new file written beside one that must not be replaced
MANIFEST = ".itadocs-manifest.json"  # in output/: what itadocs wrote there, with each file's hash

# One file name: 255 bytes of UTF-8 on Linux and macOS (a Thai letter takes 3), 255 UTF-16
# units on Windows.  The stricter of both holds everywhere, so a project moves between them.
# A name itadocs makes is 8 shorter: a program that opens the file puts its lock file beside
# it, LibreOffice's '.~lock.<name>#' (8 more) and Word's '~$<name>' (2 more, less up to two
# letters it drops), and cannot open or save a file whose lock file's name is too long.
FILE_SYSTEM_LIMIT = 255
NAME_LIMIT = FILE_SYSTEM_LIMIT - len(".~lock.#")
# A whole path on Windows without long-path support; None elsewhere.
MAX_PATH: int | None = 259 if os.name == "nt" else None
_MIN_STEM = 16  # never shorten a name below this many characters to fit MAX_PATH
_ELLIPSIS = "…"
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def safe_file_name(text: str) -> str:
    """A name Windows, macOS and Linux all accept: no \\ / : * ? " < > | or control
    characters, no trailing dot or space, not a device name such as CON, within NAME_LIMIT."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', " ", text)
    name = " ".join(name.split()).strip(" .") or "_"
    stem, dot, suffix = name.rpartition(".")
    if not (dot and stem and len(suffix) <= 5 and " " not in suffix):
        stem, suffix = name, ""
    stem = stem.rstrip(" .") or "_"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    return fit_name(stem, "." + suffix if suffix else "")


def _fits(name: str, limit: int) -> bool:
    return len(name.encode("utf-8")) <= limit and len(name.encode("utf-16-le")) // 2 <= limit


def fit_name(stem: str, tail: str, limit: int = NAME_LIMIT) -> str:
    """stem + tail within `limit`: the stem is cut between two words (pythainlp's dictionary for
    Thai, spaces otherwise), or where no word boundary leaves enough of it, between two letters
    (never between a Thai letter and its vowel or tone mark); it ends with '…' to show it was
    cut.  The tail (marks, suffix) stays whole."""
    if _fits(stem + tail, limit):
        return stem + tail
    cut = len(stem)
    while cut > 0 and not _fits(stem[:cut].rstrip(" .") + _ELLIPSIS + tail, limit):
        cut -= 1
    while 0 < cut < len(stem) and unicodedata.category(stem[cut]) == "Mn":
        cut -= 1  # a mark belongs to the letter before it: cut before both
    words = _word_starts(stem[: cut + 1])
    at_word = max((start for start in words if start <= cut), default=0)
    if at_word >= cut * 2 // 3:  # a word boundary that keeps most of what fits
        cut = at_word
    return stem[:cut].rstrip(" .") + _ELLIPSIS + tail


def _word_starts(text: str) -> set[int]:
    """Where each word of `text` starts (a space, or pythainlp's newmm between Thai words)."""
    starts, at = set(), 0
    if re.search("[\u0e00-\u0e7f]", text):
        from .thai import segment

        pieces = segment(text)
    else:
        pieces = re.split(r"(\s+)", text)
    for piece in pieces:
        starts.add(at)
        at += len(piece)
    return starts


def fit_path(folder: Path, stem: str, tail: str) -> Path:
    """folder/<stem><tail> with the name fitted to NAME_LIMIT and, on Windows, the whole
    path to MAX_PATH while the stem keeps at least a few characters."""
    name = fit_name(stem, tail)
    if MAX_PATH is not None:
        room = MAX_PATH - len(str(folder.absolute())) - 1
        if len(name) > room:
            name = fit_name(stem, tail, max(room, min(len(name), _MIN_STEM + len(tail))))
    return folder / name


def named_file(folder: Path, text: str, tail: str) -> Path:
    """A safe, fitted name made of free text (an agency or division name) and a fixed tail."""
    return fit_path(folder, safe_file_name(text), tail)


def inputs_dir(root: Path) -> Path:
    return root / INPUTS


def output_dir(root: Path) -> Path:
    return root / OUTPUT


def history_dir(root: Path) -> Path:
    """Where files replaced on purpose are kept: history/<date-time>/<name>."""
    return root / HISTORY


def builds_dir(root: Path) -> Path:
    """Where kept builds go: output/builds/<date-time>/ holds the documents of one build."""
    return output_dir(root) / BUILDS


def manifest_path(root: Path) -> Path:
    return output_dir(root) / MANIFEST


# The short forms every local administration uses for its kind ("อบต.ช้างให้ตก"): a long name
# keeps its own part whole when its kind is shortened, rather than losing its end.
AGENCY_KINDS = (
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("องค์การบริหารส่วนจังหวัด", "อบจ."),
    ("เทศบาลตำบล", "ทต."),
    ("เทศบาลเมือง", "ทม."),
    ("เทศบาลนคร", "ทน."),
)


def short_agency_name(name: str) -> str:
    """'องค์การบริหารส่วนตำบลช้างให้ตก' -> 'อบต.ช้างให้ตก'; other names as they are."""
    stripped = name.strip()
    for kind, short in AGENCY_KINDS:
        if stripped.startswith(kind) and stripped[len(kind) :].strip():
            return short + stripped[len(kind) :].strip()
    return stripped


def document_path(root: Path, title: str, agency_name: str, suffix: str = ".docx", draft: bool = False) -> Path:
    """output/<title> - <agency>.docx, e.g. 'รายงานการดำเนินการตามมาตรการ ITA ปี 2568 รอบ 6 เดือน - ...';
    a draft ends with ' (ฉบับร่าง)'.  A name too long for the file system names the agency by
    its short form (อบต., ทต. ...) before anything is cut."""
    tail = (DRAFT_MARK if draft else "") + suffix
    full = named_file(output_dir(root), f"{title} - {agency_name}", tail)
    if _ELLIPSIS not in full.name or short_agency_name(agency_name) == agency_name.strip():
        return full
    return named_file(output_dir(root), f"{title} - {short_agency_name(agency_name)}", tail)


def merged_workbook_path(root: Path, fiscal_year: int, agency_name: str) -> Path:
    return named_file(output_dir(root), f"มาตรการรวม ITA ปี {fiscal_year} - {agency_name}", ".xlsx")


def original_stem(stem: str) -> str:
    """A workbook's name without the annotated-copy marks: a division that sends its
    '(ตรวจสอบ)' copy back gets its next copy under the original name, never a stacked one."""
    plain = stem.replace(ANNOTATED_MARK.strip(), " ")
    plain = re.sub(r"\(ฉบับใหม่(?: \d+)?\)", " ", plain)  # a copy written beside a file that was open
    plain = re.sub(r"\(\s*\)", " ", plain)  # an emptied '( )' left by an e-mail program's renaming
    return " ".join(plain.split()).strip(" .") or stem


def annotated_copy_path(root: Path, source: Path) -> Path:
    """output/<name> (ตรวจสอบ).xlsx for inputs/<name>.xlsx, also when <name> already has the mark."""
    return named_file(output_dir(root), original_stem(source.stem), f"{ANNOTATED_MARK}.xlsx")


def beside_path(target: Path, number: int) -> Path:
    """The name of a new file written beside `target` when `target` must not be replaced:
    '<name> (ฉบับใหม่).docx', then '<name> (ฉบับใหม่ 2).docx' ..."""
    mark = BESIDE_MARK.format(number="" if number == 1 else f" {number}")
    return fit_path(target.parent, target.stem, mark + target.suffix)


def division_workbook_path(root: Path, division: str) -> Path:
    return named_file(inputs_dir(root), division, ".xlsx")


def agency_workbook_path(root: Path) -> Path:
    from .schema import AGENCY_SHEET

    return named_file(inputs_dir(root), AGENCY_SHEET, ".xlsx")


def division_from_file_name(file: str) -> str:
    """'กองคลัง (แก้ไข) (1).xlsx' -> 'กองคลัง': the name without copy and edit marks."""
    stem = Path(file).stem
    stem = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]", "", stem)
    stem = re.sub(r"[\s_-]*(copy|สำเนา|final|แก้ไข|v\d+)\s*$", "", stem, flags=re.IGNORECASE)
    return stem.strip(" _-") or Path(file).stem
