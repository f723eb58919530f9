"""Many agencies in one run: find the projects, build each in its own process, summarise.

One agency's bad input, a crash, or even its process dying (the out-of-memory killer
ends the biggest process) never stops the others: each build returns a plain summary,
an unexpected exception becomes that agency's error line, and a dead worker is found
out by building the agencies it may have held again, each alone.  Every file is written
whole or not at all (`files`), so a killed worker leaves no partial document behind.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .messages import ItadocsError, Message
from .paths import INPUTS

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .api import BuildOptions

NOT_A_PROJECT = Message(
    "โฟลเดอร์ {path} ไม่ใช่โครงการ (ไม่มีโฟลเดอร์ inputs) แต่มีโครงการอยู่ข้างใน: {projects} "
    "ระบุโครงการที่ต้องการ เช่น itadocs build {example} หรือใช้ --all เพื่อสร้างทุกโครงการในโฟลเดอร์นี้",
    "{path} is not a project (it has no inputs folder) but holds projects: {projects}. Name the one "
    "you mean, e.g. itadocs build {example}, or use --all to build every project in it",
)
WORKER_DIED = Message(
    "กระบวนการที่สร้างเอกสารของหน่วยงานนี้หยุดทำงานกะทันหัน (หน่วยความจำไม่พอ หรือถูกปิด) ไฟล์เดิมไม่ถูกแตะต้อง "
    "ลองสร้างหน่วยงานนี้เพียงหน่วยงานเดียว หรือลด --jobs",
    "The process building this agency died (out of memory, or killed); its files are untouched. Build this "
    "agency alone, or lower --jobs",
)


@dataclass
class BuildSummary:
    """One agency's line in the batch summary: what `api.build` returned, timed, as plain data."""

    project: str  # the folder
    agency: str = ""
    documents: list[str] = field(default_factory=list)
    pdfs: list[str] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    seconds: float = 0.0
    failure: str = ""  # why not everything was written, for the summary table
    notices: list[str] = field(default_factory=list)  # files written beside an edited or open one
    not_returned: list[str] = field(default_factory=list)  # divisions that have not sent their work
    draft: bool = False

    @property
    def ok(self) -> bool:
        return not self.failure

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"ok": self.ok}


def find_projects(paths: list[Path], every: bool = False) -> list[Path]:
    """The projects named: each path that holds inputs/; with `every`, a folder's sub-folders
    that do.  A folder of projects named without `every` is refused (running `build` one
    level too high must not rebuild last year's project).  Each project once, in name order."""
    projects: list[Path] = []
    for path in paths:
        inner = (
            sorted(p for p in path.iterdir() if (p / INPUTS).is_dir())
            if path.is_dir() and not (path / INPUTS).is_dir()
            else []
        )
        if inner and not every:
            names = ", ".join(p.name for p in inner)
            raise ItadocsError(NOT_A_PROJECT, path=path, projects=names, example=inner[-1])
        projects.extend(inner or [path])  # a folder without inputs/ is reported by its build
    unique: dict[Path, Path] = {}
    for project in projects:
        unique.setdefault(project.resolve(), project)  # the same project named twice is built once
    return list(unique.values())


def build_one(root: Path, options: BuildOptions) -> BuildSummary:
    """Build one project without printing; everything that happened is in the summary."""
    from .api import build

    started = time.perf_counter()
    lang = options.lang
    summary = BuildSummary(str(root), draft=options.draft)
    try:
        result = build(root, options)
        summary.agency = result.agency
        summary.errors, summary.warnings = len(result.report.errors), len(result.report.warnings)
        summary.documents = [str(p) for p in result.documents]
        summary.pdfs = [str(p) for p in result.pdfs]
        summary.notices = [n(lang) for w in result.outputs if (n := w.notice) is not None]
        summary.not_returned = result.not_returned
        if result.report.errors and not result.ok:
            first = result.report.errors[0]
            summary.failure = f"[{first.code}] {first.file} {first.cell} {first.message(lang)}".strip()
        elif result.failure:
            summary.failure = result.failure(lang)
    except ItadocsError as exc:
        summary.failure = exc.text(lang)
        summary.errors += 1
    except Exception as exc:  # a bug must not take the other agencies down with it
        summary.failure = f"{type(exc).__name__}: {exc}"
        summary.errors += 1
        if os.environ.get("ITADOCS_DEBUG"):
            summary.failure += "\n" + traceback.format_exc()
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


Worker = Callable[[Path, "BuildOptions"], BuildSummary]


def build_many(
    projects: list[Path],
    jobs: int,
    options: BuildOptions,
    on_done: Callable[[BuildSummary], None] | None = None,
    worker: Worker = build_one,
) -> list[BuildSummary]:
    """Build every project, `jobs` at a time in separate processes; results in project order.

    When a worker process dies, the projects that were not finished are built again, each
    in a process of its own: the one that dies again is reported failed, the others finish.
    `worker` is `build_one` (another function of the same signature in tests)."""
    results: dict[int, BuildSummary] = {}

    def done(index: int, summary: BuildSummary) -> None:
        results[index] = summary
        if on_done:
            on_done(summary)

    if jobs <= 1 or len(projects) == 1:
        for index, root in enumerate(projects):
            done(index, worker(root, options))
        return [results[i] for i in range(len(projects))]
    pending = _run_pool(dict(enumerate(projects)), jobs, worker, options, done)

    def alone(index: int, root: Path) -> None:
        if _run_pool({index: root}, 1, worker, options, done):  # it died again, on its own: it is the one
            done(index, BuildSummary(str(root), failure=WORKER_DIED(options.lang), errors=1))

    if pending:  # a worker died: the unfinished ones again, each in a process of its own, `jobs` at a time
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=jobs) as threads:
            for waited in [threads.submit(alone, index, root) for index, root in pending.items()]:
                waited.result()
    return [results[i] for i in range(len(projects))]


def _run_pool(
    projects: dict[int, Path],
    jobs: int,
    worker: Worker,
    options: BuildOptions,
    done: Callable[[int, BuildSummary], None],
) -> dict[int, Path]:
    """Build `projects` in a pool of `jobs` processes; returns those not built because the pool broke."""
    # Imported here: `build` of one project (which finds its project here) never needs them.
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    unfinished = dict(projects)
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(projects))) as pool:
            futures: dict[Future[BuildSummary], int] = {
                pool.submit(worker, root, options): i for i, root in projects.items()
            }
            for future in as_completed(futures):
                index = futures[future]
                try:
                    summary = future.result()
                except BrokenProcessPool:
                    continue  # this one, or one beside it, died: built again below
                done(index, summary)
                unfinished.pop(index)
    except BrokenProcessPool:
        pass
    return unfinished
