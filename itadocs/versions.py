"""What is installed, with versions, for a host's own audit (`itadocs version --all`).

Every distribution itadocs needs, found by following the requirements of the installed
packages (their metadata, as pip wrote it), with the floor itadocs or the package that
needs it sets, and whether the installed version is below it; then Python, the system and
the programs itadocs starts (LibreOffice, poppler's pdftoppm).
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_FLOOR = re.compile(r">=\s*([0-9][0-9A-Za-z.]*)")


@dataclass(frozen=True)
class Installed:
    name: str
    version: str  # "" when required but not installed (a requirement for another system)
    floor: str = ""  # the lowest version allowed, where a requirement sets one
    needed_by: str = ""

    @property
    def below_floor(self) -> bool:
        return bool(self.version and self.floor) and _key(self.version) < _key(self.floor)


def _key(version: str) -> tuple:
    """A version's numeric parts for comparing ('6.1.0' < '6.10'); letters end a part."""
    parts = []
    for part in version.split("."):
        digits = re.match(r"\d+", part)
        parts.append(int(digits.group()) if digits else 0)
        if not digits or digits.group() != part:
            break
    return tuple(parts)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """(name, floor) of what a distribution requires to run: no extras, no other platforms."""
    found = []
    for line in dist.requires or []:
        requirement, _, marker = line.partition(";")
        if "extra" in marker:
            continue
        if marker.strip() and not _marker_holds(marker):
            continue
        name = _NAME.match(requirement)
        if name:
            floor = _FLOOR.search(requirement)
            found.append((name.group(1), floor.group(1) if floor else ""))
    return found


def _marker_holds(marker: str) -> bool:
    """The few environment markers requirements use here (platform, Python version); any
    other is taken as holding (the package is then listed, installed or not)."""
    env = {
        "sys_platform": sys.platform,
        "platform_system": platform.system(),
        "os_name": os.name,
        "implementation_name": sys.implementation.name,
        "python_version": f"{sys.version_info[0]}.{sys.version_info[1]}",
    }
    for clause in re.split(r"\s+and\s+", marker.strip()):
        test = re.match(r"""\s*(\w+)\s*(==|!=|<=|>=|<|>)\s*["']([^"']*)["']\s*$""", clause)
        if not test or test.group(1) not in env:
            continue
        have, operator, want = env[test.group(1)], test.group(2), test.group(3)
        if test.group(1) == "python_version":
            left, right = _key(have), _key(want)
        else:
            left, right = have, want  # type: ignore[assignment]
        holds = {
            "==": left == right,
            "!=": left != right,
            "<": left < right,
            "<=": left <= right,
            ">": left > right,
            ">=": left >= right,
        }[operator]
        if not holds:
            return False
    return True


def installed(root: str = "itadocs", *, dependencies: bool = True) -> list[Installed]:
    """`root` and everything it needs, each once, in the order found (itadocs first); without
    `dependencies`, `root` alone."""
    seen: dict[str, Installed] = {}
    queue: list[tuple[str, str, str]] = [(root, "", "")]
    while queue:
        name, floor, needed_by = queue.pop(0)
        key = _normal(name)
        if key in seen:
            old = seen[key]
            if floor and (not old.floor or _key(floor) > _key(old.floor)):  # the highest floor holds
                seen[key] = Installed(old.name, old.version, floor, needed_by)
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            seen[key] = Installed(name, "", floor, needed_by)
            continue
        seen[key] = Installed(dist.metadata["Name"] or name, dist.version, floor, needed_by)
        if dependencies:
            queue += [(child, child_floor, seen[key].name) for child, child_floor in _requirements(dist)]
    return list(seen.values())


def _first_line(command: list[str]) -> str:
    """The first line a program prints about itself ('' when it cannot be run)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    lines = ((done.stdout or "") + (done.stderr or "")).strip().splitlines()
    return lines[0] if lines else ""


def programs() -> dict[str, str]:
    """Python, the system, and the programs itadocs starts, with their versions ('' when absent)."""
    from .word.pdf import find_soffice

    soffice = find_soffice()
    pdftoppm = shutil.which("pdftoppm")
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "system": platform.platform(terse=True),
        "libreoffice": _first_line([soffice, "--version"]) if soffice else "",
        "pdftoppm": _first_line([pdftoppm, "-v"]) if pdftoppm else "",
    }
