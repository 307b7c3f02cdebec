"""The import as a whole: check every row, then import all rows (or the good ones) in one
transaction with one audit row.

Measured on 10,000 rows (bench/importeer.py has the full run): a KlantForm and IntakeForm per row
take about 8 ms a row (their choice fields query per row), the shared rule functions about 0.04 ms,
so the rows are checked with the rule functions, not the forms.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pghistory
from django.db import connection, transaction

from loket.audit import log_verwerking_door
from loket.models import Loket, User, Verwerking

from .bestand import lees_csv
from .dubbelen import bestaande_sleutels, zoek_dubbelen
from .rijen import Fout, Regels, controleer_rijen
from .schrijven import schrijf
from .voortgang import Melding, geen_melding, getal


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


def importeer_intakes(
    inhoud: bytes,
    loket: Loket,
    *,
    door: User | None = None,
    sla_fouten_over: bool = False,
    bestandsnaam: str = "",
    melding: Melding = geen_melding,
) -> Resultaat:
    """Check every row, then import all rows (or, with sla_fouten_over, the good ones) in one
    transaction. Raises BestandOnleesbaar when the file itself cannot be read."""
    kop, regels_csv = lees_csv(inhoud)
    resultaat = Resultaat()
    rijen, resultaat.fouten = controleer_rijen(kop, regels_csv, Regels(loket, door), melding)
    resultaat.rijen = len(rijen) + resultaat.foute_rijen
    melding(f"Gecontroleerd: {getal(resultaat.rijen)} rijen, {len(resultaat.fouten)} fout(en)")
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


def importeer_bestand(pad: str | Path, loket: Loket, **kwargs: Any) -> Resultaat:
    pad = Path(pad)
    return importeer_intakes(pad.read_bytes(), loket, bestandsnaam=pad.name, **kwargs)
