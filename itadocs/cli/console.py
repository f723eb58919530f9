"""What the commands print and how: problems, paths, tables with Thai wrapped between words.

Output never fails on an encoding: a Thai Windows console redirected to a file uses
cp874, which has no '›' and no zero-width space, so the streams replace what they cannot
encode, and what is meant for files and scripts (--json, Markdown) is written as UTF-8.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from ..messages import Message
from ..problems import Problem
from .texts import COLUMNS, ERROR, FOUND, NOT_LISTED, PROBLEMS_TITLE, STATES, STATUS_COLUMNS, STATUS_TITLE, WARNING

if TYPE_CHECKING:
    from rich.measure import Measurement
    from rich.table import Table

    from .app import Lang

# soft_wrap: long lines (Thai paths, messages) are left to the terminal, never cut by rich.
# soft_wrap: long lines (Thai paths, messages) are left to the terminal, never cut by rich.
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def safe_streams() -> None:
    """Never fail on an encoding: a character the console cannot show is printed as '?'."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or unusual stream: leave it
                reconfigure(errors="replace")


def write_utf8(text: str) -> None:
    """Text for files and scripts (JSON, Markdown): UTF-8 whatever the console's encoding."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _arrow(console: Console) -> str:
    """The separator between file, sheet and cell: '›' where the console can show it."""
    try:
        "›".encode(console.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return " > "
    return " › "


# --- Thai in tables -------------------------------------------------------------

_THAI_RUN = r"[\u0e00-\u0e7f]+"


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """Where a line may break: between Thai words (PyThaiNLP segments them; Thai has no spaces),
    at spaces, after '/'.  Punctuation sticks to its word, so no line starts with '"' or ')'."""
    import re

    pieces: list[str] = []
    for part in re.split(f"({_THAI_RUN})", text):
        if not part:
            continue
        if re.fullmatch(_THAI_RUN, part):
            pieces.extend(_thai_words(part))
        else:
            pieces.extend(re.findall(r"\s+|[^\s/]+/?|/", part))
    words: list[str] = []
    glue_next = False  # the previous piece opened a quote or bracket
    for piece in pieces:
        if piece.isspace():
            words.append(piece)
            glue_next = False
            continue
        after_word = bool(words) and not words[-1].isspace()
        punctuation = not any(c.isalnum() for c in piece)
        opening = punctuation and (piece[0] in "(“‘[" or (piece[0] in "\"'" and not after_word))
        if glue_next or (punctuation and after_word and not opening):
            words[-1] += piece  # a closing mark, or the word after an opening one
        else:
            words.append(piece)
        glue_next = opening
    return tuple(words)


def _thai_words(run: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize  # loads a dictionary: only when a table is printed

    return [w for w in word_tokenize(run, engine="newmm") if w]


def wrap_words(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells, broken between words; a word wider than that is cut."""
    from rich.cells import cell_len

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, gap = "", ""
        for word in _words(paragraph):
            if word.isspace():
                gap = " " if line else ""
                continue
            if cell_len(line + gap + word) <= width:
                line, gap = line + gap + word, ""
                continue
            if line:
                lines.append(line)
            line, gap = "", ""
            while cell_len(word) > width:  # one word wider than the column: cut it, never inside a letter
                cut = _cut(word, width)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _cut(word: str, width: int) -> int:
    import unicodedata

    from rich.cells import cell_len

    cut = len(word)
    while cut > 1 and cell_len(word[:cut]) > width:
        cut -= 1
    while cut > 1 and unicodedata.category(word[cut]) == "Mn":
        cut -= 1
    return max(cut, 1)


class Wrapped:
    """A table cell whose text breaks lines between Thai words, never inside one."""

    def __init__(self, text: str, style: str = ""):
        self.text, self.style = text, style

    def __rich_measure__(self, console: Console, options: Any) -> Measurement:
        from rich.cells import cell_len
        from rich.measure import Measurement

        widest = max((cell_len(line) for line in self.text.split("\n")), default=0)
        longest = max((cell_len(w) for w in _words(self.text.replace("\n", " ")) if not w.isspace()), default=0)
        return Measurement(min(longest, widest), widest)

    def __rich_console__(self, console: Console, options: Any):
        from rich.text import Text

        yield Text("\n".join(wrap_words(self.text, max(1, options.max_width))), style=self.style)


def print_problems(problems: list[Problem], lang: Lang, console: Console | None = None) -> None:
    """One block per problem: where (file › sheet › cell, column), the value, then what to do."""
    console = console or err
    arrow = _arrow(console)
    for p in problems:
        is_error = p.is_error
        level = (ERROR if is_error else WARNING)(lang.value)
        color = "red" if is_error else "yellow"
        where = arrow.join(part for part in (p.file, p.sheet, p.cell) if part)
        if p.column:
            where += f" ({p.column})"
        value = f' {FOUND(lang.value)} "{p.value[:80]}"' if p.value else ""
        console.print(f"[{color}]{level}[/{color}] {escape(f'[{p.code}]')} {escape(where)}{escape(value)}")
        console.print(f"    {escape(p.message(lang.value))}")


def problems_table(problems: list[Problem], lang: Lang) -> Table:
    """Severity, where (file, sheet and cell, column), value found, message: Thai wrapped
    between words at any console width."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    table = Table(title=PROBLEMS_TITLE(lang.value), show_lines=True, expand=True)
    levels = [m(lang.value) for m in (COLUMNS[0], ERROR, WARNING)]
    table.add_column(COLUMNS[0](lang.value), width=max(map(cell_len, levels)), no_wrap=True)
    for title, ratio in zip(COLUMNS[1:], (3, 2, 5), strict=True):
        table.add_column(Wrapped(title(lang.value)), ratio=ratio)
    for p in problems:
        is_error = p.is_error
        where = "\n".join(
            part
            for part in (p.file, " ".join(x for x in (p.sheet, p.cell) if x), f"({p.column})" if p.column else "")
            if part
        )
        table.add_row(
            Text((ERROR if is_error else WARNING)(lang.value), "red" if is_error else "yellow"),
            Wrapped(where),
            Wrapped(p.value[:80]),
            Wrapped(f"{p.message(lang.value)} [{p.code}]"),
        )
    return table


def print_paths(message: Message, paths: Iterable[object], lang: Lang, console: Console | None = None) -> None:
    for path in paths:
        (console or out).print(message(lang.value, path=escape(str(path))))


def warn(text: str, console: Console | None = None) -> None:
    (console or err).print(f"[yellow]{escape(text)}[/yellow]")


def print_notices(written: Iterable[Any], lang: Lang) -> None:
    """Files written beside their usual name (kept an edit, or the usual one is open): say which."""
    for w in written:
        if w.notice is not None:
            warn(w.notice(lang.value))


def _status_table(result, lang: Lang) -> Table:
    from rich.table import Table
    from rich.text import Text

    from .. import thai

    table = Table(title=STATUS_TITLE(lang.value, agency=result.agency), show_lines=True, expand=True)
    for number, title in enumerate(STATUS_COLUMNS):
        if number < 2:  # the texts share what the figures leave
            table.add_column(Wrapped(title(lang.value)), ratio=(3, 2)[number])
        else:
            table.add_column(
                Wrapped(title(lang.value)), width=(10, 8, 10, 8)[number - 2], justify="left" if number == 2 else "right"
            )
    for d in result.divisions:
        name = "\n".join(
            [d.division, *([NOT_LISTED(lang.value)] if not d.listed else []), Path(d.file).name if d.file else "-"]
        )
        saved = f"{d.modified:%d/%m}/{thai.be_year(d.modified.year)}\n{d.modified:%H:%M}" if d.modified else "-"
        progress = f"{d.progress_filled}/{d.progress_expected}" if d.progress_expected else "-"
        state = Text.from_markup(STATES[d.state](lang.value))
        table.add_row(
            Wrapped(name),
            Wrapped(state.plain, str(state.style) if state.spans == [] else str(state.spans[0].style)),
            saved,
            str(d.measures),
            f"{d.errors} / {d.warnings}",
            progress,
        )
    return table
