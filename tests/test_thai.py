"""Thai helpers: digits, BE dates, fiscal periods, text repair."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itadocs import thai

from .conftest import REPO


def test_thai_digits_keeps_addresses():
    text = "โทร 02-123 4567 ดู https://www.suanhom.example/ita/o12?p=3 หรือ name123@suanhom.example ปี 2568"
    assert thai.thai_digits(text) == (
        "โทร ๐๒-๑๒๓ ๔๕๖๗ ดู https://www.suanhom.example/ita/o12?p=3 หรือ name123@suanhom.example ปี ๒๕๖๘"
    )


def test_thai_digits_of_none_and_numbers():
    assert thai.thai_digits(None) == ""
    assert thai.thai_digits(2568) == "๒๕๖๘"


@given(st.text())
def test_thai_digits_changes_only_digits(text):
    out = thai.thai_digits(text)
    assert len(out) == len(text)
    assert thai.to_arabic_digits(out) == thai.to_arabic_digits(text)


@given(st.text(alphabet=st.characters(blacklist_characters="@:/.wW")))
def test_thai_digits_leaves_no_arabic_digit_outside_addresses(text):
    assert not any(ch.isascii() and ch.isdigit() for ch in thai.thai_digits(text))


def test_thai_number():
    assert thai.thai_number(78.4) == "๗๘.๔๐"
    assert thai.thai_number(100) == "๑๐๐.๐๐"


@pytest.mark.parametrize(
    "fiscal_year, months, expected",
    [
        (2568, 6, "(เดือนตุลาคม ๒๕๖๗ - มีนาคม ๒๕๖๘)"),
        (2568, 12, "(เดือนตุลาคม ๒๕๖๗ - กันยายน ๒๕๖๘)"),
        (2566, 6, "(เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)"),
    ],
)
def test_period_line(fiscal_year, months, expected):
    assert thai.period_line(fiscal_year, months) == expected


@given(st.integers(2450, 2700), st.sampled_from([6, 12]))
def test_round_period_covers_the_round(fiscal_year, months):
    start, end = thai.round_period(fiscal_year, months)
    assert start == date(fiscal_year - 543 - 1, 10, 1)
    assert (end.year - start.year) * 12 + end.month - start.month + 1 == months
    assert thai.round_period(fiscal_year, 12)[1] == date(fiscal_year - 543, 9, 30)


def test_round_period_rejects_other_rounds():
    with pytest.raises(ValueError):
        thai.round_period(2568, 3)


def test_thai_date_forms():
    assert thai.thai_date(date(2023, 1, 22)) == "๒๒ มกราคม ๒๕๖๖"
    assert thai.thai_date(date(2023, 1, 22), long=True) == "วันที่ ๒๒ เดือนมกราคม พ.ศ. ๒๕๖๖"


@pytest.mark.parametrize(
    "typed",
    [
        "22 ม.ค. 66",
        "22 ม.ค. 2566",
        "๒๒ มกราคม ๒๕๖๖",
        "วันที่ 22 เดือนมกราคม พ.ศ. 2566",
        "22/01/2566",
        "22/1/66",
        "๒๒/๐๑/๒๕๖๖",
        "22-01-2023",
        "22 มค 66",
    ],
)
def test_parse_thai_date(typed):
    assert thai.parse_thai_date(typed) == date(2023, 1, 22)


@pytest.mark.parametrize("typed", ["", "ดำเนินการแล้ว", "31/02/2566", "22 ม.ค.", "2566"])
def test_parse_thai_date_rejects(typed):
    assert thai.parse_thai_date(typed) is None


@given(st.dates(date(1950, 1, 1), date(2150, 12, 31)), st.booleans())
def test_parse_thai_date_reads_what_thai_date_writes(day, long):
    assert thai.parse_thai_date(thai.thai_date(day, long=long)) == day


def test_repair_excel_date_moves_be_years_back():
    assert thai.repair_excel_date(datetime(2566, 1, 22)) == date(2023, 1, 22)
    assert thai.repair_excel_date(date(2023, 1, 22)) == date(2023, 1, 22)


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("เเผนงาน", "แผนงาน"),
        ("ดํา เนินการ", "ดำ เนินการ"),
        ("การ\u200bดำเนินการ", "การดำเนินการ"),
        ("a  b\t c", "a b c"),
        ("บรรทัด 1\r\nบรรทัด 2\n\n", "บรรทัด 1\nบรรทัด 2"),
        ("ควบคุม\x01\x0bอักขระ", "ควบคุม\nอักขระ"),
        ("ขั้น_x0001_ตอน_x000D__x000A_ต่อ", "ขั้นตอน\nต่อ"),
        ("  ", ""),
        (None, ""),
    ],
)
def test_normalize_text(raw, clean):
    assert thai.normalize_text(raw) == clean


def _xml_legal(ch: str) -> bool:
    code = ord(ch)
    return ch in "\t\n\r" or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


@given(st.text())
def test_normalize_text_is_idempotent_and_xml_safe(text):
    once = thai.normalize_text(text)
    assert thai.normalize_text(once) == once
    assert all(_xml_legal(ch) for ch in once)
    assert "\n\n" not in once and "  " not in once


@given(st.text())
def test_paragraphs_never_empty(text):
    lines = thai.paragraphs(text)
    assert lines and all("\n" not in line for line in lines)


def test_every_month_and_era_holds_a_mark_keep_together_looks_for_first():
    for name in (*thai.MONTHS, *thai.MONTHS_ABBR, "พ.ศ.", "ค.ศ.", "พ. ศ.", "พ.\u00a0ศ."):
        assert thai.DATE_MARK.search(name), name
        assert thai._MONTH_OR_ERA.search(name)


@given(
    st.lists(st.sampled_from([*"0123456789๐๑๒๓๔๕๖๗๘๙ .\u00a0พศคมยนกธ", *thai.MONTHS_ABBR, *thai.MONTHS])).map("".join)
)
def test_keep_together_looks_further_only_where_a_date_may_be(text):
    if not thai.DATE_MARK.search(text):
        assert not thai._MONTH_OR_ERA.search(text)


def test_the_bundled_indicator_names_are_split_as_pythainlp_splits_them_now():
    """itadocs/data/indicator-words.json is current: run scripts/make_words.py when this fails."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_words", REPO / "scripts" / "make_words.py")
    assert spec is not None and spec.loader is not None
    make_words = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_words)
    assert thai.WORDS_FILE.read_text(encoding="utf-8") == make_words.words_json()


def test_a_bundled_name_is_split_without_pythainlp_and_another_with_it():
    import subprocess
    import sys

    name = next(iter(thai._known_words()))
    program = (
        "import sys; from itadocs import thai\n"
        f"assert thai.words({name!r}) == thai._known_words()[{name!r}]\n"
        "assert 'pythainlp' not in sys.modules\n"
        "assert thai.words('ชื่อที่ผู้ประสานงานพิมพ์เอง') == thai.segment('ชื่อที่ผู้ประสานงานพิมพ์เอง')\n"
        "assert 'pythainlp' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", program], check=True, timeout=120)


def test_segmentation_kept_for_a_rebuild_is_handed_out_as_a_new_list_each_time():
    first = thai.segment("เทศบาลตำบลสวนหอมพัฒนา", frozenset({"สวนหอมพัฒนา"}))
    first.append("changed by a caller")
    again = thai.segment("เทศบาลตำบลสวนหอมพัฒนา", frozenset({"สวนหอมพัฒนา"}))
    assert again == ["เทศบาลตำบล", "สวนหอมพัฒนา"]
    assert "changed by a caller" not in again
