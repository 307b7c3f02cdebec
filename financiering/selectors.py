"""Reads shared by the pages, the xlsx export, the monitor and the quarterly report. Every read is
scoped to one loket (jaaroverzichten: several, for the monitor's national view) and runs a fixed
number of queries, however many lines, bookings or loketten there are."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractQuarter
from django.utils import timezone

from loket import perioden
from loket.geld import percentage, rond_af
from loket.models import Loket, Organisatie

from .constants import KWARTALEN, BoekingSoort, Financieringssoort, NormBasis
from .models import (
    Begroting,
    Boeking,
    Financieringsbron,
    Kostenpost,
    Kwartaalafsluiting,
    Kwartaalbevestiging,
    UrenInzet,
)

NUL = Decimal("0.00")


def _som(**filters):
    return Coalesce(
        Sum("bedrag", filter=Q(**filters)),
        Value(NUL),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def _som_uren(**filters):
    return Coalesce(
        Sum("uren", filter=Q(**filters)),
        Value(NUL),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


def boekingen_van(loket: Loket, peilmoment: datetime.datetime | None = None) -> QuerySet[Boeking]:
    """The loket's bookings; with a `peilmoment` only those recorded (geboekt_op) up to it: the
    ledger as it was known then."""
    boekingen = Boeking.objects.voor_loket(loket)
    if peilmoment is not None:
        boekingen = boekingen.filter(geboekt_op__lte=peilmoment)
    return boekingen


def boekingen_van_loketten(
    loketten: Iterable[Loket | int], peilmoment: datetime.datetime | None = None
) -> QuerySet[Boeking]:
    """boekingen_van for several loketten (the monitor's regional and national views)."""
    boekingen = Boeking.objects.voor_loketten(loketten)
    if peilmoment is not None:
        boekingen = boekingen.filter(geboekt_op__lte=peilmoment)
    return boekingen


def begroting_van(loket: Loket, jaar: int) -> Begroting | None:
    return Begroting.objects.voor_loket(loket, jaar=jaar).first()


def jaren_van(loket: Loket) -> list[int]:
    return list(
        Begroting.objects.voor_loket(loket).order_by("-jaar").values_list("jaar", flat=True)
    )


@dataclass
class Kostenregel:
    post: Kostenpost
    begroot: Decimal = NUL
    uitgegeven: Decimal = NUL

    @property
    def restant(self) -> Decimal:
        return self.begroot - self.uitgegeven

    @property
    def besteed_pct(self) -> Decimal | None:
        return percentage(self.uitgegeven, self.begroot)


@dataclass
class DekkingsRegel:
    bron: Financieringsbron
    begroot: Decimal = NUL  # rijksbijdrage/subsidie: begroot; partner: toegezegd
    gerealiseerd: Decimal = NUL
    uren: Decimal = NUL

    @property
    def verschil(self) -> Decimal:
        return self.gerealiseerd - self.begroot

    @property
    def gerealiseerd_pct(self) -> Decimal | None:
        return percentage(self.gerealiseerd, self.begroot)


@dataclass
class Normtoets:
    """Committed and realised co-financing against the norm on one base."""

    basis: str
    basis_label: str
    basisbedrag: Decimal
    norm_percentage: Decimal
    toegezegd: Decimal
    gerealiseerd: Decimal
    geldend: bool

    @property
    def vereist(self) -> Decimal:
        return rond_af(self.basisbedrag * self.norm_percentage / 100)

    @property
    def toegezegd_pct(self) -> Decimal | None:
        return percentage(self.toegezegd, self.basisbedrag)

    @property
    def gerealiseerd_pct(self) -> Decimal | None:
        return percentage(self.gerealiseerd, self.basisbedrag)

    @property
    def van_toepassing(self) -> bool:
        """A norm on a base of EUR 0 (or a 0 % norm) asks nothing: it is "n.v.t.", not met."""
        return self.basisbedrag > 0 and self.norm_percentage > 0

    @property
    def toezegging_voldoet(self) -> bool:
        return self.van_toepassing and self.toegezegd >= self.vereist

    @property
    def realisatie_voldoet(self) -> bool:
        return self.van_toepassing and self.gerealiseerd >= self.vereist

    @property
    def tekort_toezegging(self) -> Decimal:
        return max(NUL, self.vereist - self.toegezegd)

    @property
    def tekort_realisatie(self) -> Decimal:
        return max(NUL, self.vereist - self.gerealiseerd)


@dataclass
class Jaaroverzicht:
    loket: Loket
    jaar: int
    begroting: Begroting | None
    kosten: list[Kostenregel] = field(default_factory=list)
    financiering: list[DekkingsRegel] = field(default_factory=list)
    afgesloten_kwartalen: list[int] = field(default_factory=list)

    @property
    def totaal_kosten_begroot(self) -> Decimal:
        return sum((r.begroot for r in self.kosten), NUL)

    @property
    def totaal_kosten_uitgegeven(self) -> Decimal:
        return sum((r.uitgegeven for r in self.kosten), NUL)

    @property
    def totaal_financiering_begroot(self) -> Decimal:
        return sum((r.begroot for r in self.financiering), NUL)

    @property
    def totaal_financiering_gerealiseerd(self) -> Decimal:
        return sum((r.gerealiseerd for r in self.financiering), NUL)

    @property
    def verschil_begroot(self) -> Decimal:
        """Financing minus costs as budgeted: positive is a surplus (2010: +1.500)."""
        return self.totaal_financiering_begroot - self.totaal_kosten_begroot

    @property
    def verschil_gerealiseerd(self) -> Decimal:
        return self.totaal_financiering_gerealiseerd - self.totaal_kosten_uitgegeven

    @property
    def besteed_pct(self) -> Decimal | None:
        return percentage(self.totaal_kosten_uitgegeven, self.totaal_kosten_begroot)

    @property
    def rijksbijdrage(self) -> Decimal:
        return sum(
            (
                r.begroot
                for r in self.financiering
                if r.bron.soort == Financieringssoort.RIJKSBIJDRAGE
            ),
            NUL,
        )

    @property
    def cofinanciering_toegezegd(self) -> Decimal:
        return sum((r.begroot for r in self.financiering if r.bron.is_cofinanciering), NUL)

    @property
    def cofinanciering_gerealiseerd(self) -> Decimal:
        return sum((r.gerealiseerd for r in self.financiering if r.bron.is_cofinanciering), NUL)

    @property
    def normtoetsen(self) -> list[Normtoets]:
        """The norm on both bases; the one configured for the year is marked `geldend`."""
        if self.begroting is None:
            return []
        bases = {
            NormBasis.RIJKSBIJDRAGE: self.rijksbijdrage,
            NormBasis.BASISFINANCIERING: self.totaal_kosten_begroot,
        }
        return [
            Normtoets(
                basis=basis,
                basis_label=str(NormBasis(basis).label),
                basisbedrag=bedrag,
                norm_percentage=self.begroting.norm_percentage,
                toegezegd=self.cofinanciering_toegezegd,
                gerealiseerd=self.cofinanciering_gerealiseerd,
                geldend=self.begroting.norm_basis == basis,
            )
            for basis, bedrag in bases.items()
        ]

    @property
    def normtoets(self) -> Normtoets | None:
        return next((n for n in self.normtoetsen if n.geldend), None)


def jaaroverzicht(
    loket: Loket, jaar: int, peilmoment: datetime.datetime | None = None
) -> Jaaroverzicht:
    """Budget against realisation per cost line and financing line, with the norm. 5 queries.
    With a `peilmoment`: as known then (bookings and closings recorded up to it; a line booked
    for the first time later is left out)."""
    return jaaroverzichten([loket], jaar, peilmoment)[loket.pk]


def jaaroverzichten(
    loketten: Iterable[Loket], jaar: int, peilmoment: datetime.datetime | None = None
) -> dict[int, Jaaroverzicht]:
    """jaaroverzicht of several loketten (loket id -> Jaaroverzicht) in the same 5 queries, each
    grouped by loket: each loket's own budget, norm and base."""
    loketten = list(loketten)
    pks = [loket.pk for loket in loketten]
    begrotingen = {b.loket_id: b for b in Begroting.objects.voor_loketten(pks).filter(jaar=jaar)}
    overzichten = {
        loket.pk: Jaaroverzicht(loket=loket, jaar=jaar, begroting=begrotingen.get(loket.pk))
        for loket in loketten
    }
    afsluitingen = Kwartaalafsluiting.objects.voor_loketten(pks).filter(jaar=jaar)
    if peilmoment is not None:
        afsluitingen = afsluitingen.filter(afgesloten_op__lte=peilmoment)
    for loket_id, kwartaal in afsluitingen.values_list("loket_id", "kwartaal"):
        overzichten[loket_id].afgesloten_kwartalen.append(kwartaal)
    if not begrotingen:
        return overzichten
    begroting_ids = [b.pk for b in begrotingen.values()]
    kosten: dict[int, dict[int, Kostenregel]] = defaultdict(dict)
    for post in Kostenpost.objects.voor_loketten(pks).filter(begroting_id__in=begroting_ids):
        kosten[post.begroting_id][post.pk] = Kostenregel(post=post)
    financiering: dict[int, dict[int, DekkingsRegel]] = defaultdict(dict)
    for bron in (
        Financieringsbron.objects.voor_loketten(pks)
        .filter(begroting_id__in=begroting_ids)
        .select_related("organisatie")
    ):
        financiering[bron.begroting_id][bron.pk] = DekkingsRegel(bron=bron)
    sommen = (
        boekingen_van_loketten(pks, peilmoment)
        .filter(jaar=jaar)
        .values("loket_id", "kostenpost_id", "financieringsbron_id")
        .annotate(
            begroot=_som(soort__in=[BoekingSoort.BEGROOT, BoekingSoort.TOEZEGGING]),
            uitgegeven=_som(soort=BoekingSoort.UITGAVE),
            gerealiseerd=_som(soort=BoekingSoort.REALISATIE),
            uren=_som_uren(soort=BoekingSoort.REALISATIE),
        )
        .order_by()
    )
    geboekt: dict[int, set] = defaultdict(set)
    for rij in sommen:
        begroting = begrotingen.get(rij["loket_id"])
        if begroting is None:
            continue
        eigen_kosten, eigen_financiering = kosten[begroting.pk], financiering[begroting.pk]
        geboekt[rij["loket_id"]].add((rij["kostenpost_id"], rij["financieringsbron_id"]))
        if rij["kostenpost_id"] in eigen_kosten:
            regel = eigen_kosten[rij["kostenpost_id"]]
            regel.begroot, regel.uitgegeven = rij["begroot"], rij["uitgegeven"]
        elif rij["financieringsbron_id"] in eigen_financiering:
            bronregel = eigen_financiering[rij["financieringsbron_id"]]
            bronregel.begroot, bronregel.gerealiseerd = rij["begroot"], rij["gerealiseerd"]
            bronregel.uren = rij["uren"]
    for loket_id, begroting in begrotingen.items():
        regels, bronregels = kosten[begroting.pk], financiering[begroting.pk]
        if peilmoment is not None:  # every line gets a booking when it is made: none yet, not known
            regels = {pk: r for pk, r in regels.items() if (pk, None) in geboekt[loket_id]}
            bronregels = {pk: r for pk, r in bronregels.items() if (None, pk) in geboekt[loket_id]}
        overzichten[loket_id].kosten = list(regels.values())
        overzichten[loket_id].financiering = list(bronregels.values())
    return overzichten


@dataclass
class Partnerregel:
    organisatie: Organisatie
    toegezegd: Decimal = NUL
    gerealiseerd: Decimal = NUL
    uren: Decimal = NUL
    per_kwartaal: dict[int, Decimal] = field(default_factory=lambda: dict.fromkeys(KWARTALEN, NUL))
    uren_per_kwartaal: dict[int, Decimal] = field(
        default_factory=lambda: dict.fromkeys(KWARTALEN, NUL)
    )
    # Quarter -> the partner's confirmation of its realisation (Kwartaalbevestiging).
    bevestigingen: dict = field(default_factory=dict)

    @property
    def verschil(self) -> Decimal:
        return self.gerealiseerd - self.toegezegd

    @property
    def gerealiseerd_pct(self) -> Decimal | None:
        return percentage(self.gerealiseerd, self.toegezegd)

    @property
    def kwartalen(self) -> list[tuple[int, Decimal, Decimal]]:
        return [(k, self.per_kwartaal[k], self.uren_per_kwartaal[k]) for k in KWARTALEN]

    @property
    def bevestigd(self) -> list[str]:
        """ "Q3: bevestigd door Nova College op 05-10-2026", per confirmed quarter."""
        return [
            f"Q{k}: bevestigd door {self.organisatie.naam} op "
            f"{timezone.localtime(b.bevestigd_op):%d-%m-%Y}"
            for k, b in sorted(self.bevestigingen.items())
        ]


def partnertotalen(
    loket: Loket, jaar: int, peilmoment: datetime.datetime | None = None
) -> list[Partnerregel]:
    """Per partner: committed, realised (amount and hours) and realised per quarter (by the date
    the booking is about: hours count in the quarter they are for). Only partners with
    co-financing bookings in the year; with a `peilmoment`, as known then. 2 queries."""
    rijen = (
        boekingen_van(loket, peilmoment)
        .filter(jaar=jaar, organisatie__isnull=False, financieringsbron__isnull=False)
        .annotate(boekkwartaal=ExtractQuarter("datum"))
        .values("organisatie_id", "boekkwartaal")
        .annotate(
            toegezegd=_som(soort=BoekingSoort.TOEZEGGING),
            gerealiseerd=_som(soort=BoekingSoort.REALISATIE),
            uren=_som_uren(soort=BoekingSoort.REALISATIE),
        )
        .order_by()
    )
    per_partner: dict[int, list[Any]] = defaultdict(list)
    for rij in rijen:
        per_partner[rij["organisatie_id"]].append(rij)
    organisaties = Organisatie.objects.voor_loket(loket, pk__in=per_partner.keys()).order_by("naam")
    bevestigingen = Kwartaalbevestiging.objects.voor_loket(loket, jaar=jaar)
    if peilmoment is not None:
        bevestigingen = bevestigingen.filter(bevestigd_op__lte=peilmoment)
    bevestigd: dict[int, dict] = defaultdict(dict)
    for b in bevestigingen:
        bevestigd[b.organisatie_id][b.kwartaal] = b
    regels = []
    for organisatie in organisaties:
        regel = Partnerregel(organisatie=organisatie, bevestigingen=bevestigd[organisatie.pk])
        for rij in per_partner[organisatie.pk]:
            regel.toegezegd += rij["toegezegd"]
            regel.gerealiseerd += rij["gerealiseerd"]
            regel.uren += rij["uren"]
            regel.per_kwartaal[rij["boekkwartaal"]] += rij["gerealiseerd"]
            regel.uren_per_kwartaal[rij["boekkwartaal"]] += rij["uren"]
        regels.append(regel)
    return regels


def partneroverzicht(loket: Loket, organisatie: Organisatie, jaar: int) -> dict:
    """One partner's statement for a year: totals per quarter, hours and the bookings. 4 queries."""
    regel = next(
        (r for r in partnertotalen(loket, jaar) if r.organisatie.pk == organisatie.pk),
        Partnerregel(organisatie=organisatie),
    )
    uren = list(
        UrenInzet.objects.voor_loket(loket, jaar=jaar, organisatie=organisatie)
        .select_related("tarief", "boeking")
        .order_by("kwartaal", "maand", "pk")
    )
    boekingen = list(
        boekingen_van(loket)
        .filter(jaar=jaar, organisatie=organisatie, financieringsbron__isnull=False)
        .select_related("financieringsbron", "tegenboeking_van")
        .order_by("datum", "pk")
    )
    return {"regel": regel, "uren": uren, "boekingen": boekingen}


def boekingenlijst(
    loket: Loket,
    *,
    jaar: int | None = None,
    soort: str = "",
    organisatie_id: int | None = None,
    kostenpost_id: int | None = None,
    van: datetime.date | None = None,
    tot: datetime.date | None = None,
) -> QuerySet[Boeking]:
    """The ledger list with its filters, newest first; one query per page."""
    qs = boekingen_van(loket).select_related(
        "kostenpost", "financieringsbron", "organisatie", "geboekt_door", "tegenboeking"
    )
    if jaar:
        qs = qs.filter(jaar=jaar)
    if soort:
        qs = qs.filter(soort=soort)
    if organisatie_id:
        qs = qs.filter(organisatie_id=organisatie_id)
    if kostenpost_id:
        qs = qs.filter(kostenpost_id=kostenpost_id)
    if van:
        qs = qs.filter(datum__gte=van)
    if tot:
        qs = qs.filter(datum__lte=tot)
    return qs.order_by("-datum", "-pk")


def saldo(loket: Loket, jaar: int, soort: str, **regel) -> Decimal:
    """The balance of one kind of booking on one line (kostenpost= or financieringsbron=)."""
    return boekingen_van(loket).filter(jaar=jaar, soort=soort, **regel).aggregate(s=_som())["s"]


def grootboek(loket: Loket, jaar: int) -> QuerySet[Boeking]:
    """Every booking of a budget year, oldest first, with what a row of the export shows. 1 query."""
    return (
        boekingen_van(loket)
        .filter(jaar=jaar)
        .select_related(
            "kostenpost", "financieringsbron", "organisatie", "geboekt_door", "tegenboeking"
        )
        .order_by("datum", "pk")
    )


@dataclass
class Kwartaalsamenvatting:
    """What closing a quarter freezes: the bookings dated in it, per kind (for the confirmation)."""

    jaar: int
    kwartaal: int
    van: datetime.date
    tot: datetime.date
    per_soort: list[tuple[str, int, Decimal]]

    @property
    def aantal(self) -> int:
        return sum(n for _, n, _ in self.per_soort)


def kwartaalsamenvatting(loket: Loket, jaar: int, kwartaal: int) -> Kwartaalsamenvatting:
    """Bookings dated in the quarter, counted and summed per kind. One query."""
    periode = perioden.kwartaal(jaar, kwartaal)
    van, tot = periode.van, periode.tot
    rijen = (
        boekingen_van(loket)
        .filter(datum__range=(van, tot))
        .values("soort")
        .annotate(n=Count("id"), som=_som())
        .order_by()
    )
    namen = dict(BoekingSoort.choices)
    per_soort = sorted(
        ((str(namen.get(r["soort"], r["soort"])), r["n"], r["som"]) for r in rijen),
        key=lambda r: r[0],
    )
    return Kwartaalsamenvatting(jaar, kwartaal, van, tot, per_soort)
