"""Reading a produced .docx the way Word does: visible text, effective fonts, sections.

Test helpers only; they inspect the XML with python-docx's parts so the assertions
are about the document a user opens, not about our template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

THAI = re.compile(r"[\u0e00-\u0e7f]")
ARABIC_DIGIT = re.compile(r"[0-9]")
ADDRESS = re.compile(r"(?:https?://|www\.)[^\s]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def open_docx(path: Path):
    return Document(str(path))


def story_roots(doc):
    """Body, then every header and footer part actually defined."""
    yield doc.element.body
    seen = set()
    for section in doc.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous and id(part.part) not in seen:
                seen.add(id(part.part))
                yield part._element


def seen(text: str) -> str:
    """Text as a reader sees it: a no-break space (kept between "พ.ศ." and its year) is a space."""
    return text.replace("\u00a0", " ")


def visible_texts(doc) -> list[str]:
    """The text of every paragraph a reader sees (body, tables, headers, footers)."""
    texts = []
    for root in story_roots(doc):
        for p in root.iter(qn("w:p")):
            texts.append(seen("".join(t.text or "" for t in p.iter(qn("w:t")))))
    return texts


def arabic_digits_outside_addresses(doc) -> list[str]:
    bad = []
    for text in visible_texts(doc):
        if ARABIC_DIGIT.search(ADDRESS.sub("", text)):
            bad.append(text)
    return bad


def table_rows(table) -> list[list[str]]:
    """Each row as the list of its cells' texts, paragraphs joined by newlines."""
    return [["\n".join(seen(p.text) for p in cell.paragraphs) for cell in row.cells] for row in table.rows]


@dataclass
class RunFont:
    text: str
    cs: str | None
    ascii: str | None
    size_cs: float | None  # points
    theme: bool  # a theme font attribute somewhere on the way (it would override the name)


class FontResolver:
    """Effective run properties: direct, character style, paragraph style, table style, defaults."""

    def __init__(self, doc):
        self.styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.iter(qn("w:style"))}
        self.default_para = next(
            (
                sid
                for sid, s in self.styles.items()
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) == "1"
            ),
            None,
        )
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
        self.default_rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None

    def _style_chain(self, style_id: str | None) -> list:
        chain: list = []
        while style_id and style_id in self.styles and len(chain) < 20:
            style = self.styles[style_id]
            chain.append(style.find(qn("w:rPr")))
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return chain

    def resolve(self, run) -> RunFont:
        r_pr = run.find(qn("w:rPr"))
        chain = [r_pr]
        if r_pr is not None and r_pr.find(qn("w:rStyle")) is not None:
            chain += self._style_chain(r_pr.find(qn("w:rStyle")).get(qn("w:val")))
        paragraph = run.getparent()
        while paragraph is not None and paragraph.tag != qn("w:p"):
            paragraph = paragraph.getparent()
        p_style = None
        if paragraph is not None:
            p_pr = paragraph.find(qn("w:pPr"))
            if p_pr is not None and p_pr.find(qn("w:pStyle")) is not None:
                p_style = p_pr.find(qn("w:pStyle")).get(qn("w:val"))
        chain += self._style_chain(p_style or self.default_para)
        table = paragraph.getparent() if paragraph is not None else None
        while table is not None and table.tag != qn("w:tbl"):
            table = table.getparent()
        if table is not None:
            tbl_style = table.find(qn("w:tblPr")).find(qn("w:tblStyle"))
            if tbl_style is not None:
                chain += self._style_chain(tbl_style.get(qn("w:val")))
        chain.append(self.default_rpr)

        def first(tag: str, attr: str):
            for rpr in chain:
                if rpr is None:
                    continue
                element = rpr.find(qn(tag))
                if element is not None and element.get(qn(attr)) is not None:
                    return element.get(qn(attr))
            return None

        theme = any(
            rpr is not None
            and rpr.find(qn("w:rFonts")) is not None
            and any(a.endswith(("Theme", "theme")) for a in rpr.find(qn("w:rFonts")).attrib)
            for rpr in chain
        )
        size = first("w:szCs", "w:val")
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        return RunFont(
            text, first("w:rFonts", "w:cs"), first("w:rFonts", "w:ascii"), int(size) / 2 if size else None, theme
        )


def run_fonts(doc) -> list[RunFont]:
    """The effective font of every run with visible text."""
    resolver = FontResolver(doc)
    fonts = []
    for root in story_roots(doc):
        for run in root.iter(qn("w:r")):
            font = resolver.resolve(run)
            if font.text.strip():
                fonts.append(font)
    return fonts


def sections(doc) -> list[dict]:
    return [
        {
            "width_mm": round(s.page_width.mm),
            "height_mm": round(s.page_height.mm),
            "landscape": s.page_width > s.page_height,
        }
        for s in doc.sections
    ]
