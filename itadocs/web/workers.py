"""Warm worker processes, each doing one call at a time, killed and replaced when a call runs
too long: what `jobs` runs reading, checking and rendering in.

Each slot is its own single-process pool, so a build that overruns its time is stopped by
ending that one process (with the LibreOffice it started: a worker leads its own process
group) without touching the calls running in the others.  Workers are started with
'spawn' (the only way on Windows, and no fork of a process running an event loop and
threads), import itadocs once at start, ignore Ctrl+C (the server's to handle) and end
when the server ends, even if it was killed.

A lane of slots sits behind a priority gate: at most one call per slot is handed over, and
waiting calls go by priority (uploads and status before builds), then by arrival.

Everything a worker runs is a module-level function of plain arguments that returns a
picklable value; a problem the user can fix comes back as its Message, not as an exception
(ItadocsError does not survive pickling).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import heapq
import logging
import multiprocessing
import os
import queue as queues
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files import DiskFull, project_lock
from ..messages import ItadocsError, Message

log = logging.getLogger("itadocs.web")
progress_queue: Any = None  # in each worker: where `say` sends a job's steps (set by _start)
# The project folder whose lock the current task holds (`Lane.holding`): a worker call made
# under it takes the project's lock file too, so a backup never copies half an upload or build.
holding: contextvars.ContextVar[str | None] = contextvars.ContextVar("holding", default=None)


class TimedOut(Exception):
    """A call ran longer than its time and its worker (`pid`, None for a thread) was stopped."""

    def __init__(self, pid: int | None):
        super().__init__(pid)
        self.pid = pid


# --- inside a worker ----------------------------------------------------------


def _start(queue: Any) -> None:
    """Worker start: Ctrl+C is the server's; end with the server; a process group of its own
    (so a stop ends what it started too); the heavy modules imported now, so the first build
    is already warm."""
    global progress_queue
    progress_queue = queue
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "setpgrp"):
        with contextlib.suppress(OSError):
            os.setpgrp()
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
class Refused:
    message: Message  # an ItadocsError raised in the worker
    disk_full: bool = False


@dataclass(frozen=True)
class Crashed:
    what: str


def guarded(lock: str | None, fn: Callable[..., Any], *args: Any) -> Any:
    """Run fn (holding the project's lock file when asked); what it raises comes back as a
    value that survives pickling."""
    try:
        if lock:
            with project_lock(Path(lock)):
                return fn(*args)
        return fn(*args)
    except ItadocsError as exc:
        return Refused(exc.message, isinstance(exc, DiskFull))
    except Exception as exc:  # a bug: the console gets the traceback, the browser never does
        traceback.print_exc()
        return Crashed(f"{type(exc).__name__}: {exc}")


def say(job: str, step: str, document: str = "") -> None:
    if progress_queue is not None and job:
        progress_queue.put((job, step, document))


# --- in the server --------------------------------------------------------------


class Slot:
    """One worker: a process (or, in the tests' quick app, a thread) doing one call at a time."""

    def __init__(self, context: Any, queue: Any, processes: bool):
        self.context, self.queue, self.processes = context, queue, processes
        self._executor: Executor | None = None
        self.pid: int | None = None

    @property
    def executor(self) -> Executor:
        if self._executor is None:
            if self.processes:
                self._executor = ProcessPoolExecutor(
                    1, mp_context=self.context, initializer=_start, initargs=(self.queue,)
                )
            else:
                global progress_queue
                progress_queue = self.queue
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="itadocs-worker")
        return self._executor

    def warm_up(self) -> None:
        if self.processes:
            self.executor.submit(os.getpid).add_done_callback(self._learn_pid)

    def _learn_pid(self, future: Any) -> None:
        if not future.cancelled() and future.exception() is None:
            self.pid = future.result()

    async def run(self, fn: Callable[..., Any], args: tuple, lock: str | None, timeout: float | None) -> Any:
        loop = asyncio.get_running_loop()
        if self.processes and self.pid is None:
            self.pid = await loop.run_in_executor(self.executor, os.getpid)
        future = loop.run_in_executor(self.executor, guarded, lock, fn, *args)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            pid = self.pid
            self.stop()
            raise TimedOut(pid) from None
        except BrokenProcessPool:  # the worker died (killed, out of memory): the next call gets a new one
            self._executor, self.pid = None, None
            raise RuntimeError("a worker process died") from None

    def stop(self, again: bool = True) -> None:
        """End the worker now, with whatever it started; with `again`, start a new one at once."""
        pid, executor = self.pid, self._executor
        self._executor, self.pid = None, None
        if pid is not None:
            kill_tree(pid)
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        if again:
            self.warm_up()

    def shutdown(self, wait: bool = True) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)


def kill_tree(pid: int) -> None:
    """End a worker and the processes it started (LibreOffice): its process group on POSIX,
    taskkill /T on Windows."""
    try:
        if sys.platform == "win32":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(pid)], capture_output=True, timeout=30, check=False)
        else:
            os.killpg(pid, signal.SIGKILL)
    except (OSError, subprocess.SubprocessError):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)


class Lane:
    """`count` slots behind a priority gate: never handed more calls than it can run at once,
    waiters woken by priority (lower first) then in order of arrival."""

    def __init__(self, count: int, *, processes: bool = True, queue: Any = None, context: Any = None):
        self.context = context or multiprocessing.get_context("spawn")
        self.queue = queue if queue is not None else (self.context.Queue() if processes else queues.Queue())
        self.slots = [Slot(self.context, self.queue, processes) for _ in range(max(1, count))]
        self.free = list(self.slots)
        self.waiting: list[tuple[int, int, asyncio.Future]] = []
        self.arrivals = 0
        self.running = 0

    def warm_up(self) -> None:
        for slot in self.slots:
            slot.warm_up()

    @property
    def queued(self) -> int:
        return sum(1 for _, _, future in self.waiting if not future.done())

    async def _acquire(self, priority: int) -> Slot:
        if self.free and not self.waiting:
            return self.free.pop()
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self.arrivals += 1
        heapq.heappush(self.waiting, (priority, self.arrivals, future))
        try:
            return await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._release(future.result())  # the slot was handed over just as the waiter went away
            raise

    def _release(self, slot: Slot) -> None:
        while self.waiting:
            future = heapq.heappop(self.waiting)[2]
            if not future.done():
                future.set_result(slot)
                return
        self.free.append(slot)

    async def call(self, fn: Callable[..., Any], *args: Any, priority: int = 1, timeout: float | None = None) -> Any:
        """fn(*args) in a worker.  Raises ItadocsError with the worker's message (DiskFull for a
        full disk), TimedOut, or RuntimeError for a bug (its traceback printed by the worker)."""
        slot = await self._acquire(priority)
        self.running += 1
        try:
            outcome = await slot.run(fn, args, holding.get(), timeout)
        finally:
            self.running -= 1
            self._release(slot)
        if isinstance(outcome, Refused):
            raise (DiskFull if outcome.disk_full else ItadocsError)(outcome.message)
        if isinstance(outcome, Crashed):
            raise RuntimeError(outcome.what)
        return outcome

    def each_worker(self, fn: Callable[[], Any], timeout: float = 30.0) -> None:
        """fn() in every worker that is idle now (at shutdown: each stops its own LibreOffice)."""
        for slot in self.free:
            if slot._executor is None:
                continue
            try:
                slot.executor.submit(fn).result(timeout)
            except Exception:  # a worker that cannot: it ends with the server all the same
                log.warning("a worker did not finish %s", getattr(fn, "__name__", fn))

    def stop_running(self) -> None:
        """End what the lane runs now (at shutdown, for work that can be done again)."""
        for slot in self.slots:
            if slot not in self.free:
                slot.stop(again=False)

    def shutdown(self, wait: bool = True) -> None:
        for _, _, future in self.waiting:
            if not future.done():
                future.cancel()
        for slot in self.slots:
            slot.shutdown(wait)
