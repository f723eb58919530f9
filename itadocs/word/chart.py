"""Native Word charts: a clustered column chart with a pass-mark line.

The chart is a real DrawingML chart part with its data embedded as an .xlsx
package, so staff can click it in Word and use "Edit Data". Every number a
reader sees (data labels, value axis) is shown in Thai digits through a number
format, not by turning the numbers into text, so the data stays numeric.

Self-contained on purpose: python-docx's OPC classes only (the embedded data workbook
is written here, part by part; it is not one of the project's workbooks).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm

from . import metrics, oxml

# Excel's extended locale prefix [$-NNCCLLLL]: NN 0D = Thai digits, CC 00 = default
# calendar, LLLL 041E = Thai; the form found in real Thai workbooks. The
# calendar byte must stay 00: LibreOffice 7.4 drops the whole format (back to
# General, Arabic digits) when it is 07 (Buddhist), as in [$-D07041E].
THAI_DIGITS = "[$-D00041E]"
LABEL_FORMAT = THAI_DIGITS + "0.00"
AXIS_FORMAT = THAI_DIGITS + "0"

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_BAR_COLOUR = "4472C4"
_LINE_COLOUR = "C00000"
_SHEET = "Sheet1"  # the sheet name Word itself uses for chart data
_SHORT_BAR = 15  # below this value (of 100) a bar is too short to hold its label inside

# Characters XML 1.0 forbids; one of them in a label would corrupt the part.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Bar axes and the hidden secondary axes of the threshold line.
_CAT_AX, _VAL_AX, _CAT_AX2, _VAL_AX2 = 500000001, 500000002, 500000003, 500000004


def add_bar_chart(
    paragraph,
    categories: Sequence[str | Sequence[str]],
    values: list[float],
    *,
    threshold: float | None,
    threshold_label: str,
    series_label: str,
    font: str = "TH SarabunPSK",
    width_cm: float = 24.0,
    height_cm: float = 11.0,
    title: str | None = None,
) -> None:
    """Put a clustered bar (column) chart of `values` into `paragraph` (a python-docx Paragraph), as an inline drawing.

    Each category is a text, which may wrap at its spaces, or the list of its words and
    spaces, which may wrap between any two of them: Thai writes no space between words,
    and Word and LibreOffice wrap chart labels inside them, so the chart breaks the
    labels itself, into lines that fit under their bar.  `threshold` (e.g. the pass mark
    85) is drawn as a horizontal line across the chart, named `threshold_label` in the
    legend; None draws no line. The value axis is fixed at 0 to 100.
    """
    words = [[_clean(w) for w in (re.findall(r"\S+|\s+", c) if isinstance(c, str) else c)] for c in categories]
    values = [float(v) for v in values]
    if not words or len(words) != len(values):
        raise ValueError("categories and values must be non-empty and of the same length")
    if not all(math.isfinite(v) for v in values) or (threshold is not None and not math.isfinite(threshold)):
        raise ValueError("values and threshold must be finite numbers")
    series_label, threshold_label = _clean(series_label), _clean(threshold_label)

    host = paragraph.part  # document, header or footer part: the chart belongs to it
    package = host.package

    # next_partname() only sees parts reachable through relationships, so each new
    # part is related before the next name is asked for (chart1, chart2 ... on repeat calls).
    layout_xml, size, step, categories = _layout(words, width_cm, height_cm, bool(title))
    chart = XmlPart(
        package.next_partname("/word/charts/chart%d.xml"),
        CT.DML_CHART,
        parse_xml(
            _chart_xml(
                categories, values, threshold, threshold_label, series_label, font, title, (layout_xml, size, step)
            )
        ),
        package,
    )
    rid_chart = host.relate_to(chart, RT.CHART)
    xlsx = Part(
        package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
        CT.SML_SHEET,
        _workbook(categories, values, threshold, threshold_label, series_label),
        package,
    )
    # c:externalData is what makes Word's "Edit Data" open the embedded workbook.
    chart.element.find(qn("c:externalData")).set(qn("r:id"), chart.relate_to(xlsx, RT.PACKAGE))

    shape_id = _next_docpr_id(package)
    run = paragraph.add_run()
    oxml.element(run).append(parse_xml(_inline_xml(rid_chart, shape_id, Cm(width_cm), Cm(height_cm))))


def escape(text: str) -> str:
    """Text for XML content: xml.sax.saxutils.escape, whose module imports urllib.request and
    ssl on every build that draws a chart."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An XML attribute value with its quotes, as xml.sax.saxutils.quoteattr writes it."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", str(text))


def _next_docpr_id(package) -> int:
    """One above every wp:docPr id in the package: Word wants them unique across all stories."""
    used = [0]
    for part in package.iter_parts():
        if isinstance(part, XmlPart):
            used += [int(v) for e in part.element.iter(qn("wp:docPr")) if (v := e.get("id", "")).isdigit()]
    return max(used) + 1


# The chart's data workbook, written out: six small parts.  openpyxl made it before, and its
# import weighed on every build of the measures document (the only use of openpyxl in a build
# that reads with python-calamine).  Cells as openpyxl wrote them: text inline, numbers
# with the built-in "0.00" format (numFmtId 2), column A 40 wide.
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{_OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'{_XML}<workbook xmlns="{_SPREADSHEET}" xmlns:r="{_OFFICE_RELS}">'
        f'<sheets><sheet name="{_SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="{_PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{_OFFICE_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_OFFICE_RELS}/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        f'{_XML}<styleSheet xmlns="{_SPREADSHEET}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}


def _workbook(categories, values, threshold, threshold_label, series_label) -> bytes:
    """The chart's data as Word's "Edit Data" expects it: header row, categories in A, series in B (and C)."""
    rows = [["", series_label] + ([threshold_label] if threshold is not None else [])]
    rows += [
        [cat, val] + ([float(threshold)] if threshold is not None else [])
        for cat, val in zip(categories, values, strict=False)
    ]
    cells = "".join(
        f'<row r="{r}">' + "".join(_sheet_cell(f"{'ABC'[c]}{r}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    sheet = (
        f'{_XML}<worksheet xmlns="{_SPREADSHEET}"><dimension ref="A1:{"ABC"[len(rows[0]) - 1]}{len(rows)}"/>'
        '<cols><col min="1" max="1" width="40" customWidth="1"/></cols>'
        f"<sheetData>{cells}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in (*_WORKBOOK_PARTS.items(), ("xl/worksheets/sheet1.xml", sheet)):
            package.writestr(name, xml)
    return buffer.getvalue()


def _sheet_cell(ref: str, value: str | float) -> str:
    """A cell: a text always text (a label starting with "=" is no formula), a number as "0.00"."""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>' if value else ""
    return f'<c r="{ref}" s="1"><v>{_num(value)}</v></c>'


def _num(value: float) -> str:
    return repr(float(value))  # shortest exact text, e.g. 92.15


def _font_props(font: str, size: int, bold: bool = False, colour: str = "404040") -> str:
    # Thai is a complex script: Word takes the face from a:cs, LibreOffice from the
    # CTL slot, so name the font in every slot (schema order latin, ea, cs).
    f = quoteattr(font)
    return (
        f'<a:defRPr sz="{size}" b="{int(bold)}">'
        f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
        f"<a:latin typeface={f}/><a:ea typeface={f}/><a:cs typeface={f}/></a:defRPr>"
    )


def _tx_pr(font: str, size: int, bold: bool = False, rot: int | None = None, colour: str = "404040") -> str:
    rot_attr = f' rot="{rot}" vert="horz"' if rot is not None else ""
    return (
        f"<c:txPr><a:bodyPr{rot_attr}/><a:lstStyle/><a:p><a:pPr>{_font_props(font, size, bold, colour)}"
        '</a:pPr><a:endParaRPr lang="th-TH"/></a:p></c:txPr>'
    )


def _str_ref(ref: str, texts: list[str]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{escape(t)}</c:v></c:pt>' for i, t in enumerate(texts))
    return f'<c:strRef><c:f>{ref}</c:f><c:strCache><c:ptCount val="{len(texts)}"/>{pts}</c:strCache></c:strRef>'


def _num_ref(ref: str, numbers: list[float]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{_num(v)}</c:v></c:pt>' for i, v in enumerate(numbers))
    return (
        f"<c:numRef><c:f>{ref}</c:f><c:numCache><c:formatCode>0.00</c:formatCode>"
        f'<c:ptCount val="{len(numbers)}"/>{pts}</c:numCache></c:numRef>'
    )


def _line(colour: str, width_emu: int, dash: str | None = None) -> str:
    dash_xml = f'<a:prstDash val="{dash}"/>' if dash else ""
    return f'<a:ln w="{width_emu}"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>{dash_xml}</a:ln>'


def _value_labels(values: list[float], font: str, size: int) -> str:
    """The bars' values, white in the middle of each bar: never on the pass-mark line, which
    crosses the bars near their top.  A bar too short to hold its label has it above instead."""
    above = "".join(
        f'<c:dLbl><c:idx val="{i}"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f'{_tx_pr(font, size, colour="404040")}<c:dLblPos val="outEnd"/>'
        '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
        '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbl>'
        for i, v in enumerate(values)
        if v < _SHORT_BAR
    )
    return (
        f'<c:dLbls>{above}<c:numFmt formatCode={quoteattr(LABEL_FORMAT)} sourceLinked="0"/>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        f'{_tx_pr(font, size, bold=True, colour="FFFFFF")}<c:dLblPos val="ctr"/>'
        '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
        '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
    )


def _chart_xml(categories, values, threshold, threshold_label, series_label, font, title, layout_parts) -> str:
    n = len(categories)
    layout, label_size, step = layout_parts
    last = n + 1
    cat_ref = f"{_SHEET}!$A$2:$A${last}"
    cat = f"<c:cat>{_str_ref(cat_ref, categories)}</c:cat>"

    # Element order below follows the CT_* sequences of the DrawingML chart schema (dml-chart.xsd).
    bar_ser = (
        '<c:ser><c:idx val="0"/><c:order val="0"/>'
        f"<c:tx>{_str_ref(f'{_SHEET}!$B$1', [series_label])}</c:tx>"
        f'<c:spPr><a:solidFill><a:srgbClr val="{_BAR_COLOUR}"/></a:solidFill></c:spPr>'
        '<c:invertIfNegative val="0"/>'
        f"{_value_labels(values, font, max(1000, label_size - 100))}"
        f"{cat}<c:val>{_num_ref(f'{_SHEET}!$B$2:$B${last}', values)}</c:val></c:ser>"
    )
    bar_chart = (
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        f'{bar_ser}<c:gapWidth val="40"/><c:axId val="{_CAT_AX}"/><c:axId val="{_VAL_AX}"/></c:barChart>'
    )

    line_chart = axes2 = ""
    if threshold is not None:
        line_ser = (
            '<c:ser><c:idx val="1"/><c:order val="1"/>'
            f"<c:tx>{_str_ref(f'{_SHEET}!$C$1', [threshold_label])}</c:tx>"
            f"<c:spPr>{_line(_LINE_COLOUR, 28575, 'dash')}</c:spPr>"
            '<c:marker><c:symbol val="none"/></c:marker>'
            f"{cat}<c:val>{_num_ref(f'{_SHEET}!$C$2:$C${last}', [float(threshold)] * n)}</c:val>"
            '<c:smooth val="0"/></c:ser>'
        )
        line_chart = (
            '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
            f'{line_ser}<c:marker val="1"/><c:axId val="{_CAT_AX2}"/><c:axId val="{_VAL_AX2}"/></c:lineChart>'
        )
        # The line sits on secondary axes whose value axis crosses "midCat": Word then
        # puts the first and last points on the plot edges, so the line spans the whole
        # chart instead of stopping at the centres of the outer bars. The axes are
        # hidden rather than deleted, since Excel-based charts can fall back to the
        # primary axes for a deleted secondary axis. (LibreOffice ignores midCat
        # here and draws the line from the first bar's centre to the last one's.)
        hidden = (
            '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="none"/>'
            "<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>"
        )
        axes2 = (
            f'<c:catAx><c:axId val="{_CAT_AX2}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            f'<c:delete val="0"/><c:axPos val="b"/>{hidden}'
            f'<c:crossAx val="{_VAL_AX2}"/><c:crosses val="autoZero"/>'
            '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
            f'<c:valAx><c:axId val="{_VAL_AX2}"/><c:scaling><c:orientation val="minMax"/>'
            '<c:max val="100"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="r"/>'
            f'<c:numFmt formatCode={quoteattr(AXIS_FORMAT)} sourceLinked="0"/>{hidden}'
            f'<c:crossAx val="{_CAT_AX2}"/><c:crosses val="max"/><c:crossBetween val="midCat"/>'
            f'<c:majorUnit val="{step}"/></c:valAx>'
        )

    axes = (
        f'<c:catAx><c:axId val="{_CAT_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        # rot=0: Word would otherwise tilt crowded labels 45°, unreadable in Thai.
        f"<c:spPr>{_line('808080', 9525)}</c:spPr>{_tx_pr(font, label_size, rot=0)}"
        f'<c:crossAx val="{_VAL_AX}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{_VAL_AX}"/><c:scaling><c:orientation val="minMax"/>'
        '<c:max val="100"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>'
        f"<c:majorGridlines><c:spPr>{_line('D9D9D9', 9525)}</c:spPr></c:majorGridlines>"
        f'<c:numFmt formatCode={quoteattr(AXIS_FORMAT)} sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f"<c:spPr>{_line('808080', 9525)}</c:spPr>{_tx_pr(font, 1400)}"
        f'<c:crossAx val="{_CAT_AX}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        f'<c:majorUnit val="{step}"/></c:valAx>'
    )

    if title:
        title_xml = (
            f"<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{_font_props(font, 1600, bold=True)}</a:pPr>"
            f'<a:r><a:rPr lang="th-TH" sz="1600" b="1"><a:latin typeface={quoteattr(font)}/>'
            f"<a:ea typeface={quoteattr(font)}/><a:cs typeface={quoteattr(font)}/></a:rPr>"
            f"<a:t>{escape(_clean(title))}</a:t></a:r></a:p></c:rich></c:tx>"
            '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        )
    else:
        title_xml = '<c:autoTitleDeleted val="1"/>'

    return (
        f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}">'
        '<c:date1904 val="0"/><c:lang val="th-TH"/><c:roundedCorners val="0"/>'
        f"<c:chart>{title_xml}<c:plotArea>{layout}{bar_chart}{line_chart}{axes}{axes2}"
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>"
        f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_tx_pr(font, 1400)}</c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>'
        f"{_tx_pr(font, 1400)}"
        '<c:externalData r:id=""><c:autoUpdate val="0"/></c:externalData>'  # r:id set once related
        "</c:chartSpace>"
    )


def _layout(
    words: list[list[str]], width_cm: float, height_cm: float, has_title: bool
) -> tuple[str, int, int, list[str]]:
    """A manual layout for the plot rectangle, the size of the bar and category labels, the
    value-axis step, and the category labels broken into lines between words.

    Left to themselves, LibreOffice (and often Word) reserve so much room for long
    Thai category labels that the bars get a third of the chart, and the labels can
    run into the legend.  We break each label into the lines that fit under its bar and
    give the plot everything else.
    """
    left, right = 1.1, 0.3  # value-axis labels (๑๐๐) on the left
    slot = (width_cm - left - right) / len(words)
    # 14 pt, unless a category gets under 2 cm (ten indicators on a portrait page), a word is
    # wider than its bar's room, or the wrapped labels would leave the bars under 40% of the
    # chart: then 12 pt, or 11.
    for size in (1400, 1200, 1100):
        scale = size / 1400
        room = slot * 0.9
        labels = [_wrap(w, room, size / 100) for w in words]
        lines = min(8, max(label.count("\n") + 1 for label in labels))
        top = 0.4 * scale + (1.1 if has_title else 0.0)  # half the ๑๐๐ of the axis, and the title
        bottom = 1.2 + 0.3 + lines * 0.75 * scale  # legend, gap, label lines
        plot_h = height_cm - top - bottom
        widest_word = max(metrics.text_cm(word, size / 100) for w in words for word in w if not word.isspace())
        if slot >= 2.0 and plot_h >= 0.4 * height_cm and widest_word <= room:
            break
    plot_h = max(plot_h, height_cm * 0.3)
    x, y, w, h = left / width_cm, top / height_cm, 1 - (left + right) / width_cm, plot_h / height_cm
    xml = (
        '<c:layout><c:manualLayout><c:layoutTarget val="inner"/><c:xMode val="edge"/><c:yMode val="edge"/>'
        f'<c:x val="{x:.4f}"/><c:y val="{y:.4f}"/><c:w val="{w:.4f}"/><c:h val="{h:.4f}"/>'
        "</c:manualLayout></c:layout>"
    )
    # A 14 pt tick label needs about 0.75 cm: the finest step whose labels all fit,
    # since they would overlap (Word) or be thinned unevenly (LibreOffice).
    step = next((s for s in (10, 20, 25) if (100 // s + 1) * 0.75 <= plot_h), 50)
    return xml, size, step, labels


def _wrap(tokens: list[str], room_cm: float, size_pt: float) -> str:
    """The tokens of a label (words and the spaces between them) on as few lines as fit
    `room_cm`, broken only between tokens."""
    lines: list[str] = []
    line = ""
    for token in tokens:
        if token.isspace():
            line += token if line else ""
            continue
        if line.strip() and metrics.text_cm(line + token, size_pt) > room_cm:
            lines.append(line.rstrip())
            line = token
        else:
            line += token
    return "\n".join([*lines, line.rstrip()])


def _inline_xml(rid: str, shape_id: int, cx: int, cy: int) -> str:
    return (
        f'<w:drawing xmlns:w="{_W}" xmlns:wp="{_WP}" xmlns:a="{_A}" xmlns:c="{_C}" xmlns:r="{_R}">'
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{int(cx)}" cy="{int(cy)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_C}"><c:chart r:id="{rid}"/></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing>"
    )
