"""The programme pages (issue 17): who sees which loketten, sorting, hostile query strings, the
xlsx read back, never a client; and inviting a programme user from the installation's beheer."""

import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from beheer.models import Uitnodiging
from loket.constants import Rol
from loket.models import User

from ..beheer.test_gebruikers import code_voor
from ..conftest import login_met_tweede_factor
from ..factories import IntakeFactory, KlantFactory, LoketFactory, RegioFactory, UserFactory

KWARTAAL = {"periode": "kwartaal", "jaar": 2025, "kwartaal": 1}


@pytest.fixture
def landschap(db):
    noord, zuid = RegioFactory(naam="Noord", code="N"), RegioFactory(naam="Zuid", code="Z")
    loketten = {
        "AA": LoketFactory(code="AA", naam="=HYPERLINK(1)", regio=noord),
        "BB": LoketFactory(code="BB", naam="Loket Bravo", regio=noord),
        "CC": LoketFactory(code="CC", naam="Loket Charlie", regio=zuid),
        "DD": LoketFactory(code="DD", naam="Loket Delta", regio=zuid),
    }
    for code, n in (("AA", 3), ("BB", 20), ("CC", 12), ("DD", 7)):
        klant = KlantFactory(loket=loketten[code], achternaam=f"Geheimnaam{code}")
        for _ in range(n):
            IntakeFactory(klant=klant, datum=datetime.date(2025, 2, 10))
    return {"noord": noord, "zuid": zuid, **loketten}


def _als(client, rol, regio=None):
    user = UserFactory(loket=None, rol=rol, regio=regio)
    login_met_tweede_factor(client, user)
    return client


def _codes(response):
    return [r["rij"].loket.code for r in response.context["rijen"]]


def test_landelijk_sees_every_loket_total_median_and_may_filter_a_region(client, landschap):
    _als(client, Rol.LANDELIJK)
    pagina = client.get(reverse("monitor:programma"), KWARTAAL)
    assert pagina.status_code == 200
    assert _codes(pagina) == ["AA", "BB", "CC", "DD"]
    html = pagina.content.decode()
    assert "Totaal landelijk" in html and "Mediaan (getoonde waarden)" in html
    assert "Geheimnaam" not in html  # never a client
    p = pagina.context["p"]
    assert p.totaal["nieuwe_klanten"] == 42 and p.mediaan["nieuwe_klanten"] == 16
    regio = client.get(reverse("monitor:programma"), {**KWARTAAL, "regio": landschap["zuid"].pk})
    assert _codes(regio) == ["CC", "DD"]
    assert regio.context["p"].totaal["nieuwe_klanten"] == "•"


def test_regio_sees_only_its_region_whatever_the_query_string(client, landschap):
    _als(client, Rol.REGIO, landschap["noord"])
    for vraag in (KWARTAAL, {**KWARTAAL, "regio": landschap["zuid"].pk}, {"regio": "x"}):
        pagina = client.get(reverse("monitor:programma"), vraag)
        assert pagina.status_code == 200
        assert set(_codes(pagina)) <= {"AA", "BB"}
    export = client.get(
        reverse("monitor:programma_export"), {**KWARTAAL, "regio": landschap["zuid"].pk}
    )
    blad = load_workbook(io.BytesIO(export.content))["Loketten"]
    assert [r[0] for r in blad.iter_rows(min_row=2, values_only=True)] == [
        "AA",
        "BB",
        "TOTAAL",
        "MEDIAAN",
    ]


def test_sorting_on_a_column_keeps_hidden_cells_last_in_code_order(client, landschap):
    _als(client, Rol.LANDELIJK)
    url = reverse("monitor:programma")
    op = client.get(url, {**KWARTAAL, "sorteer": "nieuwe_klanten", "richting": "op"})
    af = client.get(url, {**KWARTAAL, "sorteer": "nieuwe_klanten", "richting": "af"})
    assert _codes(op) == ["CC", "BB", "AA", "DD"]
    assert _codes(af) == ["BB", "CC", "AA", "DD"]
    assert 'aria-sort="descending"' in af.content.decode()


@pytest.mark.parametrize(
    "vraag",
    [
        {"sorteer": "'; drop table", "richting": "zijwaarts"},
        {"periode": "vrij", "van": "2025-02-01", "tot": "2025-02-02"},
        {"periode": "tot_nu", "jaar": "2025"},
        {"periode": "kwartaal", "jaar": "x", "kwartaal": "99"},
        {"regio": "999999"},
        {"regio": "-1"},
        {"regio": "1" * 40},
    ],
)
def test_hostile_query_strings_get_a_page_never_a_500(client, landschap, vraag):
    _als(client, Rol.LANDELIJK)
    for naam in ("monitor:programma", "monitor:programma_export"):
        assert client.get(reverse(naam), vraag).status_code == 200
    pagina = client.get(reverse("monitor:programma"), vraag)
    periode = pagina.context["periode"]
    assert periode.soort in ("kwartaal", "jaar", "programma")


def test_the_xlsx_is_numeric_marked_and_formula_safe(client, landschap):
    _als(client, Rol.LANDELIJK)
    export = client.get(reverse("monitor:programma_export"), KWARTAAL)
    assert export.status_code == 200
    assert "programma-landelijk-Q1-2025.xlsx" in export["Content-Disposition"]
    boek = load_workbook(io.BytesIO(export.content))
    blad = boek["Loketten"]
    kop = [c.value for c in blad[1]]
    kolom = kop.index("nieuwe_klanten") + 1
    rijen = {r[0].value: r for r in blad.iter_rows(min_row=2)}
    assert rijen["AA"][kolom - 1].value == "< 5"
    assert rijen["AA"][1].value == "'=HYPERLINK(1)"  # text, never a formula
    assert rijen["BB"][kolom - 1].value == 20 and rijen["BB"][kolom - 1].data_type == "n"
    assert rijen["DD"][kolom - 1].value == "•"
    assert rijen["TOTAAL"][kolom - 1].value == 42
    assert rijen["MEDIAAN"][kolom - 1].value == 16
    assert [c.value for c in boek["Per kwartaal"][2]][0] == "Q1 2025"
    assert "Geheimnaam" not in str([c.value for b in boek for r in b.iter_rows() for c in r])


def test_menu_and_definitions_for_the_programme_roles(client, landschap):
    _als(client, Rol.LANDELIJK)
    start = client.get(reverse("start"))
    assert reverse("monitor:programma") in start.content.decode()
    definities = client.get(reverse("monitor:definities"))
    assert definities.status_code == 200
    assert "programma-bescherming" in definities.content.decode()
    assert reverse("monitor:dashboard") + '"' not in definities.content.decode()


def test_the_stuurgroep_may_not_open_the_programme(client, landschap):
    login_met_tweede_factor(client, UserFactory(loket=landschap["AA"], rol=Rol.STUURGROEP))
    assert client.get(reverse("monitor:programma")).status_code == 403


def test_the_database_requires_a_region_for_the_role_regio(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="r", rol=Rol.REGIO, regio=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="l", rol=Rol.LANDELIJK, regio=RegioFactory())


@pytest.fixture
def installatie_client(client):
    return login_met_tweede_factor(client, UserFactory(loket=None, rol=Rol.FUNCTIONEEL_BEHEERDER))


def test_the_functioneel_beheerder_invites_a_regional_user(
    installatie_client, landschap, django_capture_on_commit_callbacks
):
    url = reverse("installatie:programmagebruiker_uitnodigen")
    data = {"rol": Rol.REGIO, "voornaam": "Rita", "achternaam": "Regio", "email": "rita@example.nl"}
    zonder = installatie_client.post(url, data)
    assert zonder.status_code == 400
    assert "Kies de arbeidsmarktregio" in zonder.content.decode()
    landelijk_met_regio = installatie_client.post(
        url, {**data, "rol": Rol.LANDELIJK, "regio": landschap["noord"].pk}
    )
    assert landelijk_met_regio.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        goed = installatie_client.post(url, {**data, "regio": landschap["noord"].pk})
    assert goed.status_code == 302
    rita = User.objects.get(username="rita@example.nl")
    assert rita.rol == Rol.REGIO and rita.regio == landschap["noord"] and rita.loket is None
    assert Uitnodiging.objects.filter(gebruiker=rita).exists()


def test_an_invited_landelijk_user_enrols_and_opens_the_programme(
    installatie_client, landschap, django_capture_on_commit_callbacks, mailoutbox
):
    url = reverse("installatie:programmagebruiker_uitnodigen")
    with django_capture_on_commit_callbacks(execute=True):
        installatie_client.post(
            url,
            {"rol": Rol.LANDELIJK, "voornaam": "Lies", "achternaam": "Land", "email": "l@x.nl"},
        )
    link = next(w for w in mailoutbox[-1].body.split() if "/account/uitnodiging/" in w)
    nieuw = Client()
    wachtwoord = "Nieuw-en-lang-wachtwoord-7"
    nieuw.post(link, {"new_password1": wachtwoord, "new_password2": wachtwoord})
    nieuw.get(reverse("account:koppelen"))
    lies = User.objects.get(username="l@x.nl")
    device = TOTPDevice.objects.get(user=lies, confirmed=False)
    response = nieuw.post(reverse("account:koppelen"), {"otp_token": code_voor(device)})
    assert response.status_code == 302 and response.url == reverse("account:herstelcodes")
    assert nieuw.get(reverse("account:herstelcodes")).status_code == 200
    assert nieuw.get(reverse("monitor:programma"), KWARTAAL).status_code == 200


@pytest.mark.parametrize("rol", [Rol.LANDELIJK, Rol.REGIO])
def test_no_page_of_the_programme_roles_shows_a_client(client, landschap, rol):
    """Every page these roles may open (from the URL conf and the rights table, as the permission
    matrix builds them) answers without a client's name or number."""
    from ..test_permissiematrix import URL_ARGUMENTEN, URLS, heeft_get, regel

    _als(client, rol, landschap["noord"] if rol == Rol.REGIO else None)
    klanten = list(KlantFactory._meta.model.objects.alle_loketten(reden="test"))
    geopend = []
    for naam, pattern in sorted(URLS.items()):
        rollen = regel(pattern)
        if not isinstance(rollen, set) or rol not in rollen or not heeft_get(pattern):
            continue
        bouw = URL_ARGUMENTEN.get(naam)
        url = reverse(naam, kwargs=bouw(landschap["AA"]) if callable(bouw) else bouw)
        antwoord = client.get(url, KWARTAAL)
        assert antwoord.status_code == 200, naam
        # a download (the programme's PDF) streams its file
        ruw = b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content
        inhoud = ruw.decode(errors="replace")
        for klant in klanten:
            assert klant.achternaam not in inhoud and klant.klantnummer not in inhoud, naam
        geopend.append(naam)
    assert "monitor:programma" in geopend and "monitor:definities" in geopend


@pytest.mark.parametrize("naam", ["monitor:programma", "monitor:programma_export"])
def test_the_page_and_export_cost_the_same_queries_for_more_loketten(client, landschap, naam):
    """The table lists every loket with its region and targets: no query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitor.models import Doelstelling

    _als(client, Rol.LANDELIJK)
    jaar = {"periode": "jaar", "jaar": 2025}

    def tel() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(naam), jaar).status_code == 200
        return len(ctx.captured_queries)

    client.get(reverse(naam), jaar)  # warm the session
    vier = tel()
    for code in ("EE", "FF", "GG"):
        extra = LoketFactory(code=code, naam=f"Loket {code}", regio=RegioFactory())
        klant = KlantFactory(loket=extra)
        for _ in range(6):
            IntakeFactory(klant=klant, datum=datetime.date(2025, 5, 10))
        Doelstelling.objects.create(
            loket=extra,
            indicator="nieuwe_klanten",
            startdatum=datetime.date(2025, 1, 1),
            einddatum=datetime.date(2025, 12, 31),
            streefwaarde=20,
            marge_pct=10,
        )
    assert tel() == vier


@pytest.mark.parametrize(
    ("vraag", "genoemd"),
    [
        ({"periode": "jaar", "jaar": "abc"}, "(jaar)"),
        ({"periode": "kwartaal", "jaar": "2025", "kwartaal": "9"}, "(kwartaal)"),
        ({"periode": "eeuw"}, "(periode)"),
        ({"periode": "vrij", "van": "gisteren", "tot": "2025-01-01"}, "(van en tot)"),
    ],
)
@pytest.mark.parametrize("naam", ["monitor:programma", "monitor:dashboard"])
def test_an_unreadable_period_is_said_not_guessed(
    client, client_as, landschap, projectleider, naam, vraag, genoemd
):
    if naam == "monitor:dashboard":
        client = client_as(projectleider)
    else:
        _als(client, Rol.LANDELIJK)
    pagina = client.get(reverse(naam), vraag)
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "De gevraagde periode kon niet worden gelezen" in html and genoemd in html
    gewoon = client.get(reverse(naam), {"periode": "jaar", "jaar": "2025"})
    assert "kon niet worden gelezen" not in gewoon.content.decode()
