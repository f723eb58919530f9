"""How wide text is in TH SarabunPSK and how many lines it takes: the measure behind `layout`.

Neither Word nor LibreOffice can be asked how tall a table row will be, yet the
renderer must decide which rows may split across pages and whether a date fits on
one line of a narrow column.  These estimates use the advance widths of TH SarabunPSK
(Laksaman, its metric twin, measured: Thai letters about 0.55 em, Thai digits 0.68 em,
marks above and below 0) rounded up, so they err towards "wider" and "taller":
a row estimated to fit on a page does, and a row that might not is allowed to split.
"""

from __future__ import annotations

import math
import re

CM_PER_PT = 2.54 / 72
LINE_EM = 1.75  # line height of TH SarabunPSK at single spacing, in em (measured 1.7 in LibreOffice)
_SPACE_EM, _THAI_DIGIT_EM, _OTHER_EM = 0.34, 0.69, 0.58
# Thai vowels and tone marks above and below the letter, joiners: no width of their own.
_ZERO_WIDTH = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u200b-\u200d\u2060\ufeff]")
_THAI_DIGIT = re.compile("[๐-๙]")
_WRAP_EM = 1.5  # room lost at the end of a line that breaks between words, in em


def text_em(text: str, bold: bool = False) -> float:
    """The width of `text` on one line, in em of its font size (counted with str methods: the
    renderer asks this of every paragraph of long tables)."""
    spaces = text.count(" ") + text.count("\u00a0")
    digits = len(_THAI_DIGIT.findall(text)) if _THAI_DIGIT.search(text) else 0
    others = len(text) - len(_ZERO_WIDTH.findall(text)) - spaces - digits
    width = spaces * _SPACE_EM + digits * _THAI_DIGIT_EM + others * _OTHER_EM
    return width * (1.05 if bold else 1.0)


def text_cm(text: str, size_pt: float, bold: bool = False) -> float:
    return text_em(text, bold) * size_pt * CM_PER_PT


def lines(text: str, width_cm: float, size_pt: float, bold: bool = False) -> int:
    """How many lines a paragraph of `text` wraps to in a column `width_cm` wide (at least one)."""
    em_cm = size_pt * CM_PER_PT
    room = max(width_cm / em_cm - _WRAP_EM, width_cm / em_cm / 2)
    return max(1, math.ceil(text_em(text, bold) / room))


def line_cm(size_pt: float) -> float:
    return LINE_EM * size_pt * CM_PER_PT
