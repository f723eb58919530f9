"""Benchmark of the PDFs as a reader sees them: Thai line ends inside words, and page counts.

Run from the repository root:   python bench/line_breaks.py               (about 2 minutes on 2 cores)
                                python bench/line_breaks.py --unmarked    (the PDFs without linebreaks' marks)
                                python bench/line_breaks.py --keep DIR    (keeps the projects and their PDFs)

Builds all three documents with their PDFs for the bundled example, for a generated project of
100 measures over 10 divisions (texts from the example, as bench/run.py makes them) and for the
example under a long agency name, then reads every PDF with poppler (tests/pdf_checks.py):
- Thai line ends (a line ending between two Thai letters of one paragraph), those inside a word
  of pythainlp's newmm dictionary with the project's own names added, and those not even at a
  syllable boundary;
- pages, and pages whose text fills less than a third of the body's height (a heading alone, the
  signatures alone, a header row and a scrap of a row).
The raw figures go to bench/last-line-breaks.json (not committed).  See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from itadocs import api  # noqa: E402
from itadocs.excel.sample import EXAMPLE_FILE, write_project  # noqa: E402
from itadocs.word import pdf as word_pdf  # noqa: E402
from tests.pdf_checks import Breaks, page_lines, thai_line_ends  # noqa: E402

KINDS = ["measures", "progress-6", "progress-12"]
LONG_NAME = "องค์การบริหารส่วนจังหวัดพระนครศรีอยุธยา"
EXAMPLE = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))


def projects(folder: Path) -> dict[str, Path]:
    from run import synthetic_measures  # bench/run.py: the same generated measures as the speed figures

    example = folder / "example"
    shutil.copytree(ROOT / "inputs", example / "inputs")
    generated = folder / "measures-100"
    write_project(generated / "inputs", EXAMPLE["agency"], synthetic_measures(100, 10), None, EXAMPLE["assessment"])
    long_name = folder / "long-name"
    write_project(
        long_name / "inputs", {**EXAMPLE["agency"], "name": LONG_NAME}, EXAMPLE["measures"], None, EXAMPLE["assessment"]
    )
    return {"example": example, "100 measures": generated, "long agency name": long_name}


def sparse_pages(pdf: Path, share: float = 1 / 3) -> list[int]:
    """Pages after the cover whose text (page number aside) fills less than `share` of the body."""
    found = []
    for number, lines in enumerate(page_lines(pdf), start=1):
        body = [line for line in lines if not (line.text.startswith("-") and line.text.endswith("-"))]
        if number == 1 or not body:
            continue
        top, bottom = min(line.y0 for line in body), max(line.y1 for line in body)
        if (bottom - top) / 480 < share:  # 480 pt: the text height of a landscape A4 page
            found.append(number)
    return found


def _paginated_only(path: Path) -> None:
    from docx import Document

    from itadocs.word.finish import for_libreoffice

    document = Document(str(path))
    for_libreoffice(document)
    document.save(str(path))


def measure(root: Path, unmarked: bool) -> dict:
    if unmarked:  # the PDFs as before the line-break marks: only the pagination for LibreOffice
        word_pdf.prepare_pdf_copy = lambda names=(): _paginated_only
    result = api.build(root, documents=KINDS, pdf=True)
    assert result.ok, result.failure
    project, _ = api.load(root)
    assert project is not None
    names = word_pdf.own_names(project)
    figures, total = {}, Breaks()
    for kind, docx, pdf in zip(KINDS, result.documents, result.pdfs, strict=True):
        breaks = thai_line_ends(pdf, docx, names)
        total.add(breaks)
        lines = page_lines(pdf)
        figures[kind] = {
            "pages": len(lines),
            "thai_line_ends": breaks.thai,
            "inside_word": len(breaks.inside_word),
            "inside_syllable": len(breaks.inside_syllable),
            "share": round(breaks.share, 4),
            "sparse_pages": sparse_pages(pdf),
            "syllables_cut": [f"{e.before}|{e.after}" for e in breaks.inside_syllable],
        }
    figures["all"] = {
        "thai_line_ends": total.thai,
        "inside_word": len(total.inside_word),
        "inside_syllable": len(total.inside_syllable),
        "share": round(total.share, 4),
    }
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unmarked", action="store_true", help="PDFs without the Thai line-break marks")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="itadocs-breaks-"))
    try:
        report = {name: measure(root, args.unmarked) for name, root in projects(folder).items()}
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    (ROOT / "bench" / "last-line-breaks.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print("| project | document | pages | sparse pages | Thai line ends | inside a word | inside a syllable |")
    print("|---|---|---|---|---|---|---|")
    for name, figures in report.items():
        for kind in [*KINDS, "all"]:
            f = figures[kind]
            sparse = len(f["sparse_pages"]) if kind != "all" else ""
            print(
                f"| {name} | {kind} | {f.get('pages', '')} | {sparse}"
                f" | {f['thai_line_ends']} | {f['inside_word']} ({f['share']:.1%}) | {f['inside_syllable']} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
