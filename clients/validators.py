"""Validation and normalisation of Dutch identifiers; every message is Dutch and says what is expected."""

import re

from django.core.exceptions import ValidationError

POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
# PostNL never issues these letter combinations.
VERBODEN_POSTCODE_LETTERS = {"SA", "SD", "SS"}
TELEFOON_TOEGESTAAN_RE = re.compile(r"^\+?[0-9 ()\-]{8,20}$")
KVK_RE = re.compile(r"^[0-9]{8}$")


def normaliseer_postcode(value: str) -> str:
    """'1234ab' -> '1234 AB'; raises ValidationError for anything that is not a Dutch postcode."""
    match = POSTCODE_RE.match(value or "")
    if not match or match.group(2).upper() in VERBODEN_POSTCODE_LETTERS:
        raise ValidationError(
            "Vul een geldige Nederlandse postcode in, bijvoorbeeld 2011 AB.", code="postcode"
        )
    return f"{match.group(1)} {match.group(2).upper()}"


def validate_postcode(value: str) -> None:
    normaliseer_postcode(value)


def normaliseer_telefoon(value: str) -> str:
    """Accepts Dutch numbers (10 digits from 0) and international ones (+ and 8-15 digits)."""
    value = (value or "").strip()
    if not TELEFOON_TOEGESTAAN_RE.match(value):
        raise ValidationError(
            "Vul een geldig telefoonnummer in, bijvoorbeeld 023-5123456 of +31 6 12345678.",
            code="telefoon",
        )
    cijfers = re.sub(r"\D", "", value)
    if value.startswith("+"):
        if cijfers.startswith("31") and len(cijfers) != 11:
            raise ValidationError(
                "Een Nederlands nummer met +31 heeft 9 cijfers na de landcode.", code="telefoon"
            )
        if not 8 <= len(cijfers) <= 15:
            raise ValidationError(
                "Een internationaal nummer heeft 8 tot 15 cijfers.", code="telefoon"
            )
        return "+" + cijfers
    if not (cijfers.startswith("0") and len(cijfers) == 10):
        raise ValidationError(
            "Een Nederlands telefoonnummer heeft 10 cijfers en begint met 0.", code="telefoon"
        )
    return cijfers


def validate_telefoon(value: str) -> None:
    normaliseer_telefoon(value)


def validate_kvk(value: str) -> None:
    if not KVK_RE.match(value or ""):
        raise ValidationError("Een KvK-nummer bestaat uit precies 8 cijfers.", code="kvk")


BSN_KANDIDAAT_RE = re.compile(r"(?<!\d)(\d[\s.]?){8}\d(?!\d)")


def is_elfproef(cijfers: str) -> bool:
    """The BSN check: 9 digits, weighted 9..2 and -1, sum divisible by 11."""
    if len(cijfers) != 9 or cijfers == "000000000":
        return False
    totaal = sum(int(c) * w for c, w in zip(cijfers[:8], range(9, 1, -1), strict=True))
    return (totaal - int(cijfers[8])) % 11 == 0


def validate_geen_bsn(tekst: str) -> None:
    """Free text must not contain a BSN: the loket has no legal basis to process it (art. 46 UAVG)."""
    for match in BSN_KANDIDAAT_RE.finditer(tekst or ""):
        if is_elfproef(re.sub(r"\D", "", match.group(0))):
            raise ValidationError(
                "Dit lijkt een BSN. Noteer geen BSN: het leerwerkloket mag dat niet verwerken.",
                code="bsn",
            )
