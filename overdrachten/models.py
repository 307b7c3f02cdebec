"""Consent (Toestemming) and the warm hand-over (Overdracht) with its append-only events.

A hand-over is never edited: its life is a row per event (verstuurd, ontvangen or afgewezen,
teruggemeld). Consent is a fact given once and withdrawn at most once: the only change the database
accepts is setting the withdrawal moment that was still empty.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import Klant
from loket.db import append_only_triggers
from loket.models import Loket, Organisatie
from loket.scope import LoketGebonden

from .constants import Gegevens, Grondslag, Soort, Uitkomst, Urgentie

# Only the withdrawal may be filled in, once; everything else of a consent stays as given.
TOESTEMMING_WIJZIGING_GEWEIGERD = """
OLD.ingetrokken_op IS NOT NULL
OR NEW.ingetrokken_op IS NULL
OR ROW(NEW.loket_id, NEW.klant_id, NEW.organisatie_id, NEW.gegevens, NEW.gegeven_op,
       NEW.vastgelegd_door_id, NEW.vastgelegd_op)
   IS DISTINCT FROM
   ROW(OLD.loket_id, OLD.klant_id, OLD.organisatie_id, OLD.gegevens, OLD.gegeven_op,
       OLD.vastgelegd_door_id, OLD.vastgelegd_op)
"""


class Toestemming(LoketGebonden):
    """The client's consent to share given data with one partner organisation."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    klant = models.ForeignKey(Klant, on_delete=models.PROTECT, related_name="toestemmingen")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    gegevens = models.CharField(
        _("welke gegevens"),
        max_length=30,
        choices=Gegevens.choices,
        default=Gegevens.CONTACT_EN_VRAAG,
    )
    gegeven_op = models.DateField(_("toestemming gegeven op"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-gegeven_op", "-pk"]
        indexes = [models.Index(fields=["loket", "klant"], name="toestemming_loket_klant")]
        constraints = [
            # One consent in force per client and partner; a new one after a withdrawal.
            models.UniqueConstraint(
                fields=["klant", "organisatie"],
                condition=Q(ingetrokken_op__isnull=True),
                name="toestemming_een_geldige_per_partner",
            ),
            models.CheckConstraint(
                condition=Q(ingetrokken_op__isnull=True, ingetrokken_door__isnull=True)
                | Q(ingetrokken_op__isnull=False),
                name="toestemming_intrekking_compleet",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="toestemming_geen_delete", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="toestemming_alleen_intrekken",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(TOESTEMMING_WIJZIGING_GEWEIGERD),
            ),
        ]

    def __str__(self):
        return f"Toestemming {self.organisatie} sinds {self.gegeven_op:%d-%m-%Y}"

    @property
    def geldig(self) -> bool:
        return self.ingetrokken_op is None


class Overdracht(LoketGebonden):
    """A warm hand-over of a client to a partner organisation. Never edited: see its events."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    klant = models.ForeignKey(Klant, on_delete=models.PROTECT, related_name="overdrachten")
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="overdrachten",
        verbose_name=_("partnerorganisatie"),
    )
    contactpersoon = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contactpersoon bij de partner"),
    )
    vraag = models.TextField(_("vraag aan de partner"), max_length=2000)
    urgentie = models.CharField(
        _("urgentie"), max_length=10, choices=Urgentie.choices, default=Urgentie.NORMAAL
    )
    grondslag = models.CharField(
        _("grondslag"), max_length=20, choices=Grondslag.choices, default=Grondslag.TOESTEMMING
    )
    toestemming = models.ForeignKey(
        Toestemming, on_delete=models.PROTECT, null=True, blank=True, related_name="overdrachten"
    )
    grondslag_toelichting = models.CharField(
        _("toelichting op de grondslag"), max_length=300, blank=True
    )
    werkcoach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="overdrachten",
        verbose_name=_("werkcoach"),
    )
    termijn = models.DateField(_("terugmelden uiterlijk"))
    aangemaakt_op = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            models.Index(fields=["loket", "organisatie"], name="overdracht_loket_partner"),
            models.Index(fields=["loket", "termijn"], name="overdracht_loket_termijn"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(grondslag=Grondslag.TOESTEMMING, toestemming__isnull=False)
                | (Q(grondslag=Grondslag.WETTELIJK) & ~Q(grondslag_toelichting="")),
                name="overdracht_heeft_grondslag",
            ),
        ]
        triggers = append_only_triggers("overdracht")

    def __str__(self):
        return f"Overdracht naar {self.organisatie} ({self.aangemaakt_op:%d-%m-%Y})"


class OverdrachtGebeurtenis(LoketGebonden):
    """One step in a hand-over's life; each kind happens at most once."""

    loket_pad = "overdracht__loket"

    overdracht = models.ForeignKey(
        Overdracht, on_delete=models.PROTECT, related_name="gebeurtenissen"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices, blank=True)
    toelichting = models.TextField(_("toelichting"), max_length=2000, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        verbose_name = _("gebeurtenis van een overdracht")
        verbose_name_plural = _("gebeurtenissen van overdrachten")
        ordering = ["tijdstip", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["overdracht", "soort"], name="overdracht_gebeurtenis_eenmaal"
            ),
            models.CheckConstraint(
                condition=~Q(soort=Soort.AFGEWEZEN) | ~Q(toelichting=""),
                name="afwijzing_heeft_reden",
            ),
            models.CheckConstraint(
                condition=(Q(soort=Soort.TERUGGEMELD) & ~Q(uitkomst=""))
                | (~Q(soort=Soort.TERUGGEMELD) & Q(uitkomst="")),
                name="terugmelding_heeft_uitkomst",
            ),
        ]
        triggers = append_only_triggers("overdracht_gebeurtenis")

    def __str__(self):
        return f"{self.get_soort_display()} {self.tijdstip:%d-%m-%Y}"


class Melding(models.Model):
    """A notification mail that was sent, by a key naming what it was about (e.g.
    "overdracht-12-nieuw"): a redelivered task or a second beat run sends nothing twice."""

    sleutel = models.CharField(max_length=80, unique=True)
    verstuurd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verstuurde melding")
        verbose_name_plural = _("verstuurde meldingen")

    def __str__(self):
        return self.sleutel
