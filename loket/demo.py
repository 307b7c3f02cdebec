"""Demo data for the core: the Zuid-Kennemerland en IJmond region, its loket, partners and users,
plus neighbouring loketten (two more in the same region, two in Zaanstreek/Waterland) so the
programme view (issue 17) compares several loketten, and the programme's demo accounts.

Organisations come from the source documents; people are fictional (never names from the seeds).
"""

from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Buurloket:
    """A neighbouring demo loket: `schaal` sizes its data relative to ZKIJ (1.0)."""

    code: str
    naam: str
    regio_code: str
    regio_naam: str
    gemeenten: Sequence[tuple[str, str]]
    partners: Sequence[tuple[str, str]]
    schaal: float


GEMEENTEN_ZW = [
    ("Zaanstad", "GM0479"),
    ("Wormerland", "GM0880"),
    ("Oostzaan", "GM0431"),
    ("Purmerend", "GM0439"),
    ("Edam-Volendam", "GM0385"),
    ("Landsmeer", "GM0415"),
    ("Waterland", "GM0852"),
]

# The business plan builds its monitor with two neighbouring regions. The last one is small on
# purpose: its quarter cells are often 1-4, so the page shows the "< 5" and "•" marks.
BUURLOKETTEN = [
    Buurloket(
        "IJMD",
        "Leerwerkpunt IJmond",
        "ZKIJ",
        "Zuid-Kennemerland en IJmond",
        GEMEENTEN_ZKIJ,
        [
            ("UWV Werkbedrijf Beverwijk", OrganisatieType.UWV),
            ("Gemeente Velsen", OrganisatieType.GEMEENTE),
            ("Nova College IJmuiden", OrganisatieType.ROC),
            ("EVC Centrum Kennemerland", OrganisatieType.EVC_AANBIEDER),
            ("Ondernemersvereniging IJmond", OrganisatieType.WERKGEVERSORGANISATIE),
            ("SBB", OrganisatieType.SBB),
        ],
        0.8,
    ),
    Buurloket(
        "HLMZ",
        "Leerwerkpunt Haarlem-Schalkwijk",
        "ZKIJ",
        "Zuid-Kennemerland en IJmond",
        GEMEENTEN_ZKIJ,
        [
            ("UWV Werkbedrijf Haarlem", OrganisatieType.UWV),
            ("Gemeente Haarlem", OrganisatieType.GEMEENTE),
            ("Nova College", OrganisatieType.ROC),
            ("EVC Centrum Kennemerland", OrganisatieType.EVC_AANBIEDER),
            ("MKB Haarlem", OrganisatieType.WERKGEVERSORGANISATIE),
        ],
        0.6,
    ),
    Buurloket(
        "ZAAN",
        "Leerwerkloket Zaanstreek",
        "ZW",
        "Zaanstreek/Waterland",
        GEMEENTEN_ZW,
        [
            ("UWV Werkbedrijf Zaandam", OrganisatieType.UWV),
            ("Gemeente Zaanstad", OrganisatieType.GEMEENTE),
            ("Regio College", OrganisatieType.ROC),
            ("EVC-loket Zaanstreek", OrganisatieType.EVC_AANBIEDER),
            ("Ondernemersvereniging Zaanstad", OrganisatieType.WERKGEVERSORGANISATIE),
            ("SBB", OrganisatieType.SBB),
        ],
        1.2,
    ),
    Buurloket(
        "WTLD",
        "Leerwerkpunt Waterland",
        "ZW",
        "Zaanstreek/Waterland",
        GEMEENTEN_ZW,
        [
            ("UWV Werkbedrijf Purmerend", OrganisatieType.UWV),
            ("Gemeente Purmerend", OrganisatieType.GEMEENTE),
            ("Regio College Purmerend", OrganisatieType.ROC),
            ("EVC-loket Zaanstreek", OrganisatieType.EVC_AANBIEDER),
        ],
        0.5,
    ),
]

# The programme's own accounts: no loket; the regional one sees the region of ZKIJ.
PROGRAMMA_GEBRUIKERS = [
    ("demo-landelijk", "Lotte", "Landman", Rol.LANDELIJK, None),
    ("demo-regio", "Ruud", "Regter", Rol.REGIO, "ZKIJ"),
    ("demo-functioneel-beheerder", "Femke", "Faber", Rol.FUNCTIONEEL_BEHEERDER, None),
]


def maak_loket(
    code: str,
    naam: str,
    regio_code: str,
    regio_naam: str,
    gemeenten: Sequence[tuple[str, str]],
    partners: Sequence[tuple[str, str]],
) -> Loket:
    regio, _ = Regio.objects.get_or_create(code=regio_code, defaults={"naam": regio_naam})
    for gemeente, cbs in gemeenten:
        Gemeente.objects.get_or_create(cbs_code=cbs, defaults={"naam": gemeente, "regio": regio})
    loket, _ = Loket.objects.get_or_create(code=code, defaults={"naam": naam, "regio": regio})
    for partner, type_ in partners:
        Organisatie.objects.voor_loket(loket).get_or_create(
            loket=loket, naam=partner, defaults={"type": type_}
        )
    return loket


def maak_loket_zkij() -> Loket:
    return maak_loket(
        "ZKIJ",
        "Leerwerkloket Zuid-Kennemerland en IJmond",
        "ZKIJ",
        "Zuid-Kennemerland en IJmond",
        GEMEENTEN_ZKIJ,
        PARTNERS_ZKIJ,
    )


def maak_buurloket(buur: Buurloket) -> Loket:
    """A neighbouring loket with one werkcoach and one projectleider: its demo data needs staff to
    record it, but they are no demo logins (unusable password)."""
    loket = maak_loket(
        buur.code, buur.naam, buur.regio_code, buur.regio_naam, buur.gemeenten, buur.partners
    )
    organisatie = loket.organisaties.order_by("pk").first()
    for rol, voornaam, achternaam in [
        (Rol.WERKCOACH, "Joost", "Kuiper"),
        (Rol.PROJECTLEIDER, "Marieke", "Schouten"),
    ]:
        username = f"{buur.code.lower()}-{rol}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": voornaam,
                "last_name": achternaam,
                "rol": rol,
                "loket": loket,
                "organisatie": organisatie,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
    return loket


def maak_programma_gebruikers(wachtwoord: str) -> list[str]:
    """demo-landelijk, demo-regio and demo-functioneel-beheerder (no loket); idempotent. Returns
    the usernames that were missing."""
    nieuw = []
    for username, voornaam, achternaam, rol, regio_code in PROGRAMMA_GEBRUIKERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": voornaam,
                "last_name": achternaam,
                "rol": rol,
                "loket": None,
                "regio": Regio.objects.get(code=regio_code) if regio_code else None,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.set_password(wachtwoord)
            user.save(update_fields=["password"])
            nieuw.append(username)
    return nieuw


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
