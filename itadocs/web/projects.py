"""The workspace's project folders as the page sees them, and each project's web settings.

A project is a folder with `inputs/`, exactly as for the CLI.  A name from a URL is only
ever compared with a listing of the workspace, never joined into a path.  The page's own
settings live in `<project>/.itadocs/web.json` (the passcode's hash, its epoch, the digests
of the division links); `read_inputs` skips dot folders, so the CLI never sees them.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..files import HIDDEN, ensure_folder, write_atomic
from ..paths import INPUTS, safe_file_name

CONFIG = "web.json"
_FOLDER_NAME = re.compile(r"^[\w\u0e00-\u0e7f][\w\u0e00-\u0e7f .\-]{0,59}$")


@dataclass
class WebConfig:
    passcode: str = ""  # "scrypt$..." or "" when none is set
    epoch: int = 1  # raised when the passcode changes: every session granted before ends
    links: dict[str, str] = field(default_factory=dict)  # sha256 of a link's token -> division
    deadline: str = ""  # the divisions' deadline, ISO date ("2027-01-15"), or ""

    @property
    def deadline_date(self) -> date | None:
        try:
            return date.fromisoformat(self.deadline) if self.deadline else None
        except ValueError:
            return None


def config_path(root: Path) -> Path:
    return root / HIDDEN / CONFIG


def read_config(root: Path) -> WebConfig:
    try:
        data = json.loads(config_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return WebConfig()
    if not isinstance(data, dict):
        return WebConfig()
    links = data.get("links") if isinstance(data.get("links"), dict) else {}
    return WebConfig(
        str(data.get("passcode") or ""),
        int(data.get("epoch") or 1),
        {str(k): str(v) for k, v in (links or {}).items()},
        str(data.get("deadline") or ""),
    )


def save_config(root: Path, config: WebConfig) -> None:
    text = (
        json.dumps(
            {"passcode": config.passcode, "epoch": config.epoch, "links": config.links, "deadline": config.deadline},
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )
    ensure_folder(root / HIDDEN)
    write_atomic(config_path(root), lambda temp: Path(temp).write_text(text, encoding="utf-8"))


def valid_folder_name(name: str) -> bool:
    """A new project's folder: one plain name (Thai allowed) the file systems all accept."""
    return bool(_FOLDER_NAME.match(name)) and safe_file_name(name) == name and ".." not in name


@dataclass(frozen=True)
class Workspace:
    """The folder `itadocs serve` was given: a folder of projects, or one project itself."""

    root: Path

    @property
    def single(self) -> bool:
        """The workspace is itself a project (served from inside it)."""
        return (self.root / INPUTS).is_dir()

    def projects(self) -> list[Path]:
        return list(_listing(self.root).values())

    def project(self, name: str) -> Path | None:
        """The project whose folder is called `name`, found by listing; None when there is none."""
        return _listing(self.root).get(name)

    def refresh(self) -> None:
        """List the projects afresh at the next look (one was just made)."""
        _listings.pop(self.root, None)


LISTING_SECONDS = 2.0  # a project folder made by hand shows within this, a new one from the page at once
_listings: dict[Path, tuple[float, int, dict[str, Path]]] = {}


def _listing(root: Path) -> dict[str, Path]:
    """The workspace's projects by folder name, listed again when the folder changes or after
    LISTING_SECONDS: every request looks its project up here, and a workspace of hundreds of
    agencies is not read from the disk several hundred times a second."""
    now = time.monotonic()
    try:
        changed = root.stat().st_mtime_ns
    except OSError:
        return {}
    known = _listings.get(root)
    if known and known[1] == changed and now - known[0] < LISTING_SECONDS:
        return known[2]
    if (root / INPUTS).is_dir():
        found = {root.name: root}
    else:
        try:
            children = sorted(root.iterdir(), key=lambda p: p.name)
        except OSError:
            children = []
        found = {p.name: p for p in children if not p.name.startswith(".") and (p / INPUTS).is_dir()}
    _listings[root] = (now, changed, found)
    return found


def inputs_signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """What a project's status depends on: the name, size and modification time of each input
    workbook and of each file in the criteria folders it reads (its own, ITADOCS_CRITERIA's and
    the workspace's), so a corrected criteria file is seen at once."""
    from ..criteria_files import criteria_folders

    found = []
    for folder in [root / INPUTS, *(folder for folder, _ in criteria_folders(root))]:
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for path in entries:
            try:
                info = path.stat()
            except OSError:
                continue
            found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(found)
