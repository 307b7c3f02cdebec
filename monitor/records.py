"""The records behind a count on the dashboard (drill-down), using the same definitions as the
measurement, so the list always has exactly as many rows as the number that links to it."""

from typing import Any

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce

from clients.leeftijd import Leeftijd, leeftijdsgroep_sql
from clients.models import Contactmoment, Intake
from clients.selectors import geldige_contacten
from loket.perioden import Periode
from trajecten.selectors import DIMENSIES as TRAJECT_DIMENSIES
from trajecten.selectors import trajecten_achter_telling

from .indicatoren import Indicator
from .meting import INTAKE_DIMENSIES, ONBEKEND

CONTACT_DIMENSIES = ("dienst", "partner")


def dimensies_van(soort: str) -> tuple[str, ...]:
    """The breakdowns a drill-down of this kind of records can filter on (others answer 404)."""
    if soort == "intakes":
        return INTAKE_DIMENSIES
    if soort == "contacten":
        return CONTACT_DIMENSIES
    return tuple(TRAJECT_DIMENSIES)


def intakes_achter(loket, periode: Periode, dimensie: str = "", waarde: str | None = None):
    leeftijd = Leeftijd(F("datum"), F("klant__geboortedatum"))
    qs = (
        Intake.objects.voor_loket(loket, datum__range=(periode.van, periode.tot))
        .alias(leeftijd=leeftijd)
        .annotate(
            d_doelgroep=F("klant__doelgroep"),
            d_leeftijdsgroep=leeftijdsgroep_sql("leeftijd", "klant__geboortedatum", ONBEKEND),
            d_gemeente=Coalesce(
                F("klant__woongemeente__naam"), Value(ONBEKEND), output_field=CharField()
            ),
            d_verwijzer=F("verwijzer"),
            d_kanaal=F("kanaal"),
            d_hoofddoel=F("hoofddoel"),
        )
        .select_related("klant", "werkcoach")
    )
    if dimensie in INTAKE_DIMENSIES and waarde is not None:
        qs = qs.filter(**{f"d_{dimensie}": waarde})
    return qs.order_by("-datum", "pk")


def contacten_achter(
    loket, periode: Periode, alleen_warm: bool, dimensie: str = "", waarde: str | None = None
):
    qs = (
        geldige_contacten(Contactmoment.objects.voor_loket(loket))
        .filter(datum__range=(periode.van, periode.tot))
        .select_related("klant", "warme_overdracht_naar", "medewerker")
    )
    if alleen_warm:
        qs = qs.filter(warme_overdracht_naar__isnull=False)
    if dimensie == "dienst" and waarde is not None:
        qs = qs.filter(dienst=waarde)
    if dimensie == "partner" and waarde is not None:
        qs = qs.filter(warme_overdracht_naar__naam=waarde)
    return qs.order_by("-datum", "pk")


def trajecten_achter(
    loket, periode: Periode, indicator: Indicator, dimensie: str = "", waarde: str | None = None
):
    filters = dict(indicator.traject_filter)
    kwargs: dict[str, Any] = {
        "gestart": filters.get("gestart") == "1",
        "stadium": filters.get("stadium", ""),
        "uitkomst": filters.get("uitkomst", ""),
    }
    dimensies: dict[str, Any] = {}
    if "type" in filters:
        dimensies["type"] = filters["type"]
    if dimensie and waarde is not None:
        dimensies[dimensie] = waarde
    return trajecten_achter_telling(
        loket, periode.van, periode.tot, **kwargs, **dimensies
    ).select_related("klant", "aanbieder", "begeleider")
