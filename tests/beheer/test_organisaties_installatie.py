"""Partner organisations of a loket, per-loket settings, and the installation's administrator."""

import pytest
from django.core import mail
from django.urls import reverse

from beheer.models import Wijziging
from loket.constants import Rol
from loket.instellingen import instelling
from loket.models import Loket, Organisatie, Regio, User

from ..factories import GemeenteFactory, OrganisatieFactory


def test_organisation_add_rename_deactivate(beheerder_client, loket):
    url = reverse("beheer:organisaties")
    assert beheerder_client.post(url, {"naam": "UWV Haarlem", "type": "uwv"}).status_code == 302
    dubbel = beheerder_client.post(url, {"naam": "uwv haarlem", "type": "uwv"})
    assert dubbel.status_code == 400 and "al een organisatie" in str(
        dubbel.context["form"].errors["naam"]
    )
    leeg = beheerder_client.post(url, {"naam": "", "type": "onzin"})
    assert set(leeg.context["form"].errors) == {"naam", "type"}
    organisatie = Organisatie.objects.get(loket=loket, naam="UWV Haarlem")
    detail = reverse("beheer:organisatie", kwargs={"pk": organisatie.pk})
    assert (
        beheerder_client.post(detail, {"naam": "UWV Kennemerland", "type": "uwv"}).status_code
        == 302
    )
    assert beheerder_client.post(detail, {"actie": "deactiveren"}).status_code == 302
    organisatie.refresh_from_db()
    assert organisatie.naam == "UWV Kennemerland" and not organisatie.actief
    acties = list(
        Wijziging.objects.filter(object_id=organisatie.pk, onderwerp="organisatie")
        .order_by("tijdstip", "id")
        .values_list("actie", "oude_waarde", "nieuwe_waarde")
    )
    assert acties == [
        ("Organisatie toegevoegd", "", "UWV"),
        ("Organisatie hernoemd", "UWV Haarlem", "UWV Kennemerland"),
        ("Organisatie gedeactiveerd", "actief", "inactief"),
    ]


def test_gemeenten_of_the_region_are_listed(beheerder_client, loket):
    GemeenteFactory(regio=loket.regio, naam="Haarlem", cbs_code="GM0392")
    assert (
        "Haarlem (GM0392)" in beheerder_client.get(reverse("beheer:organisaties")).content.decode()
    )


def test_settings_fall_back_to_the_environment(beheerder_client, loket, settings):
    settings.LOKET_TRAJECT_STIL_DAGEN = 77
    assert instelling(loket, "traject_stil_dagen") == 77
    assert instelling(loket, "klantnummer_voorvoegsel") == loket.code
    response = beheerder_client.post(
        reverse("beheer:instellingen"),
        {"traject_stil_dagen": "60", "bewaartermijn_jaren": "", "terugdateren_dagen": "30",
         "klantnummer_voorvoegsel": "hlm"},
    )  # fmt: skip
    assert response.status_code == 302
    loket = Loket.objects.get(pk=loket.pk)
    assert instelling(loket, "traject_stil_dagen") == 60
    assert instelling(loket, "klantnummer_voorvoegsel") == "HLM"
    assert instelling(loket, "bewaartermijn_jaren") == settings.LOKET_BEWAARTERMIJN_JAREN
    rij = Wijziging.objects.get(
        onderwerp="instelling", object_naam="dagen tot een traject stilstaat"
    )
    assert (rij.oude_waarde, rij.nieuwe_waarde) == ("standaard", "60")
    fout = beheerder_client.post(
        reverse("beheer:instellingen"),
        {"traject_stil_dagen": "1", "bewaartermijn_jaren": "abc", "klantnummer_voorvoegsel": "1"},
    )
    assert fout.status_code == 400
    assert set(fout.context["form"].errors) == {
        "traject_stil_dagen",
        "bewaartermijn_jaren",
        "klantnummer_voorvoegsel",
    }


def test_change_log_page_is_per_loket_and_filters(client_as, beheerder, ander_loket, loket):
    OrganisatieFactory(loket=ander_loket)
    c = client_as(beheerder)
    c.post(reverse("beheer:organisaties"), {"naam": "Roc Nova", "type": "roc"})
    from beheer.services import organisatie_toevoegen

    organisatie_toevoegen(door=None, loket=ander_loket, naam="Elders BV", type="overig")
    pagina = c.get(reverse("beheer:wijzigingen")).content.decode()
    assert "Roc Nova" in pagina and "Elders BV" not in pagina
    leeg = c.get(reverse("beheer:wijzigingen"), {"onderwerp": "rol"}).content.decode()
    assert "Roc Nova" not in leeg
    fout = c.get(reverse("beheer:wijzigingen"), {"van": "0001-01-01", "tot": "morgen"})
    assert fout.status_code == 400 and "van" in fout.context["filter_form"].errors


@pytest.fixture
def fb_client(client_as, functioneel_beheerder):
    return client_as(functioneel_beheerder)


def test_installation_creates_region_loket_and_first_beheerder(
    fb_client, django_capture_on_commit_callbacks
):
    assert fb_client.get(reverse("start")).status_code == 200
    assert (
        fb_client.post(
            reverse("installatie:regio_nieuw"),
            {"naam": "Zuid-Kennemerland en IJmond", "code": "ZKIJ"},
        ).status_code
        == 302
    )
    regio = Regio.objects.get(code="ZKIJ")
    assert (
        fb_client.post(
            reverse("installatie:gemeente_nieuw"),
            {"regio": regio.pk, "naam": "Velsen", "cbs_code": "gm0453"},
        ).status_code
        == 302
    )
    fout = fb_client.post(
        reverse("installatie:loket_nieuw"), {"regio": regio.pk, "naam": "X", "code": "zk1"}
    )
    assert fout.status_code == 400 and "code" in fout.context["form"].errors
    assert (
        fb_client.post(
            reverse("installatie:loket_nieuw"),
            {"regio": regio.pk, "naam": "Leerwerkloket ZKIJ", "code": "zkij"},
        ).status_code
        == 302
    )
    loket = Loket.objects.get(code="ZKIJ")
    with django_capture_on_commit_callbacks(execute=True):
        response = fb_client.post(
            reverse("installatie:beheerder_uitnodigen"),
            {"loket": loket.pk, "voornaam": "Bea", "achternaam": "Heer", "email": "bea@example.nl"},
        )
    assert response.status_code == 302
    bea = User.objects.get(username="bea@example.nl")
    assert bea.rol == Rol.BEHEERDER and bea.loket == loket
    assert mail.outbox[-1].to == ["bea@example.nl"]
    log = fb_client.get(reverse("installatie:wijzigingen")).content.decode()
    for tekst in ("Regio toegevoegd", "Gemeente toegevoegd", "Loket toegevoegd", "Uitgenodigd"):
        assert tekst in log


def test_menu_follows_the_rights(client_as, beheerder, functioneel_beheerder, werkcoach):
    def menu(user):
        c = client_as(user)
        labels = [item["label"] for item in c.get(reverse("start")).context["menu"]]
        c.logout()
        return labels

    assert "Beheer" in menu(beheerder) and "Installatie" not in menu(beheerder)
    assert "Installatie" in menu(functioneel_beheerder) and "Beheer" not in menu(
        functioneel_beheerder
    )
    assert not {"Beheer", "Installatie"} & set(menu(werkcoach))


def test_start_cards_lead_to_the_main_task(client_as, beheerder, stuurgroeplid):
    pagina = client_as(beheerder).get(reverse("start")).content.decode()
    assert reverse("beheer:gebruikers") in pagina
    c = client_as(stuurgroeplid)
    pagina = c.get(reverse("start")).content.decode()
    assert reverse("monitor:rapporten") in pagina and "nog geen kwartaalrapport" in pagina
    from monitor.models import Kwartaalrapport

    for versie, status in [(1, "klaar"), (2, "mislukt")]:
        Kwartaalrapport.objects.create(
            loket=stuurgroeplid.loket, jaar=2026, kwartaal=1, versie=versie, status=status
        )
    laatste = Kwartaalrapport.objects.get(versie=1)
    pagina = c.get(reverse("start")).content.decode()
    assert reverse("monitor:rapport_download", kwargs={"pk": laatste.pk}) in pagina


def test_prefix_of_another_loket_is_refused(beheerder_client, ander_loket):
    response = beheerder_client.post(
        reverse("beheer:instellingen"), {"klantnummer_voorvoegsel": ander_loket.code}
    )
    assert response.status_code == 400
    assert "ander loket" in str(response.context["form"].errors["klantnummer_voorvoegsel"])


def test_settings_are_read_where_they_apply(loket, ander_loket, werkcoach, settings):
    """Client numbers, stalled trajectories, back-dating and retention follow the loket's own
    setting; another loket keeps the installation's."""
    import datetime

    from django.utils import timezone

    from beheer.services import instellingen_wijzigen
    from clients.privacy import verlopen_klanten
    from clients.services import volgend_klantnummer
    from trajecten import selectors, services

    from ..factories import KlantFactory

    instellingen_wijzigen(
        door=None,
        loket=loket,
        waarden={"klantnummer_voorvoegsel": "HLM", "traject_stil_dagen": 10,
                 "terugdateren_dagen": 5, "bewaartermijn_jaren": 2},
    )  # fmt: skip
    loket = Loket.objects.get(pk=loket.pk)
    assert volgend_klantnummer(loket, 2026).startswith("HLM-2026-")
    assert volgend_klantnummer(ander_loket, 2026).startswith(f"{ander_loket.code}-2026-")
    assert selectors.stil_dagen(loket) == 10
    assert selectors.stil_dagen(ander_loket) == settings.LOKET_TRAJECT_STIL_DAGEN
    assert services.max_terugdateren(loket).days == 5
    vandaag = timezone.localdate()
    drie_jaar = vandaag - datetime.timedelta(days=3 * 366)
    hier = KlantFactory(loket=loket, laatste_activiteit=drie_jaar)
    elders = KlantFactory(loket=ander_loket, laatste_activiteit=drie_jaar)
    verlopen = set(verlopen_klanten(vandaag).values_list("pk", flat=True))
    assert hier.pk in verlopen and elders.pk not in verlopen


def test_command_makes_the_first_installation_administrator(client):
    from io import StringIO

    from django.core.management import call_command

    uit = StringIO()
    call_command("uitnodiging", "--functioneel-beheerder", "Fien@Example.nl", stdout=uit)
    fien = User.objects.get(username="fien@example.nl")
    assert fien.rol == Rol.FUNCTIONEEL_BEHEERDER and fien.loket is None
    pad = uit.getvalue().split("http://127.0.0.1:8000", 1)[1].strip()
    assert client.get(pad).status_code == 200


def test_installation_deactivates_and_reactivates_a_loket(fb_client, ander_loket):
    url = reverse("installatie:index")
    assert fb_client.post(url, {"actie": "deactiveren", "loket": ander_loket.pk}).status_code == 302
    ander_loket.refresh_from_db()
    assert not ander_loket.actief
    assert fb_client.post(url, {"actie": "activeren", "loket": ander_loket.pk}).status_code == 302
    ander_loket.refresh_from_db()
    assert ander_loket.actief
    assert fb_client.post(url, {"actie": "weg", "loket": "x"}).status_code == 302
    assert list(
        Wijziging.objects.filter(onderwerp="loket", object_id=ander_loket.pk).values_list(
            "actie", flat=True
        )
    ) == ["Loket geactiveerd", "Loket gedeactiveerd"]


@pytest.mark.parametrize("url, als", [("beheer:wijzigingen", "beheerder"),
                                      ("installatie:wijzigingen", "functioneel_beheerder")])  # fmt: skip
def test_change_log_queries_do_not_grow(request, client_as, loket, ander_loket, url, als):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from beheer.services import organisatie_toevoegen

    client = client_as(request.getfixturevalue(als))

    def tel():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url)).status_code == 200
        return len(queries)

    organisatie_toevoegen(door=None, loket=loket, naam="Eerste", type="overig")
    weinig = tel()
    for i in range(10):
        organisatie_toevoegen(door=None, loket=loket, naam=f"Roc {i}", type="roc")
        organisatie_toevoegen(door=None, loket=ander_loket, naam=f"Elders {i}", type="overig")
    assert tel() == weinig
