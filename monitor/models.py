"""Targets, satisfaction scores, the year plan with its status history, the kerngroep's action
list and the projectleider's quarterly review."""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.db import append_only_triggers
from loket.models import Loket, Organisatie, Regio
from loket.scope import LoketGebonden, loket_historie_basis

from .constants import Stoplicht, TevredenheidSoort

KWARTAAL = [MinValueValidator(1), MaxValueValidator(4)]


@pghistory.track(
    # Every add, change and end of a target, whoever made it and however (a database trigger).
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="DoelstellingHistorie",
    base_model=loket_historie_basis(),
)
class Doelstelling(LoketGebonden):
    """A target for one indicator over a period, e.g. 400 EVC certificates by 31-12-2012; a target
    on a satisfaction indicator is the desk's satisfaction norm (e.g. at least 6,8)."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="doelstellingen")
    indicator = models.CharField(_("indicator"), max_length=40)
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("streefdatum"))
    streefwaarde = models.DecimalField(
        _("streefwaarde"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    marge_pct = models.DecimalField(
        _("marge oranje (%)"),
        max_digits=5,
        decimal_places=2,
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Tot zoveel procent onder de verwachte waarde is het stoplicht oranje."),
    )

    class Meta:
        verbose_name = _("doelstelling")
        verbose_name_plural = _("doelstellingen")
        ordering = ["einddatum", "indicator"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(einddatum__gt=models.F("startdatum")),
                name="doelstelling_eind_na_start",
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.streefwaarde} op {self.einddatum:%d-%m-%Y}"


class Tevredenheidsmeting(LoketGebonden):
    """A satisfaction score (1-10) of private clients or employers: one answer or a survey's average."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(_("wie"), max_length=12, choices=TevredenheidSoort.choices)
    datum = models.DateField(_("datum"))
    score = models.DecimalField(
        _("gemiddeld cijfer"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    respondenten = models.PositiveIntegerField(
        _("aantal respondenten"), default=1, validators=[MinValueValidator(1)]
    )
    bron = models.CharField(
        _("bron"),
        max_length=120,
        blank=True,
        help_text=_("Bijvoorbeeld: enquête Q3, of na contactmoment."),
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tevredenheidsmeting")
        verbose_name_plural = _("tevredenheidsmetingen")
        ordering = ["-datum"]
        indexes = [models.Index(fields=["loket", "datum"], name="tevredenheid_loket_datum")]

    def __str__(self):
        return f"{self.get_soort_display()} {self.score} ({self.datum:%d-%m-%Y})"


class JaarplanDoel(LoketGebonden):
    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    titel = models.CharField(_("doel"), max_length=200)
    meetbaar_resultaat = models.CharField(_("meetbaar resultaat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("jaarplandoel")
        verbose_name_plural = _("jaarplandoelen")
        ordering = ["jaar", "volgorde", "pk"]

    def __str__(self):
        return self.titel


class Prestatie(LoketGebonden):
    """An action in the year plan, with who leads it and the quarter it should be done."""

    loket_pad = "doel__loket"

    doel = models.ForeignKey(JaarplanDoel, on_delete=models.PROTECT, related_name="prestaties")
    omschrijving = models.CharField(_("prestatie"), max_length=300)
    trekker_organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("trekker (organisatie)"),
    )
    trekker_persoon = models.CharField(_("trekker (persoon)"), max_length=120, blank=True)
    gereed_jaar = models.PositiveSmallIntegerField(_("gereed in jaar"))
    gereed_kwartaal = models.PositiveSmallIntegerField(_("gereed in kwartaal"), validators=KWARTAAL)

    class Meta:
        verbose_name = _("prestatie")
        verbose_name_plural = _("prestaties")
        ordering = ["doel", "gereed_jaar", "gereed_kwartaal", "pk"]

    def __str__(self):
        return self.omschrijving


class PrestatieStatus(LoketGebonden):
    """A status judgement of a prestatie in a quarter. Appended, never edited: the history shows
    how the traffic light moved quarter by quarter."""

    loket_pad = "prestatie__doel__loket"

    prestatie = models.ForeignKey(Prestatie, on_delete=models.PROTECT, related_name="statussen")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    kwartaal = models.PositiveSmallIntegerField(_("kwartaal"), validators=KWARTAAL)
    stoplicht = models.CharField(_("status"), max_length=8, choices=Stoplicht.choices)
    toelichting = models.CharField(_("toelichting"), max_length=500)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("status van een prestatie")
        verbose_name_plural = _("statussen van prestaties")
        ordering = ["prestatie", "op", "pk"]
        triggers = append_only_triggers("prestatiestatus")

    def __str__(self):
        return f"{self.prestatie} Q{self.kwartaal} {self.jaar}: {self.stoplicht}"


class Actie(LoketGebonden):
    """The kerngroep's action list: actie, wie, wanneer, afgewerkt."""

    # Not stored: monitor.rapport sets these for the report's period.
    afgewerkt: bool
    te_laat_in_periode: bool

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    actie = models.CharField(_("actie"), max_length=300)
    wie = models.CharField(_("wie"), max_length=120)
    wanneer = models.DateField(_("wanneer"))
    afgewerkt_op = models.DateField(_("afgewerkt op"), null=True, blank=True)
    opmerking = models.CharField(_("opmerking"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("actielijst")
        ordering = ["afgewerkt_op", "wanneer", "pk"]

    def __str__(self):
        return self.actie

    @property
    def te_laat(self) -> bool:
        return self.afgewerkt_op is None and self.wanneer < timezone.localdate()


class Kwartaaltoelichting(LoketGebonden):
    """The projectleider's qualitative review of a quarter."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    kwartaal = models.PositiveSmallIntegerField(_("kwartaal"), validators=KWARTAAL)
    samenwerking = models.TextField(_("samenwerking"), blank=True, max_length=4000)
    knelpunten = models.TextField(_("knelpunten"), blank=True, max_length=4000)
    vooruitblik = models.TextField(_("vooruitblik"), blank=True, max_length=4000)
    bijgewerkt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kwartaaltoelichting")
        verbose_name_plural = _("kwartaaltoelichtingen")
        constraints = [
            models.UniqueConstraint(
                fields=["loket", "jaar", "kwartaal"], name="toelichting_per_kwartaal"
            )
        ]

    def __str__(self):
        return f"Toelichting Q{self.kwartaal} {self.jaar}"


def rapport_pad(rapport: "Kwartaalrapport", bestandsnaam: str) -> str:
    """Reports live under rapporten/<loket code>/ on the private default storage."""
    return f"rapporten/{rapport.loket.code}/{bestandsnaam}"


class PeilSoort(models.TextChoices):
    AFSLUITING = "afsluiting", _("afsluiting van het kwartaal")
    GEKOZEN = "gekozen", _("gekozen peildatum")
    OPMAAK = "opmaak", _("moment van opmaak")


class Rapportopdracht(models.Model):
    """What every rendered PDF report shares: its way through the queue (status, attempts, the
    moments it was sent, started and finished), the private file and the figures as they stood at
    its peilmoment. monitor/rapport_opmaken.py renders any of them exactly once."""

    class Status(models.TextChoices):
        IN_WACHTRIJ = "in_wachtrij", _("In wachtrij")
        BEZIG = "bezig", _("Bezig")
        KLAAR = "klaar", _("Klaar")
        MISLUKT = "mislukt", _("Mislukt")

    jaar = models.PositiveSmallIntegerField(_("jaar"))
    kwartaal = models.PositiveSmallIntegerField(_("kwartaal"), validators=KWARTAAL)
    versie = models.PositiveSmallIntegerField(_("versie"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_WACHTRIJ
    )
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg als het rapport volgens het schema is gemaakt."),
    )
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    verzonden_op = models.DateTimeField(
        _("in de wachtrij gezet op"),
        null=True,
        blank=True,
        help_text=_(
            "Wanneer de opdracht het laatst aan de wachtrij (Redis) is gegeven. Leeg: de "
            "wachtrij was niet bereikbaar; het rapport wordt verstuurd zodra die terug is."
        ),
    )
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)
    checksum = models.CharField(
        _("controlegetal van de cijfers"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 van de cijfers in het rapport (canonieke JSON)."),
    )
    foutmelding = models.TextField(_("foutmelding"), blank=True)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    definitief = models.BooleanField(
        _("definitief"),
        default=False,
        help_text=_("Het kwartaal was op het peilmoment afgesloten; anders voorlopig."),
    )
    cijfers = models.JSONField(
        _("cijfers van deze versie"),
        default=dict,
        blank=True,
        help_text=_("De getoonde cijfers, om een volgende versie mee te vergelijken."),
    )

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        return f"Q{self.kwartaal} {self.jaar}"

    @property
    def loopt(self) -> bool:
        return self.status in {self.Status.IN_WACHTRIJ, self.Status.BEZIG}

    @property
    def wacht_op_wachtrij(self) -> bool:
        """Queued but not yet handed to the broker: it was unreachable at the request."""
        return self.status == self.Status.IN_WACHTRIJ and self.verzonden_op is None

    @property
    def status_cijfers(self) -> str:
        return "definitief" if self.definitief else "voorlopig"


class Kwartaalrapport(LoketGebonden, Rapportopdracht):
    """One rendered (or to be rendered) version of the quarterly PDF report of a loket.

    Requesting the same quarter again adds a version; earlier versions stay downloadable. The file
    is on the private default storage (no public URL): only the download view serves it."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    bestand = models.FileField(_("bestand"), upload_to=rapport_pad, blank=True, max_length=200)
    # Figures as they stood: the report counts only facts recorded up to its peilmoment.
    peilmoment = models.DateTimeField(
        _("peilmoment"),
        null=True,
        blank=True,
        help_text=_(
            "De cijfers zijn zoals bekend op dit moment. Leeg bij de aanvraag: de afsluiting van "
            "het kwartaal, of het moment van opmaak zolang het kwartaal open is."
        ),
    )
    peil_soort = models.CharField(
        _("soort peilmoment"), max_length=12, choices=PeilSoort.choices, blank=True
    )
    revisies = models.JSONField(
        _("wijzigingen ten opzichte van de vorige versie"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("kwartaalrapport")
        verbose_name_plural = _("kwartaalrapporten")
        ordering = ["-jaar", "-kwartaal", "-versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["loket", "jaar", "kwartaal", "versie"], name="kwartaalrapport_versie"
            )
        ]

    def __str__(self):
        return f"Kwartaalrapport Q{self.kwartaal} {self.jaar} versie {self.versie}"

    @property
    def bestandsnaam(self) -> str:
        return f"kwartaalrapport-{self.loket.code}-{self.jaar}-Q{self.kwartaal}-v{self.versie}.pdf"


def programmarapport_pad(rapport: "Programmarapport", bestandsnaam: str) -> str:
    """National and regional reports live under rapporten/programma/ on the private storage."""
    return f"rapporten/programma/{bestandsnaam}"


class Programmarapport(Rapportopdracht):
    """One version of the programme's quarterly PDF over several loketten: every loket of the
    installation (regio empty: the national report) or those of one region, with the same
    protection as the stuurgroep's figures (monitor/programma.py). Not a loket's data: its
    figures are published aggregates, so it is no tenant model."""

    regio = models.ForeignKey(
        Regio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: het landelijke rapport (alle loketten)."),
    )
    bestand = models.FileField(
        _("bestand"), upload_to=programmarapport_pad, blank=True, max_length=200
    )
    # The moment the figures were read: facts recorded later do not change this version.
    peilmoment = models.DateTimeField(_("peilmoment"), null=True, blank=True)
    loketten = models.PositiveSmallIntegerField(_("aantal loketten"), default=0)

    class Meta:
        verbose_name = _("programmarapport")
        verbose_name_plural = _("programmarapporten")
        ordering = ["-jaar", "-kwartaal", "-versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["regio", "jaar", "kwartaal", "versie"],
                name="programmarapport_versie",
                nulls_distinct=False,  # one version 1 of the national report, not many
            )
        ]

    def __str__(self):
        return f"{self.bereik} rapport Q{self.kwartaal} {self.jaar} versie {self.versie}"

    @property
    def bereik(self) -> str:
        return "Landelijk" if self.regio_id is None else f"Regio {self.regio}"

    @property
    def bestandsnaam(self) -> str:
        scope = "landelijk" if self.regio_id is None else f"regio-{self.regio_id}"
        return f"programmarapport-{scope}-{self.jaar}-Q{self.kwartaal}-v{self.versie}.pdf"


class Telstand(models.Model):
    """A kept count (issue 17, ADR 0062): how many facts of one source (bron) fall in one month of
    a loket, in total (dimensie "") or for one value of one breakdown. Written only by
    monitor/telstand/bijhouden.py (compaction and rebuild); readers add the pending mutations.
    Ids, not names, for gemeente/aanbieder/partner: a rename needs no update.
    A plain loket id (no foreign key): the rows are derived data, rebuilt from the events."""

    loket_id = models.IntegerField()
    maand = models.DateField()
    bron = models.CharField(max_length=80)
    dimensie = models.CharField(max_length=20)
    waarde = models.CharField(max_length=40)
    aantal = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["loket_id", "maand", "bron", "dimensie", "waarde"], name="telstand_sleutel"
            )
        ]
        indexes = [
            # The compaction removes counts that dropped to zero without scanning the table.
            models.Index(fields=["id"], condition=models.Q(aantal=0), name="telstand_nul")
        ]

    def __str__(self):
        return f"{self.loket_id} {self.maand:%Y-%m} {self.bron} {self.dimensie}={self.waarde}: {self.aantal}"


class Telstandmutatie(models.Model):
    """A change of a kept count, appended by the database triggers of the event tables (never
    an upsert: 50 concurrent intakes must not queue on one counter row). The compaction folds
    them into Telstand; until then readers add them, so figures are exact at any moment."""

    loket_id = models.IntegerField()
    maand = models.DateField()
    bron = models.CharField(max_length=80)
    dimensie = models.CharField(max_length=20)
    waarde = models.CharField(max_length=40)
    aantal = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["loket_id", "maand"], name="telstandmutatie_loket")]

    def __str__(self):
        return f"{self.loket_id} {self.maand:%Y-%m} {self.bron} {self.dimensie}={self.waarde}: {self.aantal:+d}"
