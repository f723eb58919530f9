"""The server's one LibreOffice: documents first, previews after and never in their way.

LibreOffice is kept running in one worker process of its own, the office (`word.pdf.
shared_office` there: started on first use, started again when it died, stopped with the
server).  That worker does what needs it:

- builds asked for PDFs (the documents and their PDFs, in one call, as `itadocs build --pdf`
  does), first: they are documents someone waits for;
- previews, images of a kept build's first pages, after: a preview starts only once no build
  is waiting or running in the build workers (or after DEFER_SECONDS of waiting), so it takes
  no processor time a build could use; one already running when builds arrive is a second of
  LibreOffice, its start long paid.

Builds without PDFs never come here.  `start()` and `stop()` run in the application's lifespan.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import api
from .workers import Lane

log = logging.getLogger("itadocs.web")
PREVIEW_SECONDS = 300.0  # a preview running longer is stopped
DEFER_SECONDS = 120.0  # the longest a preview waits for the builds before it runs anyway


def previews_available() -> bool:
    """Previews need LibreOffice (to make a PDF) and poppler's pdftoppm (to draw its pages)."""
    from ..word.pdf import find_soffice

    return find_soffice() is not None and shutil.which("pdftoppm") is not None


def close_office() -> None:
    """In the office worker: its kept LibreOffice, if it started one, is stopped (the server stops)."""
    from ..word.pdf import running_office

    office = running_office()
    if office is not None:
        office.close()


class Converter:
    """The office worker: builds with PDFs first, previews after the build workers are idle."""

    def __init__(self, *, previews: bool, processes: bool = True, queue: Any = None):
        self.previews_on = previews
        self.lane = Lane(1, processes=processes, queue=queue)
        self.previewing = False

    def start(self) -> None:
        """In the lifespan's start: the office worker warms up beside the build workers (its
        LibreOffice starts with the first PDF or preview)."""
        self.lane.warm_up()

    def stop(self) -> None:
        """With the server: a preview being made is stopped (it can be made again); a build
        making PDFs finishes; then the kept LibreOffice is stopped and the worker ends."""
        if self.previewing:
            self.lane.stop_running()
        self.lane.each_worker(close_office)
        self.lane.shutdown(wait=True)

    @property
    def previews_enabled(self) -> bool:
        return self.previews_on and previews_available()

    async def build(self, fn: Callable[..., Any], *args: Any, timeout: float | None = None) -> Any:
        """A build that makes PDFs, in the office worker, before any preview waiting there."""
        return await self.lane.call(fn, *args, priority=0, timeout=timeout)

    async def previews(self, kept: Path, builds: Lane) -> list[Path]:
        """Images of a kept build's first pages, once the build workers (`builds`) are idle."""
        deadline = time.monotonic() + DEFER_SECONDS
        while (builds.queued or builds.running) and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        self.previewing = True
        try:
            return await self.lane.call(api.previews, str(kept), priority=1, timeout=PREVIEW_SECONDS)
        finally:
            self.previewing = False
