"""A host's commands: administrators, backup and restore, and what is installed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from itadocs.cli.app import app
from itadocs.versions import Installed, installed
from itadocs.web.accounts import read_admins
from itadocs.web.security import verify_passcode

from .conftest import REPO, invoke


def test_administrators_are_made_changed_and_removed_on_the_command_line(tmp_path):
    from typer.testing import CliRunner

    runner = CliRunner()
    made = runner.invoke(app, ["admin", "set", str(tmp_path), "somchai"], input="ผู้ดูแลจังหวัด2569\n")
    assert made.exit_code == 0, made.output
    assert verify_passcode("ผู้ดูแลจังหวัด2569", read_admins(tmp_path)["somchai"].passcode)
    weak = runner.invoke(app, ["admin", "set", str(tmp_path), "somchai"], input="12345\n")
    assert weak.exit_code == 1 and "อย่างน้อย 10" in weak.output
    bad = runner.invoke(app, ["admin", "set", str(tmp_path), "มี ช่องว่าง"], input="ผู้ดูแลจังหวัด2569\n")
    assert bad.exit_code == 1 and "ใช้ไม่ได้" in bad.output
    assert invoke("admin", "list", tmp_path).output.strip() == "somchai"
    assert invoke("admin", "remove", tmp_path, "somchai").exit_code == 0 and read_admins(tmp_path) == {}
    assert invoke("admin", "remove", tmp_path, "somchai").exit_code == 1
    typo = runner.invoke(app, ["admin", "set", str(tmp_path / "srv-typo"), "somchai"], input="ผู้ดูแลจังหวัด2569\n")
    assert typo.exit_code == 1 and "ไม่พบโฟลเดอร์งาน" in typo.output and not (tmp_path / "srv-typo").exists()


def test_backup_and_restore_from_the_command_line(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "srv" / "ita2568" / "inputs")
    archive = tmp_path / "ita.zip"
    done = invoke("backup", tmp_path / "srv", "--to", archive)
    assert done.exit_code == 0 and "1 โครงการ" in done.output and archive.is_file()
    back = invoke("restore", archive, tmp_path / "back")
    assert back.exit_code == 0 and (tmp_path / "back" / "ita2568" / "inputs" / "กองคลัง.xlsx").is_file()
    again = invoke("restore", archive, tmp_path / "back")
    assert again.exit_code == 1 and "ไม่เขียนทับ" in again.output


def test_version_all_lists_what_is_installed_with_its_floor():
    found = {p.name.lower(): p for p in installed()}
    assert found["itadocs"].version and found["lxml"].floor == "6.1.0" and not found["lxml"].below_floor
    assert {"starlette", "uvicorn", "h11", "jinja2", "python-multipart"} <= set(found)
    assert Installed("lxml", "6.0.2", "6.1.0").below_floor and not Installed("lxml", "6.10.0", "6.1.0").below_floor
    listed = subprocess.run(
        [sys.executable, "-m", "itadocs", "version", "--all", "--json"], capture_output=True, text=True, cwd=REPO
    )
    data = json.loads(listed.stdout)
    assert listed.returncode == 0 and data["programs"]["python"].startswith("CPython")
    assert any(p["name"] == "lxml" and p["floor"] == "6.1.0" for p in data["packages"])
    table = invoke("version", "--all").output
    assert "lxml" in table and "6.1.0" in table and "python:" in table
    assert invoke("version").output.strip() == found["itadocs"].version


def test_serve_takes_its_settings_from_a_file(tmp_path, monkeypatch):
    import uvicorn

    shutil.copytree(REPO / "inputs", tmp_path / "srv" / "ita2568" / "inputs")
    settings = tmp_path / "itadocs.toml"
    settings.write_text(
        f'workspace = "{(tmp_path / "srv").as_posix()}"\npublic_url = "https://ita.example.go.th"\n'
        'trusted_proxies = ["127.0.0.1"]\n',
        encoding="utf-8",
    )
    seen: list = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: seen.append(self.config.app))
    done = invoke("serve", "--config", settings, "--no-browser")
    assert done.exit_code == 0 and "https://ita.example.go.th/" in done.output
    state = seen[0].state
    assert state.settings.network and state.settings.public_url == "https://ita.example.go.th"
    assert state.settings.workspace == (tmp_path / "srv").resolve()
    unknown = tmp_path / "bad.toml"
    unknown.write_text("prot = 80\n", encoding="utf-8")
    refused = invoke("serve", "--config", unknown, "--no-browser")
    assert refused.exit_code == 1 and "prot" in refused.output


def test_sizes_read_as_a_person_reads_them():
    from itadocs.messages import size_text

    assert [size_text(n) for n in (0, 1023, 1024, 3.5 * 1024**2, 2 * 1024**5)] == [
        "0 B",
        "1023 B",
        "1.0 KB",
        "3.5 MB",
        "2048.0 TB",
    ]
