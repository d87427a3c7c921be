import pytest
from django.core.exceptions import ValidationError

from earlyhelp.people.validators import (
    nhs_number_is_valid,
    normalise_postcode,
    upn_is_valid,
)


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "9999999999"])
def test_real_nhs_numbers_pass_their_check_digit(number):
    assert nhs_number_is_valid(number)


@pytest.mark.parametrize("number", ["9434765918", "943476591", "94347659190", "abcdefghij", ""])
def test_wrong_nhs_numbers_fail(number):
    assert not nhs_number_is_valid(number)


def test_nhs_number_whose_check_would_be_ten_is_never_valid():
    # 123456789: weighted sum 210, 11 - 210 % 11 = 10, so no check digit can be right.
    assert not any(nhs_number_is_valid(f"123456789{digit}") for digit in range(10))


@pytest.mark.parametrize("upn", ["H801200001001", "h801200001001"])
def test_the_dfe_example_upn_passes_its_check_letter(upn):
    assert upn_is_valid(upn)


@pytest.mark.parametrize("upn", ["A801200001001", "H80120000100", "I801200001001", "H80120000100O"])
def test_wrong_upns_fail(upn):
    assert not upn_is_valid(upn)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("wr1 2ab", "WR1 2AB"),
        ("B601AA", "B60 1AA"),
        (" dy10  1xy ", "DY10 1XY"),
        ("EC1A1BB", "EC1A 1BB"),
    ],
)
def test_postcodes_are_stored_in_one_form(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["WR12", "12345", "WRR1 2AB", "W1 2A"])
def test_non_postcodes_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_postcode(typed)
