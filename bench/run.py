"""Benchmark: itadocs on the example and at 100, 1,000 and 10,000 measures, against the floors.

Run from the repository root:   python bench/run.py            (about 6 minutes on 2 cores)
                                python bench/run.py --quick    (fewer runs, no 10,000, no batch)
                                python bench/run.py --pdf      (adds PDF timings)

Everything is measured in one run, so the ratios compare like with like on a noisy machine:
a fresh process against a fresh process, in process against in process.  Times are medians
of --runs repetitions; CPU time (user + system) is given beside wall time because other work
on the machine stretches wall time much more than CPU time.  See bench/README.md.

Each fresh process is started by a small wrapper process that reads the command's own
resource use with os.wait4: the peak memory is the command's, not that of this (large)
benchmark process, which Linux would otherwise hand down at exec as the child's ru_maxrss.
"""

from __future__ import annotations

import argparse
import compileall
import io
import json
import os
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

from itadocs import api  # noqa: E402
from itadocs.criteria import load_criteria  # noqa: E402
from itadocs.documents import DOCUMENTS, context_for, documents_for  # noqa: E402
from itadocs.excel.sample import EXAMPLE_FILE, write_project  # noqa: E402
from itadocs.merging import merge_measures  # noqa: E402
from itadocs.model import Project  # noqa: E402
from itadocs.project import load_project, read_inputs  # noqa: E402
from itadocs.validate import project_criteria, validate_agency, validate_assessment, validate_division  # noqa: E402
from itadocs.word import render  # noqa: E402

SIZES = ((100, 10), (1000, 20), (10000, 20))  # (measures, divisions); the example comes first
EXAMPLE = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))

# The command is the grandchild: it starts with this wrapper's small memory, not the bench's.
WRAPPER = r"""
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KB on Linux
print(json.dumps({"wall": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak": usage.ru_maxrss * scale / 2**20, "code": os.waitstatus_to_exitcode(status)}))
"""
FLOOR = "import sys\nfrom docx import Document\nfor path in sys.argv[1:]:\n    Document(path).save(path + '.floor')\n"


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
    write_project(
        folder / "inputs", EXAMPLE["agency"], synthetic_measures(count, divisions), None, EXAMPLE["assessment"]
    )
    return folder


def example_project(folder: Path) -> Path:
    shutil.copytree(ROOT / "inputs", folder / "inputs")
    return folder


# --- fresh processes -----------------------------------------------------------


def fresh(command: list[str], runs: int) -> dict[str, float]:
    """Median wall and CPU seconds and the largest peak memory (MB) of `command` as a new process."""
    found = []
    for _ in range(runs):
        if hasattr(os, "wait4"):
            done = subprocess.run(
                [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, cwd=ROOT, check=True
            )
            found.append(json.loads(done.stdout.strip().splitlines()[-1]))
        else:  # Windows: no wait4, so no peak
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, cwd=ROOT)
            spent = time.perf_counter() - started
            found.append({"wall": spent, "cpu": spent, "peak": float("nan")})
    return {
        "wall": statistics.median(f["wall"] for f in found),
        "cpu": statistics.median(f["cpu"] for f in found),
        "peak": max(f["peak"] for f in found),
    }


def itadocs(*args: object) -> list[str]:
    """The real entry point: `python -m itadocs` runs the console script's main()."""
    return [sys.executable, "-m", "itadocs", *map(str, args)]


def documents_of(root: Path) -> list[Path]:
    return sorted((root / "output").glob("*.docx"))


# --- in process ------------------------------------------------------------------


def median_time(action, runs: int) -> tuple[float, float]:
    """(median wall, median CPU) seconds of `action`."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def loaded(root: Path) -> Project:
    project, report = load_project(root)
    assert project is not None, report.errors[:3]
    return project


def stages(root: Path, runs: int) -> dict[str, float]:
    """Median CPU seconds of each stage, in process."""
    result = {"read": median_time(lambda: read_inputs(root), runs)[1]}
    agencies, divisions, _ = read_inputs(root)

    def check():
        agency, _ = validate_agency(agencies[0])
        assert agency is not None
        criteria = project_criteria(agencies[0], agency, load_criteria(agency.fiscal_year))
        validate_assessment(agencies[0], agency, criteria)
        measures = [m for s in divisions for m in validate_division(s, criteria, 6, agency.fiscal_year)[0]]
        return agency, criteria, measures

    result["validate"] = median_time(check, runs)[1]
    agency, _, measures = check()
    result["merge"] = median_time(lambda: merge_measures(measures, agency.divisions), runs)[1]
    project = loaded(root)
    out = root / "bench-out"
    for kind in documents_for(project):
        result[f"render {kind.key}"] = median_time(
            lambda kind=kind: render.render_document(project, kind, out / kind.template), runs
        )[1]
    return result


def engine_ratio(root: Path, runs: int) -> tuple[float, float]:
    """(ours, plain docxtpl) CPU seconds for the 6-month report: same template, same context, both saved."""
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

    return median_time(ours, runs)[1], median_time(plain, runs)[1]


def in_process(root: Path, runs: int) -> tuple[float, float]:
    """(build, floor) median CPU seconds in this process: a warm `api.build` against loading and
    saving, with python-docx, every document that build writes."""
    api.build(root)  # warm: the first build's imports and caches are the fresh figures' part
    build = median_time(lambda: api.build(root), runs)[1]
    docs = documents_of(root)
    return build, median_time(lambda: [Document(str(p)).save(io.BytesIO()) for p in docs], runs)[1]


WARM = r"""
import json, statistics, sys, time
from itadocs import api
root, count = sys.argv[1], int(sys.argv[2])
def rss():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))
    except OSError:  # not Linux
        return float("nan")
cpus, memory = [], {}
for number in range(1, count + 1):
    started = time.process_time()
    api.build(root)
    cpus.append(time.process_time() - started)
    if number in (1, 2, 10, 50, 100, count):
        memory[number] = round(rss())
print(json.dumps({"first": cpus[0], "warm": statistics.median(cpus[1:]), "rss": memory}))
"""


def warm_rebuilds(root: Path, count: int) -> dict:
    """A fresh process building the project `count` times: the first build, the median of the
    others (CPU seconds) and the resident memory after some of them (Linux)."""
    done = subprocess.run(
        [sys.executable, "-c", WARM, str(root), str(count)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def pdf_time(root: Path) -> float:
    from itadocs.word.pdf import to_pdf

    started = time.perf_counter()
    to_pdf(documents_of(root))
    return time.perf_counter() - started


def batch(count: int, jobs: int, tmp: Path) -> dict[str, float]:
    folder = tmp / "batch"
    for i in range(count):
        shutil.copytree(ROOT / "inputs", folder / f"agency-{i:03d}" / "inputs")
    return fresh(itadocs("build", folder, "--all", "--jobs", jobs, "--json"), 1)


# --- the run -------------------------------------------------------------------------


def measure_size(root: Path, runs: int, heavy: bool, pdf: bool) -> dict:
    """Every figure of one project; `heavy` (10,000 measures): one run of each."""
    each = 1 if heavy else runs
    entry: dict = {}
    build = fresh(itadocs("build", root), 2 if heavy else runs)
    docs = [str(p) for p in documents_of(root)]
    largest = max(docs, key=lambda p: Path(p).stat().st_size)
    floor_all = fresh([sys.executable, "-c", FLOOR, *docs], each)
    floor_largest = fresh([sys.executable, "-c", FLOOR, largest], each)
    entry["build (fresh)"] = build
    entry["floor (fresh): every document"] = floor_all
    entry["floor (fresh): the largest"] = floor_largest
    entry["stages"] = stages(root, each)
    ours, plain = engine_ratio(root, each)
    entry["render progress-6: ours, plain docxtpl"] = [ours, plain]
    entry["in process: build, floor"] = list(in_process(root, each))
    if pdf:
        entry["pdf"] = pdf_time(root)
    return entry


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 runs, no 10,000 measures, no batch")
    parser.add_argument("--pdf", action="store_true", help="also time PDF conversion")
    parser.add_argument("--batch", type=int, default=300, help="agencies in the batch run (0: none)")
    parser.add_argument("--rebuilds", type=int, default=100, help="warm rebuilds of the example in one process")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    # An installed itadocs has its modules compiled (pip does it at install time); a checkout
    # compiles them at first use, unless PYTHONDONTWRITEBYTECODE is set (as on our CI machines),
    # and then every fresh process compiles them again: 0.08 s of each build.  So, as installed:
    compileall.compile_dir(ROOT / "itadocs", quiet=1)
    report: dict = {"runs": runs, "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="itadocs-bench-") as tmp_name:
        tmp = Path(tmp_name)
        report["startup"] = {
            "python -c pass": fresh([sys.executable, "-c", "pass"], runs),
            "itadocs --help": fresh(itadocs("--help"), runs),
            "itadocs version": fresh(itadocs("version"), runs),
            "itadocs validate (example, writes its annotated copies)": fresh(
                itadocs("validate", example_project(tmp / "validate")), runs
            ),
        }
        projects = [("example", example_project(tmp / "example"))]
        projects += [
            (f"{count:,}", make_project(tmp / f"m{count}", count, divisions))
            for count, divisions in SIZES
            if not (args.quick and count > 1000)
        ]
        for name, root in projects:
            report["sizes"][name] = measure_size(root, runs, heavy=name == "10,000", pdf=args.pdf)
            b = report["sizes"][name]["build (fresh)"]
            print(
                f"{name:>7}: build {b['wall']:.2f} s wall, {b['cpu']:.2f} s CPU, peak {b['peak']:.0f} MB",
                file=sys.stderr,
            )
        report["warm"] = warm_rebuilds(tmp / "example", 10 if args.quick else args.rebuilds)
        if args.batch and not args.quick:
            report["batch"] = {"agencies": args.batch, "jobs": 2, **batch(args.batch, 2, tmp)}
    print(format_report(report))
    (ROOT / "bench" / "last-run.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


def format_report(report: dict) -> str:
    lines = [
        f"## itadocs benchmark (medians of {report['runs']} runs; 10,000 measures: 2 builds, 1 of the rest)",
        "",
        "| start-up (fresh process) | wall | CPU |",
        "|---|---|---|",
    ]
    for name, f in report["startup"].items():
        lines.append(f"| {name} | {f['wall']:.3f} s | {f['cpu']:.3f} s |")
    sizes = report["sizes"]
    names = list(sizes)
    lines += ["", "| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]

    def row(label: str, cell) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(sizes[n]) for n in names) + " |")

    row("build, fresh process: wall", lambda e: f"{e['build (fresh)']['wall']:.2f} s")
    row("build, fresh process: CPU", lambda e: f"{e['build (fresh)']['cpu']:.2f} s")
    row("build, fresh process: peak memory", lambda e: f"{e['build (fresh)']['peak']:.0f} MB")
    row(
        "floor, fresh process: load + save every document written (CPU)",
        lambda e: f"{e['floor (fresh): every document']['cpu']:.2f} s",
    )
    row(
        "floor, fresh process: load + save the largest (CPU)",
        lambda e: f"{e['floor (fresh): the largest']['cpu']:.2f} s",
    )
    row(
        "**build ÷ floor, fresh (CPU): every document / the largest**",
        lambda e: (
            f"**{e['build (fresh)']['cpu'] / e['floor (fresh): every document']['cpu']:.1f}× / "
            f"{e['build (fresh)']['cpu'] / e['floor (fresh): the largest']['cpu']:.1f}×**"
        ),
    )
    row("build, in process (warm, CPU)", lambda e: f"{e['in process: build, floor'][0]:.3f} s")
    row("floor, in process: load + save every document (CPU)", lambda e: f"{e['in process: build, floor'][1]:.3f} s")
    row(
        "**build ÷ floor, in process**",
        lambda e: f"**{e['in process: build, floor'][0] / e['in process: build, floor'][1]:.1f}×**",
    )
    for stage in next(iter(sizes.values()))["stages"]:
        row(
            f"stage, in process: {stage} (CPU)",
            lambda e, stage=stage: f"{e['stages'][stage]:.3f} s" if stage in e["stages"] else "",
        )
    row(
        "render progress-6: ours / plain docxtpl (CPU)",
        lambda e: "{:.3f} / {:.3f} s".format(*e["render progress-6: ours, plain docxtpl"]),
    )
    if "pdf" in next(iter(sizes.values())):
        row("PDF (LibreOffice)", lambda e: f"{e['pdf']:.1f} s")
    lines.append("")
    if "1,000" in sizes and "10,000" in sizes:
        big, mid = sizes["10,000"]["build (fresh)"], sizes["1,000"]["build (fresh)"]
        lines.append(
            f"- 10,000 ÷ 1,000 measures, fresh build: {big['cpu'] / mid['cpu']:.1f}× CPU, "
            f"{big['wall'] / mid['wall']:.1f}× wall"
        )
    w = report["warm"]
    memory = ", ".join(f"{n}: {mb} MB" for n, mb in w["rss"].items())
    lines.append(
        f"- warm rebuild of the example, one process: first {w['first']:.3f} s, then median "
        f"{w['warm']:.3f} s CPU; resident memory after builds {memory}"
    )
    if "batch" in report:
        b = report["batch"]
        lines.append(
            f"- batch of {b['agencies']} example agencies, --jobs {b['jobs']}: {b['wall']:.1f} s wall, "
            f"{b['cpu']:.1f} s CPU, largest process {b['peak']:.0f} MB"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
