"""Reads of consents and hand-overs. Every query is scoped to one loket; a partner's reads also to
its own organisation. The status is the latest event, annotated in the same query."""

import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from .constants import AFGEROND, Soort
from .models import Overdracht, OverdrachtGebeurtenis, Toestemming


def _laatste(veld: str):
    return Subquery(
        OverdrachtGebeurtenis.objects.filter(overdracht=OuterRef("pk"))
        .order_by("-tijdstip", "-pk")
        .values(veld)[:1]
    )


def _teruggemeld_op():
    return Subquery(
        OverdrachtGebeurtenis.objects.filter(
            overdracht=OuterRef("pk"), soort=Soort.TERUGGEMELD
        ).values("tijdstip")[:1]
    )


def met_status(qs: QuerySet[Overdracht]) -> QuerySet[Overdracht]:
    return qs.annotate(
        status=_laatste("soort"),
        status_sinds=_laatste("tijdstip"),
        uitkomst=_laatste("uitkomst"),
        teruggemeld_op=_teruggemeld_op(),
    ).select_related("organisatie", "klant", "werkcoach", "contactpersoon")


def overdrachten_van(loket) -> QuerySet[Overdracht]:
    return met_status(Overdracht.objects.voor_loket(loket))


def voor_partner(user) -> QuerySet[Overdracht]:
    """Only hand-overs addressed to the user's own organisation; none without an organisation."""
    if user.organisatie_id is None or user.loket_id is None:
        return Overdracht.objects.none()
    return met_status(
        Overdracht.objects.voor_loket(user.loket_id, organisatie_id=user.organisatie_id)
    )


def open_filter() -> Q:
    return ~Q(status__in=list(AFGEROND))


def te_laat(qs: QuerySet[Overdracht], vandaag: datetime.date | None = None):
    """Open hand-overs (no refusal, no report-back) past their deadline."""
    vandaag = vandaag or timezone.localdate()
    return qs.filter(open_filter(), termijn__lt=vandaag).order_by("termijn", "pk")


def is_te_laat(overdracht, vandaag: datetime.date | None = None) -> bool:
    vandaag = vandaag or timezone.localdate()
    return overdracht.status not in AFGEROND and overdracht.termijn < vandaag


def mijn_werk(user, vandaag: datetime.date | None = None):
    """A werkcoach's hand-overs waiting for an answer or overdue, and those refused or reported
    back in the last 30 days (to follow up)."""
    vandaag = vandaag or timezone.localdate()
    eigen = overdrachten_van(user.loket).filter(werkcoach=user)
    recent = timezone.now() - datetime.timedelta(days=30)
    return eigen.filter(
        open_filter() | Q(status__in=list(AFGEROND), status_sinds__gte=recent)
    ).order_by("termijn", "pk")


def toestemmingen_van(klant) -> QuerySet[Toestemming]:
    return Toestemming.objects.voor_loket(klant.loket_id, klant=klant).select_related(
        "organisatie", "vastgelegd_door", "ingetrokken_door"
    )


def geldige_toestemming(klant, organisatie) -> Toestemming | None:
    return Toestemming.objects.voor_loket(
        klant.loket_id, klant=klant, organisatie=organisatie, ingetrokken_op__isnull=True
    ).first()


def gebeurtenissen(overdracht) -> list[OverdrachtGebeurtenis]:
    return list(overdracht.gebeurtenissen.all().select_related("door"))
