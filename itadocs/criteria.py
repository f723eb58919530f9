"""ITA criteria as data: tools, indicators and question codes of one criteria year.

The lists change between criteria years, so they live in JSON files
(`itadocs/data/criteria-<year>.json`), never in logic.  The parse functions
accept what people type ("eit", "๗", "ตัวชี้วัดที่ 7", "E๑๑, e12").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .thai import normalize_text, to_arabic_digits

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Tool:
    code: str  # "IIT", "EIT", "OIT"
    name: str
    question_prefix: str  # "i", "e", "o"


@dataclass(frozen=True)
class Indicator:
    number: int
    tool: str
    name: str

    @property
    def label(self) -> str:
        """'7 ประสิทธิภาพการสื่อสาร', as offered in the workbook dropdown."""
        return f"{self.number} {self.name}"


@dataclass(frozen=True)
class Level:
    level: str  # "AA", "A", "B" ...
    minimum: float  # the lowest score of the level
    result: str  # "ผ่าน" / "ไม่ผ่าน"


@dataclass(frozen=True)
class Criteria:
    name: str
    pass_mark: float
    keep_level_score: float
    tools: tuple[Tool, ...]
    indicators: tuple[Indicator, ...]
    levels: tuple[Level, ...] = ()

    def level_of(self, score: float) -> Level | None:
        """The level a score falls in: the highest whose minimum it reaches."""
        reached = [lv for lv in self.levels if score >= lv.minimum]
        return max(reached, key=lambda lv: lv.minimum) if reached else None

    @cached_property
    def _tools_by_code(self) -> dict[str, Tool]:
        return {tool.code: tool for tool in self.tools}

    def tool(self, code: str) -> Tool:
        return self._tools_by_code[code]

    def indicator(self, number: int) -> Indicator:
        return next(ind for ind in self.indicators if ind.number == number)

    def parse_tool(self, typed: object) -> Tool | None:
        """'EIT', 'eit', ' Eit ', 'เครื่องมือการประเมิน EIT' -> the EIT tool."""
        text = normalize_text(typed).upper()
        text = text.removeprefix("เครื่องมือการประเมิน").strip()
        return self._tools_by_code.get(text)

    def parse_indicator(self, typed: object) -> Indicator | None:
        """'7', '๗', 7.0, 'ตัวชี้วัดที่ 7', '7 ประสิทธิภาพการสื่อสาร' or the name alone."""
        if isinstance(typed, float) and typed.is_integer():
            typed = int(typed)
        text = to_arabic_digits(normalize_text(typed))
        text = re.sub(r"^ตัวชี้วัด(?:ที่)?\s*", "", text)
        match = re.match(r"^(\d{1,2})(?:\.0)?(?:\s+|\.|$)(.*)$", text)
        if match:
            number = int(match[1])
            found = [ind for ind in self.indicators if ind.number == number]
            if not found:
                return None
            # A name typed after the number must be that indicator's, not another's.
            rest = match[2].strip()
            if rest and _squash(rest) != _squash(found[0].name):
                return None
            return found[0]
        by_name = [ind for ind in self.indicators if _squash(ind.name) == _squash(text)]
        return by_name[0] if by_name else None

    def parse_questions(self, typed: object) -> tuple[list[str], list[str]]:
        """Question codes as canonical 'e11' strings, and the tokens that are not codes.

        Accepts 'E๑๑', 'e11', 'i2, i3', 'i2 และ i3', 'ข้อ o9'.
        """
        text = to_arabic_digits(normalize_text(typed))
        codes: list[str] = []
        bad: list[str] = []
        prefixes = "".join(tool.question_prefix for tool in self.tools)
        for typed_token in re.split(r"[,;/\s]+|และ", text):
            token = typed_token.strip().removeprefix("ข้อ").strip(" .")
            if not token:
                continue
            match = re.fullmatch(rf"([{prefixes}])\s*\.?\s*(\d{{1,3}})", token, re.IGNORECASE)
            if match:
                codes.append(f"{match[1].lower()}{int(match[2])}")
            else:
                bad.append(typed_token.strip())
        return codes, bad

    def tool_of_question(self, code: str) -> Tool:
        return next(tool for tool in self.tools if tool.question_prefix == code[0])


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


def available_years(data_dir: Path = DATA_DIR) -> list[int]:
    return sorted(int(p.stem.split("-")[1]) for p in data_dir.glob("criteria-*.json"))


def load_criteria(fiscal_year: int | None = None, path: Path | None = None, data_dir: Path = DATA_DIR) -> Criteria:
    """The criteria file for `fiscal_year` (the newest not after it), or the one at `path`."""
    if path is None:
        years = available_years(data_dir)
        usable = [y for y in years if fiscal_year is None or y <= fiscal_year]
        path = data_dir / f"criteria-{usable[-1] if usable else years[0]}.json"
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Criteria(
        name=data["name"],
        pass_mark=float(data["pass_mark"]),
        keep_level_score=float(data["keep_level_score"]),
        tools=tuple(Tool(**tool) for tool in data["tools"]),
        indicators=tuple(Indicator(**ind) for ind in data["indicators"]),
        levels=tuple(Level(lv["level"], float(lv["minimum"]), lv["result"]) for lv in data.get("levels", ())),
    )
