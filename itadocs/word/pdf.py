"""PDF through LibreOffice in headless mode, for publishing on the agency website.

LibreOffice ignores Word's Thai page-number format (w:pgNumType w:fmt="thaiNumbers"; its
.docx import has no mapping for it) and prints 1 2 3; the page styles' number format is set
to LibreOffice's "native numbering" (the digits of the field's language, th-TH in our footers).

Two ways to LibreOffice:
- cold (`to_pdf` without an office, a one-shot command): `soffice --convert-to` started for the
  conversion, .docx -> .odt (its page styles then rewritten) -> .pdf, every document in one run,
  with a throwaway profile so it collides neither with a LibreOffice the user has open nor with
  another conversion beside it;
- kept (`Office`, for long-running processes: the web page, `build --watch`): LibreOffice started
  once, on first use, through a small bridge (office_bridge.py) run by a Python that has UNO, and
  reused for every conversion after; restarted when it died, stopped when a conversion takes
  too long and at the end of the process.

Either way LibreOffice reads copies under short names in a temporary folder (a long agency name
leaves LibreOffice no room for its own lock file beside the document) and writes there; each
PDF is then put in place by the caller's writer (whole or not at all, never over a PDF open in a
reader), under the document's own name.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from ..files import PROFILE_PREFIX, owned_prefix, sweep_leftovers, write_atomic
from ..messages import ItadocsError, Message
from ..model import Project

TIMEOUT_SECONDS = 300
_CANDIDATES = ("soffice", "libreoffice", "/Applications/LibreOffice.app/Contents/MacOS/soffice")
# Where the Windows installer puts it: per machine (64- or 32-bit), per user, and older
# versions' folders ("LibreOffice 5"); the Microsoft Store and portable versions too.
_WINDOWS_FOLDERS = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA")
_WINDOWS_PATTERNS = (
    "LibreOffice*/program/soffice.exe",
    "Programs/LibreOffice*/program/soffice.exe",
    "LibreOfficePortable/App/libreoffice/program/soffice.exe",
)

Writer = Callable[[Path, Callable[[Path], object]], Path]
_PAGE_NUMBER_FORMAT = re.compile(rb'(<style:page-layout-properties\b[^>]*?\bstyle:num-format=")1(")')


NOT_FOUND = Message(
    "ไม่พบโปรแกรม LibreOffice จึงสร้าง PDF ไม่ได้ (ไฟล์ .docx เขียนไว้แล้ว) "
    "ติดตั้ง LibreOffice จาก libreoffice.org หรือ apt install libreoffice-writer",
    "LibreOffice not found, so no PDF was made (the .docx files are written); "
    "install it from libreoffice.org or with apt install libreoffice-writer",
)
TIMED_OUT = Message(
    "LibreOffice ทำงานนานเกิน {seconds} วินาที จึงหยุดการสร้าง PDF",
    "LibreOffice took longer than {seconds} seconds; PDF conversion stopped",
)
FAILED = Message("LibreOffice สร้าง PDF ไม่สำเร็จ: {files} {detail}", "LibreOffice failed to convert: {files} {detail}")


class PdfUnavailable(ItadocsError):
    """LibreOffice is missing or failed; the message says what to do.  `made`: the PDFs that
    were written all the same (the documents LibreOffice could convert)."""

    def __init__(self, message: Message, *, made: list[Path] | None = None, **fields: object):
        super().__init__(message, **fields)
        self.made = made or []
        self.fields = fields
        self.timed_out = message is TIMED_OUT


def find_soffice() -> str | None:
    """The LibreOffice program: $ITADOCS_SOFFICE, then PATH, then the usual install places."""
    configured = os.environ.get("ITADOCS_SOFFICE")
    for candidate in ((configured,) if configured else ()) + _CANDIDATES + tuple(windows_candidates()):
        found = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if found:
            return found
    return None


def windows_candidates(environ: Mapping[str, str] | None = None) -> list[str]:
    """soffice.exe in the usual Windows install folders, newest version first."""
    environ = os.environ if environ is None else environ
    found: list[str] = []
    for variable in _WINDOWS_FOLDERS:
        base = environ.get(variable)
        if not base or not Path(base).is_dir():
            continue
        for pattern in _WINDOWS_PATTERNS:
            for path in sorted(Path(base).glob(pattern), reverse=True):
                if str(path) not in found:
                    found.append(str(path))
    return found


def native_page_numbers(odt: Path) -> None:
    """Rewrite an .odt so its page numbers use the digits of their language."""
    with zipfile.ZipFile(odt) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(odt, "w") as dst:
        for info, data in entries:
            if info.filename == "styles.xml":
                data = _PAGE_NUMBER_FORMAT.sub(rb"\1Native Numbering\2", data)
            # ODF wants "mimetype" first and stored; the rest compressed as before.
            dst.writestr(info, data, compress_type=info.compress_type)


# What a published PDF asks of its reader's program: show the document's title (its Thai
# title, not the file name) in the window or browser tab.
FILTER_DATA = {"DisplayPDFDocumentTitle": True}
_FILTER_OPTIONS = '{"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"}}'


def _convert(soffice: str, profile: str, target: str, files: list[Path], out_dir: Path) -> subprocess.CompletedProcess:
    command = [
        soffice,
        f"-env:UserInstallation={Path(profile).as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        *map(str, files),
    ]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise PdfUnavailable(TIMED_OUT, seconds=TIMEOUT_SECONDS) from exc


def _detail(result: subprocess.CompletedProcess) -> str:
    return ((result.stderr or result.stdout).strip().splitlines()[-1:] or [""])[0]


def to_pdf(
    documents: list[Path],
    out_dir: Path | None = None,
    *,
    writer: Writer = write_atomic,
    prepare: Callable[[Path], None] | None = None,
    office: Office | None = None,
) -> list[Path]:
    """Convert .docx files to PDF beside them (or into out_dir); returns the PDF paths.

    `writer(path, save)` puts each PDF in place (by default whole or not at all) and returns
    where it went.  `prepare(copy)` may change a working copy of each .docx before LibreOffice
    reads it (the .docx themselves are never changed).  With `office` (a kept LibreOffice) the
    conversion is warm; without, LibreOffice is started for it.  A document LibreOffice could
    not convert does not hold back the others: their PDFs are written, then PdfUnavailable
    names it (`made` holds what was written)."""
    if not documents:
        return []
    out_dir = out_dir or documents[0].parent
    sweep_leftovers(Path(tempfile.gettempdir()), PROFILE_PREFIX)
    if office is not None and office.available():
        soffice = "kept"
    else:
        office, soffice = None, find_soffice() or ""
        if not soffice:
            raise PdfUnavailable(NOT_FOUND)
    with tempfile.TemporaryDirectory(prefix=owned_prefix(PROFILE_PREFIX)) as work:
        copies = Path(work) / "docx"
        copies.mkdir()
        # Short names: LibreOffice needs room for its lock file beside each copy and its output.
        sources = [Path(shutil.copyfile(doc, copies / f"{number}.docx")) for number, doc in enumerate(documents, 1)]
        if office is not None:
            made, failed = office.convert_all(sources, Path(work) / "pdf", prepare=prepare)
        else:
            for copy in sources:
                (prepare or _as_is)(copy)
            made, failed = _convert_cold(soffice, Path(work), sources)
        written = [
            writer(out_dir / doc.with_suffix(".pdf").name, partial(_copy, pdf))
            for doc, pdf in zip(documents, made, strict=True)
            if pdf is not None
        ]
        if failed:
            names = ", ".join(doc.name for doc, pdf in zip(documents, made, strict=True) if pdf is None)
            raise PdfUnavailable(FAILED, made=written, files=names, detail=failed)
        return written


def _convert_cold(soffice: str, work: Path, sources: list[Path]) -> tuple[list[Path | None], str]:
    """LibreOffice started for these documents: .docx -> .odt (Thai page numbers) -> .pdf."""
    profile, odt_dir, pdf_dir = work / "profile", work / "odt", work / "pdf"
    result = _convert(soffice, str(profile), "odt", sources, odt_dir)
    odts = [odt_dir / source.with_suffix(".odt").name for source in sources]
    for odt in odts:
        if odt.is_file():
            native_page_numbers(odt)
    present = [odt for odt in odts if odt.is_file()]
    if present:
        result = _convert(soffice, str(profile), f"pdf:writer_pdf_Export:{_FILTER_OPTIONS}", present, pdf_dir)
    made: list[Path | None] = []
    for source in sources:
        pdf = pdf_dir / source.with_suffix(".pdf").name
        made.append(pdf if pdf.is_file() and pdf.stat().st_size > 0 else None)
    return made, _detail(result) if None in made else ""


def _copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)


def _as_is(source: Path) -> None:
    """No preparation."""


# --- a LibreOffice kept running -----------------------------------------------------

CONVERSION_SECONDS = 120  # one document, in a kept LibreOffice
START_SECONDS = 90  # LibreOffice's first start on a slow machine, its profile made
STOP_SECONDS = 10
BRIDGE = Path(__file__).resolve().parent / "office_bridge.py"  # run by LibreOffice's Python, not imported


class Office:
    """A LibreOffice kept running for PDF conversions in a long-running process (the web page,
    `build --watch`): started on first use, reused, started again when it died, stopped when a
    conversion takes longer than `timeout` seconds (a Thai message says so) and at `close()`
    or the end of the process.  One conversion at a time (a lock).

        with Office() as office:
            to_pdf(documents, office=office)

    Without a Python that can drive LibreOffice (UNO: Debian's python3-uno, the python.exe
    LibreOffice installs on Windows) `available()` is False and to_pdf converts cold."""

    def __init__(self, soffice: str | None = None, *, timeout: float = CONVERSION_SECONDS):
        self.soffice = soffice
        self.timeout = timeout
        self.starts = 0  # how many times LibreOffice was started (a test and the bench read it)
        self._lock = threading.RLock()
        self._bridge: subprocess.Popen | None = None
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._profile: Path | None = None
        self._python: str | None = None

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def available(self) -> bool:
        """LibreOffice and a Python with UNO to drive it are there."""
        if self.soffice is None:
            self.soffice = find_soffice()
        if self.soffice and self._python is None:
            self._python = office_python(self.soffice) or ""
        return bool(self.soffice and self._python)

    @property
    def running(self) -> bool:
        return self._bridge is not None and self._bridge.poll() is None

    def convert_all(
        self, sources: list[Path], folder: Path, *, prepare: Callable[[Path], None] | None = None
    ) -> tuple[list[Path | None], str]:
        """Each .docx of `sources` as folder/<stem>.pdf; (the PDFs, None where one failed), why.
        `prepare(source)` runs on each first: on the next one while LibreOffice, in its own
        process, converts the one before."""
        folder.mkdir(parents=True, exist_ok=True)
        made: list[Path | None] = []
        why = ""
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="itadocs-prepare") as ahead:
            ready = [ahead.submit(prepare or _as_is, source) for source in sources]  # in order, one at a time
            try:
                for source, prepared in zip(sources, ready, strict=True):
                    prepared.result()
                    target = folder / source.with_suffix(".pdf").name
                    try:
                        self.convert(source, target)
                    except PdfUnavailable as exc:
                        if exc.timed_out:
                            raise
                        made.append(None)
                        why = str(exc.fields.get("detail", ""))
                    else:
                        made.append(target)
            finally:
                for waiting in ready:  # after a failure, what has not started never does
                    waiting.cancel()
        return made, why

    def convert(self, source: Path, target: Path) -> Path:
        """One .docx to PDF; PdfUnavailable when LibreOffice fails, dies twice or takes too long."""
        with self._lock:
            for attempt in (1, 2):
                self._ensure_started()
                answer = self._ask({"convert": str(source), "target": str(target)}, self.timeout)
                if answer is None:  # the bridge or LibreOffice went away: start it again, once
                    self._kill()
                    if attempt == 2:
                        raise PdfUnavailable(FAILED, files=source.name, detail="LibreOffice ended")
                    continue
                if "done" in answer:
                    return target
                if answer.get("gone"):
                    self._kill()
                    if attempt == 1:
                        continue
                raise PdfUnavailable(FAILED, files=source.name, detail=str(answer.get("failed", "")))
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Stop LibreOffice (asked first, then ended) and remove its profile."""
        with self._lock:
            bridge = self._bridge
            if bridge is not None and bridge.poll() is None:
                try:
                    assert bridge.stdin is not None
                    bridge.stdin.write(json.dumps({"quit": True}) + "\n")
                    bridge.stdin.flush()
                    bridge.wait(timeout=STOP_SECONDS)
                except (OSError, ValueError, subprocess.TimeoutExpired):
                    pass
            self._kill()
            atexit.unregister(self.close)

    # --- the bridge process -------------------------------------------------------

    def _ensure_started(self) -> None:
        if self.running:
            return
        if not self.available():
            raise PdfUnavailable(NOT_FOUND)
        self._kill()
        assert self.soffice and self._python
        sweep_leftovers(Path(tempfile.gettempdir()), PROFILE_PREFIX)
        self._profile = Path(tempfile.mkdtemp(prefix=owned_prefix(PROFILE_PREFIX)))
        pipe = f"itadocs{os.getpid()}x{self.starts}x{self._profile.name[-6:]}"
        environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        group = (
            {"start_new_session": True}
            if os.name != "nt"
            else {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
        )
        self._bridge = subprocess.Popen(
            [self._python, str(BRIDGE), self.soffice, (self._profile / "user").as_uri(), pipe, json.dumps(FILTER_DATA)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=environment,
            **group,
        )
        self.starts += 1
        atexit.register(self.close)
        answers: queue.Queue[str | None] = queue.Queue()
        self._answers = answers
        threading.Thread(target=_read_lines, args=(self._bridge, answers), daemon=True, name="itadocs-office").start()
        ready = self._next(START_SECONDS)
        if ready is None or not ready.get("ready"):
            self._kill()
            if ready is None and self._timed_out:
                raise PdfUnavailable(TIMED_OUT, seconds=START_SECONDS)
            raise PdfUnavailable(FAILED, files="", detail="LibreOffice did not start")

    def _ask(self, request: dict, timeout: float) -> dict | None:
        bridge = self._bridge
        assert bridge is not None and bridge.stdin is not None
        try:
            bridge.stdin.write(json.dumps(request) + "\n")
            bridge.stdin.flush()
        except (OSError, ValueError):
            return None
        answer = self._next(timeout)
        if answer is None and self._timed_out:
            self._kill()
            raise PdfUnavailable(TIMED_OUT, seconds=int(timeout))
        return answer

    def _next(self, timeout: float) -> dict | None:
        """The bridge's next answer; None when it ended (or, `_timed_out`, did not answer in time)."""
        self._timed_out = False
        try:
            line = self._answers.get(timeout=timeout)
        except queue.Empty:
            self._timed_out = True
            return None
        if line is None:
            return None
        try:
            answer = json.loads(line)
        except ValueError:
            return None
        return answer if isinstance(answer, dict) else None

    def _kill(self) -> None:
        """End the bridge and the LibreOffice it started (their whole process group), remove the profile."""
        bridge, self._bridge = self._bridge, None
        if bridge is not None:
            if bridge.poll() is None:
                _end_group(bridge)
            with contextlib.suppress(subprocess.TimeoutExpired):
                bridge.wait(timeout=STOP_SECONDS)
            for stream in (bridge.stdin, bridge.stdout):
                with contextlib.suppress(OSError, ValueError):
                    if stream is not None:
                        stream.close()
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    _timed_out = False


def _read_lines(bridge: subprocess.Popen, answers: queue.Queue) -> None:
    assert bridge.stdout is not None
    with contextlib.suppress(OSError, ValueError):
        for line in bridge.stdout:
            answers.put(line)
    answers.put(None)


def _end_group(process: subprocess.Popen) -> None:
    """End a process and every process it started (LibreOffice under the bridge)."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
        return
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)


_SHARED: list[Office] = []


def shared_office() -> Office:
    """The process's one kept LibreOffice, for the web page and `build --watch` alike."""
    if not _SHARED:
        _SHARED.append(Office())
    return _SHARED[0]


def running_office() -> Office | None:
    """The shared kept LibreOffice when this process has already started it: a build in a
    process that holds one (the web page, once it made previews) uses it."""
    return _SHARED[0] if _SHARED and _SHARED[0].running else None


@functools.cache
def office_python(soffice: str) -> str | None:
    """A Python that can drive LibreOffice (imports uno): $ITADOCS_OFFICE_PYTHON, the one
    LibreOffice installs beside soffice (Windows, macOS), the system's /usr/bin/python3 (Debian
    with python3-uno) or a python3 on PATH; None when there is none."""
    configured = os.environ.get("ITADOCS_OFFICE_PYTHON")
    real = Path(shutil.which(soffice) or soffice).resolve()
    beside = [real.parent / "python.exe", real.parent / "python", real.parent.parent / "Resources" / "python"]
    candidates = [configured] if configured else []
    candidates += [str(path) for path in beside if path.is_file()]
    # Debian's python3-uno is for the system's python3, which a PATH led by pyenv or a venv hides.
    candidates += [
        found
        for found in ("/usr/bin/python3", shutil.which("python3"), shutil.which("python"))
        if found and Path(found).is_file()
    ]
    for candidate in candidates:
        if candidate and _imports_uno(candidate):
            return candidate
    return None


def _imports_uno(python: str) -> bool:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    try:
        done = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30, env=environment)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


# --- the copy LibreOffice reads ----------------------------------------------------


def own_names(project: Project) -> list[str]:
    """The names a project's documents hold that no dictionary knows: the agency, its district
    and province, its divisions (the Thai line breaks keep them whole where they fit)."""
    agency = project.agency
    return [agency.name, agency.district, agency.province, *agency.divisions, *{m.division for m in project.measures}]


def prepare_pdf_copy(names: Iterable[str] = ()) -> Callable[[Path], None]:
    """What the working copy of a rendered .docx gets before LibreOffice turns it into the PDF
    (the .docx itself is never changed): the pagination LibreOffice needs (finish.for_libreoffice),
    and where Thai lines may end and may not (breaks), with `names` as words."""
    from .breaks import ThaiBreaks, mark_thai_breaks

    thai_breaks = ThaiBreaks(names)

    def prepare(path: Path) -> None:
        from docx import Document

        from .finish import for_libreoffice

        document = Document(str(path))
        for_libreoffice(document)
        mark_thai_breaks(document, thai_breaks)
        document.save(str(path))

    return prepare


def page_images(pdf: Path, folder: Path, prefix: str, *, pages: int = 2, dpi: int = 60) -> list[Path]:
    """The first `pages` pages of a PDF as PNG images (folder/<prefix>-<page>.png), through
    poppler's pdftoppm, to show a document before it is downloaded; [] without pdftoppm."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [tool, "-png", "-r", str(dpi), "-f", "1", "-l", str(pages), str(pdf), str(folder / prefix)],
            capture_output=True,
            timeout=120,
            check=False,
        )
    except (subprocess.TimeoutExpired, OSError):
        return []
    return sorted(folder.glob(f"{prefix}-*.png"))
