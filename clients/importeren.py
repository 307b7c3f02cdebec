"""Bulk import of intakes from a CSV file, for desks moving over from Excel or a partner's export.

Every row is checked with the rules of the intake form (clients.forms and clients.validators: one
definition), then against the loket's clients and the file's earlier rows with the duplicate rule of
selectors.mogelijke_dubbelen. Only then is anything written, all in one transaction: the client
numbers as one range in one statement, the clients and intakes with PostgreSQL COPY.

Measured on 10,000 rows (bench/importeer.py has the full run): a KlantForm and IntakeForm per row
take about 8 ms a row (their choice fields query per row), the shared rule functions about 0.04 ms;
bulk_create in batches of 5,000 writes about 3 times slower than COPY.

The history trigger of Klant is skipped during the COPY and its 'insert' snapshots are written in
one statement instead (see schrijf_historie), under one pghistory context that names the import.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pghistory
import pgtrigger
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Concat
from django.utils import timezone

from loket.audit import log_verwerking_door
from loket.instellingen import instelling
from loket.models import Gemeente, Loket, User, Verwerking

from .constants import Doelgroep, Hoofddoel, Kanaal, Opleidingsniveau, Verwijzer
from .forms import (
    controleer_bereikbaar,
    controleer_geboortedatum,
    niet_in_toekomst,
    startkwalificatie_bij,
    toestemming_datum_bij,
    werkcoaches_van,
)
from .models import Intake, Klant, KlantHistorie
from .selectors import _compact, _compact_text, klanten_van
from .services import formatteer_klantnummer, reserveer_klantnummers
from .validators import normaliseer_postcode, normaliseer_telefoon, validate_geen_bsn

KOLOMMEN = (
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "postcode",
    "woongemeente",
    "telefoon",
    "email",
    "doelgroep",
    "opleidingsniveau",
    "startkwalificatie",
    "intakedatum",
    "kanaal",
    "hoofddoel",
    "verwijzer",
    "werkcoach",
    "toestemming_delen",
    "toestemming_datum",
    "notities",
)
VERPLICHTE_KOLOMMEN = (
    "voornaam",
    "achternaam",
    "geboortedatum",
    "doelgroep",
    "opleidingsniveau",
    "intakedatum",
    "kanaal",
    "hoofddoel",
    "verwijzer",
)
VOORTGANG_PER = 10_000
JA = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
NEE = frozenset({"nee", "n", "no", "false", "onwaar", "0", ""})
DATUM_NL_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
DATUM_ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

KLANT_KOLOMMEN = (
    "id",
    "loket_id",
    "klantnummer",
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "postcode",
    "woongemeente_id",
    "telefoon",
    "email",
    "doelgroep",
    "opleidingsniveau",
    "startkwalificatie",
    "aangemaakt_op",
    "aangemaakt_door_id",
    "laatste_activiteit",
)
INTAKE_KOLOMMEN = (
    "loket_id",
    "klant_id",
    "datum",
    "kanaal",
    "hoofddoel",
    "verwijzer",
    "werkcoach_id",
    "toestemming_delen",
    "toestemming_datum",
    "notities",
    "aangemaakt_op",
)


class BestandOnleesbaar(Exception):
    """The file as a whole cannot be read (encoding, header); the message is Dutch."""


@dataclass(frozen=True)
class Fout:
    rij: int  # as a spreadsheet numbers it: the header is row 1
    kolom: str
    melding: str

    def __str__(self) -> str:
        return f"Rij {self.rij}, {self.kolom}: {self.melding}"


@dataclass
class Rij:
    """One validated row: the client's and the intake's column values, ready for COPY."""

    nummer: int
    klant: dict
    intake: dict


@dataclass
class Resultaat:
    rijen: int = 0
    geimporteerd: int = 0
    fouten: list[Fout] = field(default_factory=list)
    eerste_klantnummer: str = ""
    laatste_klantnummer: str = ""

    @property
    def foute_rijen(self) -> int:
        return len({f.rij for f in self.fouten})


def _geen_melding(_tekst: str) -> None:
    pass


# --- reading the file -------------------------------------------------------------------------


def lees_csv(inhoud: bytes) -> tuple[list[str], list[list[str]]]:
    """UTF-8 with or without BOM; ';' or ',' as separator, whichever the header row uses."""
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as fout:
        regel = inhoud[: fout.start].count(b"\n") + 1
        raise BestandOnleesbaar(
            f"Het bestand is geen UTF-8 (regel {regel}). Sla het in Excel op als "
            "'CSV UTF-8 (door komma's gescheiden)'."
        ) from fout
    kopregel = tekst.split("\n", 1)[0]
    scheiding = ";" if kopregel.count(";") >= kopregel.count(",") else ","
    regels = list(csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding))
    if not regels:
        raise BestandOnleesbaar("Het bestand is leeg.")
    kop = [k.strip().lower() for k in regels[0]]
    _controleer_kop(kop)
    return kop, regels[1:]


def _controleer_kop(kop: list[str]) -> None:
    onbekend = [k for k in kop if k and k not in KOLOMMEN]
    ontbreekt = [k for k in VERPLICHTE_KOLOMMEN if k not in kop]
    dubbel = sorted({k for k in kop if k and kop.count(k) > 1})
    meldingen = []
    if onbekend:
        meldingen.append("onbekende kolom(men): " + ", ".join(onbekend))
    if ontbreekt:
        meldingen.append("verplichte kolom(men) ontbreken: " + ", ".join(ontbreekt))
    if dubbel:
        meldingen.append("kolom(men) staan er dubbel in: " + ", ".join(dubbel))
    if meldingen:
        raise BestandOnleesbaar(
            "De kopregel klopt niet: "
            + "; ".join(meldingen)
            + ". Toegestane kolommen: "
            + ", ".join(KOLOMMEN)
            + "."
        )


# --- checking one row ---------------------------------------------------------------------------


def _keuzelijst(keuzes) -> dict[str, str]:
    """Accept a choice by its code or its Dutch label, case-insensitive."""
    lijst = {}
    for waarde, label in keuzes.choices:
        lijst[str(label).lower()] = waarde
        lijst[waarde.lower()] = waarde
    return lijst


def lees_datum(tekst: str) -> datetime.date:
    """dd-mm-jjjj (also with / or .) or jjjj-mm-dd."""
    if match := DATUM_NL_RE.match(tekst):
        dag, maand, jaar = match.groups()
    elif match := DATUM_ISO_RE.match(tekst):
        jaar, maand, dag = match.groups()
    else:
        raise ValidationError("Vul een datum in als dd-mm-jjjj of jjjj-mm-dd.")
    try:
        return datetime.date(int(jaar), int(maand), int(dag))
    except ValueError as fout:
        raise ValidationError(f"De datum {tekst} bestaat niet.") from fout


def lees_ja_nee(tekst: str) -> bool:
    tekst = tekst.lower()
    if tekst in JA:
        return True
    if tekst in NEE:
        return False
    raise ValidationError("Vul ja of nee in.")


def _maximaal(model, veld: str):
    """The model's own max_length, with Django's Dutch message."""
    return MaxLengthValidator(model._meta.get_field(veld).max_length)


class Regels:
    """Everything a row is checked against, fetched once per import (a few queries in all)."""

    def __init__(self, loket: Loket, door: User | None):
        self.loket = loket
        self.door = door
        self.vandaag = timezone.localdate()
        self.bewaartermijn_jaren = instelling(loket, "bewaartermijn_jaren")
        self.gemeenten: dict[str, int] = {}
        for pk, naam, cbs in Gemeente.objects.filter(regio_id=loket.regio_id).values_list(
            "pk", "naam", "cbs_code"
        ):
            self.gemeenten[naam.lower()] = pk
            self.gemeenten[cbs.lower()] = pk
        self.werkcoaches = {
            naam.lower(): pk for naam, pk in werkcoaches_van(loket).values_list("username", "pk")
        }
        self.keuzes = {
            "doelgroep": _keuzelijst(Doelgroep),
            "opleidingsniveau": _keuzelijst(Opleidingsniveau),
            "kanaal": _keuzelijst(Kanaal),
            "hoofddoel": _keuzelijst(Hoofddoel),
            "verwijzer": _keuzelijst(Verwijzer),
        }
        self.lengte = {
            "voornaam": _maximaal(Klant, "voornaam"),
            "tussenvoegsel": _maximaal(Klant, "tussenvoegsel"),
            "achternaam": _maximaal(Klant, "achternaam"),
            "email": _maximaal(Klant, "email"),
            "notities": _maximaal(Intake, "notities"),
        }

    # Each check takes the stripped text and returns the value to store or raises ValidationError.

    def tekst(self, kolom: str, verplicht: bool = False) -> Callable[[str], str]:
        def controleer(tekst: str) -> str:
            if verplicht and not tekst:
                raise ValidationError("Dit veld is verplicht.")
            self.lengte[kolom](tekst)
            return tekst

        return controleer

    def keuze(self, kolom: str) -> Callable[[str], str]:
        def controleer(tekst: str) -> str:
            if not tekst:
                raise ValidationError("Dit veld is verplicht.")
            try:
                return self.keuzes[kolom][tekst.lower()]
            except KeyError:
                raise ValidationError(
                    f"'{tekst}' is geen geldige keuze. Kies uit: "
                    + ", ".join(sorted(set(self.keuzes[kolom].values())))
                    + "."
                ) from None

        return controleer

    def tussenvoegsel(self, tekst: str) -> str:
        self.lengte["tussenvoegsel"](tekst)
        return tekst.lower()

    def geboortedatum(self, tekst: str) -> datetime.date:
        if not tekst:
            raise ValidationError("Dit veld is verplicht.")
        return controleer_geboortedatum(lees_datum(tekst), self.vandaag)

    def intakedatum(self, tekst: str) -> datetime.date:
        """Unlike the form (at most a year back: a typing error), an import brings history: any
        date within the retention period. Older intakes would be anonymised the next night, so
        they are refused here instead of imported."""
        if not tekst:
            raise ValidationError("Dit veld is verplicht.")
        datum = lees_datum(tekst)
        niet_in_toekomst(datum, "datum van de intake", self.vandaag)
        jaren = self.bewaartermijn_jaren
        if datum < self.vandaag - relativedelta(years=jaren):
            raise ValidationError(
                f"De datum van de intake ligt voor de bewaartermijn van {jaren} jaar; zulke "
                "gegevens worden niet meer bewaard."
            )
        return datum

    def toestemming_datum(self, tekst: str) -> datetime.date | None:
        if not tekst:
            return None
        datum = lees_datum(tekst)
        niet_in_toekomst(datum, "datum van de toestemming", self.vandaag)
        return datum

    def postcode(self, tekst: str) -> str:
        return normaliseer_postcode(tekst) if tekst else ""

    def telefoon(self, tekst: str) -> str:
        return normaliseer_telefoon(tekst) if tekst else ""

    def email(self, tekst: str) -> str:
        if not tekst:
            return ""
        validate_email(tekst)
        self.lengte["email"](tekst)
        return tekst.lower()

    def woongemeente(self, tekst: str) -> int | None:
        if not tekst:
            return None
        try:
            return self.gemeenten[tekst.lower()]
        except KeyError:
            raise ValidationError(
                f"'{tekst}' is geen gemeente in de regio van dit loket (naam of CBS-code)."
            ) from None

    def werkcoach(self, tekst: str) -> int:
        if not tekst:
            if self.door is not None and self.door.username.lower() in self.werkcoaches:
                return self.door.pk
            raise ValidationError("Vul de gebruikersnaam van de werkcoach in.")
        try:
            return self.werkcoaches[tekst.lower()]
        except KeyError:
            raise ValidationError(
                f"'{tekst}' is geen actieve werkcoach of projectleider van dit loket."
            ) from None

    def notities(self, tekst: str) -> str:
        self.lengte["notities"](tekst)
        validate_geen_bsn(tekst)
        return tekst


def _controles(regels: Regels) -> dict[str, Callable[[str], object]]:
    return {
        "voornaam": regels.tekst("voornaam", verplicht=True),
        "tussenvoegsel": regels.tussenvoegsel,
        "achternaam": regels.tekst("achternaam", verplicht=True),
        "geboortedatum": regels.geboortedatum,
        "postcode": regels.postcode,
        "woongemeente": regels.woongemeente,
        "telefoon": regels.telefoon,
        "email": regels.email,
        "doelgroep": regels.keuze("doelgroep"),
        "opleidingsniveau": regels.keuze("opleidingsniveau"),
        "startkwalificatie": lees_ja_nee,
        "intakedatum": regels.intakedatum,
        "kanaal": regels.keuze("kanaal"),
        "hoofddoel": regels.keuze("hoofddoel"),
        "verwijzer": regels.keuze("verwijzer"),
        "werkcoach": regels.werkcoach,
        "toestemming_delen": lees_ja_nee,
        "toestemming_datum": regels.toestemming_datum,
        "notities": regels.notities,
    }


def _meldingen(fout: ValidationError) -> str:
    return " ".join(fout.messages)


def controleer_rij(
    nummer: int, cellen: list[str], kop: list[str], controles: dict
) -> tuple[Rij | None, list[Fout]]:
    """Check one row with the form's rules; returns the cleaned row or the row's errors (all of
    them, so a user fixes a row once)."""
    if len(cellen) > len(kop) and any(c.strip() for c in cellen[len(kop) :]):
        return None, [Fout(nummer, "rij", f"{len(cellen)} waarden, maar {len(kop)} kolommen.")]
    ruw = dict.fromkeys(KOLOMMEN, "")
    for kolom, cel in zip(kop, cellen, strict=False):
        if kolom:
            ruw[kolom] = cel.strip()
    schoon, fouten = {}, []
    for kolom, controleer in controles.items():
        try:
            schoon[kolom] = controleer(ruw[kolom])
        except ValidationError as fout:
            fouten.append(Fout(nummer, kolom, _meldingen(fout)))
    _controleer_samen(nummer, schoon, fouten)
    if fouten:
        return None, fouten
    return _rij(nummer, schoon), []


def _controleer_samen(nummer: int, schoon: dict, fouten: list[Fout]) -> None:
    """The form's rules across fields (KlantForm.clean and IntakeForm.clean)."""
    if "opleidingsniveau" in schoon and "startkwalificatie" in schoon:
        try:
            schoon["startkwalificatie"] = startkwalificatie_bij(
                schoon["opleidingsniveau"], schoon["startkwalificatie"]
            )
        except ValidationError as fout:
            fouten.append(Fout(nummer, "startkwalificatie", _meldingen(fout)))
    if "telefoon" in schoon and "email" in schoon:
        try:
            controleer_bereikbaar(schoon["telefoon"], schoon["email"])
        except ValidationError as fout:
            fouten.append(Fout(nummer, "telefoon/email", _meldingen(fout)))
    schoon["toestemming_datum"] = toestemming_datum_bij(
        schoon.get("toestemming_delen", False),
        schoon.get("toestemming_datum"),
        schoon.get("intakedatum"),
    )


def _rij(nummer: int, schoon: dict) -> Rij:
    klant = {
        k: schoon[k]
        for k in (
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "postcode",
            "telefoon",
            "email",
            "doelgroep",
            "opleidingsniveau",
            "startkwalificatie",
        )
    }
    klant["woongemeente_id"] = schoon["woongemeente"]
    klant["laatste_activiteit"] = schoon["intakedatum"]
    intake = {
        "datum": schoon["intakedatum"],
        "kanaal": schoon["kanaal"],
        "hoofddoel": schoon["hoofddoel"],
        "verwijzer": schoon["verwijzer"],
        "werkcoach_id": schoon["werkcoach"],
        "toestemming_delen": schoon["toestemming_delen"],
        "toestemming_datum": schoon["toestemming_datum"],
        "notities": schoon["notities"],
    }
    return Rij(nummer, klant, intake)


# --- duplicates ---------------------------------------------------------------------------------


def naam_sleutel(voornaam: str, tussenvoegsel: str, achternaam: str, geboortedatum) -> tuple:
    """selectors.mogelijke_dubbelen's rule: case and spaces ignored, tussenvoegsel folded in."""
    return _compact_text(voornaam), _compact_text(tussenvoegsel + achternaam), geboortedatum


def bestaande_sleutels(loket: Loket) -> tuple[dict[tuple, str], dict[str, str]]:
    """The loket's clients by name key and by e-mail, in one query (the same expressions as
    selectors.mogelijke_dubbelen)."""
    namen, emails = {}, {}
    rijen = (
        klanten_van(loket)
        .filter(geanonimiseerd_op__isnull=True)
        .annotate(
            compacte_voornaam=_compact(F("voornaam")),
            compacte_achternaam=_compact(Concat("tussenvoegsel", "achternaam")),
        )
        .values_list(
            "compacte_voornaam", "compacte_achternaam", "geboortedatum", "email", "klantnummer"
        )
    )
    for voornaam, achternaam, geboortedatum, email, klantnummer in rijen:
        if geboortedatum:
            namen[(voornaam, achternaam, geboortedatum)] = klantnummer
        if email:
            emails[email] = klantnummer
    return namen, emails


def zoek_dubbelen(
    rijen: list[Rij], namen: dict[tuple, str], emails: dict[str, str]
) -> tuple[list[Rij], list[Fout]]:
    """Drop rows that match an existing client or an earlier row of the file."""
    goed, fouten = [], []
    in_bestand_naam: dict[tuple, int] = {}
    in_bestand_email: dict[str, int] = {}
    for rij in rijen:
        k = rij.klant
        sleutel = naam_sleutel(
            k["voornaam"], k["tussenvoegsel"], k["achternaam"], k["geboortedatum"]
        )
        email = k["email"]
        melding = None
        if sleutel in namen:
            melding = ("naam/geboortedatum", f"deze klant bestaat al ({namen[sleutel]}).")
        elif email and email in emails:
            melding = ("email", f"een klant met dit e-mailadres bestaat al ({emails[email]}).")
        elif sleutel in in_bestand_naam:
            melding = (
                "naam/geboortedatum",
                f"dubbel: dezelfde naam en geboortedatum als rij {in_bestand_naam[sleutel]}.",
            )
        elif email and email in in_bestand_email:
            melding = ("email", f"dubbel: hetzelfde e-mailadres als rij {in_bestand_email[email]}.")
        in_bestand_naam.setdefault(sleutel, rij.nummer)
        if email:
            in_bestand_email.setdefault(email, rij.nummer)
        if melding:
            fouten.append(Fout(rij.nummer, *melding))
        else:
            goed.append(rij)
    return goed, fouten


# --- writing ------------------------------------------------------------------------------------


def _nieuwe_klant_ids(aantal: int) -> list[int]:
    """Ids from Klant's own sequence in one statement, so the intakes can reference their client
    without reading the clients back."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Klant._meta.db_table, aantal],
        )
        return [r[0] for r in cursor.fetchall()]


def kopieer(tabel: str, kolommen: Iterable[str], rijen: Iterator[tuple], melding, wat: str) -> None:
    """COPY rows into a table over the transaction's own connection (triggers fire as usual)."""
    sql = f"COPY {tabel} ({', '.join(kolommen)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for aantal, rij in enumerate(rijen, 1):
            copy.write_row(rij)
            if aantal % (VOORTGANG_PER * 5) == 0:
                melding(f"  {wat}: {_getal(aantal)} ingevoegd")


def schrijf(loket: Loket, door: User | None, rijen: list[Rij], melding) -> tuple[str, str]:
    """Numbers, clients and intakes of the checked rows; returns the first and last number."""
    jaar = timezone.localdate().year
    voorvoegsel = instelling(loket, "klantnummer_voorvoegsel")
    ids = _nieuwe_klant_ids(len(rijen))
    vast = {
        "loket_id": loket.pk,
        "aangemaakt_op": timezone.now(),
        "aangemaakt_door_id": door.pk if door else None,
    }
    with _zonder_historietrigger():
        # pgtrigger adds a transaction-local setting to the first statement of this block (the
        # number range's INSERT); the COPY after it runs in the same transaction and sees it too.
        eerste = reserveer_klantnummers(loket, jaar, len(rijen))
        klanten = (
            _tuple(
                KLANT_KOLOMMEN,
                rij.klant,
                vast,
                id=ids[i],
                klantnummer=formatteer_klantnummer(voorvoegsel, jaar, eerste + i),
            )
            for i, rij in enumerate(rijen)
        )
        kopieer(Klant._meta.db_table, KLANT_KOLOMMEN, klanten, melding, "klanten")
    schrijf_historie(ids)
    melding(f"Klanten ingevoegd: {_getal(len(rijen))}")
    intakes = (
        _tuple(INTAKE_KOLOMMEN, rij.intake, vast, klant_id=ids[i]) for i, rij in enumerate(rijen)
    )
    kopieer(Intake._meta.db_table, INTAKE_KOLOMMEN, intakes, melding, "intakes")
    melding(f"Intakes ingevoegd: {_getal(len(rijen))}")
    return (
        formatteer_klantnummer(voorvoegsel, jaar, eerste),
        formatteer_klantnummer(voorvoegsel, jaar, eerste + len(rijen) - 1),
    )


def _zonder_historietrigger():
    return pgtrigger.ignore("clients.Klant:insert_insert")


def schrijf_historie(klant_ids: list[int]) -> None:
    """The 'insert' snapshot of KlantHistorie for every imported client, in one statement.

    Row by row the history trigger costs 40-140 microseconds per client (a PL/pgSQL call with two
    exception blocks and a context upsert, about ten times the COPY itself), so the import skips it
    and writes the same snapshot set-based: every tracked column copied, the label 'insert', the
    time of the transaction and the import's pghistory context, attached once. The column list
    comes from the history model, so a new tracked field is copied without a change here.
    """
    eigen = {
        "pgh_created_at": "NOW()",
        "pgh_label": "'insert'",
        "pgh_obj_id": "k.id",
        "pgh_context_id": "context.id",
    }
    kolommen = [f.column for f in KlantHistorie._meta.concrete_fields if f.column != "pgh_id"]
    waarden = [eigen.get(kolom, f'k."{kolom}"') for kolom in kolommen]
    # Only model metadata is formatted in; the ids are a parameter. A volatile function in a FROM
    # subquery is evaluated once, not per row.
    sql = (
        f"INSERT INTO {KlantHistorie._meta.db_table} ({', '.join(kolommen)}) "  # noqa: S608
        f"SELECT {', '.join(waarden)} FROM {Klant._meta.db_table} k "
        "CROSS JOIN (SELECT _pgh_attach_context() AS id) context WHERE k.id = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [klant_ids])


def _tuple(kolommen: tuple[str, ...], *bronnen: dict, **meer) -> tuple:
    waarden = {**meer}
    for bron in bronnen:
        waarden.update(bron)
    return tuple(waarden[k] for k in kolommen)


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- the import as a whole ----------------------------------------------------------------------


def controleer_rijen(kop, regels_csv, regels: Regels, melding) -> tuple[list[Rij], list[Fout]]:
    controles = _controles(regels)
    goed, fouten = [], []
    for index, cellen in enumerate(regels_csv):
        if not any(c.strip() for c in cellen):
            continue  # Excel leaves empty lines at the end
        rij, rij_fouten = controleer_rij(index + 2, cellen, kop, controles)
        if rij:
            goed.append(rij)
        fouten.extend(rij_fouten)
        if (index + 1) % VOORTGANG_PER == 0:
            melding(f"Gecontroleerd: {_getal(index + 1)} van {_getal(len(regels_csv))} rijen")
    return goed, fouten


def importeer_intakes(
    inhoud: bytes,
    loket: Loket,
    *,
    door: User | None = None,
    sla_fouten_over: bool = False,
    bestandsnaam: str = "",
    melding: Callable[[str], None] = _geen_melding,
) -> Resultaat:
    """Check every row, then import all rows (or, with sla_fouten_over, the good ones) in one
    transaction. Raises BestandOnleesbaar when the file itself cannot be read."""
    kop, regels_csv = lees_csv(inhoud)
    resultaat = Resultaat()
    rijen, resultaat.fouten = controleer_rijen(kop, regels_csv, Regels(loket, door), melding)
    resultaat.rijen = len(rijen) + resultaat.foute_rijen
    melding(f"Gecontroleerd: {_getal(resultaat.rijen)} rijen, {len(resultaat.fouten)} fout(en)")
    historie = pghistory.context(user=door.pk if door else None, importbestand=bestandsnaam)
    with historie, transaction.atomic():
        _vergrendel(loket)
        rijen, dubbelen = zoek_dubbelen(rijen, *bestaande_sleutels(loket))
        resultaat.fouten = sorted(resultaat.fouten + dubbelen, key=lambda f: f.rij)
        if (resultaat.fouten and not sla_fouten_over) or not rijen:
            return resultaat
        eerste, laatste = schrijf(loket, door, rijen, melding)
        log_verwerking_door(
            door,
            loket.pk,
            Verwerking.Actie.AANGEMAAKT,
            f"import intakes: {len(rijen)} klanten, {eerste} t/m {laatste}"
            + (f" uit {bestandsnaam}" if bestandsnaam else ""),
            [None],
        )
    resultaat.geimporteerd = len(rijen)
    resultaat.eerste_klantnummer, resultaat.laatste_klantnummer = eerste, laatste
    return resultaat


def _vergrendel(loket: Loket) -> None:
    """Two imports for one loket wait for each other, so both cannot pass the duplicate check with
    the same people (the lock ends with the transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext('importeer_intakes'), %s)", [loket.pk]
        )


def importeer_bestand(pad: str | Path, loket: Loket, **kwargs) -> Resultaat:
    pad = Path(pad)
    return importeer_intakes(pad.read_bytes(), loket, bestandsnaam=pad.name, **kwargs)
