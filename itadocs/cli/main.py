"""The console script `itadocs`: run one command, then end the process at once where safe."""

from __future__ import annotations

import contextlib
import sys

from . import commands, host  # noqa: F401  (registers the commands on the app)
from .app import app
from .console import safe_streams


def main() -> None:
    """The console script: run the command, then end the process at once where that is safe.

    The interpreter's own teardown frees every object one by one, longer than some commands
    take (bench/README.md, start-up).  By then the output is
    flushed here, every file the command wrote is closed and in place (`files` writes whole
    files), temporary folders and worker pools are closed by their `with` blocks.  The
    normal exit is kept when something may still need it (a thread or child process still
    running, coverage measuring), for an error that escaped (its traceback), and on request:
    ITADOCS_SLOW_EXIT=1."""
    safe_streams()  # before anything is printed, help and usage errors included
    # What is imported by now (typer, rich, the CLI) lives as long as the process: frozen, the
    # garbage collector's full collections during a command skip it.
    import gc

    gc.freeze()
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if not isinstance(code, int):  # None is success; a text is printed, as sys.exit does
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    if not _may_end_at_once():
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (itadocs problems | head)
            stream.flush()
    import os

    os._exit(code)


def _may_end_at_once() -> bool:
    import os
    import threading

    if os.environ.get("ITADOCS_SLOW_EXIT") or "coverage" in sys.modules:
        return False
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        return False
    processes = sys.modules.get("multiprocessing")
    return processes is None or not processes.active_children()


if __name__ == "__main__":
    main()
