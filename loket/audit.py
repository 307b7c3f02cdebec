"""Verwerkingenlogging: record every view, change and export of a client's data."""

from collections.abc import Iterable

from .models import Verwerking


def log_verwerking(request, actie: str, onderwerp: str, klant_ids: Iterable[int | None]) -> None:
    """Append one row per client (one INSERT, whatever the number of clients)."""
    Verwerking.objects.bulk_create(
        Verwerking(
            loket_id=request.user.loket_id,
            gebruiker_id=request.user.pk,
            klant_id=klant_id,
            actie=actie,
            onderwerp=onderwerp[:200],
        )
        for klant_id in klant_ids
    )
