"""Everything CI checks, in one command: lint and format (ruff), types (mypy), the tests (pytest),
coverage.

    python scripts/check.py            # all of them, stops at the first that fails
    python scripts/check.py -k pdf     # arguments after the script go to pytest (no coverage floor)

The whole suite runs under coverage, and fails below the floor set in pyproject.toml
([tool.coverage.report] fail_under): a change that adds code without tests shows here.

Run it with the project's virtual environment (.venv/bin/python, or .venv\\Scripts\\python
on Windows) after `pip install -e ".[test]"`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(pytest_args: list[str]) -> int:
    steps = [
        ("lint", [sys.executable, "-m", "ruff", "check", "."]),
        ("format", [sys.executable, "-m", "ruff", "format", "--check", "."]),
        ("types", [sys.executable, "-m", "mypy"]),
    ]
    if pytest_args:  # a part of the suite: its coverage says nothing of the whole
        steps.append(("tests", [sys.executable, "-m", "pytest", "-q", *pytest_args]))
    else:
        steps.append(("tests", [sys.executable, "-m", "coverage", "run", "-m", "pytest", "-q"]))
        steps.append(("coverage", [sys.executable, "-m", "coverage", "report"]))
    for name, command in steps:
        print(f"== {name}: {' '.join(command[2:])}", flush=True)
        if subprocess.run(command, cwd=ROOT).returncode != 0:
            print(f"== {name} failed", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
