"""Settings that may differ per loket, with the installation's environment settings as fallback.

The per-loket values live in beheer.LoketInstelling (edited by the loket's beheerder). They are
looked up through the app registry, so loket does not import beheer (dependencies point one way)."""

from django.apps import apps
from django.conf import settings

# name -> (field of LoketInstelling, fallback)
INSTELLINGEN = {
    "traject_stil_dagen": lambda loket: settings.LOKET_TRAJECT_STIL_DAGEN,
    "bewaartermijn_jaren": lambda loket: settings.LOKET_BEWAARTERMIJN_JAREN,
    "terugdateren_dagen": lambda loket: getattr(settings, "LOKET_TRAJECT_TERUGDATEREN_DAGEN", 90),
    "klantnummer_voorvoegsel": lambda loket: loket.code,
}


def _eigen_waarden(loket) -> dict:
    """One query; not cached, so a change by the beheerder applies at once everywhere."""
    model = apps.get_model("beheer", "LoketInstelling")
    rij = model.objects.voor_loket(loket.pk).values(*INSTELLINGEN).first() or {}
    return {k: v for k, v in rij.items() if v not in (None, "")}


def instelling(loket, naam: str):
    """The loket's own value for `naam`, or the installation's setting when it has none."""
    if naam not in INSTELLINGEN:
        raise KeyError(f"Onbekende instelling: {naam}")
    if loket is None:
        raise ValueError("instelling() heeft een loket nodig")
    eigen = _eigen_waarden(loket)
    return eigen[naam] if naam in eigen else INSTELLINGEN[naam](loket)


def standaardwaarden(loket) -> dict:
    """The fallbacks, shown next to the form so the beheerder sees what an empty field means."""
    return {naam: standaard(loket) for naam, standaard in INSTELLINGEN.items()}
