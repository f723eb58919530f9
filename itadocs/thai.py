"""Thai text helpers: digits, Buddhist-era dates, fiscal periods, text repair.

Pure functions only; the renderer registers them as template filters and the
reader uses them to clean what divisions type.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

BE_OFFSET = 543

_ARABIC = "0123456789"
_THAI = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans(_ARABIC, _THAI)
_TO_ARABIC = str.maketrans(_THAI, _ARABIC)

MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

# Web and e-mail addresses keep their digits: a Thai digit breaks a link.
_ADDRESS = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>\"'()]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)


_DIGIT_PAIRS = tuple(zip(_ARABIC, _THAI, strict=True))
_WWW = re.compile(r"www\.", re.IGNORECASE)


def to_thai_digits(text: str) -> str:
    """Every Arabic digit becomes a Thai digit (no exceptions).

    Ten str.replace calls rather than one str.translate: on a string holding Thai, translate
    looks every character up in the table, replace scans at memchr speed."""
    for arabic, thai_digit in _DIGIT_PAIRS:
        if arabic in text:
            text = text.replace(arabic, thai_digit)
    return text


def to_arabic_digits(text: str) -> str:
    """Every Thai digit becomes an Arabic digit."""
    return text.translate(_TO_ARABIC)


def thai_digits(value: object) -> str:
    """Text as a reader should see it: Thai digits, except inside web and e-mail addresses."""
    text = "" if value is None else str(value)
    if "@" not in text and "://" not in text and _WWW.search(text) is None:
        return to_thai_digits(text)  # no address can be there: the common, fast case
    out, last = [], 0
    for match in _ADDRESS.finditer(text):
        out.append(to_thai_digits(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(to_thai_digits(text[last:]))
    return "".join(out)


def thai_number(value: float | int, decimals: int = 2) -> str:
    """A score such as 78.4 as '๗๘.๔๐'."""
    return to_thai_digits(f"{value:,.{decimals}f}")


# --- dates -----------------------------------------------------------------


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be_year_: int) -> int:
    return be_year_ - BE_OFFSET


def thai_date(day: date, long: bool = False) -> str:
    """'๒๒ มกราคม ๒๕๖๘', or with long=True 'วันที่ ๒๒ เดือนมกราคม พ.ศ. ๒๕๖๘'."""
    month = MONTHS[day.month - 1]
    year = be_year(day.year)
    if long:
        return to_thai_digits(f"วันที่ {day.day} เดือน{month} พ.ศ. {year}")
    return to_thai_digits(f"{day.day} {month} {year}")


def fiscal_year_start(fiscal_year: int) -> date:
    """First day of Thai fiscal year `fiscal_year` (BE): 1 October of the year before."""
    return date(ce_year(fiscal_year) - 1, 10, 1)


def round_period(fiscal_year: int, round_months: int) -> tuple[date, date]:
    """First and last day covered by the 6- or 12-month progress round."""
    if round_months not in (6, 12):
        raise ValueError(f"round must be 6 or 12, not {round_months}")
    start = fiscal_year_start(fiscal_year)
    end = date(ce_year(fiscal_year), 3, 31) if round_months == 6 else date(ce_year(fiscal_year), 9, 30)
    return start, end


def period_line(fiscal_year: int, round_months: int) -> str:
    """'(เดือนตุลาคม ๒๕๖๗ - มีนาคม ๒๕๖๘)' for fiscal year 2568, 6-month round."""
    start, end = round_period(fiscal_year, round_months)
    return to_thai_digits(
        f"(เดือน{MONTHS[start.month - 1]} {be_year(start.year)} - {MONTHS[end.month - 1]} {be_year(end.year)})"
    )


def repair_excel_date(value: datetime | date) -> date:
    """A date whose year Excel stored as BE (2568 AD) is moved back 543 years."""
    day = value.date() if isinstance(value, datetime) else value
    if day.year > 2400:
        day = day.replace(year=day.year - BE_OFFSET)
    return day


def _year_from_text(text: str) -> int:
    """A typed year (BE or CE, 2 or 4 digits) as a CE year."""
    year = int(text)
    if year < 100:  # "66" is how people abbreviate 2566
        year += 2500
    return ce_year(year) if year > 2400 else year


_MONTH_WORDS = {name: i + 1 for i, name in enumerate(MONTHS)}
_MONTH_WORDS.update({abbr: i + 1 for i, abbr in enumerate(MONTHS_ABBR)})
_MONTH_WORDS.update({abbr.replace(".", ""): i + 1 for i, abbr in enumerate(MONTHS_ABBR)})
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTH_WORDS), key=len, reverse=True))
_DATE_WORDS = re.compile(rf"^(?:วันที่\s*)?(\d{{1,2}})\s*(?:เดือน\s*)?({_MONTH_ALT})\s*(?:พ\.?\s*ศ\.?\s*)?(\d{{2,4}})$")
_DATE_SLASH = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})$")


def parse_thai_date(text: str) -> date | None:
    """A date typed as text in a common Thai form, or None when it is not one.

    Accepts '22 ม.ค. 66', '๒๒ มกราคม ๒๕๖๖', 'วันที่ 22 เดือนมกราคม พ.ศ. 2566',
    '22/01/2566', '22/1/66'.  Two-digit years are BE (66 = 2566).
    """
    cleaned = " ".join(to_arabic_digits(text).split())
    match = _DATE_WORDS.match(cleaned)
    if match:
        day, month, year = int(match[1]), _MONTH_WORDS[match[2]], _year_from_text(match[3])
    else:
        match = _DATE_SLASH.match(cleaned)
        if not match:
            return None
        day, month, year = int(match[1]), int(match[2]), _year_from_text(match[3])
    try:
        return date(year, month, day)
    except ValueError:
        return None


_DATE_IN_TEXT = re.compile(
    rf"\d{{1,2}}\s*(?:เดือน\s*)?(?:{_MONTH_ALT})\s*(?:พ\.?\s*ศ\.?\s*)?\d{{2,4}}(?!\d)"
    r"|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}(?!\d)"
)


def dates_in_text(text: str) -> list[tuple[str, date]]:
    """The dates a text mentions in the common Thai forms, each with the words that gave it."""
    found = []
    for match in _DATE_IN_TEXT.finditer(to_arabic_digits(text or "")):
        day = parse_thai_date(match.group(0))
        if day:
            found.append((match.group(0), day))
    return found


# --- text repair -----------------------------------------------------------

# Vowels and tone marks typed or pasted out of order: pythainlp.util.reorder_vowels's five
# substitutions (pythainlp 5.4), in its order.  Written out here because importing that one
# function runs all of pythainlp's __init__ on every command, and run only when
# one of them can match; tests/test_thai.py checks them against pythainlp on random text.
_TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # mai ek, tho, tri, chattawa
_ABOVE = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e4d\u0e47"  # vowels above the letter, nikhahit, maitaikhu
_BELOW = "\u0e38\u0e39"  # sara u, uu
_FOLLOW = "\u0e30\u0e32\u0e33\u0e45"  # sara a, aa, am, lakkhangyao
_REORDER = (
    (re.compile("\u0e40\u0e40"), "\u0e41"),  # sara e twice: sara ae
    (re.compile(f"([{_TONES}\u0e4c]+)([{_ABOVE}{_BELOW}]+)"), r"\2\1"),  # vowel before tone mark
    (re.compile(f"\u0e4d([{_TONES}]*)\u0e32"), "\\1\u0e33"),  # nikhahit + sara aa: sara am
    (re.compile(f"([{_FOLLOW}]+)([{_TONES}]+)"), r"\2\1"),  # tone mark before a following vowel
    (re.compile("([^\u0e24\u0e26])\u0e45"), "\\1\u0e32"),  # lakkhangyao but after ru, lu: sara aa
)
_TONE_THEN_VOWEL = re.compile(f"[{_TONES}\u0e4c][{_ABOVE}{_BELOW}]")
_FOLLOW_THEN_TONE = re.compile(f"[{_FOLLOW}][{_TONES}]")


def reorder_vowels(text: str) -> str:
    """Thai vowels and tone marks in their standard order, as pythainlp.util.reorder_vowels."""
    if not (
        "\u0e40\u0e40" in text
        or "\u0e45" in text
        or ("\u0e4d" in text and "\u0e32" in text)
        or _TONE_THEN_VOWEL.search(text)
        or _FOLLOW_THEN_TONE.search(text)
    ):
        return text  # no rule can match: most text
    for pattern, replacement in _REORDER:
        text = pattern.sub(replacement, text)
    return text


# Characters that are invisible or illegal in XML; a raw one corrupts a .docx.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000\t"), " ")
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")


def _control_character(match: re.Match[str]) -> str:
    code = int(match[1], 16)
    return chr(code) if code < 0x20 else match[0]


# Control characters (Unicode category Cc) but the line break, lone surrogates, and the two
# non-characters XML forbids: a raw one corrupts a .docx.
_ILLEGAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Anything the repair loop below would change: an escape, an odd line break, an invisible or
# odd space, an illegal character.  Most text has none, and skips the loop's six passes.
_NEEDS_REPAIR = re.compile(
    "_x[0-9A-Fa-f]{4}_"
    "|[\x00-\x09\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u2007\u200b\u200c\u200d\u2028\u2029\u202f\u2060"
    "\u3000\ud800-\udfff\ufeff\ufffe\uffff]"
)


def normalize_text(value: object) -> str:
    """Text as typed, repaired: pasted-PDF damage fixed, invisible and illegal characters gone,
    spaces collapsed, one line per paragraph (blank lines dropped)."""
    if value is None:
        return ""
    text = str(value)
    # Excel writes control characters as _xHHHH_, and openpyxl may hand them over so; removing
    # one can join the text around it into another, hence the loop.
    while _NEEDS_REPAIR.search(text):
        decoded = _EXCEL_ESCAPE.sub(_control_character, text)
        decoded = _LINE_BREAKS.sub("\n", decoded).translate(_INVISIBLE).translate(_SPACES)
        decoded = _ILLEGAL.sub("", decoded)
        if decoded == text:
            break
        text = decoded
    # "เเ" (two sara e) and a split sara am ("ํา") come from text copied out of PDFs.
    text = reorder_vowels(text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def paragraphs(value: object) -> list[str]:
    """The lines of a cell, one per Word paragraph; never empty (a Word cell needs one)."""
    return normalize_text(value).split("\n")


# --- line breaks ----------------------------------------------------------------

NBSP = "\u00a0"  # a space no line breaks at: Word and LibreOffice both honour it, even in Thai text
_D = "[0-9๐-๙]"
_MONTH_NAME = "|".join(sorted((re.escape(m) for m in (*MONTHS, *MONTHS_ABBR)), key=len, reverse=True))
_ERA = r"(?:พ\.\s?ศ\.|ค\.\s?ศ\.)"
# "๒๒ มกราคม ๒๕๖๘", "มีนาคม ๒๕๖๘", "๒๒ เดือนมกราคม พ.ศ. ๒๕๖๘", "๑ ธ.ค. ๖๗": day, month, era, year.
_GAP = "[ \u00a0]+"  # no-break spaces too, so a second pass finds what the first one glued
_DATE_PARTS = re.compile(
    rf"(?<!{_D})(?:(?P<day>{_D}{{1,2}})(?P<s1>{_GAP}))?(?P<month>(?:เดือน)?(?:{_MONTH_NAME}))(?P<s2>{_GAP})"
    rf"(?:(?P<era>{_ERA})(?P<s3>{_GAP}))?(?P<year>{_D}{{2,4}})(?!{_D})"
)
_MONTH_OR_ERA = re.compile(rf"{_MONTH_NAME}|{_ERA}")
_ERA_YEAR = re.compile(rf"{_ERA}(?P<s>{_GAP})(?={_D})")
_DAY_MONTH = re.compile(rf"(?<!{_D}){_D}{{1,2}}(?P<s>{_GAP})(?:เดือน)?(?:{_MONTH_NAME})")


# Every full month name ends in คม, ยน or พันธ์, and every abbreviation and era has a letter between
# two dots ("ม.ค.", "พ. ศ."): looked for first, before the long alternation of month names (the
# renderer asks this of every text with a digit, 176,000 at 10,000 measures; few hold a date, and
# many have a dot, as in "1. ...").
DATE_MARK = re.compile(r"คม|ยน|พันธ์|\.\s?[ก-ฮ]\.")
_DIGIT = re.compile(_D)


def may_hold_date(text: str) -> bool:
    """Whether `text` may hold a date keep_together would change (False: it returns `text`)."""
    return (
        DATE_MARK.search(text) is not None
        and _DIGIT.search(text) is not None
        and _MONTH_OR_ERA.search(text) is not None
    )


def keep_together(text: str, fits: Callable[[str], bool] = lambda _: True) -> str:
    """The spaces inside dates and after "พ.ศ." made no-break spaces, so a line never ends
    between "พ.ศ." and its year or inside "๒๒ มกราคม ๒๕๖๘".

    `fits(words)` says whether words kept together still fit on one line of the column: a
    date too long for it is only kept together by parts (day with month, era with year),
    since a unit wider than its column would be broken inside a word instead.
    """
    if not may_hold_date(text):
        return text
    gaps: list[tuple[int, int]] = []
    for match in _DATE_PARTS.finditer(text):
        if fits(match.group(0)):
            gaps += [match.span(gap) for gap in ("s1", "s2", "s3") if match.group(gap)]
            continue
        if match.group("day") and fits(text[match.start("day") : match.end("month")]):
            gaps.append(match.span("s1"))
        if match.group("era") and fits(text[match.start("era") : match.end("year")]):
            gaps.append(match.span("s3"))
    joined = _no_break(text, gaps)
    for rule in (_ERA_YEAR, _DAY_MONTH):
        # A gap the dates above made no-break already stays so, whatever `fits` says: not asked.
        joined = _no_break(
            joined,
            [
                match.span("s")
                for match in rule.finditer(joined)
                if match.group("s").strip(NBSP) and fits(match.group(0))
            ],
        )
    return joined


def _no_break(text: str, gaps: list[tuple[int, int]]) -> str:
    """`text` with the characters of each (start, end) gap, in order and apart, made no-break
    spaces: cut and joined (cheaper than a list of the text's characters)."""
    if not gaps:
        return text
    pieces: list[str] = []
    last = 0
    for start, end in gaps:
        pieces += (text[last:start], NBSP * (end - start))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def addresses(text: str) -> list[tuple[int, int, str]]:
    """(start, end, target) of each web or e-mail address in `text`, the ones whose digits stay
    Arabic: what a reader would click.  Punctuation closing a sentence and Thai letters typed
    straight after an address are not part of it."""
    found = []
    for match in _ADDRESS.finditer(text):
        typed = re.split(r"[\u0e00-\u0e7f]", match.group(0), maxsplit=1)[0].rstrip(".,;:!?")
        if not typed or typed.lower() in ("http://", "https://", "ftp://", "www."):
            continue
        if "@" in typed and "://" not in typed:
            target = f"mailto:{typed}"
        elif typed.lower().startswith("www."):
            target = f"http://{typed}"
        else:
            target = typed
        found.append((match.start(), match.start() + len(typed), target))
    return found


# The bundled criteria's indicator names, split into words once (scripts/make_words.py): a chart
# of the bundled names then needs no pythainlp, whose import is a noticeable part of a build.
WORDS_FILE = Path(__file__).resolve().parent / "data" / "indicator-words.json"


def words(text: str) -> list[str]:
    """The words of a Thai text and the spaces between them, by pythainlp's dictionary (newmm):
    where a line may break when the text is laid out by us rather than by Word.  A bundled
    indicator name is looked up in WORDS_FILE, made by the same segmentation."""
    known = _known_words().get(text)
    return list(known) if known is not None else segment(text)


@cache
def _known_words() -> dict[str, list[str]]:
    try:
        words: dict[str, list[str]] = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
        return words
    except (OSError, ValueError):  # missing or damaged: segmented as any other text
        return {}


def segment(text: str, own: frozenset[str] = frozenset()) -> list[str]:
    """`words` by pythainlp itself, with the `own` words (an agency's names) added to its dictionary.

    The segmentation is the full dictionary's, but only its words found in `text` go into the
    trie: building the trie of all 62,000 words took most of a build of the example, and kept
    for each project's names it would hold memory for as long as a web worker lives.  They are
    found as the text's substrings that are words (a few hundred set look-ups for a chart label),
    not by asking each of the 62,000 words whether it is in the text.  The last SEGMENTS_KEPT
    texts' words are kept: a rebuild, or the PDF of a document just built, finds most of them."""
    return list(_segment(text, own))


SEGMENTS_KEPT = 4096  # texts: the paragraphs and cells of a few projects (their memory: bench/README)


@lru_cache(maxsize=SEGMENTS_KEPT)
def _segment(text: str, own: frozenset[str]) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import Trie

    dictionary, longest = _dictionary()
    size = len(text)
    found = {text[i:j] for i in range(size) for j in range(i + 1, min(size, i + longest) + 1)} & dictionary
    found |= {word for word in own if word in text}
    return tuple(word_tokenize(text, custom_dict=Trie(found), engine="newmm", keep_whitespace=True))


@cache
def _dictionary() -> tuple[frozenset[str], int]:
    """pythainlp's Thai words, and the length of the longest."""
    from pythainlp.corpus import thai_words

    found = thai_words()
    return found, max(map(len, found), default=0)
