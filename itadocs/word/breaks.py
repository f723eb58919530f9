"""Thai line breaks for the PDF: where LibreOffice may end a line, and where it may not.

LibreOffice breaks Thai lines with its own dictionary, and in our documents a fifth of its
line ends fell inside a word ("ระยะ|เวลา", "ตัวชี้|วัด"), some inside a syllable ("กองค|ลัง").
Offering it more places to break changes little; forbidding the wrong ones does.  So the
working copy LibreOffice turns into the PDF gets, between two Thai letters:

- a zero-width space (U+200B) between two words of pythainlp's dictionary (newmm, with the
  agency's and divisions' own names added), where a line may end;
- a word joiner (U+2060) between the character clusters inside a word, where it may not.

A word wider than its line (a long word in a narrow table cell) would then be broken by
LibreOffice wherever it can, inside a syllable; such a word may break between its parts in
pythainlp's own dictionary, and a part still too wide between its syllables.

LibreOffice keeps neither character in the PDF's text: copying, searching and pdftotext see
the text as typed.  The .docx staff edit never gets them: Word breaks Thai with its own
dictionary, and an invisible character there would travel into every copy and paste.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from ..thai import segment
from . import metrics, oxml
from .layout import W_P, W_T, LineWidths, Styles

ZERO_WIDTH_SPACE = "\u200b"
WORD_JOINER = "\u2060"
_FIRST_THAI, _LAST_THAI = "\u0e01", "\u0e4e"  # letters, vowels and marks; not the digits
_MARKS = frozenset("\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F))))
_OPENING = frozenset("([{\"'\u201c\u2018")
# Words of the documents' own vocabulary that pythainlp's dictionary splits: "ตัวชี้|วัด" reads badly.
VOCABULARY = frozenset({"ตัวชี้วัด"})
_FILL = 0.92  # a word may take this much of its line; past it, it may break between its parts


def _thai(ch: str) -> bool:
    return _FIRST_THAI <= ch <= _LAST_THAI


def has_thai(text: str) -> bool:
    return any(_FIRST_THAI <= ch <= _LAST_THAI for ch in text)


# What a name begins with when it says what kind of body it names; the rest is its own name.
KINDS = (
    "องค์การบริหารส่วนตำบล",
    "องค์การบริหารส่วนจังหวัด",
    "เทศบาลตำบล",
    "เทศบาลเมือง",
    "เทศบาลนคร",
    "สำนักงาน",
    "สำนัก",
    "กอง",
    "ฝ่าย",
    "งาน",
    "ศูนย์",
    "อำเภอ",
    "จังหวัด",
)
PROPER_NAME_LENGTH = 16  # longer, the rest of a name is a description made of words ("สาธารณสุขและสิ่งแวดล้อม")


def names_as_words(names: Iterable[str]) -> frozenset[str]:
    """The own names among the agency's and divisions' names, as words of the dictionary: what
    follows the kind of body ("สวนหอมพัฒนา" in "เทศบาลตำบลสวนหอมพัฒนา", "ปลัดเทศบาล" in
    "สำนักปลัดเทศบาล"), when it is short enough to be a name rather than a description."""
    found = set()
    for name in names:
        for part in name.split():
            kind = next((k for k in KINDS if part.startswith(k) and len(part) > len(k)), "")
            own = part[len(kind) :]
            if has_thai(own) and len(own) <= PROPER_NAME_LENGTH:
                found.add(own)
    return frozenset(found)


class ThaiBreaks:
    """Marks where a Thai line may and may not end, for one document's names."""

    def __init__(self, names: Iterable[str] = ()):
        self.names = names_as_words(names)
        self._own = VOCABULARY | self.names

    def words(self, text: str, names: bool = True) -> list[str]:
        """newmm's words of pythainlp's dictionary, with VOCABULARY and (`names`) the own names."""
        return segment(text, self._own if names else VOCABULARY)

    def marks(self, text: str, room_em: float = float("inf"), bold: bool = False) -> dict[int, str]:
        """The characters to put before text[i], by i: a zero-width space where a line may end
        between two Thai letters, a word joiner where it may not.  `room_em` is the width of the
        line in em of the font: a word wider than that may break between its parts."""
        if not any(map(_thai, text)):
            return {}
        found: dict[int, str] = {}
        at = 0
        for word in self.words(text):
            if at and _thai(word[0]) and (_thai(text[at - 1]) or text[at - 1] == "/"):
                found[at] = ZERO_WIDTH_SPACE  # a slash between two words is a place to break too
            elif at and _thai(word[0]) and text[at - 1] in _OPENING:
                found[at] = WORD_JOINER  # LibreOffice breaks a word after an opening bracket otherwise ("(น|ม)")
            self._inside(word, at, room_em, bold, found, names=True)
            at += len(word)
        for opening in (i for i, ch in enumerate(text) if ch in _OPENING):
            if 0 < opening < len(text) - 1 and text[opening - 1] == " " and _thai(text[opening + 1]):
                # Before "(" after a space LibreOffice does not end a line, and when the bracket's
                # text overflows it cuts that text anywhere ("(น|ม)"); a joiner there mends it.
                found[opening] = WORD_JOINER
        return found

    def _inside(self, word: str, at: int, room_em: float, bold: bool, found: dict[int, str], names: bool) -> None:
        """Marks inside one word starting at text[at]."""
        if len(word) < 2 or not any(map(_thai, word)):
            return
        if metrics.text_em(word, bold) <= room_em * _FILL:
            _join(word, at, found)
            return
        parts = self.words(word, names=False) if names else _syllables(word)
        if len(parts) < 2:
            if names:  # one word of the dictionary: its syllables
                self._inside(word, at, room_em, bold, found, names=False)
            else:
                _join(word, at, found)  # one syllable: nowhere to break it
            return
        offset = at
        for part in parts:
            if offset > at and _thai(word[offset - at - 1]) and _thai(part[0]):
                found[offset] = ZERO_WIDTH_SPACE
            self._inside(part, offset, room_em, bold, found, names=False)
            offset += len(part)

    def mark(self, text: str, room_em: float = float("inf"), bold: bool = False) -> str:
        """`text` with its marks put in (for a single text node)."""
        return insert(text, self.marks(text, room_em, bold))


def _join(word: str, at: int, found: dict[int, str]) -> None:
    """A word joiner before each character cluster of the word but the first."""
    from pythainlp.tokenize.tcc import tcc_pos

    for position in tcc_pos(word):
        if (
            0 < position < len(word)
            and _thai(word[position - 1])
            and _thai(word[position])
            and word[position] not in _MARKS
        ):
            found[at + position] = WORD_JOINER


@cache
def _syllables(word: str) -> tuple[str, ...]:
    from pythainlp.tokenize import syllable_tokenize

    return tuple(syllable_tokenize(word, engine="dict")) or (word,)


def insert(text: str, marks: dict[int, str]) -> str:
    if not marks:
        return text
    pieces, last = [], 0
    for position in sorted(marks):
        pieces += [text[last:position], marks[position]]
        last = position
    pieces.append(text[last:])
    return "".join(pieces)


def mark_thai_breaks(document, breaks: ThaiBreaks) -> None:
    """Where a Thai line may end and where not, marked in every paragraph of a python-docx
    document, by the width of the paragraph's line and its style's font."""
    styles, widths = Styles(document), LineWidths(document)
    for root in oxml.story_roots(document):
        for paragraph in root.iter(W_P):
            nodes = [t for t in paragraph.iter(W_T) if t.text]
            text = "".join(t.text for t in nodes)
            if not has_thai(text):
                continue
            size, bold = styles.font(oxml.paragraph_style_id(paragraph))
            marks = breaks.marks(text, widths(paragraph) / (size * metrics.CM_PER_PT), bold)
            start = 0
            for t in nodes:  # each mark into the text node it falls in (at a node's start: that node)
                value = t.text
                end = start + len(value)
                here = {at - start: mark for at, mark in marks.items() if start < at < end or (at == start > 0)}
                if here:
                    t.text = insert(value, here)
                start = end


def strip(text: str) -> str:
    """`text` without the marks (what the PDF's text layer shows)."""
    return text.replace(ZERO_WIDTH_SPACE, "").replace(WORD_JOINER, "")
