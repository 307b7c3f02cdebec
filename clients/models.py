"""Clients (klanten), their intakes and contacts, and employers with their contacts.

No BSN anywhere: a leerwerkloket has no legal basis to process it (art. 46 UAVG). A client is
identified by the desk's own client number.
"""

import datetime
from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loket.models import Gemeente, Loket, Organisatie
from loket.scope import LoketGebonden, loket_historie_basis

from . import leeftijd
from .constants import (
    Dienst,
    Doelgroep,
    Hoofddoel,
    Kanaal,
    Opleidingsniveau,
    Uitstroom,
    Verwijzer,
    WerkgeverscontactSoort,
)
from .validators import validate_kvk, validate_postcode

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Klantnummerreeks(LoketGebonden):
    """The last client number handed out per loket per year (see services.volgend_klantnummer)."""

    loket = models.ForeignKey(Loket, on_delete=models.CASCADE)
    jaar = models.PositiveSmallIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["loket", "jaar"], name="klantnummerreeks_uniek")
        ]

    def __str__(self):
        return f"{self.loket_id}-{self.jaar}: {self.laatste}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    # Snapshots keep previous values of every change, bulk updates included (a database trigger).
    exclude=["zoeknaam"],
    model_name="KlantHistorie",
    base_model=loket_historie_basis(),
)
class Klant(LoketGebonden):
    # The snapshots django-pghistory keeps (KlantHistorie, made by the decorator at runtime).
    events: "RelatedManager[models.Model]"

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="klanten")
    klantnummer = models.CharField(_("klantnummer"), max_length=20, unique=True, editable=False)
    voornaam = models.CharField(_("voornaam"), max_length=80)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=120)
    geboortedatum = models.DateField(_("geboortedatum"), null=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[validate_postcode]
    )
    woongemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("woongemeente"),
        help_text=_("Leeg laten als de klant buiten de regio woont."),
    )
    telefoon = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    doelgroep = models.CharField(
        _("doelgroep / situatie"), max_length=20, choices=Doelgroep.choices
    )
    opleidingsniveau = models.CharField(
        _("hoogst afgeronde opleiding"), max_length=20, choices=Opleidingsniveau.choices
    )
    startkwalificatie = models.BooleanField(
        _("startkwalificatie"),
        default=False,
        help_text=_("Diploma havo of vwo, of mbo niveau 2 of hoger."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    laatste_activiteit = models.DateField(
        _("laatste activiteit"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Datum van de laatste intake, contact of trajectstap; telt voor de bewaartermijn."
        ),
    )
    # Lower-cased full name for "contains" search. Searches are scoped to one loket, whose
    # rows the (loket, ...) indexes narrow down first; the embedded PostgreSQL has no pg_trgm.
    zoeknaam = models.GeneratedField(
        expression=Lower(
            models.functions.Concat(
                "voornaam", models.Value(" "), "tussenvoegsel", models.Value(" "), "achternaam"
            )
        ),
        output_field=models.CharField(max_length=230),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("klant")
        verbose_name_plural = _("klanten")
        ordering = ["achternaam", "voornaam"]
        indexes = [
            models.Index(fields=["loket", "geboortedatum"], name="klant_loket_geboortedatum"),
            models.Index(fields=["loket", "email"], name="klant_loket_email"),
            # The client list: its order, and its count as an index-only scan (the heap visit
            # per client took 200 ms for a loket of 50,000 clients; now 9 ms).
            models.Index(
                fields=["loket", "achternaam", "voornaam", "id"],
                condition=models.Q(geanonimiseerd_op__isnull=True),
                name="klant_loket_actief",
            ),
            models.Index(fields=["loket", "postcode"], name="klant_loket_postcode"),
        ]

    def __str__(self):
        return f"{self.volledige_naam} ({self.klantnummer})"

    def get_absolute_url(self):
        return reverse("clients:klant_detail", args=[self.pk])

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in [self.voornaam, self.tussenvoegsel, self.achternaam] if p)

    def leeftijd_op(self, datum: datetime.date) -> int | None:
        if self.geboortedatum is None:
            return None
        return leeftijd.leeftijd_op(self.geboortedatum, datum)

    def leeftijdsgroep_op(self, datum: datetime.date) -> str | None:
        return leeftijd.leeftijdsgroep(self.leeftijd_op(datum))


class Intake(LoketGebonden):
    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    klant = models.ForeignKey(Klant, on_delete=models.PROTECT, related_name="intakes")
    datum = models.DateField(_("datum intake"))
    kanaal = models.CharField(_("kanaal"), max_length=20, choices=Kanaal.choices)
    hoofddoel = models.CharField(_("hoofddoel"), max_length=20, choices=Hoofddoel.choices)
    verwijzer = models.CharField(_("verwijzer"), max_length=20, choices=Verwijzer.choices)
    werkcoach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="intakes",
        verbose_name=_("werkcoach"),
    )
    toestemming_delen = models.BooleanField(
        _("toestemming om gegevens te delen met partners"), default=False
    )
    toestemming_datum = models.DateField(_("datum toestemming"), null=True, blank=True)
    notities = models.TextField(_("notities"), blank=True, max_length=4000)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["loket", "datum"], name="intake_loket_datum")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(toestemming_delen=False)
                | models.Q(toestemming_datum__isnull=False),
                name="intake_toestemming_heeft_datum",
            )
        ]

    def __str__(self):
        return f"Intake {self.datum:%d-%m-%Y}"


class Contactmoment(LoketGebonden):
    """A contact or service; appended, never edited (corrections are new contacts)."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    klant = models.ForeignKey(Klant, on_delete=models.PROTECT, related_name="contactmomenten")
    datum = models.DateField(_("datum"))
    dienst = models.CharField(_("dienst"), max_length=24, choices=Dienst.choices)
    duur_minuten = models.PositiveSmallIntegerField(
        _("duur (minuten)"), validators=[MinValueValidator(1), MaxValueValidator(480)]
    )
    notitie = models.CharField(_("korte notitie"), max_length=500, blank=True)
    warme_overdracht_naar = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("warme overdracht naar"),
        help_text=_("Alleen invullen bij een doorverwijzing met warme overdracht."),
    )
    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    # A correction is a new row that replaces the contact it points to (with the right values,
    # or, withdrawn, with none that count); the mistaken row stays as it was recorded.
    corrigeert = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correctie",
        verbose_name=_("correctie van"),
    )
    ingetrokken = models.BooleanField(_("ingetrokken"), default=False)
    reden = models.CharField(_("reden van de correctie"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["loket", "datum"], name="contact_loket_datum")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(corrigeert__isnull=True, ingetrokken=False, reden="")
                | (models.Q(corrigeert__isnull=False) & ~models.Q(reden="")),
                name="contact_correctie_met_reden",
            )
        ]

    def __str__(self):
        return f"{self.get_dienst_display()} {self.datum:%d-%m-%Y}"


class Werkgever(LoketGebonden):
    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="werkgevers")
    naam = models.CharField(_("naam"), max_length=160)
    kvk_nummer = models.CharField(
        _("KvK-nummer"), max_length=8, validators=[validate_kvk], help_text=_("8 cijfers.")
    )
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("gemeente")
    )
    erkend_leerbedrijf = models.BooleanField(_("erkend leerbedrijf (SBB)"), default=False)
    contactpersoon = models.CharField(_("contactpersoon"), max_length=120, blank=True)
    contact_telefoon = models.CharField(_("telefoon contactpersoon"), max_length=20, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["loket", "kvk_nummer"], name="werkgever_kvk_uniek_per_loket"
            )
        ]

    def __str__(self):
        return self.naam


class Werkgeverscontact(LoketGebonden):
    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    werkgever = models.ForeignKey(Werkgever, on_delete=models.PROTECT, related_name="contacten")
    datum = models.DateField(_("datum"))
    soort = models.CharField(
        _("soort contact"), max_length=20, choices=WerkgeverscontactSoort.choices
    )
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("namens partner"),
    )
    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    afspraken = models.TextField(_("gemaakte afspraken"), blank=True, max_length=4000)
    leerbanen = models.PositiveSmallIntegerField(_("leerbanen gevonden"), default=0)
    vacatures = models.PositiveSmallIntegerField(_("vacatures gevonden"), default=0)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("werkgeverscontact")
        verbose_name_plural = _("werkgeverscontacten")
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["loket", "datum"], name="wgcontact_loket_datum")]

    def __str__(self):
        return f"{self.get_soort_display()} {self.werkgever} {self.datum:%d-%m-%Y}"


def _documentpad(document: "Document", bestandsnaam: str) -> str:
    """A random name under the client's folder: the uploaded name (which may hold a person's
    name) is kept in the row, never in the file system."""
    import uuid

    return f"documenten/{document.loket_id}/{document.klant_id}/{uuid.uuid4().hex}"


class Document(LoketGebonden):
    """A file about a client (cv, EVC portfolio, praktijkovereenkomst) on the private storage;
    downloaded only through the logged download view, removed when the client is anonymised."""

    class Soort(models.TextChoices):
        CV = "cv", _("Cv")
        EVC_PORTFOLIO = "evc_portfolio", _("EVC-portfolio")
        PRAKTIJKOVEREENKOMST = "praktijkovereenkomst", _("Praktijkovereenkomst")

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    klant = models.ForeignKey(Klant, on_delete=models.PROTECT, related_name="documenten")
    soort = models.CharField(_("soort document"), max_length=24, choices=Soort.choices)
    bestand = models.FileField(upload_to=_documentpad, max_length=200)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    inhoudstype = models.CharField(max_length=100)
    grootte = models.PositiveIntegerField()
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    geupload_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-geupload_op", "-pk"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.bestandsnaam}"


class Dossierafsluiting(LoketGebonden):
    """A client's file closed outside a trajectory (uitstroom, with a reason): appended, never
    edited; a later intake reopens the file."""

    loket = models.ForeignKey(Loket, on_delete=models.PROTECT, related_name="+")
    klant = models.ForeignKey(Klant, on_delete=models.PROTECT, related_name="afsluitingen")
    datum = models.DateField(_("datum van afsluiten"))
    uitstroom = models.CharField(_("uitstroom"), max_length=20, choices=Uitstroom.choices)
    reden = models.CharField(_("toelichting"), max_length=500)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossierafsluiting")
        verbose_name_plural = _("dossierafsluitingen")
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"{self.get_uitstroom_display()} {self.datum:%d-%m-%Y}"
