"""Shared fixtures: the bundled example built once, and projects made from literals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from itadocs.cli.app import app
from itadocs.excel.sample import EXAMPLE_FILE, write_project

# The property tests compare results, never time: no per-example deadline, which a loaded
# 2-core machine (CI beside other work) would turn into failures that say nothing.
settings.register_profile("itadocs", deadline=None)
settings.load_profile("itadocs")

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_DATA = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))

AGENCY = {
    "name": "เทศบาลตำบลทดสอบ",
    "district": "เมืองทดสอบ",
    "province": "ขอนแก่น",
    "fiscal_year": 2568,
    "round": 6,
    "reporter_name": "นางสาวทดสอบ ระบบดี",
    "reporter_position": "นักวิเคราะห์นโยบายและแผน",
    "approver_name": "นายทดสอบ ใจดี",
    "approver_position": "นายกเทศมนตรีตำบลทดสอบ",
}


def measure(**values) -> dict:
    """A complete, valid measure row; keyword arguments override fields."""
    row = {
        "tool": "EIT",
        "indicator": "7",
        "questions": "e11",
        "issue": "ประเด็นทดสอบ",
        "measure": "มาตรการทดสอบ",
        "responsible": "กองคลัง",
        "steps": "1. ขั้นแรก\n2. ขั้นที่สอง",
        "monitoring": "รายงานผู้บริหารทุกเดือน",
        "period": "ต.ค. 2567 - ก.ย. 2568",
        "progress": "ดำเนินการเมื่อ 22 มกราคม 2568",
    }
    row.update(values)
    return row


def invoke(*args: object):
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result


@pytest.fixture
def make_project(tmp_path):
    """make_project({division: [rows]}, agency=...) -> project folder with inputs/ filled."""

    def make(
        measures: dict, agency: dict | None = None, divisions: list[str] | None = None, assessment: dict | None = None
    ) -> Path:
        root = tmp_path / "project"
        write_project(root / "inputs", {**AGENCY, **(agency or {})}, measures, divisions, assessment)
        return root

    return make


@pytest.fixture(scope="session")
def example_build(tmp_path_factory):
    """The bundled example copied and built once: (project folder, result, document)."""
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "inputs", root / "inputs")
    result = invoke("build", root)
    docs = sorted((root / "output").glob("*.docx"))
    return root, result, docs
