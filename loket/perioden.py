"""Periods and quarters, the one place for them: a quarter, a year, year-to-date, a programme period
over several years and any span of days (the monitor's reporting periods), and the quarter
arithmetic the ledger needs (which quarter a date or month falls in, when a quarter ends).
Dates are whole days in Europe/Amsterdam; every period is [van, tot] inclusive."""

import datetime
from collections.abc import Mapping
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
    """The quarter (1-4) the date falls in."""
    return kwartaal_van_maand(datum.month)


def kwartaal_van_maand(maand: int) -> int:
    """The quarter (1-4) month 1-12 falls in."""
    return (maand - 1) // 3 + 1


def einde_kwartaal(jaar: int, nummer: int) -> datetime.date:
    """The last day of quarter `nummer` of `jaar`."""
    return kwartaal(jaar, nummer).tot


def begin_kwartaal(datum: datetime.date) -> datetime.date:
    """The first day of the quarter the date falls in."""
    return kwartaal(datum.year, kwartaal_van(datum)).van


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


def uit_parameters(params: Mapping[str, str], peildatum: datetime.date | None = None) -> Periode:
    """Read a period from GET parameters; anything malformed falls back to the current quarter."""
    peildatum = peildatum or timezone.localdate()

    def geheel(naam: str, standaard: int, laag: int, hoog: int) -> int:
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
        van: datetime.date | None
        tot: datetime.date | None
        try:
            van = datetime.date.fromisoformat(params.get("van", ""))
            tot = datetime.date.fromisoformat(params.get("tot", ""))
        except ValueError:
            van = tot = None
        if van and tot and datetime.date(2000, 1, 1) <= van <= tot <= datetime.date(2100, 12, 31):
            return vrij(van, tot)
    return kwartaal(j, geheel("kwartaal", kwartaal_van(peildatum), 1, 4))


STUURGROEP_SOORTEN = ("kwartaal", "jaar", "programma")
SOORTEN = ("kwartaal", "jaar", "tot_nu", "programma", "vrij")


def onleesbaar(params: Mapping[str, str]) -> str | None:
    """A Dutch notice naming the period parameters that were given but could not be read:
    uit_parameters then falls back to a default, and the page must say so (never a silent guess
    at what was meant). None when everything given was read."""
    namen = []
    soort = params.get("periode")
    if soort is not None and soort not in SOORTEN:
        namen.append("periode")
    for naam, laag, hoog in (("jaar", 2000, 2100), ("van_jaar", 2000, 2100), ("kwartaal", 1, 4)):
        if naam in params and als_geheel(params[naam], -1, laag, hoog) == -1:
            namen.append(naam.replace("_", " "))
    if soort == "vrij" and uit_parameters(params).soort != "vrij":
        namen.append("van en tot")
    if not namen:
        return None
    return (
        f"De gevraagde periode kon niet worden gelezen ({', '.join(namen)}); "
        "hieronder staat de periode die is getoond."
    )


def voor_stuurgroep(
    periode: Periode, peildatum: datetime.date | None = None
) -> tuple[Periode, str]:
    """The period a stuurgroep member may see for the one asked: whole quarters that have ended
    (a year or programme runs up to the last closed quarter). A free span or 'year to date'
    would let two nearly equal periods be subtracted down to a single day, and a running quarter
    changes every day, so neither is offered. Returns (period, Dutch notice or "")."""
    peildatum = peildatum or timezone.localdate()
    laatste = vorig_kwartaal(peildatum)
    melding = (
        "De stuurgroep ziet alleen hele, afgesloten kwartalen en jaren (tot en met het laatste "
        "afgesloten kwartaal); getoond wordt {label}."
    )
    if periode.soort == "kwartaal" and periode.tot <= laatste.tot:
        return periode, ""
    if periode.soort in ("jaar", "programma", "tot_nu") and periode.van <= laatste.tot:
        soort = "jaar" if periode.soort == "tot_nu" else periode.soort
        tot = min(periode.tot if soort != "jaar" else jaar(periode.jaar).tot, laatste.tot)
        label = periode.label if soort == "programma" else str(periode.jaar)
        if tot != (jaar(tot.year).tot):
            label += f" t/m Q{kwartaal_van(tot)}"
        uit = Periode(soort, periode.van, tot, label)
        if periode.soort == "tot_nu":
            return uit, melding.format(label=uit.label)
        return uit, ""
    return laatste, melding.format(label=laatste.label)
