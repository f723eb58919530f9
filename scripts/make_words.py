"""Regenerates itadocs/data/indicator-words.json (run: python scripts/make_words.py).

The indicator names of every bundled criteria file, each split into words by pythainlp
(`thai.segment`), so the chart of the measures document breaks a bundled name between words
without importing pythainlp.  Run it after a criteria file's indicator names change;
tests/test_thai.py fails while the file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from itadocs import thai  # noqa: E402
from itadocs.criteria import bundled_files, load_criteria  # noqa: E402


def indicator_names() -> list[str]:
    """Every indicator name of the bundled criteria files, once each, sorted."""
    return sorted({indicator.name for path in bundled_files() for indicator in load_criteria(path=path).indicators})


def words_json() -> str:
    return json.dumps({name: thai.segment(name) for name in indicator_names()}, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    thai.WORDS_FILE.write_text(words_json(), encoding="utf-8")
    print(thai.WORDS_FILE)
