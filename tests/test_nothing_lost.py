"""Nothing typed is lost: random workbooks go through merge and render with every row and text intact."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from itadocs.criteria import load_criteria
from itadocs.documents import DOCUMENTS
from itadocs.excel.merged import MERGED_SHEET, write_merged_workbook
from itadocs.excel.sample import write_project
from itadocs.project import load_project
from itadocs.thai import normalize_text, thai_digits
from itadocs.word.render import render_document

from .conftest import AGENCY
from .docx_checks import open_docx, table_rows

CRITERIA = load_criteria(2568)
# Thai letters and marks (with the nikhahit of a split sara am), Latin, both digit scripts,
# characters XML and Jinja care about, line breaks and a zero-width space.
ALPHABET = st.sampled_from(
    list("กขคงจฉชซญดตถทนบปผพฟมยรลวสหอฮะาิีึืุูเแโใไ่้๊๋็ำ์ํ") + list("abcXYZ0123456789๑๒") + list(" &<>\"'{}%/.-\n\u200b")
)
# All-digit text would be stored by Excel (and by write_project) as a number, like "00" -> 0.
TEXT = st.text(ALPHABET, min_size=1, max_size=40).filter(
    lambda t: normalize_text(t) != "" and not (t.isascii() and t.isdigit())
)


@st.composite
def measure_rows(draw):
    indicator = draw(st.sampled_from(CRITERIA.indicators))
    with_indicator = draw(st.booleans())
    return {
        "tool": indicator.tool,
        "indicator": str(indicator.number) if with_indicator else "",
        "issue": draw(TEXT),
        "responsible": draw(TEXT),
        "steps": draw(TEXT),
        "progress": draw(st.one_of(st.just(""), TEXT)),
    }


DIVISIONS = st.dictionaries(
    st.sampled_from(["สำนักปลัด", "กองคลัง", "กองช่าง"]),
    st.lists(measure_rows(), min_size=1, max_size=4),
    min_size=1,
    max_size=3,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DIVISIONS)
def test_every_row_survives_merge_and_render(divisions):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_project(root / "inputs", AGENCY, divisions)
        project, report = load_project(root)
        assert project is not None, [p.code for p in report.problems]
        typed = [row for rows in divisions.values() for row in rows]
        assert len(project.measures) == len(typed)

        merged = load_workbook(write_merged_workbook(root / "output" / "merged.xlsx", project.measures))[MERGED_SHEET]
        header = [c.value for c in merged[1]]
        issue_col = header.index("ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา")
        steps_col = header.index("ขั้นตอนหรือวิธีการ/มาตรการ")
        merged_rows = [[c.value for c in row] for row in merged.iter_rows(min_row=2)]
        expected = Counter((normalize_text(r["issue"]), normalize_text(r["steps"])) for r in typed)
        assert Counter((r[issue_col], r[steps_col]) for r in merged_rows) == expected

        doc = open_docx(render_document(project, DOCUMENTS["progress-6"], root / "output" / "progress-6.docx"))
        cells = [row for table in doc.tables for row in table_rows(table)[1:] if len(row) == 5]
        rendered = Counter((row[0], row[2]) for row in cells)
        assert rendered == Counter(
            (thai_digits(normalize_text(r["issue"])), thai_digits(normalize_text(r["steps"]))) for r in typed
        )
