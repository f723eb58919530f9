"""The deployment recipe as shipped in deploy/: the systemd unit's own command line serves
with the example settings and stops on systemd's signal; systemd finds the unit valid; the
example settings name every setting; nginx configured as deploy/nginx.conf says passes the
real client and https on, and itadocs believes it because the settings trust it."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from itadocs.web import settings as config
from itadocs.web.projects import WebConfig, save_config
from itadocs.web.security import hash_passcode

from .conftest import REPO

DEPLOY = REPO / "deploy"
PASSCODE = "รหัสลับ1234"


def unit() -> dict[str, list[str]]:
    """The [Service] settings of deploy/itadocs.service (a key may repeat, as systemd allows)."""
    found: dict[str, list[str]] = {}
    section = ""
    for line in (DEPLOY / "itadocs.service").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            found.setdefault(key, []).append(value)
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settings_file(tmp_path: Path, **changes: object) -> Path:
    """deploy/itadocs.toml with the workspace (and what else is asked) changed for this test."""
    text = (DEPLOY / "itadocs.toml").read_text(encoding="utf-8")
    for name, value in changes.items():
        text, count = re.subn(rf"(?m)^{name} = .*$", f"{name} = {json.dumps(value)}", text)
        assert count == 1, name
    path = tmp_path / "itadocs.toml"
    path.write_text(text, encoding="utf-8")
    return path


def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "srv"
    shutil.copytree(REPO / "inputs", folder / "ita2568" / "inputs")
    save_config(folder / "ita2568", WebConfig(hash_passcode(PASSCODE, n=2**10), 1))
    return folder


def started(process: subprocess.Popen) -> str:
    line = process.stdout.readline()
    if not line:
        raise AssertionError(process.stderr.read())
    return line


def test_the_example_settings_name_every_setting_and_load():
    text = (DEPLOY / "itadocs.toml").read_text(encoding="utf-8")
    for option in config.OPTIONS:
        assert re.search(rf"(?m)^#? ?{option.name} = ", text), option.name
    values = config.load(DEPLOY / "itadocs.toml", environ={})
    assert values["trusted_proxies"] == ["127.0.0.1"] and values["port"] == 8568
    assert config.load(DEPLOY / "itadocs.toml", environ={"ITADOCS_PORT": "9000"})["port"] == 9000
    assert config.load(DEPLOY / "itadocs.toml", environ={"ITADOCS_PORT": "9000"}, given={"port": 9100})["port"] == 9100
    with pytest.raises(Exception, match="port"):
        config.load(None, environ={"ITADOCS_PORT": "eighty"})


def test_the_unit_is_valid_for_systemd(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("no systemd-analyze")
    text = (DEPLOY / "itadocs.service").read_text(encoding="utf-8")
    here = shutil.which("itadocs", path=str(Path(sys.executable).parent))
    assert here
    # The program where this test's itadocs is, the user this test runs as; the rest as shipped.
    text = text.replace("/opt/itadocs/venv/bin/itadocs", here)
    import getpass

    text = re.sub(r"(?m)^(User|Group)=itadocs$", rf"\1={getpass.getuser()}", text)
    (tmp_path / "itadocs.service").write_text(text, encoding="utf-8")
    checked = subprocess.run([analyze, "verify", str(tmp_path / "itadocs.service")], capture_output=True, text=True)
    assert checked.returncode == 0 and "itadocs.service" not in checked.stderr, checked.stderr


def test_the_units_own_command_line_serves_and_stops_on_systemds_signal(tmp_path):
    service = unit()
    command = shlex.split(service["ExecStart"][0])
    assert command[0] == "/opt/itadocs/venv/bin/itadocs" and command[1] == "serve"
    environment = dict(item.split("=", 1) for line in service.get("Environment", []) for item in shlex.split(line))
    assert environment["ITADOCS_CONFIG"] == "/etc/itadocs/itadocs.toml"
    # The same command line, with the program where this test's itadocs is, and the same
    # settings file with this test's workspace and a free port.
    command[0] = shutil.which("itadocs", path=str(Path(sys.executable).parent)) or command[0]
    port = free_port()
    settings = settings_file(tmp_path, workspace=str(workspace(tmp_path)), port=port)
    env = {**os.environ, **environment, "ITADOCS_CONFIG": str(settings), "JOURNAL_STREAM": "8:1234"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert "https://ita.example.go.th/" in started(process)  # the public address, from the file
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/p/ita2568/", headers={"Host": "ita.example.go.th", "X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert "strict-transport-security" in response.headers  # the trusted proxy said https
            assert "เข้าสู่โครงการ" in response.read().decode()  # on a network: a login first
        process.send_signal(signal.SIGTERM)  # what systemctl stop sends
        out, err = process.communicate(timeout=int(service["TimeoutStopSec"][0]))
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0 and "หยุดแล้ว" in out and "Traceback" not in err


# --- behind nginx, configured as deploy/nginx.conf says ------------------------------------


@pytest.fixture
def behind_nginx(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    nginx, openssl = shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("openssl")
    if not Path(nginx).is_file() or openssl is None:
        pytest.skip("no nginx or openssl")
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=ita.example.go.th",
            "-keyout",
            str(tmp_path / "key.pem"),
            "-out",
            str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    http_port, https_port, app_port = free_port(), free_port(), free_port()
    site = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    site = (
        site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
        .replace("/etc/letsencrypt/live/ita.example.go.th/fullchain.pem", str(tmp_path / "cert.pem"))
        .replace("/etc/letsencrypt/live/ita.example.go.th/privkey.pem", str(tmp_path / "key.pem"))
        .replace("127.0.0.1:8568", f"127.0.0.1:{app_port}")
    )
    for name in ("logs", "temp"):
        (tmp_path / name).mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path}/temp;\nproxy_temp_path {tmp_path}/temp;\n"
        f"{site}\n}}\n",
        encoding="utf-8",
    )
    proxy = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    folder = workspace(tmp_path)
    settings = settings_file(
        tmp_path, workspace=str(folder), port=app_port, public_url=f"https://ita.example.go.th:{https_port}"
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "itadocs.web.serve",
            "--config",
            str(settings),
            "--no-browser",
            "--no-previews",
            "--workers",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        started(server)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield https_port, folder
    finally:
        for process in (server, proxy):
            process.send_signal(signal.SIGTERM if process is server else signal.SIGQUIT)
            try:
                process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()


def test_behind_nginx_the_real_client_and_https_come_through(behind_nginx):
    import httpx2

    port, folder = behind_nginx
    public = f"https://ita.example.go.th:{port}"
    transport = httpx2.HTTPTransport(verify=False, local_address="127.0.0.5")
    with httpx2.Client(
        transport=transport,
        base_url=f"https://127.0.0.1:{port}",
        headers={"Host": f"ita.example.go.th:{port}"},
        timeout=60,
    ) as client:
        page = client.get("/p/ita2568/login")
        assert page.status_code == 200 and page.headers["strict-transport-security"].startswith("max-age")
        assert "__Host-itadocs" in page.headers["set-cookie"] and "Secure" in page.headers["set-cookie"]
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        forged = {"X-Forwarded-For": "6.6.6.6", "Origin": public}
        done = client.post("/p/ita2568/login", data={"csrf": csrf, "passcode": PASSCODE}, headers=forged)
        assert done.status_code in (200, 303), done.text[:300]
        links = client.get("/p/ita2568/links")
        csrf = re.search(r'name="csrf" value="([^"]+)"', links.text).group(1)
        made = client.post("/p/ita2568/links", data={"csrf": csrf, "division": "กองช่าง"}, headers={"Origin": public})
        assert f'value="{public}/d/' in made.text
    entries = [
        json.loads(line)
        for day in (folder / ".itadocs" / "audit").glob("*.jsonl")
        for line in day.read_text(encoding="utf-8").splitlines()
    ]
    login = next(e for e in entries if e["action"] == "login")
    assert login["address"] == "127.0.0.5" and login["via"] == "127.0.0.1"  # the client, as nginx passed it
    assert not any("6.6.6.6" in json.dumps(e) for e in entries)  # what the client wrote in the header, never
