"""Trajectories (EVC, duaal/BBL, ...), their stage machine, the append-only event history and the
funding lines of financieel makelaarschap.

The status of a Traject is a django-fsm-2 field that only the transition methods below may change;
those methods are called by trajecten.services only, which locks the row and appends one
TrajectGebeurtenis per transition in the same database transaction.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from clients.models import Klant, Werkgever
from loket.constants import OrganisatieType
from loket.db import append_only_triggers
from loket.models import Loket, Organisatie
from loket.scope import LoketGebonden

from .constants import (
    EINDSTADIA,
    OPEN_DUAAL,
    OPEN_EVC,
    BronVanFinanciering,
    FinancieringsStatus,
    Status,
    TrajectType,
    Uitkomst,
)

AANBIEDER_TYPES = [OrganisatieType.ROC, OrganisatieType.EVC_AANBIEDER]


class Kwalificatie(models.Model):
    """An mbo qualification (erkende opleidingscode, formerly crebo). Reference data of the beheerder."""

    crebo = models.CharField(
        _("opleidingscode (crebo)"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("Een opleidingscode bestaat uit 5 cijfers."))],
    )
    naam = models.CharField(_("naam"), max_length=200)
    niveau = models.PositiveSmallIntegerField(
        _("mbo-niveau"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("kwalificatie")
        verbose_name_plural = _("kwalificaties")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(niveau__gte=1, niveau__lte=4), name="kwalificatie_niveau_1_4"
            )
        ]

    def __str__(self):
        return f"{self.naam} (niveau {self.niveau}, {self.crebo})"


def is_evc(traject: "Traject") -> bool:
    return traject.type == TrajectType.EVC


def is_duaal(traject: "Traject") -> bool:
    return traject.type == TrajectType.DUAAL


def heeft_erkend_leerbedrijf(traject: "Traject") -> bool:
    return (
        is_duaal(traject)
        and traject.leerbedrijf is not None
        and traject.leerbedrijf.erkend_leerbedrijf
    )


class Traject(ConcurrentTransitionMixin, LoketGebonden):
    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="trajecten")
    klant = models.ForeignKey(Klant, on_delete=models.PROTECT, related_name="trajecten")
    type = models.CharField(_("soort traject"), max_length=20, choices=TrajectType.choices)
    kwalificatie = models.ForeignKey(
        Kwalificatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("kwalificatie")
    )
    aanbieder = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aanbieder"),
        limit_choices_to={"type__in": AANBIEDER_TYPES},
        help_text=_("Het roc of de EVC-aanbieder."),
    )
    leerbedrijf = models.ForeignKey(
        Werkgever,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajecten",
        verbose_name=_("leerbedrijf"),
        help_text=_("Alleen bij duaal/BBL: het erkende leerbedrijf van de praktijkovereenkomst."),
    )
    begeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="begeleide_trajecten",
        verbose_name=_("begeleider"),
    )
    gepland_start = models.DateField(_("geplande start"), null=True, blank=True)
    gepland_eind = models.DateField(_("gepland einde"), null=True, blank=True)
    werkelijke_start = models.DateField(_("werkelijke start"), null=True, blank=True)
    werkelijk_eind = models.DateField(_("werkelijk einde"), null=True, blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices, blank=True)
    uitkomst_datum = models.DateField(_("datum uitkomst"), null=True, blank=True)
    status = FSMField(
        _("stadium"),
        max_length=20,
        choices=Status.choices,
        default=Status.AANGEMELD,
        protected=True,
    )
    status_sinds = models.DateTimeField(_("in dit stadium sinds"))
    kosten_raming = models.DecimalField(
        _("geraamde kosten"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-status_sinds", "-pk"]
        indexes = [
            models.Index(fields=["loket", "type", "status"], name="traject_loket_type_status"),
            models.Index(fields=["loket", "begeleider"], name="traject_loket_begeleider"),
            models.Index(fields=["loket", "status_sinds"], name="traject_loket_sinds"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kosten_raming__gte=0), name="traject_kosten_niet_negatief"
            )
        ]

    def __str__(self):
        return f"{self.get_type_display()} {self.kwalificatie.naam if self.kwalificatie_id else ''}".strip()

    def get_absolute_url(self):
        return reverse("trajecten:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status not in EINDSTADIA

    # --- EVC: aangemeld -> intake -> portfolio -> assessment -> certificaat; afgebroken ---

    @transition(field=status, source=Status.AANGEMELD, target=Status.INTAKE, conditions=[is_evc])
    def naar_intake(self):
        pass

    @transition(field=status, source=Status.INTAKE, target=Status.PORTFOLIO, conditions=[is_evc])
    def naar_portfolio(self):
        pass

    @transition(
        field=status, source=Status.PORTFOLIO, target=Status.ASSESSMENT, conditions=[is_evc]
    )
    def naar_assessment(self):
        pass

    @transition(
        field=status, source=Status.ASSESSMENT, target=Status.CERTIFICAAT, conditions=[is_evc]
    )
    def reik_certificaat_uit(self):
        pass

    @transition(field=status, source=OPEN_EVC, target=Status.AFGEBROKEN, conditions=[is_evc])
    def breek_af(self):
        pass

    # --- Duaal: aangemeld -> leerbaan gezocht -> geplaatst -> gestart -> diploma; gestopt ---

    @transition(
        field=status, source=Status.AANGEMELD, target=Status.LEERBAAN_GEZOCHT, conditions=[is_duaal]
    )
    def zoek_leerbaan(self):
        pass

    @transition(
        field=status,
        source=Status.LEERBAAN_GEZOCHT,
        target=Status.GEPLAATST,
        conditions=[is_duaal, heeft_erkend_leerbedrijf],
    )
    def plaats(self):
        pass

    @transition(field=status, source=Status.GEPLAATST, target=Status.GESTART, conditions=[is_duaal])
    def start_opleiding(self):
        pass

    @transition(field=status, source=Status.GESTART, target=Status.DIPLOMA, conditions=[is_duaal])
    def behaal_diploma(self):
        pass

    @transition(
        field=status, source=OPEN_DUAAL, target=Status.VOORTIJDIG_GESTOPT, conditions=[is_duaal]
    )
    def stop_voortijdig(self):
        pass

    # --- Correction: back to the stage before a wrong event (see services.corrigeer) ---

    @transition(field=status, source="*", target=RETURN_VALUE(*Status.values))
    def herstel(self, naar: str) -> str:
        return naar


# Every forward step a user can take: transition method -> button label. The order is the order
# of the buttons; the correction method `herstel` is deliberately not a step.
STAPPEN = {
    "naar_intake": _("Intake gestart"),
    "naar_portfolio": _("Portfolio in opbouw"),
    "naar_assessment": _("Assessment gepland"),
    "reik_certificaat_uit": _("Ervaringscertificaat uitgereikt"),
    "zoek_leerbaan": _("Leerbaan zoeken"),
    "plaats": _("Geplaatst bij leerbedrijf"),
    "start_opleiding": _("Opleiding gestart"),
    "behaal_diploma": _("Diploma behaald"),
    "breek_af": _("Afbreken"),
    "stop_voortijdig": _("Voortijdig gestopt"),
}


class TrajectGebeurtenis(LoketGebonden):
    """One stage change of a trajectory. Append-only: the database refuses UPDATE, DELETE and
    TRUNCATE. A wrong event is corrected by a new event that points to it (`corrigeert`)."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="gebeurtenissen")
    van_status = models.CharField(
        _("van stadium"), max_length=20, choices=Status.choices, blank=True
    )
    naar_status = models.CharField(_("naar stadium"), max_length=20, choices=Status.choices)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices, blank=True)
    datum = models.DateTimeField(_("datum"), help_text=_("Wanneer het gebeurde."))
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    geregistreerd_op = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    reden = models.CharField(_("reden / toelichting"), max_length=500, blank=True)
    corrigeert = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correctie",
        verbose_name=_("corrigeert"),
    )

    class Meta:
        verbose_name = _("trajectgebeurtenis")
        verbose_name_plural = _("trajectgebeurtenissen")
        ordering = ["datum", "pk"]
        indexes = [
            models.Index(fields=["loket", "datum"], name="trajectgeb_loket_datum"),
            models.Index(fields=["traject", "datum"], name="trajectgeb_traject_datum"),
        ]
        triggers = append_only_triggers("trajectgebeurtenis")

    def __str__(self):
        return f"{self.van_status or '-'} -> {self.naar_status} ({self.datum:%d-%m-%Y})"

    @property
    def is_correctie(self) -> bool:
        return self.corrigeert_id is not None


class FinancieringsRegel(LoketGebonden):
    """One source paying (part of) a trajectory: financieel makelaarschap."""

    loket_pad = "traject__loket"

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="financiering")
    bron = models.CharField(_("bron"), max_length=20, choices=BronVanFinanciering.choices)
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    bedrag = models.DecimalField(
        _("bedrag"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FinancieringsStatus.choices,
        default=FinancieringsStatus.TOEGEZEGD,
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("financieringsregel")
        verbose_name_plural = _("financieringsregels")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="financieringsregel_bedrag_pos")
        ]

    def __str__(self):
        return f"{self.get_bron_display()} {self.bedrag}"


def dekking(traject: Traject) -> dict[str, Decimal]:
    """Cost vs covered for one trajectory, in one query: toegezegd + ontvangen count as covered."""
    sommen = traject.financiering.aggregate(
        gedekt=Sum("bedrag"),
        ontvangen=Sum("bedrag", filter=Q(status=FinancieringsStatus.ONTVANGEN)),
    )
    gedekt = sommen["gedekt"] or Decimal("0.00")
    ontvangen = sommen["ontvangen"] or Decimal("0.00")
    kosten = traject.kosten_raming or Decimal("0.00")
    return {
        "kosten": kosten,
        "gedekt": gedekt,
        "ontvangen": ontvangen,
        "tekort": max(kosten - gedekt, Decimal("0.00")),
        "overschot": max(gedekt - kosten, Decimal("0.00")),
    }
