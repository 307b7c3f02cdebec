"""Working days (Monday to Friday) for the report-back deadline. Public holidays are not
counted out: the deadline is a service agreement, not a legal term."""

import datetime

from .constants import STANDAARD_TERMIJN_WERKDAGEN


def na_werkdagen(begin: datetime.date, aantal: int) -> datetime.date:
    """The date `aantal` working days after `begin` (a hand-over on Friday with 1 day: Monday)."""
    datum = begin
    while aantal > 0:
        datum += datetime.timedelta(days=1)
        if datum.weekday() < 5:
            aantal -= 1
    return datum


def werkdagen_tussen(begin: datetime.date, einde: datetime.date) -> int:
    """Working days after `begin` up to and including `einde` (0 when einde <= begin)."""
    if einde <= begin:
        return 0
    weken, rest = divmod((einde - begin).days, 7)
    dagen = weken * 5
    for i in range(1, rest + 1):
        if (begin + datetime.timedelta(days=weken * 7 + i)).weekday() < 5:
            dagen += 1
    return dagen


def termijn_van(loket) -> int:
    return loket.overdracht_termijn_werkdagen or STANDAARD_TERMIJN_WERKDAGEN
