"""Reads of beheer pages; every query is scoped to a loket (or, for the installation, to none)."""

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.models import User

from .models import Uitnodiging, Wijziging


def geblokkeerde_namen(usernames) -> set[str]:
    """Usernames locked out now by django-axes (one query)."""
    sinds = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=sinds,
        ).values_list("username", flat=True)
    )


def gebruikers(loket, *, zoek: str = "", rol: str = "", status: str = ""):
    qs = (
        User.objects.filter(loket=loket)
        .select_related("organisatie")
        .annotate(
            tweede_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            open_uitnodiging=Exists(Uitnodiging.objects.geldig().filter(gebruiker=OuterRef("pk"))),
        )
        .order_by("last_name", "first_name", "username")
    )
    if zoek:
        qs = qs.filter(
            Q(username__icontains=zoek)
            | Q(first_name__icontains=zoek)
            | Q(last_name__icontains=zoek)
            | Q(email__icontains=zoek)
        )
    if rol:
        qs = qs.filter(rol=rol)
    if status == "actief":
        qs = qs.filter(is_active=True)
    elif status == "inactief":
        qs = qs.filter(is_active=False)
    return qs


def wijzigingen(*, loket=None, onderwerp: str = "", zoek: str = "", van=None, tot=None):
    """The change log; loket None means every row (the installation's administrator)."""
    if loket is None:
        qs = Wijziging.objects.alle_loketten(reden="wijzigingenlog van de installatie")
    else:
        qs = Wijziging.objects.voor_loket(loket)
    if onderwerp:
        qs = qs.filter(onderwerp=onderwerp)
    if zoek:
        qs = qs.filter(
            Q(object_naam__icontains=zoek) | Q(door_naam__icontains=zoek) | Q(actie__icontains=zoek)
        )
    if van:
        qs = qs.filter(tijdstip__date__gte=van)
    if tot:
        qs = qs.filter(tijdstip__date__lte=tot)
    return qs.select_related("loket")
