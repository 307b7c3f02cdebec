"""Hostile query strings and path parameters on every URL of the permission matrix: never a 500.

Which query parameters a page reads is found by asking it: a probe request records every name the
view looks up in request.GET (forms, paginators, period pickers), and the page's own fields are
read from its HTML. Each such parameter then gets each hostile value, alone and all together.
Path parameters are replaced one by one by hostile values (the URL is built by hand, so the
resolver and the view decide, not reverse()).
"""

from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from loket.constants import Rol

from .conftest import login_met_tweede_factor
from .factories import UserFactory
from .test_permissiematrix import URL_ARGUMENTEN, URLS, heeft_get, regel

VIJANDIG = [
    "\x00",
    "a\x00b",
    "99999999999999999999999",
    "9223372036854775808",
    "-1",
    "0",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "31-12-9999",
    "²",
    "٣",  # ARABIC-INDIC DIGIT THREE: isdigit() but not [0-9]
    "１２",  # fullwidth digits
    "x" * 3000,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%00",
    "1e309",
    "NaN",
    "",
]

PER_PARAMETER = {"99999999999999999999999", "-1", "9999-12-31", "0001-01-01", "²"}

# Names every page might read; the probe request below records which ones it really reads.
BEKENDE_NAMEN = [
    "pagina",
    "periode",
    "jaar",
    "kwartaal",
    "van_jaar",
    "van",
    "tot",
    "dimensie",
    "waarde",
    "export",
    "bewerk",
    "next",
    "zoek",
    "q",
]
PROBE = {
    **dict.fromkeys(BEKENDE_NAMEN, "1"),
    "dimensie": "doelgroep",
    "periode": "vrij",
    "van": "2024-01-01",
    "tot": "2024-03-31",
}


class Velden(HTMLParser):
    """The fields of a page's GET forms (filters, period pickers): what ends up in its query
    string. Fields of POST forms are the form fuzzer's (tests/test_fuzz_formulieren.py)."""

    def __init__(self):
        super().__init__()
        self.namen: set[str] = set()
        self.in_post_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_post_form = (attrs.get("method") or "get").lower() == "post"
        naam = attrs.get("name")
        if tag in {"input", "select", "textarea"} and naam and not self.in_post_form:
            self.namen.add(naam)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False


@pytest.fixture
def gelezen_namen(monkeypatch):
    """Record the keys looked up in any QueryDict (request.GET) while the fixture is active."""
    namen: set[str] = set()
    origineel_get = MultiValueDict.get
    origineel_getitem = MultiValueDict.__getitem__
    origineel_getlist = MultiValueDict.getlist
    origineel_contains = MultiValueDict.__contains__

    def get(self, key, default=None):
        namen.add(key)
        return origineel_get(self, key, default)

    def getitem(self, key):
        namen.add(key)
        return origineel_getitem(self, key)

    def getlist(self, key, default=None):
        namen.add(key)
        return origineel_getlist(self, key, default)

    def contains(self, key):
        namen.add(key)
        return origineel_contains(self, key)

    monkeypatch.setattr(MultiValueDict, "get", get)
    monkeypatch.setattr(MultiValueDict, "__getitem__", getitem)
    monkeypatch.setattr(MultiValueDict, "getlist", getlist)
    monkeypatch.setattr(MultiValueDict, "__contains__", contains)
    return namen


def get_urls():
    for naam, pattern in sorted(URLS.items()):
        if (isinstance(regel(pattern), set) or regel(pattern) == "openbaar") and heeft_get(pattern):
            yield naam


def _login(client, loket, pattern):
    client.raise_request_exception = False  # collect every 500 instead of stopping at the first
    if regel(pattern) == "openbaar":
        return  # public pages are fuzzed as the anonymous visitor who can reach them
    rol = next(r for r in Rol.values if r in regel(pattern))
    login_met_tweede_factor(client, UserFactory(loket=loket, rol=rol))


def _argumenten(naam, loket):
    bouw = URL_ARGUMENTEN.get(naam)
    return bouw(loket) if callable(bouw) else (bouw or {})


@pytest.mark.parametrize("naam", list(get_urls()))
def test_hostile_query_strings_never_give_a_500(naam, client, loket, gelezen_namen):
    pattern = URLS[naam]
    _login(client, loket, pattern)
    url = reverse(naam, kwargs=_argumenten(naam, loket))
    gelezen_namen.clear()
    pagina = client.get(url, PROBE)
    # request.GET is not the only MultiValueDict (the URL resolver keeps one): keep the names a
    # page could be sent, those we know and those of its own fields.
    velden = _html_namen(pagina)
    namen = {n for n in gelezen_namen if n in BEKENDE_NAMEN or n in velden} | velden
    namen.discard("csrfmiddlewaretoken")

    fouten = []
    for waarde in VIJANDIG:
        # Each parameter alone with the most telling values; all of them together with every value.
        alleen = [{n: waarde} for n in sorted(namen)] if waarde in PER_PARAMETER else []
        for params in [*alleen, dict.fromkeys(namen, waarde)]:
            response = client.get(f"{url}?{urlencode(params)}")
            if response.streaming:
                b"".join(response.streaming_content)  # the test client closes it when consumed
            if response.status_code >= 500:
                fouten.append((params if len(repr(params)) < 200 else list(params), waarde[:20]))
    assert not fouten, (naam, fouten[:10])


def _html_namen(pagina):
    if pagina.streaming or not pagina.get("Content-Type", "").startswith("text/html"):
        return set()  # a download (PDF, xlsx, CSV) has no fields
    parser = Velden()
    parser.feed(pagina.content.decode(errors="replace"))
    return parser.namen


PAD_VIJANDIG = [
    "0",
    "-1",
    "99999999999999999999999",
    "9223372036854775808",
    "2147483648",
    "0001",
    "9999",
    "٣",
    "x" * 300,
    "%00",
    "a%00b",
    "%27%20OR%201%3D1",
    "%3Cscript%3E",
]


def path_urls():
    for naam, pattern in sorted(URLS.items()):
        if pattern.pattern.regex.groups and isinstance(regel(pattern), set):
            yield naam


@pytest.mark.parametrize("naam", list(path_urls()))
def test_hostile_path_parameters_never_give_a_500(naam, client, loket):
    pattern = URLS[naam]
    _login(client, loket, pattern)
    kwargs = _argumenten(naam, loket)
    url = reverse(naam, kwargs=kwargs)
    fouten = []
    for sleutel, goed in kwargs.items():
        deel = f"/{quote(str(goed))}/"
        assert deel in url, (naam, sleutel, url)
        for waarde in PAD_VIJANDIG:
            vijandig = url.replace(deel, f"/{waarde}/", 1)
            response = client.get(vijandig)
            if response.status_code >= 500:
                fouten.append((sleutel, waarde[:30]))
            if heeft_get(pattern) is False or response.status_code == 405:
                response = client.post(vijandig, {})
                if response.status_code >= 500:
                    fouten.append(("POST", sleutel, waarde[:30]))
    assert not fouten, (naam, fouten)


def test_nul_byte_in_path_or_query_gets_a_dutch_400(client, werkcoach):
    login_met_tweede_factor(client, werkcoach)
    for url in ["/klanten/?zoek=a%00b", "/klanten/a%00/", "/trajecten/?x%00=1"]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "ongeldig teken" in response.content.decode(), url


@pytest.mark.parametrize("url", [reverse("login"), reverse("admin:login")])
def test_hostile_login_posts_never_give_a_500(client, werkcoach, url):
    client.raise_request_exception = False
    fouten = []
    for waarde in VIJANDIG:
        for data in [
            {"username": waarde, "password": waarde},
            {"username": werkcoach.username, "password": waarde},
        ]:
            response = client.post(f"{url}?next={quote(waarde)}", data)
            if response.status_code >= 500:
                fouten.append(waarde[:20])
    assert not fouten, fouten
