"""docxtpl's DocxTemplate without its two avoidable slow steps; the documents it makes are the same.

1. Putting the rendered body in place is quadratic (docxtpl 0.20.2, `fix_tables` then
   `map_tree`).  docxtpl parses the rendered <w:body> into a new lxml document and moves
   it into python-docx's with `root.replace(body, tree)`.  lxml moves an element between
   documents with moveNodeToDocument() (src/lxml/proxy.pxi), whose namespace cache
   `_fixCNs()` fills with the new pointer where the old one belongs
   (`c_node.ns = c_ns` runs before `_appendToNsCache(c_ns_cache, c_node.ns, c_ns)`; lxml
   5.4 and 6.1).  Namespaces declared on the moved element are cached right, but the
   implicit xml: namespace of every xml:space="preserve" (one per <w:t>) misses, adds an
   entry, and each later look-up scans them all: O(n^2) in the text nodes (seconds for a
   10,000-measure report: bench/README.md).  Here the rendered body is parsed *inside* a
   copy of the document's root element, so the tree is a whole w:document in one lxml
   document, and becomes the part's element: nothing crosses documents.
   Upstream: docxtpl PR #630 (body children replaced in place) and PR #637 (early exit in
   resolve_listing, map_tree reworked) were merged in 2026 but are in no release; from
   their descriptions they still move nodes between documents, which stays quadratic
   inside one long table.  Drop this module once a docxtpl release parses in place.

2. `resolve_listing` runs three nested regular expressions over the whole XML only to turn
   \\t \\a \\n \\f inside text into tabs, paragraphs, line and page breaks.  itadocs splits
   lines into paragraphs itself, so the XML holds none of them and the pass is skipped
   when none is there (what PR #637 does too).

The rendered XML is handed from build_xml to fix_tables in a box that fix_tables empties
and is fed to the parser in pieces, so the string (tens of MB at 10,000 measures) is freed
as soon as it is parsed.  docxtpl's own table-grid walk (`fix_tables`) runs unchanged on the
parsed tree: its code is reused with the module's `etree` seen through a shim whose
`fromstring` hands the tree back.  Anything unusual (a body with attributes, an
xmlns inside the body repeating one of the root's, another docxtpl) takes docxtpl's own
way.  tests/test_render_engine.py compares every part with stock docxtpl's.
"""

from __future__ import annotations

import re
import types
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import docxtpl
import docxtpl.template as _docxtpl_template
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml.parser import element_class_lookup
from docxtpl import DocxTemplate
from lxml import etree

# The docxtpl whose render() order (build_xml, fix_tables, fix_docpr_ids, map_tree) and
# fix_tables this relies on; with another, every step is docxtpl's own.
TESTED_DOCXTPL = "0.20."
ACTIVE = docxtpl.__version__.startswith(TESTED_DOCXTPL)

_LISTING = ("\n", "\t", "\a", "\f")
_BODY_MARK = "itadocs-body-goes-here"
_XMLNS = re.compile(r'xmlns(?::[^=\s]+)?\s*=\s*"([^"]*)"')
_CHUNK = 1 << 20  # characters given to the parser at a time: no second full-size copy of the XML


def _parser() -> etree.XMLParser:
    """docxtpl's parser (recover=True) with python-docx's element classes: the tree is what
    docxtpl's becomes once moved into python-docx's document."""
    parser = etree.XMLParser(recover=True)
    parser.set_element_class_lookup(element_class_lookup)
    return parser


def _tree_or_parse(xml, parser=None):
    return xml if isinstance(xml, etree._Element) else etree.fromstring(xml, parser=parser)


# docxtpl's fix_tables, its code as it is, reading `etree` from a namespace where fromstring
# returns a tree it is given.
_etree_shim = types.SimpleNamespace(XMLParser=etree.XMLParser, fromstring=_tree_or_parse, SubElement=etree.SubElement)
_grid_walk = types.FunctionType(
    DocxTemplate.fix_tables.__code__, {**vars(_docxtpl_template), "etree": _etree_shim}, "fix_tables"
)


class _Rendered(list):
    """The rendered body XML in a box: fix_tables takes it out, so docxtpl's render() does not
    keep the string alive in a local while the tree is built and worked on."""


class FastDocxTemplate(DocxTemplate):
    """DocxTemplate, parsing the rendered body in place and skipping an idle resolve_listing."""

    docx: Any  # docxtpl's python-docx Document, made by init_docx

    def build_xml(self, context, jinja_env=None):
        xml = super().build_xml(context, jinja_env)
        return _Rendered([xml]) if ACTIVE else xml

    def resolve_listing(self, xml):
        if ACTIVE and not any(c in xml for c in _LISTING):
            return xml  # every substitution would be the identity
        return super().resolve_listing(xml)

    def fix_tables(self, xml):
        if isinstance(xml, _Rendered):
            xml = xml.pop()
        root = self.docx._element
        body = root.body
        # get_xml() wrote the body with the namespace declarations lxml copies onto a subtree;
        # the rendered XML starts with that same tag.  Inside the root they are redundant (the
        # stock move strips them), so the body is opened without them.
        start = etree.tostring(body, encoding="unicode").split(">", 1)[0] + ">"
        if not ACTIVE or body.attrib or len(root) != 1 or not xml.startswith(start) or start.endswith("/>"):
            return super().fix_tables(xml)
        # The move also strips a declaration inside the body that repeats one of the root's (an
        # inline image's xmlns:wp, a chart's xmlns:r), and a parse keeps it: such a body goes
        # the stock way, so the output stays the same.
        if xml.find("xmlns", len(start)) != -1:
            declared = set(root.nsmap.values())
            if any(uri in declared for uri in _XMLNS.findall(xml, len(start))):
                return super().fix_tables(xml)
        shell = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap)
        shell.append(etree.Comment(_BODY_MARK))
        head, tail = etree.tostring(shell, encoding="unicode").split(f"<!--{_BODY_MARK}-->")
        parser = _parser()
        parser.feed(head + start.split(" ", 1)[0].rstrip(">") + ">")  # '<w:body>'
        # The string in pieces, each dropped once parsed: the tree grows as the text goes, and
        # the whole string never lives beside the whole tree (a lower peak: bench/README.md).
        pieces = [xml[i : i + _CHUNK] for i in range(len(start), len(xml), _CHUNK)][::-1]
        del xml  # the box is empty: the string goes now
        while pieces:
            parser.feed(pieces.pop())
        parser.feed(tail)
        return _grid_walk(self, parser.close())

    def fix_docpr_ids(self, tree):
        if tree.tag != self.docx._element.tag:
            return super().fix_docpr_ids(tree)  # a body from the stock fix_tables
        # docxtpl's renumbering; python-docx's elements take an XPath with their own namespaces.
        for elt in tree.xpath("//wp:docPr"):
            self.docx_ids_index += 1
            elt.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree):
        if tree.tag != self.docx._element.tag:
            return super().map_tree(tree)  # a body from the stock fix_tables
        part = self.docx.part
        part._element = tree
        part.__dict__.pop("inline_shapes", None)  # python-docx's cached view of the old body
        self.docx = part.document

    def save(self, filename, *args, **kwargs):
        """docxtpl's save, with the document's main XML written straight into its zip entry."""
        if not ACTIVE or args or kwargs or not self.is_rendered:
            return super().save(filename, *args, **kwargs)
        self.pre_processing()
        save_streaming(self.docx, filename)
        self.post_processing(filename)
        self.is_saved = True


def save_streaming(document, path) -> None:
    """python-docx's Document.save (PackageWriter.write), but the main document part is
    serialised into its zip entry by lxml as it goes: etree.tostring() would first build it
    in a growing buffer and then copy it into bytes (held twice beside the tree).  Same entries,
    same order, same bytes."""
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    parts = list(package.parts)
    with ZipFile(path, "w", compression=ZIP_DEFLATED) as zf:
        zf.writestr(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)
        zf.writestr(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            if part is document.part:
                _write_xml(zf, part.partname.membername, part.element)
            else:
                zf.writestr(part.partname.membername, part.blob)
            if len(part.rels):
                zf.writestr(part.partname.rels_uri.membername, part.rels.xml)


def _write_xml(zf: ZipFile, name: str, element) -> None:
    """What writestr(name, etree.tostring(element, encoding="UTF-8", standalone=True)) writes."""
    import time

    info = ZipInfo(name, date_time=time.localtime(time.time())[:6])
    info.compress_type = ZIP_DEFLATED
    info.external_attr = 0o600 << 16  # as writestr gives
    with zf.open(info, "w") as entry:
        entry.write(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n")
        with etree.xmlfile(entry, encoding="UTF-8", buffered=True) as xf:
            xf.write(element)
