"""Builds kept by time: a copy of each build's documents in output/builds/<date-time>/.

output/ holds the current documents, which staff edit; a build never silently replaces
an edit there (`files.Outputs`).  The web page also keeps every build it makes as it was,
so an earlier one can still be downloaded (or compared) after the next.  Each folder has a
`build.json` saying what was built and when.  A host serving many agencies prunes them by age
and count (`prune_builds`), never the newest of a project.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from .files import STALE_TEMP_SECONDS, ensure_folder, owned_prefix, write_atomic
from .paths import BUILD_RECORD, builds_dir

STAMP = "%Y%m%d-%H%M%S"
PREVIEW = "preview"  # sub-folder of a kept build: PNG images of the first pages


@dataclass(frozen=True)
class KeptBuild:
    folder: Path  # output/builds/<date-time>
    time: datetime
    documents: tuple[Path, ...] = ()  # the .docx files, under their usual names
    pdfs: tuple[Path, ...] = ()
    agency: str = ""
    round: int | None = None
    draft: bool = False
    measures: int = 0
    kinds: tuple[str, ...] = ()  # the document keys built ("measures", "progress-6" ...)
    previews: tuple[Path, ...] = field(default=())  # preview/<n>-<page>.png, once made

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def files(self) -> tuple[Path, ...]:
        return self.documents + self.pdfs


def _new_folder(root: Path, when: datetime) -> Path:
    """output/builds/<date-time>, with -2, -3 ... for two builds in the same second."""
    base = builds_dir(root)
    ensure_folder(base)
    stamp = when.strftime(STAMP)
    for number in range(1, 1000):
        folder = base / (stamp if number == 1 else f"{stamp}-{number}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(base / stamp)


def keep_build(
    root: Path,
    files: Iterable[tuple[Path, str]],
    *,
    agency: str = "",
    round: int | None = None,
    draft: bool = False,
    measures: int = 0,
    kinds: Iterable[str] = (),
) -> KeptBuild:
    """Copy a build's files, given as (where it was written, its usual name), into a new
    output/builds/<date-time>/ under their usual names, with a record of the build."""
    when = datetime.now()
    folder = _new_folder(root, when)
    copied = []
    for path, name in files:
        target = folder / name
        write_atomic(target, partial(_copy, path))
        copied.append(target)
    record = {
        "time": when.isoformat(timespec="seconds"),
        "agency": agency,
        "round": round,
        "draft": draft,
        "measures": measures,
        "kinds": list(kinds),
        "files": [p.name for p in copied],
    }
    text = json.dumps(record, ensure_ascii=False, indent=1) + "\n"
    write_atomic(folder / BUILD_RECORD, lambda temp: Path(temp).write_text(text, encoding="utf-8"))
    return _kept(folder, record)


def _copy(source: Path, temp: Path) -> None:
    shutil.copyfile(source, temp)


def _kept(folder: Path, record: dict[str, Any]) -> KeptBuild:
    files = [folder / name for name in record.get("files", []) if isinstance(name, str) and (folder / name).is_file()]
    previews = sorted((folder / PREVIEW).glob("*.png")) if (folder / PREVIEW).is_dir() else []
    try:
        when = datetime.fromisoformat(str(record.get("time")))
    except ValueError:
        when = datetime.fromtimestamp(folder.stat().st_mtime)
    round_ = record.get("round")
    return KeptBuild(
        folder,
        when,
        tuple(p for p in files if p.suffix.lower() == ".docx"),
        tuple(p for p in files if p.suffix.lower() == ".pdf"),
        str(record.get("agency") or ""),
        round_ if isinstance(round_, int) else None,
        bool(record.get("draft")),
        int(record.get("measures") or 0),
        tuple(map(str, record.get("kinds") or ())),
        tuple(previews),
    )


def read_build(folder: Path) -> KeptBuild | None:
    """One kept build, or None when the folder is no kept build (no readable record)."""
    try:
        record = json.loads((folder / BUILD_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return _kept(folder, record) if isinstance(record, dict) else None


def _build_folders(root: Path) -> list[Path]:
    """The folders of output/builds/, newest first: their names are the build's time
    (STAMP, then -2, -3 ... within one second), so the names sort as the builds were made."""
    try:
        folders = [folder for folder in builds_dir(root).iterdir() if folder.is_dir()]
    except OSError:  # no build kept yet
        return []
    return sorted(folders, key=lambda folder: _stamp_order(folder.name), reverse=True)


def _stamp_order(name: str) -> tuple[str, int]:
    stamp, _, number = name.partition("-")[2].partition("-")
    return (name.split("-", 1)[0] + stamp, int(number) if number.isdigit() else 1)


def past_builds(root: Path, limit: int | None = None) -> list[KeptBuild]:
    """The kept builds of the project, newest first; with `limit`, only that many (the newest
    are read, not every record)."""
    found: list[KeptBuild] = []
    for folder in _build_folders(root):
        if limit is not None and len(found) >= limit:
            break
        build = read_build(folder)
        if build is not None:
            found.append(build)
    return found


def kept_build(root: Path, name: str) -> KeptBuild | None:
    """The kept build called `name` (a name from a URL, compared with the listing, never joined
    into a path before that), or None."""
    folder = next((f for f in _build_folders(root) if f.name == name), None)
    return read_build(folder) if folder is not None else None


def count_builds(root: Path) -> int:
    """How many builds are kept (folders, without reading their records)."""
    return len(_build_folders(root))


def make_previews(folder: Path) -> list[Path]:
    """PNG images of the first two pages of each document of the kept build in `folder`, in
    its preview/ (from its PDFs, or PDFs made for the purpose); [] when LibreOffice or
    pdftoppm is missing."""
    import tempfile

    from .word.pdf import PdfUnavailable, page_images, prepare_pdf_copy, shared_office, to_pdf

    found = read_build(folder)
    if found is None:
        return []
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix=owned_prefix("itadocs-preview-")) as work:
        pdfs = list(found.pdfs)
        if len(pdfs) < len(found.documents):
            try:
                # The process's kept LibreOffice: previews are made by the web page, a long-running process.
                pdfs = to_pdf(list(found.documents), Path(work), prepare=prepare_pdf_copy(), office=shared_office())
            except PdfUnavailable:
                return []
        for number, pdf in enumerate(pdfs):
            made += page_images(pdf, found.folder / PREVIEW, str(number + 1))
    return made


def prune_builds(
    root: Path,
    *,
    max_age_days: float | None = None,
    max_count: int | None = None,
    keep: Iterable[str] = (),
    now: datetime | None = None,
) -> list[Path]:
    """Remove the project's kept builds older than `max_age_days` or beyond the newest
    `max_count` (None: no limit), never the newest build nor those named in `keep` (a build
    whose previews are being made); also a build folder a killed run left without its record,
    once it is an hour old.  Returns the folders removed."""
    now = now or datetime.now()
    kept = past_builds(root)
    spared = set(keep)
    doomed = []
    for position, build in enumerate(kept):
        if position == 0 or build.name in spared:
            continue
        too_many = max_count is not None and position >= max(1, max_count)
        too_old = max_age_days is not None and now - build.time > timedelta(days=max_age_days)
        if too_many or too_old:
            doomed.append(build.folder)
    base = builds_dir(root)
    recorded = {b.folder for b in kept}
    if base.is_dir():
        for folder in base.iterdir():
            try:
                stale = time.time() - folder.stat().st_mtime > STALE_TEMP_SECONDS
            except OSError:
                continue
            if folder.is_dir() and folder not in recorded and stale and folder.name not in spared:
                doomed.append(folder)
    removed = []
    for folder in doomed:
        try:
            shutil.rmtree(folder)
        except OSError:  # a file of it open on Windows: it goes next time
            continue
        removed.append(folder)
    return removed
