"""Reads shared by pages, exports and the monitor. Every query is scoped to one loket and has a
query count that does not grow with the data."""

import datetime
import re
from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, Expression, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat, Lower, Replace

from loket.models import Loket

from .models import Contactmoment, Intake, Klant


def klanten_van(loket: Loket) -> QuerySet[Klant]:
    return Klant.objects.voor_loket(loket)


def klantenlijst(
    loket: Loket,
    *,
    zoekterm: str = "",
    doelgroep: str = "",
    werkcoach_id: int | None = None,
    van: datetime.date | None = None,
    tot: datetime.date | None = None,
    eerst_van_werkcoach_id: int | None = None,
) -> QuerySet[Klant]:
    """The client list: search on name, client number or postcode; filters on doelgroep,
    werkcoach and intake period. Paged with `met_laatste_intake` for the shown rows only: a
    subquery in this queryset would run for every row OFFSET skips (2x slower at page 200)."""
    qs = klanten_van(loket).filter(geanonimiseerd_op__isnull=True).select_related("woongemeente")
    zoekterm = zoekterm.strip()
    if zoekterm:
        compact = zoekterm.replace(" ", "").upper()
        # Every branch can use an index (trigram indexes on zoeknaam and klantnummer where the
        # server has pg_trgm, see migration 0004; the postcode index), so PostgreSQL combines
        # them instead of scanning all the loket's clients. Client numbers are upper case:
        # "endswith" of the upper-cased term also finds the whole number. A name is searched
        # word by word, each part anywhere in the name: "Umut Bakker", "Bakker Umut", "bak um"
        # and "Bakker, U." all find Umut Bakker (each word is one more trigram index condition).
        qs = qs.filter(
            naam_bevat_woorden(zoekterm)
            | Q(klantnummer__endswith=zoekterm.upper())
            | Q(postcode=f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else compact)
        )
    if doelgroep:
        qs = qs.filter(doelgroep=doelgroep)
    intakes = Intake.objects.filter(klant=OuterRef("pk"))
    volgorde = ["achternaam", "voornaam", "pk"]
    if eerst_van_werkcoach_id:
        # "Mijn klanten" first: the clients with an intake by this werkcoach lead the list.
        qs = qs.annotate(mijn=Exists(intakes.filter(werkcoach_id=eerst_van_werkcoach_id)))
        volgorde.insert(0, "-mijn")
    if werkcoach_id:
        qs = qs.filter(Exists(intakes.filter(werkcoach_id=werkcoach_id)))
    if van:
        intakes = intakes.filter(datum__gte=van)
    if tot:
        intakes = intakes.filter(datum__lte=tot)
    if van or tot:
        qs = qs.filter(Exists(intakes))
    return qs.order_by(*volgorde)


def naam_bevat_woorden(zoekterm: str) -> Q:
    """Every word of the term (punctuation dropped) somewhere in the client's search name."""
    woorden = [w for w in re.split(r"[\s,.;]+", zoekterm.lower()) if w]
    criteria = Q()
    for woord in woorden:
        criteria &= Q(zoeknaam__contains=woord)
    return criteria if woorden else Q(pk__in=[])


def met_laatste_intake(klanten) -> list[Klant]:
    """The page's clients with the date and werkcoach of their latest intake, in one query."""
    klanten = list(klanten)
    laatste = (
        Intake.objects.voor_loketten({k.loket_id for k in klanten})
        .filter(klant__in=klanten)
        .order_by("klant_id", "-datum", "-pk")
        .distinct("klant_id")
        .annotate(naam=Concat("werkcoach__first_name", Value(" "), "werkcoach__last_name"))
        .values_list("klant_id", "datum", "naam")
    )
    per_klant = {klant_id: (datum, naam) for klant_id, datum, naam in laatste}
    for klant in klanten:
        klant.laatste_intake, klant.werkcoach_naam = per_klant.get(klant.pk, (None, ""))
    return klanten


def compacte_waarde(expression: Expression | F) -> Replace:
    """A name in SQL without case and spaces (the duplicate rule, see mogelijke_dubbelen)."""
    return Replace(Lower(expression), Value(" "), Value(""))


def compacte_tekst(text: str) -> str:
    """The same as compacte_waarde, in Python."""
    return text.replace(" ", "").lower()


def mogelijke_dubbelen(
    loket: Loket,
    *,
    voornaam: str,
    tussenvoegsel: str,
    achternaam: str,
    geboortedatum: datetime.date | None,
    email: str,
) -> QuerySet[Klant]:
    """Existing clients of this loket that are probably the same person: the same name and date of
    birth (ignoring case and spaces, tussenvoegsel folded into the surname) or the same e-mail."""
    criteria = Q(pk__in=[])
    if geboortedatum:
        criteria |= Q(
            geboortedatum=geboortedatum,
            compacte_voornaam=compacte_tekst(voornaam),
            compacte_achternaam=compacte_tekst(tussenvoegsel + achternaam),
        )
    if email:
        criteria |= Q(email=email.strip().lower())
    return (
        klanten_van(loket)
        .filter(geanonimiseerd_op__isnull=True)
        .annotate(
            compacte_voornaam=compacte_waarde(F("voornaam")),
            compacte_achternaam=compacte_waarde(Concat("tussenvoegsel", "achternaam")),
        )
        .filter(criteria)
        .select_related("woongemeente")
        .order_by("achternaam", "pk")[:10]
    )


def dubbelen_voor(loket: Loket, gegevens: Mapping[str, Any]) -> list[Klant]:
    """mogelijke_dubbelen for what an intake form holds (its cleaned data, or the part of it that
    could be read): one place for the intake, the sign-up's intake and the check while typing."""
    return list(
        mogelijke_dubbelen(
            loket,
            voornaam=(gegevens.get("voornaam") or "").strip(),
            tussenvoegsel=(gegevens.get("tussenvoegsel") or "").strip().lower(),
            achternaam=(gegevens.get("achternaam") or "").strip(),
            geboortedatum=gegevens.get("geboortedatum"),
            email=(gegevens.get("email") or "").strip().lower(),
        )
    )


def geldige_contacten(contacten: QuerySet[Contactmoment]) -> QuerySet[Contactmoment]:
    """The contacts that count: not replaced by a correction, not a withdrawal."""
    return contacten.filter(ingetrokken=False, correctie__isnull=True)
