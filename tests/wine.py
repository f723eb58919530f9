"""The Windows zip run under Debian's Wine: a throwaway Windows prefix, the zip unzipped into a
folder whose path has Thai letters and spaces, and its programs run as a double-click would.

Used by tests/test_windows_zip.py and bench/windows.py.  What Wine lacks and real Windows has
is worked around here, in the test copy only, never in the zip:
- Wine 8 lacks propsys.VariantToString, which CPython's `_wmi` module calls (platform.platform(),
  reached while the page starts): Wine aborts the process.  The copy has `python\\_wmi.pyd`
  removed; CPython then answers from the registry, as it does on Windows without WMI.
- A Windows console program whose standard output Wine redirects to a file fails at start
  ("init_sys_streams ... Invalid handle"): output is always read through a pipe.
- Through a pipe, Python on Windows writes in the ANSI code page (cp1252 in Wine's default
  locale, cp874 on Thai Windows), so Thai would read as "?": PYTHONIOENCODING=utf-8 lets the
  test read it.  In a console window Python writes Unicode whatever the code page.
- Mono's and Gecko's install prompts are turned off (WINEDLLOVERRIDES), and Wine's own
  messages silenced (WINEDEBUG).
"""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

WINE = shutil.which("wine")
WINE_ONLY_GAPS = ("python/_wmi.pyd",)  # removed from the test copy (see above)


class WinePC:
    """A Windows prefix of its own, booted once, in which the zip's programs run."""

    def __init__(self, prefix: Path):
        self.prefix = prefix
        self.env = {
            **os.environ,
            "WINEPREFIX": str(prefix),
            "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "mscoree,mshtml=",
            "PYTHONIOENCODING": "utf-8",
        }
        self.env.pop("DISPLAY", None)  # no window is shown: the console programs need none

    def boot(self) -> None:
        """Make the prefix, and have it say it is Windows 10 (Wine 8 says Windows 7 by default)."""
        # Not through pipes: the services wineboot starts would hold them open (and the caller waiting)
        # for as long as the prefix lives.
        quiet = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run(["wineboot", "-i"], env=self.env, check=True, timeout=300, **quiet)  # type: ignore[call-overload]
        subprocess.run(
            ["wine", "reg", "add", "HKCU\\Software\\Wine", "/v", "Version", "/d", "win10", "/f"],
            env=self.env,
            check=True,
            timeout=120,
            **quiet,
        )  # type: ignore[call-overload]

    def run(
        self, args: list[str], cwd: Path | None = None, timeout: float = 600, input: str = ""
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["wine", *args],
            cwd=cwd,
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
        )

    def start(self, args: list[str], cwd: Path | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen(
            ["wine", *args],
            cwd=cwd,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )

    def stop_all(self) -> None:
        """End every program of the prefix, as closing their windows would."""
        subprocess.run(["wineserver", "-k"], env=self.env, capture_output=True, timeout=60)

    def user_folder(self) -> Path:
        return self.prefix / "drive_c" / "users" / getpass.getuser()

    def appdata(self) -> Path:
        return self.user_folder() / "AppData" / "Roaming"


def windows_path(path: Path) -> str:
    """A Linux path as a Windows program in Wine sees it (drive Z: is /)."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def unzip_test_copy(archive: Path, folder: Path) -> Path:
    """The zip extracted as Windows' "Extract All" would, less what Wine cannot run."""
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(folder)
    for gap in WINE_ONLY_GAPS:
        (folder / gap).unlink()
    return folder
