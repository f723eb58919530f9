"""Benchmark of the Thai line-break marks alone: their CPU time and the memory a process keeps.

Run from the repository root:   python bench/break_marks.py                 (about a minute on 2 cores)
                                python bench/break_marks.py --marks FILE    (also writes every mark)

Builds the .docx of the three projects bench/line_breaks.py uses (the example, 100 measures, the
example under a long agency name), then, in one process as a web worker would, marks every
paragraph with Thai text as the PDF's working copy gets it (`breaks.ThaiBreaks.marks`, each
project with its own names).  Prints the paragraphs marked, the CPU time of the marking and the
process's peak memory.  `--marks FILE` writes each paragraph with its marks as JSON: two
checkouts' files compare with `cmp`.  See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from docx import Document  # noqa: E402
from line_breaks import KINDS, projects  # noqa: E402

from itadocs import api  # noqa: E402
from itadocs.word import metrics, oxml  # noqa: E402
from itadocs.word import pdf as word_pdf  # noqa: E402
from itadocs.word.breaks import ThaiBreaks, has_thai  # noqa: E402
from itadocs.word.layout import W_P, W_T, LineWidths, Styles  # noqa: E402


def mark_all(folder: Path) -> tuple[list[list[object]], float]:
    """Every Thai paragraph of every document built in `folder`'s projects, with its marks; the CPU time."""
    marked: list[list[object]] = []
    spent = 0.0
    for root in projects(folder).values():
        result = api.build(root, documents=KINDS)
        assert result.ok, result.failure
        project, _ = api.load(root)
        assert project is not None
        names = word_pdf.own_names(project)
        for path in result.documents:
            document = Document(str(path))
            styles, widths = Styles(document), LineWidths(document)
            start = time.process_time()
            breaks = ThaiBreaks(names)
            for story in oxml.story_roots(document):
                for paragraph in story.iter(W_P):
                    text = "".join(t.text for t in paragraph.iter(W_T) if t.text)
                    if has_thai(text):
                        size, bold = styles.font(oxml.paragraph_style_id(paragraph))
                        room = widths(paragraph) / (size * metrics.CM_PER_PT)
                        marked.append([text, sorted(breaks.marks(text, room, bold).items())])
            spent += time.process_time() - start
    return marked, spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marks", type=Path, help="write every paragraph with its marks (JSON) here")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="itadocs-marks-"))
    try:
        marked, spent = mark_all(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.marks:
        args.marks.write_text(json.dumps(marked, ensure_ascii=False), encoding="utf-8")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(marked)} paragraphs marked, {spent:.2f} s CPU marking, peak {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
