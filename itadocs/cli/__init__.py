"""The itadocs command line, thin over the library (`itadocs.api`).

app.py       the typer application, its shared options, the language, running a call
commands.py  the commands: parse options, call the library once, print what it returns
host.py      a host's commands: serve, admin, backup, restore
console.py   printing: problems, paths, tables with Thai wrapped between words, UTF-8 output
texts.py     every text the commands print, as a two-language Message
main.py      the console script: run, then end the process at once where that is safe
"""

from __future__ import annotations

from .main import main

__all__ = ["main"]
