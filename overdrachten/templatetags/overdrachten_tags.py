"""Blocks other pages show: consent and hand-overs on the client page, "Mijn werk" on the start
page, and overdue hand-overs on the projectleider's action list. Each is a fixed number of
queries, whatever the number of rows."""

from django import template
from django.utils import timezone

from loket.access import Recht, mag
from loket.audit import log_verwerking
from loket.models import Verwerking
from trajecten.selectors import stil_filter, trajecten_van

from .. import selectors
from ..constants import Soort, Uitkomst

register = template.Library()


@register.inclusion_tag("overdrachten/_klant_overdrachten.html", takes_context=True)
def klant_overdrachten(context, klant):
    """Consent per partner and the client's hand-overs (the page itself logs the look)."""
    overdrachten = list(selectors.overdrachten_van(klant.loket).filter(klant=klant))
    for o in overdrachten:
        o.te_laat = selectors.is_te_laat(o)
    return {
        "klant": klant,
        "toestemmingen": list(selectors.toestemmingen_van(klant)),
        "overdrachten": overdrachten,
        "request": context.get("request"),
    }


@register.inclusion_tag("overdrachten/_mijn_werk.html", takes_context=True)
def mijn_werk(context):
    request = context["request"]
    user = request.user
    if not mag(user, Recht.KLANTWERK):
        return {"tonen": False}
    vandaag = timezone.localdate()
    overdrachten = list(selectors.mijn_werk(user, vandaag)[:50])
    for o in overdrachten:
        o.te_laat = selectors.is_te_laat(o, vandaag)
    wachtend = [o for o in overdrachten if o.status in (Soort.VERSTUURD, Soort.ONTVANGEN)]
    opvolgen = [o for o in overdrachten if o.status not in (Soort.VERSTUURD, Soort.ONTVANGEN)]
    stil = list(
        trajecten_van(user.loket)
        .filter(stil_filter(), begeleider=user)
        .select_related("klant")
        .order_by("status_sinds")[:20]
    )
    klant_ids = {o.klant_id for o in overdrachten} | {t.klant_id for t in stil}
    if klant_ids:
        log_verwerking(request, Verwerking.Actie.BEKEKEN, "mijn werk (startpagina)", klant_ids)
    return {
        "tonen": True,
        "wachtend": wachtend,
        "opvolgen": opvolgen,
        "stil": stil,
        "aantal_te_laat": sum(1 for o in wachtend if o.te_laat),
    }


@register.inclusion_tag("overdrachten/_actielijst_overdrachten.html", takes_context=True)
def te_late_overdrachten(context):
    """For the projectleider's action list: open hand-overs past their deadline."""
    request = context["request"]
    user = request.user
    if not mag(user, Recht.KLANTWERK):
        return {"tonen": False}
    overdrachten = list(selectors.te_laat(selectors.overdrachten_van(user.loket))[:50])
    if overdrachten:
        log_verwerking(
            request,
            Verwerking.Actie.BEKEKEN,
            "actielijst: overdrachten over de termijn",
            {o.klant_id for o in overdrachten},
        )
    return {"tonen": True, "overdrachten": overdrachten, "vandaag": timezone.localdate()}


@register.filter
def uitkomst_label(waarde: str) -> str:
    return str(Uitkomst(waarde).label) if waarde in Uitkomst.values else ""
