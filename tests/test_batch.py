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

    result = invoke("build", tmp_path, "--all", "--jobs", "2", "--json")
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
    assert invoke("init", tmp_path / "b", "--division", "กองใหม่").exit_code == 0  # a blank workbook: not sent
    result = invoke("build", tmp_path / "a", tmp_path / "b", "--jobs", "1", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Build summary" in result.output and "2 of 2 agencies built" in result.output
    assert "sent" in result.output and "กองใหม่" in result.output  # the note, wrapped in its column


def die_on_second(root, options):
    """A worker that dies like the out-of-memory killer's victim for the project named 'b'."""
    import os

    from itadocs.batch import build_one

    if root.name == "b":
        os._exit(9)
    return build_one(root, options)


def test_a_dying_worker_fails_its_agency_and_the_others_finish(tmp_path):
    from pathlib import Path

    from itadocs import BuildOptions
    from itadocs.batch import BuildSummary, build_many

    for name in ("a", "b", "c"):
        shutil.copytree(REPO / "inputs", tmp_path / name / "inputs")
    done: list[BuildSummary] = []
    results = build_many(
        [tmp_path / n for n in ("a", "b", "c")], 2, BuildOptions(lang="th"), on_done=done.append, worker=die_on_second
    )
    assert [Path(r.project).name for r in results] == ["a", "b", "c"]
    assert [r.ok for r in results] == [True, False, True]
    assert "หยุดทำงานกะทันหัน" in results[1].failure
    assert len(results[0].documents) == 2 and len(results[2].documents) == 2
    assert sorted(Path(r.project).name for r in done) == ["a", "b", "c"]  # each reported once
    assert not (tmp_path / "b" / "output").exists() or not list((tmp_path / "b" / "output").glob("*.docx"))


def test_the_same_project_named_twice_is_built_once(tmp_path):
    shutil.copytree(REPO / "inputs", tmp_path / "a" / "inputs")
    result = invoke("build", tmp_path / "a", tmp_path / "a" / ".." / "a", "--json", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["projects"]) == 1
