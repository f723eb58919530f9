"""Bench of the Windows zip: its size, its reproducibility, and its speed under Wine against Linux.

Run from the repository root:   python bench/windows.py            (about 3 minutes on 2 cores)
                                python bench/windows.py --runs 5

Needs Debian's wine.  In one run, so the ratios compare like with like on a noisy machine:
- the zip built twice from this checkout (the second time with the downloads cached): the build
  time, both zips' sha256 (the same when the build is reproducible), zipped and unzipped sizes;
- from a double-click to the page: `เริ่มใช้งาน itadocs.bat --no-browser` under Wine until
  http://127.0.0.1:<port>/ answers 200, once just unzipped (Python compiles every module it
  imports) and --runs times after (compiled), against `itadocs serve --no-browser` on Linux;
- the bundled example built through `itadocs.bat build` under Wine against
  `python -m itadocs build` on Linux, --runs times each.
The Wine programs run in a prefix whose wineserver stays up between runs (as Windows' own
services do), and are stopped between runs with taskkill.  See bench/README.md ("Windows").
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from itadocs import desktop  # noqa: E402
from tests.test_desktop import build_script  # noqa: E402
from tests.wine import WinePC, unzip_test_copy, windows_path  # noqa: E402


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as page:
            return bool(page.status == 200)
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def time_to_page(
    start: Callable[[], subprocess.Popen], url_of: Callable[[], str | None], limit: float = 300
) -> tuple[float, str, subprocess.Popen]:
    """Seconds from starting a program to its page answering 200, the page's address, the program."""
    began = time.perf_counter()
    process = start()
    while True:
        url = url_of()
        if url and answers(url):
            return time.perf_counter() - began, url, process
        if process.poll() is not None or time.perf_counter() - began > limit:
            raise SystemExit(f"no page: {process.communicate()[0] if process.stdout else ''}")
        time.sleep(0.05)


def timed(command: list[str], **kwargs: object) -> float:
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise SystemExit(f"{command} failed: {done.stdout}{done.stderr}")
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    script = build_script()
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="itadocs-windows-") as work_dir:
        work = Path(work_dir)
        began = time.perf_counter()
        first = script.build(out=work / "a")
        figures["build_s"] = round(time.perf_counter() - began, 1)
        second = script.build(out=work / "b")
        figures.update(
            zip_mb=round(first["zip_bytes"] / 1e6, 1),
            unzipped_mb=round(first["unzipped_bytes"] / 1e6, 1),
            files=first["files"],
            longest_path=first["longest_path"],
            reproducible=first["sha256"] == second["sha256"],
            sha256=first["sha256"],
        )

        pc = WinePC(work / "prefix")
        pc.boot()
        server = subprocess.Popen(["wineserver", "-p"], env=pc.env)  # stays up between the runs
        folder = unzip_test_copy(Path(first["path"]), work / "งาน ITA" / "itadocs ใหม่")
        record = pc.appdata() / "itadocs" / desktop.RUNNING

        def launcher() -> subprocess.Popen:
            record.unlink(missing_ok=True)  # as a killed window leaves it; the launcher checks it anyway
            return pc.start(["cmd", "/c", "เริ่มใช้งาน itadocs.bat", "--no-browser"], cwd=folder)

        def recorded() -> str | None:
            url = desktop.read_json(record).get("url")
            return str(url) if url else None

        def stop_wine(process: subprocess.Popen, url: str) -> None:
            pc.run(["taskkill", "/F", "/IM", "python.exe"], timeout=60)
            process.communicate(timeout=60)
            while answers(url):
                time.sleep(0.1)

        cold, url, process = time_to_page(launcher, recorded)
        stop_wine(process, url)
        warm, ports = [], {url}
        for _ in range(args.runs):
            seconds, url, process = time_to_page(launcher, recorded)
            warm.append(seconds)
            ports.add(url)
            stop_wine(process, url)
        linux = []
        (work / "linux-projects").mkdir()
        for _ in range(args.runs):
            linux_url = f"http://127.0.0.1:{free_port()}/"
            command = [
                sys.executable,
                "-m",
                "itadocs",
                "serve",
                str(work / "linux-projects"),
                "--no-browser",
                "--port",
                linux_url.rsplit(":", 1)[1].strip("/"),
            ]

            def serve(command: list[str] = command) -> subprocess.Popen:
                return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

            def address(url: str = linux_url) -> str | None:
                return url

            seconds, _, process = time_to_page(serve, address)
            linux.append(seconds)
            process.terminate()
            process.wait(timeout=60)
        figures.update(
            page_wine_first_s=round(cold, 2),
            page_wine_s=round(statistics.median(warm), 2),
            page_linux_s=round(statistics.median(linux), 2),
            page_ratio=round(statistics.median(warm) / statistics.median(linux), 1),
            page_wine_addresses=sorted(ports),
        )

        on_windows, on_linux = folder.parent / "โครงการ 2569", work / "linux" / "2569"
        for root in (on_windows, on_linux):
            shutil.copytree(ROOT / "inputs", root / "inputs")
        wine_builds = [
            timed(
                ["wine", "cmd", "/c", "itadocs.bat", "build", windows_path(on_windows)],
                cwd=folder,
                env=pc.env,
                timeout=600,
            )
            for _ in range(args.runs)
        ]
        linux_builds = [
            timed([sys.executable, "-m", "itadocs", "build", str(on_linux)], timeout=600) for _ in range(args.runs)
        ]
        figures.update(
            build_wine_s=round(statistics.median(wine_builds), 2),
            build_linux_s=round(statistics.median(linux_builds), 2),
            build_ratio=round(statistics.median(wine_builds) / statistics.median(linux_builds), 1),
            runs=args.runs,
        )
        pc.stop_all()
        server.wait(timeout=60)
    for name, value in figures.items():
        print(f"{name:>20}: {value}")
    (ROOT / "bench" / "last-windows.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
