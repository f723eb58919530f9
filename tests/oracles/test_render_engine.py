"""The renderer's speed-ups make the same documents as the plain ways.

Goes when: docxtpl releases in-place parsing (then docxtpl_fast and its comparison go), or
on 2027-09-30, after a season of builds, whichever comes first; the plain ways compared here
are python-docx's and docxtpl's own, which stay available.

- itadocs.word.docxtpl_fast against docxtpl's own DocxTemplate: every part of every document of
  the example and of a generated project, and templates that take docxtpl's own way (an
  inline picture, text with line breaks and tabs).
- Vertical merges written directly against python-docx's general cell merge, on random tables.
- The text passes walked with lxml against the XPath selections they replace.
"""

from __future__ import annotations

import dataclasses
import io
import random
import shutil
import struct
import zipfile
import zlib
from copy import deepcopy
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document
from docx.exceptions import PythonDocxError
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docxtpl import DocxTemplate
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from itadocs import thai
from itadocs.documents import DOCUMENTS
from itadocs.project import load_project
from itadocs.word import docxtpl_fast, finish, layout, oxml, render

from ..conftest import EXAMPLE_DATA, REPO


def _parts(data: bytes) -> dict[str, bytes]:
    """Every part of a package; an embedded workbook part by part, without its creation time."""
    found: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            blob = z.read(name)
            if name.endswith(".xlsx"):
                found |= {f"{name}!{k}": v for k, v in _parts(blob).items() if k != "docProps/core.xml"}
            else:
                found[name] = blob
    return found


MADE = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _render_everything(root: Path, template_class, monkeypatch) -> dict[str, dict[str, bytes]]:
    monkeypatch.setattr(render, "Template", template_class)
    properties = render.document_properties  # at one time, so the two renders' core.xml agree
    monkeypatch.setattr(
        render, "document_properties", lambda project, kind: dataclasses.replace(properties(project, kind), made=MADE)
    )
    project, report = load_project(root)
    assert project is not None, report.errors[:3]
    out = root / template_class.__name__
    return {
        key: _parts(render.render_document(project, kind, out=out / f"{key}.docx").read_bytes())
        for key, kind in DOCUMENTS.items()
    }


def _generated(root: Path, count: int = 120, divisions: int = 6) -> Path:
    """A project of `count` measures with the example's texts, each a little different, some
    with addresses and dates, over `divisions` divisions."""
    from itadocs.excel.sample import write_project

    rng = random.Random(14)
    pool = [m for rows in EXAMPLE_DATA["measures"].values() for m in rows]
    names = [f"กองทดสอบที่ {i + 1}" for i in range(divisions)]
    measures: dict[str, list[dict]] = {name: [] for name in names}
    for i in range(count):
        row = dict(rng.choice(pool))
        row["issue"] = f"{row['issue']} (กรณีที่ {i + 1})"
        row["steps"] += f"\n{rng.randint(3, 9)}. รายงานผลครั้งที่ {i + 1} ที่ www.example{i}.go.th วันที่ 1 มี.ค. 2569"
        measures[names[i % divisions]].append(row)
    write_project(root / "inputs", EXAMPLE_DATA["agency"], measures, None, EXAMPLE_DATA["assessment"])
    return root


@pytest.mark.parametrize("project", ["example", "generated"])
def test_every_part_is_the_one_docxtpl_makes(project, tmp_path, monkeypatch):
    root = tmp_path / project
    if project == "example":
        shutil.copytree(REPO / "inputs", root / "inputs")
    else:
        _generated(root)
    walked: list = []
    grid_walk = docxtpl_fast._grid_walk

    def counted(tpl, tree):
        walked.append(tree)
        return grid_walk(tpl, tree)

    monkeypatch.setattr(docxtpl_fast, "_grid_walk", counted)
    fast = _render_everything(root, docxtpl_fast.FastDocxTemplate, monkeypatch)
    assert len(walked) == len(DOCUMENTS)  # each document took the in-place way, not docxtpl's
    monkeypatch.undo()
    stock = _render_everything(root, DocxTemplate, monkeypatch)
    for key in DOCUMENTS:
        assert fast[key].keys() == stock[key].keys()
        assert [name for name in stock[key] if fast[key][name] != stock[key][name]] == [], key


def _png() -> bytes:
    """A 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def _template(tmp_path: Path, picture: bool) -> Path:
    document = Document()
    document.add_paragraph("{{ title }}")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "{{ left }}"
    table.cell(0, 1).text = "{{ right }}"
    if picture:  # an inline picture declares xmlns:pic inside the body, as Word writes it
        document.add_picture(io.BytesIO(_png()))
    path = tmp_path / f"template-{picture}.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    "picture, context",
    [
        (True, {"title": "ภาพ", "left": "ซ้าย", "right": "ขวา"}),
        (False, {"title": "บรรทัด\nใหม่\tแท็บ", "left": "a\fb", "right": "c\ad"}),  # docxtpl's listing characters
        (False, {"title": "& < > \" '", "left": "", "right": "๑๒๓"}),
    ],
)
def test_templates_docxtpl_handles_its_own_way_come_out_the_same(picture, context, tmp_path):
    template = _template(tmp_path, picture)
    made = {}
    for cls in (DocxTemplate, docxtpl_fast.FastDocxTemplate):
        tpl = cls(template)
        tpl.render(context, render._environment(), autoescape=True)
        out = tmp_path / f"{cls.__name__}.docx"
        tpl.save(out)
        made[cls.__name__] = _parts(out.read_bytes())
    assert made["FastDocxTemplate"] == made["DocxTemplate"]


def test_streamed_save_writes_what_python_docx_writes(tmp_path):
    document = Document(str(_template(tmp_path, picture=True)))
    document.add_paragraph("ข้อความ " * 1000)
    document.save(str(tmp_path / "plain.docx"))
    docxtpl_fast.save_streaming(document, tmp_path / "streamed.docx")
    with zipfile.ZipFile(tmp_path / "plain.docx") as plain, zipfile.ZipFile(tmp_path / "streamed.docx") as streamed:
        assert plain.namelist() == streamed.namelist()
        for info in plain.infolist():
            assert streamed.read(info.filename) == plain.read(info.filename), info.filename
            assert streamed.getinfo(info.filename).external_attr == info.external_attr


# --- vertical merges -------------------------------------------------------------------


def _merge_with_python_docx_only(document) -> None:
    """merge_repeated_cells as it was: python-docx's cell merge for every run of equal cells."""
    for table in document.tables:
        caption = oxml.table_caption(table)
        match = finish.MERGE_CAPTION.match(caption.get(qn("w:val"), "")) if caption is not None else None
        if caption is None or not match:
            continue
        oxml.remove(caption)
        finish._merge_with_python_docx(table, [int(c) - 1 for c in match[1].split(",") if c.strip()])


def _cell(text: str = "", span: int = 1, extra: str = "", paragraphs: list[str] | None = None) -> str:
    spans = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    texts = paragraphs if paragraphs is not None else [text]
    body = "".join(
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>' if t else "<w:p/>" for t in texts
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>{spans}{extra}</w:tcPr>{body}</w:tc>'


def _row(*cells: str, header: bool = False, before: int = 0) -> str:
    properties = ""
    if header or before:
        properties = (
            "<w:trPr>"
            + (f'<w:gridBefore w:val="{before}"/>' if before else "")
            + ("<w:tblHeader/>" if header else "")
            + "</w:trPr>"
        )
    return f"<w:tr>{properties}{''.join(cells)}</w:tr>"


def _table(caption: str, *rows: str, columns: int = 3) -> str:
    grid = '<w:gridCol w:w="1000"/>' * columns
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblCaption w:val="{caption}"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


_NESTED = f'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="500"/></w:tblGrid><w:tr>{_cell("in")}</w:tr></w:tbl>'
MERGE_CASES = {
    "runs under a header": _table(
        "itadocs:merge 1,2",
        _row(_cell("h1"), _cell("h2"), _cell("h3"), header=True),
        _row(_cell("A"), _cell("x"), _cell("1")),
        _row(_cell("A"), _cell("x"), _cell("2")),
        _row(_cell("A"), _cell("y"), _cell("3")),
        _row(_cell("B"), _cell("y"), _cell("4")),
        _row(_cell(""), _cell(""), _cell("5")),
        _row(_cell(""), _cell(""), _cell("6")),
    ),
    "cells of several paragraphs": _table(
        "itadocs:merge 1", *[_row(_cell(paragraphs=["a", "b"]), _cell(n), _cell(n)) for n in "123"]
    ),
    "a row spanning two columns": _table(
        "itadocs:merge 1,2",
        _row(_cell("A"), _cell("x"), _cell("1")),
        _row(_cell("A", span=2), _cell("2")),
        _row(_cell("A"), _cell("x"), _cell("3")),
    ),
    "a row starting later": _table(
        "itadocs:merge 1,2",
        _row(_cell("A"), _cell("x"), _cell("1")),
        _row(_cell("A"), _cell("x"), before=1),
        _row(_cell("A"), _cell("x"), _cell("3")),
    ),
    "a table in a cell below": _table(
        "itadocs:merge 1",
        _row(_cell("A"), _cell("1"), _cell("1")),
        _row(f"<w:tc><w:tcPr/><w:p><w:r><w:t>A</w:t></w:r></w:p>{_NESTED}<w:p/></w:tc>", _cell("2"), _cell("2")),
    ),
    "merged already": _table(
        "itadocs:merge 2",
        _row(_cell("A", extra='<w:vMerge w:val="restart"/>'), _cell("x"), _cell("1")),
        _row(_cell("", extra="<w:vMerge/>"), _cell("x"), _cell("2")),
        _row(_cell("B"), _cell("x"), _cell("3")),
    ),
    "one column twice": _table("itadocs:merge 1,1", *[_row(_cell("A"), _cell(n), _cell(n)) for n in "123"]),
    "no merge asked": _table(
        "something else", _row(_cell("A"), _cell("1"), _cell("1")), _row(_cell("A"), _cell("2"), _cell("2"))
    ),
}


def _document(xml: str):
    document = Document()
    document.element.body.insert(0, parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")[0])
    return document


def _merged(merge, xml: str) -> str:
    document = _document(xml)
    try:
        merge(document)
    except (ValueError, PythonDocxError) as exc:  # python-docx refuses some shapes: the same refusal is the same
        return f"{type(exc).__name__}: {exc}"
    return etree.tostring(document.element, encoding="unicode")


@pytest.mark.parametrize("xml", MERGE_CASES.values(), ids=MERGE_CASES.keys())
def test_merges_written_directly_are_python_docxs(xml):
    assert _merged(finish.merge_repeated_cells, xml) == _merged(_merge_with_python_docx_only, xml)


@st.composite
def merge_tables(draw) -> str:
    rows = []
    for number in range(draw(st.integers(1, 7))):
        cells, room = [], 3
        while room:
            span = draw(st.sampled_from([1, 1, 1, 2])) if room >= 2 else 1
            cells.append(_cell(draw(st.sampled_from(["A", "A", "B", ""])), span=span))
            room -= span
        rows.append(_row(*cells, header=number == 0 and draw(st.booleans())))
    columns = draw(st.lists(st.sampled_from("123"), min_size=1, max_size=3))
    return _table("itadocs:merge " + ",".join(columns), *rows)


@settings(max_examples=150, deadline=None)
@given(merge_tables())
def test_merges_of_random_tables_are_python_docxs(xml):
    assert _merged(finish.merge_repeated_cells, xml) == _merged(_merge_with_python_docx_only, xml)


# --- text passes -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered_example():
    """The example's 6-month report rendered, before any finishing pass."""
    project, _ = load_project(REPO)
    assert project is not None
    kind = DOCUMENTS["progress-6"]
    from itadocs.documents import context_for

    tpl = render.Template(render._template_file(render.find_template(REPO, kind.template)))
    tpl.render(context_for(project, kind), render._environment(), autoescape=True)
    return tpl.docx


def test_text_nodes_walked_are_those_xpath_selected(rendered_example):
    root = rendered_example.element
    for pattern, digits in ((finish._ARABIC_DIGIT, "0123456789"), (finish._ANY_DIGIT, "0123456789๐๑๒๓๔๕๖๗๘๙")):
        selected = root.xpath(f"//w:t[translate(., '{digits}', '') != .]")
        assert [t for t, _ in finish._texts_with(root, pattern)] == selected
    addresses = root.xpath(
        "//w:t[contains(., '://') or contains(., 'www.') or contains(., '@')][parent::w:r][not(ancestor::w:hyperlink)]"
    )
    assert finish._may_hold_address(root) == addresses


def test_dates_and_digits_in_one_walk_are_the_two_passes(rendered_example):
    one, two = deepcopy(rendered_example), deepcopy(rendered_example)
    finish.keep_dates_together(one, then=finish.thai_digits)
    finish.keep_dates_together(two)
    finish.thai_digits_everywhere(two)
    assert etree.tostring(one.element) == etree.tostring(two.element)
    assert thai.NBSP in etree.tostring(one.element, encoding="unicode")  # some date was kept together


def _cant_split(row) -> bool:
    return row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None


# Margins at which the example has rows of both kinds (the mechanism is compared, not the margin).
@pytest.mark.parametrize("margin", [1.0])
def test_rows_measured_only_up_to_their_room_are_kept_whole_as_if_measured_whole(rendered_example, margin):
    document = deepcopy(rendered_example)
    tables = list(oxml.tables_by_section(document))
    whole_already = {row for table, _ in tables for row in table.tr_lst if _cant_split(row)}  # by the template
    finish.keep_rows_whole(document, margin)
    styles, fits = layout.Styles(document), []
    for table, section in tables:
        columns, header = layout.Columns(table), 0.0
        opening = layout.opening_cm(table, styles, layout.text_width_cm(section))
        first = True
        for row in table.tr_lst:
            height = layout.row_height_cm(row, columns, styles)  # the whole row, every cell
            if oxml.is_header_row(row):
                header += height
                continue
            room = (layout.page_height_cm(section) - header) * margin
            if first and (
                height > room * finish.FIRST_ROW_SHARE
                or (opening is not None and height > layout.page_height_cm(section) - opening - header)
            ):
                assert not _cant_split(row)  # runs on from the page of the headings above it
                first = False
                continue
            first = False
            if row not in whole_already:
                fits.append(height <= (layout.page_height_cm(section) - header) * margin)
                assert _cant_split(row) == fits[-1]
    assert len(set(fits)) == 2  # rows of both kinds were compared


_RPR_CHILDREN = ["w:rStyle", *(tag.replace(qn("w:x")[:-1], "w:") for tag in oxml._AFTER_R_STYLE), "w14:ligatures"]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_RPR_CHILDREN), max_size=6))
def test_a_link_s_character_style_goes_where_python_docx_puts_it(children):
    xml = (
        f'<w:rPr {nsdecls("w")} xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">'
        + "".join(f'<{tag} w:val="{i}"/>' for i, tag in enumerate(children))
        + "</w:rPr>"
    )
    ours, theirs = parse_xml(xml), parse_xml(xml)
    oxml._set_run_style(ours, "Hyperlink")
    theirs.style = "Hyperlink"
    assert etree.tostring(ours) == etree.tostring(theirs)


def test_a_rendered_document_lets_go_of_its_xml_once_saved(tmp_path):
    """A warm process (the web page's workers, build --watch) must not pile up documents until
    the garbage collector next looks at old objects: the saved document's trees go at once."""
    project, report = load_project(REPO)
    assert project is not None, report.errors[:3]
    kept: list = []
    kind = DOCUMENTS["progress-6"]
    out = render.render(
        render.find_template(REPO, kind.template),
        render.context_for(project, kind),
        tmp_path / "report.docx",
        finish=kept.append,
    )
    package = kept[0].part.package
    assert all(vars(part).get("_element") is None and vars(part).get("_blob") is None for part in package.iter_parts())
    assert sum(len(t.rows) for t in Document(str(out)).tables) > len(project.measures)  # the file is whole
