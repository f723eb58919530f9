"""ITA criteria as data: what the documents of one fiscal year analyse.

`itadocs/data/criteria-<N>.json` describes the documents of fiscal year N, which analyse
the ITA results of assessment year N-1 (a fiscal-2566 report analyses ITA 2565; the
fiscal-2569 measures analyse ITA 2568).  Each file holds the tools and weights,
indicators and sub-indicators, the question codes that exist, the result scale, the pass
mark, the titles of the documents and the OIT items under which they are published, and,
for every group of facts, how certain it is and where it came from.  Another agency
type's list of the same year goes in `criteria-<N>-<set>.json`.  No code names a year;
a coordinator brings a year's facts without a release (`criteria_files`).

The parse functions accept what people type ("eit", "๗", "9.2", "E๑๑, e12", "ข้อ ๐๒๗",
"e11-e13").
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .thai import normalize_text, to_arabic_digits

DATA_DIR = Path(__file__).parent / "data"
FILE_NAME = re.compile(r"^criteria-(\d{4})(?:-([a-z0-9]+))?\.json$")

# The words for the certainty a data file gives each group of facts.
CERTAINTY_TH = {"certain": "ยืนยันแล้ว", "likely": "น่าจะถูกต้อง", "uncertain": "ยังไม่ยืนยัน"}

LEVELS, RATING, PASS_FAIL = "levels", "rating", "pass-fail"


@dataclass(frozen=True)
class Question:
    """A question item of the assessed year (i1, e9, o27)."""

    code: str  # canonical: lower-case prefix and number, "o27"
    indicator: int
    sub_indicator: str = ""  # "9.2"; OIT only
    text: str = ""  # the wording, or "" when not verified; prefilled into the agency workbook
    topic: str = ""  # a paraphrase seen in a real document: shown to the coordinator, never printed


@dataclass(frozen=True)
class Tool:
    code: str  # "IIT", "EIT", "OIT"
    name: str
    question_prefix: str  # "i", "e", "o"
    weight: float = 0  # per cent of the total score
    questions: tuple[Question, ...] = ()  # empty: the year's list is not known

    @property
    def question_range(self) -> str:
        """'i1-i15': the year's codes of the tool, for messages."""
        if not self.questions:
            return ""
        return f"{self.questions[0].code}-{self.questions[-1].code}"


@dataclass(frozen=True)
class SubIndicator:
    number: str  # "9.2"
    name: str

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}".strip()


@dataclass(frozen=True)
class Indicator:
    number: int
    tool: str
    name: str
    aliases: tuple[str, ...] = ()  # other spellings met in documents ("การปรับปรุงระบบการทำงาน")
    sub_indicators: tuple[SubIndicator, ...] = ()

    @property
    def label(self) -> str:
        """'7 ประสิทธิภาพการสื่อสาร', as offered in the workbook dropdown."""
        return f"{self.number} {self.name}"

    def sub_indicator(self, number: str) -> SubIndicator | None:
        return next((s for s in self.sub_indicators if s.number == number), None)


@dataclass(frozen=True)
class IndicatorRef:
    """One indicator a measure cites, with the sub-indicator typed and whether its tool was named ('OIT 9')."""

    indicator: Indicator
    sub_indicator: SubIndicator | None = None
    tool_named: bool = False


@dataclass(frozen=True)
class Level:
    """A letter level of the AA-F scale (ITA 2565 and before)."""

    level: str  # "AA", "A", "B" ...
    minimum: float  # the lowest score of the level
    result: str  # "ผ่าน" / "ไม่ผ่าน"


@dataclass(frozen=True)
class Rating:
    """A rating above the pass mark (ITA 2566 and after): ผ่านดีเยี่ยม, ผ่านดี, ผ่าน."""

    label: str
    total_min: float
    each_tool_min: float | None = None  # every tool's score must reach it too


@dataclass(frozen=True)
class Result:
    """The overall result a document states: its level is typed or computed, never guessed."""

    score: float
    level: str  # "" when neither typed nor given by a certain rule
    typed: bool  # the level is the one typed from ITAS
    passed: bool
    kind: str  # the scale's kind, which decides the wording


@dataclass(frozen=True)
class ResultScale:
    """How the year's overall result reads.  `kind` is data, so a new year needs no code:

    - "levels": letter levels by score (AA-F); the level follows from the total.
    - "rating": pass or fail at the pass mark, with ratings on top that also depend on each
      tool's score; while the rule is not certain, a level is printed only when typed.
    - "pass-fail": pass or fail at the pass mark.
    """

    kind: str
    rule_certain: bool  # whether a level may be computed from the scores
    levels: tuple[Level, ...] = ()
    ratings: tuple[Rating, ...] = ()
    pass_label: str = "ผ่าน"
    fail_label: str = "ไม่ผ่าน"
    fail_labels_seen: tuple[str, ...] = ()  # other words for a fail met in ITAS or documents
    note: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        """Every level a coordinator may type for this year."""
        if self.kind == LEVELS:
            return tuple(lv.level for lv in self.levels)
        ratings = tuple(r.label for r in self.ratings) or (self.pass_label,)
        return (*ratings, self.fail_label, *self.fail_labels_seen)

    def canonical(self, typed: str) -> str | None:
        """A typed level as the scale spells it ('ระดับ ผ่านดี' -> 'ผ่านดี', 'aa' -> 'AA'), or None."""
        text = _squash(normalize_text(typed)).strip("\"'“”")
        text = re.sub(r"^(?:อยู่ใน)?ระดับ|^ผลการประเมิน", "", text)
        return next((label for label in self.labels if _squash(label) == text), None)

    def passes(self, level: str, score: float, pass_mark: float) -> bool:
        """Whether a level (as the scale spells it) is a pass; the score decides for an unknown one."""
        for lv in self.levels:
            if lv.level == level:
                return lv.result == self.pass_label
        if level in (self.fail_label, *self.fail_labels_seen):
            return False
        if level == self.pass_label or level in (r.label for r in self.ratings):
            return True
        return score >= pass_mark

    def rule(self, score: float, tool_scores: Mapping[str, float | None], pass_mark: float) -> str | None:
        """The level the scale's rule gives, certain or not; None when it needs tool scores that are missing."""
        if self.kind == LEVELS:
            reached = [lv for lv in self.levels if score >= lv.minimum]
            return max(reached, key=lambda lv: lv.minimum).level if reached else None
        if score < pass_mark:
            return self.fail_label
        for rating in self.ratings:
            if score < rating.total_min:
                continue
            if rating.each_tool_min is None:
                return rating.label
            scores = list(tool_scores.values())
            if not scores or any(s is None for s in scores):
                return None
            if all(s is not None and s >= rating.each_tool_min for s in scores):
                return rating.label
        return self.pass_label


@dataclass(frozen=True)
class Annotation:
    """How certain a group of facts in the file is, and where it came from."""

    field: str  # "tools.IIT.items", "result_scale" ...
    certainty: str  # "certain", "likely", "uncertain"
    sources: tuple[str, ...] = ()
    note: str = ""
    carried_from: int | None = None  # the ITA year whose facts stand in, while the year's own are unknown


@dataclass(frozen=True)
class PublishedAs:
    """The OIT item under which a document of the year is published, as far as it is known."""

    document: str  # "measures" / "progress"
    title: str
    oit_code: str = ""  # "" when not known
    in_assessment_year: int | None = None
    candidate_codes: tuple[str, ...] = ()
    rounds: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Criteria:
    name: str
    pass_mark: float
    keep_level_score: float
    tools: tuple[Tool, ...]
    indicators: tuple[Indicator, ...]
    scale: ResultScale = ResultScale(PASS_FAIL, rule_certain=True)
    fiscal_year: int = 0  # the fiscal year (BE) of the documents the file is for
    assessment_year: int = 0  # the ITA year whose results they analyse
    criteria_set: str = ""  # "" for the general list; another agency type's key otherwise
    file: str = ""  # the data file's name
    requested_year: int = 0  # the year asked for; differs from fiscal_year after a fallback
    requested_set: str = ""
    published: tuple[PublishedAs, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    titles: tuple[tuple[str, str], ...] = ()  # the documents' titles by kind ("progress-12": "รายงานผล...")
    origin: str = ""  # where a file not bundled with the program came from ("" for a bundled one)

    # --- lookups -------------------------------------------------------------

    @property
    def fallback(self) -> bool:
        """Whether this file stands in for a year (or set) that has none of its own."""
        return (self.requested_year, self.requested_set) != (self.fiscal_year, self.criteria_set)

    @property
    def wanted_file(self) -> str:
        return file_name(self.requested_year, self.requested_set)

    @cached_property
    def _tools_by_code(self) -> dict[str, Tool]:
        return {tool.code: tool for tool in self.tools}

    @cached_property
    def _questions(self) -> dict[str, Question]:
        return {q.code: q for tool in self.tools for q in tool.questions}

    def tool(self, code: str) -> Tool:
        return self._tools_by_code[code]

    def indicator(self, number: int) -> Indicator:
        return next(ind for ind in self.indicators if ind.number == number)

    def question(self, code: str) -> Question | None:
        return self._questions.get(code)

    def knows_question(self, code: str) -> bool:
        """False only for a code missing from its tool's list of the year (an empty list knows nothing)."""
        return not self.tool_of_question(code).questions or code in self._questions

    def tool_of_question(self, code: str) -> Tool:
        prefix = re.match(r"[a-z]+", code)
        return next(tool for tool in self.tools if prefix and tool.question_prefix == prefix[0])

    def title(self, kind: str) -> str:
        """The title a document of the year bears ("measures", "progress-6", "progress-12")."""
        return dict(self.titles).get(kind) or DEFAULT_TITLES[kind]

    @property
    def label(self) -> str:
        """Which criteria these are, for people: the file, and where it came from when not bundled."""
        return f"{self.file} ({self.origin})" if self.origin else self.file

    def annotation(self, field_name: str) -> Annotation | None:
        return next((a for a in self.annotations if a.field == field_name), None)

    def certainty(self, field_name: str) -> str:
        """The certainty the file gives a group of facts ("tools.OIT.items"); 'uncertain' when it says nothing."""
        return next((a.certainty for a in self.annotations if a.field == field_name), "uncertain")

    # --- the overall result ---------------------------------------------------

    def result(self, score: float, tool_scores: Mapping[str, float | None], typed_level: str = "") -> Result:
        """The result a document states.  A typed level always wins (spelled as the scale spells
        it when it knows it); otherwise a level is computed only when the year's rule is certain."""
        if typed_level:
            level = self.scale.canonical(typed_level) or typed_level
            return Result(score, level, True, self.scale.passes(level, score, self.pass_mark), self.scale.kind)
        level = (self.scale.rule(score, tool_scores, self.pass_mark) or "") if self.scale.rule_certain else ""
        passed = self.scale.passes(level, score, self.pass_mark) if level else score >= self.pass_mark
        return Result(score, level, False, passed, self.scale.kind)

    # --- what people type -----------------------------------------------------

    def parse_tool(self, typed: object) -> Tool | None:
        """'EIT', 'eit', ' Eit ', 'เครื่องมือการประเมิน EIT' -> the EIT tool."""
        text = normalize_text(typed).upper()
        text = text.removeprefix("เครื่องมือการประเมิน").strip()
        return self._tools_by_code.get(text)

    def parse_tools(self, typed: object) -> tuple[list[Tool], list[str]]:
        """'IIT', 'IIT, OIT', 'iit/oit', 'IIT และ OIT' -> the tools, and the tokens that are none."""
        whole = self.parse_tool(typed)
        if whole is not None:
            return [whole], []
        tools: list[Tool] = []
        bad: list[str] = []
        for token in _split_list(normalize_text(typed), spaces=True):
            tool = self.parse_tool(token)
            if tool is None:
                bad.append(token)
            elif tool not in tools:
                tools.append(tool)
        return tools, bad

    def parse_indicator_refs(self, typed: object) -> tuple[list[IndicatorRef], list[Tool], list[str]]:
        """Several indicators as real documents cite them: '9.2, 9.3', 'IIT 3 / OIT 9', '3 และ 9.2'.

        Returns the indicators (with a sub-indicator when one was typed, and the tool when the
        token named it: 'OIT 9'), the tools typed alone ('OIT'), and the tokens that are neither.
        One indicator typed as the single ones always were ('7 ประสิทธิภาพการสื่อสาร') is one.
        """
        tokens = _split_list(to_arabic_digits(normalize_text(typed)))
        if len(tokens) <= 1:
            indicator, sub = self.parse_indicator_ref(typed)
            if indicator is not None:
                return [IndicatorRef(indicator, sub)], [], []
        refs: list[IndicatorRef] = []
        tools: list[Tool] = []
        bad: list[str] = []
        for token in tokens:
            match = re.match(
                rf"^(?:เครื่องมือ(?:การประเมิน)?\s*)?({'|'.join(map(re.escape, self._tools_by_code))})"
                r"(?![A-Za-z])\s*(.*)$",
                token,
                re.IGNORECASE,
            )
            tool = self._tools_by_code[match[1].upper()] if match else None
            rest = match[2].strip() if match else token
            if not rest:
                if tool is not None and tool not in tools:
                    tools.append(tool)
                continue
            indicator, sub = self.parse_indicator_ref(rest)
            if indicator is None or (tool is not None and indicator.tool != tool.code):
                bad.append(token)
            elif all((r.indicator, r.sub_indicator) != (indicator, sub) for r in refs):
                refs.append(IndicatorRef(indicator, sub, tool is not None))
        return refs, tools, bad

    def parse_indicator(self, typed: object) -> Indicator | None:
        """'7', '๗', 7.0, 'ตัวชี้วัดที่ 7', '7 ประสิทธิภาพการสื่อสาร', the name alone, or a
        sub-indicator ('9.2') -> its indicator."""
        return self.parse_indicator_ref(typed)[0]

    def parse_indicator_ref(self, typed: object) -> tuple[Indicator | None, SubIndicator | None]:
        """An indicator and, when one was typed ('9.2', '๑๐.๒', 'ตัวชี้วัดย่อย 9.2'), its sub-indicator."""
        if isinstance(typed, float) and typed.is_integer():
            typed = int(typed)
        text = to_arabic_digits(normalize_text(typed))
        text = re.sub(r"^ตัวชี้วัด(?:ย่อย)?(?:ที่)?\s*", "", text)
        sub = re.match(r"^(\d{1,2})\.([1-9])(?!\d)\s*(.*)$", text)
        if sub:
            return self._sub_indicator(int(sub[1]), f"{int(sub[1])}.{sub[2]}", sub[3].strip())
        match = re.match(r"^(\d{1,2})(?:\.0)?(?:\s+|\.|$)(.*)$", text)
        if match:
            found = [ind for ind in self.indicators if ind.number == int(match[1])]
            if not found:
                return None, None
            # A name typed after the number must be that indicator's, not another's.
            rest = match[2].strip()
            if rest and not _names(found[0], rest):
                return None, None
            return found[0], None
        by_name = [ind for ind in self.indicators if _names(ind, text)]
        return (by_name[0] if by_name else None), None

    def _sub_indicator(self, number: int, sub_number: str, rest: str) -> tuple[Indicator | None, SubIndicator | None]:
        indicator = next((ind for ind in self.indicators if ind.number == number), None)
        sub = indicator.sub_indicator(sub_number) if indicator else None
        if indicator is None or sub is None:
            return None, None
        # Names change between years, so the number decides; only another sub-indicator's name contradicts it.
        others = {_squash(s.name) for s in indicator.sub_indicators if s is not sub}
        if rest and _squash(rest) in others:
            return None, None
        return indicator, sub

    def parse_questions(self, typed: object) -> tuple[list[str], list[str]]:
        """Question codes as canonical 'e11' strings, and the tokens that are not codes.

        Accepts 'E๑๑', 'e11', 'i2, i3', 'i2 และ i3', 'ข้อ o9', '0๑๑' and 'ข้อ ๐๒๗' (a zero for
        the letter O), ranges 'e11-e13', 'i2–i4', 'e11-13', lists with 'และ', ',', '、', ';', '/'.
        """
        text = to_arabic_digits(normalize_text(typed))
        # Glue what belongs to one code or range, so that splitting at spaces keeps it whole:
        # "ข้อ o9" -> "ข้อo9", "i2 – ข้อ i4" -> "i2-i4", "o 5" -> "o5".
        text = re.sub(r"ข้อ(?:ที่)?\s*", "ข้อ", text)
        text = re.sub(r"\s*(?:[-‐‑‒–—―−~]|ถึง)\s*(?:ข้อ)?", "-", text)
        text = re.sub(rf"(?i)(?<![a-z])({self._prefix_pattern})\s*\.?\s+(?=\d)", r"\1", text)
        codes: list[str] = []
        bad: list[str] = []
        for typed_token in re.split(r"[,;/、\s]+|และ", text):
            token = typed_token.removeprefix("ข้อ").strip(" .()")
            if not token:
                continue
            found = self._codes(token)
            if found is None:
                bad.append(typed_token)
            else:
                codes.extend(code for code in found if code not in codes)
        return codes, bad

    @cached_property
    def _prefix_pattern(self) -> str:
        prefixes = sorted((tool.question_prefix for tool in self.tools), key=len, reverse=True)
        return "|".join(re.escape(p) for p in prefixes)

    def _code(self, token: str) -> tuple[str, int] | None:
        match = re.fullmatch(rf"({self._prefix_pattern})\.?(\d{{1,3}})", token, re.IGNORECASE)
        if match:
            return (match[1].lower(), int(match[2])) if int(match[2]) else None
        # "027", "011": people write a zero for the letter O.
        if any(tool.question_prefix == "o" for tool in self.tools):
            zero = re.fullmatch(r"0(\d{1,3})", token)
            if zero and int(zero[1]):
                return "o", int(zero[1])
        return None

    def _codes(self, token: str) -> list[str] | None:
        """One token: a code, or a range of one tool's codes; None when it is neither."""
        if "-" not in token:
            code = self._code(token)
            return [f"{code[0]}{code[1]}"] if code else None
        first_text, _, last_text = token.partition("-")
        first = self._code(first_text)
        last = (first[0], int(last_text)) if first and last_text.isdigit() else self._code(last_text)
        if not first or not last or first[0] != last[0] or last[1] == 0:
            return None
        low, high = sorted((first[1], last[1]))
        if high - low > _MAX_RANGE:
            return None
        return [f"{first[0]}{n}" for n in range(low, high + 1)]


_MAX_RANGE = 60  # a longer range is a typing slip, not a list of questions

# The titles real documents bear, for a file that names none.
DEFAULT_TITLES = {
    "measures": "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "progress-6": "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "progress-12": "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
}


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


def _split_list(text: str, spaces: bool = False) -> list[str]:
    """The parts of a list as people type one: ',', '/', ';', '、', a line break or ' และ '
    (and spaces, for codes that hold none)."""
    pattern = r"[,/;、\n\s]+|และ" if spaces else r"\s*(?:[,/;、\n]|\s+และ\s+)\s*"
    return [part.strip() for part in re.split(pattern, text) if part.strip()]


def _names(indicator: Indicator, text: str) -> bool:
    return _squash(text) in {_squash(name) for name in (indicator.name, *indicator.aliases)}


# --- files -------------------------------------------------------------------


def file_name(fiscal_year: int, criteria_set: str = "") -> str:
    return f"criteria-{fiscal_year}{'-' + criteria_set if criteria_set else ''}.json"


def available_years(data_dir: Path = DATA_DIR, criteria_set: str = "") -> list[int]:
    """The fiscal years that have a file of the given set ("" = the general list)."""
    years = []
    for path in data_dir.glob("criteria-*.json"):
        match = FILE_NAME.match(path.name)
        if match and (match[2] or "") == criteria_set:
            years.append(int(match[1]))
    return sorted(years)


def load_criteria(
    fiscal_year: int | None = None, path: Path | None = None, data_dir: Path = DATA_DIR, criteria_set: str = ""
) -> Criteria:
    """The criteria of `fiscal_year` (default: the newest file), or of the file at `path`.

    A year without a file takes the newest file before it (the oldest when it is older than
    all); a set without files of its own takes the general list.  The result says so:
    `fallback` is true and `wanted_file` names the file that was missing, so callers warn
    instead of falling back silently.
    """
    if path is not None:
        return _read(Path(path).resolve())  # a file named by its path is the one wanted
    wanted_set = normalize_text(criteria_set).lower()
    own = available_years(data_dir, wanted_set) if wanted_set else []
    years = own or available_years(data_dir)
    if not years:
        raise FileNotFoundError(data_dir / file_name(fiscal_year or 0))
    usable = [y for y in years if fiscal_year is None or y <= fiscal_year]
    chosen = data_dir / file_name(usable[-1] if usable else years[0], wanted_set if own else "")
    criteria = _read(chosen.resolve())
    return replace(criteria, requested_year=fiscal_year or criteria.fiscal_year, requested_set=wanted_set)


@cache
def _read(path: Path) -> Criteria:
    """One data file as frozen records, read once per process (the batch loads it per agency)."""
    return from_dict(json.loads(path.read_text(encoding="utf-8")), path.name)


def from_dict(data: dict[str, Any], file: str = "") -> Criteria:
    """The records of one data file's content."""
    tools = tuple(
        Tool(
            t["code"],
            t["name"],
            t["question_prefix"],
            float(t.get("weight", 0)),
            tuple(
                Question(
                    q["code"].lower(),
                    int(q["indicator"]),
                    q.get("sub_indicator") or "",
                    q.get("text") or "",
                    q.get("topic") or "",
                )
                for q in t.get("items") or ()
            ),
        )
        for t in data["tools"]
    )
    indicators = tuple(
        Indicator(
            i["number"],
            i["tool"],
            i["name"],
            tuple(i.get("aliases") or ()),
            tuple(SubIndicator(s["number"], s["name"]) for s in i.get("sub_indicators") or ()),
        )
        for i in data["indicators"]
    )
    published = tuple(
        PublishedAs(
            key,
            d.get("title") or "",
            d.get("oit_code") or "",
            d.get("in_assessment_year"),
            tuple(d.get("candidate_codes") or ()),
            tuple(d.get("rounds") or ()),
            d.get("note") or "",
        )
        for key, d in (data.get("documents") or {}).items()
    )
    annotations = tuple(
        Annotation(
            key,
            a.get("certainty", "uncertain"),
            tuple(a.get("sources") or ()),
            a.get("note") or "",
            int(a["carried_from"]) if a.get("carried_from") else None,
        )
        for key, a in (data.get("annotations") or {}).items()
    )
    fiscal_year = int(data.get("fiscal_year") or 0)
    criteria_set = data.get("criteria_set") or ""
    return Criteria(
        name=data["name"],
        pass_mark=float(data["pass_mark"]),
        keep_level_score=float(data["keep_level_score"]),
        tools=tools,
        indicators=indicators,
        scale=_scale(data.get("result_scale") or {}),
        fiscal_year=fiscal_year,
        assessment_year=int(data.get("assessment_year") or fiscal_year - 1),
        criteria_set=criteria_set,
        file=file,
        requested_year=fiscal_year,
        requested_set=criteria_set,
        published=published,
        annotations=annotations,
        sources=tuple((data.get("sources") or {}).items()),
        titles=tuple((data.get("titles") or {}).items()),
    )


def _scale(data: dict[str, Any]) -> ResultScale:
    kind = data.get("kind", PASS_FAIL)
    return ResultScale(
        kind=kind,
        rule_certain=bool(data.get("rule_certain", kind == PASS_FAIL)),
        levels=tuple(Level(lv["level"], float(lv["minimum"]), lv["result"]) for lv in data.get("levels") or ()),
        ratings=tuple(
            Rating(
                r["label"], float(r["total_min"]), None if r.get("each_tool_min") is None else float(r["each_tool_min"])
            )
            for r in data.get("ratings") or ()
        ),
        pass_label=data.get("pass_label") or "ผ่าน",
        fail_label=data.get("fail_label") or "ไม่ผ่าน",
        fail_labels_seen=tuple(data.get("fail_labels_seen") or ()),
        note=data.get("note") or "",
    )


# --- what the tool believes, for people ------------------------------------------

_FIELDS_TH = {
    "assessment_year": "ปีที่ประเมิน",
    "pass_mark": "เกณฑ์ผ่าน",
    "tools.weight": "น้ำหนักของเครื่องมือ",
    "indicators": "ชื่อตัวชี้วัด",
    "indicators.sub_indicators": "ตัวชี้วัดย่อย",
    "result_scale": "ระดับผลการประเมิน",
    "documents.measures": "รหัส OIT ของเอกสารมาตรการ",
    "documents.progress": "รหัส OIT ของรายงานผลการดำเนินการ",
    "titles": "ชื่อเอกสาร",
}
_DOCUMENTS_TH = {"measures": "มาตรการ", "progress": "รายงานผลการดำเนินการ"}
_KINDS_TH = {"measures": "เอกสารมาตรการ", "progress-6": "รายงานรอบ 6 เดือน", "progress-12": "รายงานรอบ 12 เดือน"}


def _field_th(name: str) -> str:
    match = re.fullmatch(r"tools\.(\w+)\.items", name)
    return f"ข้อคำถาม {match[1]}" if match else _FIELDS_TH.get(name, name)


def certainty_th(note: Annotation | None) -> str:
    """'ยังไม่ยืนยัน (ใช้ของเกณฑ์ ITA ปี 2568)': how sure, and whose facts stand in."""
    if note is None:
        return CERTAINTY_TH["uncertain"]
    carried = f" (ใช้ของเกณฑ์ ITA ปี {note.carried_from})" if note.carried_from else ""
    return CERTAINTY_TH.get(note.certainty, note.certainty) + carried


def doubts(criteria: Criteria) -> list[str]:
    """What the year's file does not know for sure, one Thai line each (for `itadocs criteria` and the
    workbook's guide): the groups of facts marked uncertain, and the year's file missing altogether."""
    lines = []
    if criteria.fallback:
        lines.append(
            f"ไม่มีไฟล์เกณฑ์ของปีงบประมาณ {criteria.requested_year} ({criteria.wanted_file}) "
            f"จึงใช้ {criteria.label} ของปีงบประมาณ {criteria.fiscal_year} แทน"
        )
    for note in criteria.annotations:
        if note.certainty == "uncertain":
            lines.append(f"{_field_th(note.field)}: {certainty_th(note)}")
    return lines


def _number(value: float) -> str:
    return f"{value:g}"


def compact_codes(codes: list[str]) -> str:
    """'i1-i3, i5, o8-o11': runs of consecutive codes of one prefix joined by a dash."""
    runs: list[list[tuple[str, int]]] = []
    for code in codes:
        match = re.fullmatch(r"([a-z]+)(\d+)", code)
        if not match:
            continue
        item = (match[1], int(match[2]))
        if runs and runs[-1][-1][0] == item[0] and runs[-1][-1][1] + 1 == item[1]:
            runs[-1].append(item)
        else:
            runs.append([item])
    return ", ".join(f"{r[0][0]}{r[0][1]}" + (f"-{r[-1][0]}{r[-1][1]}" if len(r) > 1 else "") for r in runs)


def _scale_lines(criteria: Criteria) -> list[str]:
    scale, pass_mark = criteria.scale, _number(criteria.pass_mark)
    lines = []
    if scale.kind == LEVELS:
        lines.append("ระดับผลการประเมินคิดจากคะแนนรวม (AA-F):")
        lines += [f"  - {lv.level}: ตั้งแต่ {_number(lv.minimum)} คะแนน ({lv.result})" for lv in scale.levels]
    elif scale.kind == RATING:
        lines.append(
            f"ผ่านหรือไม่ผ่านเกณฑ์ {pass_mark} คะแนน และระดับผลการประเมิน "
            + " / ".join(r.label for r in scale.ratings)
            + " ซึ่งขึ้นกับคะแนนของทุกเครื่องมือด้วย:"
        )
        for r in scale.ratings:
            each = f" และทุกเครื่องมือตั้งแต่ {_number(r.each_tool_min)}" if r.each_tool_min is not None else ""
            lines.append(f"  - {r.label}: คะแนนรวมตั้งแต่ {_number(r.total_min)}{each}")
        seen = f" (คำที่พบด้วย: {', '.join(scale.fail_labels_seen)})" if scale.fail_labels_seen else ""
        lines.append(f"  - {scale.fail_label}: ต่ำกว่า {pass_mark} คะแนน{seen}")
    else:
        lines.append(f"ผ่านหรือไม่ผ่านเกณฑ์ {pass_mark} คะแนน")
    if scale.rule_certain:
        lines.append("  - วิธีคิดระดับยืนยันแล้ว: ถ้าไม่ได้กรอกระดับ เอกสารจะใช้ระดับที่คิดจากคะแนน")
    else:
        lines.append(
            "  - วิธีคิดระดับยังไม่ยืนยัน: เอกสารระบุระดับเฉพาะเมื่อกรอกตามที่ระบบ ITAS แสดง "
            "ถ้าไม่ได้กรอก เอกสารระบุเพียงว่าผ่านหรือไม่ผ่านเกณฑ์"
        )
    return lines


def describe(criteria: Criteria) -> str:
    """The criteria of one year in Thai (Markdown), as `itadocs criteria YEAR` prints them."""
    certainty = {a.field: certainty_th(a) for a in criteria.annotations}
    lines = [
        f"## เอกสารปีงบประมาณ พ.ศ. {criteria.fiscal_year}: ผลการประเมิน ITA ปี {criteria.assessment_year}",
        "",
        criteria.name,
        "",
        f"- ไฟล์ข้อมูล: `{criteria.file}`"
        + (f" (ชุดเกณฑ์ `{criteria.criteria_set}`)" if criteria.criteria_set else "")
        + (f" จาก {criteria.origin}" if criteria.origin else ""),
        f"- เกณฑ์ผ่าน {_number(criteria.pass_mark)} คะแนน ({certainty.get('pass_mark', '-')}); "
        f"ข้อที่ได้ {_number(criteria.keep_level_score)} คะแนนถือว่ารักษาระดับ",
        f"- ระดับผลการประเมิน ({certainty.get('result_scale', '-')}): " + "\n".join(_scale_lines(criteria)),
        "",
    ]
    unsure = doubts(replace(criteria, requested_year=criteria.fiscal_year, requested_set=criteria.criteria_set))
    if unsure:
        lines += [
            "### ยังไม่ทราบหรือยังไม่ยืนยัน",
            "",
            "ส่วนนี้ของเกณฑ์ยังไม่พบในแหล่งที่เชื่อถือได้ โปรแกรมใช้ข้อมูลที่ระบุไว้แทน "
            "ตรวจกับคู่มือการประเมินของปีเมื่อมีการเผยแพร่ และแก้ได้โดยไม่ต้องรอโปรแกรมรุ่นใหม่ (ดู README)",
            "",
            *(f"- {line}" for line in unsure),
            "",
        ]
    lines += [
        "### ชื่อเอกสาร",
        "",
        *(f"- {_KINDS_TH[kind]}: {criteria.title(kind)}" for kind in DEFAULT_TITLES),
        f"- ความแน่นอน: {certainty.get('titles', '-')}",
        "",
        "### เครื่องมือการประเมิน",
        "",
        "| แบบ | ชื่อ | น้ำหนัก | ข้อคำถาม | ความแน่นอนของรายการข้อ |",
        "|---|---|---|---|---|",
    ]
    for tool in criteria.tools:
        codes = compact_codes([q.code for q in tool.questions]) or "ไม่ทราบ"
        count = f" ({len(tool.questions)} ข้อ)" if tool.questions else ""
        lines.append(
            f"| {tool.code} | {tool.name} | ร้อยละ {_number(tool.weight)} | {codes}{count} | "
            f"{certainty.get(f'tools.{tool.code}.items', CERTAINTY_TH['uncertain'])} |"
        )
    lines += [
        "",
        f"น้ำหนัก: {certainty.get('tools.weight', '-')}",
        "",
        "### ตัวชี้วัด",
        "",
        f"ชื่อตัวชี้วัด: {certainty.get('indicators', '-')}; ตัวชี้วัดย่อย: {certainty.get('indicators.sub_indicators', '-')}",
        "",
        "| ตัวชี้วัด | แบบ | ชื่อ | ข้อคำถาม |",
        "|---|---|---|---|",
    ]
    for ind in criteria.indicators:
        codes = compact_codes([q.code for t in criteria.tools for q in t.questions if q.indicator == ind.number])
        aliases = f" (หรือเขียนว่า {', '.join(ind.aliases)})" if ind.aliases else ""
        lines.append(f"| {ind.number} | {ind.tool} | {ind.name}{aliases} | {codes} |")
        for sub in ind.sub_indicators:
            codes = compact_codes(
                [q.code for t in criteria.tools for q in t.questions if q.sub_indicator == sub.number]
            )
            lines.append(f"| {sub.number} | | {sub.name} | {codes} |")
    lines += [
        "",
        "### ข้อคำถาม",
        "",
        "ข้อความในวงเล็บเหลี่ยมเป็นหัวข้อที่พบในเอกสารของหน่วยงาน ไม่ใช่ข้อความทางการ จึงไม่กรอกไว้ในไฟล์และไม่พิมพ์ในเอกสาร",
        "",
        "| ข้อ | ตัวชี้วัด | ข้อความ |",
        "|---|---|---|",
    ]
    for tool in criteria.tools:
        for q in tool.questions:
            text = q.text or (f"[{q.topic}]" if q.topic else "-")
            lines.append(f"| {q.code} | {q.sub_indicator or q.indicator} | {text} |")
    lines += ["", "### รหัส OIT ที่ใช้เผยแพร่เอกสาร", ""]
    for doc in criteria.published:
        maybe = f" (อาจเป็น {', '.join(doc.candidate_codes)})" if doc.candidate_codes else ""
        code = doc.oit_code or f"ไม่ทราบ{maybe}"
        year = f" ในการประเมินปี {doc.in_assessment_year}" if doc.in_assessment_year else ""
        lines.append(
            f"- {_DOCUMENTS_TH.get(doc.document, doc.document)}: {code} {doc.title}{year} "
            f"({certainty.get(f'documents.{doc.document}', '-')})"
        )
    lines += ["", "### ความแน่นอนและแหล่งที่มา", "", "| ข้อมูล | ความแน่นอน | แหล่งที่มา | หมายเหตุ |", "|---|---|---|---|"]
    for a in criteria.annotations:
        note = a.note.replace("|", "/").replace("\n", " ")
        lines.append(f"| {_field_th(a.field)} | {certainty_th(a)} | {', '.join(a.sources)} | {note} |")
    lines += ["", *(f"- {key}: {text}" for key, text in criteria.sources), ""]
    return "\n".join(lines)


def as_dict(criteria: Criteria) -> dict[str, Any]:
    """The criteria as JSON-ready data (`itadocs criteria --json`), with the file and any fallback."""
    from dataclasses import asdict

    data = asdict(criteria)
    data["fallback"] = criteria.fallback
    data["sources"] = dict(criteria.sources)
    data["titles"] = {kind: criteria.title(kind) for kind in DEFAULT_TITLES}
    return data


def bundled_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """Every criteria file, by year then set."""
    found = [(int(m[1]), m[2] or "", p) for p in data_dir.glob("criteria-*.json") if (m := FILE_NAME.match(p.name))]
    return [p for _, _, p in sorted(found)]


def reference_markdown(data_dir: Path = DATA_DIR) -> str:
    """docs/criteria.md: every bundled year, generated by `itadocs criteria --all`."""
    all_criteria = [load_criteria(path=p) for p in bundled_files(data_dir)]
    lines = [
        "# ITA criteria by fiscal year",
        "",
        "Generated by `itadocs criteria --all` from `itadocs/data/criteria-*.json`; do not edit by hand.",
        "`criteria-<N>.json` describes the documents of fiscal year N, which analyse the ITA results of",
        "assessment year N-1. A year without a file uses the newest earlier file, with a",
        "`criteria-year-missing` warning.",
        "",
        "| เอกสารปีงบประมาณ | ผลการประเมิน ITA ปี | ไฟล์ | ระดับผลการประเมิน | ข้อคำถาม |",
        "|---|---|---|---|---|",
    ]
    for c in all_criteria:
        counts = " ".join(f"{t.code} {len(t.questions)}" for t in c.tools)
        lines.append(f"| {c.fiscal_year} | {c.assessment_year} | `{c.file}` | {c.scale.kind} | {counts} |")
    lines.append("")
    return "\n".join(lines) + "\n" + "\n".join(describe(c) for c in all_criteria)
