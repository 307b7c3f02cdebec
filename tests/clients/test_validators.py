import pytest
from django.core.exceptions import ValidationError

from clients.validators import normaliseer_postcode, normaliseer_telefoon, validate_kvk


@pytest.mark.parametrize(
    ("invoer", "uitkomst"),
    [
        ("2011ab", "2011 AB"),
        (" 2011 AB ", "2011 AB"),
        ("1971Cd", "1971 CD"),
        ("9999 ZZ", "9999 ZZ"),
    ],
)
def test_postcode_is_normalised(invoer, uitkomst):
    assert normaliseer_postcode(invoer) == uitkomst


@pytest.mark.parametrize(
    "invoer",
    ["", "0123 AB", "123 AB", "12345", "2011 A", "2011 SA", "2011 SD", "2011 ss", "ABCD EF"],
)
def test_bad_postcode_is_refused(invoer):
    with pytest.raises(ValidationError):
        normaliseer_postcode(invoer)


@pytest.mark.parametrize(
    ("invoer", "uitkomst"),
    [
        ("023-5123456", "0235123456"),
        ("06 1234 5678", "0612345678"),
        ("+31 6 12345678", "+31612345678"),
        ("+32 2 123 45 67", "+3221234567"),
    ],
)
def test_phone_is_normalised(invoer, uitkomst):
    assert normaliseer_telefoon(invoer) == uitkomst


@pytest.mark.parametrize("invoer", ["12", "abcdefghij", "061234567", "+31 6 1234567", "1234567890"])
def test_bad_phone_is_refused(invoer):
    with pytest.raises(ValidationError):
        normaliseer_telefoon(invoer)


@pytest.mark.parametrize("invoer", ["1234567", "123456789", "1234567a", ""])
def test_kvk_needs_eight_digits(invoer):
    with pytest.raises(ValidationError):
        validate_kvk(invoer)
    validate_kvk("12345678")


@pytest.mark.parametrize("tekst", ["BSN 111222333", "bsn: 123.456.782", "nr 1234 5678 2 genoemd"])
def test_notes_with_a_bsn_are_refused(tekst):
    from clients.validators import validate_geen_bsn

    with pytest.raises(ValidationError, match="BSN"):
        validate_geen_bsn(tekst)


@pytest.mark.parametrize(
    "tekst", ["Belde 0235123456", "Postcode 2011 AB", "123456789", "klant 2026-000123"]
)
def test_notes_without_a_bsn_pass(tekst):
    from clients.validators import validate_geen_bsn

    validate_geen_bsn(tekst)
