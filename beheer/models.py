"""Beheer: invitations (single-use links), the change log (append-only) and per-loket settings."""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.db import append_only_triggers
from loket.models import Loket
from loket.scope import LoketGebonden

from .constants import Doel, Onderwerp


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class UitnodigingQuerySet(models.QuerySet):
    def geldig(self):
        return self.filter(gebruikt_op__isnull=True, ingetrokken_op__isnull=True).filter(
            geldig_tot__gt=timezone.now()
        )

    def bij_token(self, token: str):
        """The valid invitation behind a token from a link, or None (never an exception)."""
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            return None
        return (
            self.geldig().select_related("gebruiker").filter(token_hash=token_hash(token)).first()
        )


class Uitnodiging(models.Model):
    """A single-use link that lets one user set a password and/or enrol the authenticator.

    Only a hash of the token is stored: a copy of the database gives no working link."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uitnodigingen"
    )
    doel = models.CharField(_("doel"), max_length=20, choices=Doel.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    geldig_tot = models.DateTimeField()
    wachtwoord_gezet_op = models.DateTimeField(null=True, blank=True)
    gebruikt_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)

    objects = UitnodigingQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self):
        return f"{self.get_doel_display()} voor {self.gebruiker_id}"

    @staticmethod
    def nieuw_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, token_hash(token)

    @property
    def wachtwoord_nodig(self) -> bool:
        """An invitation asks for a new password until one is set; a re-enrolment asks for the
        current one."""
        return self.doel == Doel.UITNODIGING and self.wachtwoord_gezet_op is None


class Wijziging(LoketGebonden):
    """The change log of beheer: who changed what, from which value to which, and when.

    Append-only: the database refuses UPDATE, DELETE and TRUNCATE. Users, loketten and objects are
    also stored as text, so a row reads the same after the object is renamed."""

    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    loket = models.ForeignKey(
        Loket, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    door_naam = models.CharField(_("door"), max_length=200)
    onderwerp = models.CharField(_("onderwerp"), max_length=20, choices=Onderwerp.choices)
    object_id = models.BigIntegerField(null=True, blank=True)
    object_naam = models.CharField(_("betreft"), max_length=200)
    actie = models.CharField(_("actie"), max_length=120)
    oude_waarde = models.CharField(_("oude waarde"), max_length=300, blank=True)
    nieuwe_waarde = models.CharField(_("nieuwe waarde"), max_length=300, blank=True)
    reden = models.CharField(_("reden"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingenlog")
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["loket", "-tijdstip"], name="wijziging_loket_tijd")]
        triggers = append_only_triggers("wijziging")

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.actie}: {self.object_naam}"


class GebruikerSessie(models.Model):
    """Which sessions a user logged in with, so deactivation can end all of them at once."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=40, unique=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"sessie van {self.gebruiker_id}"


class LoketInstelling(LoketGebonden):
    """Settings that differ per desk. An empty field falls back to the installation's setting
    (environment variable); read them through loket.instellingen.instelling()."""

    loket = models.OneToOneField(Loket, on_delete=models.CASCADE, related_name="instellingen")
    traject_stil_dagen = models.PositiveIntegerField(
        _("dagen tot een traject stilstaat"),
        null=True,
        blank=True,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text=_("Een traject dat zo lang in één stadium staat, wordt gemarkeerd (7 tot 730)."),
    )
    bewaartermijn_jaren = models.PositiveIntegerField(
        _("bewaartermijn in jaren"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "Na zoveel jaar zonder activiteit worden klantgegevens geanonimiseerd (1 tot 20)."
        ),
    )
    terugdateren_dagen = models.PositiveIntegerField(
        _("terugdateren tot (dagen)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
        help_text=_("Hoe ver terug een stap in een traject gedateerd mag worden (0 tot 365)."),
    )
    klantnummer_voorvoegsel = models.CharField(
        _("voorvoegsel klantnummers"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2,8}$", _("Gebruik 2 tot 8 hoofdletters."))],
        help_text=_("Leeg: de code van het loket. Geldt voor nieuwe klantnummers."),
    )

    class Meta:
        verbose_name = _("instellingen van een loket")
        verbose_name_plural = _("instellingen van loketten")

    def __str__(self):
        return f"instellingen van loket {self.loket_id}"
