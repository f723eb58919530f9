"""The agency's emblem on the covers: an image the coordinator puts in the project folder.

The file is found by its name in the project folder (`ตราสัญลักษณ์.png`, or .jpg, or
`emblem.png` ...) and checked before it goes into a document: a PNG or JPEG by its content
(not its name), at most MAX_BYTES, between MIN_PIXELS and MAX_PIXELS on each side.  An image
that fails is a warning (`emblem-unusable`) and the covers are made without it.
"""

from __future__ import annotations

from pathlib import Path

from ..messages import Message
from ..problems import Problem

NAMES = ("ตราสัญลักษณ์", "ตราหน่วยงาน", "emblem", "logo")
SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_BYTES = 5 * 2**20
MIN_PIXELS, MAX_PIXELS = 32, 6000
HEIGHT_CM = 3.5  # on the cover, above the title
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}

NOT_AN_IMAGE = Message("ไม่ใช่ไฟล์ภาพ PNG หรือ JPEG", "not a PNG or JPEG image")
TOO_LARGE = Message("ไฟล์ใหญ่เกิน {limit} MB", "the file is larger than {limit} MB")
BAD_SIZE = Message(
    "ขนาดภาพ {width}×{height} พิกเซล ต้องอยู่ระหว่าง {low} ถึง {high} พิกเซลต่อด้าน",
    "the image is {width}×{height} pixels; each side must be {low} to {high} pixels",
)


def find_emblem(root: Path) -> Path | None:
    """The emblem file in the project folder, by its name (any letter case); None without one."""
    try:
        entries = {entry.name.casefold(): entry for entry in Path(root).iterdir() if entry.is_file()}
    except OSError:
        return None
    for name in NAMES:
        for suffix in SUFFIXES:
            found = entries.get((name + suffix).casefold())
            if found is not None:
                return found
    return None


def emblem_problem(root: Path) -> Problem | None:
    """A warning when the project has an emblem that cannot go on the covers."""
    path = find_emblem(root)
    if path is None:
        return None
    reason = why_unusable(path)
    if reason is None:
        return None
    return Problem("emblem-unusable", file=path.name, details={"reason": reason})


def usable_emblem(root: Path) -> Path | None:
    """The project's emblem when it can go on the covers."""
    path = find_emblem(root)
    return path if path is not None and why_unusable(path) is None else None


def why_unusable(path: Path) -> Message | None:
    """Why an image cannot be the emblem; None when it can."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return Message(exc.strerror or "unreadable", exc.strerror or "unreadable")
    if not any(head.startswith(signature) for signature in _SIGNATURES):
        return NOT_AN_IMAGE
    if size > MAX_BYTES:
        return TOO_LARGE.fill(limit=MAX_BYTES // 2**20)
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image

    try:
        image = Image.from_file(str(path))
    except (UnrecognizedImageError, ValueError, IndexError, OSError, KeyError):
        return NOT_AN_IMAGE
    width, height = image.px_width, image.px_height
    if not (MIN_PIXELS <= width <= MAX_PIXELS and MIN_PIXELS <= height <= MAX_PIXELS):
        return BAD_SIZE.fill(width=width, height=height, low=MIN_PIXELS, high=MAX_PIXELS)
    return None
