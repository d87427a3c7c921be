"""Identifiers of children and adults, checked as their issuers check them."""

import re

from django.core.exceptions import ValidationError

_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # DfE's 23 check letters (no I, O, S)
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def nhs_number_is_valid(number: str) -> bool:
    """Modulus 11: the first nine digits weighted 10 down to 2; the tenth is the check."""
    if not re.fullmatch(r"\d{10}", number):
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(number[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(number[9])


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def validate_nhs_number(value: str) -> None:
    if not nhs_number_is_valid(normalise_nhs_number(value)):
        raise ValidationError(
            "Enter a real NHS number: 10 digits, like 943 476 5919", code="invalid_nhs_number"
        )


def upn_is_valid(upn: str) -> bool:
    """A Unique Pupil Number: a check letter, then 12 characters (the last may be a letter in
    a temporary UPN). The check letter is the weighted sum of characters 2 to 13 (weights 2
    to 13, letters valued by their place in the check-letter list) modulo 23."""
    upn = upn.upper()
    if not re.fullmatch(rf"[{_UPN_LETTERS}]\d{{11}}[0-9{_UPN_LETTERS}]", upn):
        return False
    total = 0
    for weight, char in enumerate(upn[1:], start=2):
        total += weight * (int(char) if char.isdigit() else _UPN_LETTERS.index(char))
    return _UPN_LETTERS[total % 23] == upn[0]


def validate_upn(value: str) -> None:
    if not upn_is_valid(value.strip()):
        raise ValidationError(
            "Enter a real Unique Pupil Number: a letter and 12 characters, as on school records",
            code="invalid_upn",
        )


def normalise_postcode(value: str) -> str:
    """'wr1 2ab' -> 'WR1 2AB'; raises ValidationError if it is not a UK postcode."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    match = _POSTCODE.match(compact)
    if not match:
        raise ValidationError("Enter a real postcode, like WR1 2AB", code="invalid_postcode")
    return f"{match.group(1)} {match.group(2)}"
