"""The permission matrix, generated from the URL conf: every URL x every role x own/other loket.

The rule for a URL is the right its view declares (`recht` on a class view, `@recht_vereist` on a
function), turned into roles by loket.access.RECHTEN, or Django's public marker
(@login_not_required). Roles without a loket (regio, landelijk, functioneel beheerder) are also
tried as users without one. A new URL whose view declares neither makes `test_every_url_has_a_rule`
fail; a new URL with path arguments needs a line in URL_ARGUMENTEN saying how to build an object
of a given loket, or `test_every_url_can_be_built` fails.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from loket.access import ROLLEN_ZONDER_LOKET, rollen_met
from loket.constants import Rol

from .aanmelden.urlargumenten import URL_ARGUMENTEN_AANMELDEN
from .beheer.url_argumenten import BEHEER_URL_ARGUMENTEN
from .factories import ContactmomentFactory, KlantFactory, UserFactory
from .financiering.urlargumenten import URL_ARGUMENTEN_FINANCIERING
from .monitor.rapportfabriek import PROGRAMMARAPPORT_ARGUMENTEN, BuitenLoket, rapport_argumenten
from .overdrachten.fabriek import matrix_partner
from .overdrachten.urlargumenten import URL_ARGUMENTEN_OVERDRACHTEN
from .trajecten.url_argumenten import TRAJECTEN_URL_ARGUMENTEN


def _contact(loket):
    contact = ContactmomentFactory(klant__loket=loket)
    return {"pk": contact.klant_id, "contact_pk": contact.pk}


def _document(loket):
    from .clients.test_documenten import maak_document

    document = maak_document(KlantFactory(loket=loket))
    return {"pk": document.klant_id, "document_pk": document.pk}


# For each URL with arguments: a function building the arguments for an object of a given loket
# (then another loket's object must answer 404), or a dict of plain values such as a year.
URL_ARGUMENTEN = {
    "clients:klant_detail": lambda loket: {"pk": KlantFactory(loket=loket).pk},
    "clients:klant_update": lambda loket: {"pk": KlantFactory(loket=loket).pk},
    "clients:contact_create": lambda loket: {"pk": KlantFactory(loket=loket).pk},
    "clients:vervolgintake": lambda loket: {"pk": KlantFactory(loket=loket).pk},
    "clients:contact_correctie": lambda loket: _contact(loket),
    "clients:document_nieuw": lambda loket: {"pk": KlantFactory(loket=loket).pk},
    "clients:dossier_sluiten": lambda loket: {"pk": KlantFactory(loket=loket).pk},
    "clients:document": lambda loket: _document(loket),
}
URL_ARGUMENTEN.update(URL_ARGUMENTEN_FINANCIERING)
URL_ARGUMENTEN.update(TRAJECTEN_URL_ARGUMENTEN)
URL_ARGUMENTEN.update(URL_ARGUMENTEN_AANMELDEN)
URL_ARGUMENTEN.update(URL_ARGUMENTEN_OVERDRACHTEN)
URL_ARGUMENTEN.update(BEHEER_URL_ARGUMENTEN)
URL_ARGUMENTEN["monitor:records"] = {"code": "nieuwe_klanten"}
URL_ARGUMENTEN["monitor:rapport_status"] = rapport_argumenten
URL_ARGUMENTEN["monitor:rapport_download"] = rapport_argumenten
# Not a loket's object: built for the user's own scope, and for another scope (BuitenLoket).
URL_ARGUMENTEN["monitor:programma_rapport_status"] = PROGRAMMARAPPORT_ARGUMENTEN
URL_ARGUMENTEN["monitor:programma_rapport_download"] = PROGRAMMARAPPORT_ARGUMENTEN

# Every URL anyone may open without logging in, listed explicitly: a view that becomes public by
# accident (or stops being public) fails test_public_urls_are_listed.
OPENBAAR = {
    "login",
    "healthz",
    "privacy",
    "toegankelijkheid",
    # The client's own side (aanmelden): sign-up, appointment link, survey link.
    "aanmelden:aanmelden",
    "aanmelden:bedankt",
    "aanmelden:afspraak",
    "aanmelden:afspraak_gewijzigd",
    "aanmelden:enquete",
    "aanmelden:enquete_afmelden",
    "aanmelden:enquete_bedankt",
    # The own account (beheer): an invitation link, and a forgotten password by mail.
    "account:uitnodiging",
    "account:wachtwoord_vergeten",
    "account:wachtwoord_verstuurd",
    "account:wachtwoord_herstellen",
    "account:wachtwoord_hersteld",
}

# Framework views outside our role mixins: any logged-in user, POST only.
IEDERE_INGELOGDE = {"logout"}
ALLEEN_POST = {"logout"}


def alle_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns == "admin":
                continue  # Django admin: superusers only, see test_admin_is_for_superusers_only
            yield from alle_urls(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


URLS = dict(alle_urls())


def regel(pattern: URLPattern):
    view = pattern.callback
    view_class = getattr(view, "view_class", None)
    recht = getattr(view_class, "recht", None) if view_class else None
    rechten = (recht if isinstance(recht, tuple) else (recht,)) if recht else None
    rechten = rechten or getattr(view, "rechten", None)
    if rechten:
        rollen = set(rollen_met(*rechten))
        # What the guard exposes is what RECHTEN says: no hand-made role lists.
        assert set(getattr(view_class or view, "rollen", ())) == rollen, pattern.name
        return rollen
    if getattr(view, "login_required", True) is False:
        return "openbaar"
    return None


def test_every_url_has_a_rule():
    zonder = [n for n, p in URLS.items() if regel(p) is None and n not in IEDERE_INGELOGDE]
    assert not zonder, f"URL's zonder rechtregel (zet `recht = Recht.X` op de view): {zonder}"


def test_public_urls_are_listed():
    assert {n for n, p in URLS.items() if regel(p) == "openbaar"} == OPENBAAR


def test_every_url_can_be_built():
    missend = [n for n, p in URLS.items() if p.pattern.regex.groups and n not in URL_ARGUMENTEN]
    assert not missend, f"Voeg deze URL's toe aan URL_ARGUMENTEN: {missend}"


def heeft_get(pattern):
    view_class = getattr(pattern.callback, "view_class", None)
    return view_class is None or hasattr(view_class, "get")


ROLLEN = list(Rol.values)


@pytest.mark.parametrize("naam", sorted(URLS))
def test_matrix(naam, client, loket, ander_loket):
    from .conftest import login_met_tweede_factor

    pattern = URLS[naam]
    regel_ = regel(pattern)
    bouw = URL_ARGUMENTEN.get(naam)
    if isinstance(bouw, BuitenLoket):
        eigen_url, andere_url = (
            reverse(naam, kwargs=bouw(loket)),
            reverse(naam, kwargs=bouw.ander()),
        )
    elif callable(bouw):
        eigen_url = reverse(naam, kwargs=bouw(loket))
        andere_url = reverse(naam, kwargs=bouw(ander_loket))
    else:
        eigen_url, andere_url = reverse(naam, kwargs=bouw), None
    verwacht_ok = 405 if (naam in ALLEEN_POST or not heeft_get(pattern)) else 200

    anoniem = client.get(eigen_url)
    if regel_ == "openbaar":
        assert anoniem.status_code == 200, naam
        return
    assert anoniem.status_code == 302 and anoniem.url.startswith(reverse("login")), naam

    for rol in ROLLEN:
        # A partner user works for the partner the hand-over URLs are addressed to.
        extra = {"organisatie": matrix_partner(loket)} if rol == Rol.PARTNER else {}
        user = UserFactory(loket=loket, rol=rol, **extra)
        login_met_tweede_factor(client, user)
        mag = naam in IEDERE_INGELOGDE or rol in regel_
        status = client.get(eigen_url).status_code
        assert status == (verwacht_ok if mag else 403), (naam, rol, "eigen loket", status)
        if andere_url:
            status = client.get(andere_url).status_code
            ook_van_hem = isinstance(bouw, BuitenLoket) and rol in bouw.ziet_alles
            verwacht = (verwacht_ok if ook_van_hem else 404) if mag else 403
            assert status == verwacht, (naam, rol, "ander loket", status)
        client.logout()

    for rol in ROLLEN_ZONDER_LOKET:
        login_met_tweede_factor(client, UserFactory(loket=None, rol=rol))
        mag = naam in IEDERE_INGELOGDE or rol in regel_
        status = client.get(eigen_url).status_code
        assert status == (verwacht_ok if mag else 403), (naam, rol, "zonder loket", status)
        client.logout()


def test_admin_is_for_superusers_only(client, loket):
    from .conftest import login_met_tweede_factor

    for rol in ROLLEN:
        login_met_tweede_factor(client, UserFactory(loket=loket, rol=rol))
        response = client.get(reverse("admin:loket_loket_changelist"))
        assert response.status_code == 302 and "login" in response.url
        client.logout()
    login_met_tweede_factor(client, UserFactory(loket=loket, is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:loket_loket_changelist")).status_code == 200
