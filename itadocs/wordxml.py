"""Word's XML where python-docx has no public API: the only module that reaches into its privates.

python-docx wraps each XML element in a proxy (Table, _Row, _Cell, Paragraph, Run,
header and footer parts).  The renderer, the chart, the template checks and the
template generator need the elements themselves; they get them here, by name, so a
python-docx upgrade that renames a private touches one file.

Children of Word's property elements have a fixed order in the schema (Word rejects a
file that breaks it).  Where python-docx declares a child it inserts it in order itself
(`get_or_add_*`, `_insert_*`); `set_child` uses that and, for the few children it does
not declare, the schema's successors listed below.
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

# For children python-docx does not declare: the elements that must come after them (ISO 29500).
_SUCCESSORS: dict[str, tuple[str, ...]] = {
    # w:rPr
    "w:szCs": ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
               "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:lang": ("w:eastAsianLayout", "w:specVanish", "w:oMath"),
    # w:tblPr
    "w:tblW": ("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
               "w:tblLook", "w:tblCaption", "w:tblDescription"),
    "w:tblCellMar": ("w:tblLook", "w:tblCaption", "w:tblDescription"),
    "w:tblCaption": ("w:tblDescription",),
    # w:tcPr
    "w:shd": ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
    # w:trPr: any order is valid (a choice), but Word writes cantSplit before tblHeader
    "w:cantSplit": ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"),
    "w:tblHeader": ("w:tblCellSpacing", "w:jc", "w:hidden"),
    # w:sectPr
    "w:pgNumType": ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
                    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"),
}


def element(proxy: object) -> BaseOxmlElement:
    """The XML element behind a python-docx object (table, row, cell, paragraph, run, header, section)."""
    for private in ("_tbl", "_tr", "_tc", "_p", "_r", "_sectPr", "_element"):
        found = getattr(proxy, private, None)
        if found is not None:
            return found
    raise TypeError(f"no XML element behind {type(proxy).__name__}")


def new(tag: str, **attrs: str) -> BaseOxmlElement:
    """A new element, e.g. new("w:tblLayout", type="fixed"); attributes are in the w: namespace."""
    new = OxmlElement(tag)
    for name, value in attrs.items():
        new.set(qn(f"w:{name}"), value)
    return new


def set_child(parent: BaseOxmlElement, child: BaseOxmlElement) -> BaseOxmlElement:
    """Put `child` in `parent` in schema order, replacing a child of the same tag."""
    prefixed = child.tag.replace("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}", "w:")
    local = prefixed.split(":")[1]
    for old in parent.findall(child.tag):
        parent.remove(old)
    insert = getattr(parent, f"_insert_{local}", None)
    if insert is not None:  # python-docx declares this child and knows its place
        return insert(child)
    if prefixed not in _SUCCESSORS:
        raise KeyError(f"schema position of {prefixed} unknown: add it to wordxml._SUCCESSORS")
    return parent.insert_element_before(child, *_SUCCESSORS[prefixed])


def remove(proxy_or_element: object) -> None:
    """Take a paragraph, run, row or element out of the document."""
    node = proxy_or_element if isinstance(proxy_or_element, etree._Element) else element(proxy_or_element)
    parent = node.getparent()
    if parent is not None:
        parent.remove(node)


def is_header_row(row: object) -> bool:
    """Whether a table row repeats as the header on every page (w:tblHeader)."""
    trPr = element(row).trPr
    return trPr is not None and trPr.find(qn("w:tblHeader")) is not None


def clear_cell(cell: object) -> None:
    """Leave a cell with one empty paragraph (a Word cell needs one)."""
    paragraphs = cell.paragraphs  # type: ignore[attr-defined]
    for paragraph in paragraphs[1:]:
        remove(paragraph)
    for run in paragraphs[0].runs:
        remove(run)


def table_caption(table: object) -> BaseOxmlElement | None:
    """The table's Alt Text title element (w:tblCaption), if any."""
    tblPr = element(table).tblPr
    return tblPr.find(qn("w:tblCaption")) if tblPr is not None else None


def story_roots(document: object) -> Iterator[BaseOxmlElement]:
    """The XML roots of everything a reader sees: the body, then each header and footer defined."""
    yield document.element  # type: ignore[attr-defined]
    for section in document.sections:  # type: ignore[attr-defined]
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header, section.even_page_footer):
            if not part.is_linked_to_previous:
                yield element(part)
