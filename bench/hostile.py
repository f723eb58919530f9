"""Hostile and huge workbooks: the time and peak memory of `itadocs validate` on each, in a fresh process.

Run from the repository root:   python bench/hostile.py               (every case at full size, ~1 minute)
                                python bench/hostile.py -k zip        (the cases whose name has 'zip')
                                python bench/hostile.py --source DIR  (another checkout, e.g. one before
                                                                       the limits; --timeout caps each run)

The cases are those of tests/hostile_cases.py.  Each damages one division's workbook of a
small project; `validate` then reads every workbook, checks it and writes the annotated
copies.  Wall time and peak RSS are those of the `validate` process alone, from os.wait4()
in a small wrapper that starts it, so they hold even for a run killed at the time or memory
limit.  The target:
any input rejected or processed in under 10 s and 300 MB.  Linux and macOS only (resource,
os.wait4); the figures are in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_cases import AT_LIMIT, CASES, VICTIM, Case, project  # noqa: E402

# A small process starts the measured one: Linux counts in a child's peak the memory of the
# process it was forked from, so the bench (which holds the cases it built) must not fork it.
_WRAPPER = """
import json, os, resource, subprocess, sys, threading, time
timeout, memory = float(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
started = time.perf_counter()
child = subprocess.Popen(sys.argv[3:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
timer = threading.Timer(timeout, child.kill)
timer.start()
output = child.stdout.read()
_, status, usage = os.wait4(child.pid, 0)
timer.cancel()
seconds = time.perf_counter() - started
child.returncode = os.waitstatus_to_exitcode(status)
sys.stdout.buffer.write(output)
print(json.dumps([child.returncode, seconds, usage.ru_maxrss / 1024]), file=sys.stderr)
"""


def run(
    args: list[str], env: dict[str, str], timeout: float, memory: int, cwd: Path = ROOT
) -> tuple[int | None, float, float, str]:
    """(exit code or None when killed, seconds, peak MB, stdout) of one fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(timeout), str(memory), *args], capture_output=True, env=env, cwd=cwd
    )
    code, seconds, peak = json.loads(done.stderr.decode().strip().splitlines()[-1])
    return (code if code >= 0 else None), seconds, peak, done.stdout.decode("utf-8", "replace")


def outcome(output: str) -> str:
    """The problems `validate --json` gave on the damaged workbook."""
    try:
        problems = json.loads(output)["problems"]
    except (ValueError, KeyError):
        return "(no report)"
    codes = sorted({p["code"] for p in problems if p["file"] == f"inputs/{VICTIM}"})
    return ", ".join(codes) or "(read, no problem)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-k", default="", help="only the cases whose name contains this")
    parser.add_argument("--source", type=Path, help="run the itadocs package found in this folder instead")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a run is killed")
    parser.add_argument("--memory", type=int, default=4096, help="MB of address space a run may take")
    args = parser.parse_args()
    source = (args.source or ROOT).resolve()  # python -m puts the working folder first on the path
    env = {**os.environ, "PYTHONPATH": str(source), "ITADOCS_LANG": "en"}
    command = [sys.executable, "-m", "itadocs", "validate"]
    cases: list[Case] = [c for c in CASES + AT_LIMIT if args.k.lower() in c.name.lower()]
    _, _, floor, _ = run([sys.executable, "-c", "import itadocs.cli"], env, args.timeout, args.memory << 20, source)
    print(f"## itadocs validate on hostile workbooks ({args.source or 'this checkout'})\n")
    print(
        f"Python with the CLI imported: {floor:.0f} MB.  Killed after {args.timeout:.0f} s "
        f"or {args.memory:,} MB of address space.\n"
    )
    print("| case | file | problems on it | seconds | peak MB |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="itadocs-hostile-") as tmp:
        for number, case in enumerate(cases):
            root = Path(tmp) / f"case{number}"
            victim = project(root)
            case.damage(victim)
            size = victim.stat().st_size
            code, seconds, peak, output = run(
                command + [str(root), "--json"], env, args.timeout, args.memory << 20, source
            )
            result = outcome(output) if code is not None else "**killed** (time or memory limit)"
            shown = f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} kB"
            print(f"| {case.name} | {shown} | {result} | {seconds:.2f} | {peak:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
