"""Keeping the counts: the compaction (beat, every minute; `manage.py verwerk_telstanden`) and
the rebuild from the events (`manage.py herbereken_telstanden`, after a bulk load with the
triggers off or a restore). Both run under one advisory lock, so two never interleave; writers
never take it (they only append mutations), so an intake never waits for a compaction."""

from django.db import connection, transaction

from . import sql

# pg_advisory_xact_lock key: "telstand" as a number, one lock for the whole kept table.
SLOT = 0x74656C7374616E64


def _vergrendel(cursor) -> None:
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SLOT])


def compacteer() -> int:
    """Fold the pending mutations into the kept counts in one transaction; returns the number
    of kept rows written. Mutations appended meanwhile stay for the next run."""
    with transaction.atomic(), connection.cursor() as cursor:
        _vergrendel(cursor)
        cursor.execute(sql.compacteer())
        geschreven = cursor.rowcount
        cursor.execute(f"DELETE FROM {sql.TELSTAND} WHERE aantal = 0")
    return geschreven


def herbereken(loket_ids: list[int]) -> int:
    """Make the kept counts of these loketten equal to a recount of their events, set-based (see
    sql.herbereken), then compact. Returns the number of correcting mutations (0 when the kept
    counts were already right: a cheap consistency check as well)."""
    with transaction.atomic(), connection.cursor() as cursor:
        _vergrendel(cursor)
        cursor.execute(sql.herbereken(), {"loketten": list(loket_ids)})
        correcties = cursor.rowcount
    compacteer()
    return correcties
