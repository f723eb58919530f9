"""Benchmark: the example's PDFs with LibreOffice started for them (cold) and kept running (warm).

Run from the repository root:   python bench/pdf_warm.py            (about a minute on 2 cores)
                                python bench/pdf_warm.py --runs 9

Builds the bundled example's documents (the measures document and the report of its round, as
`itadocs build` writes them), then, in one process, converts them to PDF: `--runs` times cold
(`to_pdf` without an office: `soffice --convert-to`, a fresh profile each time, as a one-shot
`itadocs build --pdf` does) and, interleaved, with one pdf.Office kept running (its first
conversion, LibreOffice's start included, reported apart).  Each conversion includes the working
copy's preparation (rows relaxed, Thai line breaks marked).  Medians of wall time; see
bench/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itadocs import api  # noqa: E402
from itadocs.word.pdf import Office, own_names, prepare_pdf_copy, to_pdf  # noqa: E402


def group_cpu(group: int) -> float:
    """CPU seconds (user + system) of the processes of a process group (the bridge and its
    LibreOffice), from /proc; 0 elsewhere than Linux."""
    import os

    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK") if total else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="itadocs-bench-pdf-") as tmp:
        root = Path(tmp) / "example"
        shutil.copytree(ROOT / "inputs", root / "inputs")
        result = api.build(root)
        assert result.ok, result.failure
        project, _ = api.load(root)
        assert project is not None
        prepare = prepare_pdf_copy(own_names(project))
        documents = list(result.documents)
        prepare(Path(shutil.copy(documents[0], Path(tmp) / "warm-up.docx")))  # pythainlp's dictionaries loaded once
        cold: list[float] = []
        warm: list[float] = []
        warm_cpu: list[float] = []
        with Office() as office:
            if not office.available():
                print("no Python with UNO (Debian: apt install python3-uno): only the cold way can be measured")
                return 1
            started = time.perf_counter()
            to_pdf(documents, Path(tmp) / "first", prepare=prepare, office=office)
            first = time.perf_counter() - started
            for run in range(args.runs):
                for way in ("cold", "warm"):
                    started, ours = time.perf_counter(), time.process_time()
                    theirs = group_cpu(office._bridge.pid) if office._bridge is not None else 0.0
                    to_pdf(
                        documents, Path(tmp) / f"{way}-{run}", prepare=prepare, office=office if way == "warm" else None
                    )
                    (warm if way == "warm" else cold).append(time.perf_counter() - started)
                    if way == "warm" and office._bridge is not None:
                        warm_cpu.append(time.process_time() - ours + group_cpu(office._bridge.pid) - theirs)
            starts = office.starts
    print(f"documents: {len(documents)} ({', '.join(d.name[:40] for d in documents)})")
    print(f"| cold (soffice started per build), median of {args.runs} | {statistics.median(cold):.2f} s |")
    print(f"| kept LibreOffice, first conversion (its start included) | {first:.2f} s |")
    print(f"| kept LibreOffice, warm, median of {args.runs} | {statistics.median(warm):.2f} s |")
    print(f"| warm runs: min / max | {min(warm):.2f} s / {max(warm):.2f} s |")
    if warm_cpu:
        print(
            f"| kept LibreOffice, warm: CPU of this process and LibreOffice, median |"
            f" {statistics.median(warm_cpu):.2f} s |"
        )
    print(f"LibreOffice started {starts} time(s) for the kept runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
