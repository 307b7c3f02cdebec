"""The co-financing ledger: a loket's year budget (cost and financing lines), the co-financing norm,
the append-only ledger of bookings, partner hours, tariffs and closed quarters.

The invariants live in the database: bookings cannot be updated, deleted or truncated; a booking can
be reversed once, by an exact negation; nothing is booked in a closed quarter; an in-natura amount
is hours x tariff.
"""

from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from loket.db import append_only_triggers
from loket.geld import rond_af
from loket.models import Loket, Organisatie
from loket.perioden import kwartaal_van
from loket.scope import LoketGebonden

from .constants import (
    BoekingSoort,
    Financieringssoort,
    Kostencategorie,
    NormBasis,
    Vorm,
    standaardnorm,
)

JAAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Begroting(LoketGebonden):
    """A loket's budget for one year, with the co-financing norm that applies to that year."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="begrotingen")
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    norm_percentage = models.DecimalField(
        _("normpercentage cofinanciering"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Leeg: de norm van het jaar (2010-2012: 25 %; vanaf 2013: 50 %)."),
    )
    norm_basis = models.CharField(
        _("basis van de norm"),
        max_length=20,
        choices=NormBasis.choices,
        default=NormBasis.RIJKSBIJDRAGE,
    )
    # Empty while the norm follows the year; who set another norm, and when.
    norm_ingesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("norm ingesteld door"),
    )
    norm_ingesteld_op = models.DateTimeField(_("norm ingesteld op"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("begroting")
        verbose_name_plural = _("begrotingen")
        ordering = ["loket", "-jaar"]
        constraints = [
            models.UniqueConstraint(fields=["loket", "jaar"], name="begroting_uniek_per_jaar"),
            models.CheckConstraint(
                condition=Q(norm_percentage__gte=0, norm_percentage__lte=100),
                name="begroting_norm_percentage_0_100",
            ),
        ]

    def __str__(self):
        return f"Begroting {self.jaar} · {self.loket}"

    def save(self, *args, **kwargs):
        """A new budget takes the norm of its year unless one was given (never a silent 25 %)."""
        if self.norm_percentage is None:
            self.norm_percentage, self.norm_basis = standaardnorm(self.jaar)
        super().save(*args, **kwargs)

    @property
    def standaardnorm(self) -> tuple[Decimal, str]:
        return standaardnorm(self.jaar)

    @property
    def norm_volgt_jaar(self) -> bool:
        return (self.norm_percentage, self.norm_basis) == standaardnorm(self.jaar)


class Kostenpost(LoketGebonden):
    """A cost line of a budget. Its budgeted and spent amounts are the sums of its bookings."""

    loket_pad = "begroting__loket"

    begroting = models.ForeignKey(Begroting, on_delete=models.PROTECT, related_name="kostenposten")
    naam = models.CharField(_("naam"), max_length=160)
    categorie = models.CharField(_("categorie"), max_length=20, choices=Kostencategorie.choices)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("kostenpost")
        verbose_name_plural = _("kostenposten")
        ordering = ["volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["begroting", "naam"], name="kostenpost_naam_uniek_per_begroting"
            )
        ]

    def __str__(self):
        return self.naam


class Financieringsbron(LoketGebonden):
    """A financing line of a budget: rijksbijdrage, subsidie or a partner's co-financing."""

    loket_pad = "begroting__loket"

    begroting = models.ForeignKey(
        Begroting, on_delete=models.PROTECT, related_name="financieringsbronnen"
    )
    naam = models.CharField(_("naam"), max_length=160)
    soort = models.CharField(_("soort"), max_length=20, choices=Financieringssoort.choices)
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="financieringsbronnen",
        verbose_name=_("partner"),
    )
    vorm = models.CharField(_("vorm"), max_length=20, choices=Vorm.choices, default=Vorm.CASH)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("financieringsregel")
        verbose_name_plural = _("financieringsregels")
        ordering = ["volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["begroting", "naam"], name="financieringsbron_naam_uniek_per_begroting"
            ),
            models.CheckConstraint(
                condition=Q(soort=Financieringssoort.COFINANCIERING, organisatie__isnull=False)
                | ~Q(soort=Financieringssoort.COFINANCIERING),
                name="cofinanciering_heeft_partner",
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    def is_cofinanciering(self) -> bool:
        return self.soort == Financieringssoort.COFINANCIERING


class Kwartaalafsluiting(LoketGebonden):
    """A closed quarter: no booking dated in it is accepted any more. Never reopened."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    kwartaal = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    afgesloten_op = models.DateTimeField(_("afgesloten op"), auto_now_add=True)
    afgesloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kwartaalafsluiting")
        verbose_name_plural = _("kwartaalafsluitingen")
        ordering = ["loket", "jaar", "kwartaal"]
        constraints = [
            models.UniqueConstraint(
                fields=["loket", "jaar", "kwartaal"], name="kwartaal_eenmaal_afgesloten"
            ),
            models.CheckConstraint(
                condition=Q(kwartaal__gte=1, kwartaal__lte=4), name="kwartaal_1_tot_4"
            ),
        ]
        triggers = append_only_triggers("kwartaalafsluiting")

    def __str__(self):
        return f"Q{self.kwartaal} {self.jaar}"


class Tarief(LoketGebonden):
    """The hourly tariff of a partner's role in a year, used to value that partner's hours (in
    natura). It belongs to one partner: roc hours are never valued at UWV's tariff. Tariffs from
    before that rule may have no partner; they value no new hours."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tarieven",
        verbose_name=_("partner"),
    )
    rol = models.CharField(_("rol of functie"), max_length=120)
    uurtarief = models.DecimalField(
        _("uurtarief"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = _("tarief")
        verbose_name_plural = _("tarieven")
        ordering = ["loket", "-jaar", "organisatie", "rol"]
        constraints = [
            models.UniqueConstraint(
                fields=["loket", "jaar", "organisatie", "rol"], name="tarief_uniek_per_partner_rol"
            ),
            models.CheckConstraint(condition=Q(uurtarief__gt=0), name="tarief_positief"),
        ]

    def __str__(self):
        partner = f" · {self.organisatie.naam}" if self.organisatie_id else ""
        return f"{self.rol}{partner} ({self.jaar})"


# Checked by the database before every insert: the quarter of the booking date is open, the
# line belongs to the same loket and year, and a reversal negates its original exactly.
BOEKING_INSERT_CHECK = """
IF EXISTS (
    SELECT 1 FROM financiering_kwartaalafsluiting k
    WHERE k.loket_id = NEW.loket_id
      AND k.jaar = EXTRACT(YEAR FROM NEW.datum)::int
      AND k.kwartaal = EXTRACT(QUARTER FROM NEW.datum)::int
) THEN
    RAISE EXCEPTION 'Kwartaal % van % is afgesloten: boek in een open periode.',
        EXTRACT(QUARTER FROM NEW.datum), EXTRACT(YEAR FROM NEW.datum)
        USING ERRCODE = 'check_violation';
END IF;
IF NEW.kostenpost_id IS NOT NULL THEN
    SELECT b.loket_id, b.jaar INTO regel_loket, regel_jaar
    FROM financiering_kostenpost p JOIN financiering_begroting b ON b.id = p.begroting_id
    WHERE p.id = NEW.kostenpost_id;
ELSE
    SELECT b.loket_id, b.jaar INTO regel_loket, regel_jaar
    FROM financiering_financieringsbron f JOIN financiering_begroting b ON b.id = f.begroting_id
    WHERE f.id = NEW.financieringsbron_id;
END IF;
IF regel_loket IS DISTINCT FROM NEW.loket_id OR regel_jaar IS DISTINCT FROM NEW.jaar THEN
    RAISE EXCEPTION 'De begrotingsregel hoort niet bij dit loket en jaar.'
        USING ERRCODE = 'check_violation';
END IF;
IF NEW.organisatie_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM financiering_kwartaalbevestiging kb
    WHERE kb.loket_id = NEW.loket_id
      AND kb.organisatie_id = NEW.organisatie_id
      AND kb.jaar = EXTRACT(YEAR FROM NEW.datum)::int
      AND kb.kwartaal = EXTRACT(QUARTER FROM NEW.datum)::int
) THEN
    RAISE EXCEPTION 'De partner heeft kwartaal % van % bevestigd: boek een correctie in een later kwartaal.',
        EXTRACT(QUARTER FROM NEW.datum), EXTRACT(YEAR FROM NEW.datum)
        USING ERRCODE = 'check_violation';
END IF;
IF NEW.tegenboeking_van_id IS NOT NULL THEN
    SELECT * INTO origineel FROM financiering_boeking WHERE id = NEW.tegenboeking_van_id;
    IF origineel.tegenboeking_van_id IS NOT NULL THEN
        RAISE EXCEPTION 'Een tegenboeking kan zelf niet worden tegengeboekt.'
            USING ERRCODE = 'check_violation';
    END IF;
    IF origineel.loket_id <> NEW.loket_id OR origineel.jaar <> NEW.jaar
        OR origineel.soort <> NEW.soort
        OR origineel.bedrag <> -NEW.bedrag
        OR origineel.uren IS DISTINCT FROM -NEW.uren
        OR origineel.tarief IS DISTINCT FROM NEW.tarief
        OR origineel.kostenpost_id IS DISTINCT FROM NEW.kostenpost_id
        OR origineel.financieringsbron_id IS DISTINCT FROM NEW.financieringsbron_id
        OR origineel.organisatie_id IS DISTINCT FROM NEW.organisatie_id THEN
        RAISE EXCEPTION 'Een tegenboeking is het exacte tegendeel van de oorspronkelijke boeking.'
            USING ERRCODE = 'check_violation';
    END IF;
END IF;
RETURN NEW;
"""


class Boeking(LoketGebonden):
    """One financial fact. Never updated or deleted; corrected by one reversal (tegenboeking)."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(
        _("begrotingsjaar"), validators=JAAR_VALIDATORS, db_index=True
    )
    datum = models.DateField(_("boekdatum"))
    soort = models.CharField(_("soort"), max_length=20, choices=BoekingSoort.choices)
    kostenpost = models.ForeignKey(
        Kostenpost,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="boekingen",
        verbose_name=_("kostenpost"),
    )
    financieringsbron = models.ForeignKey(
        Financieringsbron,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="boekingen",
        verbose_name=_("financieringsregel"),
    )
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    bedrag = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    uren = models.DecimalField(_("uren"), max_digits=8, decimal_places=2, null=True, blank=True)
    tarief = models.DecimalField(
        _("uurtarief"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    tegenboeking_van = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tegenboeking",
        verbose_name=_("tegenboeking van"),
    )
    reden = models.CharField(_("reden van de tegenboeking"), max_length=300, blank=True)
    geboekt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    geboekt_op = models.DateTimeField(_("geboekt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        ordering = ["-datum", "-pk"]
        indexes = [
            models.Index(fields=["loket", "jaar", "soort"], name="boeking_loket_jaar_soort"),
            models.Index(fields=["loket", "datum"], name="boeking_loket_datum"),
        ]
        constraints = [
            # A booking is on exactly one budget line.
            models.CheckConstraint(
                condition=(Q(kostenpost__isnull=False) & Q(financieringsbron__isnull=True))
                | (Q(kostenpost__isnull=True) & Q(financieringsbron__isnull=False)),
                name="boeking_op_een_regel",
            ),
            # Spending is on a cost line; commitments and realisations on a financing line.
            models.CheckConstraint(
                condition=Q(soort=BoekingSoort.BEGROOT)
                | Q(soort=BoekingSoort.UITGAVE, kostenpost__isnull=False)
                | Q(
                    soort__in=[BoekingSoort.TOEZEGGING, BoekingSoort.REALISATIE],
                    financieringsbron__isnull=False,
                ),
                name="boeking_soort_past_bij_regel",
            ),
            # Originals are positive; only a reversal carries the negative amount.
            models.CheckConstraint(
                condition=Q(tegenboeking_van__isnull=True, bedrag__gt=0)
                | Q(tegenboeking_van__isnull=False, bedrag__lt=0),
                name="boeking_teken_klopt",
            ),
            models.CheckConstraint(
                condition=Q(tegenboeking_van__isnull=True) | ~Q(reden=""),
                name="tegenboeking_heeft_reden",
            ),
            # In natura: hours and tariff both or neither, amount = hours x tariff (to the cent).
            models.CheckConstraint(
                condition=Q(uren__isnull=True, tarief__isnull=True)
                | Q(
                    uren__isnull=False,
                    tarief__isnull=False,
                    tarief__gt=0,
                    soort=BoekingSoort.REALISATIE,
                    bedrag=Round(F("uren") * F("tarief"), 2),
                ),
                name="boeking_uren_maal_tarief",
            ),
        ]
        triggers = [
            *append_only_triggers("boeking"),
            pgtrigger.Trigger(
                name="boeking_insert_check",
                operation=pgtrigger.Insert,
                when=pgtrigger.Before,
                declare=[
                    ("regel_loket", "bigint"),
                    ("regel_jaar", "integer"),
                    ("origineel", "financiering_boeking%ROWTYPE"),
                ],
                func=BOEKING_INSERT_CHECK,
            ),
        ]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.get_soort_display()} {self.bedrag}"

    @property
    def regel(self):
        return self.kostenpost or self.financieringsbron

    @property
    def is_tegenboeking(self) -> bool:
        return self.tegenboeking_van_id is not None

    @property
    def kwartaal(self) -> int:
        return kwartaal_van(self.datum)


class UrenInzet(LoketGebonden):
    """Hours a partner contributed in a month or quarter, per person or role, valued at the role's
    tariff and booked as an in-natura realisation. Append-only like the booking it produced."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    kwartaal = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    maand = models.PositiveSmallIntegerField(
        _("maand"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Leeg laten als de uren voor het hele kwartaal gelden."),
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    tarief = models.ForeignKey(
        Tarief, on_delete=models.PROTECT, related_name="inzet", verbose_name=_("rol (tarief)")
    )
    medewerker = models.CharField(
        _("medewerker of functie"),
        max_length=120,
        help_text=_("Bijvoorbeeld 'RMC-consulent' of de naam van de medewerker."),
    )
    uren = models.DecimalField(_("uren"), max_digits=8, decimal_places=2)
    boeking = models.OneToOneField(
        Boeking, on_delete=models.PROTECT, related_name="uren_inzet", verbose_name=_("boeking")
    )
    ingevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ingevoerd_op = models.DateTimeField(_("ingevoerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uren-inzet")
        verbose_name_plural = _("uren-inzet")
        ordering = ["-jaar", "-kwartaal", "organisatie", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(uren__gt=0), name="uren_inzet_positief"),
            models.CheckConstraint(
                condition=Q(maand__isnull=True) | Q(kwartaal=(F("maand") + 2) / 3),
                name="uren_inzet_maand_in_kwartaal",
            ),
        ]
        triggers = append_only_triggers("uren_inzet")

    def __str__(self):
        return f"{self.organisatie} {self.medewerker} {self.uren} uur"

    @property
    def periode(self) -> str:
        if self.maand:
            return f"{self.maand:02d}-{self.jaar}"
        return f"Q{self.kwartaal} {self.jaar}"


class Kwartaalbevestiging(LoketGebonden):
    """A partner confirms its realisation for a quarter. From then on no booking of that partner
    dated in that quarter is accepted (the insert trigger of Boeking checks it); a correction is
    a reversal in a later quarter. Never withdrawn."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="kwartaalbevestigingen"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    kwartaal = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    bevestigd_op = models.DateTimeField(_("bevestigd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("kwartaalbevestiging van een partner")
        verbose_name_plural = _("kwartaalbevestigingen van partners")
        ordering = ["loket", "jaar", "kwartaal", "organisatie"]
        constraints = [
            models.UniqueConstraint(
                fields=["loket", "organisatie", "jaar", "kwartaal"],
                name="kwartaalbevestiging_eenmaal",
            ),
            models.CheckConstraint(
                condition=Q(kwartaal__gte=1, kwartaal__lte=4), name="kwartaalbevestiging_1_tot_4"
            ),
        ]
        triggers = append_only_triggers("kwartaalbevestiging")

    def __str__(self):
        return f"Q{self.kwartaal} {self.jaar} bevestigd door {self.organisatie}"


class Urenopgave(LoketGebonden):
    """Hours a partner user submits for its own organisation. They count only once the
    projectleider approves them: approval books them (UrenInzet + Boeking). The judgement is set
    once; the database refuses any other change and every delete."""

    class Status(models.TextChoices):
        INGEDIEND = "ingediend", _("Ingediend, wacht op goedkeuring")
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd en geboekt")
        AFGEKEURD = "afgekeurd", _("Afgekeurd")

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="urenopgaven"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=JAAR_VALIDATORS)
    kwartaal = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    tarief = models.ForeignKey(
        Tarief, on_delete=models.PROTECT, related_name="+", verbose_name=_("rol (tarief)")
    )
    medewerker = models.CharField(_("medewerker of functie"), max_length=120)
    uren = models.DecimalField(_("uren"), max_digits=8, decimal_places=2)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ingediend_op = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.INGEDIEND
    )
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reden_afkeuring = models.CharField(_("reden van afkeuring"), max_length=300, blank=True)
    uren_inzet = models.OneToOneField(
        UrenInzet, on_delete=models.PROTECT, null=True, blank=True, related_name="opgave"
    )

    class Meta:
        verbose_name = _("urenopgave van een partner")
        verbose_name_plural = _("urenopgaven van partners")
        ordering = ["-ingediend_op", "-pk"]
        indexes = [models.Index(fields=["loket", "status"], name="urenopgave_loket_status")]
        constraints = [
            models.CheckConstraint(condition=Q(uren__gt=0), name="urenopgave_uren_positief"),
            models.CheckConstraint(
                condition=Q(status="ingediend", beoordeeld_op__isnull=True, uren_inzet__isnull=True)
                | Q(status="goedgekeurd", beoordeeld_op__isnull=False, uren_inzet__isnull=False)
                | (
                    Q(status="afgekeurd", beoordeeld_op__isnull=False, uren_inzet__isnull=True)
                    & ~Q(reden_afkeuring="")
                ),
                name="urenopgave_status_compleet",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="urenopgave_geen_delete", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="urenopgave_eenmaal_beoordeeld",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition("OLD.status <> 'ingediend'"),
            ),
        ]

    def __str__(self):
        return f"{self.organisatie} Q{self.kwartaal} {self.jaar}: {self.uren} uur"

    @property
    def bedrag(self) -> Decimal:
        """What the hours are worth at their tariff (what approval will book)."""
        return rond_af(self.uren * self.tarief.uurtarief)
