"""A client's age and age band (leeftijdsgroep), defined once: in Python for one client (forms,
the client page) and in SQL for the monitor's counts, which group thousands of rows in the
database. Both use the same bounds, so a client never lands in two bands."""

import datetime

from django.db.models import Case, CharField, Func, IntegerField, Q, Value, When

from .constants import Leeftijdsgroep

# Upper bounds (exclusive) of the bands: under 27, 27 to 44, 45 and older.
JONGEREN_TOT = 27
MIDDEN_TOT = 45


def leeftijd_op(geboortedatum: datetime.date, datum: datetime.date) -> int:
    """Whole years between the birth date and the date."""
    eerder_in_jaar = (datum.month, datum.day) < (geboortedatum.month, geboortedatum.day)
    return datum.year - geboortedatum.year - eerder_in_jaar


def leeftijdsgroep(leeftijd: int | None) -> Leeftijdsgroep | None:
    """The band of an age in years; None when the age is unknown."""
    if leeftijd is None:
        return None
    if leeftijd < JONGEREN_TOT:
        return Leeftijdsgroep.JONGEREN
    return Leeftijdsgroep.MIDDEN if leeftijd < MIDDEN_TOT else Leeftijdsgroep.OUDEREN


class Leeftijd(Func):
    """Whole years between a date and a birth date, in SQL:
    EXTRACT(YEAR FROM AGE(datum, geboortedatum)). Arguments: (datum, geboortedatum)."""

    template = "EXTRACT(YEAR FROM AGE(%(expressions)s))"
    output_field = IntegerField()


def leeftijdsgroep_sql(leeftijd: str, geboortedatum: str, onbekend: str = "") -> Case:
    """The band as a SQL expression; `leeftijd` names an annotation or alias holding a Leeftijd,
    `geboortedatum` the birth-date field (unknown birth date: `onbekend`)."""
    return Case(
        When(Q(**{f"{geboortedatum}__isnull": True}), then=Value(onbekend)),
        When(Q(**{f"{leeftijd}__lt": JONGEREN_TOT}), then=Value(Leeftijdsgroep.JONGEREN.value)),
        When(Q(**{f"{leeftijd}__lt": MIDDEN_TOT}), then=Value(Leeftijdsgroep.MIDDEN.value)),
        default=Value(Leeftijdsgroep.OUDEREN.value),
        output_field=CharField(),
    )
