"""Writes of targets (doelstellingen) and satisfaction norms: each change in one transaction with
its row in the change log of beheer (who, old and new value); django-pghistory keeps a database
snapshot of every version as well (DoelstellingHistorie)."""

import pghistory
from django.db import transaction

from beheer.constants import Onderwerp
from beheer.wijzigingen import log_wijziging

from .indicatoren import REGISTER
from .models import Doelstelling

VELDEN = ["indicator", "omschrijving", "startdatum", "einddatum", "streefwaarde", "marge_pct"]


def _naam(doel: Doelstelling) -> str:
    indicator = REGISTER[doel.indicator].naam if doel.indicator in REGISTER else doel.indicator
    return f"{indicator} ({doel.omschrijving})" if doel.omschrijving else indicator


def _weergave(doel: Doelstelling) -> str:
    return (
        f"{doel.streefwaarde} op {doel.einddatum:%d-%m-%Y} vanaf {doel.startdatum:%d-%m-%Y}, "
        f"marge {doel.marge_pct} %"
    )


@transaction.atomic
def bewaar_doelstelling(*, door, loket, doel: Doelstelling) -> Doelstelling:
    """Add (no pk) or change a target of `loket`; `doel` comes from a validated form."""
    nieuw = doel.pk is None
    oud = (
        None
        if nieuw
        else Doelstelling.objects.voor_loket(loket).select_for_update().get(pk=doel.pk)
    )
    doel.loket = loket
    with pghistory.context(user=door.pk):
        doel.save()
    if nieuw:
        log_wijziging(
            door=door, loket=loket, onderwerp=Onderwerp.DOELSTELLING, object_id=doel.pk,
            object_naam=_naam(doel), actie="Doelstelling toegevoegd", nieuw=_weergave(doel),
        )  # fmt: skip
    elif oud is not None and any(getattr(oud, v) != getattr(doel, v) for v in VELDEN):
        log_wijziging(
            door=door, loket=loket, onderwerp=Onderwerp.DOELSTELLING, object_id=doel.pk,
            object_naam=_naam(doel), actie="Doelstelling gewijzigd", oud=_weergave(oud),
            nieuw=_weergave(doel),
        )  # fmt: skip
    return doel


@transaction.atomic
def beeindig_doelstelling(*, door, loket, pk: int, kapot: bool = False) -> None:
    """The target is no longer pursued: it leaves the dashboard and the reports; its versions
    stay in the history and the change log. `kapot`: it is removed because its stored dates cannot
    be computed (the dashboard's error row sends the user here); the same write, another label."""
    doel = Doelstelling.objects.voor_loket(loket).select_for_update().get(pk=pk)
    with pghistory.context(user=door.pk):
        doel.delete()
    log_wijziging(
        door=door, loket=loket, onderwerp=Onderwerp.DOELSTELLING, object_id=pk,
        object_naam=_naam(doel), oud=_weergave(doel),
        actie="Doelstelling verwijderd (niet te berekenen)" if kapot else "Doelstelling beëindigd",
    )  # fmt: skip
