"""The project's divisions changed as a coordinator changes them during the year: added,
renamed, moved in the list, removed, and brought back.

The list lives in the agency workbook (`agency_workbook.save_agency`, the workbook as it was
kept in history/).  A division's own workbook follows: a new division gets its blank form, a
renamed one keeps its workbook (its name changed inside and in the file's name, the workbook
as it was kept in history/), a removed one's workbook goes to history/, from which
`restore` brings both the workbook and the name in the list back.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from . import history
from .agency_workbook import AgencySaved, read_agency_form, save_agency
from .files import write_atomic
from .history import HistoryEntry
from .messages import ItadocsError, Message
from .model import division_key
from .paths import division_workbook_path, inputs_dir

DIVISION_LISTED = Message('มี "{name}" ในรายชื่อส่วนงานอยู่แล้ว', '"{name}" is on the list of divisions already')
DIVISION_UNKNOWN = Message('ไม่มี "{name}" ในรายชื่อส่วนงาน', '"{name}" is not on the list of divisions')
FILE_TAKEN = Message(
    'มีไฟล์ {file} ของส่วนงานอื่นชื่อ "{name}" อยู่แล้ว จึงเปลี่ยนชื่อเป็นชื่อนี้ไม่ได้ (ลบไฟล์นั้นก่อน หรือใช้ชื่ออื่น)',
    'A workbook {file} of a division called "{name}" exists already, so the name cannot be taken '
    "(delete that workbook first, or choose another name)",
)
LIST_REFUSED = Message("บันทึกรายชื่อส่วนงานไม่ได้: {reason}", "The list of divisions was not saved: {reason}")


@dataclass(frozen=True)
class DivisionChange:
    """What a change of the list did."""

    divisions: tuple[str, ...]  # the list now
    agency: HistoryEntry | None = None  # the agency workbook as it was, in history/
    workbook: Path | None = None  # the division's workbook now (written, or renamed)
    removed: HistoryEntry | None = None  # a removed division's workbook, in history/ (for an undo)
    kept: HistoryEntry | None = None  # a renamed division's workbook as it was, in history/


def _clean(name: str) -> str:
    return " ".join(str(name).split())


def _listed(name: str, names: tuple[str, ...] | list[str]) -> str | None:
    """The name as the list spells it, when the list has that division."""
    return next((listed for listed in names if division_key(listed) == division_key(name)), None)


def _saved_list(root: Path, names: list[str]) -> AgencySaved:
    saved = save_agency(root, divisions=names)
    if saved.blocking:
        first = saved.blocking[0]
        raise ItadocsError(LIST_REFUSED, reason=Message(first.message("th", page=True), first.message("en", page=True)))
    return saved


def _check(root: Path, names: list[str]) -> None:
    from .receive import check_division_names

    check_division_names(root, names)


def _workbook_of(root: Path, name: str) -> Path | None:
    """The division's workbook in inputs/: under its usual name, else the one whose content names it."""
    usual = division_workbook_path(root, name)
    if usual.is_file():
        return usual
    from .project import read_inputs

    _, sheets, _ = read_inputs(root)
    found = next((s for s in sheets if division_key(s.division) == division_key(name)), None)
    return root / found.file if found else None


def add_division(root: Path, name: str) -> DivisionChange:
    """Add a division at the end of the list; it gets a blank form for the project's year,
    unless a workbook of its own is there already (sent before it was listed)."""
    from .excel.forms import write_division_workbook

    name = _clean(name)
    form = read_agency_form(root)
    if _listed(name, form.divisions):
        raise ItadocsError(DIVISION_LISTED, name=name)
    names = [*form.divisions, name]
    _check(root, names)
    saved = _saved_list(root, names)
    workbook = _workbook_of(root, name)
    if workbook is None:
        from .agency_workbook import find_agency_workbook
        from .criteria_files import find_criteria
        from .excel.forms import agency_issues

        workbook = division_workbook_path(root, name)
        criteria = form.criteria or find_criteria(form.fiscal_year, root=root)[0]
        agency = find_agency_workbook(root)
        write_division_workbook(workbook, name, criteria, issues=agency_issues(agency) if agency else [])
    return DivisionChange(tuple(names), saved.kept, workbook)


def rename_division(root: Path, old: str, new: str) -> DivisionChange:
    """Rename a division in the list and in its workbook (the name inside, and the file's name),
    keeping the workbook's measures and the workbook as it was in history/."""
    from .excel.edit import open_workbook, set_division_name

    form = read_agency_form(root)
    old, new = _listed(old, form.divisions) or _clean(old), _clean(new)
    if old not in form.divisions:
        raise ItadocsError(DIVISION_UNKNOWN, name=old)
    if new == old:
        return DivisionChange(form.divisions)
    if _listed(new, form.divisions) and division_key(new) != division_key(old):
        raise ItadocsError(DIVISION_LISTED, name=new)
    names = [new if d == old else d for d in form.divisions]
    _check(root, names)
    workbook = _workbook_of(root, old)
    target = division_workbook_path(root, new)
    if target.exists() and (workbook is None or target.name.casefold() != workbook.name.casefold()):
        raise ItadocsError(FILE_TAKEN, file=target.name, name=new)
    wb = None
    if workbook is not None:
        wb = open_workbook(workbook, workbook.name)
        set_division_name(wb, new, old)
    # The list first: when the agency workbook cannot be saved (open in Excel), nothing changed.
    saved = _saved_list(root, names)
    kept = None
    if workbook is not None and wb is not None:
        kept = history.keep(root, workbook, action=history.RENAMED, division=old, renamed_to=new)
        try:
            write_atomic(target, wb.save)
        except BaseException:
            # All back as it was, the division under its name: a rename half done is no state
            # the coordinator could undo (the old name is no longer on the list).
            with contextlib.suppress(Exception):
                history.forget(kept)
            with contextlib.suppress(Exception):
                _saved_list(root, list(form.divisions))
            raise
        if workbook.name != target.name:
            workbook.unlink(missing_ok=True)
    return DivisionChange(tuple(names), saved.kept, target if workbook is not None else None, kept=kept)


def move_division(root: Path, name: str, offset: int) -> DivisionChange:
    """Move a division up (offset -1) or down (+1) the list: the order of the documents."""
    form = read_agency_form(root)
    name = _listed(name, form.divisions) or _clean(name)
    if name not in form.divisions:
        raise ItadocsError(DIVISION_UNKNOWN, name=name)
    names = list(form.divisions)
    at = names.index(name)
    to = max(0, min(len(names) - 1, at + offset))
    names.insert(to, names.pop(at))
    if names == list(form.divisions):
        return DivisionChange(form.divisions)
    return DivisionChange(tuple(names), _saved_list(root, names).kept)


def remove_division(root: Path, name: str) -> DivisionChange:
    """Take a division off the list; its workbook goes to history/ (`restore` brings both back)."""
    form = read_agency_form(root)
    name = _listed(name, form.divisions) or _clean(name)
    if name not in form.divisions:
        raise ItadocsError(DIVISION_UNKNOWN, name=name)
    names = [d for d in form.divisions if d != name]
    workbook = _workbook_of(root, name)
    saved = _saved_list(root, names)
    removed = history.delete_file(root, workbook, what=history.DIVISION, division=name) if workbook else None
    return DivisionChange(tuple(names), saved.kept, removed=removed)


def delete_workbook(root: Path, file: str, division: str = "") -> HistoryEntry:
    """Take a division's workbook (a wrong upload, say) out of inputs/ into history/; the
    division stays on the list, as not sent.  `file` is the workbook's path in the project."""
    found = (
        next((p for p in inputs_dir(root).iterdir() if p.is_file() and p.relative_to(root).as_posix() == file), None)
        if inputs_dir(root).is_dir()
        else None
    )
    if found is None:
        raise ItadocsError(history.NOTHING_TO_DELETE, what=file)
    from .agency_workbook import find_agency_workbook

    what = history.AGENCY if found == find_agency_workbook(root) else history.WORKBOOK
    return history.delete_file(root, found, what=what, division=division)


def restore(root: Path, entry_id: str) -> history.Restored:
    """Bring back what history/ holds under `entry_id`; a removed division is put back on the
    list (at its end) with its workbook.  A division's workbook kept before the division was
    renamed comes back as the workbook of the division it is now (its name inside follows)."""
    entry = history.find(root, entry_id)
    now = _current_name(root, entry) if entry.what in (history.WORKBOOK, history.DIVISION) else ""
    if now:
        from .excel.edit import open_workbook, set_division_name

        target = division_workbook_path(root, now)
        restored = history.restore(root, entry, target)
        wb = open_workbook(target, target.name)
        if set_division_name(wb, now, entry.division):
            write_atomic(target, wb.save)
        return restored
    restored = history.restore(root, entry)
    if entry.what == history.DIVISION and entry.division:
        form = read_agency_form(root)
        if not _listed(entry.division, form.divisions):
            _saved_list(root, [*form.divisions, entry.division])
    return restored


def _current_name(root: Path, entry: HistoryEntry) -> str:
    """The name a division has now, when it was renamed since `entry` was kept ("" otherwise):
    renames followed from the oldest to the newest."""
    if not entry.division:
        return ""
    renames = [e for e in reversed(history.entries(root)) if e.action == history.RENAMED and e.renamed_to]
    name = entry.division
    for rename in renames:
        if rename.time >= entry.time and division_key(rename.division) == division_key(name):
            name = rename.renamed_to
    return name if division_key(name) != division_key(entry.division) else ""
