"""The page's texts: one definition each, and each one used (web/texts.py gathers texts_year.py
and access_texts.py into one namespace for the templates, so a second definition would silently
replace the first)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "itadocs" / "web"
MODULES = ("texts.py", "texts_year.py", "access_texts.py")


def _defined() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for module in MODULES:
        for node in ast.parse((WEB / module).read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and name.id.isupper() and len(name.id) > 1:
                        found.setdefault(name.id, []).append(module)
    return found


def test_no_text_is_defined_twice():
    assert {name: where for name, where in _defined().items() if len(where) > 1} == {}


def test_every_text_is_used():
    sources = [*WEB.parent.rglob("*.py"), *WEB.rglob("*.html"), *WEB.rglob("*.js")]
    corpus = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    unused = [name for name, where in _defined().items() if len(re.findall(rf"\b{name}\b", corpus)) <= len(where)]
    assert unused == []
