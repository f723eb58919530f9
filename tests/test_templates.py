"""Templates users change in Word: copy, check, document, and build with the copy."""

from __future__ import annotations

import shutil

from docx import Document

from itadocs.documents import DOCUMENTS
from itadocs.word.templates import VARIABLES, check_template, documented_paths, variables_markdown

from .conftest import REPO, invoke
from .docx_checks import open_docx, visible_texts


def edited_copy(tmp_path, edit, name="progress-6.docx"):
    """A copy of a bundled template changed by `edit(document)`, as a coordinator would in Word."""
    path = tmp_path / name
    document = Document(str(REPO / "templates" / name))
    edit(document)
    document.save(str(path))
    return path


def heading(document):
    return next(p for p in document.paragraphs if p.style.name == "Heading 1")


def test_bundled_templates_are_clean():
    for kind in DOCUMENTS.values():
        assert check_template(REPO / "templates" / kind.template, kind.key) == [], kind.template


def test_split_tag_is_reported_with_its_place(tmp_path):
    def split(document):
        paragraph = heading(document)
        for run in paragraph.runs:
            run.text = ""
        paragraph.runs[0].text = "ของ{{ agency."
        paragraph.add_run("name }}").bold = True

    problems = check_template(edited_copy(tmp_path, split), "progress-6")
    assert [(p.code, p.cell, p.value) for p in problems] == [("template-tag-split", "ย่อหน้า 14", "{{ agency.name }}")]


def test_unknown_variables_and_misspelt_fields(tmp_path):
    def unknown(document):
        heading(document).add_run(" {{ budget_total }}")

    problems = check_template(edited_copy(tmp_path, unknown), "progress-6")
    assert [(p.code, p.value, p.cell) for p in problems] == [("template-unknown-variable", "budget_total", "ย่อหน้า 14")]

    def misspelt(document):
        heading(document).add_run(" {{ agency.nmae }}")

    problems = check_template(edited_copy(tmp_path, misspelt), "progress-6")
    assert [(p.code, p.value) for p in problems] == [("template-unknown-variable", "nmae")]


def test_syntax_error_is_placed_in_a_table_cell(tmp_path):
    def broken(document):
        cell = document.tables[0].rows[2].cells[1]
        cell.paragraphs[1].runs[0].text = "{{ line }"

    problems = check_template(edited_copy(tmp_path, broken), "progress-6")
    assert [p.code for p in problems] == ["template-syntax"]
    assert problems[0].cell == "ตาราง 1 แถว 3 ช่อง 2"
    assert "ตาราง 1 แถว 3 ช่อง 2" in problems[0].cell and problems[0].message("th")


def test_templates_check_command(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    edited_copy(folder, lambda d: heading(d).add_run(" {{ budget_total }}"))
    result = invoke("templates", "check", folder)
    assert result.exit_code == 1
    assert "template-unknown-variable" in result.output and "budget_total" in result.output
    result = invoke("templates", "check", folder, "--lang", "en")
    assert "Unknown template variable" in result.output
    assert invoke("templates", "check", REPO / "templates").exit_code == 0


def test_build_uses_the_projects_own_template(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    result = invoke("templates", "copy", tmp_path)
    assert result.exit_code == 0 and len(list((tmp_path / "templates").glob("*.docx"))) == 3
    assert "ไม่เขียนทับ" in invoke("templates", "copy", tmp_path).output
    path = tmp_path / "templates" / "progress-6.docx"
    document = Document(str(path))
    heading(document).add_run(" (ฉบับปรับปรุง 2)")
    document.save(str(path))
    assert invoke("build", tmp_path).exit_code == 0
    doc = open_docx(next((tmp_path / "output").glob("รายงานการดำเนินการ*.docx")))
    assert any(t.endswith("(ฉบับปรับปรุง ๒)") for t in visible_texts(doc))  # digits typed in Word become Thai


def test_every_variable_is_documented_and_the_docs_are_current():
    for key in DOCUMENTS:
        undocumented = [p for p in documented_paths(key) if p not in VARIABLES]
        assert undocumented == [], key
    used = {p for key in DOCUMENTS for p in documented_paths(key)}
    assert set(VARIABLES) - used == set()  # nothing documented that no longer exists
    assert (REPO / "docs" / "templates.md").read_text(encoding="utf-8") == variables_markdown()
