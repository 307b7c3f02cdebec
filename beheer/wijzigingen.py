"""Writing the change log: one function, called inside the service that makes the change."""

from .models import Wijziging


def _tekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    return str(waarde)[:300]


def log_wijziging(
    *,
    door,
    loket,
    onderwerp: str,
    object_naam: str,
    actie: str,
    object_id: int | None = None,
    oud=None,
    nieuw=None,
    reden: str = "",
) -> Wijziging:
    """Append one row. `door` may be None (the system, or the user acting on their own account
    through a link) and `loket` None (the installation)."""
    return Wijziging.objects.create(
        loket=loket,
        door=door if getattr(door, "pk", None) else None,
        door_naam=(str(door) if door is not None else "systeem")[:200],
        onderwerp=onderwerp,
        object_id=object_id,
        object_naam=str(object_naam)[:200],
        actie=actie[:120],
        oude_waarde=_tekst(oud),
        nieuwe_waarde=_tekst(nieuw),
        reden=reden[:300],
    )
