"""Issue 20, finding 3: every date a user can enter lies in 1900..2100 (forms, bookings), and one
bad stored target does not take the monitor down: the dashboard, the stuurgroep's view, the
export and the quarterly report show it as an error in its own row, and the page can delete it."""

import datetime
import importlib
import io
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from financiering import services as financiering_services
from financiering.constants import BoekingSoort
from loket.datums import RedelijkeDatums
from monitor import rapport
from monitor.models import Doelstelling

from ..financiering.factories import BegrotingFactory, KostenpostFactory

FORMULIERMODULES = [
    "clients.forms",
    "clients.werkgever_forms",
    "clients.privacy_views",
    "financiering.forms",
    "monitor.forms",
    "trajecten.forms",
    "aanmelden.forms",
    "beheer.forms",
    "clients.afsluiten",
    "clients.dubbelcheck",
    "monitor.rapport_views",
]
VANDAAG = datetime.date.today()


def formulieren_met_datums():
    for module in FORMULIERMODULES:
        for naam, klasse in vars(importlib.import_module(module)).items():
            if (
                isinstance(klasse, type)
                and issubclass(klasse, forms.BaseForm)
                and klasse.__module__ == module
                and any(isinstance(v, forms.DateField) for v in klasse.base_fields.values())
            ):
                yield f"{module}.{naam}", klasse


@pytest.mark.parametrize(("naam", "klasse"), list(formulieren_met_datums()))
def test_every_form_with_a_date_field_has_the_range(naam, klasse):
    assert issubclass(klasse, RedelijkeDatums), f"{naam}: voeg RedelijkeDatums toe"


@pytest.mark.parametrize("datum", ["1850-01-01", "9999-12-31"])
def test_a_field_with_its_own_check_keeps_its_precise_message(datum):
    from clients.forms import KlantForm

    veld = KlantForm.base_fields["geboortedatum"]
    assert "geboortedatum" in KlantForm.eigen_datumcontrole
    with pytest.raises(ValidationError):
        from clients.forms import controleer_geboortedatum

        controleer_geboortedatum(veld.clean(datum))


def test_at_least_the_known_date_forms_are_checked():
    assert len(list(formulieren_met_datums())) >= 16


@pytest.mark.parametrize("datum", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_target_form_refuses_silly_dates(client_as, projectleider, datum):
    response = client_as(projectleider).post(
        reverse("monitor:doelstellingen"),
        {
            "indicator": "nieuwe_klanten",
            "startdatum": datum,
            "einddatum": "2026-12-31" if datum < "2026" else "9999-12-31",
            "streefwaarde": "10",
            "marge_pct": "10",
        },
    )
    assert response.status_code == 400
    assert "Vul een datum tussen 01-01-1900 en 31-12-2100 in." in response.content.decode()
    assert not Doelstelling.objects.exists()


@pytest.mark.parametrize("datum", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_bookings_refuse_years_1_and_9999(loket, datum):
    post = KostenpostFactory(begroting=BegrotingFactory(loket=loket, jaar=VANDAAG.year))
    with pytest.raises(ValidationError, match="tussen 01-01-1900 en 31-12-2100"):
        financiering_services.boek(
            loket=loket,
            jaar=VANDAAG.year,
            soort=BoekingSoort.BEGROOT,
            kostenpost=post,
            bedrag=Decimal("1.00"),
            datum=datum,
        )


def test_booking_form_refuses_year_9999(client_as, projectleider, loket):
    post = KostenpostFactory(begroting=BegrotingFactory(loket=loket, jaar=VANDAAG.year))
    response = client_as(projectleider).post(
        reverse("financiering:boeking_create", args=[VANDAAG.year]),
        {"regel": f"k{post.pk}", "soort": "uitgave", "bedrag": "10", "datum": "9999-12-31"},
    )
    assert response.status_code == 400
    assert "31-12-2100" in response.content.decode()


@pytest.fixture
def kapotte_doelstelling(loket):
    """A target as the attacker stored it before the fix (straight into the table)."""
    goed = Doelstelling.objects.create(
        loket=loket,
        indicator="nieuwe_klanten",
        startdatum=datetime.date(VANDAAG.year, 1, 1),
        einddatum=datetime.date(VANDAAG.year, 12, 31),
        streefwaarde=Decimal("100"),
    )
    kapot = Doelstelling.objects.create(
        loket=loket,
        indicator="nieuwe_klanten",
        startdatum=datetime.date(1, 1, 1),
        einddatum=datetime.date(VANDAAG.year, 12, 31),
        streefwaarde=Decimal("400"),
    )
    return goed, kapot


def test_dashboard_shows_the_bad_target_as_an_error_row(
    client_as, projectleider, stuurgroeplid, kapotte_doelstelling
):
    for user in (projectleider, stuurgroeplid):
        response = client_as(user).get(reverse("monitor:dashboard"))
        assert response.status_code == 200
        inhoud = response.content.decode()
        assert "Deze doelstelling kan niet worden berekend" in inhoud
        doelen = response.context["d"].doelen
        assert len(doelen) == 2 and sum(bool(r.fout) for r in doelen) == 1
        assert next(r for r in doelen if not r.fout).beoordeling.kleur in {
            "groen",
            "oranje",
            "rood",
        }


def test_export_and_report_survive_the_bad_target(
    client_as, projectleider, loket, kapotte_doelstelling
):
    response = client_as(projectleider).get(reverse("monitor:export"))
    assert response.status_code == 200
    boek = load_workbook(io.BytesIO(response.content))
    toelichtingen = [r[-1] for r in boek["Doelstellingen"].iter_rows(min_row=2, values_only=True)]
    assert any("kan niet worden berekend" in (t or "") for t in toelichtingen)

    kwartaal = (VANDAAG.month - 1) // 3 + 1
    inhoud = rapport.verzamel(loket, VANDAAG.year, kwartaal)
    assert "kan niet worden berekend" in rapport.render_html(inhoud)
    assert rapport.checksum(rapport.cijfers(inhoud))
    assert rapport.render_pdf(inhoud).startswith(b"%PDF")


def test_the_page_deletes_the_bad_target(client_as, projectleider, kapotte_doelstelling):
    _, kapot = kapotte_doelstelling
    client = client_as(projectleider)
    pagina = client.get(reverse("monitor:doelstellingen")).content.decode()
    assert f'name="verwijder" value="{kapot.pk}"' in pagina
    response = client.post(reverse("monitor:doelstellingen"), {"verwijder": kapot.pk})
    assert response.status_code == 302
    assert not Doelstelling.objects.filter(pk=kapot.pk).exists()
    assert (
        "kan niet worden berekend" not in client.get(reverse("monitor:dashboard")).content.decode()
    )


def test_another_lokets_target_cannot_be_deleted(client_as, projectleider, ander_loket):
    ander = Doelstelling.objects.create(
        loket=ander_loket,
        indicator="nieuwe_klanten",
        startdatum=datetime.date(2026, 1, 1),
        einddatum=datetime.date(2026, 12, 31),
        streefwaarde=Decimal("1"),
    )
    response = client_as(projectleider).post(
        reverse("monitor:doelstellingen"), {"verwijder": ander.pk}
    )
    assert response.status_code == 404
    assert Doelstelling.objects.filter(pk=ander.pk).exists()
