"""Many agencies in one run: parallel builds, a summary, and one bad agency not stopping the others."""

from __future__ import annotations

import json
import shutil

from .conftest import REPO, invoke


def test_folder_of_projects_built_in_parallel_with_json_summary(tmp_path):
    for name in ("อบต-ก", "อบต-ข"):
        shutil.copytree(REPO / "inputs", tmp_path / name / "inputs")
    (tmp_path / "อบต-ค" / "inputs").mkdir(parents=True)
    (tmp_path / "อบต-ค" / "inputs" / "เสีย.xlsx").write_bytes(b"broken")
    (tmp_path / "ไม่ใช่โครงการ").mkdir()  # no inputs/: not a project, skipped

    result = invoke("build", tmp_path, "--jobs", "2", "--json")
    assert result.exit_code == 1  # one agency failed
    summary = json.loads(result.output)
    assert summary["ok"] is False
    projects = {p["project"].split("/")[-1]: p for p in summary["projects"]}
    assert sorted(projects) == ["อบต-ก", "อบต-ข", "อบต-ค"]
    for name in ("อบต-ก", "อบต-ข"):
        assert projects[name]["ok"] and len(projects[name]["documents"]) == 2
        assert projects[name]["agency"] == "เทศบาลตำบลสวนหอมพัฒนา"
    assert not projects["อบต-ค"]["ok"] and "file-unreadable" in projects["อบต-ค"]["failure"]
    assert len(list((tmp_path / "อบต-ก" / "output").glob("*.docx"))) == 2


def test_several_folders_and_a_table(tmp_path):
    for name in ("a", "b"):
        shutil.copytree(REPO / "inputs", tmp_path / name / "inputs")
    result = invoke("build", tmp_path / "a", tmp_path / "b", "--jobs", "1", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Build summary" in result.output and "2 of 2 agencies built" in result.output
