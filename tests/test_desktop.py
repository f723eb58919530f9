"""The Windows launcher (itadocs.desktop) and the zip's build rules, on Linux.

The launcher's choices (the projects folder, a running page, a taken port, a browser that does
not open) are tested here as functions and through real processes; tests/test_windows_zip.py
runs the built zip under Wine.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from itadocs import desktop

REPO = Path(__file__).resolve().parent.parent


def build_script():
    spec = importlib.util.spec_from_file_location("build_windows", REPO / "scripts" / "build_windows.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the projects folder ------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, expected",
    [
        ('"C:\\ITA\\งาน 2569"\n', "C:\\ITA\\งาน 2569"),  # dropped into a console: quoted
        ("  /tmp/itadocs  ", "/tmp/itadocs"),
        ("", None),
        ('  ""  ', None),
    ],
)
def test_a_typed_or_dropped_folder_is_read_as_its_path(typed, expected):
    found = desktop.typed_folder(typed)
    assert (str(found) if found is not None else None) == (str(Path(expected)) if expected else None)


def test_a_typed_folder_expands_variables(monkeypatch):
    monkeypatch.setenv("ITADOCS_TEST_HOME", "/srv/ita")
    assert desktop.typed_folder("$ITADOCS_TEST_HOME/2569") == Path("/srv/ita/2569")


def test_a_project_folder_given_for_the_projects_folder_means_its_parent(tmp_path):
    (tmp_path / "ita2569" / "inputs").mkdir(parents=True)
    assert desktop.workspace_of(tmp_path / "ita2569") == tmp_path
    assert desktop.workspace_of(tmp_path) == tmp_path


def test_a_missing_projects_folder_is_made_when_its_parent_exists(tmp_path):
    assert desktop.folder_problem(tmp_path / "itadocs") is None
    assert (tmp_path / "itadocs").is_dir()
    problem = desktop.folder_problem(tmp_path / "ไม่มี" / "itadocs")
    assert problem is not None and "ไม่พบโฟลเดอร์" in problem("th") and str(tmp_path / "ไม่มี") in problem("th")
    assert not (tmp_path / "ไม่มี").exists()


def test_a_projects_folder_too_long_for_windows_is_refused_with_a_shorter_example(tmp_path):
    deep = tmp_path.joinpath(*["โฟลเดอร์ที่ยาวมาก"] * 8)
    problem = desktop.folder_problem(deep, windows=True)
    assert problem is not None and "ยาวเกินไป" in problem("th") and "C:\\ITA" in problem("th")
    assert not deep.exists()
    deep.parent.mkdir(parents=True)
    assert desktop.folder_problem(deep, windows=False) is None  # Linux has no such limit


def test_a_file_where_the_projects_folder_should_be_is_named(tmp_path):
    (tmp_path / "itadocs").write_text("x")
    problem = desktop.folder_problem(tmp_path / "itadocs")
    assert problem is not None and "บันทึกไฟล์ในโฟลเดอร์โครงการไม่ได้" in problem("th")


@pytest.mark.parametrize("code, words", [(errno.EROFS, "อ่านอย่างเดียว"), (errno.ENOSPC, "ไม่พอ"), (errno.EACCES, "สิทธิ์")])
def test_a_read_only_full_or_forbidden_projects_folder_is_said_in_thai(tmp_path, monkeypatch, code, words):
    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(tmp_path))

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    problem = desktop.folder_problem(tmp_path)
    assert problem is not None
    assert "เลือกโฟลเดอร์อื่น" in problem("th") and words in problem("th"), problem("th")
    assert "Errno" not in problem("th") and "Traceback" not in problem("th")


def test_low_free_space_is_a_warning_with_the_megabytes_left(tmp_path, monkeypatch):
    class Usage:
        free = 50 * 1024 * 1024

    monkeypatch.setattr(desktop.shutil, "disk_usage", lambda path: Usage)
    warning = desktop.low_space(tmp_path)
    assert warning is not None and "50 MB" in warning("th")
    Usage.free = 10 * 1024**3
    assert desktop.low_space(tmp_path) is None


def test_asking_for_a_folder_asks_again_until_one_works_and_enter_keeps_the_current(tmp_path):
    said: list[str] = []
    answers = iter([str(tmp_path / "ไม่มี" / "x"), f'"{tmp_path / "งาน ITA"}"'])
    chosen = desktop.ask_folder(tmp_path / "เดิม", "th", read=lambda prompt: next(answers), say=said.append)
    assert chosen == tmp_path / "งาน ITA" and chosen.is_dir()
    assert any("ไม่พบโฟลเดอร์" in line for line in said) and any("ลองใหม่" in line for line in said)
    assert desktop.ask_folder(tmp_path / "เดิม", "th", read=lambda prompt: "", say=said.append) == tmp_path / "เดิม"


def test_the_chosen_folder_is_remembered_beside_other_settings(tmp_path):
    desktop.remember(tmp_path, port=8600)
    desktop.remember(tmp_path, projects=str(tmp_path / "งาน"))
    assert desktop.remembered_folder(tmp_path) == tmp_path / "งาน"
    assert json.loads((tmp_path / desktop.SETTINGS).read_text(encoding="utf-8"))["port"] == 8600
    (tmp_path / desktop.SETTINGS).write_text("{not json", encoding="utf-8")  # damaged: forgotten, not a crash
    assert desktop.remembered_folder(tmp_path) is None


def test_documents_falls_back_to_the_profile_folder(tmp_path):
    (tmp_path / "Documents").mkdir()
    assert desktop._fallback_documents({"USERPROFILE": str(tmp_path)}, Path("/nowhere")) == tmp_path / "Documents"
    assert desktop._fallback_documents({}, tmp_path) == tmp_path / "Documents"
    assert desktop.documents_folder().is_absolute()


def test_an_unzipped_folder_too_deep_for_windows_is_named(tmp_path, monkeypatch):
    python = tmp_path.joinpath(*["โฟลเดอร์ที่ยาวมาก"] * 9, "python")
    python.mkdir(parents=True)
    (python / desktop.BUNDLE_INFO).write_text(json.dumps({"longest_path": 120}), encoding="utf-8")
    monkeypatch.setattr(desktop, "_long_paths_enabled", lambda: False)
    problem = desktop.install_problem(python, windows=True)
    assert problem is not None and "ลึกเกินไป" in problem("th") and "C:\\itadocs" in problem("th")
    assert desktop.install_problem(tmp_path / "python", windows=True) is None  # no bundle: not the zip
    monkeypatch.setattr(desktop, "_long_paths_enabled", lambda: True)
    assert desktop.install_problem(python, windows=True) is None


# --- ports, browsers and a running page ----------------------------------------------


def test_a_port_is_taken_while_a_program_listens_on_it():
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert desktop.port_taken(port)
    assert not desktop.port_taken(port)


def test_a_browser_that_does_not_open_is_false_never_an_error():
    assert desktop.open_browser("http://127.0.0.1:1/", opener=lambda url: False) is False

    def broken(url):
        raise OSError("no browser")

    assert desktop.open_browser("http://127.0.0.1:1/", opener=broken) is False
    assert desktop.open_browser("http://127.0.0.1:1/", opener=lambda url: True) is True


def test_something_else_on_the_port_is_not_taken_for_itadocs():
    with socket.socket() as other:  # accepts, never answers: the probe gives up, it does not hang
        other.bind(("127.0.0.1", 0))
        other.listen()
        assert not desktop.is_itadocs(f"http://127.0.0.1:{other.getsockname()[1]}/", timeout=0.5)
    assert not desktop.is_itadocs("http://127.0.0.1:1/", timeout=0.5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def launch(home: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "HOME": str(home), "ITADOCS_LANG": "th"}
    return subprocess.Popen(
        [sys.executable, "-m", "itadocs.desktop", *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )


def wait_for_page(home: Path, process: subprocess.Popen, seconds: float = 60) -> str:
    record = home / "config" / "itadocs" / desktop.RUNNING
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0]
        url = desktop.read_json(record).get("url")
        if url and desktop.is_itadocs(url):
            return str(url)
        time.sleep(0.2)
    raise AssertionError("the page did not answer")


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGINT)
    return process.communicate(timeout=30)[0]


def test_a_second_start_opens_the_running_page_and_a_taken_port_gives_another(tmp_path):
    projects = tmp_path / "งาน ITA"
    port = free_port()
    first = launch(tmp_path, str(projects), "--no-browser", "--port", str(port))
    try:
        url = wait_for_page(tmp_path, first)
        assert url == f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(url, timeout=30) as page:
            assert page.status == 200 and "itadocs" in page.read().decode("utf-8")
        second = subprocess.run(
            [sys.executable, "-m", "itadocs.desktop", "--no-browser", "--port", str(port)],
            env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 0, second.stdout + second.stderr
        assert "เปิดอยู่แล้ว" in second.stdout and url in second.stdout
    finally:
        said = stop(first)
    assert "โฟลเดอร์โครงการ: " + str(projects) in said and "ปิดหน้าต่างนี้" in said
    assert not (tmp_path / "config" / "itadocs" / desktop.RUNNING).exists()
    assert desktop.remembered_folder(tmp_path / "config" / "itadocs") == projects

    with socket.socket() as other:  # another program on the port: the page opens elsewhere
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the port's last connections linger
        other.bind(("127.0.0.1", port))
        other.listen()
        third = launch(tmp_path, "--no-browser", "--port", str(port))  # the remembered folder
        try:
            url = wait_for_page(tmp_path, third)
        finally:
            said = stop(third)
    assert url != f"http://127.0.0.1:{port}/"
    assert f"พอร์ต {port} มีโปรแกรมอื่นใช้อยู่" in said and str(projects) in said


def test_a_projects_folder_that_cannot_be_used_stops_with_a_message_and_exit_code_1(tmp_path):
    (tmp_path / "เป็นไฟล์").write_text("x")
    process = launch(tmp_path, str(tmp_path / "เป็นไฟล์"), "--no-browser", "--port", str(free_port()))
    out = process.communicate(timeout=60)[0]
    assert process.returncode == 1
    assert "บันทึกไฟล์ในโฟลเดอร์โครงการไม่ได้" in out and "Traceback" not in out


# --- the zip's build rules ------------------------------------------------------------


def test_the_windows_lock_was_resolved_from_the_dependencies_as_they_are():
    """windows/requirements.txt goes stale when pyproject's dependencies change:
    run `python scripts/build_windows.py --lock` (the build also does it by itself)."""
    assert build_script().lock_is_current()


@pytest.mark.parametrize(
    "path, left_out",
    [
        ("pythainlp/corpus/words_th.txt", False),
        ("pythainlp/corpus/syllables_th.txt", False),
        ("pythainlp/corpus/core.py", False),
        ("pythainlp/corpus/corpus_license.md", False),
        ("pythainlp/corpus/wikipedia_titles_th.txt", True),
        ("pythainlp/corpus/deepcut.onnx", True),
        ("pythainlp/tokenize/newmm.py", False),
        ("lxml/includes/tree.h", True),
        ("lxml/etree.pyx", True),
        ("lxml/etree.cp313-win_amd64.pyd", False),
        ("docx/__pycache__/api.cpython-311.pyc", True),
        ("bin/itadocs", True),
        ("itadocs-0.2.0.dist-info/direct_url.json", True),
        ("itadocs-0.2.0.dist-info/METADATA", False),
        ("itadocs/templates/measures.docx", False),
        ("tzdata/zoneinfo/Asia/Bangkok", False),
    ],
)
def test_what_the_zip_leaves_out(path, left_out):
    assert build_script().left_out(path) is left_out


def test_pythainlp_reads_only_the_corpus_files_the_zip_keeps():
    """In a fresh process (nothing cached): itadocs's word splitting, the console's newmm, and the
    syllable and TCC tokenizers of Thai line breaks open only corpus files the zip keeps."""
    code = textwrap.dedent("""
        import json, sys
        opened = set()
        def hook(event, args):
            if event == "open" and isinstance(args[0], str) and "corpus" in args[0].replace("\\\\", "/"):
                opened.add(args[0].replace("\\\\", "/").rsplit("/", 1)[-1])
        sys.addaudithook(hook)
        from itadocs import thai
        from pythainlp.tokenize import subword_tokenize, syllable_tokenize, word_tokenize
        text = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
        results = [thai.segment(text), word_tokenize(text, engine="newmm"),
                   syllable_tokenize(text, engine="dict"), subword_tokenize(text, engine="tcc")]
        print(json.dumps({"opened": sorted(n for n in opened if not n.endswith((".py", ".pyc"))),
                          "results": results}))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    found = json.loads(done.stdout)
    assert set(found["opened"]) <= build_script().PYTHAINLP_CORPUS_KEPT, found["opened"]
    assert "words_th.txt" in found["opened"] and "syllables_th.txt" in found["opened"]
    assert all(len(result) > 5 for result in found["results"])


def test_the_bundle_files_are_ascii_bat_files_and_a_utf8_guide():
    script = build_script()
    files = dict(script.bundle_files("9.9.9"))
    assert {"เริ่มใช้งาน itadocs.bat", "itadocs.bat", "เปลี่ยนโฟลเดอร์โครงการ.bat", "อ่านก่อน.txt"} <= set(files)
    for name, data in files.items():
        assert b"\n" not in data.replace(b"\r\n", b""), name  # CRLF only
        if name.endswith(".bat"):
            data.decode("ascii")
            assert b"python\\python.exe" in data
    guide = files["อ่านก่อน.txt"]
    assert guide.startswith(b"\xef\xbb\xbf") and b"itadocs 9.9.9" in guide
    text = guide.decode("utf-8-sig")
    for needed in ("เริ่มใช้งาน itadocs.bat", "Documents", "LibreOffice", "SmartScreen", "Windows 10", "8.1"):
        assert needed in text
