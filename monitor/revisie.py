"""What changed between two versions of a quarter's report, and why.

Each version stores the figures it showed (`Kwartaalrapport.cijfers`, the same dict the checksum is
made of). A later version compares its figures with the previous version's, figure by figure, and
explains each difference from the facts recorded between the two peilmomenten: bookings booked
later, reversals, trajectory events recorded later (back-dated) or corrected, intakes, contacts and
measurements entered late. The comparison is of the figures as shown (suppressed cells stay
suppressed), so the revision table reveals nothing the two reports do not already show.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from clients.models import Contactmoment, Intake, Werkgeverscontact
from financiering.models import Boeking
from loket.models import Loket
from loket.perioden import Periode
from trajecten.models import TrajectGebeurtenis
from trajecten.selectors import begin_van_dag

from .indicatoren import DIMENSIE_NAMEN, REGISTER
from .models import PrestatieStatus, Tevredenheidsmeting

# Where a figure comes from: which recorded facts can change it.
BRON_VAN_INDICATOR = {
    "nieuwe_klanten": "intakes",
    "contactmomenten": "contacten",
    "warme_overdrachten": "contacten",
    "werkgeverscontacten": "werkgevers",
    "leerbanen": "werkgevers",
    "tevredenheid_klanten": "tevredenheid",
    "tevredenheid_werkgevers": "tevredenheid",
    "cofinanciering_pct": "boekingen",
    "budget_besteed_pct": "boekingen",
}
GEEN_NIEUWE_FEITEN = (
    "Gewijzigde gegevens (geen nieuwe feiten vastgelegd tussen de twee peilmomenten)"
)


def _bron(code: str) -> str:
    indicator = REGISTER.get(code)
    if indicator is not None and indicator.records == "trajecten":
        return "trajecten"
    return BRON_VAN_INDICATOR.get(code, "overig")


def _naam(code: str) -> str:
    indicator = REGISTER.get(code)
    return indicator.naam if indicator else code


def _datum(iso: str) -> str:
    try:
        return datetime.date.fromisoformat(iso).strftime("%d-%m-%Y")
    except (TypeError, ValueError):
        return str(iso)


def plat(cijfers: dict) -> dict[str, tuple[str, str, str]]:
    """The figures of a report as key -> (label, value as shown, source), in report order."""
    uit: dict[str, tuple[str, str, str]] = {}
    for code, waarde in (cijfers.get("indicatoren") or {}).items():
        uit[f"indicator|{code}"] = (_naam(code), str(waarde), _bron(code))
    for code, dimensies in (cijfers.get("uitsplitsingen") or {}).items():
        for dimensie, rijen in dimensies.items():
            for label, waarde in rijen:
                uit[f"uitsplitsing|{code}|{dimensie}|{label}"] = (
                    f"{_naam(code)} · {DIMENSIE_NAMEN.get(dimensie, dimensie)}: {label}",
                    str(waarde),
                    _bron(code),
                )
    for doel in cijfers.get("doelen") or []:
        code, eind = doel.get("indicator", ""), doel.get("einddatum", "")
        for veld, naam in (("stand", "stand"), ("prognose", "prognose"), ("kleur", "stoplicht")):
            uit[f"doel|{code}|{eind}|{veld}"] = (
                f"Doel {_naam(code)} ({_datum(eind)}): {naam}",
                str(doel.get(veld, "")),
                _bron(code),
            )
    for naam, begroot, uitgegeven in cijfers.get("kosten") or []:
        uit[f"kosten|{naam}|begroot"] = (f"Kosten {naam}: begroot", begroot, "boekingen")
        uit[f"kosten|{naam}|uitgegeven"] = (f"Kosten {naam}: uitgegeven", uitgegeven, "boekingen")
    for naam, begroot, gerealiseerd in cijfers.get("financiering") or []:
        uit[f"financiering|{naam}|begroot"] = (
            f"Financiering {naam}: begroot/toegezegd",
            begroot,
            "boekingen",
        )
        uit[f"financiering|{naam}|gerealiseerd"] = (
            f"Financiering {naam}: gerealiseerd",
            gerealiseerd,
            "boekingen",
        )
    for veld, waarde in (cijfers.get("normtoets") or {}).items():
        uit[f"normtoets|{veld}"] = (f"Cofinancieringsnorm: {veld}", str(waarde), "boekingen")
    for rij in cijfers.get("partners") or []:
        naam, *waarden = rij
        for veld, waarde in zip(("toegezegd", "gerealiseerd", "uren"), waarden, strict=False):
            uit[f"partner|{naam}|{veld}"] = (f"Partner {naam}: {veld}", str(waarde), "boekingen")
    for omschrijving, kleur in cijfers.get("jaarplan") or []:
        uit[f"jaarplan|{omschrijving}"] = (
            f"Jaarplan: {omschrijving}",
            kleur or "nog niet beoordeeld",
            "jaarplan",
        )
    return uit


@dataclass
class Wijziging:
    onderdeel: str
    was: str
    wordt: str
    reden: str

    def als_lijst(self) -> list[str]:
        return [self.onderdeel, self.was, self.wordt, self.reden]


@dataclass
class Revisie:
    """The difference between this version and the previous one."""

    vorige_versie: int
    vorig_peilmoment: datetime.datetime | None
    vergelijkbaar: bool  # False: the previous version stored no figures
    wijzigingen: list[Wijziging] = field(default_factory=list)
    eerder_peilmoment: bool = False  # this version looks at an earlier moment than the previous


def _n(aantal: int, enkel: str, meer: str) -> str:
    return f"{aantal} {enkel if aantal == 1 else meer}"


def redenen(
    loket: Loket,
    periode: Periode,
    van: datetime.datetime,
    tot: datetime.datetime,
) -> dict[str, list[str]]:
    """Per source, the kinds of facts about the period (dated up to its end) recorded in
    (van, tot]: bookings counted, facts about clients by kind only. One query per source."""
    eind_dag = periode.tot
    eind_moment = begin_van_dag(eind_dag + datetime.timedelta(days=1))
    venster = {"geboekt_op__gt": van, "geboekt_op__lte": tot}
    uit: dict[str, list[str]] = {}

    boekingen = Boeking.objects.voor_loket(loket, jaar=periode.jaar, **venster).aggregate(
        later=Count("id", filter=Q(tegenboeking_van__isnull=True)),
        tegen=Count("id", filter=Q(tegenboeking_van__isnull=False)),
        terug=Count("id", filter=Q(tegenboeking_van__isnull=True, datum__lte=van.date())),
    )
    tekst = []
    if boekingen["later"]:
        tekst.append(
            _n(boekingen["later"], "boeking later geboekt", "boekingen later geboekt")
            + (f", waarvan {boekingen['terug']} teruggedateerd" if boekingen["terug"] else "")
        )
    if boekingen["tegen"]:
        tekst.append(
            _n(boekingen["tegen"], "tegenboeking (correctie)", "tegenboekingen (correcties)")
        )
    uit["boekingen"] = tekst

    # Facts about clients are named by kind only, never counted: a count of late facts next to
    # two versions' figures could reveal a suppressed cell (6 now, 2 entered late: it was 4).
    gebeurtenissen = TrajectGebeurtenis.objects.voor_loket(
        loket, geregistreerd_op__gt=van, geregistreerd_op__lte=tot, datum__lt=eind_moment
    ).aggregate(
        terug=Count("id", filter=Q(corrigeert__isnull=True, datum__lte=van)),
        later=Count("id", filter=Q(corrigeert__isnull=True, datum__gt=van)),
        correcties=Count("id", filter=Q(corrigeert__isnull=False)),
    )
    uit["trajecten"] = [
        tekst
        for sleutel, tekst in (
            ("terug", "trajectgebeurtenissen teruggedateerd"),
            ("later", "trajectgebeurtenissen later vastgelegd"),
            ("correcties", "trajectgebeurtenissen gecorrigeerd"),
        )
        if gebeurtenissen[sleutel]
    ]

    for bron, model, veld, omschrijving in (
        ("intakes", Intake, "aangemaakt_op", "intakes later vastgelegd"),
        ("contacten", Contactmoment, "aangemaakt_op", "contactmomenten later vastgelegd"),
        ("werkgevers", Werkgeverscontact, "aangemaakt_op", "werkgeverscontacten later vastgelegd"),
        (
            "tevredenheid",
            Tevredenheidsmeting,
            "vastgelegd_op",
            "tevredenheidsmetingen later vastgelegd",
        ),
    ):
        later = model.objects.voor_loket(
            loket, datum__lte=eind_dag, **{f"{veld}__gt": van, f"{veld}__lte": tot}
        ).exists()
        uit[bron] = [omschrijving] if later else []

    statussen = PrestatieStatus.objects.voor_loket(loket, op__gt=van, op__lte=tot).count()
    uit["jaarplan"] = (
        [_n(statussen, "status later beoordeeld", "statussen later beoordeeld")]
        if statussen
        else []
    )
    return uit


def vergelijk(
    *,
    loket: Loket,
    periode: Periode,
    vorige,  # the previous Kwartaalrapport (finished), or None
    cijfers: dict,
    peilmoment: datetime.datetime,
) -> Revisie | None:
    """The revision of a report with figures `cijfers` at `peilmoment` against `vorige`."""
    if vorige is None:
        return None
    if not vorige.cijfers:
        return Revisie(vorige.versie, vorige.peilmoment, vergelijkbaar=False)
    oud, nieuw = plat(vorige.cijfers), plat(cijfers)
    revisie = Revisie(vorige.versie, vorige.peilmoment, vergelijkbaar=True)
    verschillen: list[tuple[str, tuple[str, str, str] | None, tuple[str, str, str] | None]] = [
        (sleutel, oud.get(sleutel), nieuw.get(sleutel))
        for sleutel in [*nieuw, *(k for k in oud if k not in nieuw)]
        if (oud.get(sleutel) or (None, None))[1] != (nieuw.get(sleutel) or (None, None))[1]
    ]
    if not verschillen:
        return revisie
    van, tot = vorige.peilmoment, peilmoment
    if van is not None and tot < van:
        revisie.eerder_peilmoment = True
        van, tot = tot, van
    uitleg = (
        redenen(loket, periode, van, tot)
        if van is not None
        else {}  # previous moment unknown: no window to explain from
    )
    for sleutel, was, wordt in verschillen:
        rij = wordt or was or oud[sleutel]  # the key is in at least one of the two
        label, _, bron = rij
        reden = "; ".join(uitleg.get(bron) or []) or GEEN_NIEUWE_FEITEN
        revisie.wijzigingen.append(
            Wijziging(label, was[1] if was else "–", wordt[1] if wordt else "–", reden)
        )
    return revisie
