"""The login form, hardened (issue 20): a username longer than the lockout library's column is
refused before anything is stored, and one address may fail only so often over all usernames
together (a password spray), on top of django-axes' lockout per username and address."""

import logging

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.utils import timezone

logger = logging.getLogger("loket.inloggen")

# django-axes stores the username in a varchar(255); our own usernames are at most 150.
MAX_GEBRUIKERSNAAM = 150


def mislukt_vanaf_adres(ip_adres: str | None) -> int:
    """Failed logins from this address within the cool-off period, over every username."""
    from axes.models import AccessAttempt

    if not ip_adres:
        return 0
    sinds = timezone.now() - settings.AXES_COOLOFF_TIME
    totaal = AccessAttempt.objects.filter(ip_address=ip_adres, attempt_time__gte=sinds).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return totaal or 0


class InlogControles:
    """Checks before the password is tried, for every login form (the application's and the
    admin's). The login page shows one generic message (it never says whether a username
    exists); these refusals say what is going on instead (`melding`)."""

    melding = ""

    error_messages = {
        **AuthenticationForm.error_messages,
        "te_lang": f"Een gebruikersnaam heeft hoogstens {MAX_GEBRUIKERSNAAM} tekens.",
        "adres_geblokkeerd": (
            "Vanaf dit adres is te vaak verkeerd ingelogd. Probeer het over "
            f"{int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} minuten opnieuw."
        ),
    }

    def clean(self):
        from axes.helpers import get_client_ip_address

        username = self.data.get("username", "")
        if len(username) > MAX_GEBRUIKERSNAAM:
            # Before authenticate(): the lockout handler would try to store it and fail.
            self.melding = self.error_messages["te_lang"]
            raise forms.ValidationError(self.melding, code="te_lang")
        ip_adres = get_client_ip_address(self.request) if self.request else None
        if mislukt_vanaf_adres(ip_adres) >= settings.LOKET_LOGIN_ADRES_LIMIET:
            logger.warning("Inloggen geweigerd: te veel mislukte pogingen vanaf één adres")
            self.melding = self.error_messages["adres_geblokkeerd"]
            raise forms.ValidationError(self.melding, code="adres_geblokkeerd")
        return super().clean()


class InlogForm(InlogControles, AuthenticationForm):
    pass
