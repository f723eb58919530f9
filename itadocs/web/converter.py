"""The server's one way to LibreOffice: documents first, previews after and never in their way.

Previews (images of a build's first pages) need a PDF of each document, that is LibreOffice.
They run in a lane of their own, one at a time, in a worker at the lowest CPU priority (nice
19, or Windows' idle class, which the LibreOffice it starts inherits), and a preview waits
while every build worker is busy and builds are waiting.  A build's documents therefore
never wait for a preview, nor share the processor with one on equal terms.  That worker
keeps its LibreOffice running from one preview to the next (`word.pdf.shared_office`:
restarted when it died).

The PDFs a build is asked for are documents: they are made in the build's own worker, at
normal priority, each worker keeping its own LibreOffice from one build to the next
(`jobs.build`).  `start()` and `stop()` run in the application's lifespan, and every kept
LibreOffice is stopped with the server.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from pathlib import Path
from typing import Any

from .. import api
from .workers import Lane

log = logging.getLogger("itadocs.web")
PREVIEW_SECONDS = 300.0  # a preview's LibreOffice running longer is stopped
DEFER_SECONDS = 120.0  # the longest a preview waits for the builds before running anyway (niced)


def previews_available() -> bool:
    """Previews need LibreOffice (to make a PDF) and poppler's pdftoppm (to draw its pages)."""
    from ..word.pdf import find_soffice

    return find_soffice() is not None and shutil.which("pdftoppm") is not None


class Converter:
    """LibreOffice for the server: the previews' lane, and what builds need to make their PDFs."""

    def __init__(self, *, previews: bool, processes: bool = True, queue: Any = None):
        self.previews_on = previews
        self.lane = Lane(1, processes=processes, low=True, queue=queue)
        self.started = False

    def start(self) -> None:
        """In the lifespan's start: the previews' worker warms up beside the build workers."""
        self.started = True
        if self.previews_on and previews_available():
            self.lane.warm_up()

    def stop(self) -> None:
        """With the server: the kept LibreOffice of an idle previews' worker is stopped; a
        preview being made is stopped with its worker (its LibreOffice ends when the worker's
        end of the pipe closes); none waits."""
        from .jobs import close_office

        self.started = False
        self.lane.each_worker(close_office)
        self.lane.stop_running()
        self.lane.shutdown(wait=False)

    @property
    def previews_enabled(self) -> bool:
        return self.previews_on and previews_available()

    async def previews(self, kept: Path, builds: Lane) -> list[Path]:
        """Images of a kept build's first pages, made after the waiting builds (`builds`)."""
        deadline = time.monotonic() + DEFER_SECONDS
        while builds.queued and not builds.free and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        return await self.lane.call(api.previews, str(kept), timeout=PREVIEW_SECONDS)
