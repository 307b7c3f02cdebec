from django import template

from trajecten.constants import TrajectType
from trajecten.models import Traject

register = template.Library()


@register.simple_tag
def trajecten_van_klant(klant) -> list[Traject]:
    """The trajectories of one client, newest first (one query), for the client page."""
    return list(
        Traject.objects.voor_loket(klant.loket_id, klant=klant)
        .select_related("kwalificatie")
        .order_by("-aangemaakt_op", "-pk")
    )


@register.simple_tag(takes_context=True)
def duale_trajecten_bij(context, werkgever) -> list[Traject]:
    """The dual trajectories placed at an employer (its leerbedrijf), newest first, in one query.
    The list names clients, so showing it is logged like any look at client data."""
    from loket.audit import log_verwerking
    from loket.models import Verwerking

    trajecten = list(
        Traject.objects.voor_loket(
            werkgever.loket_id, leerbedrijf=werkgever, type=TrajectType.DUAAL
        )
        .select_related("klant", "kwalificatie")
        .order_by("-aangemaakt_op", "-pk")
    )
    if trajecten and "request" in context:
        log_verwerking(
            context["request"],
            Verwerking.Actie.BEKEKEN,
            "duale trajecten bij werkgever",
            {t.klant_id for t in trajecten},
        )
    return trajecten
