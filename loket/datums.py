"""One sane range for every date a user can enter (issue 20, finding 3).

A date like 0001-01-01 or 9999-12-31 is valid for Python and PostgreSQL, but every computation
around it breaks (a day added to 9999-12-31 overflows; a straight line from the year 1 to a
target date is meaningless). Every date field of every form gets this range through
`RedelijkeDatums`; services that take a date from elsewhere (imports, bookings) call
`controleer_datum`. A field may be narrower (a birth date, an intake not in the future).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError

VROEGSTE = datetime.date(1900, 1, 1)
LAATSTE = datetime.date(2100, 12, 31)


def controleer_datum(
    datum: datetime.date | None,
    vroegste: datetime.date = VROEGSTE,
    laatste: datetime.date = LAATSTE,
) -> None:
    """Raise a Dutch ValidationError for a date outside [vroegste, laatste]; None passes."""
    if datum is not None and not (vroegste <= datum <= laatste):
        raise ValidationError(
            f"Vul een datum tussen {vroegste:%d-%m-%Y} en {laatste:%d-%m-%Y} in.",
            code="datum_buiten_bereik",
        )


def redelijke_datum(datum: datetime.date | None) -> None:
    """The validator form fields carry (see RedelijkeDatums)."""
    controleer_datum(datum)


class RedelijkeDatums:
    """Form mixin: every DateField of the form refuses dates outside 1900..2100 with a Dutch
    error, and the browser's date picker gets the same min and max. A form lists in
    `eigen_datumcontrole` the fields whose own, narrower check already keeps them inside the
    range with a more precise message (a birth date after 1900 and not in the future)."""

    eigen_datumcontrole: frozenset[str] = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for naam, veld in self.fields.items():
            if naam in self.eigen_datumcontrole:
                continue
            if isinstance(veld, forms.DateField) and redelijke_datum not in veld.validators:
                veld.validators.append(redelijke_datum)
                veld.widget.attrs.setdefault("min", VROEGSTE.isoformat())
                veld.widget.attrs.setdefault("max", LAATSTE.isoformat())
