"""Hostile input to every form: random and hostile values posted to each URL that accepts POST.

The field names are read from the page's own HTML, so a new form is fuzzed without a line here.
Never a 500, and nothing a user typed is echoed back unescaped.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import settings as settings_
from hypothesis import strategies as st

from loket.constants import Rol

from .conftest import login_met_tweede_factor
from .factories import UserFactory
from .test_permissiematrix import URL_ARGUMENTEN, URLS, regel

PAYLOAD = "<script>alert('x')</script>"
VIJANDIG = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "",
            " ",
            "x" * 5000,
            PAYLOAD,
            '"><img src=x onerror=alert(1)>',
            "'; DROP TABLE clients_klant; --",
            "-1",
            "0",
            "99999999999999999999999",
            "1e309",
            "NaN",
            "-0.001",
            "2023-02-30",
            "31-13-2020",
            "9999-12-31",
            "0000-00-00",
            "\x00",
            "ﷺ𝕏‮",
            "%00%27",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)


class Velden(HTMLParser):
    """Collect the names of a page's form fields (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.namen: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        naam = attrs.get("name")
        veld = tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "submit",
            "button",
        }
        if veld and naam not in {None, "csrfmiddlewaretoken", *self.namen}:
            self.namen.append(naam)


def post_urls():
    for naam, pattern in sorted(URLS.items()):
        view_class = getattr(pattern.callback, "view_class", None)
        rollen = regel(pattern)
        if view_class and hasattr(view_class, "post") and isinstance(rollen, set):
            yield naam


@pytest.mark.parametrize("naam", list(post_urls()))
def test_hostile_input_never_breaks_a_form(naam, client, loket):
    pattern = URLS[naam]
    rol = next(r for r in Rol.values if r in regel(pattern))
    login_met_tweede_factor(client, UserFactory(loket=loket, rol=rol))
    bouw = URL_ARGUMENTEN.get(naam)
    url = reverse(naam, kwargs=bouw(loket) if callable(bouw) else bouw)
    pagina = client.get(url)
    parser = Velden()
    parser.feed(pagina.content.decode() if pagina.status_code == 200 else "")
    namen = parser.namen or ["waarde"]
    inhoud = pagina.content.decode() if pagina.status_code == 200 else ""
    # The logout button in the header is a form without fields on every page.
    uitloggen = f'<form method="post" action="{reverse("logout")}"'
    if inhoud.count('<form method="post"') > inhoud.count(uitloggen):
        assert parser.namen, f"{naam}: formulier zonder velden gevonden"

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries(dict.fromkeys(namen, VIJANDIG)))
    def post(data):
        response = client.post(url, data)
        assert response.status_code < 500, (naam, data)
        inhoud = response.content.decode(errors="replace")
        assert PAYLOAD not in inhoud, (naam, "onge-escapete invoer in het antwoord")

    post()


def openbare_post_urls():
    for naam, pattern in sorted(URLS.items()):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class and hasattr(view_class, "post") and regel(pattern) == "openbaar":
            yield naam


@pytest.mark.parametrize("naam", list(openbare_post_urls()))
def test_hostile_input_never_breaks_a_public_form(naam, client, loket, settings):
    """The same for the forms anyone can post without logging in (sign-up, appointment and
    survey links); the rate limit is lifted so every example reaches the form."""
    settings.AANMELDEN_MAX_PER_UUR = 10**6
    bouw = URL_ARGUMENTEN.get(naam)
    url = reverse(naam, kwargs=bouw(loket) if callable(bouw) else bouw)
    pagina = client.get(url)
    assert pagina.status_code == 200, naam
    parser = Velden()
    parser.feed(pagina.content.decode())
    namen = parser.namen or ["actie"]

    @settings_(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries(dict.fromkeys(namen, VIJANDIG)))
    def post(data):
        response = client.post(url, data)
        assert response.status_code < 500, (naam, data)
        assert PAYLOAD not in response.content.decode(errors="replace"), naam

    post()


TEKST = st.one_of(
    st.text(min_size=1, max_size=60), st.sampled_from([PAYLOAD, "Ö'Brien-Ünal", "𝕏" * 10])
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    voornaam=TEKST, achternaam=TEKST, notities=st.one_of(st.text(max_size=300), st.just(PAYLOAD))
)
def test_stored_free_text_is_shown_escaped(client_as, werkcoach, voornaam, achternaam, notities):
    from clients.models import Klant

    from .clients.test_intake import intake_post

    client = client_as(werkcoach)
    data = intake_post(
        werkcoach, voornaam=voornaam, achternaam=achternaam, notities=notities, toch_nieuw="on"
    )
    voor = Klant.objects.count()
    response = client.post(reverse("clients:intake"), data)
    assert response.status_code in {302, 400}
    if response.status_code == 400:
        assert Klant.objects.count() == voor  # nothing half-written
        return
    pagina = client.get(response.url).content.decode()
    assert PAYLOAD not in pagina
    if PAYLOAD in (voornaam, achternaam, notities):
        assert "&lt;script&gt;" in pagina
