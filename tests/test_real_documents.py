"""Two published documents rebuilt from workbooks filled as their coordinators would fill ours.

The reference documents are read at run time from ../shared/seeds (plain-text extractions of
a measures document with its score analysis, and of a 12-month report); the test is skipped
where they are absent, and none of their text is kept in the repository.  Each is parsed into
what a coordinator types (the agency, last year's scores, the issues and items of part 1,
the measures in the order written), the workbooks are written by itadocs' own writer and
filled, the documents are built, and every measure, score, heading and column title must
come out as the document writes it: compared without spacing, with Thai and Arabic digits
alike and pasted-text damage repaired on both sides (the extractions keep a PDF's line
breaks and spacing, not the author's).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

import itadocs
from itadocs.excel.sample import write_project
from itadocs.thai import normalize_text, to_arabic_digits

from .conftest import REPO
from .docx_checks import open_docx, table_rows, visible_texts

# The reference documents: $ITADOCS_SEEDS, else shared/seeds beside the repository or beside one of
# the folders above it (a worktree or a CI clone sits deeper).
SEEDS = next(
    (
        p
        for p in (
            *([Path(os.environ["ITADOCS_SEEDS"])] if os.environ.get("ITADOCS_SEEDS") else []),
            *(folder / "shared" / "seeds" for folder in REPO.parents),
        )
        if p.is_dir()
    ),
    REPO.parent / "shared" / "seeds",
)


def seed(prefix: str) -> str:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"reference document {prefix} not available")
    return found[0].read_text(encoding="utf-8")


def plain(text: str) -> str:
    """A cell of the extraction as the text an author typed: tags and list markup gone."""
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.split())


def key(text: str) -> str:
    """What must be equal: the words and numbers, whatever the spacing and the digits."""
    return "".join(to_arabic_digits(normalize_text(text)).split())


def bullets(text: str) -> str:
    """'- a - b' typed as two lines, as a coordinator would type a list into one cell."""
    return "\n".join(part.strip() for part in re.split(r"\s+(?=-\s)", plain(text)) if part.strip())


def code(text: str) -> str:
    """'i๑' -> 'i1', 'ข้อ ๐๒๗' or '0๒๗' -> 'o27': a zero written for the letter O."""
    text = key(text).lower()
    return text if text[:1].isalpha() else f"o{int(text)}"


def must(match: re.Match[str] | None) -> re.Match[str]:
    """A match the reference document's layout promises: its absence fails the test here."""
    assert match is not None, "the reference document's layout changed"
    return match


def number(text: str) -> float:
    return float(to_arabic_digits(text.strip()))


def doc_tables(path: Path) -> list[list[list[str]]]:
    return [table_rows(t) for t in open_docx(path).tables]


# --- the measures document (kind A) ----------------------------------------------------


def parse_measures_document(text: str) -> dict[str, Any]:
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    year_line = next(i for i, line in enumerate(stripped) if line.startswith("ของหน่วยงานภาครัฐ ในปีงบประมาณ"))
    assessed = int(to_arabic_digits(must(re.search(r"[๐-๙\d]{4}", stripped[year_line]))[0]))
    agency, place = [line for line in stripped[year_line + 1 : year_line + 6] if line][:2]
    district, province = must(re.fullmatch(r"อำเภอ(\S+) จังหวัด(\S+)", place)).groups()
    total, level = must(re.search(r"คะแนนที่ได้ ([๐-๙.]+) คะแนน ระดับผลการประเมินอยู่ที่ระดับ (\S+)", text)).groups()

    headers: dict[str, list[str]] = {}
    indicators: list[dict[str, Any]] = []
    issues: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    measures: list[list[str]] = []
    part, tool, issue = 0, "", 0
    for raw in lines:
        cells = raw.split("\t")
        line = raw.strip()
        if line.startswith("ส่วนที่ ๑"):
            part = 1
        elif line.startswith("ส่วนที่ ๒"):
            part = 2
        match = re.fullmatch(r"ประเด็นที่ ([๐-๙]+) (.+)", line)
        if match and part == 1:
            issue = int(to_arabic_digits(match[1]))
            issues.append({"number": issue, "title": match[2].strip()})
            continue
        if len(cells) < 4 or set(raw) <= set("-\t "):  # no table row, or a rule under the last table
            continue
        if cells[0] in ("แบบ", "ลำดับ", "หัวข้อ"):
            headers.setdefault(cells[0], cells)
            if cells[0] == "ลำดับ" and "ข้อคำถาม" in cells:
                headers["ลำดับ"] = cells  # one of the repeated headers has a typo; the form's wording
            continue
        if part == 0 and len(cells) == 4:
            tool = cells[0] or tool
            indicators.append(
                {"number": int(to_arabic_digits(cells[1])), "name": cells[2], "score": number(cells[3]), "tool": tool}
            )
        elif part == 1 and len(cells) == 6:
            tool = cells[2] or tool
            if not cells[3]:  # a finding continued on the next page
                items[-1]["finding"] += " " + cells[5]
                continue
            code = cells[3].removeprefix("ข้อ").strip()  # as written: "i๑", "๐๗", "0๑๑"
            items.append({"issue": issue, "tool": tool, "code": code, "score": number(cells[4]), "finding": cells[5]})
        elif part == 2 and len(cells) == 6:
            measures.append([plain(c) for c in cells])
    return {
        "agency": agency,
        "district": district,
        "province": province,
        "assessed": assessed,
        "total": number(total),
        "level": level,
        "headers": headers,
        "indicators": indicators,
        "issues": issues,
        "items": items,
        "measures": measures,
        "headings": [line for line in stripped if line.startswith(("ส่วนที่", "ประเด็นที่"))],
        "cover": [line for line in stripped[: year_line + 1] if line],
    }


def typed_measure(row: list[str], criteria: Any) -> dict[str, Any]:
    """One row of part 2 as a coordinator types it into the form."""
    topic, measure, analysis, steps, period, responsible = row
    match = must(re.match(r"([๐-๙\d]+)\.\s*(.*)", topic))
    numbers = [int(n) for n in re.findall(r"ตัวชี้วัดที่ (\d+)(?![.\d])", to_arabic_digits(analysis))]
    subs = re.findall(r"ตัวชี้วัด(?:ย่อย)?ที่ (\d+\.\d)", to_arabic_digits(analysis))
    cited = []
    for n in numbers:
        tool = criteria.indicator(n).tool
        mine = [s for s in subs if s.split(".")[0] == str(n)] or [str(n)]
        cited += [(tool, ref) for ref in mine]
    tools = list(dict.fromkeys(tool for tool, _ in cited))
    # The item codes the analysis names in brackets ("(0๘,0๙)"), not the other words in brackets.
    codes = ", ".join(g for g in re.findall(r"\(([^)]*)\)", analysis) if re.fullmatch(r"[\s,0๐-๙]+", g))
    return {
        "order": int(to_arabic_digits(match[1])),
        "tool": ", ".join(tools),
        "indicator": " / ".join(f"{tool} {ref}" if len(tools) > 1 else ref for tool, ref in cited),
        "questions": codes,
        "issue": match[2],
        "answers_issue": to_arabic_digits(match[1]),
        "measure": bullets(measure),
        "analysis": bullets(analysis),
        "steps": bullets(steps),
        "period": bullets(period),
        "responsible": bullets(responsible),
    }


@pytest.fixture(scope="module")
def measures_document(tmp_path_factory):
    found = parse_measures_document(seed("001"))
    fiscal_year = found["assessed"] + 1
    criteria = itadocs.criteria_of(fiscal_year)
    root = tmp_path_factory.mktemp("measures-document")
    assessment = {
        "overall_score": found["total"],
        "level": found["level"],
        "indicators": [{"number": i["number"], "score": i["score"], "name": i["name"]} for i in found["indicators"]],
        "issues": found["issues"],
        "items": found["items"],
    }
    rows = [typed_measure(row, criteria) for row in found["measures"]]
    write_project(
        root / "inputs",
        {
            "name": found["agency"],
            "district": found["district"],
            "province": found["province"],
            "fiscal_year": fiscal_year,
            "round": 6,
        },
        {"สำนักปลัด": rows},
        ["สำนักปลัด"],
        assessment,
    )
    result = itadocs.build(root, documents=["measures"])
    assert result.ok, (result.failure, [p.message() for p in result.report.errors])
    [path] = result.documents
    return found, path, result.report


def test_the_measures_document_keeps_every_measure_as_written(measures_document):
    found, path, report = measures_document
    [part_2] = [t for t in doc_tables(path) if t and key(t[0][0]) == key("หัวข้อ")]
    rows = part_2[1:]
    assert len(rows) == len(found["measures"])
    for written, made in zip(found["measures"], rows, strict=True):
        # หัวข้อ names the issue chosen; the measure, the division's own analysis, the steps, the period
        # and who is responsible are as written, in the order written.
        assert [key(cell) for cell in made] == [key(cell) for cell in written]
    # Typed, the analysis is no draft: no measure is reported as drafted.
    assert not [p for p in report.problems if p.code == "analysis-drafted"]


def test_the_measures_document_keeps_every_score_as_written(measures_document):
    found, path, _ = measures_document
    texts = visible_texts(open_docx(path))
    sentence = next(t for t in texts if "ได้คะแนน" in t)
    assert key(f"{found['total']:.2f}") in key(sentence) and key(f"อยู่ในระดับ{found['level']}") in key(sentence)
    tables = doc_tables(path)
    [indicator_table] = [t for t in tables if t and key(t[0][0]) == key("แบบ")]
    assert [(key(r[1]), key(r[2]), key(r[3].rstrip(" *"))) for r in indicator_table[1:]] == [
        (str(i["number"]), key(i["name"]), f"{i['score']:.2f}") for i in found["indicators"]
    ]
    issue_tables = [t for t in tables if t and key(t[0][0]) == key("ลำดับ")]
    made = [(key(r[3].split("\n")[0]).removeprefix("ข้อ"), key(r[4].rstrip(" *"))) for t in issue_tables for r in t[1:]]
    assert made == [(code(i["code"]), f"{i['score']:.2f}") for i in found["items"]]
    findings = "".join(key(r[5]) for t in issue_tables for r in t[1:])
    for item in found["items"]:
        assert key(item["finding"]) in findings


def test_the_measures_document_has_the_headings_and_column_titles_written(measures_document):
    found, path, _ = measures_document
    whole = key("".join(visible_texts(open_docx(path))))
    for heading in found["headings"]:
        assert key(heading) in whole, heading
    assert key("".join(found["cover"])) in whole  # the cover's lines, read in order
    tables = doc_tables(path)
    for first, header in found["headers"].items():
        [made] = [t[0] for t in tables if t and key(t[0][0]) == key(first)][:1]
        assert [key(cell) for cell in made] == [key(cell) for cell in header], first


# --- the 12-month report (kind C) ----------------------------------------------------------


def parse_twelve_month_report(text: str) -> dict[str, Any]:
    lines = [line.strip() for line in text.split("\n")]
    round_line = next(i for i, line in enumerate(lines) if line.startswith("รอบ ๑๒ เดือน"))
    title = "".join(lines[:round_line]).strip()
    title, year = must(re.fullmatch(r"(.+?)ประจำปีงบประมาณ\s*([๐-๙]{4})", " ".join(title.split()))).groups()
    agency, place = [line for line in lines[round_line + 1 : round_line + 6] if line][:2]
    district, province = must(re.fullmatch(r"อำเภอ(\S+) จังหวัด(\S+)", " ".join(place.split()))).groups()
    opening = must(re.search(r"จากการประเมิน.+?อยู่ในระดับ(\S+)", text, re.DOTALL))
    header, rows = None, []
    for line in text.split("\n"):
        cells = line.split("\t")
        if len(cells) != 6:
            continue
        if cells[0] == "มาตรการ/แนวทาง":
            header = cells
        else:
            rows.append([plain(c) for c in cells])
    return {
        "title": title.strip(),
        "year": int(to_arabic_digits(year)),
        "agency": agency.strip(),
        "district": district,
        "province": province,
        "opening": opening[0],
        "level": opening[1],
        "header": header,
        "rows": rows,
    }


def paragraphs(cell: str) -> str:
    """A cell's paragraphs (<p>) and numbered lines typed one per line, as Alt+Enter in Excel."""
    return "\n".join(part.strip() for part in re.split(r"\s+(?=[-๐-๙\d]+[.)]?\S)", cell) if part.strip())


@pytest.fixture(scope="module")
def twelve_month_report(tmp_path_factory):
    found = parse_twelve_month_report(seed("002"))
    root = tmp_path_factory.mktemp("twelve-month-report")
    rows = []
    for measure, steps, responsible, period, summary, outcome in found["rows"]:
        number, rest = must(re.fullmatch(r"([๐-๙\d]+)\.\s*(.*)", measure)).groups()
        # What a 12-month report holds, no more: no tool, no issue.
        rows.append(
            {
                "order": int(to_arabic_digits(number)),
                "measure": paragraphs(rest),
                "steps": paragraphs(steps),
                "responsible": responsible,
                "period": period,
                "summary": paragraphs(summary),
                "outcome": paragraphs(outcome),
            }
        )
    write_project(
        root / "inputs",
        {
            "name": found["agency"],
            "district": found["district"],
            "province": found["province"],
            "fiscal_year": found["year"],
            "round": 12,
            "own_level": found["level"],
        },
        {"สำนักปลัด": rows},
        ["สำนักปลัด"],
    )
    result = itadocs.build(root)
    assert result.ok, (result.failure, [p.message() for p in result.report.errors])
    [path] = result.documents
    return found, path


def test_the_twelve_month_report_keeps_every_measure_in_the_order_written(twelve_month_report):
    found, path = twelve_month_report
    [table] = [t for t in doc_tables(path) if t and key(t[0][0]) == key("มาตรการ/แนวทาง")]
    assert [key(cell) for cell in table[0]] == [key(cell) for cell in found["header"]]
    assert len(table) - 1 == len(found["rows"])
    for written, made in zip(found["rows"], table[1:], strict=True):
        assert [key(cell) for cell in made] == [key(cell) for cell in written]


def test_the_twelve_month_report_opens_with_its_own_years_result_under_its_title(twelve_month_report):
    found, path = twelve_month_report
    texts = [t for t in visible_texts(open_docx(path)) if t.strip()]
    assert key(texts[0]) == key(found["title"])  # the cover, titled as the OIT item names the report
    heading = next(t for t in texts[1:] if key(t).startswith(key(found["title"])))
    assert key(str(found["year"])) in key(heading)
    opening = next(t for t in texts if t.startswith("จากการประเมิน"))
    assert key(found["agency"]) in key(opening) and key(f"พ.ศ.{found['year']}") in key(opening)
    assert key(opening).endswith(key(f"อยู่ในระดับ{found['level']}"))
