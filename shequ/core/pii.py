"""Validation, normalisation and masking of national ID numbers and phones (R-PPL-3)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric

_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})


def _clean(value: str) -> str:
    value = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-]", "", value.translate(_FULLWIDTH)).upper()


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: dt.date
    sex: str  # "M" or "F"


def id_check_char(first17: str) -> str:
    """GB 11643 check character of the first 17 digits. stdnum's calc_check_digit ignores
    the last character it is given (the check position), hence the placeholder."""
    return ric.calc_check_digit(first17 + "0")


def convert_15_to_18(number: str) -> str:
    """A 15-digit legacy number (year in two digits, born 19xx) to its 18-character form."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + id_check_char(first17)


def validate_id_number(value: str) -> IdInfo:
    """Check length, characters, birth date and GB 11643 check digit; return derived facts."""
    number = _clean(value)
    if re.fullmatch(r"\d{15}", number):
        try:
            dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        except ValueError:
            raise ValidationError(
                _("The 15-digit ID number has an impossible birth date."), code="id_birth_date"
            ) from None
        number = convert_15_to_18(number)
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a digit or X."), code="id_format"
        )
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("The ID number holds an impossible birth date."), code="id_birth_date"
        ) from None
    if birth > dt.date.today() or birth.year < 1880:
        raise ValidationError(
            _("The ID number holds an impossible birth date."), code="id_birth_date"
        )
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("The ID number's check digit is wrong."), code="id_checksum")
    sex = "M" if int(number[16]) % 2 else "F"
    return IdInfo(number=number, birth_date=birth, sex=sex)


def normalize_phone(value: str) -> str:
    """Return E.164 (+8613812345678, +861012345678) or raise a field-level error."""
    text = _clean(value)
    if not text:
        raise ValidationError(_("Enter a phone number."), code="phone_empty")
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("This is not a phone number."), code="phone_format") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("This is not a valid mobile or landline number in China."), code="phone_invalid"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def national_phone(e164: str) -> str:
    """+8613812345678 → 13812345678; +861012345678 → 01012345678."""
    parsed = phonenumbers.parse(e164, None)
    digits = str(parsed.national_number)
    if (
        phonenumbers.number_type(parsed)
        in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        and len(digits) == 11
        and digits.startswith("1")
    ):
        return digits
    return "0" + digits


def mask_id_number(number: str) -> str:
    """1101**********123X: region prefix and last four only."""
    if not number:
        return ""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(number: str) -> str:
    """138****5678 for a mobile; 010****5678 for a landline."""
    if not number:
        return ""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_e164(e164: str) -> str:
    """+8613812345678 → 138****5678: the masked national form of a stored phone."""
    return mask_phone(national_phone(e164)) if e164 else ""


def mask_name(name: str) -> str:
    """张** : the surname's first character, then stars."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_text(text: str) -> str:
    """Addresses and free text: first two characters, then stars."""
    if not text:
        return ""
    return text[:2] + "*" * min(len(text) - 2, 8) if len(text) > 2 else "*" * len(text)


ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def redact(text: str) -> str:
    """Mask any ID number or mobile number found inside free text (logs, errors)."""
    text = ID_PATTERN.sub(lambda m: mask_id_number(m.group(0)), text)
    return MOBILE_PATTERN.sub(lambda m: mask_phone(m.group(0)), text)
