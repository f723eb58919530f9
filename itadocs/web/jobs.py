"""Work done off the request path: builds the page follows, one project at a time.

Reading workbooks and rendering documents take CPU time, LibreOffice longer; the event
loop only parses requests and serves files.  The work runs in warm worker
processes (`workers.Lane`): uploads and status checks overtake queued builds (`quick`),
since someone is waiting for them; a build that runs past its time is stopped, says so in
Thai, and what its worker left behind is swept.  Builds asked for PDFs run in the office
worker, with the server's one LibreOffice; previews come after, there too (`converter`),
never in a build's way.

One asyncio.Lock per project folder serialises its uploads and builds: two people
uploading at once are taken one after the other, and a build never reads inputs half
replaced.  Work done under it also holds the project's lock file in the worker, so a
backup taken meanwhile never holds half of it.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import api
from ..files import SYSTEM_TEMP_PREFIXES, owned_prefix, sweep_workspace
from ..messages import ItadocsError, Message
from . import texts
from .converter import Converter
from .workers import Lane, TimedOut, holding, say

log = logging.getLogger("itadocs.web")
MAX_JOBS = 200  # finished jobs remembered for their pages
MAX_WAITING = 500  # builds waiting for a worker, over all projects
MAX_WAITING_PER_PROJECT = 3


class Busy(Exception):
    """Too many builds are waiting (for this project, or in all): try again later."""

    def __init__(self, message: Message):
        self.message = message


# --- inside a worker ----------------------------------------------------------


def project_status(root: str) -> Any:
    return api.status(root)


def receive(root: str, incoming: str, name: str, division: str | None, kind: str | None = None) -> tuple[Any, Any]:
    """Store one uploaded workbook (by content), then the project's status; the upload goes."""
    try:
        received = api.receive_workbook(root, incoming, division=division, name=name, kind=kind)
        return received, api.status(root)
    finally:
        Path(incoming).unlink(missing_ok=True)


def build(job: str, root: str, options: api.BuildOptions) -> api.BuildResult:
    """api.build, its steps sent to the page following the job.  A build with PDFs runs in the
    office worker (`converter`), whose LibreOffice is kept running from one to the next."""
    office = None
    if options.pdf:
        from ..word.pdf import shared_office

        office = shared_office()
    return api.build(root, options, progress=lambda step, document: say(job, step, document), office=office)


def blank_forms(root: str, divisions: list[str] | None) -> list[tuple[str, bytes]]:
    """Fresh blank forms of the divisions, as (file name, bytes): the worker's temporary
    folder never reaches the server."""
    with tempfile.TemporaryDirectory(prefix=owned_prefix(SYSTEM_TEMP_PREFIXES[1])) as work:
        return [(p.name, p.read_bytes()) for p in api.blank_workbooks(root, work, divisions)]


# --- in the server --------------------------------------------------------------


@dataclass
class Job:
    """A build the page follows: its step, then its result and previews."""

    id: str
    project: str
    state: str = "queued"  # queued, running, done, failed
    step: str = "queued"  # a key of texts.STEPS
    document: str = ""  # the document being written, in the 'rendering' step
    result: api.BuildResult | None = None  # once done
    failure: Message | None = None  # why it failed (the library's Message, or an internal error)
    previews: str = ""  # "", "making", "done" or "none"
    created: float = field(default_factory=time.time)
    options: api.BuildOptions | None = None
    finished_at: float = 0.0  # when its documents were ready (or it failed)
    listeners: list[Callable[[Job], object]] = field(default_factory=list)  # told when it finishes

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


class Jobs:
    """The workers, the per-project locks and the builds the pages follow.

    `processes=False` runs the same functions in threads (the tests' quick app)."""

    def __init__(
        self,
        workers: int = 2,
        processes: bool = True,
        *,
        previews: bool = False,
        build_seconds: float | None = None,
        after_build: Callable[[Path], object] | None = None,
    ):
        self.workers = max(1, workers)
        self.processes = processes
        self.build_seconds = build_seconds
        self.after_build = after_build  # housekeeping of the project, in the server, after each build
        self.jobs: dict[str, Job] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.lane = Lane(self.workers, processes=processes)
        self.converter = Converter(previews=previews, processes=processes, queue=self.lane.queue)
        self._tasks: set[asyncio.Task] = set()  # the loop holds tasks only weakly
        self.stopping = False
        self._reader = threading.Thread(target=self._read_progress, daemon=True, name="itadocs-progress")
        self._reader.start()

    def warm_up(self) -> None:
        """Start the workers now rather than on the first request."""
        self.lane.warm_up()
        self.converter.start()

    def shutdown(self) -> None:
        """Queued calls are dropped; running builds finish, a running preview is stopped.
        (Without waiting, the workers were left behind when uvicorn re-raised SIGTERM right
        after the lifespan ended.)"""
        self.stopping = True
        self.converter.stop()
        self.lane.queue.put(None)
        self.lane.shutdown(wait=True)
        self._reader.join(5)
        queue: Any = self.lane.queue
        if self.processes:  # its semaphores would be reported leaked at exit
            queue.close()
            queue.join_thread()

    def _read_progress(self) -> None:
        while True:
            try:
                message = self.lane.queue.get()
            except (EOFError, OSError, ValueError):
                return
            if message is None:
                return
            job_id, step, document = message
            job = self.jobs.get(job_id)
            if job is not None and not job.finished:
                job.step, job.document = step, document

    @asynccontextmanager
    async def lock(self, project: str) -> AsyncIterator[None]:
        """The project's turn (`project` is its folder): worker calls made meanwhile hold its
        lock file too."""
        lock = self._locks.setdefault(project, asyncio.Lock())
        async with lock:
            token = holding.set(project)
            try:
                yield
            finally:
                holding.reset(token)

    async def call(self, fn: Callable[..., Any], *args: Any, quick: bool = False, timeout: float | None = None) -> Any:
        """fn(*args) in a worker.  Raises ItadocsError with the worker's message, TimedOut, or
        RuntimeError for a bug (its traceback is printed by the worker)."""
        return await self.lane.call(fn, *args, priority=0 if quick else 1, timeout=timeout)

    def waiting(self, project: str | None = None) -> list[Job]:
        return [j for j in self.jobs.values() if j.state == "queued" and (project is None or j.project == project)]

    def start_build(self, project: str, root: Path, options: api.BuildOptions, preview: bool) -> Job:
        """A build that waits for the project's turn, then runs in a worker; previews follow.
        The same build asked for again while it waits is the same job; raises Busy when too
        many wait."""
        same = next((j for j in self.waiting(project) if j.options == options), None)
        if same is not None:
            return same
        if len(self.waiting(project)) >= MAX_WAITING_PER_PROJECT:
            raise Busy(texts.BUILDS_WAITING_PROJECT)
        if len(self.waiting()) >= MAX_WAITING:
            raise Busy(texts.BUILDS_WAITING)
        job = Job(secrets.token_urlsafe(12), project, options=options)
        self.jobs[job.id] = job
        for old in sorted(self.jobs.values(), key=lambda j: j.created)[: max(0, len(self.jobs) - MAX_JOBS)]:
            if old.finished:
                del self.jobs[old.id]

        async def run() -> None:
            async with self.lock(str(root)):
                job.state, job.step = "running", "reading"
                try:
                    if options.pdf:  # the office worker, with the server's one LibreOffice
                        job.result = await self.converter.build(
                            build, job.id, str(root), options, timeout=self.build_seconds
                        )
                    else:
                        job.result = await self.call(build, job.id, str(root), options, timeout=self.build_seconds)
                except TimedOut:
                    self._failed(job, texts.BUILD_TIMED_OUT.fill(minutes=f"{(self.build_seconds or 0) / 60:g}"))
                    await asyncio.to_thread(sweep_workspace, root)  # what the stopped worker left
                    return
                except ItadocsError as exc:
                    self._failed(job, exc.message)
                    return
                except Exception:
                    log.exception("build of %s failed", project)
                    self._failed(job, texts.INTERNAL)
                    return
                if self.after_build is not None:  # a folder or two at most: the documents wait for no more
                    try:
                        await asyncio.to_thread(self.after_build, root)
                    except Exception:
                        log.exception("housekeeping of %s", project)
                job.previews = "making" if preview and job.result.kept else ""
                job.state, job.step, job.finished_at = "done", "done", time.time()
                self._tell(job)
            if job.previews and job.result is not None and job.result.kept is not None:
                try:
                    made = await self.converter.previews(job.result.kept, self.lane)
                except Exception:
                    if not self.stopping:  # a preview the shutdown stopped is no failure
                        log.exception("previews of %s failed", project)
                    made = []
                job.previews = "done" if made else "none"

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job

    def _failed(self, job: Job, why: Message) -> None:
        job.failure, job.state, job.step, job.finished_at = why, "failed", "failed", time.time()
        self._tell(job)

    def _tell(self, job: Job) -> None:
        for listener in job.listeners:
            try:
                listener(job)
            except Exception:
                log.exception("after the build of %s", job.project)
