from django import template

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
