"""The client's own side: online sign-ups (Aanmelding) with an appointment in a werkcoach's
spreekuur (Tijdslot), and follow-up surveys (Enquetemoment -> Enqueteverzoek -> Enqueteantwoord).

Every row belongs to one loket. Answers are facts: append-only, and without a link to the client,
so they keep counting after the client is anonymised.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clients.constants import Hoofddoel
from clients.models import Klant, Werkgever
from clients.validators import validate_postcode
from loket.db import append_only_triggers
from loket.models import Loket
from loket.scope import LoketGebonden

from .constants import Aanleiding, AanmeldingStatus, EnqueteSoort, Situatie, SluitReden


class Tijdslot(LoketGebonden):
    """One appointment slot in a werkcoach's spreekuur; room for one person."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    werkcoach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tijdsloten",
        verbose_name=_("werkcoach"),
    )
    start = models.DateTimeField(_("begin"))
    duur_minuten = models.PositiveSmallIntegerField(
        _("duur (minuten)"), default=30, validators=[MinValueValidator(10), MaxValueValidator(240)]
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tijdslot")
        verbose_name_plural = _("tijdsloten")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["loket", "start"], name="tijdslot_loket_start")]
        constraints = [
            models.UniqueConstraint(fields=["werkcoach", "start"], name="tijdslot_uniek_per_coach")
        ]

    def __str__(self):
        from django.utils import timezone

        return f"{timezone.localtime(self.start):%d-%m-%Y %H:%M}"

    @property
    def einde(self) -> datetime.datetime:
        return self.start + datetime.timedelta(minutes=self.duur_minuten)


class Aanmelding(LoketGebonden):
    """A sign-up through the public form: waits in the werkcoaches' queue until it becomes an
    intake (kanaal website) or is closed with a reason."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AanmeldingStatus.choices,
        default=AanmeldingStatus.NIEUW,
        db_index=True,
    )
    voornaam = models.CharField(_("voornaam"), max_length=80)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=120)
    geboortedatum = models.DateField(_("geboortedatum"))
    email = models.EmailField(_("e-mailadres"))
    telefoon = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[validate_postcode]
    )
    hoofddoel = models.CharField(
        _("waar wilt u hulp bij?"), max_length=20, choices=Hoofddoel.choices
    )
    vraag = models.TextField(_("uw vraag"), blank=True, max_length=2000)
    toestemming_op = models.DateTimeField(_("toestemming gegeven op"))
    tijdslot = models.ForeignKey(
        Tijdslot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanmeldingen",
        verbose_name=_("afspraak"),
    )
    # RFC 5545 SEQUENCE of the appointment: raised on every move or cancellation.
    afspraak_versie = models.PositiveSmallIntegerField(default=0)
    beheer_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    bevestiging_verstuurd_op = models.DateTimeField(null=True, blank=True)
    ingediend_op = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    klant = models.ForeignKey(
        Klant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    afgehandeld_op = models.DateTimeField(null=True, blank=True)
    sluitreden = models.CharField(_("reden"), max_length=20, choices=SluitReden.choices, blank=True)
    toelichting = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["-ingediend_op", "-pk"]
        indexes = [
            models.Index(fields=["loket", "status", "-ingediend_op"], name="aanmelding_wachtrij")
        ]
        constraints = [
            # No double booking: a slot carries at most one appointment.
            models.UniqueConstraint(
                fields=["tijdslot"],
                condition=models.Q(tijdslot__isnull=False),
                name="tijdslot_een_afspraak",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AanmeldingStatus.OMGEZET)
                | models.Q(klant__isnull=False),
                name="aanmelding_omgezet_heeft_klant",
            ),
        ]

    def __str__(self):
        return f"Aanmelding {self.pk}"

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in [self.voornaam, self.tussenvoegsel, self.achternaam] if p)


class Enquetemoment(LoketGebonden):
    """When the loket asks for feedback: so many days after an intake, the end of a trajectory or
    a werkgeverscontact."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    naam = models.CharField(_("naam"), max_length=80)
    aanleiding = models.CharField(_("na"), max_length=20, choices=Aanleiding.choices)
    dagen_na = models.PositiveSmallIntegerField(
        _("dagen erna"), validators=[MinValueValidator(0), MaxValueValidator(730)]
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("enquêtemoment")
        verbose_name_plural = _("enquêtemomenten")
        ordering = ["aanleiding", "dagen_na"]
        constraints = [
            models.UniqueConstraint(
                fields=["loket", "aanleiding", "dagen_na"], name="enquetemoment_uniek"
            )
        ]

    def __str__(self):
        return self.naam


class Enqueteverzoek(LoketGebonden):
    """One survey invitation: at most one per moment and event (idempotent planning)."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    moment = models.ForeignKey(Enquetemoment, on_delete=models.PROTECT, related_name="verzoeken")
    soort = models.CharField(max_length=12, choices=EnqueteSoort.choices)
    # The intake, trajectory event or werkgeverscontact that started the clock.
    aanleiding_id = models.BigIntegerField()
    aanleiding_datum = models.DateField()
    klant = models.ForeignKey(
        Klant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    werkgever = models.ForeignKey(
        Werkgever, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    verstuurd_op = models.DateTimeField(null=True, blank=True)
    herinnerd_op = models.DateTimeField(null=True, blank=True)
    verloopt_op = models.DateTimeField(null=True, blank=True)
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    # Not sent: the address had opted out, or there was no address.
    overgeslagen = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("enquêteverzoek")
        verbose_name_plural = _("enquêteverzoeken")
        indexes = [models.Index(fields=["loket", "verstuurd_op"], name="enqueteverzoek_verstuurd")]
        constraints = [
            models.UniqueConstraint(
                fields=["moment", "aanleiding_id"], name="enqueteverzoek_een_per_aanleiding"
            )
        ]

    def __str__(self):
        return f"Enquêteverzoek {self.pk}"


class Enqueteantwoord(LoketGebonden):
    """A survey answer: a fact, append-only (the database refuses UPDATE, DELETE and TRUNCATE).
    No link to the client: the loket, moment, kind, score and situation are all it keeps."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    verzoek = models.OneToOneField(
        Enqueteverzoek, on_delete=models.PROTECT, related_name="antwoord"
    )
    moment = models.ForeignKey(Enquetemoment, on_delete=models.PROTECT, related_name="+")
    aanleiding = models.CharField(max_length=20, choices=Aanleiding.choices)
    dagen_na = models.PositiveSmallIntegerField()
    soort = models.CharField(max_length=12, choices=EnqueteSoort.choices)
    score = models.PositiveSmallIntegerField(
        _("rapportcijfer"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    situatie = models.CharField(
        _("situatie nu"), max_length=12, choices=Situatie.choices, blank=True
    )
    datum = models.DateField(_("datum"))
    beantwoord_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enquêteantwoord")
        verbose_name_plural = _("enquêteantwoorden")
        indexes = [models.Index(fields=["loket", "datum"], name="enqueteantwoord_loket_datum")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=10), name="enqueteantwoord_score_1_10"
            )
        ]
        triggers = append_only_triggers("enqueteantwoord")

    def __str__(self):
        return f"{self.get_soort_display()}: {self.score}"


class EnqueteAfmelding(LoketGebonden):
    """An address that wants no more surveys from this loket (stored as a hash)."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    email_hash = models.CharField(max_length=64)
    afgemeld_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["loket", "email_hash"], name="enqueteafmelding_uniek")
        ]

    def __str__(self):
        return f"Afmelding {self.pk}"
