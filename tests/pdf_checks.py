"""Reading a produced PDF the way a reader sees it: its lines, where Thai lines end, its text.

Test and bench helpers (bench/line_breaks.py uses them).  poppler's `pdftotext -bbox` gives
each word's box; the lines of a page are rebuilt from them (words on one baseline, split where
the gap is wider than a space: the gap between two table cells).  The PDF alone cannot say
which lines belong to one paragraph, so the source .docx does: two lines one above the other
whose texts follow each other inside one of its paragraphs are a line end in that paragraph,
at a known place in the text as typed.  Each such place is judged with pythainlp: a line end
inside a word of newmm's dictionary (with the agency's and divisions' own names
added: word.breaks.names_as_words) is
"inside a word"; one that is not even a syllable boundary is "inside a syllable".

Thai marks (vowels above and below, tone marks) are compared out: poppler sometimes gives a
mark as a word of its own, out of order; the text is matched on its other characters.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from html import unescape
from pathlib import Path

from lxml import etree

from itadocs.word.breaks import names_as_words

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THAI_CHAR = re.compile(r"[\u0e01-\u0e4e]")  # letters, vowels, marks (not the digits)
MARKS = frozenset("\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F))))
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_SKIP = MARKS | INVISIBLE | {" ", "\u00a0", "\t", "\n"}
CELL_GAP_PT = 7.0  # wider than a space at 16 pt (5.4 pt), narrower than the padding between two cells (8 pt)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_tools() -> bool:
    return shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None


# --- the PDF -----------------------------------------------------------------------


@dataclass
class Line:
    """Words of one page on one baseline, side by side (one line of one cell, or of the body)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    words: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def page_lines(pdf: Path) -> list[list[Line]]:
    """Each page's lines, top to bottom, left to right."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        words = [(float(a), float(b), float(c), float(d), unescape(t)) for a, b, c, d, t in _WORD.findall(page)]
        rows: dict[float, list] = {}
        for word in words:
            key = next((y for y in rows if abs(y - word[1]) < 1.0), word[1])
            rows.setdefault(key, []).append(word)
        lines = []
        for y in sorted(rows):
            current: Line | None = None
            for x0, y0, x1, y1, text in sorted(rows[y]):
                bare = not any(ch not in MARKS for ch in text)
                if current is not None and (bare or x0 - current.x1 <= CELL_GAP_PT):
                    if bare or x0 - current.x1 < 0.5:  # a mark alone, or a word cut at a mark: no space
                        current.words[-1] += text
                    else:
                        current.words.append(text)
                    current.x1 = max(current.x1, x1)
                    continue
                current = Line(number, x0, y0, x1, y1, [text])
                lines.append(current)
        pages.append(lines)
    return pages


def info(pdf: Path) -> dict[str, str]:
    """pdfinfo's fields (Title, Author, Pages ...), as text."""
    out = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()) if v}


def page_count(pdf: Path) -> int:
    return int(info(pdf)["Pages"])


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


# --- the source ----------------------------------------------------------------------


def docx_paragraphs(docx: Path) -> list[str]:
    """The text of every paragraph of the document's body, headers and footers, as typed."""
    texts = []
    with zipfile.ZipFile(docx) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        for name in parts:
            root = etree.fromstring(z.read(name))
            for p in root.iter(W + "p"):
                if p.find(".//" + W + "p") is not None:
                    continue
                pieces = []
                for node in p.iter(W + "t", W + "tab", W + "br"):
                    pieces.append(node.text or "" if node.tag == W + "t" else " ")
                text = "".join(pieces)
                if text.strip():
                    texts.append(text)
    return texts


class Source:
    """The paragraphs of a document joined by newlines, with their skeleton (no marks, no spaces)
    and where each skeleton character stands in the text."""

    def __init__(self, paragraphs: Sequence[str]):
        self.text = "\n".join(paragraphs) + "\n"
        self.skeleton_chars, self.index = [], []
        for i, ch in enumerate(self.text):
            if ch == "\n":
                self.skeleton_chars.append("\n")
                self.index.append(i)
            elif ch not in _SKIP:
                self.skeleton_chars.append(ch)
                self.index.append(i)
        self.skeleton = "".join(self.skeleton_chars)

    def find_break(self, left: str, right: str) -> int | None:
        """Where in the text a line ending with `left` goes on with `right` in the same
        paragraph: the index of the first character of the next line; None when not found."""
        a, b = skeleton(left), skeleton(right)
        if not a or not b:
            return None
        at = self.skeleton.find(a + b)
        if at < 0:
            return None
        return self.index[at + len(a)]


def skeleton(text: str) -> str:
    return "".join(ch for ch in text if ch not in _SKIP)


# --- judging a line end -------------------------------------------------------------------


@dataclass(frozen=True)
class LineEnd:
    before: str  # the end of the line
    after: str  # the start of the next
    inside_word: bool
    inside_syllable: bool


@dataclass
class Breaks:
    """The Thai line ends of some PDFs, judged."""

    ends: list[LineEnd] = field(default_factory=list)
    unmatched: int = 0  # consecutive lines the source could not place (chart labels, page numbers)

    @property
    def thai(self) -> int:
        return len(self.ends)

    @property
    def inside_word(self) -> list[LineEnd]:
        return [e for e in self.ends if e.inside_word]

    @property
    def inside_syllable(self) -> list[LineEnd]:
        return [e for e in self.ends if e.inside_syllable]

    @property
    def share(self) -> float:
        return len(self.inside_word) / self.thai if self.thai else 0.0

    def add(self, other: Breaks) -> None:
        self.ends += other.ends
        self.unmatched += other.unmatched


@cache
def _trie(names: tuple[str, ...]):
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(set(thai_words()) | set(names))


@cache
def _boundaries(paragraph: str, names: tuple[str, ...]) -> tuple[frozenset[int], tuple[tuple[int, int], ...]]:
    """newmm's word boundaries in a paragraph, and its words' (start, end)."""
    from pythainlp.tokenize import word_tokenize

    spans, at = [], 0
    for token in word_tokenize(paragraph, custom_dict=_trie(names), engine="newmm", keep_whitespace=True):
        spans.append((at, at + len(token)))
        at += len(token)
    return frozenset(s for s, _ in spans) | {at}, tuple(spans)


@cache
def _syllable_starts(word: str) -> frozenset[int]:
    from pythainlp.tokenize import syllable_tokenize

    starts, at = {0, len(word)}, 0
    for syllable in syllable_tokenize(word, engine="dict"):
        at += len(syllable)
        starts.add(at)
    return frozenset(starts)


def judge(text: str, at: int, names: tuple[str, ...]) -> LineEnd | None:
    """The line end before text[at], when Thai letters stand on both sides of it."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    paragraph = text[start:end]
    where = at - start
    left = paragraph[:where].rstrip(" \u00a0")
    right = paragraph[where:].lstrip(" \u00a0")
    if not left or not right or not THAI_CHAR.match(left[-1]) or not THAI_CHAR.match(right[0]):
        return None
    before, after = left[-12:], right[:12]
    if len(left) != where:  # a space at the line end: between words
        return LineEnd(before, after, False, False)
    boundaries, spans = _boundaries(paragraph, names)
    if where in boundaries:
        return LineEnd(before, after, False, False)
    word_start, word_end = next((s, e) for s, e in spans if s < where < e)
    word = paragraph[word_start:word_end]
    return LineEnd(before, after, True, where - word_start not in _syllable_starts(word))


def thai_line_ends(pdf: Path, docx: Path, names: Iterable[str] = ()) -> Breaks:
    """Every line end of the PDF that falls between two Thai letters of one paragraph, judged."""
    source = Source(docx_paragraphs(docx))
    words = tuple(sorted(names_as_words(names)))
    found = Breaks()
    for lines in page_lines(pdf):
        for number, line in enumerate(lines):
            below = _next_line(lines, number)
            if below is None:
                continue
            at = source.find_break(line.text, below.text)
            if at is None:
                if THAI_CHAR.search(line.text[-1:]) and THAI_CHAR.search(below.text[:1]):
                    found.unmatched += 1
                continue
            end = judge(source.text, at, words)
            if end is not None:
                found.ends.append(end)
    return found


def _next_line(lines: list[Line], number: int) -> Line | None:
    """The line just below `lines[number]` in the same column: the nearest one further down
    whose left edge is within the line's width (a cell's next line, left-aligned or centred)."""
    line = lines[number]
    height = line.y1 - line.y0
    for other in lines[number + 1 :]:
        if other.y0 <= line.y0 + 1:
            continue
        if other.y0 > line.y0 + 1.6 * height:
            break
        if other.x0 < line.x1 and other.x1 > line.x0:
            return other
    return None
