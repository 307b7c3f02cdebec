"""Trajectory pages: the werkcoach's journey in the browser (HTMX steps), errors as Dutch messages
with 400/409 (never 500), loket scoping, roles, funding gap, stuck flag, constant query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from clients.models import Klant
from loket.access import Recht, rollen_met
from loket.constants import OrganisatieType
from loket.models import Verwerking
from trajecten.constants import Status, TrajectType
from trajecten.forms import FinancieringsRegelForm, TrajectForm
from trajecten.models import Traject, TrajectGebeurtenis, dekking

from ..factories import KlantFactory, LoketFactory, OrganisatieFactory, WerkgeverFactory
from .factories import (
    DuaalTrajectFactory,
    FinancieringsRegelFactory,
    KwalificatieFactory,
    TrajectFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def stap(client, traject, naam, **data):
    data = {"stap": naam, "verwacht": traject.status, **data}
    return client.post(reverse("trajecten:stap", args=[traject.pk]), data, **HTMX)


@pytest.mark.django_db
def test_werkcoach_takes_client_from_start_to_certificate(client_as, werkcoach, loket):
    client = client_as(werkcoach)
    klant = KlantFactory(loket=loket)
    aanbieder = OrganisatieFactory(loket=loket, type=OrganisatieType.EVC_AANBIEDER)
    kwalificatie = KwalificatieFactory(naam="Pedagogisch medewerker kinderopvang")
    pagina = client.get(klant.get_absolute_url())
    start_url = reverse("trajecten:start", args=[klant.pk])
    assert start_url in pagina.content.decode()
    response = client.post(
        start_url,
        {
            "type": "evc",
            "kwalificatie": kwalificatie.pk,
            "aanbieder": aanbieder.pk,
            "begeleider": werkcoach.pk,
            "datum_aanmelding": timezone.localdate().isoformat(),
            "kosten_raming": "1.250,00",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    traject = Traject.objects.get()
    assert response.url == traject.get_absolute_url()
    assert traject.kosten_raming == Decimal("1250.00")
    detail = client.get(traject.get_absolute_url())
    assert detail.status_code == 200
    assert 'hx-post="' + reverse("trajecten:stap", args=[traject.pk]) in detail.content.decode()
    for naam in ["naar_intake", "naar_portfolio", "naar_assessment", "reik_certificaat_uit"]:
        traject.refresh_from_db()
        response = stap(client, traject, naam)
        assert response.status_code == 200
        assert 'id="status-paneel"' in response.content.decode()
        assert "<html" not in response.content.decode()
    traject.refresh_from_db()
    assert traject.status == Status.CERTIFICAAT
    assert "Ervaringscertificaat uitgereikt" in response.content.decode()
    assert "geen volgende stappen" in response.content.decode()
    assert traject.gebeurtenissen.count() == 5
    assert Verwerking.objects.filter(klant_id=klant.pk, actie="gewijzigd").count() == 4
    assert "Pedagogisch medewerker" in client.get(klant.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_dual_trajectory_to_placement_at_erkend_leerbedrijf(client_as, werkcoach, loket):
    client = client_as(werkcoach)
    niet_erkend = WerkgeverFactory(loket=loket, erkend_leerbedrijf=False, naam="Bakkerij Los")
    traject = DuaalTrajectFactory(klant__loket=loket, leerbedrijf=niet_erkend)
    assert stap(client, traject, "zoek_leerbaan").status_code == 200
    traject.refresh_from_db()
    response = stap(client, traject, "plaats")
    assert response.status_code == 409
    assert "Bakkerij Los is geen erkend leerbedrijf" in response.content.decode()
    erkend = WerkgeverFactory(loket=loket, erkend_leerbedrijf=True, naam="Bouwbedrijf Vast")
    response = client.post(
        reverse("trajecten:wijzig", args=[traject.pk]),
        {
            "kwalificatie": traject.kwalificatie_id,
            "aanbieder": traject.aanbieder_id,
            "leerbedrijf": erkend.pk,
            "begeleider": werkcoach.pk,
            "kosten_raming": "0",
        },
    )
    assert response.status_code == 302
    traject.refresh_from_db()
    assert traject.leerbedrijf == erkend and traject.status == Status.LEERBAAN_GEZOCHT
    assert stap(client, traject, "plaats").status_code == 200
    traject.refresh_from_db()
    assert traject.status == Status.GEPLAATST
    assert list(traject.gebeurtenissen.values_list("naar_status", flat=True)) == [
        "aangemeld",
        "leerbaan_gezocht",
        "geplaatst",
    ]


@pytest.mark.django_db
def test_forbidden_or_stale_step_is_a_dutch_409_not_a_500(client_as, werkcoach, loket):
    client = client_as(werkcoach)
    traject = TrajectFactory(klant__loket=loket)
    response = stap(client, traject, "naar_portfolio")
    assert response.status_code == 409
    assert "kan niet vanuit het stadium" in response.content.decode()
    stap(client, traject, "naar_intake")
    # The same page (still showing 'aangemeld') posted again by a second click or colleague.
    response = stap(client, traject, "naar_intake")
    assert response.status_code == 409
    assert "intussen door iemand anders gewijzigd" in response.content.decode()
    assert traject.gebeurtenissen.count() == 2
    # Without HTMX the whole page comes back with the message.
    response = client.post(
        reverse("trajecten:stap", args=[traject.pk]),
        {"stap": "naar_intake", "verwacht": "intake"},
    )
    assert response.status_code == 409 and "<html" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"stap": "naar_intake", "verwacht": "aangemeld", "datum": "2099-01-01"}, "toekomst"),
        ({"stap": "naar_intake", "verwacht": "aangemeld", "datum": "31-02-2026"}, "geldige datum"),
        ({"stap": "naar_intake", "verwacht": "aangemeld", "datum": "2000-01-01"}, "hoogstens 90"),
        ({"stap": "vliegen", "verwacht": "aangemeld"}, "Onbekende stap"),
        ({"stap": "naar_intake", "verwacht": "onzin"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_step_input_is_a_dutch_400(client_as, werkcoach, loket, data, melding):
    client = client_as(werkcoach)
    traject = TrajectFactory(klant__loket=loket)
    response = client.post(reverse("trajecten:stap", args=[traject.pk]), data, **HTMX)
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert traject.gebeurtenissen.count() == 1


@pytest.mark.django_db
def test_bad_start_input_is_a_dutch_400(client_as, werkcoach, loket):
    client = client_as(werkcoach)
    klant = KlantFactory(loket=loket)
    response = client.post(
        reverse("trajecten:start", args=[klant.pk]),
        {
            "type": "evc",
            "kwalificatie": KwalificatieFactory().pk,
            "leerbedrijf": WerkgeverFactory(loket=loket).pk,
            "begeleider": werkcoach.pk,
            "datum_aanmelding": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "kosten_raming": "veel",
            "gepland_start": "2026-05-01",
            "gepland_eind": "2026-04-01",
        },
    )
    assert response.status_code == 400
    tekst = response.content.decode()
    for melding in [
        "toekomst",
        "Alleen een duaal/BBL-traject heeft een leerbedrijf",
        "Dit is geen getal",
        "geplande einde ligt voor de geplande start",
    ]:
        assert melding in tekst
    assert not Traject.objects.exists()


@pytest.mark.django_db
def test_correction_through_htmx(client_as, werkcoach, loket):
    client = client_as(werkcoach)
    traject = TrajectFactory(klant__loket=loket)
    stap(client, traject, "breek_af", reden="Klant ziet ervan af")
    fout = traject.gebeurtenissen.get(naar_status=Status.AFGEBROKEN)
    url = reverse("trajecten:correctie", args=[traject.pk])
    response = client.post(url, {"gebeurtenis": fout.pk, "reden": ""}, **HTMX)
    assert response.status_code == 400
    response = client.post(url, {"gebeurtenis": fout.pk, "reden": "Verkeerde knop"}, **HTMX)
    assert response.status_code == 200
    assert "Correctie" in response.content.decode()
    traject.refresh_from_db()
    assert traject.status == Status.AANGEMELD
    assert TrajectGebeurtenis.objects.filter(corrigeert=fout).count() == 1


@pytest.mark.django_db
def test_funding_gap_on_the_page(client_as, werkcoach, loket):
    client = client_as(werkcoach)
    traject = TrajectFactory(klant__loket=loket, kosten_raming=Decimal("2500.00"))
    FinancieringsRegelFactory(traject=traject, bedrag=Decimal("1000.00"), status="toegezegd")
    FinancieringsRegelFactory(traject=traject, bedrag=Decimal("750.50"), status="ontvangen")
    assert dekking(traject) == {
        "kosten": Decimal("2500.00"),
        "gedekt": Decimal("1750.50"),
        "ontvangen": Decimal("750.50"),
        "tekort": Decimal("749.50"),
        "overschot": Decimal("0.00"),
    }
    tekst = client.get(traject.get_absolute_url()).content.decode()
    assert "€ 2.500,00" in tekst and "€ 1.750,50" in tekst and "€ 749,50" in tekst
    gemeente = OrganisatieFactory(loket=loket, type=OrganisatieType.GEMEENTE)
    response = client.post(
        reverse("trajecten:financiering", args=[traject.pk]),
        {
            "bron": "gemeente",
            "organisatie": gemeente.pk,
            "bedrag": "1.000,00",
            "status": "toegezegd",
        },
    )
    assert response.status_code == 302
    assert dekking(traject)["overschot"] == Decimal("250.50")
    assert dekking(traject)["tekort"] == Decimal("0.00")
    response = client.post(
        reverse("trajecten:financiering", args=[traject.pk]),
        {"bron": "gemeente", "bedrag": "-5", "status": "toegezegd"},
    )
    assert response.status_code == 400
    assert "Vul een bedrag groter dan nul in." in response.content.decode()
    regel = traject.financiering.filter(status="toegezegd").first()
    client.post(reverse("trajecten:financiering_ontvangen", args=[traject.pk, regel.pk]))
    regel.refresh_from_db()
    assert regel.status == "ontvangen"


@pytest.mark.django_db
def test_stuck_trajectories_are_flagged(client_as, werkcoach, loket, settings):
    settings.LOKET_TRAJECT_STIL_DAGEN = 60
    client = client_as(werkcoach)
    lang_geleden = timezone.now() - datetime.timedelta(days=61)
    stil = TrajectFactory(klant__loket=loket, status_sinds=lang_geleden, begeleider=werkcoach)
    TrajectFactory(klant__loket=loket, begeleider=werkcoach)
    TrajectFactory(
        klant__loket=loket,
        status=Status.CERTIFICAAT,
        status_sinds=lang_geleden,
        begeleider=werkcoach,
    )
    response = client.get(reverse("trajecten:list"))
    assert response.content.decode().count("Staat stil") == 1
    response = client.get(reverse("trajecten:list"), {"stil": "on"})
    assert list(response.context["pagina"].object_list) == [stil]
    detail = client.get(stil.get_absolute_url()).content.decode()
    assert "Staat stil: 61 dagen" in detail


@pytest.mark.django_db
def test_list_filters_and_mijn_trajecten(client_as, werkcoach, projectleider, loket):
    client = client_as(werkcoach)
    eigen = TrajectFactory(klant__loket=loket, begeleider=werkcoach)
    ander = DuaalTrajectFactory(klant__loket=loket, begeleider=projectleider)
    mijn = client.get(reverse("trajecten:mijn"))
    assert list(mijn.context["pagina"].object_list) == [eigen]
    lijst = client.get(reverse("trajecten:list"), {"type": "duaal"})
    assert list(lijst.context["pagina"].object_list) == [ander]
    lijst = client.get(reverse("trajecten:list"), {"aanbieder": eigen.aanbieder_id})
    assert list(lijst.context["pagina"].object_list) == [eigen]
    vandaag = timezone.localdate().isoformat()
    lijst = client.get(reverse("trajecten:list"), {"van": vandaag, "tot": vandaag})
    assert set(lijst.context["pagina"].object_list) == {eigen, ander}
    fout = client.get(reverse("trajecten:list"), {"van": "2026-05-01", "tot": "2026-04-01"})
    assert fout.status_code == 400
    assert "einddatum ligt voor de begindatum" in fout.content.decode()


def _bulk_trajecten(loket, werkcoach, aantal):
    klanten = Klant.objects.bulk_create(
        KlantFactory.build(loket=loket, klantnummer=f"BULK-{aantal}-{i:06d}") for i in range(20)
    )
    kwalificatie = KwalificatieFactory()
    aanbieder = OrganisatieFactory(loket=loket, type=OrganisatieType.ROC)
    bedrijf = WerkgeverFactory(loket=loket)
    nu = timezone.now()
    Traject.objects.bulk_create(
        Traject(
            loket=loket,
            klant=klanten[i % len(klanten)],
            type=TrajectType.DUAAL if i % 2 else TrajectType.EVC,
            kwalificatie=kwalificatie,
            aanbieder=aanbieder,
            leerbedrijf=bedrijf if i % 2 else None,
            begeleider=werkcoach,
            status_sinds=nu - datetime.timedelta(days=i % 200),
        )
        for i in range(aantal)
    )


def _aantal_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url_naam", ["trajecten:list", "trajecten:mijn"])
def test_list_query_count_is_the_same_at_10_and_1000(client_as, werkcoach, loket, url_naam):
    client = client_as(werkcoach)
    _bulk_trajecten(loket, werkcoach, 10)
    url = reverse(url_naam)
    filters = {"type": "evc", "van": "2020-01-01", "stil": "on"}
    klein = (_aantal_queries(client, url), _aantal_queries(client, url, filters))
    _bulk_trajecten(loket, werkcoach, 990)
    groot = (_aantal_queries(client, url), _aantal_queries(client, url, filters))
    assert Traject.objects.count() == 1000
    assert klein == groot
    print(f"queries {url_naam}: {klein} at 10, {groot} at 1000")


@pytest.mark.django_db
def test_other_lokets_werkcoach_gets_404(client_as, werkcoach_elders, loket):
    client = client_as(werkcoach_elders)
    traject = TrajectFactory(klant__loket=loket)
    klant = traject.klant
    for url in [
        reverse("trajecten:detail", args=[traject.pk]),
        reverse("trajecten:wijzig", args=[traject.pk]),
        reverse("trajecten:start", args=[klant.pk]),
        reverse("trajecten:stap", args=[traject.pk]),  # POST-only: still 404, not 405
    ]:
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("trajecten:stap", args=[traject.pk]),
        {"stap": "naar_intake", "verwacht": "aangemeld"},
    )
    assert response.status_code == 404
    assert traject.gebeurtenissen.count() == 1
    assert client.get(reverse("trajecten:list")).context["pagina"].paginator.count == 0


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["stuurgroeplid", "beheerder"])
def test_stuurgroep_and_beheerder_get_403(client_as, request, loket, rol):
    client = client_as(request.getfixturevalue(rol))
    traject = TrajectFactory(klant__loket=loket)
    for url in [
        reverse("trajecten:list"),
        reverse("trajecten:mijn"),
        reverse("trajecten:detail", args=[traject.pk]),
        reverse("trajecten:start", args=[traject.klant_id]),
    ]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("trajecten:stap", args=[traject.pk])).status_code == 403


def test_every_trajecten_and_werkgevers_view_declares_its_roles():
    resolver = get_resolver()
    gevonden = 0
    for namespace in ("trajecten", "werkgevers"):
        for patroon in resolver.namespace_dict[namespace][1].url_patterns:
            assert isinstance(patroon, URLPattern)
            view = getattr(patroon.callback, "view_class", patroon.callback)
            recht = Recht.REFERENTIEDATA if patroon.name == "kwalificaties" else Recht.KLANTWERK
            verwacht = rollen_met(recht)
            assert tuple(view.rollen) == verwacht, patroon.name
            gevonden += 1
    assert gevonden == 15


@pytest.mark.django_db
def test_menu_shows_trajecten_and_werkgevers_to_werkcoach(client_as, werkcoach):
    tekst = client_as(werkcoach).get(reverse("start")).content.decode()
    assert reverse("trajecten:list") in tekst and reverse("werkgevers:list") in tekst


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("invoer", "bedrag"),
    [
        ("1.250,00", Decimal("1250.00")),
        ("1250,5", Decimal("1250.5")),
        ("€ 1.250", Decimal("1250")),
        ("1.000.000", Decimal("1000000")),
        ("0,01", Decimal("0.01")),
    ],
)
def test_amounts_as_people_type_them(invoer, bedrag):
    form = TrajectForm(loket=LoketFactory())
    assert form.fields["kosten_raming"].clean(invoer) == bedrag
    assert FinancieringsRegelForm(loket=LoketFactory()).fields["bedrag"].clean(invoer) == bedrag


@pytest.mark.django_db
@pytest.mark.parametrize(
    "invoer", ["veel", "1,2,3", "12,345", "NaN", "1e309", "1250.00", "1,250.50", "12.5"]
)
def test_bad_amounts_are_refused(invoer):
    """Ambiguous text ("1250.00" with a decimal point, "12,345") is refused, never guessed."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        TrajectForm(loket=LoketFactory()).fields["kosten_raming"].clean(invoer)


@pytest.mark.django_db
def test_amount_fields_are_dutch_text_inputs(client_as, werkcoach, loket):
    """<input type=number> let an English browser send 125050 for "1250,50": text inputs now."""
    traject = TrajectFactory(klant__loket=loket)
    client = client_as(werkcoach)
    for url in (
        reverse("trajecten:wijzig", args=[traject.pk]),
        traject.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert 'type="number"' not in html
        assert 'inputmode="decimal"' in html
    # A new trajectory starts from a cost estimate of 0, as the model's default.
    start = client.get(reverse("trajecten:start", args=[traject.klant.pk])).content.decode()
    assert re.search(r'<input[^>]*name="kosten_raming"[^>]*value="0"', start)


@pytest.mark.django_db
@pytest.mark.parametrize("naam", ["breek_af", "stop_voortijdig"])
def test_breaking_off_asks_a_reason(client_as, werkcoach, loket, naam):
    client = client_as(werkcoach)
    factory = TrajectFactory if naam == "breek_af" else DuaalTrajectFactory
    traject = factory(klant__loket=loket)
    if naam == "stop_voortijdig":
        for vooraf in ["zoek_leerbaan", "plaats", "start_opleiding"]:
            assert stap(client, traject, vooraf).status_code == 200
            traject.refresh_from_db()
    response = stap(client, traject, naam)
    assert response.status_code == 400
    assert "Vul bij Toelichting de reden in" in response.content.decode()
    traject.refresh_from_db()
    assert traject.status not in {Status.AFGEBROKEN, Status.VOORTIJDIG_GESTOPT}
    response = stap(client, traject, naam, reden="Klant heeft werk gevonden")
    assert response.status_code == 200
    html = response.content.decode()
    # The whole panel is fresh: no "afgerond" after breaking off, and the trajectory's facts
    # (end date, outcome) come along out of band.
    assert "afgerond" not in html
    assert ("Dit traject is afgebroken" in html) or ("Dit traject is voortijdig gestopt" in html)
    assert 'id="traject-gegevens-blok"' in html and 'hx-swap-oob="true"' in html
    traject.refresh_from_db()
    assert traject.werkelijk_eind.strftime("%d-%m-%Y") in html


@pytest.mark.django_db
def test_the_access_log_speaks_dutch_not_codes(client_as, werkcoach, loket):
    from loket.audit import veldnamen

    client = client_as(werkcoach)
    traject = TrajectFactory(klant__loket=loket)
    stap(client, traject, "breek_af", reden="Klant ziet ervan af")
    onderwerpen = list(
        Verwerking.objects.filter(klant_id=traject.klant_id).values_list("onderwerp", flat=True)
    )
    assert f"traject {traject.pk}: van aangemeld naar afgebroken" in onderwerpen
    assert not any("->" in o or "_" in o for o in onderwerpen)
    assert veldnamen(Traject, ["kosten_raming", "gepland_eind"]) == "geraamde kosten, gepland einde"
