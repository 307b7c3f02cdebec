"""Writing the checked rows: the client numbers as one range in one statement, the clients and
intakes with PostgreSQL COPY, and the clients' history snapshots in one statement.

bulk_create in batches of 5,000 writes about 3 times slower than COPY (bench/importeer.py).
The history trigger of Klant is skipped during the COPY and its 'insert' snapshots are written in
one statement instead (see schrijf_historie), under one pghistory context that names the import.
"""

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pgtrigger
from django.db import connection
from django.utils import timezone

from loket.instellingen import instelling
from loket.models import Loket, User

from ..models import Intake, Klant, KlantHistorie  # type: ignore[attr-defined]  # made by pghistory.track
from ..services import formatteer_klantnummer, reserveer_klantnummers
from .rijen import Rij
from .voortgang import VOORTGANG_PER, Melding, getal

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


def _nieuwe_klant_ids(aantal: int) -> list[int]:
    """Ids from Klant's own sequence in one statement, so the intakes can reference their client
    without reading the clients back."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Klant._meta.db_table, aantal],
        )
        return [r[0] for r in cursor.fetchall()]


def kopieer(
    tabel: str,
    kolommen: Iterable[str],
    rijen: Iterator[tuple[Any, ...]],
    melding: Melding,
    wat: str,
) -> None:
    """COPY rows into a table over the transaction's own connection (triggers fire as usual)."""
    sql = f"COPY {tabel} ({', '.join(kolommen)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for aantal, rij in enumerate(rijen, 1):
            copy.write_row(rij)
            if aantal % (VOORTGANG_PER * 5) == 0:
                melding(f"  {wat}: {getal(aantal)} ingevoegd")


def schrijf(loket: Loket, door: User | None, rijen: list[Rij], melding: Melding) -> tuple[str, str]:
    """Numbers, clients and intakes of the checked rows; returns the first and last number."""
    jaar = timezone.localdate().year
    voorvoegsel: str = instelling(loket, "klantnummer_voorvoegsel")
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
    melding(f"Klanten ingevoegd: {getal(len(rijen))}")
    intakes = (
        _tuple(INTAKE_KOLOMMEN, rij.intake, vast, klant_id=ids[i]) for i, rij in enumerate(rijen)
    )
    kopieer(Intake._meta.db_table, INTAKE_KOLOMMEN, intakes, melding, "intakes")
    melding(f"Intakes ingevoegd: {getal(len(rijen))}")
    return (
        formatteer_klantnummer(voorvoegsel, jaar, eerste),
        formatteer_klantnummer(voorvoegsel, jaar, eerste + len(rijen) - 1),
    )


def _zonder_historietrigger() -> AbstractContextManager[None]:
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


def _tuple(kolommen: tuple[str, ...], *bronnen: dict[str, Any], **meer: Any) -> tuple[Any, ...]:
    waarden = {**meer}
    for bron in bronnen:
        waarden.update(bron)
    return tuple(waarden[k] for k in kolommen)
