"""Where things live in a project folder and what every output file is called.

A project is a folder with `inputs/` (the workbooks the divisions send back) and
`output/` (everything itadocs writes).  All output names are made here, so the CLI,
the batch, the web page and the tests agree on them.
"""

from __future__ import annotations

import re
from pathlib import Path

INPUTS, OUTPUT, TEMPLATES = "inputs", "output", "templates"
ANNOTATED_MARK = " (ตรวจสอบ)"  # added to the name of a workbook's annotated copy


def safe_file_name(text: str) -> str:
    """A file name Windows, macOS and Linux all accept."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text).strip(" .")


def inputs_dir(root: Path) -> Path:
    return root / INPUTS


def output_dir(root: Path) -> Path:
    return root / OUTPUT


def document_path(root: Path, title: str, agency_name: str, suffix: str = ".docx") -> Path:
    """output/<title> - <agency>.docx, e.g. 'รายงานการดำเนินการตามมาตรการ ITA ปี 2568 รอบ 6 เดือน - ...'."""
    return output_dir(root) / safe_file_name(f"{title} - {agency_name}{suffix}")


def merged_workbook_path(root: Path, fiscal_year: int, agency_name: str) -> Path:
    return output_dir(root) / safe_file_name(f"มาตรการรวม ITA ปี {fiscal_year} - {agency_name}.xlsx")


def annotated_copy_path(root: Path, source: Path) -> Path:
    """output/<name> (ตรวจสอบ).xlsx for inputs/<name>.xlsx."""
    return output_dir(root) / safe_file_name(f"{source.stem}{ANNOTATED_MARK}.xlsx")


def division_workbook_path(root: Path, division: str) -> Path:
    return inputs_dir(root) / f"{safe_file_name(division)}.xlsx"


def agency_workbook_path(root: Path) -> Path:
    from .schema import AGENCY_SHEET

    return inputs_dir(root) / f"{safe_file_name(AGENCY_SHEET)}.xlsx"


def division_from_file_name(file: str) -> str:
    """'กองคลัง (แก้ไข) (1).xlsx' -> 'กองคลัง': the name without copy and edit marks."""
    stem = Path(file).stem
    stem = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]", "", stem)
    stem = re.sub(r"[\s_-]*(copy|สำเนา|final|แก้ไข|v\d+)\s*$", "", stem, flags=re.IGNORECASE)
    return stem.strip(" _-") or Path(file).stem

