import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from shequ.core import crypto, pii
from shequ.core.testing import make_id_number


def test_valid_id_number_yields_birth_date_and_sex():
    number = make_id_number(dt.date(1990, 2, 28), 7, sex="F")
    info = pii.validate_id_number(number.lower())
    assert info.birth_date == dt.date(1990, 2, 28)
    assert info.sex == "F"


@pytest.mark.parametrize(
    "value, code",
    [
        ("11010119900228002", "id_format"),  # 17 characters
        ("110101199002300021", "id_birth_date"),  # 30 February
        ("11010119900228002A", "id_format"),
    ],
)
def test_malformed_id_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as exc:
        pii.validate_id_number(value)
    assert exc.value.code == code


def test_wrong_check_digit_is_refused():
    good = make_id_number(dt.date(1975, 1, 1), 3)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        pii.validate_id_number(bad)
    assert exc.value.code == "id_checksum"


def test_fullwidth_digits_and_spaces_are_cleaned():
    number = make_id_number(dt.date(1975, 1, 1), 3)
    fullwidth = "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in number)
    assert pii.validate_id_number(" " + fullwidth + " ").number == number


def test_fifteen_digit_number_is_converted():
    info = pii.validate_id_number("110101750101003")
    assert info.number.startswith("11010119750101003") and len(info.number) == 18
    pii.validate_id_number(info.number)  # the converted number carries a valid check digit


@pytest.mark.parametrize(
    "raw, masked", [("+86 138-1234-5678", "138****5678"), ("010-6512 3456", "010****3456")]
)
def test_phones_normalise_and_mask(raw, masked):
    e164 = pii.normalize_phone(raw)
    assert pii.mask_phone(pii.national_phone(e164)) == masked


@pytest.mark.parametrize("raw", ["12345", "99999999999999", "abc"])
def test_bad_phones_are_refused(raw):
    with pytest.raises(ValidationError):
        pii.normalize_phone(raw)


def test_mask_id_keeps_region_and_tail_only():
    assert pii.mask_id_number("11010119900228002X") == "1101**********002X"


def test_encryption_round_trips_and_is_not_plaintext(settings):
    token = crypto.encrypt("11010119900228002X")
    assert "11010119900228002X" not in token
    assert crypto.decrypt(token) == "11010119900228002X"
    assert crypto.encrypt("x") != crypto.encrypt("x")  # fresh nonce each time


def test_blind_index_is_deterministic_and_keyed():
    assert crypto.blind_index("a") == crypto.blind_index("a")
    assert crypto.blind_index("a") != crypto.blind_index("b")


def test_redact_masks_numbers_inside_text():
    number = make_id_number(dt.date(1975, 1, 1), 3)
    text = pii.redact(f"person {number} phone 13812345678")
    assert number not in text and "13812345678" not in text


def test_subtree_range_matches_exactly_the_prefix():
    from shequ.core.scope import _successor

    assert _successor("0001") == "0002"
    assert _successor("000Z") == "001"  # carry: every "000Z…" path sorts below "001"
    assert _successor("ZZZZ") is None
    paths = ["0001", "00010001", "0001000Z", "0001ZZZZ", "0002", "000Z", "0010", "00009999"]
    upper = _successor("0001")
    assert [p for p in paths if "0001" <= p < upper] == [p for p in paths if p.startswith("0001")]
