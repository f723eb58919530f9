"""The coordinator's whole journey in a real browser, start to documents, timed.

Run from the repository root:   python bench/journey.py            (three runs, about 3 minutes)
                                python bench/journey.py --runs 5

Each run is tests/test_web_browser.py (Debian's chromium through selenium, the server with two
warm worker processes): create a project, change the agency details and the divisions, type
last year's results, make a division's link, the division's sending (once with a mistake, then
fixed), the coordinator's own uploads, a wrong one deleted and undone, the agency workbook
broken and fixed, then the build and the documents downloaded and opened.  The test keeps the
time from its first page to the documents, less the time it spends on screenshots, in
journey.json; this prints those times.  See bench/README.md ("The web page").
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="itadocs-journey-") as shots:
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_web_browser.py"],
                cwd=ROOT,
                env={**os.environ, "ITADOCS_SHOTS": shots},
                capture_output=True,
                text=True,
            )
            found = Path(shots) / "journey.json"
            if done.returncode != 0 or not found.is_file():
                print(done.stdout[-2000:], file=sys.stderr)
                sys.exit(1)
            times.append(json.loads(found.read_text(encoding="utf-8"))["start_to_documents_seconds"])
    print(
        f"the coordinator's journey in the browser, start to documents: median {statistics.median(times):.1f} s "
        f"(min {min(times):.1f}, max {max(times):.1f}, n={len(times)}); runs: {', '.join(f'{t:.1f}' for t in times)}"
    )


if __name__ == "__main__":
    main()
