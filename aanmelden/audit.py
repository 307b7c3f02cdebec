"""Access logging of sign-ups: every look at an Aanmelding's personal data is a Verwerking row,
as for client pages (the client id once the sign-up became an intake)."""

from loket.models import Verwerking


def log_aanmeldingen(request, actie: str, wat: str, aanmeldingen) -> None:
    Verwerking.objects.bulk_create(
        Verwerking(
            loket_id=request.user.loket_id,
            gebruiker_id=request.user.pk,
            klant_id=a.klant_id,
            actie=actie,
            onderwerp=f"aanmelding {a.pk}: {wat}"[:200],
        )
        for a in aanmeldingen
    )
