"""A year's criteria without a new release: files a coordinator brings.

The NACC publishes the year's criteria late and changes them, so a coordinator (or a
provincial office, for all its agencies) can bring corrected or new facts the day they
are known: a file in the bundled files' format (`criteria-2570.json`), or a workbook
that `itadocs criteria 2570 --sheet FILE.xlsx` writes and Excel edits.  Either is placed
in a criteria folder, looked for in this order:

1. `<project>/criteria/`: one agency's own;
2. each folder named in `ITADOCS_CRITERIA` (separated as PATH is), such as a shared
   network folder;
3. `criteria/` beside the projects (`<workspace>/criteria/`), for every agency there.

The newest year up to the one asked for wins; for the same year a file in a folder wins
over the bundled one, and an earlier folder over a later one.  File names do not matter
(the year and the set are read from the content).  A file is checked before it is used,
and what is wrong is a located problem (the file, and the sheet and cell, or the place in
the JSON); a file with an error is never used, so a broken correction cannot silently
give way to the facts it was meant to correct.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .criteria import CERTAINTY_TH, DEFAULT_TITLES, LEVELS, PASS_FAIL, RATING, Criteria, from_dict, load_criteria
from .messages import Message
from .problems import Problem, has_errors
from .thai import normalize_text

FOLDER = "criteria"
ENV = "ITADOCS_CRITERIA"
SUFFIXES = (".json", ".xlsx")

# Where a file came from, for people (Criteria.origin).
FROM_PROJECT = "โฟลเดอร์ criteria ของโครงการ"
FROM_ENV = f"โฟลเดอร์ที่ {ENV} ระบุ"
FROM_WORKSPACE = "โฟลเดอร์ criteria ที่เก็บโครงการไว้ร่วมกัน"
FROM_FILE = "ไฟล์ที่ระบุ"

Path_ = tuple[str | int, ...]  # a place in the data: ("tools", 2, "items", 4, "indicator")


@dataclass(frozen=True)
class Fault:
    """Something wrong at a place in a criteria file's data."""

    where: Path_
    code: str  # "criteria-value-missing", "criteria-value-invalid", "criteria-weights-sum" ...
    value: str = ""
    expected: Message | str = ""


# --- what a file must hold ----------------------------------------------------------


def _number(value: object, low: float = 0, high: float = 100) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high


def _year(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 2500 <= value <= 2700


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


_EXPECT = {
    "year": Message("ปี พ.ศ. สี่หลัก เช่น 2570", "a 4-digit Buddhist-era year such as 2570"),
    "score": Message("ตัวเลข 0-100", "a number from 0 to 100"),
    "text": Message("ข้อความ", "some text"),
    "list": Message("รายการ", "a list"),
    "tool": Message("แบบที่มีในรายการเครื่องมือ (IIT, EIT, OIT)", "a tool of the list (IIT, EIT, OIT)"),
    "prefix": Message("อักษรภาษาอังกฤษตัวเล็ก เช่น i, e, o", "lower-case letters such as i, e, o"),
    "indicator": Message("เลขตัวชี้วัดที่มีในรายการตัวชี้วัด", "an indicator number of the list"),
    "sub": Message("ตัวชี้วัดย่อยของตัวชี้วัดนั้น เช่น 9.2", "a sub-indicator of that indicator, such as 9.2"),
    "kind": Message(f"{LEVELS}, {RATING} หรือ {PASS_FAIL}", f"{LEVELS}, {RATING} or {PASS_FAIL}"),
    "certainty": Message(
        "ยืนยันแล้ว น่าจะถูกต้อง หรือ ยังไม่ยืนยัน (certain, likely, uncertain)",
        "certain, likely or uncertain (ยืนยันแล้ว, น่าจะถูกต้อง, ยังไม่ยืนยัน)",
    ),
    "set": Message("อักษรภาษาอังกฤษตัวเล็กหรือตัวเลข เช่น moph หรือว่าง", "lower-case letters or digits, or empty"),
    "unique": Message("ค่าที่ไม่ซ้ำกับรายการอื่น", "a value no other entry has"),
    "object": Message("ออบเจกต์ JSON", "a JSON object"),
    "texts": Message("รายการข้อความ", "a list of texts"),
    "result": Message("ข้อความ เช่น ผ่าน หรือ ไม่ผ่าน", "some text, such as ผ่าน or ไม่ผ่าน"),
}


def check_data(data: object) -> list[Fault]:
    """Everything wrong with a criteria file's content, each at its place; [] when it can be used."""
    if not isinstance(data, dict):
        return [Fault((), "criteria-value-invalid", type(data).__name__, _EXPECT["object"])]
    faults: list[Fault] = []

    def need(where: Path_, ok: bool, expected: str, value: object = None) -> bool:
        if value is None and where and isinstance(where[-1], str):
            value = _get(data, where)
        if not ok:
            code = "criteria-value-missing" if value in (None, "") else "criteria-value-invalid"
            faults.append(Fault(where, code, "" if value is None else str(value), _EXPECT[expected]))
        return ok

    def may(where: Path_, test: Callable[[object], bool], expected: str) -> bool:
        """An optional value: absent (or null), or one `test` accepts."""
        value = _get(data, where)
        return value is None or need(where, test(value), expected, value)

    need(("fiscal_year",), _year(data.get("fiscal_year")), "year")
    if "assessment_year" in data:
        need(("assessment_year",), _year(data["assessment_year"]), "year")
    need(("name",), _text(data.get("name")), "text")
    need(("pass_mark",), _number(data.get("pass_mark")), "score")
    need(("keep_level_score",), _number(data.get("keep_level_score")), "score")
    may(("criteria_set",), lambda v: isinstance(v, str) and re.fullmatch(r"[a-z0-9]*", v) is not None, "set")

    tools = data.get("tools") if isinstance(data.get("tools"), list) else None
    tool_codes: set[str] = set()
    prefixes: set[str] = set()
    if need(("tools",), bool(tools), "list", data.get("tools")) and tools is not None:
        for i, tool in enumerate(tools):
            if not need(("tools", i), isinstance(tool, dict), "list", tool):
                continue
            code = tool.get("code")
            if need(("tools", i, "code"), _text(code), "text"):
                need(("tools", i, "code"), code not in tool_codes, "unique")
                tool_codes.add(code)
            need(("tools", i, "name"), _text(tool.get("name")), "text")
            prefix = tool.get("question_prefix")
            if need(
                ("tools", i, "question_prefix"),
                isinstance(prefix, str) and re.fullmatch(r"[a-z]+", prefix) is not None,
                "prefix",
            ):
                need(("tools", i, "question_prefix"), prefix not in prefixes, "unique")
                prefixes.add(prefix)
            need(("tools", i, "weight"), _number(tool.get("weight", 0)), "score")
            may(("tools", i, "items"), lambda v: isinstance(v, list), "list")
    indicators = data.get("indicators") if isinstance(data.get("indicators"), list) else None
    known: dict[int, tuple[str, set[str]]] = {}
    if need(("indicators",), bool(indicators), "list", data.get("indicators")) and indicators is not None:
        for i, ind in enumerate(indicators):
            if not need(("indicators", i), isinstance(ind, dict), "list", ind):
                continue
            number = ind.get("number")
            if need(
                ("indicators", i, "number"),
                isinstance(number, int) and not isinstance(number, bool) and number > 0,
                "indicator",
            ):
                need(("indicators", i, "number"), number not in known, "unique")
            need(("indicators", i, "tool"), isinstance(ind.get("tool"), str) and ind["tool"] in tool_codes, "tool")
            need(("indicators", i, "name"), _text(ind.get("name")), "text")
            may(("indicators", i, "aliases"), _texts, "texts")
            subs: set[str] = set()
            listed = may(("indicators", i, "sub_indicators"), lambda v: isinstance(v, list), "list")
            for j, sub in enumerate((ind.get("sub_indicators") or ()) if listed else ()):
                sub_number = sub.get("number") if isinstance(sub, dict) else None
                ok = isinstance(sub_number, str) and re.fullmatch(rf"{number}\.[1-9]", sub_number) is not None
                if need(("indicators", i, "sub_indicators", j, "number"), ok, "sub", sub_number):
                    subs.add(str(sub_number))
                need(
                    ("indicators", i, "sub_indicators", j, "name"),
                    isinstance(sub, dict) and _text(sub.get("name")),
                    "text",
                    sub.get("name") if isinstance(sub, dict) else sub,
                )
            if isinstance(number, int):
                known[number] = (str(ind.get("tool")), subs)
    if isinstance(tools, list):
        for i, tool in enumerate(tools):
            if isinstance(tool, dict) and isinstance(tool.get("items") or (), list):
                faults += _check_items(tool, i, known)
        weights = [t.get("weight", 0) for t in tools if isinstance(t, dict)]
        if all(_number(w) for w in weights) and abs(sum(weights) - 100) > 0.001:
            faults.append(Fault(("tools",), "criteria-weights-sum", f"{sum(weights):g}"))
    faults += _check_scale(data.get("result_scale"))
    if may(("titles",), lambda v: isinstance(v, dict), "object"):
        for kind, title in (data.get("titles") or {}).items():
            need(("titles", kind), kind in DEFAULT_TITLES and _text(title), "text", title)
    if may(("documents",), lambda v: isinstance(v, dict), "object"):
        for key, document in (data.get("documents") or {}).items():
            if need(("documents", key), isinstance(document, dict), "object", document):
                for field in ("title", "oit_code", "note"):
                    may(("documents", key, field), lambda v: isinstance(v, str), "text")
                may(("documents", key, "in_assessment_year"), _year, "year")
                for field in ("candidate_codes", "rounds"):
                    may(("documents", key, field), _texts, "texts")
    if may(("annotations",), lambda v: isinstance(v, dict), "object"):
        for key, note in (data.get("annotations") or {}).items():
            if need(("annotations", key), isinstance(note, dict), "object", note):
                certainty = note.get("certainty")
                need(
                    ("annotations", key, "certainty"),
                    isinstance(certainty, str) and certainty in CERTAINTY_TH,
                    "certainty",
                )
                may(("annotations", key, "carried_from"), lambda v: v in ("", 0) or _year(v), "year")
                may(("annotations", key, "sources"), _texts, "texts")
                may(("annotations", key, "note"), lambda v: isinstance(v, str), "text")
    if may(("sources",), lambda v: isinstance(v, dict), "object"):
        for key, text in (data.get("sources") or {}).items():
            need(("sources", key), isinstance(text, str), "text", text)
    return faults


def _check_items(tool: dict[str, Any], i: int, known: dict[int, tuple[str, set[str]]]) -> list[Fault]:
    faults = []
    seen: set[str] = set()
    prefix = str(tool.get("question_prefix") or "")
    for j, item in enumerate(tool.get("items") or ()):
        where: Path_ = ("tools", i, "items", j)
        if not isinstance(item, dict):
            faults.append(Fault(where, "criteria-value-invalid", str(item), _EXPECT["list"]))
            continue
        code = str(item.get("code") or "")
        if not re.fullmatch(rf"{re.escape(prefix)}[1-9]\d{{0,2}}", code.lower()):
            faults.append(
                Fault(
                    (*where, "code"),
                    "criteria-value-missing" if not code else "criteria-value-invalid",
                    code,
                    Message(
                        f"รหัสที่ขึ้นต้นด้วย {prefix} แล้วตามด้วยเลข เช่น {prefix}1", f"{prefix} and a number, such as {prefix}1"
                    ),
                )
            )
        elif code.lower() in seen:
            faults.append(Fault((*where, "code"), "criteria-value-invalid", code, _EXPECT["unique"]))
        seen.add(code.lower())
        number = item.get("indicator")
        owner = known.get(number) if isinstance(number, int) else None
        if owner is None or owner[0] != tool.get("code"):
            faults.append(
                Fault(
                    (*where, "indicator"),
                    "criteria-value-missing" if number in (None, "") else "criteria-value-invalid",
                    "" if number is None else str(number),
                    Message(f"เลขตัวชี้วัดของ {tool.get('code')}", f"an indicator of {tool.get('code')}"),
                )
            )
        elif item.get("sub_indicator") and not (
            isinstance(item["sub_indicator"], str) and item["sub_indicator"] in owner[1]
        ):
            faults.append(
                Fault((*where, "sub_indicator"), "criteria-value-invalid", str(item["sub_indicator"]), _EXPECT["sub"])
            )
        for key in ("text", "topic"):
            if item.get(key) is not None and not isinstance(item[key], str):
                faults.append(Fault((*where, key), "criteria-value-invalid", str(item[key]), _EXPECT["text"]))
    return faults


def _check_scale(scale: object) -> list[Fault]:
    if scale is None:
        return []
    if not isinstance(scale, dict):
        return [Fault(("result_scale",), "criteria-value-invalid", str(scale), _EXPECT["kind"])]
    faults = []
    kind = scale.get("kind", PASS_FAIL)
    if kind not in (LEVELS, RATING, PASS_FAIL):
        faults.append(Fault(("result_scale", "kind"), "criteria-value-invalid", str(kind), _EXPECT["kind"]))
    for key, test, expected in (
        ("levels", lambda v: isinstance(v, list), "list"),
        ("ratings", lambda v: isinstance(v, list), "list"),
        ("pass_label", _text, "text"),
        ("fail_label", _text, "text"),
        ("fail_labels_seen", _texts, "texts"),
        ("note", lambda v: isinstance(v, str), "text"),
    ):
        if scale.get(key) is not None and not test(scale[key]):
            faults.append(Fault(("result_scale", key), "criteria-value-invalid", str(scale[key]), _EXPECT[expected]))

    def listed(key: str) -> list[Any]:
        value = scale.get(key)
        return value if isinstance(value, list) else []

    for j, level in enumerate(listed("levels")):
        if not (isinstance(level, dict) and _text(level.get("level")) and _number(level.get("minimum"))):
            faults.append(Fault(("result_scale", "levels", j), "criteria-value-invalid", str(level), _EXPECT["score"]))
        elif not _text(level.get("result")):
            result = level.get("result")
            code = "criteria-value-missing" if result in (None, "") else "criteria-value-invalid"
            faults.append(Fault(("result_scale", "levels", j, "result"), code, str(result or ""), _EXPECT["result"]))
    for j, rating in enumerate(listed("ratings")):
        ok = (
            isinstance(rating, dict)
            and _text(rating.get("label"))
            and _number(rating.get("total_min"))
            and (rating.get("each_tool_min") is None or _number(rating.get("each_tool_min")))
        )
        if not ok:
            faults.append(
                Fault(("result_scale", "ratings", j), "criteria-value-invalid", str(rating), _EXPECT["score"])
            )
    if kind == LEVELS and not scale.get("levels"):
        faults.append(Fault(("result_scale", "levels"), "criteria-value-missing", "", _EXPECT["list"]))
    return faults


def _get(data: Any, where: Path_) -> Any:
    for key in where:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def json_place(data: Any, where: Path_) -> str:
    """'tools[OIT].items[o27].indicator': a place in the JSON, entries named by their code or number."""
    text, node = "", data
    for key in where:
        if isinstance(key, int):
            entry = node[key] if isinstance(node, list) and key < len(node) else None
            name = entry.get("code") or entry.get("number") if isinstance(entry, dict) else None
            text += f"[{name if name not in (None, '') else key + 1}]"
        else:
            text += f".{key}" if text else key
        node = _get(node, (key,))
    return text


# --- reading a file -------------------------------------------------------------------

Locate = Callable[[Path_], tuple[str, str, str]]  # a place in the data -> (sheet, cell, column)


@dataclass(frozen=True)
class CriteriaFile:
    """One file found in a criteria folder, read and checked."""

    path: Path
    shown: str  # how problems name it
    origin: str  # the folder, for people
    data: dict[str, Any] | None
    problems: tuple[Problem, ...]

    @property
    def usable(self) -> bool:
        return self.data is not None and not has_errors(list(self.problems))

    @property
    def fiscal_year(self) -> int | None:
        year = (self.data or {}).get("fiscal_year")
        if isinstance(year, int):
            return year
        match = re.search(r"25\d\d|26\d\d", self.path.name)  # a file that could not be read: its name may say
        return int(match[0]) if match else None

    @property
    def criteria_set(self) -> str:
        return normalize_text((self.data or {}).get("criteria_set") or "").lower()

    def criteria(self) -> Criteria:
        assert self.data is not None
        found = from_dict(self.data, self.path.name)
        return replace(found, origin=f"{self.origin}: {self.shown}")


def read_file(path: Path, shown: str = "", origin: str = FROM_FILE) -> CriteriaFile:
    """A criteria file (JSON, or a workbook written by `itadocs criteria --sheet`), checked."""
    shown = shown or str(path)
    problems: list[Problem] = []
    data: dict[str, Any] | None = None
    if path.suffix.lower() == ".xlsx":
        from .excel.criteria_sheet import read_criteria_workbook

        data, locate, found = read_criteria_workbook(path, shown)
        problems += found
    else:
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            problems.append(
                Problem("criteria-file-unreadable", file=shown, details={"reason": exc.strerror or type(exc).__name__})
            )
        except UnicodeDecodeError:
            problems.append(
                Problem(
                    "criteria-file-unreadable",
                    file=shown,
                    details={"reason": Message("ไม่ได้บันทึกเป็น UTF-8", "not saved as UTF-8")},
                )
            )
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(
                    "criteria-file-unreadable",
                    file=shown,
                    cell=f"บรรทัด {exc.lineno} ตัวที่ {exc.colno}",
                    details={"reason": Message(f"รูปแบบ JSON ไม่ถูกต้อง ({exc.msg})", f"not valid JSON ({exc.msg})")},
                )
            )
        locate = _json_locator(data)
    if data is not None:
        for fault in check_data(data):
            sheet, cell, column = locate(fault.where)
            problems.append(
                Problem(
                    fault.code,
                    file=shown,
                    sheet=sheet,
                    cell=cell,
                    column=column,
                    value=fault.value,
                    details={"expected": fault.expected},
                )
            )
        if not isinstance(data, dict):
            data = None
    return CriteriaFile(path, shown, origin, data, tuple(problems))


def _json_locator(data: Any) -> Locate:
    return lambda where: ("", "", json_place(data, where) if where else "")


# --- choosing the file of a year --------------------------------------------------------


def criteria_folders(root: Path | None = None) -> list[tuple[Path, str]]:
    """The criteria folders of a project (or of none: only ITADOCS_CRITERIA's), in the order they win."""
    folders: list[tuple[Path, str]] = []
    if root is not None:
        folders.append((Path(root) / FOLDER, FROM_PROJECT))
    folders += [(Path(part), FROM_ENV) for part in os.environ.get(ENV, "").split(os.pathsep) if part.strip()]
    if root is not None:
        folders.append((Path(root).resolve().parent / FOLDER, FROM_WORKSPACE))
    seen: set[Path] = set()
    found = []
    for folder, origin in folders:
        key = folder.resolve()
        if key not in seen and folder.is_dir():
            seen.add(key)
            found.append((folder, origin))
    return found


def _files(folder: Path) -> Iterator[Path]:
    try:
        paths = sorted(folder.iterdir())
    except OSError:
        return
    for path in paths:
        if path.suffix.lower() in SUFFIXES and path.is_file() and not path.name.startswith(("~$", ".~lock", ".")):
            yield path


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


_READ: dict[tuple[Path, int, int, str, str], CriteriaFile] = {}


def _read_cached(path: Path, shown: str, origin: str) -> CriteriaFile:
    """A file read once while it is unchanged (a batch loads the criteria per agency)."""
    stat = path.stat()
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size, shown, origin)
    if key not in _READ:
        _READ[key] = read_file(path, shown, origin)
    return _READ[key]


def find_criteria(
    fiscal_year: int | None = None,
    criteria_set: str = "",
    root: Path | None = None,
    folders: Sequence[tuple[Path, str]] | None = None,
) -> tuple[Criteria, list[Problem]]:
    """The criteria the documents of `fiscal_year` use, from the criteria folders of the project at
    `root` (see the module) or the bundled files, and the problems of the files looked at.

    A file of the year (or one whose year cannot be read) that has errors is reported and never
    used; the result then still holds usable criteria, but the errors stop a build.
    """
    bundled = load_criteria(fiscal_year, criteria_set=criteria_set)
    wanted_set = normalize_text(criteria_set).lower()
    year = fiscal_year or bundled.fiscal_year
    problems: list[Problem] = []
    best: tuple[tuple[int, bool, int], CriteriaFile] | None = None
    for rank, (folder, origin) in enumerate(criteria_folders(root) if folders is None else folders):
        for path in _files(folder):
            try:
                found = _read_cached(path, _shown(path, root), origin)
            except OSError as exc:
                problems.append(
                    Problem(
                        "criteria-file-unreadable",
                        file=_shown(path, root),
                        details={"reason": exc.strerror or type(exc).__name__},
                    )
                )
                continue
            if found.criteria_set not in ("", wanted_set):
                continue  # another agency type's list
            own_year = found.fiscal_year
            # A file that competes for the year is reported: one of the year itself or a nearer one than the
            # bundled file (which it would replace), or one whose year cannot be read.
            if own_year is None or bundled.fiscal_year <= own_year <= year:
                problems += found.problems
            if not found.usable or own_year is None or own_year > year:
                continue
            key = (own_year, found.criteria_set == wanted_set, -rank)
            if best is None or key > best[0]:
                best = (key, found)
    bundled_key = (bundled.fiscal_year, bundled.criteria_set == wanted_set, -(10**6))  # any folder wins a tie
    if best is None or best[0] < bundled_key:
        return bundled, problems
    chosen = best[1].criteria()
    return replace(chosen, requested_year=year, requested_set=wanted_set), problems
