"""Consent and the hand-over's life: no hand-over without consent (or a recorded legal ground),
events appended in order, the deadline in working days, and the database refusing edits."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from loket.models import Verwerking
from overdrachten import services
from overdrachten.constants import Grondslag, Soort, Uitkomst
from overdrachten.models import Overdracht, OverdrachtGebeurtenis, Toestemming
from overdrachten.werkdagen import na_werkdagen, werkdagen_tussen

from ..factories import KlantFactory
from .fabriek import maak_overdracht


def test_working_days_skip_weekends():
    vrijdag = datetime.date(2026, 11, 27)
    assert na_werkdagen(vrijdag, 1) == datetime.date(2026, 11, 30)
    assert na_werkdagen(vrijdag, 10) == datetime.date(2026, 12, 11)
    assert werkdagen_tussen(vrijdag, datetime.date(2026, 12, 11)) == 10
    assert werkdagen_tussen(vrijdag, vrijdag) == 0


def test_no_handover_without_consent(loket, roc, werkcoach):
    klant = KlantFactory(loket=loket)
    with pytest.raises(ValidationError, match="geen \\(geldige\\) toestemming"):
        services.maak_overdracht(klant=klant, organisatie=roc, vraag="BBL", door=werkcoach)
    assert not Overdracht.objects.exists()


def test_consent_for_another_partner_does_not_count(loket, roc, gemeente, werkcoach):
    klant = KlantFactory(loket=loket)
    services.leg_toestemming_vast(
        klant=klant,
        organisatie=gemeente,
        gegevens="contact_vraag",
        gegeven_op=timezone.localdate(),
        door=werkcoach,
    )
    with pytest.raises(ValidationError):
        services.maak_overdracht(klant=klant, organisatie=roc, vraag="BBL", door=werkcoach)


def test_withdrawn_consent_blocks_new_handover(loket, roc, werkcoach):
    overdracht = maak_overdracht(loket, roc, werkcoach=werkcoach)
    services.trek_toestemming_in(toestemming=overdracht.toestemming, door=werkcoach)
    with pytest.raises(ValidationError):
        services.maak_overdracht(
            klant=overdracht.klant, organisatie=roc, vraag="Nog eens", door=werkcoach
        )
    with pytest.raises(ValidationError, match="al ingetrokken"):
        services.trek_toestemming_in(toestemming=overdracht.toestemming, door=werkcoach)


def test_legal_ground_must_be_named(loket, roc, werkcoach):
    klant = KlantFactory(loket=loket)
    with pytest.raises(ValidationError):
        services.maak_overdracht(
            klant=klant, organisatie=roc, vraag="x", grondslag=Grondslag.WETTELIJK, door=werkcoach
        )
    overdracht = services.maak_overdracht(
        klant=klant,
        organisatie=roc,
        vraag="x",
        grondslag=Grondslag.WETTELIJK,
        grondslag_toelichting="RMC-taak voortijdig schoolverlaten (art. 8.3.1 WEB)",
        door=werkcoach,
    )
    assert overdracht.toestemming is None


def test_consent_is_append_only_in_the_database(loket, roc, werkcoach):
    t = services.leg_toestemming_vast(
        klant=KlantFactory(loket=loket),
        organisatie=roc,
        gegevens="contact_vraag",
        gegeven_op=timezone.localdate(),
        door=werkcoach,
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        Toestemming.objects.filter(pk=t.pk).update(gegevens="contact_vraag_opleiding")
    with pytest.raises(DatabaseError), transaction.atomic():
        Toestemming.objects.filter(pk=t.pk).delete()
    services.trek_toestemming_in(toestemming=t, door=werkcoach)
    with pytest.raises(DatabaseError), transaction.atomic():
        Toestemming.objects.filter(pk=t.pk).update(ingetrokken_op=timezone.now())


@freeze_time("2026-11-27 10:00:00+01:00")  # a Friday
def test_deadline_is_ten_working_days_or_the_lokets_setting(loket, roc, werkcoach):
    assert maak_overdracht(loket, roc).termijn == datetime.date(2026, 12, 11)
    loket.overdracht_termijn_werkdagen = 3
    loket.save()
    assert maak_overdracht(loket, roc).termijn == datetime.date(2026, 12, 2)


def test_life_accept_then_report_back(loket, roc, roc_medewerker):
    overdracht = maak_overdracht(loket, roc)
    with pytest.raises(ValidationError, match="past niet"):
        services.meld_terug(overdracht=overdracht, uitkomst=Uitkomst.GESTART, door=roc_medewerker)
    services.accepteer(overdracht=overdracht, door=roc_medewerker)
    with pytest.raises(ValidationError):
        services.accepteer(overdracht=overdracht, door=roc_medewerker)
    with pytest.raises(ValidationError, match="anders"):
        services.meld_terug(overdracht=overdracht, uitkomst=Uitkomst.ANDERS, door=roc_medewerker)
    services.meld_terug(
        overdracht=overdracht,
        uitkomst=Uitkomst.GESTART,
        toelichting="BBL niveau 2",
        door=roc_medewerker,
    )
    assert list(overdracht.gebeurtenissen.values_list("soort", flat=True)) == [
        Soort.VERSTUURD,
        Soort.ONTVANGEN,
        Soort.TERUGGEMELD,
    ]
    with pytest.raises(ValidationError, match="afgerond"):
        services.wijs_af(overdracht=overdracht, reden="te laat", door=roc_medewerker)


def test_refusal_needs_a_reason_and_ends_the_handover(loket, roc, roc_medewerker):
    overdracht = maak_overdracht(loket, roc)
    with pytest.raises(ValidationError):
        services.wijs_af(overdracht=overdracht, reden=" ", door=roc_medewerker)
    services.wijs_af(overdracht=overdracht, reden="Geen plek dit schooljaar", door=roc_medewerker)
    with pytest.raises(ValidationError):
        services.accepteer(overdracht=overdracht, door=roc_medewerker)


def test_another_partner_cannot_answer(loket, roc, gemeente_medewerker):
    overdracht = maak_overdracht(loket, roc)
    with pytest.raises(ValidationError, match="niet aan uw organisatie"):
        services.accepteer(overdracht=overdracht, door=gemeente_medewerker)


def test_handover_and_events_are_append_only(loket, roc):
    overdracht = maak_overdracht(loket, roc)
    with pytest.raises(DatabaseError), transaction.atomic():
        Overdracht.objects.filter(pk=overdracht.pk).update(vraag="anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        OverdrachtGebeurtenis.objects.filter(overdracht=overdracht).delete()


def test_werkcoach_pages_record_consent_and_handover(client_as, loket, roc, werkcoach):
    klant = KlantFactory(loket=loket)
    client = client_as(werkcoach)
    url = reverse("overdrachten:create", args=[klant.pk])
    response = client.post(
        url,
        {"organisatie": roc.pk, "vraag": "BBL", "urgentie": "normaal", "grondslag": "toestemming"},
    )
    assert response.status_code == 400
    assert "geen (geldige) toestemming" in response.content.decode()
    response = client.post(
        reverse("overdrachten:toestemming_create", args=[klant.pk]),
        {"organisatie": roc.pk, "gegevens": "contact_vraag", "gegeven_op": "2026-11-30"},
    )
    assert response.status_code == 302
    response = client.post(
        url,
        {"organisatie": roc.pk, "vraag": "BBL", "urgentie": "normaal", "grondslag": "toestemming"},
    )
    assert response.status_code == 302
    overdracht = Overdracht.objects.get()
    pagina = client.get(klant.get_absolute_url()).content.decode()
    assert "Nova College" in pagina and "toestemming sinds 30-11-2026" in pagina
    assert reverse("overdrachten:detail", args=[overdracht.pk]) in pagina


@freeze_time("2026-11-02 09:00:00+01:00")
def test_overdue_handover_on_action_list_and_work_list(
    client, client_as, loket, roc, projectleider, werkcoach
):
    overdracht = maak_overdracht(loket, roc, werkcoach=werkcoach)
    link = reverse("overdrachten:detail", args=[overdracht.pk])
    assert link not in client_as(projectleider).get(reverse("monitor:actielijst")).content.decode()
    client.logout()
    with freeze_time("2026-11-17 09:00:00+01:00"):  # the deadline (16-11) has passed
        pagina = client_as(projectleider).get(reverse("monitor:actielijst")).content.decode()
        assert link in pagina and "over de termijn" in pagina
        client.logout()
        start = client_as(werkcoach).get(reverse("start")).content.decode()
        assert "Mijn werk" in start and link in start and "termijn verstreken" in start


def test_partner_lookups_are_logged(client_as, loket, roc, roc_medewerker):
    overdracht = maak_overdracht(loket, roc)
    client = client_as(roc_medewerker)
    assert client.get(reverse("overdrachten:partner_list")).status_code == 200
    pagina = client.get(reverse("overdrachten:partner_detail", args=[overdracht.pk]))
    assert overdracht.klant.volledige_naam in pagina.content.decode()
    soorten = set(
        Verwerking.objects.filter(
            gebruiker=roc_medewerker, klant_id=overdracht.klant_id
        ).values_list("onderwerp", flat=True)
    )
    assert soorten == {"overdrachten partner (lijst)", "warme overdracht (partner)"}


def test_partner_sees_no_client_data_after_withdrawal(
    client_as, loket, roc, roc_medewerker, werkcoach
):
    overdracht = maak_overdracht(loket, roc)
    services.trek_toestemming_in(toestemming=overdracht.toestemming, door=werkcoach)
    pagina = (
        client_as(roc_medewerker)
        .get(reverse("overdrachten:partner_detail", args=[overdracht.pk]))
        .content.decode()
    )
    assert overdracht.klant.volledige_naam not in pagina
    assert overdracht.klant.email not in pagina
    assert "ingetrokken" in pagina


def test_partner_answers_through_the_page(client_as, loket, roc, roc_medewerker):
    overdracht = maak_overdracht(loket, roc)
    client = client_as(roc_medewerker)
    url = reverse("overdrachten:partner_detail", args=[overdracht.pk])
    assert client.post(url, {"actie": "accepteren"}).status_code == 302
    response = client.post(url, {"actie": "terugmelden", "uitkomst": "onzin"})
    assert response.status_code == 400 and "Kies een uitkomst" in response.content.decode()
    assert client.post(url, {"actie": "terugmelden", "uitkomst": "doorverwezen"}).status_code == 302
    assert overdracht.gebeurtenissen.get(soort=Soort.TERUGGEMELD).uitkomst == "doorverwezen"


def test_query_count_of_partner_list_does_not_grow(client_as, loket, roc, roc_medewerker):
    client = client_as(roc_medewerker)
    maak_overdracht(loket, roc)
    url = reverse("overdrachten:partner_list")
    client.get(url)
    with CaptureQueriesContext(connection) as een:
        client.get(url)
    for _ in range(4):
        maak_overdracht(loket, roc)
    with CaptureQueriesContext(connection) as vijf:
        client.get(url)
    assert len(vijf) == len(een)


def test_work_list_shows_refusals_to_follow_up(client_as, loket, roc, werkcoach, roc_medewerker):
    overdracht = maak_overdracht(loket, roc, werkcoach=werkcoach)
    services.wijs_af(overdracht=overdracht, reden="Geen plek", door=roc_medewerker)
    anders = maak_overdracht(loket, roc)  # another werkcoach's: not on this work list
    start = client_as(werkcoach).get(reverse("start")).content.decode()
    assert reverse("overdrachten:detail", args=[overdracht.pk]) in start
    assert "Afgewezen" in start
    assert reverse("overdrachten:detail", args=[anders.pk]) not in start


def test_query_count_of_loket_list_does_not_grow(client_as, loket, roc, gemeente, werkcoach):
    client = client_as(werkcoach)
    maak_overdracht(loket, roc)
    url = reverse("overdrachten:list")

    def tel(**params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        return len(queries)

    een, een_te_laat = tel(), tel(te_laat="1")
    for organisatie in (roc, gemeente, roc, gemeente):
        maak_overdracht(loket, organisatie)
    assert (tel(), tel(te_laat="1")) == (een, een_te_laat)
