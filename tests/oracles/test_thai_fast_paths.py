"""Thai text helpers written for speed give what the plain ways they replaced gave.

Goes when: the helper changes on purpose (then its plain way is no longer the reference), or on
2027-09-30, after a season of builds.  reorder_vowels is held to pythainlp's own for as long as
itadocs keeps a copy of it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itadocs import thai

_THAI_BLOCK = [chr(c) for c in range(0x0E01, 0x0E5C)]
_AWKWARD = [
    *"\u0e40\u0e40\u0e4d\u0e32\u0e45\u0e24\u0e26 \n\r\t\x0b\x0c\u00a0\u200b\u2028\u3000\ufeff\x00\x1f\x85",
    *"_xX0Aa@:/w.",
    "_x000D_",
    "_x0009_",
    "_x000a_",
    "_x_x000D_0009_",
    "\ud800",
    "abc",
    "123",
]
thai_like = st.lists(st.sampled_from(_THAI_BLOCK + _AWKWARD), max_size=40).map("".join)


@settings(max_examples=1000, deadline=None)
@given(thai_like)
def test_reorder_vowels_is_pythainlps(text):
    pythainlp = pytest.importorskip("pythainlp.util")
    assert thai.reorder_vowels(text) == pythainlp.reorder_vowels(text)


def _normalize_text_by_the_loop(value: object) -> str:
    """normalize_text as it was before its pre-check: the repair loop run on every text."""
    text = "" if value is None else str(value)
    while True:
        decoded = thai._EXCEL_ESCAPE.sub(thai._control_character, text)
        decoded = thai._LINE_BREAKS.sub("\n", decoded).translate(thai._INVISIBLE).translate(thai._SPACES)
        decoded = thai._ILLEGAL.sub("", decoded)
        if decoded == text:
            break
        text = decoded
    text = thai.reorder_vowels(text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(thai_like, st.text()))
def test_normalize_text_skips_only_what_the_loop_leaves_alone(text):
    assert thai.normalize_text(text) == _normalize_text_by_the_loop(text)


@given(st.text())
def test_thai_digits_are_translate_by_another_way(text):
    assert thai.to_thai_digits(text) == text.translate(thai._TO_THAI)


def test_words_found_as_substrings_are_the_dictionary_words_in_the_text():
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import Trie

    from itadocs.criteria import load_criteria

    dictionary = thai_words()
    for indicator in load_criteria(2569).indicators:
        text = indicator.name
        plain = Trie([word for word in dictionary if word in text])
        assert thai.words(text) == word_tokenize(text, custom_dict=plain, engine="newmm", keep_whitespace=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_THAI_BLOCK[:46] + [" ", "/", "(", "ตัวชี้วัด", "สวนหอมพัฒนา", "กองคลัง"]), max_size=30))
def test_thai_breaks_words_are_those_of_the_whole_dictionary(pieces):
    """The line-break marks segment by the dictionary words found in the text: the words are
    those of a trie of the whole dictionary with the vocabulary and the names added."""
    from pythainlp.tokenize import word_tokenize

    from itadocs.word.breaks import ThaiBreaks

    text = "".join(pieces)
    marks = ThaiBreaks(["เทศบาลตำบลสวนหอมพัฒนา"])
    whole = _whole_trie(marks.names)
    assert marks.words(text) == word_tokenize(text, custom_dict=whole, engine="newmm", keep_whitespace=True)
    assert marks.words(text, names=False) == word_tokenize(
        text, custom_dict=_whole_trie(frozenset()), engine="newmm", keep_whitespace=True
    )


_TRIES: dict[frozenset[str], object] = {}


def _whole_trie(names: frozenset[str]):
    """The trie linebreaks built before: every word of the dictionary, the vocabulary, the names."""
    if names not in _TRIES:
        from pythainlp.corpus import thai_words
        from pythainlp.util import Trie

        from itadocs.word.breaks import VOCABULARY

        _TRIES[names] = Trie(thai_words() | VOCABULARY | names)
    return _TRIES[names]
