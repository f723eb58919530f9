"""The native Word chart: packaging, cached data, embedded workbook, Thai digits, fonts."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree
from openpyxl import load_workbook

from itadocs.word.chart import add_bar_chart

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"c": C, "a": A}

CATEGORIES = [
    "๑ การปฏิบัติหน้าที่",
    "๒ การใช้งบประมาณ",
    "๓ การใช้อำนาจ",
    "๔ การใช้ทรัพย์สินของราชการ",
    "๕ การแก้ไขปัญหาการทุจริต",
    "๖ คุณภาพการดำเนินงาน",
    "๗ ประสิทธิภาพการสื่อสาร",
    "๘ การปรับปรุงระบบการทำงาน",
    "๙ การเปิดเผยข้อมูล",
    "๑๐ การป้องกันการทุจริต",
]
VALUES = [92.15, 88.4, 95.0, 71.33, 100.0, 84.99, 90.5, 66.0, 97.25, 60.75]
THRESHOLD_LABEL = "เกณฑ์ผ่าน ๘๕ คะแนน"
SERIES_LABEL = "คะแนน"

# Child order of the elements we write, from the CT_* sequences of dml-chart.xsd.
SCHEMA_ORDER = {
    "chartSpace": [
        "date1904",
        "lang",
        "roundedCorners",
        "style",
        "clrMapOvr",
        "pivotSource",
        "protection",
        "chart",
        "spPr",
        "txPr",
        "externalData",
        "printSettings",
        "userShapes",
        "extLst",
    ],
    "chart": [
        "title",
        "autoTitleDeleted",
        "pivotFmts",
        "view3D",
        "floor",
        "sideWall",
        "backWall",
        "plotArea",
        "legend",
        "plotVisOnly",
        "dispBlanksAs",
        "showDLblsOverMax",
        "extLst",
    ],
    "barChart": [
        "barDir",
        "grouping",
        "varyColors",
        "ser",
        "dLbls",
        "gapWidth",
        "overlap",
        "serLines",
        "axId",
        "extLst",
    ],
    "lineChart": [
        "grouping",
        "varyColors",
        "ser",
        "dLbls",
        "dropLines",
        "hiLowLines",
        "upDownBars",
        "marker",
        "smooth",
        "axId",
        "extLst",
    ],
    "barChart/ser": [
        "idx",
        "order",
        "tx",
        "spPr",
        "invertIfNegative",
        "pictureOptions",
        "dPt",
        "dLbls",
        "trendline",
        "errBars",
        "cat",
        "val",
        "shape",
        "extLst",
    ],
    "lineChart/ser": [
        "idx",
        "order",
        "tx",
        "spPr",
        "marker",
        "dPt",
        "dLbls",
        "trendline",
        "errBars",
        "cat",
        "val",
        "smooth",
        "extLst",
    ],
    "dLbls": [
        "dLbl",
        "delete",
        "numFmt",
        "spPr",
        "txPr",
        "dLblPos",
        "showLegendKey",
        "showVal",
        "showCatName",
        "showSerName",
        "showPercent",
        "showBubbleSize",
        "separator",
        "showLeaderLines",
        "leaderLines",
        "extLst",
    ],
    "catAx": [
        "axId",
        "scaling",
        "delete",
        "axPos",
        "majorGridlines",
        "minorGridlines",
        "title",
        "numFmt",
        "majorTickMark",
        "minorTickMark",
        "tickLblPos",
        "spPr",
        "txPr",
        "crossAx",
        "crosses",
        "crossesAt",
        "auto",
        "lblAlgn",
        "lblOffset",
        "tickLblSkip",
        "tickMarkSkip",
        "noMultiLvlLbl",
        "extLst",
    ],
    "valAx": [
        "axId",
        "scaling",
        "delete",
        "axPos",
        "majorGridlines",
        "minorGridlines",
        "title",
        "numFmt",
        "majorTickMark",
        "minorTickMark",
        "tickLblPos",
        "spPr",
        "txPr",
        "crossAx",
        "crosses",
        "crossesAt",
        "crossBetween",
        "majorUnit",
        "minorUnit",
        "dispUnits",
        "extLst",
    ],
    "scaling": ["logBase", "orientation", "max", "min", "extLst"],
    "legend": ["legendPos", "legendEntry", "layout", "overlay", "spPr", "txPr", "extLst"],
    "title": ["tx", "layout", "overlay", "spPr", "txPr", "extLst"],
    "manualLayout": ["layoutTarget", "xMode", "yMode", "wMode", "hMode", "x", "y", "w", "h", "extLst"],
}


def make_chart_doc(
    path,
    *,
    threshold=85.0,
    title="ผลการประเมินรายตัวชี้วัด",
    font="TH SarabunPSK",
    categories=CATEGORIES,
    values=VALUES,
    charts=1,
    **size,
):
    doc = Document()
    for _ in range(charts):
        add_bar_chart(
            doc.add_paragraph(),
            categories,
            values,
            threshold=threshold,
            threshold_label=THRESHOLD_LABEL,
            series_label=SERIES_LABEL,
            font=font,
            title=title,
            **size,
        )
    doc.save(str(path))
    return path


def chart_parts(doc):
    """(chart part, embedded workbook part) pairs, in document order of the inline drawings."""
    pairs = []
    for chart_ref in doc.element.body.iter(qn("c:chart")):
        chart = doc.part.related_parts[chart_ref.get(qn("r:id"))]
        root = etree.fromstring(chart.blob)
        rid = root.find("c:externalData", NS).get(qn("r:id"))
        pairs.append((chart, root, chart.related_parts[rid]))
    return pairs


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    path = make_chart_doc(tmp_path_factory.mktemp("chart") / "chart.docx")
    doc = Document(str(path))
    ((chart, root, xlsx),) = chart_parts(doc)
    return path, doc, chart, root, xlsx


def texts(elements) -> list[str]:
    return [e.text for e in elements]


def unwrapped(labels: list[str]) -> list[str]:
    return [label.replace("\n", " ") for label in labels]


def texts_attr(elements) -> list[str]:
    return [e.get("val") for e in elements]


def test_reopens_with_chart_and_workbook_parts(saved):
    path, doc, chart, root, xlsx = saved
    assert chart.partname == "/word/charts/chart1.xml"
    assert chart.content_type == CT.DML_CHART
    assert xlsx.partname == "/word/embeddings/Microsoft_Excel_Worksheet1.xlsx"
    assert xlsx.content_type == CT.SML_SHEET
    assert [r.reltype for r in doc.part.rels.values() if r.target_part is chart] == [RT.CHART]
    assert [r.reltype for r in chart.rels.values()] == [RT.PACKAGE]
    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml").decode()
    assert f'PartName="/word/charts/chart1.xml" ContentType="{CT.DML_CHART}"' in types
    assert f'Extension="xlsx" ContentType="{CT.SML_SHEET}"' in types


def test_inline_drawing_is_well_formed(saved):
    _, doc, *_ = saved
    inline = doc.element.body.find(".//" + qn("wp:inline"))
    assert [etree.QName(e).localname for e in inline] == [
        "extent",
        "effectExtent",
        "docPr",
        "cNvGraphicFramePr",
        "graphic",
    ]
    extent = inline.find(qn("wp:extent"))
    assert (int(extent.get("cx")), int(extent.get("cy"))) == (24 * 360000, 11 * 360000)
    assert inline.find(qn("a:graphic") + "/" + qn("a:graphicData")).get("uri") == C


def test_cached_categories_and_values_equal_input(saved):
    *_, root, _ = saved
    ser = root.find(".//c:barChart/c:ser", NS)
    # a label wraps onto lines at its spaces, so it fits under its bar
    assert unwrapped(texts(ser.findall("c:cat/c:strRef/c:strCache/c:pt/c:v", NS))) == CATEGORIES
    assert ser.find("c:cat/c:strRef/c:strCache/c:ptCount", NS).get("val") == "10"
    assert [float(v) for v in texts(ser.findall("c:val/c:numRef/c:numCache/c:pt/c:v", NS))] == VALUES
    assert texts(ser.findall("c:tx/c:strRef/c:strCache/c:pt/c:v", NS)) == [SERIES_LABEL]
    assert ser.find("c:cat/c:strRef/c:f", NS).text == "Sheet1!$A$2:$A$11"
    assert ser.find("c:val/c:numRef/c:f", NS).text == "Sheet1!$B$2:$B$11"


def test_embedded_workbook_holds_the_same_data(saved):
    *_, xlsx = saved
    ws = load_workbook(io.BytesIO(xlsx.blob))["Sheet1"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][1:] == [SERIES_LABEL, THRESHOLD_LABEL]
    assert unwrapped([str(r[0]) for r in rows[1:]]) == CATEGORIES
    assert [r[1] for r in rows[1:]] == VALUES
    assert [r[2] for r in rows[1:]] == [85.0] * 10


def test_numbers_are_formatted_in_thai_digits(saved):
    *_, root, _ = saved
    labels = root.find(".//c:barChart/c:ser/c:dLbls/c:numFmt", NS)
    assert labels.get("formatCode") == "[$-D00041E]0.00" and labels.get("sourceLinked") == "0"
    assert root.find(".//c:barChart/c:ser/c:dLbls/c:showVal", NS).get("val") == "1"
    axis = root.findall("c:chart/c:plotArea/c:valAx", NS)[0]
    assert axis.find("c:delete", NS).get("val") == "0"
    fmt = axis.find("c:numFmt", NS)
    assert fmt.get("formatCode") == "[$-D00041E]0" and fmt.get("sourceLinked") == "0"


def test_value_axes_are_fixed_0_to_100(saved):
    *_, root, _ = saved
    for axis in root.findall("c:chart/c:plotArea/c:valAx", NS):
        assert axis.find("c:scaling/c:min", NS).get("val") == "0"
        assert axis.find("c:scaling/c:max", NS).get("val") == "100"


def test_threshold_is_a_constant_line_series(saved):
    *_, root, _ = saved
    ser = root.find("c:chart/c:plotArea/c:lineChart/c:ser", NS)
    assert texts(ser.findall("c:tx/c:strRef/c:strCache/c:pt/c:v", NS)) == [THRESHOLD_LABEL]
    assert [float(v) for v in texts(ser.findall("c:val/c:numRef/c:numCache/c:pt/c:v", NS))] == [85.0] * 10
    assert ser.find("c:val/c:numRef/c:f", NS).text == "Sheet1!$C$2:$C$11"
    assert ser.find("c:marker/c:symbol", NS).get("val") == "none"
    # its own (hidden) axes, so it can span the plot from edge to edge
    line_axes = texts_attr(root.findall("c:chart/c:plotArea/c:lineChart/c:axId", NS))
    bar_axes = texts_attr(root.findall("c:chart/c:plotArea/c:barChart/c:axId", NS))
    assert set(line_axes).isdisjoint(bar_axes)
    defined = texts_attr(
        root.findall("c:chart/c:plotArea/c:catAx/c:axId", NS) + root.findall("c:chart/c:plotArea/c:valAx/c:axId", NS)
    )
    assert sorted(defined) == sorted(line_axes + bar_axes)


def test_no_threshold_means_no_line_and_two_columns(tmp_path):
    doc = Document(str(make_chart_doc(tmp_path / "plain.docx", threshold=None)))
    ((_, root, xlsx),) = chart_parts(doc)
    assert root.find(".//c:lineChart", NS) is None
    assert len(root.findall(".//c:valAx", NS)) == 1
    ws = load_workbook(io.BytesIO(xlsx.blob))["Sheet1"]
    assert ws.max_column == 2


def test_text_uses_the_font_on_every_script_slot(tmp_path):
    doc = Document(str(make_chart_doc(tmp_path / "font.docx", font="TH Sarabun New")))
    ((_, root, _),) = chart_parts(doc)
    faces = root.findall(".//a:latin", NS) + root.findall(".//a:ea", NS) + root.findall(".//a:cs", NS)
    assert faces and {f.get("typeface") for f in faces} == {"TH Sarabun New"}
    for tx_pr in root.iter(f"{{{C}}}txPr"):
        rpr = tx_pr.find("a:p/a:pPr/a:defRPr", NS)
        assert [etree.QName(e).localname for e in rpr if etree.QName(e).localname in ("latin", "ea", "cs")] == [
            "latin",
            "ea",
            "cs",
        ]
        assert 1000 <= int(rpr.get("sz")) <= 1400  # 14 pt, smaller only where a label must fit a bar
    assert root.find("c:chart/c:title//a:t", NS).text == "ผลการประเมินรายตัวชี้วัด"


def test_elements_follow_the_schema_order(saved):
    *_, root, _ = saved

    def check(element, key):
        order = SCHEMA_ORDER[key]
        names = [etree.QName(e).localname for e in element]
        assert all(n in order for n in names), (key, names)
        positions = [order.index(n) for n in names]
        assert positions == sorted(positions), (key, names)

    for element in root.iter():
        name = etree.QName(element).localname
        if etree.QName(element).namespace != C:
            continue
        parent = etree.QName(element.getparent()).localname if element.getparent() is not None else ""
        key = f"{parent}/{name}" if f"{parent}/{name}" in SCHEMA_ORDER else name
        if key in SCHEMA_ORDER and not (name == "chart" and parent == "graphicData"):
            check(element, key)


def test_two_charts_get_their_own_parts_and_ids(tmp_path):
    path = make_chart_doc(tmp_path / "two.docx", charts=2)
    doc = Document(str(path))
    pairs = chart_parts(doc)
    assert [c.partname for c, _, _ in pairs] == ["/word/charts/chart1.xml", "/word/charts/chart2.xml"]
    assert [x.partname for _, _, x in pairs] == [
        "/word/embeddings/Microsoft_Excel_Worksheet1.xlsx",
        "/word/embeddings/Microsoft_Excel_Worksheet2.xlsx",
    ]
    ids = [e.get("id") for e in doc.element.body.iter(qn("wp:docPr"))]
    assert len(ids) == 2 and len(set(ids)) == 2
    # and a third one added to the reopened file continues the numbering
    add_bar_chart(doc.add_paragraph(), ["ก"], [50.0], threshold=85, threshold_label="x", series_label="y")
    doc.save(str(path))
    doc = Document(str(path))
    assert [c.partname for c, _, _ in chart_parts(doc)][-1] == "/word/charts/chart3.xml"
    ids = [e.get("id") for e in doc.element.body.iter(qn("wp:docPr"))]
    assert len(set(ids)) == 3


def test_labels_given_as_words_break_only_between_words(tmp_path):
    words = [["๔", " ", "การ", "ใช้", "ทรัพย์สิน", "ของ", "ราชการ"], ["๗", " ", "ประสิทธิภาพ", "การสื่อสาร"]]
    doc = Document(str(make_chart_doc(tmp_path / "words.docx", categories=words, values=[71.33, 90.5])))
    ((_, root, _),) = chart_parts(doc)
    labels = texts(root.findall(".//c:barChart/c:ser/c:cat//c:v", NS))
    for label, parts in zip(labels, words, strict=True):
        whole = "".join(parts)
        assert label.replace("\n", "") in (whole, whole.replace(" ", "", 1)), label  # a break drops the space
        for line in label.split("\n"):
            assert line.strip() and any(line.startswith(w) for w in parts if w.strip()), label
    dlbls = root.find(".//c:barChart/c:ser/c:dLbls", NS)
    assert dlbls.find("c:dLblPos", NS).get("val") == "ctr"


def test_a_bar_too_short_for_its_label_has_it_above(tmp_path):
    doc = Document(str(make_chart_doc(tmp_path / "short.docx", categories=["ก", "ข"], values=[5.0, 90.0])))
    ((_, root, _),) = chart_parts(doc)
    [point] = root.findall(".//c:barChart/c:ser/c:dLbls/c:dLbl", NS)
    assert point.find("c:idx", NS).get("val") == "0" and point.find("c:dLblPos", NS).get("val") == "outEnd"


def test_labels_are_escaped_and_cleaned(tmp_path):
    cats = ["A & B <C>", "=SUM(1)", "bad\x01char"]
    doc = Document(str(make_chart_doc(tmp_path / "esc.docx", categories=cats, values=[1, 2, 3])))
    ((_, root, xlsx),) = chart_parts(doc)
    expected = ["A & B <C>", "=SUM(1)", "badchar"]
    assert texts(root.findall(".//c:barChart/c:ser/c:cat//c:pt/c:v", NS)) == expected
    ws = load_workbook(io.BytesIO(xlsx.blob))["Sheet1"]
    assert [ws.cell(row=i, column=1).value for i in (2, 3, 4)] == expected
    assert ws["A3"].data_type == "s"


def test_mismatched_input_is_refused():
    doc = Document()
    with pytest.raises(ValueError):
        add_bar_chart(doc.add_paragraph(), ["ก", "ข"], [1.0], threshold=None, threshold_label="", series_label="")
    with pytest.raises(ValueError):
        add_bar_chart(doc.add_paragraph(), ["ก"], [float("nan")], threshold=None, threshold_label="", series_label="")


def test_works_on_a_docxtpl_rendered_document(tmp_path):
    source = Document()
    source.add_paragraph("{{ agency }}")
    source.add_paragraph("CHART")
    source.add_paragraph("ท้ายเอกสาร")
    template = tmp_path / "tpl.docx"
    source.save(str(template))

    tpl = DocxTemplate(str(template))
    tpl.render({"agency": "เทศบาลตำบลทดสอบ"})
    placeholder = next(p for p in tpl.docx.paragraphs if p.text == "CHART")
    placeholder.clear()
    add_bar_chart(
        placeholder, CATEGORIES, VALUES, threshold=85, threshold_label=THRESHOLD_LABEL, series_label=SERIES_LABEL
    )
    out = tmp_path / "rendered.docx"
    tpl.save(str(out))

    doc = Document(str(out))
    assert [p.text for p in doc.paragraphs] == ["เทศบาลตำบลทดสอบ", "", "ท้ายเอกสาร"]
    ((chart, root, xlsx),) = chart_parts(doc)
    assert doc.paragraphs[1]._p.find(".//" + qn("c:chart")) is not None
    assert [float(v) for v in texts(root.findall(".//c:barChart/c:ser/c:val//c:pt/c:v", NS))] == VALUES
    assert xlsx.content_type == CT.SML_SHEET


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")) and not os.environ.get("CI"),
    reason="LibreOffice or poppler not installed",
)
def test_libreoffice_draws_thai_digits(tmp_path):
    # Only the chart is in the document, so every digit in the PDF comes from it.
    # 16 cm fits the text width of python-docx's default (portrait) page.
    path = make_chart_doc(tmp_path / "lo.docx", width_cm=16.0, height_cm=11.0)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    pdf = tmp_path / "lo.pdf"
    assert pdf.exists(), result.stdout + result.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for label in ("๙๒.๑๕", "๗๑.๓๓", "๑๐๐.๐๐", "๖๖.๐๐"):  # data labels, two decimals
        assert label in text, text
    ((_, root, _),) = chart_parts(Document(str(path)))
    step = int(root.find("c:chart/c:plotArea/c:valAx/c:majorUnit", NS).get("val"))
    ticks = {str(v).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) for v in range(0, 101, step)}
    numbers = set(re.findall(r"[๐-๙]+(?:\.[๐-๙]+)?", text))
    assert ticks <= numbers, (ticks, text)  # every value-axis label, in Thai digits
    assert "เกณฑ์ผ่าน ๘๕ คะแนน" in text and "หน้าที่" in text
    assert not re.search(r"[0-9]", text), text
