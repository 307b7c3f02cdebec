"""Reporting periods: a quarter, a year, year-to-date and a programme period over several years.
Dates are whole days in Europe/Amsterdam; every period is [van, tot] inclusive."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from loket.invoer import als_geheel

KWARTAAL_START_MAAND = {1: 1, 2: 4, 3: 7, 4: 10}


@dataclass(frozen=True)
class Periode:
    soort: str  # kwartaal | jaar | tot_nu | programma
    van: datetime.date
    tot: datetime.date
    label: str

    @property
    def jaar(self) -> int:
        return self.tot.year

    def as_query(self) -> dict[str, str]:
        """The GET parameters that select this period again (for links and exports)."""
        params = {"periode": self.soort, "jaar": str(self.tot.year)}
        if self.soort == "kwartaal":
            params["kwartaal"] = str(kwartaal_van(self.tot))
        if self.soort == "programma":
            params["van_jaar"] = str(self.van.year)
        if self.soort == "vrij":
            params = {"periode": "vrij", "van": self.van.isoformat(), "tot": self.tot.isoformat()}
        return params

    def kwartalen(self) -> list["Periode"]:
        """The quarters inside this period, in order (for the results-per-quarter chart)."""
        uit, datum = [], self.van
        while datum <= self.tot:
            kw = kwartaal(datum.year, kwartaal_van(datum))
            uit.append(Periode("kwartaal", max(kw.van, self.van), min(kw.tot, self.tot), kw.label))
            datum = kw.tot + datetime.timedelta(days=1)
        return uit


def kwartaal_van(datum: datetime.date) -> int:
    return (datum.month - 1) // 3 + 1


def kwartaal(jaar: int, nummer: int) -> Periode:
    start = datetime.date(jaar, KWARTAAL_START_MAAND[nummer], 1)
    volgend = datetime.date(jaar + (nummer == 4), KWARTAAL_START_MAAND[nummer % 4 + 1], 1)
    return Periode("kwartaal", start, volgend - datetime.timedelta(days=1), f"Q{nummer} {jaar}")


def jaar(jaar: int) -> Periode:
    return Periode("jaar", datetime.date(jaar, 1, 1), datetime.date(jaar, 12, 31), str(jaar))


def tot_nu(jaar: int, peildatum: datetime.date | None = None) -> Periode:
    peildatum = peildatum or timezone.localdate()
    eind = min(peildatum, datetime.date(jaar, 12, 31))
    return Periode("tot_nu", datetime.date(jaar, 1, 1), eind, f"{jaar} t/m {eind:%d-%m-%Y}")


def programma(van_jaar: int, tot_jaar: int) -> Periode:
    return Periode(
        "programma",
        datetime.date(van_jaar, 1, 1),
        datetime.date(tot_jaar, 12, 31),
        f"{van_jaar}–{tot_jaar}",
    )


def vorig_kwartaal(peildatum: datetime.date) -> Periode:
    """The quarter before the one the date falls in (what beat reports on)."""
    begin = kwartaal(peildatum.year, kwartaal_van(peildatum)).van
    return kwartaal(
        (begin - datetime.timedelta(days=1)).year, kwartaal_van(begin - datetime.timedelta(days=1))
    )


def vrij(van: datetime.date, tot: datetime.date) -> Periode:
    """Any span of days, such as a target's start date up to today (for the records behind it)."""
    return Periode("vrij", van, tot, f"{van:%d-%m-%Y} t/m {tot:%d-%m-%Y}")


def uit_parameters(params, peildatum: datetime.date | None = None) -> Periode:
    """Read a period from GET parameters; anything malformed falls back to the current quarter."""
    peildatum = peildatum or timezone.localdate()

    def geheel(naam, standaard, laag, hoog):
        return als_geheel(params.get(naam, standaard), standaard, laag, hoog)

    j = geheel("jaar", peildatum.year, 2000, 2100)
    soort = params.get("periode", "kwartaal")
    if soort == "jaar":
        return jaar(j)
    if soort == "tot_nu":
        return tot_nu(j, peildatum)
    if soort == "programma":
        return programma(min(geheel("van_jaar", j - 2, 2000, 2100), j), j)
    if soort == "vrij":
        try:
            van = datetime.date.fromisoformat(params.get("van", ""))
            tot = datetime.date.fromisoformat(params.get("tot", ""))
        except ValueError:
            van = tot = None
        if van and tot and datetime.date(2000, 1, 1) <= van <= tot <= datetime.date(2100, 12, 31):
            return vrij(van, tot)
    return kwartaal(j, geheel("kwartaal", kwartaal_van(peildatum), 1, 4))
