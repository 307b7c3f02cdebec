"""Core models: the region, the desk (tenant), partner organisations and users with a role."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import OrganisatieType, Rol
from .db import append_only_triggers
from .scope import LoketGebonden


class Regio(models.Model):
    """An arbeidsmarktregio (35 in the Netherlands)."""

    naam = models.CharField(_("naam"), max_length=120, unique=True)
    code = models.CharField(_("code"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("arbeidsmarktregio")
        verbose_name_plural = _("arbeidsmarktregio's")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Gemeente(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="gemeenten")
    naam = models.CharField(_("naam"), max_length=120)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("Een CBS-code is GM gevolgd door 4 cijfers."))],
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Loket(models.Model):
    """One desk: the tenant. Every row of client, trajectory, ledger and monitor data belongs to one."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="loketten")
    naam = models.CharField(_("naam"), max_length=160, unique=True)
    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        help_text=_("Voorvoegsel van de klantnummers, bijvoorbeeld ZKIJ."),
        validators=[RegexValidator(r"^[A-Z]{2,8}$", _("Gebruik 2 tot 8 hoofdletters."))],
    )
    actief = models.BooleanField(_("actief"), default=True)
    overdracht_termijn_werkdagen = models.PositiveSmallIntegerField(
        _("termijn terugmelding overdracht (werkdagen)"),
        null=True,
        blank=True,
        help_text=_("Leeg: 10 werkdagen."),
    )

    class Meta:
        verbose_name = _("loket")
        verbose_name_plural = _("loketten")
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Organisatie(LoketGebonden):
    """A partner of a loket (UWV, gemeente, roc, SBB, ...)."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="organisaties")
    naam = models.CharField(_("naam"), max_length=160)
    type = models.CharField(_("type"), max_length=32, choices=OrganisatieType.choices)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["loket", "naam"], name="organisatie_naam_uniek_per_loket"
            )
        ]

    def __str__(self):
        return self.naam


class User(AbstractUser):
    """A user works for one loket in one role, on behalf of a partner organisation."""

    loket = models.ForeignKey(
        Loket, on_delete=models.PROTECT, null=True, blank=True, related_name="gebruikers"
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="medewerkers"
    )
    rol = models.CharField(_("rol"), max_length=32, choices=Rol.choices, default=Rol.WERKCOACH)
    # The region whose loketten a user with the role regio sees (only that role has one).
    regio = models.ForeignKey(
        Regio, on_delete=models.PROTECT, null=True, blank=True, related_name="gebruikers"
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(rol="regio") & models.Q(regio__isnull=False))
                | (~models.Q(rol="regio") & models.Q(regio__isnull=True)),
                name="gebruiker_regio_alleen_en_altijd_bij_rol_regio",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class Verwerking(LoketGebonden):
    """Verwerkingenlogging: who read, changed or exported which client's data, and when.

    Append-only: the database refuses UPDATE, DELETE and TRUNCATE. The client is stored as a plain
    id (no foreign key) so the record outlives anonymisation and never cascades.
    """

    class Actie(models.TextChoices):
        BEKEKEN = "bekeken", _("Bekeken")
        AANGEMAAKT = "aangemaakt", _("Aangemaakt")
        GEWIJZIGD = "gewijzigd", _("Gewijzigd")
        GEEXPORTEERD = "geexporteerd", _("Geëxporteerd")
        GEANONIMISEERD = "geanonimiseerd", _("Geanonimiseerd")
        GEZOCHT = "gezocht", _("Gezocht")

    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    gebruiker = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    klant_id = models.BigIntegerField(_("klant-id"), null=True, blank=True, db_index=True)
    actie = models.CharField(_("actie"), max_length=20, choices=Actie.choices)
    onderwerp = models.CharField(
        _("onderwerp"), max_length=200, help_text=_("Pagina, export of gegevens die het betrof.")
    )
    grondslag = models.CharField(
        _("grondslag"), max_length=120, default="dienstverlening leerwerkloket (toestemming)"
    )

    class Meta:
        verbose_name = _("verwerking")
        verbose_name_plural = _("verwerkingenlogging")
        ordering = ["-tijdstip"]
        indexes = [models.Index(fields=["loket", "-tijdstip"], name="verwerking_loket_tijd")]
        triggers = append_only_triggers("verwerking")

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.get_actie_display()} klant {self.klant_id}"
