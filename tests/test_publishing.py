"""Documents an agency can publish as they come: names that leave room for lock files, metadata,
templates Word takes as its own, Thai line breaks in the PDF, the emblem, a kept LibreOffice and
leftovers swept.  Read from the produced .docx and from LibreOffice's PDF of it (pdfinfo,
pdftotext -bbox)."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from lxml import etree

import itadocs
from itadocs import files, paths, thai
from itadocs.word import breaks, pdf
from itadocs.word.render import bundled_template

from .conftest import EXAMPLE_DATA, REPO, measure
from .docx_checks import open_docx
from .pdf_checks import info, pdf_text, pdf_tools, thai_line_ends

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LONG_NAME = "องค์การบริหารส่วนจังหวัดพระนครศรีอยุธยา"
needs_libreoffice = pytest.mark.skipif(
    not (pdf.find_soffice() and pdf_tools()) and not os.environ.get("CI"), reason="LibreOffice or poppler not installed"
)


def png(width: int, height: int) -> bytes:
    """A grey PNG of the given size, made by hand (no imaging library)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# --- 1. names that leave room for lock files, cut between words ----------------------------


def test_names_leave_room_for_lock_files_and_are_cut_between_words():
    stem = "รายงานผลการดำเนินการตามมาตรการ ITA ปี 2569 รอบ 12 เดือน - " + LONG_NAME * 2
    name = paths.fit_name(stem, " (ฉบับร่าง).docx")
    assert len(name.encode("utf-8")) <= 247 and len(f".~lock.{name}#".encode()) <= 255
    kept = name.split("…")[0]
    starts = {sum(len(w) for w in thai.segment(stem)[:i]) for i in range(len(thai.segment(stem)) + 1)}
    assert len(kept) in starts  # the cut falls between two words of the dictionary


def test_a_long_agency_name_is_shortened_to_its_kind_before_anything_is_cut(tmp_path):
    name = "องค์การบริหารส่วนตำบลช้างให้ตก" + "พัฒนา" * 12
    path = paths.document_path(tmp_path, "รายงานผลการดำเนินการตามมาตรการ ITA ปี 2569 รอบ 12 เดือน", name)
    assert path.name.startswith("รายงานผลการดำเนินการตามมาตรการ ITA ปี 2569 รอบ 12 เดือน - อบต.ช้างให้ตก")
    short = paths.document_path(tmp_path, "รายงาน", "องค์การบริหารส่วนตำบลช้างให้ตก")
    assert short.name == "รายงาน - องค์การบริหารส่วนตำบลช้างให้ตก.docx"  # fits: the name as typed


def test_a_lock_file_name_too_long_to_exist_is_not_a_crash(tmp_path):
    target = tmp_path / ("ก" * 82 + ".xlsx")  # 251 bytes: LibreOffice's lock name would be 259
    target.write_bytes(b"x")
    assert files.is_locked(target) is False


# --- 8. leftovers of a killed run -----------------------------------------------------


def test_leftovers_of_a_process_that_is_gone_are_swept_and_others_kept(tmp_path):
    dead = subprocess.run(["true"] if os.name != "nt" else ["cmd", "/c", "rem"], check=True)
    assert dead.returncode == 0
    gone_pid = _a_pid_that_is_gone()
    left = tmp_path / f"{files.TEMP_PREFIX}{gone_pid}-abc.tmp"
    mine = tmp_path / f"{files.owned_prefix(files.TEMP_PREFIX)}def.tmp"
    old = tmp_path / f"{files.TEMP_PREFIX}xyz.tmp"  # a name from before the process id was in it
    folder = tmp_path / f"{pdf.PROFILE_PREFIX}{gone_pid}-profile"
    for path in (left, mine, old):
        path.write_bytes(b"half")
    (folder / "user").mkdir(parents=True)
    hour_ago = (datetime.now() - timedelta(hours=2)).timestamp()
    os.utime(old, (hour_ago, hour_ago))
    assert sorted(files.sweep_leftovers(tmp_path)) == sorted([left, old])
    assert files.sweep_leftovers(tmp_path, pdf.PROFILE_PREFIX) == [folder]
    assert mine.exists() and not folder.exists()


def test_a_kept_office_prepares_each_copy_before_converting_it_and_stops_on_a_failure(tmp_path, monkeypatch):
    """The copies are prepared one ahead, while LibreOffice converts the one before: each is
    prepared before its own conversion, in order; a preparation that fails stops the rest."""
    sources = [tmp_path / f"{n}.docx" for n in range(1, 5)]
    events: list[str] = []

    def convert(self, source, target):
        events.append(f"convert {source.name}")
        return target

    def prepare(source):
        events.append(f"prepare {source.name}")

    monkeypatch.setattr(pdf.Office, "convert", convert)
    made, why = pdf.Office().convert_all(sources, tmp_path / "pdf", prepare=prepare)
    assert made == [tmp_path / "pdf" / f"{n}.pdf" for n in range(1, 5)] and why == ""
    for source in sources:
        assert events.index(f"prepare {source.name}") < events.index(f"convert {source.name}")
    assert [e for e in events if e.startswith("prepare")] == [f"prepare {s.name}" for s in sources]

    events.clear()

    def broken(source):
        if source.name == "2.docx":
            raise ValueError("a damaged copy")
        events.append(f"prepare {source.name}")

    with pytest.raises(ValueError):
        pdf.Office().convert_all(sources, tmp_path / "pdf", prepare=broken)
    assert "convert 2.docx" not in events and "convert 3.docx" not in events


def test_a_build_sweeps_what_a_killed_build_left_in_output(make_project):
    root = make_project({"กองคลัง": [measure()]})
    (root / "output").mkdir(parents=True)
    left = root / "output" / f"{files.TEMP_PREFIX}{_a_pid_that_is_gone()}-x.tmp"
    left.write_bytes(b"half a document")
    assert itadocs.build(root).ok
    assert not left.exists()


def _a_pid_that_is_gone() -> int:
    process = subprocess.Popen(["sleep", "0"] if os.name != "nt" else ["cmd", "/c", "rem"])
    process.wait()
    return process.pid


# --- 3. templates Word takes as its own ------------------------------------------------


@pytest.mark.parametrize("name", ["measures.docx", "progress-6.docx", "progress-12.docx"])
def test_templates_are_in_word_2016_mode_with_thai_as_complex_script(name):
    with zipfile.ZipFile(bundled_template(name)) as z:
        parts = set(z.namelist())
        settings = etree.fromstring(z.read("word/settings.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
        app = z.read("docProps/app.xml").decode()
        core = z.read("docProps/core.xml").decode()
    mode = settings.find(f".//{W}compatSetting[@{W}name='compatibilityMode']")
    assert mode is not None and mode.get(f"{W}val") == "15"
    assert settings.find(f".//{W}useFELayout") is None and settings.find(f"{W}savePreviewPicture") is None
    assert "docProps/thumbnail.jpeg" not in parts and "word/stylesWithEffects.xml" not in parts
    assert "python-docx" not in core and "Macintosh" not in app
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert (default.get(f"{W}val"), default.get(f"{W}bidi")) == ("en-US", "th-TH")
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    languages = {sid for sid, s in by_id.items() if s.find(f".//{W}lang") is not None}
    assert languages == {"Hyperlink", "Footer"}  # links English (wrapped after a slash), page numbers Thai
    assert not [sid for sid in by_id if sid.endswith("Char")] and styles.find(f".//{W}link") is None
    assert not styles.findall(f".//{W}bidi") and not styles.findall(f".//{W}rtl")
    sizes = [int(by_id[f"Heading{n}"].find(f"{W}rPr/{W}szCs").get(f"{W}val")) for n in (1, 2, 3)]
    levels = [by_id[f"Heading{n}"].find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") for n in (1, 2, 3)]
    assert sizes[0] > sizes[1] > sizes[2] >= 32 and levels == ["0", "1", "2"]
    colours = {
        c.get(f"{W}val") for s in by_id.values() if s.get(f"{W}styleId") != "Hyperlink" for c in s.iter(f"{W}color")
    }
    assert colours <= {"000000"}  # no default blue left


# --- 2 and 6: metadata and the emblem ---------------------------------------------------


def test_documents_carry_their_own_title_the_agency_and_the_build_time(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    before = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=1)
    result = itadocs.build(tmp_path)
    assert result.ok, result.failure
    agency = EXAMPLE_DATA["agency"]["name"]
    for path in result.documents:
        core = open_docx(path).core_properties
        assert core.title.startswith(("มาตรการส่งเสริมคุณธรรม", "รายงาน")) and "ปีงบประมาณ พ.ศ. ๒๕" in core.title
        assert core.author == core.last_modified_by == agency and core.language == "th-TH"
        assert core.created >= before and core.modified == core.created
        assert "ITA" in core.subject and core.comments.startswith("เกณฑ์ที่ใช้: ")
        with zipfile.ZipFile(path) as z:
            assert "docProps/thumbnail.jpeg" not in z.namelist()
            assert b"python-docx" not in z.read("docProps/core.xml")


def test_the_emblem_goes_on_every_cover_and_a_bad_one_is_a_warning(make_project):
    root = make_project({"กองคลัง": [measure()]}, assessment=EXAMPLE_DATA["assessment"])
    (root / "ตราสัญลักษณ์.png").write_bytes(png(120, 120))
    result = itadocs.build(root)
    assert result.ok and len(result.documents) == 2, result.failure
    for path in result.documents:
        assert any(p.findall(f".//{W}drawing") for p in cover_paragraphs(path)), path.name
    assert [p.code for p in result.report.problems if p.code.startswith("emblem")] == []
    (root / "ตราสัญลักษณ์.png").write_bytes(b"not an image at all")
    again = itadocs.build(root)
    assert again.ok
    found = [(p.code, p.file) for p in again.report.problems if p.code.startswith("emblem")]
    assert found == [("emblem-unusable", "ตราสัญลักษณ์.png")]
    assert not any(p.findall(f".//{W}drawing") for path in again.documents for p in cover_paragraphs(path))
    (root / "ตราสัญลักษณ์.png").write_bytes(png(8, 8))
    small = [p for p in itadocs.check(root).problems if p.code == "emblem-unusable"]
    assert small and "8×8" in small[0].message("th")


def cover_paragraphs(path) -> list:
    """The paragraphs of the first section (the cover), up to its section break."""
    found = []
    for paragraph in open_docx(path).element.body.iterchildren(f"{W}p"):
        found.append(paragraph)
        if paragraph.find(f"{W}pPr/{W}sectPr") is not None:
            break
    return found


# --- 5, 1, 2 in the PDF ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The example, all three documents and their PDFs, under a long agency name."""
    root = tmp_path_factory.mktemp("published") / "project"
    from itadocs.excel.sample import write_project

    write_project(
        root / "inputs",
        {**EXAMPLE_DATA["agency"], "name": LONG_NAME},
        EXAMPLE_DATA["measures"],
        None,
        EXAMPLE_DATA["assessment"],
    )
    result = itadocs.build(root, documents=["measures", "progress-6", "progress-12"], pdf=True)
    return root, result


@needs_libreoffice
def test_every_pdf_is_made_under_a_long_agency_name(published):
    _, result = published
    assert result.ok, result.failure
    assert len(result.pdfs) == 3 and [p.stem for p in result.pdfs] == [d.stem for d in result.documents]
    for path in (*result.documents, *result.pdfs):
        assert len(path.name.encode("utf-8")) <= paths.NAME_LIMIT


@needs_libreoffice
def test_pdf_metadata_is_the_documents_own(published):
    _, result = published
    for docx, made in zip(result.documents, result.pdfs, strict=True):
        core = open_docx(docx).core_properties
        fields = info(made)
        assert fields["Title"] == core.title and fields["Author"] == LONG_NAME, fields
        assert fields.get("Subject") == core.subject
        assert not fields["Title"].endswith(".docx")


@needs_libreoffice
def test_thai_lines_end_between_words_and_the_text_is_as_typed(published):
    root, result = published
    project, _ = itadocs.load(root)
    assert project is not None
    names = pdf.own_names(project)
    total = None
    for docx, made in zip(result.documents, result.pdfs, strict=True):
        found = thai_line_ends(made, docx, names)
        assert found.thai > 300, made.name
        assert found.inside_syllable == [], [f"{e.before}|{e.after}" for e in found.inside_syllable]
        if total is None:
            total = found
        else:
            total.add(found)
        text = pdf_text(made)
        assert not set(text) & {"\u200b", "\u2060", "\ufeff"}, made.name
        with zipfile.ZipFile(docx) as z:
            body = z.read("word/document.xml").decode("utf-8")
        assert "\u200b" not in body and "\u2060" not in body  # the .docx staff edit has none
    assert total is not None and total.share <= 0.05, (total.share, len(total.inside_word), total.thai)


def test_thai_break_marks_keep_words_whole_and_let_long_words_break_between_syllables():
    marks = breaks.ThaiBreaks(["เทศบาลตำบลสวนหอมพัฒนา"])
    text = "ผู้อำนวยการกองคลังรายงานผลต่อเทศบาลตำบลสวนหอมพัฒนา (นม) ผลลัพธ์/ความสำเร็จ"
    marked = marks.mark(text)
    assert breaks.strip(marked) == text
    between = [i for i, ch in enumerate(marked) if ch == breaks.ZERO_WIDTH_SPACE]
    assert "ผู้อำนวยการ\u200bกอง\u200bคลัง" in marked.replace(breaks.WORD_JOINER, "")
    joined = marked.replace(breaks.WORD_JOINER, "")
    assert "\u200bสวนหอมพัฒนา " in joined and "ส\u2060ว\u2060น\u2060ห" in marked  # its own name: one word
    assert " \u2060(" in marked and "/\u200bค" in marked
    assert between
    narrow = marks.mark("ปรับปรุงแก้ไข", room_em=3.0)  # wider than its line: breaks between syllables
    assert breaks.strip(narrow) == "ปรับปรุงแก้ไข" and "\u200b" in narrow
    assert not re.search("\u200b[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", narrow)  # never before a mark


def test_each_projects_names_keep_no_dictionary_in_memory():
    """A web worker marks the PDFs of many projects: what a project's names add must go with
    the marking, not stay behind as a dictionary of 62,000 words per project."""
    import tracemalloc

    text = "ผู้อำนวยการกองคลังรายงานผลต่อเทศบาลตำบลสวนหอมพัฒนา ตัวชี้วัดที่ 9"
    breaks.ThaiBreaks(["เทศบาลตำบลสวนหอมพัฒนา"]).marks(text)  # the dictionary itself, read once
    tracemalloc.start()
    try:
        for name in ("เทศบาลตำบลหนึ่งพัฒนา", "เทศบาลตำบลสองพัฒนา", "เทศบาลตำบลสามพัฒนา"):
            assert breaks.ThaiBreaks([name]).marks(text.replace("สวนหอมพัฒนา", name[10:]))
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 2_000_000


# --- 7. a kept LibreOffice ---------------------------------------------------------------------


@needs_libreoffice
def test_a_kept_libreoffice_converts_warm_restarts_when_killed_and_stops(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    result = itadocs.build(tmp_path, documents=["progress-12"])
    out = tmp_path / "pdf"
    with pdf.Office() as office:
        if not office.available():
            pytest.skip("no Python with UNO (Debian: python3-uno)")
        first = pdf.to_pdf(list(result.documents), out, office=office)
        second = pdf.to_pdf(list(result.documents), out, office=office)
        assert office.starts == 1 and first == second and info(second[0])["Pages"]
        numbers = re.findall(
            r"^-\s*(\S+)\s*-$",
            subprocess.run(
                ["pdftotext", "-f", "2", "-l", "3", str(second[0]), "-"], capture_output=True, text=True
            ).stdout,
            re.M,
        )
        assert numbers == ["๑", "๒"]  # Thai page numbers, as the cold way gives them
        assert office._bridge is not None
        pdf._end_group(office._bridge)  # LibreOffice killed under it
        office._bridge.wait(timeout=30)
        pdf.to_pdf(list(result.documents), out, office=office)
        assert office.starts == 2
        profile = office._profile
    assert not office.running and profile is not None and not profile.exists()


@needs_libreoffice
def test_a_conversion_that_takes_too_long_is_stopped_with_a_thai_message(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    result = itadocs.build(tmp_path, documents=["progress-12"])
    office = pdf.Office(timeout=0.01)
    if not office.available():
        pytest.skip("no Python with UNO (Debian: python3-uno)")
    try:
        with pytest.raises(pdf.PdfUnavailable) as caught:
            pdf.to_pdf(list(result.documents), tmp_path / "pdf", office=office)
        assert "นานเกิน" in caught.value.message("th") and not office.running
    finally:
        office.close()
