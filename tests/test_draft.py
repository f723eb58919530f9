"""Draft builds: at the deadline, the documents without the rows that have errors, marked as drafts."""

from __future__ import annotations

import itadocs
from itadocs.word.draft import HEADING, MARK

from .conftest import invoke, measure
from .docx_checks import open_docx, visible_texts


def test_a_draft_leaves_out_the_rows_with_errors_lists_them_and_says_draft_on_every_page(make_project):
    root = make_project(
        {
            "กองคลัง": [measure(issue="ประเด็นที่ใช้ได้"), measure(issue="ประเด็นที่ผิด", tool="XIT")],
            "กองช่าง": [measure(issue="ประเด็นของกองช่าง")],
        }
    )
    normal = invoke("build", root)
    assert normal.exit_code == 1 and "--draft" in normal.output  # a normal build still stops
    assert not list((root / "output").glob("*.docx"))

    result = itadocs.build(root, draft=True)
    assert result.ok and result.draft and len(result.documents) == 1
    path = result.documents[0]
    assert path.name.endswith(" (ฉบับร่าง).docx")
    assert [(r.file, r.row) for r in result.left_out] == [("inputs/กองคลัง.xlsx", 4)]

    doc = open_docx(path)
    texts = visible_texts(doc)
    body = "\n".join(texts)
    assert "ประเด็นที่ใช้ได้" in body and "ประเด็นของกองช่าง" in body and "ประเด็นที่ผิด" not in body
    assert HEADING in texts
    appendix = doc.tables[-1]
    assert appendix.rows[1].cells[0].text == "inputs/กองคลัง.xlsx"  # file name as typed, row in Thai digits
    assert appendix.rows[1].cells[1].text == "๔" and "tool-unknown" in appendix.rows[1].cells[2].text
    for number, section in enumerate(doc.sections):
        headers = [section.header] + ([section.first_page_header] if section.different_first_page_header_footer else [])
        for header in headers:
            if number == 0 or not header.is_linked_to_previous:
                assert MARK in [p.text for p in header.paragraphs], (number, header)

    cli = invoke("build", root, "--draft")
    assert cli.exit_code == 0 and "ฉบับร่างนี้ไม่ได้รวม 1 รายการ" in cli.output
