"""Many agencies in one run: find the projects, build each in its own process, summarise.

One agency's bad input, or even a crash, never stops the others: each build returns
a plain summary, and an unexpected exception becomes that agency's error line.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .paths import INPUTS


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

    @property
    def ok(self) -> bool:
        return not self.failure

    def as_dict(self) -> dict:
        return asdict(self) | {"ok": self.ok}


def find_projects(paths: list[Path]) -> list[Path]:
    """Each path that holds inputs/, or else its sub-folders that do, in name order."""
    projects = []
    for path in paths:
        if (path / INPUTS).is_dir() or not path.is_dir():
            projects.append(path)  # a folder without inputs/ is reported by its build
            continue
        inner = sorted(p for p in path.iterdir() if (p / INPUTS).is_dir())
        projects.extend(inner or [path])
    return projects


def build_one(root: Path, round_months: int | None = None, font: str | None = None,
              pdf: bool = False, lang: str = "th") -> BuildSummary:
    """Build one project without printing; everything that happened is in the summary."""
    from .api import build
    from .messages import ItadocsError

    started = time.perf_counter()
    summary = BuildSummary(str(root))
    try:
        result = build(root, round=round_months, font=font, pdf=pdf, lang=lang)
        summary.agency = result.agency
        summary.errors, summary.warnings = len(result.report.errors), len(result.report.warnings)
        summary.documents = [str(p) for p in result.documents]
        summary.pdfs = [str(p) for p in result.pdfs]
        if result.report.errors:
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


def build_many(projects: list[Path], jobs: int, on_done: Callable[[BuildSummary], None] | None = None,
               **options) -> list[BuildSummary]:
    """Build every project, `jobs` at a time in separate processes; results in project order."""
    if jobs <= 1 or len(projects) == 1:
        done = []
        for root in projects:
            done.append(build_one(root, **options))
            if on_done:
                on_done(done[-1])
        return done
    order = {str(root): i for i, root in enumerate(projects)}
    results: list[BuildSummary | None] = [None] * len(projects)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(build_one, root, **options) for root in projects]
        for future in as_completed(futures):
            summary = future.result()
            results[order[summary.project]] = summary
            if on_done:
                on_done(summary)
    return [r for r in results if r is not None]
