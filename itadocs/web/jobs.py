"""Work done off the request path: a small pool of warm worker processes, one lock per project.

Reading workbooks and rendering documents take CPU time, LibreOffice longer; the event
loop only parses requests and serves files.  Workers are started with 'spawn'
(the only way on Windows, and no fork of a process running an event loop and threads),
import itadocs once at start, and ignore Ctrl+C, which is the server's to handle.

Everything a worker runs is a module-level function of plain arguments that returns a
picklable value.  A problem the user can fix comes back as its Message, not as an
exception (ItadocsError does not survive pickling).

One asyncio.Lock per project serialises its uploads and builds: two people uploading at
once are taken one after the other, and a build never reads inputs half replaced.  Uploads
and status checks overtake queued builds (`quick`), since someone is waiting for them.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import multiprocessing
import os
import queue as queues
import secrets
import shutil
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import api
from ..messages import ItadocsError, Message
from . import texts

log = logging.getLogger("itadocs.web")
_progress: Any = None  # the progress queue, set in each worker by _warm
MAX_JOBS = 200  # finished jobs remembered for their pages


# --- inside a worker ----------------------------------------------------------

def _warm(progress: Any) -> None:
    """Worker start: Ctrl+C is the server's; end with the server; import the heavy modules now,
    so the first build a worker runs is already warm."""
    global _progress
    _progress = progress
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:  # a server killed without its shutdown must not leave workers behind
        threading.Thread(target=_end_with, args=(parent,), daemon=True).start()
    import itadocs.api  # noqa: F401
    import itadocs.excel.annotate  # noqa: F401
    import itadocs.excel.read  # noqa: F401
    import itadocs.word.render  # noqa: F401


def _end_with(parent: Any) -> None:
    parent.join()
    os._exit(0)


@dataclass(frozen=True)
class _Refused:
    message: Message  # an ItadocsError raised in the worker


@dataclass(frozen=True)
class _Crashed:
    what: str


def _guarded(fn: Callable[..., Any], *args: Any) -> Any:
    """Run fn; what it raises comes back as a value that survives pickling."""
    try:
        return fn(*args)
    except ItadocsError as exc:
        return _Refused(exc.message)
    except Exception as exc:  # a bug: the console gets the traceback, the browser never does
        traceback.print_exc()
        return _Crashed(f"{type(exc).__name__}: {exc}")


def _say(job: str, step: str, document: str = "") -> None:
    if _progress is not None and job:
        _progress.put((job, step, document))


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
    """api.build, its steps sent to the page following the job."""
    return api.build(root, options, progress=lambda step, document: _say(job, step, document))


def blank_forms(root: str, divisions: list[str] | None) -> list[tuple[str, bytes]]:
    """Fresh blank forms of the divisions, as (file name, bytes): the worker's temporary
    folder never reaches the server."""
    with tempfile.TemporaryDirectory(prefix="itadocs-blank-") as work:
        return [(p.name, p.read_bytes()) for p in api.blank_workbooks(root, work, divisions)]


# --- in the server --------------------------------------------------------------

class _PriorityGate:
    """At most `slots` calls in the executor at once, waiters woken by priority (lower first)
    then in order of arrival: the executor's own queue is first-come, first-served, so it is
    never handed more than it can run, and an upload never waits behind a queued build."""

    def __init__(self, slots: int):
        self.free = slots
        self.waiting: list[tuple[int, int, asyncio.Future]] = []
        self.arrivals = 0

    async def acquire(self, priority: int) -> None:
        if self.free > 0 and not self.waiting:
            self.free -= 1
            return
        future = asyncio.get_running_loop().create_future()
        self.arrivals += 1
        heapq.heappush(self.waiting, (priority, self.arrivals, future))
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # the slot was handed over just as the waiter went away
            raise

    def release(self) -> None:
        while self.waiting:
            future = heapq.heappop(self.waiting)[2]
            if not future.done():
                future.set_result(None)
                return
        self.free += 1


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

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


class Jobs:
    """The worker pool, the per-project locks and the builds the pages follow.

    `processes=False` runs the same functions in threads (the tests' quick app)."""

    def __init__(self, workers: int = 2, processes: bool = True):
        self.workers = max(1, workers)
        self.processes = processes
        self.jobs: dict[str, Job] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._context = multiprocessing.get_context("spawn")
        self._queue: Any = self._context.Queue() if processes else queues.Queue()
        self._executor: Executor | None = None
        self._gate = _PriorityGate(self.workers)
        self._tasks: set[asyncio.Task] = set()  # the loop holds tasks only weakly
        self._reader = threading.Thread(target=self._read_progress, daemon=True, name="itadocs-progress")
        self._reader.start()

    @property
    def executor(self) -> Executor:
        if self._executor is None:
            if self.processes:
                self._executor = ProcessPoolExecutor(self.workers, mp_context=self._context, initializer=_warm,
                                                     initargs=(self._queue,))
            else:
                global _progress
                _progress = self._queue
                self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="itadocs-worker")
        return self._executor

    def warm_up(self) -> None:
        """Start the workers now rather than on the first request."""
        for _ in range(self.workers):
            self.executor.submit(time.sleep, 0)

    def shutdown(self) -> None:
        """Queued calls are dropped; running ones finish.  (Without waiting, the workers were
        left behind when uvicorn re-raised SIGTERM right after the lifespan ended.)"""
        self._queue.put(None)
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._reader.join(5)
        if self.processes:  # its semaphores would be reported leaked at exit
            self._queue.close()
            self._queue.join_thread()

    def _read_progress(self) -> None:
        while True:
            try:
                message = self._queue.get()
            except (EOFError, OSError, ValueError):
                return
            if message is None:
                return
            job_id, step, document = message
            job = self.jobs.get(job_id)
            if job is not None and not job.finished:
                job.step, job.document = step, document

    def lock(self, project: str) -> asyncio.Lock:
        return self._locks.setdefault(project, asyncio.Lock())

    async def call(self, fn: Callable[..., Any], *args: Any, quick: bool = False) -> Any:
        """fn(*args) in a worker.  Raises ItadocsError with the worker's message, or
        RuntimeError for a bug (its traceback is printed by the worker)."""
        await self._gate.acquire(0 if quick else 1)
        try:
            outcome = await asyncio.get_running_loop().run_in_executor(self.executor, _guarded, fn, *args)
        except BrokenProcessPool:  # a worker died (killed, out of memory): the next call gets a new pool
            self._executor = None
            raise RuntimeError("a worker process died") from None
        finally:
            self._gate.release()
        if isinstance(outcome, _Refused):
            raise ItadocsError(outcome.message)
        if isinstance(outcome, _Crashed):
            raise RuntimeError(outcome.what)
        return outcome

    def start_build(self, project: str, root: Path, options: api.BuildOptions, preview: bool) -> Job:
        """A build that waits for the project's lock, then runs in a worker; previews follow."""
        job = Job(secrets.token_urlsafe(12), project)
        self.jobs[job.id] = job
        for old in sorted(self.jobs.values(), key=lambda j: j.created)[:max(0, len(self.jobs) - MAX_JOBS)]:
            if old.finished:
                del self.jobs[old.id]

        async def run() -> None:
            async with self.lock(project):
                job.state, job.step = "running", "reading"
                try:
                    job.result = await self.call(build, job.id, str(root), options)
                except ItadocsError as exc:
                    job.failure, job.state, job.step = exc.message, "failed", "failed"
                    return
                except Exception:
                    log.exception("build of %s failed", project)
                    job.failure, job.state, job.step = texts.INTERNAL, "failed", "failed"
                    return
                job.previews = "making" if preview and job.result.kept else ""
                job.state, job.step = "done", "done"
            if job.previews:
                try:
                    made = await self.call(api.previews, str(job.result.kept))
                except Exception:
                    log.exception("previews of %s failed", project)
                    made = []
                job.previews = "done" if made else "none"

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job


def previews_available() -> bool:
    """Previews need LibreOffice (to make a PDF) and poppler's pdftoppm (to draw its pages)."""
    from ..word.pdf import find_soffice

    return find_soffice() is not None and shutil.which("pdftoppm") is not None
