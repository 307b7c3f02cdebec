"""Verwerkingenlogging: record every view, change and export of a client's data."""

from collections.abc import Iterable

from .models import Verwerking


def log_verwerking(request, actie: str, onderwerp: str, klant_ids: Iterable[int | None]) -> None:
    """Append one row per client (one INSERT, whatever the number of clients)."""
    log_verwerking_door(request.user, request.user.loket_id, actie, onderwerp, klant_ids)


def log_verwerking_door(
    gebruiker, loket_id: int, actie: str, onderwerp: str, klant_ids: Iterable[int | None]
) -> None:
    """The same outside a request (management commands, tasks); gebruiker may be None when no
    person can be named."""
    Verwerking.objects.bulk_create(
        Verwerking(
            loket_id=loket_id,
            gebruiker_id=gebruiker.pk if gebruiker else None,
            klant_id=klant_id,
            actie=actie,
            onderwerp=onderwerp[:200],
        )
        for klant_id in klant_ids
    )


def veldnamen(model, velden) -> str:
    """The changed fields as a reader of the access log knows them (their Dutch labels), never
    the internal names ('kosten_raming')."""
    namen = []
    for veld in velden:
        try:
            namen.append(str(model._meta.get_field(veld).verbose_name))
        except LookupError:  # FieldDoesNotExist is a LookupError
            namen.append(veld.replace("_", " "))
    return ", ".join(namen) or "geen velden"
