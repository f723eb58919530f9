"""What a server running for months keeps tidy, at start and then every hour:

- leftovers of killed runs (uploads being checked, half-written files, LibreOffice's
  temporary profiles) are swept at start, when nothing of this server runs yet, and after a
  stopped build (`jobs`);
- each project's kept builds are pruned by age and count, never the newest (and after
  each build of that project), and its history/ (replaced and deleted workbooks and builds,
  restorable until then) by age;
- the audit trail's day files past their retention, and expired sessions, go.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from pathlib import Path
from typing import Any

from .. import history
from ..builds import prune_builds
from ..files import sweep_workspace
from .projects import Workspace

log = logging.getLogger("itadocs.web")
EVERY_SECONDS = 3600


def prune_project(root: Path, settings: Any, busy: Collection[str] = ()) -> list[Path]:
    """The project's kept builds beyond the host's count and age (`busy`: builds whose
    previews are being made stay), and what its history/ kept longer than the host keeps it."""
    removed = prune_builds(
        root, max_age_days=settings.keep_builds_days or None, max_count=settings.keep_builds or None, keep=busy
    )
    if settings.history_days:
        removed += history.prune(root, settings.history_days)
    return removed


def at_start(settings: Any) -> None:
    """Sweep what killed runs left in the workspace, before any work starts."""
    removed = sweep_workspace(settings.workspace)
    if removed:
        log.warning("removed %d leftovers of runs that were stopped", len(removed))


def tidy(app: Any) -> None:
    """One round: kept builds of every project, the audit trail, the sessions."""
    settings = app.state.settings
    busy = {
        job.result.kept.name
        for job in app.state.jobs.jobs.values()
        if job.previews == "making" and job.result is not None and job.result.kept is not None
    }
    for root in Workspace(settings.workspace).projects():
        try:
            prune_project(root, settings, busy)
        except OSError:
            log.exception("pruning the builds of %s", root.name)
    app.state.audit.prune()
    app.state.sessions.prune()


async def every_hour(app: Any) -> None:
    """`tidy` now, then each hour, until the server stops (the task is cancelled)."""
    while True:
        try:
            await asyncio.to_thread(tidy, app)
        except Exception:
            log.exception("housekeeping")
        await asyncio.sleep(EVERY_SECONDS)
