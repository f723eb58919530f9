"""How one `itadocs serve` runs: the workspace, the key of its cookies, who may reach it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import security


@dataclass
class Settings:
    workspace: Path
    secret: str
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost", "[::1]"])
    network: bool = False  # listening beyond this computer: every project needs a passcode
    https: bool = False  # Secure cookies only when the browser talks TLS to us
    workers: int = 2
    processes: bool = True  # False: the workers are threads (the tests' quick app)
    scrypt_n: int = security.SCRYPT_N
    previews: bool = True  # images of a build's first pages, when LibreOffice and pdftoppm are there
    throttle: security.Throttle = field(default_factory=security.Throttle)
