"""Benchmark: itadocs at 10, 100 and 1,000 measures, stage by stage, against the engine and the floor.

Run from the repository root:   python bench/run.py            (about 3 minutes on 2 cores)
                                python bench/run.py --quick    (fewer runs, no batch)
                                python bench/run.py --pdf      (adds PDF timings)

Everything is measured in one run, so the ratios compare like with like on a noisy machine.
Times are medians of --runs repetitions.  See bench/README.md for the figures and what they mean.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docxtpl import DocxTemplate  # noqa: E402
from jinja2 import Environment  # noqa: E402

from itadocs import render  # noqa: E402
from itadocs.criteria import load_criteria  # noqa: E402
from itadocs.documents import DOCUMENTS, context_for  # noqa: E402
from itadocs.excel.sample import EXAMPLE_FILE, write_project  # noqa: E402
from itadocs.merging import merge_measures  # noqa: E402
from itadocs.model import Project  # noqa: E402
from itadocs.project import load_project, read_inputs  # noqa: E402
from itadocs.validate import project_criteria, validate_agency, validate_assessment, validate_division  # noqa: E402

SIZES = ((10, 5), (100, 10), (1000, 20))  # (measures, divisions)
EXAMPLE = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))


def synthetic_measures(count: int, divisions: int, seed: int = 2568) -> dict[str, list[dict]]:
    """`count` measures over `divisions` divisions, with texts of real length drawn from the example."""
    rng = random.Random(seed)
    pool = [m for rows in EXAMPLE["measures"].values() for m in rows]
    names = [f"กองทดสอบที่ {i + 1}" for i in range(divisions)]
    result: dict[str, list[dict]] = {name: [] for name in names}
    for i in range(count):
        base = dict(rng.choice(pool))
        # Vary the text so no two measures are alike (duplicates would only add warnings).
        base["issue"] = f"{base['issue']} (กรณีที่ {i + 1})"
        base["steps"] = base["steps"] + f"\n{rng.randint(3, 9)}. ติดตามผลและรายงานผู้บริหารครั้งที่ {i + 1}"
        result[names[i % divisions]].append(base)
    return result


def make_project(folder: Path, count: int, divisions: int) -> Path:
    write_project(folder / "inputs", EXAMPLE["agency"], synthetic_measures(count, divisions),
                  None, EXAMPLE["assessment"])
    return folder


def median_time(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def stages(root: Path, runs: int) -> dict[str, float]:
    """Median seconds of each stage, in process."""
    result = {}
    result["read"] = median_time(lambda: read_inputs(root), runs)
    agencies, divisions, _ = read_inputs(root)

    def check():
        agency, _ = validate_agency(agencies[0])
        assert agency is not None
        criteria = project_criteria(agencies[0], agency, load_criteria(agency.fiscal_year))
        validate_assessment(agencies[0], agency, criteria)
        measures = [m for s in divisions for m in validate_division(s, criteria, 6, agency.fiscal_year)[0]]
        return agency, criteria, measures
    result["validate"] = median_time(check, runs)
    agency, criteria, measures = check()
    result["merge"] = median_time(lambda: merge_measures(measures, agency.divisions), runs)
    project = loaded(root)
    out = root / "bench-out"
    for key, kind in DOCUMENTS.items():
        result[f"render {key}"] = median_time(
            lambda kind=kind: render.render_document(project, kind, out / kind.template), runs)
    return result


def loaded(root: Path) -> Project:
    project, report = load_project(root)
    assert project is not None, report.errors[:3]
    return project


def engine_ratio(root: Path, runs: int) -> tuple[float, float]:
    """(ours, plain docxtpl) for the 6-month report: same template, same context, saved to memory."""
    project = loaded(root)
    kind = DOCUMENTS["progress-6"]
    template = render.find_template(root, kind.template)
    context = context_for(project, kind)

    def plain():
        tpl = DocxTemplate(template)
        tpl.render(context, Environment(autoescape=True), autoescape=True)
        tpl.save(io.BytesIO())

    def ours():
        render.render(template, context_for(project, kind), root / "bench-out" / "ours.docx")
    return median_time(ours, runs), median_time(plain, runs)


def fresh_process(args: list[str], runs: int) -> tuple[float, float]:
    """(median wall seconds, max peak MB) of `itadocs ARGS` as a new process."""
    probe = ("import resource, sys\nfrom itadocs.cli import app\n"
             "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
    times, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), max(peaks)


def python_startup(runs: int) -> float:
    return median_time(lambda: subprocess.run([sys.executable, "-c", "pass"]), runs)


def floor(docx: Path, runs: int) -> float:
    """Loading and saving an equally large .docx with python-docx: the least any build must do."""
    return median_time(lambda: Document(str(docx)).save(io.BytesIO()), runs)


def pdf_time(root: Path) -> float:
    from itadocs.pdf import to_pdf

    docs = sorted((root / "output").glob("*.docx"))
    started = time.perf_counter()
    to_pdf(docs)
    return time.perf_counter() - started


def batch(count: int, jobs: int, tmp: Path) -> float:
    folder = tmp / "batch"
    for i in range(count):
        shutil.copytree(ROOT / "inputs", folder / f"agency-{i:03d}" / "inputs")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "itadocs", "build", str(folder), "--all", "--jobs", str(jobs), "--json"],
                   capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 runs, no batch")
    parser.add_argument("--pdf", action="store_true", help="also time PDF conversion")
    parser.add_argument("--batch", type=int, default=100, help="agencies in the batch run (0: none)")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    report: dict = {"runs": runs, "sizes": {}}
    py = python_startup(runs)
    help_time, _ = fresh_process(["--help"], runs)
    validate_time, _ = fresh_process(["validate", "--json"], runs)
    example_build, example_peak = fresh_process(["build"], runs)
    report["startup"] = {"python": py, "help": help_time, "validate example": validate_time,
                         "build example": example_build, "build example peak MB": example_peak}
    with tempfile.TemporaryDirectory(prefix="itadocs-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for count, divisions in SIZES:
            root = make_project(tmp / f"m{count}", count, divisions)
            entry = stages(root, runs)
            ours, plain = engine_ratio(root, runs)
            build_time, peak = fresh_process(["build", str(root)], runs)
            biggest = max((root / "output").glob("*.docx"), key=lambda p: p.stat().st_size)
            entry.update({"render ours": ours, "render docxtpl": plain, "build (process)": build_time,
                          "peak MB": peak, "floor load+save": floor(biggest, runs)})
            if args.pdf:
                entry["pdf"] = pdf_time(root)
            report["sizes"][count] = entry
            print(f"{count:>5} measures: build {build_time:.2f} s, peak {peak:.0f} MB", file=sys.stderr)
        if args.batch and not args.quick:
            report["batch"] = {"agencies": args.batch, "jobs": 2, "seconds": batch(args.batch, 2, tmp)}
    print(format_report(report))
    (ROOT / "bench" / "last-run.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


def format_report(report: dict) -> str:
    s = report["startup"]
    lines = [f"## itadocs benchmark (medians of {report['runs']} runs)", "",
             "| start-up (fresh process) | seconds |", "|---|---|",
             f"| python -c pass | {s['python']:.3f} |",
             f"| itadocs --help | {s['help']:.3f} (own {s['help'] - s['python']:.3f}) |",
             f"| itadocs validate (example) | {s['validate example']:.3f} "
             f"(own {s['validate example'] - s['python']:.3f}) |",
             f"| itadocs build (example) | {s['build example']:.3f}, peak {s['build example peak MB']:.0f} MB |", ""]
    sizes = report["sizes"]
    keys = list(next(iter(sizes.values())))
    lines += ["| stage | " + " | ".join(f"{n} measures" for n in sizes) + " |",
              "|---|" + "---|" * len(sizes)]
    for key in keys:
        unit = "" if "MB" in key else " s"
        lines.append(f"| {key} | " + " | ".join(f"{sizes[n][key]:.3f}{unit}" if unit else f"{sizes[n][key]:.0f}"
                                                 for n in sizes) + " |")
    big, mid = sizes[max(sizes)], sizes[sorted(sizes)[1]]
    lines += ["",
              "- render overhead over plain docxtpl (1,000 measures): "
              f"{big['render ours'] / big['render docxtpl']:.2f}x",
              "- whole build over the load+save floor (1,000 measures): "
              f"{big['build (process)'] / big['floor load+save']:.2f}x",
              f"- growth 100 -> 1,000 measures: build {big['build (process)'] / mid['build (process)']:.2f}x, "
              f"render progress-6 {big['render progress-6'] / mid['render progress-6']:.2f}x"]
    if "batch" in report:
        b = report["batch"]
        lines.append(f"- batch of {b['agencies']} example agencies, --jobs {b['jobs']}: {b['seconds']:.1f} s")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
