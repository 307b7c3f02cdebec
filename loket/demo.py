"""Demo data for the core: the Zuid-Kennemerland en IJmond region, its loket, partners and users.

Organisations come from the source documents; people are fictional (never names from the seeds).
"""

from .constants import OrganisatieType, Rol
from .models import Gemeente, Loket, Organisatie, Regio, User

GEMEENTEN_ZKIJ = [
    ("Beverwijk", "GM0375"),
    ("Bloemendaal", "GM0377"),
    ("Haarlem", "GM0392"),
    ("Heemskerk", "GM0396"),
    ("Heemstede", "GM0397"),
    ("Velsen", "GM0453"),
    ("Zandvoort", "GM0473"),
]

PARTNERS_ZKIJ = [
    ("UWV Werkbedrijf Haarlem", OrganisatieType.UWV),
    ("Gemeente Haarlem", OrganisatieType.GEMEENTE),
    ("Gemeente Velsen", OrganisatieType.GEMEENTE),
    ("Gemeente Beverwijk", OrganisatieType.GEMEENTE),
    ("RMC Zuid-Kennemerland (Leerplein)", OrganisatieType.RMC),
    ("Nova College", OrganisatieType.ROC),
    ("SBB", OrganisatieType.SBB),
    ("Colo (samenwerkende kenniscentra)", OrganisatieType.SBB),
    ("MKB Haarlem", OrganisatieType.WERKGEVERSORGANISATIE),
    ("VNO-NCW Zuid-Kennemerland", OrganisatieType.WERKGEVERSORGANISATIE),
    ("PAO Zuid-Kennemerland", OrganisatieType.OVERIG),
    ("WSP Zuid-Kennemerland en IJmond", OrganisatieType.OVERIG),
    ("De Vakbeweging (FNV en CNV)", OrganisatieType.VAKBOND),
    ("EVC Centrum Kennemerland", OrganisatieType.EVC_AANBIEDER),
]

DEMO_GEBRUIKERS = [
    ("demo-werkcoach", "Sanne", "Verbeek", Rol.WERKCOACH, "UWV Werkbedrijf Haarlem"),
    ("demo-werkcoach2", "Ahmed", "Ouali", Rol.WERKCOACH, "Nova College"),
    ("demo-projectleider", "Petra", "Hoogland", Rol.PROJECTLEIDER, "PAO Zuid-Kennemerland"),
    ("demo-stuurgroep", "Stefan", "Rijnders", Rol.STUURGROEP, "Gemeente Haarlem"),
    ("demo-beheerder", "Bram", "Timmer", Rol.BEHEERDER, "UWV Werkbedrijf Haarlem"),
    # A partner user (issue 16): sees only the hand-overs and hours of Nova College.
    ("demo-roc", "Rachid", "Amrani", Rol.PARTNER, "Nova College"),
]


def maak_loket_zkij() -> Loket:
    regio, _ = Regio.objects.get_or_create(
        code="ZKIJ", defaults={"naam": "Zuid-Kennemerland en IJmond"}
    )
    for naam, cbs in GEMEENTEN_ZKIJ:
        Gemeente.objects.get_or_create(cbs_code=cbs, defaults={"naam": naam, "regio": regio})
    loket, _ = Loket.objects.get_or_create(
        code="ZKIJ",
        defaults={"naam": "Leerwerkloket Zuid-Kennemerland en IJmond", "regio": regio},
    )
    for naam, type_ in PARTNERS_ZKIJ:
        Organisatie.objects.voor_loket(loket).get_or_create(
            loket=loket, naam=naam, defaults={"type": type_}
        )
    return loket


def maak_demo_gebruikers(loket: Loket, wachtwoord: str) -> list[User]:
    organisaties = {o.naam: o for o in loket.organisaties.all()}
    gebruikers = []
    for username, voornaam, achternaam, rol, organisatie in DEMO_GEBRUIKERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": voornaam,
                "last_name": achternaam,
                "rol": rol,
                "loket": loket,
                "organisatie": organisaties[organisatie],
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.set_password(wachtwoord)
            user.save(update_fields=["password"])
        gebruikers.append(user)
    return gebruikers
