"""Word's XML where python-docx has no public API: the only module that reaches into its privates.

python-docx wraps each XML element in a proxy (Table, _Row, _Cell, Paragraph, Run,
header and footer parts).  The renderer, the chart, the template checks and the
template generator need the elements themselves; they get them here, by name, so a
python-docx upgrade that renames a private touches one file.

Children of Word's property elements have a fixed order in the schema (Word rejects a
file that breaks it).  Where python-docx declares a child it inserts it in order itself
(`get_or_add_*`, `_insert_*`); `set_child` uses that and, for the children it does not
declare, the schema's order of each parent element listed below (`_SEQUENCES`).
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from lxml import etree

_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# The children of Word's property elements in schema order (ISO 29500), by parent element, as
# python-docx's own `_tag_seq` (which it deletes once its classes are made): where python-docx
# does not declare a child, `set_child` puts it before the first of its successors here.
_SEQUENCES: dict[str, tuple[str, ...]] = {
    "w:rPr": (
        "w:rStyle",
        "w:rFonts",
        "w:b",
        "w:bCs",
        "w:i",
        "w:iCs",
        "w:caps",
        "w:smallCaps",
        "w:strike",
        "w:dstrike",
        "w:outline",
        "w:shadow",
        "w:emboss",
        "w:imprint",
        "w:noProof",
        "w:snapToGrid",
        "w:vanish",
        "w:webHidden",
        "w:color",
        "w:spacing",
        "w:w",
        "w:kern",
        "w:position",
        "w:sz",
        "w:szCs",
        "w:highlight",
        "w:u",
        "w:effect",
        "w:bdr",
        "w:shd",
        "w:fitText",
        "w:vertAlign",
        "w:rtl",
        "w:cs",
        "w:em",
        "w:lang",
        "w:eastAsianLayout",
        "w:specVanish",
        "w:oMath",
    ),
    "w:tblPr": (
        "w:tblStyle",
        "w:tblpPr",
        "w:tblOverlap",
        "w:bidiVisual",
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    ),
    "w:tcPr": (
        "w:cnfStyle",
        "w:tcW",
        "w:gridSpan",
        "w:hMerge",
        "w:vMerge",
        "w:tcBorders",
        "w:shd",
        "w:noWrap",
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
        "w:headers",
        "w:cellIns",
        "w:cellDel",
        "w:cellMerge",
        "w:tcPrChange",
    ),
    # any order is valid here (a choice), but Word writes cantSplit before tblHeader
    "w:trPr": (
        "w:cnfStyle",
        "w:divId",
        "w:gridBefore",
        "w:gridAfter",
        "w:wBefore",
        "w:wAfter",
        "w:cantSplit",
        "w:trHeight",
        "w:tblHeader",
        "w:tblCellSpacing",
        "w:jc",
        "w:hidden",
        "w:ins",
        "w:del",
        "w:trPrChange",
    ),
    "w:sectPr": (
        "w:headerReference",
        "w:footerReference",
        "w:footnotePr",
        "w:endnotePr",
        "w:type",
        "w:pgSz",
        "w:pgMar",
        "w:paperSrc",
        "w:pgBorders",
        "w:lnNumType",
        "w:pgNumType",
        "w:cols",
        "w:formProt",
        "w:vAlign",
        "w:noEndnote",
        "w:titlePg",
        "w:textDirection",
        "w:bidi",
        "w:rtlGutter",
        "w:docGrid",
        "w:printerSettings",
        "w:sectPrChange",
    ),
}


def _prefixed(tag: str) -> str:
    return tag.replace(_W_NS, "w:")


def successors(parent: str, child: str) -> tuple[str, ...]:
    """The children that come after `child` in `parent` ("w:rPr", "w:lang"), in schema order."""
    try:
        sequence = _SEQUENCES[parent]
        return sequence[sequence.index(child) + 1 :]
    except (KeyError, ValueError):
        raise KeyError(f"schema position of {child} in {parent} unknown: add it to oxml._SEQUENCES") from None


def element(proxy: object) -> BaseOxmlElement:
    """The XML element behind a python-docx object (table, row, cell, paragraph, run, header, section);
    an element is its own."""
    if isinstance(proxy, etree._Element):
        return proxy
    # A header or footer holds its section's _sectPr too: its own element comes first.
    for private in ("_tbl", "_tr", "_tc", "_p", "_r", "_element", "_sectPr"):
        found = getattr(proxy, private, None)
        if found is not None:
            return found
    raise TypeError(f"no XML element behind {type(proxy).__name__}")


def release(document: object) -> None:
    """Let go of a saved document's XML trees and file contents at once.

    A python-docx document is a cycle of objects (package, parts and relationships refer to
    one another), so it is freed only when the garbage collector next looks at old objects:
    a warm process (the web page's workers, build --watch) piled up a document per build
    before it fell again.  With the trees and blobs dropped, what waits for the collector is
    small; a full collection after each build would do the same at a cost to each build
    (bench/README.md, figures behind the code)."""
    package = document.part.package  # type: ignore[attr-defined]
    for part in package.iter_parts():
        if "_element" in vars(part):
            part._element = None
        if "_blob" in vars(part):
            part._blob = None


def new(tag: str, **attrs: str) -> BaseOxmlElement:
    """A new element, e.g. new("w:tblLayout", type="fixed"); attributes are in the w: namespace."""
    new = OxmlElement(tag)
    for name, value in attrs.items():
        new.set(qn(f"w:{name}"), value)
    return new


def set_child(parent: BaseOxmlElement, child: BaseOxmlElement) -> BaseOxmlElement:
    """Put `child` in `parent` in schema order, replacing a child of the same tag."""
    prefixed = _prefixed(child.tag)
    for old in parent.findall(child.tag):
        parent.remove(old)
    insert = getattr(parent, f"_insert_{prefixed.split(':')[1]}", None)
    if insert is not None:  # python-docx declares this child and knows its place
        return insert(child)
    return parent.insert_element_before(child, *successors(_prefixed(parent.tag), prefixed))


def remove(proxy_or_element: object) -> None:
    """Take a paragraph, run, row or element out of the document."""
    node = proxy_or_element if isinstance(proxy_or_element, etree._Element) else element(proxy_or_element)
    parent = node.getparent()
    if parent is not None:
        parent.remove(node)


def is_header_row(row: object) -> bool:
    """Whether a table row repeats as the header on every page (w:tblHeader)."""
    trPr = element(row).trPr
    return trPr is not None and trPr.find(_W_TBL_HEADER) is not None


def clear_cell(cell: object) -> None:
    """Leave a cell (a python-docx cell or a w:tc) with its first paragraph, emptied of its runs
    but keeping its properties, and nothing else of its paragraphs (a Word cell needs one)."""
    tc = element(cell)
    paragraphs = tc.p_lst
    for paragraph in paragraphs[1:]:
        tc.remove(paragraph)
    for run in paragraphs[0].r_lst:
        paragraphs[0].remove(run)


# --- vertical merges -------------------------------------------------------------

_W_P, _W_TBL_HEADER, _BLOCKS = qn("w:p"), qn("w:tblHeader"), (qn("w:tbl"), qn("w:sdt"))


def grid_cells(row: BaseOxmlElement) -> list[tuple[BaseOxmlElement, int, int]]:
    """(w:tc, grid offset, columns spanned) for each grid column of a row (w:tr), a cell
    repeated over the columns it spans: python-docx's `row.cells`, for a table without merged
    cells (its leading empty columns, w:gridBefore, counted in the offsets but not listed)."""
    slots: list[tuple[BaseOxmlElement, int, int]] = []
    offset = row.grid_before
    for tc in row.tc_lst:
        span = tc.grid_span
        slots.extend([(tc, offset, span)] * span)
        offset += span
    return slots


def cell_text(tc: BaseOxmlElement) -> str:
    """The text of a cell (w:tc) as python-docx's `cell.text` gives it: its paragraphs, one a line."""
    return "\n".join(p.text for p in tc.p_lst)


def holds_blocks(tc: BaseOxmlElement) -> bool:
    """Whether a cell (w:tc) holds a table or a content control beside its paragraphs (python-docx
    would move them into the cell above when merging)."""
    return any(child.tag in _BLOCKS for child in tc)


def has_merged_cells(table: BaseOxmlElement) -> bool:
    """Whether a table (w:tbl) has a cell merged down already."""
    return next(table.iter(qn("w:vMerge")), None) is not None


def merge_down(cells: list[BaseOxmlElement]) -> None:
    """Word's vertical merge of cells (w:tc) in consecutive rows at the same grid column and of
    the same width, each after the first already emptied: what python-docx's `merge()` writes
    for them (the first restarts the merge, the others continue it), without re-deriving the
    table's layout from the XML for every merge."""
    cells[0].get_or_add_tcPr().vMerge_val = "restart"
    for tc in cells[1:]:
        tc.get_or_add_tcPr().vMerge_val = "continue"


def table_caption(table: object) -> BaseOxmlElement | None:
    """The table's Alt Text title element (w:tblCaption), if any."""
    tblPr = element(table).tblPr
    return tblPr.find(qn("w:tblCaption")) if tblPr is not None else None


def story_roots(document: object) -> Iterator[BaseOxmlElement]:
    """The XML roots of everything a reader sees: the body, then each header and footer defined."""
    for root, _part in stories(document):
        yield root


def stories(document: object) -> Iterator[tuple[BaseOxmlElement, Any]]:
    """(XML root, package part) of the body and of each header and footer defined: a hyperlink's
    relationship belongs to the part its paragraph is in."""
    yield document.element, document.part  # type: ignore[attr-defined]
    for section in document.sections:  # type: ignore[attr-defined]
        for story in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not story.is_linked_to_previous:
                yield element(story), story.part


# --- pagination: rows that stay whole, paragraphs kept with the next -----------


def keep_with_next(paragraph: BaseOxmlElement, keep: bool = True) -> None:
    """Word's "Keep with next" on one paragraph (w:p), or off; in a table row it keeps the row
    with what follows."""
    paragraph.get_or_add_pPr().keepNext_val = True if keep else None


def cant_split(row: BaseOxmlElement) -> None:
    """Word's "Allow row to break across pages" turned off for one row (w:tr)."""
    set_child(row.get_or_add_trPr(), new("w:cantSplit"))


def grid_widths(table: BaseOxmlElement) -> list[int]:
    """The width of each grid column of a table (w:tbl), in twips."""
    return [int(col.get(qn("w:w"), "0")) for col in table.tblGrid.findall(qn("w:gridCol"))]


def cell_margins(table: BaseOxmlElement) -> tuple[int, int, int, int]:
    """The table's default cell margins (top, left, bottom, right) in twips; Word's defaults when unset."""
    found = {"top": 0, "left": 108, "bottom": 0, "right": 108}
    margins = table.tblPr.find(qn("w:tblCellMar"))
    for side in found:
        edge = margins.find(qn(f"w:{side}")) if margins is not None else None
        if edge is not None and (edge.get(qn("w:type")) in (None, "dxa")):
            found[side] = int(edge.get(qn("w:w"), "0"))
    return found["top"], found["left"], found["bottom"], found["right"]


_TC, _TC_PR, _GRID_SPAN, _V_MERGE = qn("w:tc"), qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge")
_VAL, _P_PR, _P_STYLE = qn("w:val"), qn("w:pPr"), qn("w:pStyle")
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}

# The renderer asks the two below of every cell and paragraph of long tables: they walk the
# children with lxml's tag filter, which costs less than find() with a path, and never build a
# python-docx proxy.


def row_cells(row: BaseOxmlElement) -> Iterator[tuple[BaseOxmlElement, int, int, bool]]:
    """(w:tc, first grid column, columns spanned, merged into the cell above) of each cell of a
    row (w:tr)."""
    column = row.grid_before
    for tc in row.iterchildren(_TC):
        span, merge = None, None
        for properties in tc.iterchildren(_TC_PR):
            for child in properties.iterchildren(_GRID_SPAN, _V_MERGE):
                if child.tag == _GRID_SPAN:
                    span = child if span is None else span
                elif merge is None:
                    merge = child
        width = int(span.get(_VAL, "1")) if span is not None else 1
        yield tc, column, width, merge is not None and merge.get(_VAL, "continue") == "continue"
        column += width


def paragraph_style_id(paragraph: BaseOxmlElement) -> str | None:
    """The style id of a paragraph (w:p), or None for the default style."""
    if len(paragraph):  # where the schema puts it, looked at first: the first child of the first child
        properties = paragraph[0]
        if properties.tag == _P_PR and len(properties):
            style = properties[0]
            if style.tag == _P_STYLE:
                return style.get(_VAL)
    for properties in paragraph.iterchildren(_P_PR):
        for style in properties.iterchildren(_P_STYLE):
            return style.get(_VAL)
    return None


def first_paragraph_of_style(root: BaseOxmlElement, style_id: str) -> BaseOxmlElement | None:
    """The first paragraph (w:p) under `root` in the paragraph style `style_id`.  libxml2 picks
    the w:pStyle elements naming it, which costs less than testing the style of every w:p."""
    for style in etree._Element.xpath(root, ".//w:pStyle[@w:val=$style]", namespaces=_NS, style=style_id):
        properties = style.getparent()
        if properties.tag == _P_PR and properties.getparent().tag == _W_P:
            return properties.getparent()
    return None


def tables_by_section(document: object) -> Iterator[tuple[BaseOxmlElement, Section]]:
    """(w:tbl, python-docx Section) of each top-level table of the body, with the section it lies in."""
    sections = list(document.sections)  # type: ignore[attr-defined]
    index = 0
    for child in document.element.body.iterchildren():  # type: ignore[attr-defined]
        if child.tag == qn("w:tbl"):
            yield child, sections[min(index, len(sections) - 1)]
        elif child.tag == qn("w:p") and child.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            index += 1  # a paragraph carrying w:sectPr ends its section


# --- hyperlinks ----------------------------------------------------------------


def link_run_text(run: BaseOxmlElement, start: int, end: int, rid: str, style_id: str) -> BaseOxmlElement | None:
    """Make characters start:end of a run (w:r holding one w:t) a hyperlink to relationship `rid`.

    The run is split in up to three: the text before stays in it, the link gets a copy of
    its formatting plus the character style, the text after goes to a new run, which is
    returned (None when nothing follows) so further addresses in it can be linked too.
    """
    text = run.find(qn("w:t"))
    before, middle, after = text.text[:start], text.text[start:end], text.text[end:]
    link = new("w:hyperlink")
    link.set(qn("r:id"), rid)
    link.set(qn("w:history"), "1")
    linked = _run_copy(run, middle)
    _set_run_style(linked.get_or_add_rPr(), style_id)
    link.append(linked)
    run.addnext(link)
    rest = None
    if after:
        rest = _run_copy(run, after)
        link.addnext(rest)
    if before:
        _set_text(text, before)
    else:
        remove(run)
    return rest


_AFTER_R_STYLE = tuple(qn(tag) for tag in successors("w:rPr", "w:rStyle"))
_R_STYLE = qn("w:rStyle")


def _set_run_style(properties: BaseOxmlElement, style_id: str) -> None:
    """What python-docx's `rPr.style = style_id` does, the same XML: a new w:rStyle goes before
    the first of the tags after it that the run has (in that list's order, as python-docx looks
    for them).  python-docx looks for each of the 38 tags with qn() and find(), most of the
    time of linking an address."""
    style = properties.find(_R_STYLE)
    if style is None:
        first: dict[str, BaseOxmlElement] = {}
        for child in reversed(properties):  # the first child of each tag, as find() gives it
            first[child.tag] = child
        style = new("w:rStyle")
        successor = next((first[tag] for tag in _AFTER_R_STYLE if tag in first), None)
        if successor is not None:
            successor.addprevious(style)
        else:
            properties.append(style)
    style.set(_VAL, style_id)


def _run_copy(run: BaseOxmlElement, text: str) -> BaseOxmlElement:
    copy = deepcopy(run)
    _set_text(copy.find(qn("w:t")), text)
    return copy


def _set_text(t: BaseOxmlElement, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set(qn("xml:space"), "preserve")
