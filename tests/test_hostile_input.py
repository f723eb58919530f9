"""Broken, huge and hostile workbooks: each rejected or read within the limits, with a located problem.

The cases are in `hostile_cases.py`; the full-size ones (what the issue measured: 100,000
rows, a 1.2 GB zip bomb, two million shared texts) are marked slow.  Times and memory are
measured by `bench/hostile.py`, never asserted here.
"""

from __future__ import annotations

import json

import pytest

from itadocs.excel.read import NOT_READ
from itadocs.project import check_inputs, read_inputs

from .conftest import invoke
from .hostile_cases import AT_LIMIT, CASES, VICTIM, Case, project


def _marks(case: Case) -> list:
    return [pytest.mark.slow] if case.big else []


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=_marks(c)) for c in CASES])
def test_hostile_workbook_is_a_located_problem(tmp_path, case):
    case.damage(project(tmp_path))
    _, divisions, problems = read_inputs(tmp_path)
    mine = [(p.code, p.cell) for p in problems if p.file == f"inputs/{VICTIM}" and p.code == case.code]
    assert mine == [(case.code, case.cell)], [(p.code, p.file, p.cell) for p in problems]
    assert [d.file for d in divisions if d.rows] == ["inputs/กองคลัง.xlsx"] + (
        [f"inputs/{VICTIM}"] if case.code == "cell-text-too-long" else []
    )


def test_a_limit_breach_stops_validate_with_a_thai_message(tmp_path):
    CASES[0].damage(project(tmp_path))
    result = invoke("validate", tmp_path, "--json")
    assert result.exit_code == 1
    problem = next(p for p in json.loads(result.output)["problems"] if p["code"] == "sheet-too-many-rows")
    assert (problem["file"], problem["sheet"], problem["cell"], problem["value"]) == (
        f"inputs/{VICTIM}",
        "มาตรการ",
        "XFD1048576",
        "1,048,576",
    )
    assert "เกินขีดจำกัด 5,000 แถว" in problem["message"]
    # The division did send a workbook: it is not also said to be missing.
    assert not [p for p in json.loads(result.output)["problems"] if p["code"] == "division-workbook-missing"]
    assert not (tmp_path / "output" / "กองช่าง (ตรวจสอบ).xlsx").exists()  # a workbook not read is not copied


@pytest.mark.slow
@pytest.mark.parametrize("case", AT_LIMIT, ids=lambda c: c.name)
def test_a_workbook_at_the_limits_is_read_whole(tmp_path, case):
    case.damage(project(tmp_path))
    inputs = read_inputs(tmp_path)
    victim = next(d for d in inputs[1] if d.file == f"inputs/{VICTIM}")
    assert len(victim.rows) == (4_998 if "4,998" in case.name else 1)
    _, report = check_inputs(tmp_path, inputs)
    codes = {p.code for p in report.problems if p.file == f"inputs/{VICTIM}"}
    assert not codes & NOT_READ and (not case.code or case.code in codes)
