"""itadocs: Thai ITA measure and progress documents from the divisions' Excel workbooks.

The library API (see `itadocs.api`) is importable from here: `itadocs.build(...)`.
It is loaded on first use, so `import itadocs` and the CLI's start stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

__all__ = [
    "BuildOptions",
    "BuildResult",
    "InitResult",
    "ItadocsError",
    "MergeResult",
    "Message",
    "Problem",
    "Project",
    "Report",
    "__version__",
    "add_division",
    "agency_form",
    "annotated_copy",
    "blank_workbooks",
    "build",
    "check",
    "check_criteria",
    "check_details",
    "criteria_of",
    "criteria_workbook",
    "delete_build",
    "delete_workbook",
    "history_entries",
    "init_project",
    "load",
    "merge",
    "move_division",
    "past_builds",
    "previews",
    "receive_workbook",
    "recognise_workbook",
    "remove_division",
    "rename_division",
    "restore",
    "save_agency",
    "status",
    "watch",
]

if TYPE_CHECKING:
    from .api import (
        BuildOptions,
        BuildResult,
        InitResult,
        MergeResult,
        add_division,
        agency_form,
        annotated_copy,
        blank_workbooks,
        build,
        check,
        check_criteria,
        check_details,
        criteria_of,
        criteria_workbook,
        delete_build,
        delete_workbook,
        history_entries,
        init_project,
        load,
        merge,
        move_division,
        past_builds,
        previews,
        receive_workbook,
        recognise_workbook,
        remove_division,
        rename_division,
        restore,
        save_agency,
        status,
        watch,
    )
    from .messages import ItadocsError, Message
    from .model import Project
    from .problems import Problem
    from .report import Report

_HOMES = {
    **dict.fromkeys(
        (
            "BuildOptions",
            "BuildResult",
            "InitResult",
            "MergeResult",
            "build",
            "check",
            "add_division",
            "agency_form",
            "annotated_copy",
            "blank_workbooks",
            "check_criteria",
            "check_details",
            "criteria_of",
            "criteria_workbook",
            "delete_build",
            "delete_workbook",
            "history_entries",
            "init_project",
            "load",
            "merge",
            "move_division",
            "past_builds",
            "previews",
            "receive_workbook",
            "recognise_workbook",
            "remove_division",
            "rename_division",
            "restore",
            "save_agency",
            "status",
            "watch",
        ),
        "api",
    ),
    "ItadocsError": "messages",
    "Message": "messages",
    "Project": "model",
    "Problem": "problems",
    "Report": "report",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
