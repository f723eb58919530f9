"""What the web page needs from the library: workbooks recognised by content and received
into a project (the replaced ones kept in history), blank forms, build progress and kept builds."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

import itadocs
from itadocs import schema
from itadocs.excel.sample import write_project

from .conftest import AGENCY, measure


def _workbook_of(tmp_path: Path, division: str, rows: list[dict], name: str = "") -> Path:
    """A division's filled workbook outside any project, under any name."""
    folder = tmp_path / "sent"
    folder.mkdir(exist_ok=True)
    paths = write_project(folder / f"x{len(list(folder.iterdir()))}", AGENCY, {division: rows})
    source = paths[1]
    target = folder / (name or f"{division} (แก้ไข) (1).xlsx")
    source.rename(target)
    return target


@pytest.fixture
def project(make_project):
    return make_project({"กองคลัง": [measure()], "กองช่าง": [measure(responsible="กองช่าง")]})


def test_a_workbook_is_recognised_by_content_not_by_name(tmp_path, project):
    sent = _workbook_of(tmp_path, "กองช่าง", [measure()], name="กองคลัง.xlsx")
    found = itadocs.recognise_workbook(sent)
    assert (found.kind, found.division, found.refusal) == (schema.KIND_DIVISION, "กองช่าง", None)
    agency = itadocs.recognise_workbook(project / "inputs" / "ข้อมูลหน่วยงาน.xlsx")
    assert agency.kind == schema.KIND_AGENCY


@pytest.mark.parametrize(
    "content, code",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "Workbook".encode("utf-16-le"), "file-old-format"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptionInfo".encode("utf-16-le"), "file-encrypted"),
        (b"name,value\n1,2\n", "file-not-workbook"),
        (b"", "file-not-workbook"),
    ],
)
def test_what_is_not_an_xlsx_is_named_from_its_bytes(tmp_path, content, code):
    path = tmp_path / "กองคลัง.xlsx"
    path.write_bytes(content)
    found = itadocs.recognise_workbook(path, "ส่งมา.xlsx")
    assert found.kind is None and found.refusal.code == code and found.refusal.file == "ส่งมา.xlsx"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_a_word_file_and_a_macro_workbook_are_refused_before_reading(tmp_path):
    cases = {
        "bomb": _zip(
            {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "xl/huge.xml": b"\0" * (101 * 1024 * 1024)}
        ),
        "word": _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}),
        "macros": _zip(
            {
                "[Content_Types].xml": b"<Override ContentType='application/vnd.ms-excel.sheet."
                b"macroEnabled.main+xml'/>",
                "xl/workbook.xml": b"<x/>",
            }
        ),
    }
    found = {}
    for name, data in cases.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(data)
        found[name] = itadocs.recognise_workbook(path).refusal
    assert found["bomb"].code == "workbook-too-large" and "เกินขีดจำกัด" in found["bomb"].message("th")
    assert found["word"].code == "file-not-workbook"
    assert found["macros"].code == "file-unreadable" and ".xlsm" in found["macros"].message("en")


def test_receiving_replaces_every_workbook_of_the_division_and_keeps_them_in_history(tmp_path, project):
    inputs = project / "inputs"
    # A copy the coordinator once dropped in under another name is the same division's workbook.
    (inputs / "กองคลัง.xlsx").rename(inputs / "กองคลัง (แก้ไข).xlsx")
    old = (inputs / "กองคลัง (แก้ไข).xlsx").read_bytes()
    sent = _workbook_of(tmp_path, "กองคลัง", [measure(), measure(issue="ประเด็นที่สอง")], name="../../x.xlsx")
    received = itadocs.receive_workbook(project, sent, name="../../x.xlsx")
    assert received.ok and received.path == inputs / "กองคลัง.xlsx"
    assert sorted(p.name for p in inputs.iterdir()) == ["กองคลัง.xlsx", "กองช่าง.xlsx", "ข้อมูลหน่วยงาน.xlsx"]
    assert [p.read_bytes() for p in received.kept] == [old]
    assert received.kept[0].parent.parent == project / "history"
    assert sent.is_file()  # the source is the caller's
    standing = itadocs.status(project)
    assert [(d.division, d.measures) for d in standing.divisions] == [("กองคลัง", 2), ("กองช่าง", 1)]

    again = itadocs.receive_workbook(project, received.path.rename(tmp_path / "same.xlsx"))
    assert again.ok and again.path == inputs / "กองคลัง.xlsx" and again.kept == ()


def test_the_same_bytes_again_replace_nothing(tmp_path, project):
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes((project / "inputs" / "กองช่าง.xlsx").read_bytes())
    received = itadocs.receive_workbook(project, copy)
    assert received.ok and received.unchanged and received.kept == () and not (project / "history").exists()


def test_a_division_link_takes_only_that_divisions_workbook(tmp_path, project):
    other = _workbook_of(tmp_path, "กองช่าง", [measure()])
    refused = itadocs.receive_workbook(project, other, division="กองคลัง")
    assert not refused.ok and refused.path is None
    assert refused.refused is not None
    assert "กองช่าง" in refused.refused("th") and "กองคลัง" in refused.refused("en")
    agency = itadocs.receive_workbook(project, project / "inputs" / "ข้อมูลหน่วยงาน.xlsx", division="กองคลัง")
    assert agency.refused is not None and "ข้อมูลหน่วยงาน" in agency.refused("th")
    broken = tmp_path / "b.xlsx"
    broken.write_bytes(b"not a workbook")
    refusal = itadocs.receive_workbook(project, broken, division="กองคลัง").refused
    assert refusal is not None and "Excel" in refusal("th")


def test_the_agency_workbook_is_received_as_the_agency_workbook(tmp_path, project):
    agency = project / "inputs" / "ข้อมูลหน่วยงาน.xlsx"
    wb = load_workbook(agency)
    wb[schema.AGENCY_SHEET]["B3"] = "เทศบาลตำบลใหม่"
    sent = tmp_path / "agency (1).xlsx"
    wb.save(sent)
    received = itadocs.receive_workbook(project, sent)
    assert received.ok and received.path == agency and len(received.kept) == 1
    assert itadocs.status(project).agency == "เทศบาลตำบลใหม่"


def test_blank_workbooks_are_fresh_forms_of_the_projects_divisions(tmp_path, project):
    folder = tmp_path / "blank"
    folder.mkdir()
    written = itadocs.blank_workbooks(project, folder)
    assert [p.name for p in written] == ["กองคลัง.xlsx", "กองช่าง.xlsx"]
    found = itadocs.recognise_workbook(written[1])
    assert found.division == "กองช่าง"
    wb = load_workbook(written[1])
    assert wb[schema.MEASURES_SHEET].max_row <= schema.FIRST_DATA_ROW  # nothing of the division's own
    assert itadocs.blank_workbooks(project, folder, ["กองคลัง"]) == [folder / "กองคลัง.xlsx"]


def test_init_takes_the_signers(tmp_path):
    root = tmp_path / "ita"
    itadocs.init_project(
        root,
        agency="อบต.ทดสอบ",
        fiscal_year=2568,
        divisions=["กองคลัง"],
        details={"reporter_name": "นางสาวผู้รายงาน", "approver_position": "นายก อบต.ทดสอบ"},
    )
    ws = load_workbook(root / "inputs" / "ข้อมูลหน่วยงาน.xlsx")[schema.AGENCY_SHEET]
    values = [c.value for row in ws.iter_rows(max_col=2) for c in row]
    assert "นางสาวผู้รายงาน" in values and "นายก อบต.ทดสอบ" in values
    with pytest.raises(itadocs.ItadocsError) as error:
        itadocs.init_project(tmp_path / "other", details={"password": "x"})
    assert "password" in error.value.text("th")


def test_build_reports_progress_and_keeps_each_build_by_time(make_project):
    project = make_project({"กองคลัง": [measure()]})
    steps: list[tuple[str, str]] = []
    first = itadocs.build(project, keep=True, progress=lambda step, document: steps.append((step, document)))
    assert first.ok, first.failure
    assert steps == [("reading", ""), ("rendering", "progress-6"), ("keeping", "")]
    written_first = first.documents[0].read_bytes()  # the next build writes the same file again
    second = itadocs.build(project, keep=True, documents=["progress-6", "progress-12"])
    kept = itadocs.past_builds(project)
    assert [k.folder for k in kept] == [second.kept, first.kept]
    assert [p.name for p in kept[0].documents] == [p.name for p in second.documents]
    assert kept[0].kinds == ("progress-6", "progress-12") and kept[0].round == 6 and kept[0].measures == 1
    assert kept[1].documents[0].read_bytes() == written_first  # the first build's copy, as it was
    assert itadocs.build(project).kept is None


def test_a_kept_build_keeps_the_usual_name_of_a_document_written_beside_an_edit(make_project):
    project = make_project({"กองคลัง": [measure()]})
    first = itadocs.build(project)
    first.documents[0].write_bytes(first.documents[0].read_bytes() + b"edited in Word")
    second = itadocs.build(project, keep=True)
    assert second.edited and second.documents[0].name.endswith("(ฉบับใหม่).docx")
    assert [p.name for p in itadocs.past_builds(project)[0].documents] == [first.documents[0].name]


def test_page_images_of_a_pdf(tmp_path):
    import shutil

    from itadocs.word.pdf import page_images

    if not shutil.which("pdftoppm"):
        pytest.skip("needs poppler's pdftoppm")
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(_tiny_pdf())
    images = page_images(pdf, tmp_path / "preview", "0", pages=2)
    assert [p.name for p in images] == ["0-1.png"] and images[0].read_bytes()[:4] == b"\x89PNG"


def _tiny_pdf() -> bytes:
    """A one-page PDF, written by hand (the offsets in xref are computed)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_two_replacements_within_one_second_keep_both(tmp_path, project):
    kept: list[Path] = []
    for number in range(3):
        sent = _workbook_of(tmp_path, "กองคลัง", [measure(issue=f"ฉบับที่ {number}")], name=f"{number}.xlsx")
        kept += itadocs.receive_workbook(project, sent).kept
    assert len(kept) == 3 and len({p.read_bytes() for p in kept}) == 3
