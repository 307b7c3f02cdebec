"""Reading one cell of the file: dates, yes/no and choices, with Dutch errors."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import TextChoices

JA = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
NEE = frozenset({"nee", "n", "no", "false", "onwaar", "0", ""})
DATUM_NL_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
DATUM_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def keuzelijst(keuzes: type[TextChoices]) -> dict[str, str]:
    """Accept a choice by its code or its Dutch label, case-insensitive."""
    lijst = {}
    for waarde, label in keuzes.choices:
        lijst[str(label).lower()] = waarde
        lijst[waarde.lower()] = waarde
    return lijst


def lees_datum(tekst: str) -> datetime.date:
    """dd-mm-jjjj (also with / or .) or jjjj-mm-dd."""
    if match := DATUM_NL_RE.match(tekst):
        dag, maand, jaar = match.groups()
    elif match := DATUM_ISO_RE.match(tekst):
        jaar, maand, dag = match.groups()
    else:
        raise ValidationError("Vul een datum in als dd-mm-jjjj of jjjj-mm-dd.")
    try:
        return datetime.date(int(jaar), int(maand), int(dag))
    except ValueError as fout:
        raise ValidationError(f"De datum {tekst} bestaat niet.") from fout


def lees_ja_nee(tekst: str) -> bool:
    tekst = tekst.lower()
    if tekst in JA:
        return True
    if tekst in NEE:
        return False
    raise ValidationError("Vul ja of nee in.")
