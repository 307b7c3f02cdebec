"""The navigation menu and the user's rights, both read from loket.access."""

from django.conf import settings
from django.urls import reverse

from .access import Recht, rechten_van

# (label, url name, the right that opens it; None: every logged-in user)
MENU = [
    ("Start", "start", None),
    ("Klanten", "clients:klant_list", Recht.KLANTWERK),
    ("Nieuwe intake", "clients:intake", Recht.KLANTWERK),
    ("Aanmeldingen", "aanmeldingen:list", Recht.KLANTWERK),
    ("Trajecten", "trajecten:list", Recht.KLANTWERK),
    ("Werkgevers", "werkgevers:list", Recht.KLANTWERK),
    ("Overdrachten", "overdrachten:partner_list", Recht.PARTNER_OVERDRACHTEN),
    ("Uren", "overdrachten:partner_uren", Recht.PARTNER_UREN),
    ("Financiering", "financiering:index", Recht.FINANCIERING_INZIEN),
    ("Monitor", "monitor:dashboard", Recht.MONITOR_INZIEN),
    ("Programma", "monitor:programma", Recht.PROGRAMMA_INZIEN),
    ("Verwerkingenlogging", "privacy:verwerkingen", Recht.PRIVACY),
    ("Inzageverzoek", "privacy:inzageverzoek", Recht.PRIVACY),
    ("Verwijderverzoek", "privacy:verwijderverzoek", Recht.PRIVACY),
    ("Kwalificaties", "trajecten:kwalificaties", Recht.REFERENTIEDATA),
    ("Beheer", "beheer:index", Recht.LOKET_BEHEER),
    ("Installatie", "installatie:index", Recht.INSTALLATIE_BEHEER),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "rechten": frozenset()}
    rechten = rechten_van(user)
    items = []
    for label, url_name, recht in MENU:
        if recht is None or recht in rechten:
            url = reverse(url_name)
            items.append({"label": label, "url": url, "actief": request.path == url})
    return {
        "menu": items,
        "rechten": {r.value for r in rechten},
        # The session-expiry warning (static/js/sessie.js) counts down from this.
        "sessie_seconden": settings.SESSION_COOKIE_AGE,
    }
