"""Reads of the werkcoach pages, always scoped to one loket."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from loket.models import Loket

from .models import Aanmelding, Tijdslot


def aanmeldingen_van(loket: Loket) -> QuerySet[Aanmelding]:
    return Aanmelding.objects.voor_loket(loket)


def wachtrij(loket: Loket, *, zoekterm: str = "", status: str = "") -> QuerySet[Aanmelding]:
    qs = aanmeldingen_van(loket).select_related("tijdslot__werkcoach")
    zoekterm = zoekterm.strip()
    if zoekterm:
        qs = qs.filter(
            Q(voornaam__icontains=zoekterm)
            | Q(achternaam__icontains=zoekterm)
            | Q(email__icontains=zoekterm)
        )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-ingediend_op", "-pk")


def afspraken_op(loket: Loket, datum: datetime.date, werkcoach=None) -> list[Aanmelding]:
    """The appointments of one day (local time), in time order, in one query."""
    begin = timezone.make_aware(datetime.datetime.combine(datum, datetime.time.min))
    qs = aanmeldingen_van(loket).filter(
        tijdslot__start__gte=begin, tijdslot__start__lt=begin + datetime.timedelta(days=1)
    )
    if werkcoach is not None:
        qs = qs.filter(tijdslot__werkcoach=werkcoach)
    return list(qs.select_related("tijdslot__werkcoach").order_by("tijdslot__start", "pk"))


def komende_tijdsloten(loket: Loket) -> QuerySet[Tijdslot]:
    return (
        Tijdslot.objects.voor_loket(loket, start__gte=timezone.now())
        .select_related("werkcoach")
        .prefetch_related("aanmeldingen")
        .order_by("start", "pk")
    )
