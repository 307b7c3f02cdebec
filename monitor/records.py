"""The records behind a count on the dashboard (drill-down), using the same definitions as the
measurement, so the list always has exactly as many rows as the number that links to it."""

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce

from clients.models import Contactmoment, Intake
from clients.selectors import geldige_contacten
from trajecten.selectors import _Leeftijd, trajecten_achter_telling

from .indicatoren import Indicator
from .meting import INTAKE_DIMENSIES, ONBEKEND, leeftijdsgroep
from .perioden import Periode


def intakes_achter(loket, periode: Periode, dimensie: str = "", waarde: str | None = None):
    leeftijd = _Leeftijd(F("datum"), F("klant__geboortedatum"))
    qs = (
        Intake.objects.filter(loket=loket, datum__range=(periode.van, periode.tot))
        .alias(leeftijd=leeftijd)
        .annotate(
            d_doelgroep=F("klant__doelgroep"),
            d_leeftijdsgroep=leeftijdsgroep(leeftijd, "klant__geboortedatum"),
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
        geldige_contacten(Contactmoment.objects)
        .filter(loket=loket, datum__range=(periode.van, periode.tot))
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
    kwargs = {
        "gestart": filters.get("gestart") == "1",
        "stadium": filters.get("stadium", ""),
        "uitkomst": filters.get("uitkomst", ""),
    }
    dimensies = {}
    if "type" in filters:
        dimensies["type"] = filters["type"]
    if dimensie and waarde is not None:
        dimensies[dimensie] = waarde
    return trajecten_achter_telling(
        loket, periode.van, periode.tot, **kwargs, **dimensies
    ).select_related("klant", "aanbieder", "begeleider")
