"""Every write of beheer, each in one transaction with its change-log row. Services take keyword
arguments and the acting user as `door`."""

import datetime

from axes.utils import reset as axes_reset
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.constants import Rol
from loket.models import Gemeente, Loket, Organisatie, Regio, User

from .constants import UITNODIGING_GELDIG_UUR, Doel, Onderwerp
from .models import GebruikerSessie, LoketInstelling, Uitnodiging
from .tasks import mail_na_commit
from .wijzigingen import log_wijziging

AANTAL_HERSTELCODES = 10


class BeheerFout(Exception):
    """A refused change, with the Dutch reason for the user."""


def _maak_uitnodiging(*, gebruiker, doel: str, door) -> str:
    """A new single-use link for gebruiker; earlier open links of the user stop working."""
    nu = timezone.now()
    Uitnodiging.objects.filter(gebruiker=gebruiker).geldig().update(ingetrokken_op=nu)
    token, digest = Uitnodiging.nieuw_token()
    Uitnodiging.objects.create(
        gebruiker=gebruiker,
        doel=doel,
        token_hash=digest,
        aangemaakt_door=door if getattr(door, "pk", None) else None,
        geldig_tot=nu + datetime.timedelta(hours=UITNODIGING_GELDIG_UUR),
    )
    return token


def _mail_link(*, gebruiker, doel: str, token: str, door) -> None:
    link = reverse("account:uitnodiging", kwargs={"token": token})
    if doel == Doel.UITNODIGING:
        onderwerp = "Uitnodiging voor het Leerwerkloket"
        template = "beheer/mail/uitnodiging.txt"
    else:
        onderwerp = "Koppel uw authenticator-app opnieuw"
        template = "beheer/mail/tweede_factor.txt"
    mail_na_commit(
        gebruiker.email,
        onderwerp,
        template,
        {"gebruiker": gebruiker, "link": link, "uren": UITNODIGING_GELDIG_UUR, "door": door},
    )


def _gebruiker_log(door, gebruiker, onderwerp, actie, oud=None, nieuw=None, reden="") -> None:
    log_wijziging(
        door=door,
        loket=gebruiker.loket,
        onderwerp=onderwerp,
        object_id=gebruiker.pk,
        object_naam=gebruiker.username,
        actie=actie,
        oud=oud,
        nieuw=nieuw,
        reden=reden,
    )


def _controleer_rol(loket, rol: str, organisatie) -> None:
    if rol == Rol.PARTNER and organisatie is None:
        raise BeheerFout("Een partner hoort bij een partnerorganisatie: kies de organisatie.")
    if organisatie is not None and organisatie.loket_id != loket.pk:
        raise BeheerFout("Deze organisatie hoort niet bij uw loket.")


def _controleer_programmarol(loket, rol: str, regio) -> None:
    """The programme roles belong to no loket; the role regio needs its region (the database
    checks it too: gebruiker_regio_alleen_en_altijd_bij_rol_regio)."""
    programmarol = rol in (Rol.REGIO, Rol.LANDELIJK)
    if programmarol and loket is not None:
        raise BeheerFout("Een landelijke of regionale gebruiker hoort niet bij één loket.")
    if not programmarol and loket is None:
        raise BeheerFout("Kies het loket van deze gebruiker.")
    if rol == Rol.REGIO and regio is None:
        raise BeheerFout("Kies de arbeidsmarktregio van deze regionale gebruiker.")
    if rol != Rol.REGIO and regio is not None:
        raise BeheerFout("Alleen een regionale gebruiker hoort bij een arbeidsmarktregio.")


@transaction.atomic
def nodig_uit(
    *,
    door,
    loket,
    voornaam: str,
    achternaam: str,
    email: str,
    rol: str,
    organisatie=None,
    regio=None,
) -> User:
    """Create the account (no usable password yet) and mail a link valid for 72 hours. The
    programme roles (regio, landelijk) have no loket; the role regio has a region."""
    _controleer_programmarol(loket, rol, regio)
    if loket is not None:
        _controleer_rol(loket, rol, organisatie)
    email = email.strip().lower()
    if User.objects.filter(username__iexact=email).exists():
        raise BeheerFout("Er bestaat al een account met dit e-mailadres.")
    gebruiker = User(
        username=email,
        email=email,
        first_name=voornaam.strip(),
        last_name=achternaam.strip(),
        loket=loket,
        rol=rol,
        organisatie=organisatie,
        regio=regio,
    )
    gebruiker.set_unusable_password()
    gebruiker.save()
    token = _maak_uitnodiging(gebruiker=gebruiker, doel=Doel.UITNODIGING, door=door)
    _mail_link(gebruiker=gebruiker, doel=Doel.UITNODIGING, token=token, door=door)
    _gebruiker_log(
        door,
        gebruiker,
        Onderwerp.GEBRUIKER,
        "Uitgenodigd",
        nieuw=f"{gebruiker.get_rol_display()}"
        + (f", {organisatie}" if organisatie else "")
        + (f", {regio}" if regio else ""),
    )
    return gebruiker


@transaction.atomic
def nodig_opnieuw_uit(*, door, gebruiker) -> None:
    """A new invitation for a user who never finished the first one (e.g. it expired)."""
    if gebruiker.has_usable_password():
        raise BeheerFout(
            "Deze gebruiker heeft al een wachtwoord; een nieuwe uitnodiging is niet nodig."
        )
    token = _maak_uitnodiging(gebruiker=gebruiker, doel=Doel.UITNODIGING, door=door)
    _mail_link(gebruiker=gebruiker, doel=Doel.UITNODIGING, token=token, door=door)
    _gebruiker_log(door, gebruiker, Onderwerp.GEBRUIKER, actie="Opnieuw uitgenodigd")


@transaction.atomic
def wijzig_gebruiker(
    *, door, gebruiker, voornaam: str, achternaam: str, rol: str, organisatie=None
) -> None:
    """Name, role and organisation; one change-log row per changed value."""
    _controleer_rol(gebruiker.loket, rol, organisatie)
    if gebruiker.pk == door.pk and rol != gebruiker.rol:
        raise BeheerFout("U kunt uw eigen rol niet wijzigen; vraag een andere beheerder.")
    gebruiker = User.objects.select_for_update().get(pk=gebruiker.pk)
    wijzigingen = [
        (
            "Naam gewijzigd",
            Onderwerp.GEBRUIKER,
            gebruiker.get_full_name(),
            f"{voornaam} {achternaam}".strip(),
        ),
        ("Rol gewijzigd", Onderwerp.ROL, gebruiker.get_rol_display(), Rol(rol).label),
        ("Organisatie gewijzigd", Onderwerp.GEBRUIKER, gebruiker.organisatie, organisatie),
    ]
    gebruiker.first_name, gebruiker.last_name = voornaam.strip(), achternaam.strip()
    gebruiker.rol, gebruiker.organisatie = rol, organisatie
    gebruiker.save(update_fields=["first_name", "last_name", "rol", "organisatie"])
    for actie, onderwerp, oud, nieuw in wijzigingen:
        if str(oud or "") != str(nieuw or ""):
            _gebruiker_log(door, gebruiker, onderwerp, actie, oud or "", nieuw or "")


def beeindig_sessies(gebruiker) -> int:
    """End every session the user logged in with (one DELETE, whatever their number)."""
    sleutels = GebruikerSessie.objects.filter(gebruiker=gebruiker).values("session_key")
    aantal, _ = Session.objects.filter(session_key__in=sleutels).delete()
    GebruikerSessie.objects.filter(gebruiker=gebruiker).delete()
    return aantal


@transaction.atomic
def deactiveer(*, door, gebruiker, reden: str) -> None:
    if gebruiker.pk == door.pk:
        raise BeheerFout("U kunt uw eigen account niet deactiveren.")
    if not gebruiker.is_active:
        raise BeheerFout("Deze gebruiker is al gedeactiveerd.")
    User.objects.filter(pk=gebruiker.pk).update(is_active=False)
    Uitnodiging.objects.filter(gebruiker=gebruiker).geldig().update(ingetrokken_op=timezone.now())
    sessies = beeindig_sessies(gebruiker)
    _gebruiker_log(
        door,
        gebruiker,
        Onderwerp.GEBRUIKER,
        actie="Gedeactiveerd" + (f" ({sessies} sessie(s) beëindigd)" if sessies else ""),
        oud="actief",
        nieuw="gedeactiveerd",
        reden=reden,
    )


@transaction.atomic
def reactiveer(*, door, gebruiker) -> None:
    if gebruiker.is_active:
        raise BeheerFout("Deze gebruiker is al actief.")
    User.objects.filter(pk=gebruiker.pk).update(is_active=True)
    _gebruiker_log(
        door,
        gebruiker,
        Onderwerp.GEBRUIKER,
        actie="Gereactiveerd",
        oud="gedeactiveerd",
        nieuw="actief",
    )


def verwijder_tweede_factor(gebruiker) -> None:
    TOTPDevice.objects.filter(user=gebruiker).delete()
    StaticDevice.objects.filter(user=gebruiker).delete()


@transaction.atomic
def reset_tweede_factor(*, door, gebruiker, reden: str) -> str | None:
    """Lost phone: the authenticator and the recovery codes stop working, every session ends, and
    the user gets a link by mail to couple a new app (the password alone does not enrol).

    A user without an e-mail address gets no mail: the link is returned, for the beheerder to hand
    over in person (it is shown once and stored only as a hash)."""
    if not reden.strip():
        raise BeheerFout("Vul de reden in.")
    verwijder_tweede_factor(gebruiker)
    beeindig_sessies(gebruiker)
    doel = Doel.UITNODIGING if not gebruiker.has_usable_password() else Doel.TWEEDE_FACTOR
    token = _maak_uitnodiging(gebruiker=gebruiker, doel=doel, door=door)
    link = None
    if gebruiker.email:
        _mail_link(gebruiker=gebruiker, doel=doel, token=token, door=door)
    else:
        link = reverse("account:uitnodiging", kwargs={"token": token})
    _gebruiker_log(
        door,
        gebruiker,
        Onderwerp.TWEEDE_FACTOR,
        actie="Tweede factor gereset; koppellink "
        + ("gemaild" if link is None else "persoonlijk overhandigd"),
        oud="gekoppeld",
        nieuw="opnieuw koppelen",
        reden=reden.strip(),
    )
    return link


@transaction.atomic
def hef_blokkade_op(*, door, gebruiker) -> int:
    aantal = axes_reset(username=gebruiker.username)
    _gebruiker_log(
        door,
        gebruiker,
        Onderwerp.BLOKKADE,
        actie="Inlogblokkade opgeheven",
        oud="geblokkeerd",
        nieuw="vrij",
    )
    return aantal


# --- Account (the user acting on their own account through a link) -----------------------


@transaction.atomic
def zet_wachtwoord_via_uitnodiging(*, uitnodiging, wachtwoord: str) -> None:
    gebruiker = uitnodiging.gebruiker
    gebruiker.set_password(wachtwoord)
    gebruiker.save(update_fields=["password"])
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(wachtwoord_gezet_op=timezone.now())
    uitnodiging.wachtwoord_gezet_op = timezone.now()
    _gebruiker_log(
        gebruiker, gebruiker, Onderwerp.WACHTWOORD, actie="Wachtwoord ingesteld via uitnodiging"
    )


@transaction.atomic
def bevestig_koppeling(*, uitnodiging, device) -> None:
    """The new authenticator works: it replaces every other device, the link is used up."""
    gebruiker = uitnodiging.gebruiker
    TOTPDevice.objects.filter(user=gebruiker).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(gebruikt_op=timezone.now())
    _gebruiker_log(
        gebruiker,
        gebruiker,
        Onderwerp.TWEEDE_FACTOR,
        actie="Authenticator-app gekoppeld",
        nieuw="gekoppeld",
    )


@transaction.atomic
def maak_herstelcodes(*, gebruiker) -> list[str]:
    """New recovery codes (the old ones stop working); each one opens the second step once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=gebruiker, name="Herstelcodes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(AANTAL_HERSTELCODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    _gebruiker_log(
        gebruiker,
        gebruiker,
        Onderwerp.TWEEDE_FACTOR,
        actie="Nieuwe herstelcodes gemaakt",
        nieuw=f"{AANTAL_HERSTELCODES} codes",
    )
    return codes


def log_herstelcode_gebruikt(gebruiker) -> None:
    _gebruiker_log(
        gebruiker, gebruiker, Onderwerp.TWEEDE_FACTOR, actie="Ingelogd met een herstelcode"
    )


def log_wachtwoord_hersteld(gebruiker) -> None:
    _gebruiker_log(
        gebruiker, gebruiker, Onderwerp.WACHTWOORD, actie="Wachtwoord hersteld via e-mail"
    )


# --- Organisations and settings of a loket ---------------------------------------------


def _organisatie_log(door, organisatie, actie, oud="", nieuw="") -> None:
    log_wijziging(
        door=door,
        loket=organisatie.loket,
        onderwerp=Onderwerp.ORGANISATIE,
        object_id=organisatie.pk,
        object_naam=organisatie.naam,
        actie=actie,
        oud=oud,
        nieuw=nieuw,
    )


def _naam_vrij(loket, naam: str, behalve=None) -> None:
    bestaand = Organisatie.objects.voor_loket(loket, naam__iexact=naam.strip())
    if behalve is not None:
        bestaand = bestaand.exclude(pk=behalve.pk)
    if bestaand.exists():
        raise BeheerFout("Uw loket heeft al een organisatie met deze naam.")


@transaction.atomic
def organisatie_toevoegen(*, door, loket, naam: str, type: str) -> Organisatie:  # noqa: A002
    _naam_vrij(loket, naam)
    organisatie = Organisatie.objects.create(loket=loket, naam=naam.strip(), type=type)
    _organisatie_log(
        door, organisatie, "Organisatie toegevoegd", nieuw=organisatie.get_type_display()
    )
    return organisatie


@transaction.atomic
def organisatie_wijzigen(*, door, organisatie, naam: str, type: str) -> None:  # noqa: A002
    _naam_vrij(organisatie.loket, naam, behalve=organisatie)
    oud_naam, oud_type = organisatie.naam, organisatie.get_type_display()
    organisatie.naam, organisatie.type = naam.strip(), type
    organisatie.save(update_fields=["naam", "type"])
    if oud_naam != organisatie.naam:
        _organisatie_log(door, organisatie, "Organisatie hernoemd", oud_naam, organisatie.naam)
    if oud_type != organisatie.get_type_display():
        _organisatie_log(
            door, organisatie, "Type gewijzigd", oud_type, organisatie.get_type_display()
        )


@transaction.atomic
def organisatie_actief(*, door, organisatie, actief: bool) -> None:
    if organisatie.actief == actief:
        return
    organisatie.actief = actief
    organisatie.save(update_fields=["actief"])
    _organisatie_log(
        door,
        organisatie,
        "Organisatie geactiveerd" if actief else "Organisatie gedeactiveerd",
        "inactief" if actief else "actief",
        "actief" if actief else "inactief",
    )


INSTELLING_VELDEN = [
    "traject_stil_dagen",
    "bewaartermijn_jaren",
    "terugdateren_dagen",
    "klantnummer_voorvoegsel",
]


@transaction.atomic
def instellingen_wijzigen(*, door, loket, waarden: dict) -> None:
    instelling, _ = (
        LoketInstelling.objects.voor_loket(loket).select_for_update().get_or_create(loket=loket)
    )
    for veld in INSTELLING_VELDEN:
        oud, nieuw = getattr(instelling, veld), waarden.get(veld)
        if nieuw == "":
            nieuw = "" if veld == "klantnummer_voorvoegsel" else None
        if (oud or None) != (nieuw or None):
            setattr(instelling, veld, nieuw)
            log_wijziging(
                door=door,
                loket=loket,
                onderwerp=Onderwerp.INSTELLING,
                object_id=instelling.pk,
                object_naam=str(
                    getattr(LoketInstelling._meta.get_field(veld), "verbose_name", veld)
                ),
                actie="Instelling gewijzigd",
                oud="standaard" if oud in (None, "") else oud,
                nieuw="standaard" if nieuw in (None, "") else nieuw,
            )
    instelling.save()


# --- The installation ---------------------------------------------------------------------


@transaction.atomic
def regio_toevoegen(*, door, naam: str, code: str) -> Regio:
    if Regio.objects.filter(naam__iexact=naam.strip()).exists():
        raise BeheerFout("Er bestaat al een regio met deze naam.")
    if Regio.objects.filter(code__iexact=code.strip()).exists():
        raise BeheerFout("Er bestaat al een regio met deze code.")
    regio = Regio.objects.create(naam=naam.strip(), code=code.strip())
    log_wijziging(
        door=door, loket=None, onderwerp=Onderwerp.REGIO, object_id=regio.pk,
        object_naam=regio.naam, actie="Regio toegevoegd", nieuw=regio.code,
    )  # fmt: skip
    return regio


@transaction.atomic
def gemeente_toevoegen(*, door, regio, naam: str, cbs_code: str) -> Gemeente:
    if Gemeente.objects.filter(cbs_code=cbs_code).exists():
        raise BeheerFout("Deze CBS-code is al in gebruik.")
    gemeente = Gemeente.objects.create(regio=regio, naam=naam.strip(), cbs_code=cbs_code)
    log_wijziging(
        door=door, loket=None, onderwerp=Onderwerp.GEMEENTE, object_id=gemeente.pk,
        object_naam=gemeente.naam, actie="Gemeente toegevoegd", nieuw=f"{cbs_code}, {regio}",
    )  # fmt: skip
    return gemeente


@transaction.atomic
def loket_toevoegen(*, door, regio, naam: str, code: str) -> Loket:
    if Loket.objects.filter(naam__iexact=naam.strip()).exists():
        raise BeheerFout("Er bestaat al een loket met deze naam.")
    if Loket.objects.filter(code=code).exists():
        raise BeheerFout("Deze code is al in gebruik bij een ander loket.")
    loket = Loket.objects.create(regio=regio, naam=naam.strip(), code=code)
    log_wijziging(
        door=door, loket=loket, onderwerp=Onderwerp.LOKET, object_id=loket.pk,
        object_naam=loket.naam, actie="Loket toegevoegd", nieuw=f"{code}, {regio}",
    )  # fmt: skip
    return loket


@transaction.atomic
def loket_actief(*, door, loket, actief: bool) -> None:
    if loket.actief == actief:
        return
    Loket.objects.filter(pk=loket.pk).update(actief=actief)
    log_wijziging(
        door=door, loket=loket, onderwerp=Onderwerp.LOKET, object_id=loket.pk,
        object_naam=loket.naam, actie="Loket geactiveerd" if actief else "Loket gedeactiveerd",
        oud="inactief" if actief else "actief", nieuw="actief" if actief else "inactief",
    )  # fmt: skip
