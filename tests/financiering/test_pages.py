"""The pages: permissions (werkcoach 403, stuurgroep read-only, another loket 404), the budget with
its difference, booking, reversal, quarter closing, hours, and bad input never a 500."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from financiering import services
from financiering.constants import BoekingSoort, Financieringssoort, Vorm
from financiering.models import Boeking, Kwartaalafsluiting, Tarief, UrenInzet
from loket.constants import Rol

from ..conftest import login_met_tweede_factor
from ..factories import LoketFactory, OrganisatieFactory, UserFactory
from .conftest import voer_begroting_2010_in
from .factories import BegrotingFactory, FinancieringsbronFactory, KostenpostFactory, TariefFactory

LEES_URLS = [
    ("financiering:index", []),
    ("financiering:jaaroverzicht", [2010]),
    ("financiering:begroting", [2010]),
    ("financiering:boeking_list", []),
    ("financiering:export", [2010]),
]
BOEK_URLS = [
    ("financiering:kostenpost_create", [2010]),
    ("financiering:financieringsbron_create", [2010]),
    ("financiering:import", [2010]),
    ("financiering:sjabloon", []),
    ("financiering:norm", [2010]),
    ("financiering:boeking_create", [2010]),
    ("financiering:uren_create", [2010]),
    ("financiering:tarieven", [2010]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("naam", "args"), LEES_URLS + BOEK_URLS)
def test_werkcoach_gets_403_everywhere(client_as, werkcoach, naam, args):
    assert client_as(werkcoach).get(reverse(naam, args=args)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("naam", "args"), LEES_URLS)
def test_stuurgroep_reads_overviews(client_as, stuurgroeplid, begroting_2010, naam, args):
    response = client_as(stuurgroeplid).get(reverse(naam, args=args), follow=True)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("naam", "args"), BOEK_URLS)
def test_stuurgroep_cannot_book(client_as, stuurgroeplid, begroting_2010, naam, args):
    client = client_as(stuurgroeplid)
    assert client.get(reverse(naam, args=args)).status_code == 403
    assert client.post(reverse(naam, args=args), {"bedrag": "100"}).status_code == 403


@pytest.mark.django_db
def test_stuurgroep_cannot_reverse_or_close(client_as, stuurgroeplid, loket, begroting_2010):
    boeking = Boeking.objects.filter(loket=loket).first()
    client = client_as(stuurgroeplid)
    aantal = Boeking.objects.count()
    url = reverse("financiering:tegenboeking", args=[boeking.pk])
    assert client.post(url, {"reden": "x", "datum": "2010-05-01"}).status_code == 403
    url = reverse("financiering:kwartaal_sluiten", args=[2010])
    assert client.post(url, {"kwartaal": "1", "bevestig": "on"}).status_code == 403
    assert Boeking.objects.count() == aantal and not Kwartaalafsluiting.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("rol", [Rol.PROJECTLEIDER, Rol.BEHEERDER])
def test_other_loket_gets_404_and_sees_nothing(client_as, loket, begroting_2010, rol):
    elders = UserFactory(loket=LoketFactory(), rol=rol)
    client = client_as(elders)
    boeking = Boeking.objects.filter(loket=loket).first()
    partner = boeking.organisatie or loket.organisaties.first()
    url = reverse("financiering:tegenboeking", args=[boeking.pk])
    # Only the projectleider books (issue 15): the beheerder is refused before the loket matters.
    verwacht = 404 if rol == Rol.PROJECTLEIDER else 403
    assert client.get(url).status_code == verwacht
    assert client.post(url, {"reden": "weg", "datum": "2010-06-01"}).status_code == verwacht
    assert client.get(reverse("financiering:partner", args=[2010, partner.pk])).status_code == 404
    lijst = client.get(reverse("financiering:boeking_list"), {"jaar": 2010})
    assert lijst.status_code == 200 and lijst.context["pagina"].paginator.count == 0
    overzicht = client.get(reverse("financiering:jaaroverzicht", args=[2010]))
    assert overzicht.context["overzicht"].begroting is None
    assert not Boeking.objects.filter(tegenboeking_van=boeking).exists()


@pytest.mark.django_db
def test_budget_page_shows_2010_columns_and_difference(client_as, projectleider, begroting_2010):
    response = client_as(projectleider).get(reverse("financiering:begroting", args=[2010]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "€ 235.000,00" in html and "€ 236.500,00" in html
    assert "+€ 1.500,00" in html
    assert "€ 182.400,00" in html and "29,66 %" in html and "23,02 %" in html
    assert "tekort € 4.650,00" in html
    assert "Begroting 2010" in html and "2.010" not in html


@pytest.mark.django_db
def test_projectleider_enters_budget_lines_through_forms(client_as, projectleider, loket, partner):
    client = client_as(projectleider)
    r = client.post(
        reverse("financiering:kostenpost_create", args=[2026]),
        {"naam": "Loonkosten UWV", "categorie": "loonkosten", "bedrag": "75.000"},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("financiering:financieringsbron_create", args=[2026]),
        {"naam": "UWV uren", "soort": "cofinanciering", "vorm": "in_natura", "bedrag": "12.500,00"},
    )
    assert r.status_code == 400 and "Kies de partner" in r.content.decode()
    r = client.post(
        reverse("financiering:financieringsbron_create", args=[2026]),
        {
            "naam": "UWV uren",
            "soort": "cofinanciering",
            "organisatie": partner.pk,
            "vorm": "in_natura",
            "bedrag": "12.500,00",
            "datum": "2026-01-15",
        },
    )
    assert r.status_code == 302
    soorten = sorted(Boeking.objects.values_list("soort", "bedrag"))
    assert soorten == [("begroot", Decimal("75000.00")), ("toezegging", Decimal("12500.00"))]
    assert all(b.geboekt_door == projectleider for b in Boeking.objects.all())


@pytest.mark.django_db
def test_booking_form_and_reversal_with_required_reason(client_as, projectleider, loket):
    post = KostenpostFactory(begroting=BegrotingFactory(loket=loket, jaar=2026))
    client = client_as(projectleider)
    with freeze_time("2026-05-10 10:00:00"):
        r = client.post(
            reverse("financiering:boeking_create", args=[2026]),
            {
                "soort": "uitgave",
                "regel": f"k-{post.pk}",
                "datum": "2026-05-10",
                "bedrag": "1.234,56",
            },
        )
        assert r.status_code == 302
        boeking = Boeking.objects.get()
        assert boeking.bedrag == Decimal("1234.56") and boeking.soort == BoekingSoort.UITGAVE
        url = reverse("financiering:tegenboeking", args=[boeking.pk])
        r = client.post(url, {"reden": "   ", "datum": "2026-05-10"})
        assert r.status_code == 400 and "Geef de reden" in r.content.decode()
        r = client.post(url, {"reden": "Verkeerde kostenpost", "datum": "2026-05-10"})
        assert r.status_code == 302
        r = client.post(url, {"reden": "Nogmaals", "datum": "2026-05-10"})
        assert r.status_code == 400 and "al tegengeboekt" in r.content.decode()
    tegen = Boeking.objects.get(tegenboeking_van=boeking)
    assert tegen.bedrag == Decimal("-1234.56") and tegen.reden == "Verkeerde kostenpost"


@pytest.mark.django_db
def test_close_quarter_then_booking_in_it_is_refused_on_the_page(client_as, projectleider, loket):
    post = KostenpostFactory(begroting=BegrotingFactory(loket=loket, jaar=2026))
    client = client_as(projectleider)
    with freeze_time("2026-04-02 09:00:00"):
        url = reverse("financiering:kwartaal_sluiten", args=[2026])
        r = client.post(url, {"kwartaal": "1"})
        assert r.status_code == 400 and "definitief wilt afsluiten" in r.content.decode()
        assert not Kwartaalafsluiting.objects.exists()
        r = client.post(url, {"kwartaal": "1", "bevestig": "on"})
        assert r.status_code == 302
        assert Kwartaalafsluiting.objects.filter(loket=loket, jaar=2026, kwartaal=1).exists()
        r = client.post(
            reverse("financiering:boeking_create", args=[2026]),
            {"soort": "uitgave", "regel": f"k-{post.pk}", "datum": "2026-03-30", "bedrag": "10"},
        )
        assert r.status_code == 400 and "is afgesloten" in r.content.decode()
        r = client.post(url, {"kwartaal": "2", "bevestig": "on"})
        assert r.status_code == 302
        assert not Kwartaalafsluiting.objects.filter(kwartaal=2).exists()
    assert not Boeking.objects.exists()


@pytest.mark.django_db
def test_hours_entered_for_a_quarter_are_booked_in_natura(client_as, projectleider, loket):
    bron = FinancieringsbronFactory(begroting=BegrotingFactory(loket=loket, jaar=2026))
    tarief = TariefFactory(
        loket=loket,
        jaar=2026,
        organisatie=bron.organisatie,
        rol="Loketadviseur",
        uurtarief=Decimal("62.50"),
    )
    client = client_as(projectleider)
    url = reverse("financiering:uren_create", args=[2026])
    data = {
        "financieringsbron": bron.pk,
        "tarief": tarief.pk,
        "medewerker": "Loketadviseur",
        "kwartaal": "1",
        "maand": "5",
        "uren": "40,5",
    }
    r = client.post(url, data)
    assert r.status_code == 400 and "valt niet in kwartaal" in r.content.decode()
    data["maand"] = ""
    assert client.post(url, data).status_code == 302
    inzet = UrenInzet.objects.get()
    assert inzet.boeking.bedrag == Decimal("2531.25") and inzet.kwartaal == 1
    r = client.get(reverse("financiering:partner", args=[2026, bron.organisatie.pk]))
    assert r.status_code == 200
    assert r.context["regel"].uren_per_kwartaal[1] == Decimal("40.50")
    assert "€ 2.531,25" in r.content.decode()


@pytest.mark.django_db
def test_tariff_page(client_as, beheerder, loket):
    uwv = OrganisatieFactory(loket=loket, naam="UWV")
    roc = OrganisatieFactory(loket=loket, naam="roc Nova College")
    client = client_as(beheerder)
    url = reverse("financiering:tarieven", args=[2026])
    nieuw = {"organisatie": uwv.pk, "rol": "Adviseur", "uurtarief": "62,50"}
    assert client.post(url, nieuw).status_code == 302
    r = client.post(url, {**nieuw, "rol": "adviseur", "uurtarief": "70"})
    assert r.status_code == 400 and "al een tarief" in r.content.decode()
    # The same role of another partner has its own tariff.
    assert client.post(url, {**nieuw, "organisatie": roc.pk, "uurtarief": "55"}).status_code == 302
    r = client.post(url, {"rol": "Adviseur", "uurtarief": "62,50"})
    assert r.status_code == 400 and "organisatie" in r.context["form"].errors
    pagina = client.get(url).content.decode()
    assert "€ 62,50" in pagina and "€ 55,00" in pagina and "roc Nova College" in pagina
    assert set(Tarief.objects.values_list("organisatie__naam", "uurtarief")) == {
        ("UWV", Decimal("62.50")),
        ("roc Nova College", Decimal("55.00")),
    }


@pytest.mark.django_db
def test_roc_hours_at_uwvs_tariff_are_refused(client_as, projectleider, loket):
    """A tariff belongs to a partner: roc hours cannot be valued at UWV's (higher) tariff."""
    begroting = BegrotingFactory(loket=loket, jaar=2026)
    roc = FinancieringsbronFactory(begroting=begroting, organisatie__naam="roc Nova College")
    uwv = OrganisatieFactory(loket=loket, naam="UWV")
    tarief_uwv = TariefFactory(
        loket=loket, jaar=2026, organisatie=uwv, rol="Adviseur", uurtarief=Decimal("95.00")
    )
    tarief_roc = TariefFactory(
        loket=loket, jaar=2026, organisatie=roc.organisatie, rol="Docent", uurtarief=Decimal("60")
    )
    client = client_as(projectleider)
    url = reverse("financiering:uren_create", args=[2026])
    data = {
        "financieringsbron": roc.pk,
        "tarief": tarief_uwv.pk,
        "medewerker": "Docent",
        "kwartaal": "1",
        "uren": "10",
        "datum": "2026-03-31",
    }
    r = client.post(url, data)
    assert r.status_code == 400
    fout = " ".join(r.context["form"].errors["tarief"])
    assert "hoort bij UWV, niet bij roc Nova College" in fout
    assert not Boeking.objects.exists() and not UrenInzet.objects.exists()
    with pytest.raises(ValidationError, match="hoort bij UWV"):
        services.registreer_uren(
            financieringsbron=roc,
            tarief=tarief_uwv,
            medewerker="Docent",
            uren=Decimal("10"),
            kwartaal=1,
            datum=datetime.date(2026, 3, 31),
        )
    # A tariff from before the rule (no partner) values no new hours either.
    zonder = TariefFactory(loket=loket, jaar=2026, rol="Oud", uurtarief=Decimal("50"))
    r = client.post(url, {**data, "tarief": zonder.pk})
    assert r.status_code == 400 and "hoort bij geen partner" in " ".join(
        r.context["form"].errors["tarief"]
    )
    assert client.post(url, {**data, "tarief": tarief_roc.pk}).status_code == 302
    assert UrenInzet.objects.get().boeking.bedrag == Decimal("600.00")


@pytest.mark.django_db
def test_ledger_list_filters_and_pages(client_as, projectleider, loket):
    begroting = BegrotingFactory(loket=loket, jaar=2026)
    post_a, post_b = KostenpostFactory(begroting=begroting), KostenpostFactory(begroting=begroting)
    for i in range(60):
        services.boek(
            loket=loket,
            jaar=2026,
            soort=BoekingSoort.UITGAVE if i % 2 else BoekingSoort.BEGROOT,
            kostenpost=post_a if i % 3 else post_b,
            bedrag=Decimal(i + 1),
            datum=datetime.date(2026, 1 + i % 12, 1),
        )
    client = client_as(projectleider)
    url = reverse("financiering:boeking_list")
    r = client.get(url, {"jaar": 2026})
    assert r.context["pagina"].paginator.count == 60 and len(r.context["pagina"].object_list) == 50
    r = client.get(url, {"jaar": 2026, "soort": "uitgave", "kostenpost": post_b.pk})
    assert r.context["pagina"].paginator.count == 10
    r = client.get(url, {"van": "2026-03-01", "tot": "2026-03-31"})
    assert r.context["pagina"].paginator.count == 5
    r = client.get(url, {"jaar": 2026, "pagina": 2})
    assert len(r.context["pagina"].object_list) == 10


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"jaar": "abc"},
        {"jaar": "99999999999999999999"},
        {"soort": "<script>"},
        {"organisatie": "-1"},
        {"kostenpost": "x"},
        {"van": "31-02-2026"},
        {"pagina": "9999"},
        {"van": "2026-05-01", "tot": "2026-01-01"},
    ],
)
def test_bad_filters_are_no_500(client_as, projectleider, params):
    assert (
        client_as(projectleider).get(reverse("financiering:boeking_list"), params).status_code
        == 200
    )


@pytest.mark.django_db
def test_year_out_of_range_is_404(client_as, projectleider):
    client = client_as(projectleider)
    assert client.get("/financiering/99999/").status_code == 404
    assert client.get("/financiering/1999/begroting/").status_code == 404


class TestBookingFormFuzz(HypothesisTestCase):
    """Whatever is posted to the booking form: a 302 or a 400 with the form, never a 500, and
    nothing booked unless the input was valid."""

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        soort=st.one_of(st.sampled_from(BoekingSoort.values), st.text(max_size=10)),
        regel=st.one_of(st.just("k-ok"), st.just("f-ok"), st.text(max_size=12)),
        datum=st.one_of(st.just("2026-02-02"), st.text(max_size=12)),
        bedrag=st.one_of(
            st.text(max_size=20),
            st.decimals(allow_nan=True, allow_infinity=True).map(str),
            st.just("1.500,50"),
        ),
    )
    def test_booking_form(self, soort, regel, datum, bedrag):
        loket = LoketFactory()
        begroting = BegrotingFactory(loket=loket, jaar=2026)
        post = KostenpostFactory(begroting=begroting)
        bron = FinancieringsbronFactory(begroting=begroting)
        regel = {"k-ok": f"k-{post.pk}", "f-ok": f"f-{bron.pk}"}.get(regel, regel)
        user = UserFactory(loket=loket, rol=Rol.PROJECTLEIDER)
        login_met_tweede_factor(self.client, user)
        response = self.client.post(
            reverse("financiering:boeking_create", args=[2026]),
            {"soort": soort, "regel": regel, "datum": datum, "bedrag": bedrag},
        )
        assert response.status_code in (302, 400)
        assert Boeking.objects.filter(loket=loket).exists() == (response.status_code == 302)


@pytest.mark.django_db
def test_cofinancing_form_rejects_partner_of_other_loket(client_as, projectleider):
    vreemde = OrganisatieFactory(loket=LoketFactory())
    r = client_as(projectleider).post(
        reverse("financiering:financieringsbron_create", args=[2026]),
        {
            "naam": "X",
            "soort": Financieringssoort.COFINANCIERING,
            "organisatie": vreemde.pk,
            "vorm": Vorm.CASH,
            "bedrag": "100",
        },
    )
    assert r.status_code == 400 and not Boeking.objects.exists()


@pytest.mark.django_db
def test_full_journey_2010(client_as, projectleider, loket):
    """Enter the 2010 budget, book hours, reverse one, close the quarter, download the overview."""
    voer_begroting_2010_in(loket, door=projectleider)
    client = client_as(projectleider)
    r = client.get(reverse("financiering:jaaroverzicht", args=[2010]))
    assert r.status_code == 200 and "29,66 %" in r.content.decode()


@pytest.mark.django_db
def test_menu_and_start_card(client_as, stuurgroeplid, werkcoach):
    url = reverse("financiering:index")
    pagina = client_as(stuurgroeplid).get(reverse("start")).content.decode()
    assert f'href="{url}"' in pagina
    pagina = client_as(werkcoach).get(reverse("start")).content.decode()
    assert f'href="{url}"' not in pagina
