"""Access log (append-only), history of previous values, retention and the deletion request."""

import csv
import datetime
import io

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from freezegun import freeze_time

from clients.models import Contactmoment, Intake, Klant, KlantHistorie
from clients.privacy import anonimiseer_klant, anonimiseer_verlopen_klanten
from loket.models import Verwerking

from ..factories import ContactmomentFactory, IntakeFactory, KlantFactory


class TestVerwerkingenlogging:
    def test_database_refuses_update_delete_and_truncate(self, client_as, werkcoach, loket):
        klant = KlantFactory(loket=loket)
        client_as(werkcoach).get(reverse("clients:klant_detail", args=[klant.pk]))
        rij = Verwerking.objects.get(klant_id=klant.pk)
        for sql in [
            f"UPDATE loket_verwerking SET klant_id = 1 WHERE id = {rij.pk}",
            f"DELETE FROM loket_verwerking WHERE id = {rij.pk}",
        ]:
            with pytest.raises(Exception, match="append-only|Cannot|protect"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(sql)
        assert Verwerking.objects.filter(pk=rij.pk, klant_id=klant.pk).exists()

    @pytest.mark.django_db(transaction=True)
    def test_database_refuses_truncate(self, loket):
        Verwerking.objects.create(loket=loket, actie="bekeken", onderwerp="test", klant_id=1)
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL leerwerkloket.test_flush = off")
                cursor.execute("TRUNCATE loket_verwerking CASCADE")
        assert Verwerking.objects.count() == 1

    def test_beheerder_filters_by_client_and_person_and_exports(
        self, client_as, werkcoach, beheerder, loket
    ):
        a, b = KlantFactory(loket=loket), KlantFactory(loket=loket)
        coach = client_as(werkcoach)
        coach.get(reverse("clients:klant_detail", args=[a.pk]))
        coach.get(reverse("clients:klant_detail", args=[b.pk]))
        client = client_as(beheerder)
        url = reverse("privacy:verwerkingen")
        response = client.get(
            url, {"klantnummer": a.klantnummer.lower(), "gebruiker": werkcoach.pk}
        )
        rijen = list(response.context["pagina"].object_list)
        assert [r.klant_id for r in rijen] == [a.pk]
        assert rijen[0].klantnummer == a.klantnummer
        export = client.get(url, {"klantnummer": a.klantnummer, "export": "csv"})
        inhoud = b"".join(export.streaming_content).decode()
        regels = list(csv.reader(io.StringIO(inhoud), delimiter=";"))
        assert regels[0][:3] == ["tijdstip", "medewerker", "klantnummer"]
        assert [r[2] for r in regels[1:]] == [a.klantnummer]
        assert Verwerking.objects.filter(actie="geexporteerd", gebruiker=beheerder).count() == 1

    def test_unknown_client_number_is_a_form_error(self, client_as, beheerder, ander_loket):
        elders = KlantFactory(loket=ander_loket)
        response = client_as(beheerder).get(
            reverse("privacy:verwerkingen"), {"klantnummer": elders.klantnummer}
        )
        assert response.status_code == 200
        assert "Geen klant met dit klantnummer" in response.content.decode()

    def test_werkcoach_cannot_read_the_log(self, client_as, werkcoach):
        assert client_as(werkcoach).get(reverse("privacy:verwerkingen")).status_code == 403


def test_history_keeps_previous_values_even_for_bulk_updates(loket):
    klant = KlantFactory(loket=loket, achternaam="Eerst")
    Klant.objects.filter(pk=klant.pk).update(achternaam="Daarna")  # bypasses save()
    namen = list(
        KlantHistorie.objects.filter(pgh_obj=klant)
        .order_by("pgh_id")
        .values_list("achternaam", flat=True)
    )
    assert namen == ["Eerst", "Daarna"]


def monitorcijfers(loket):
    """The client-side figures the monitor counts: intakes and contacts by breakdown."""
    return (
        sorted(
            Intake.objects.filter(loket=loket).values_list(
                "klant__doelgroep", "klant__woongemeente", "klant__geboortedatum", "kanaal"
            )
        ),
        list(
            Contactmoment.objects.filter(loket=loket)
            .values("dienst")
            .annotate(n=Count("pk"))
            .order_by("dienst")
        ),
        Klant.objects.filter(loket=loket).count(),
    )


class TestAnonimisering:
    def test_removes_identity_keeps_every_figure(self, loket, beheerder):
        intake = IntakeFactory(
            klant__loket=loket, klant__achternaam="Herkenbaar", notities="Vertelde over zijn ex"
        )
        ContactmomentFactory(
            klant=intake.klant, notitie="Belde met zijn broer", dienst="loopbaanadvies"
        )
        IntakeFactory(klant__loket=loket)
        voor = monitorcijfers(loket)
        klant = anonimiseer_klant(intake.klant, door=beheerder, reden="verwijderverzoek")
        assert monitorcijfers(loket) == voor
        assert (klant.voornaam, klant.email, klant.telefoon, klant.postcode) == (
            "Geanonimiseerd",
            "",
            "",
            "",
        )
        assert "Herkenbaar" not in klant.achternaam
        assert Intake.objects.get(pk=intake.pk).notities == ""
        assert not Contactmoment.objects.filter(klant=klant).exclude(notitie="").exists()
        # No old name survives in the history snapshots either.
        assert not KlantHistorie.objects.filter(achternaam="Herkenbaar").exists()
        assert Verwerking.objects.filter(
            klant_id=klant.pk, actie="geanonimiseerd", gebruiker=beheerder
        ).exists()

    def test_retention_job_takes_only_clients_past_the_period(self, loket, settings):
        settings.LOKET_BEWAARTERMIJN_JAREN = 5
        oud = KlantFactory(loket=loket, laatste_activiteit=datetime.date(2020, 11, 30))
        grens = KlantFactory(loket=loket, laatste_activiteit=datetime.date(2021, 12, 1))
        recent = KlantFactory(loket=loket, laatste_activiteit=datetime.date(2026, 1, 5))
        with freeze_time("2026-12-01 03:00"):
            assert anonimiseer_verlopen_klanten() == 1
            assert anonimiseer_verlopen_klanten() == 0  # idempotent
        assert Klant.objects.get(pk=oud.pk).geanonimiseerd_op is not None
        assert Klant.objects.get(pk=grens.pk).geanonimiseerd_op is None
        assert Klant.objects.get(pk=recent.pk).geanonimiseerd_op is None

    def test_contact_moves_the_retention_clock(self, client_as, werkcoach, loket):
        klant = KlantFactory(loket=loket, laatste_activiteit=datetime.date(2020, 1, 1))
        datum = datetime.date.today()
        client_as(werkcoach).post(
            reverse("clients:contact_create", args=[klant.pk]),
            {"datum": datum.isoformat(), "dienst": "informatie", "duur_minuten": 15},
        )
        klant.refresh_from_db()
        assert klant.laatste_activiteit == datum

    def test_anonymised_client_leaves_the_list_and_duplicate_check(
        self, client_as, werkcoach, loket
    ):
        klant = KlantFactory(loket=loket, achternaam="Weg")
        anonimiseer_klant(klant, reden="test")
        response = client_as(werkcoach).get(reverse("clients:klant_list"))
        assert response.context["pagina"].paginator.count == 0


class TestVerwijderverzoek:
    def test_beheerder_anonymises_one_client(self, client_as, beheerder, loket):
        klant = KlantFactory(loket=loket, achternaam="Verzoeker")
        response = client_as(beheerder).post(
            reverse("privacy:verwijderverzoek"),
            {
                "klantnummer": klant.klantnummer,
                "reden": "e-mail 12-03-2026",
                "bevestig": "on",
                "stap": "bevestig",
            },
        )
        assert response.status_code == 302
        assert Klant.objects.get(pk=klant.pk).geanonimiseerd_op is not None

    @pytest.mark.parametrize("bevestig", ["", "on"])
    def test_other_loket_or_unconfirmed_is_refused(
        self, client_as, beheerder, ander_loket, loket, bevestig
    ):
        elders = KlantFactory(loket=ander_loket)
        eigen = KlantFactory(loket=loket)
        nummer = elders.klantnummer if bevestig else eigen.klantnummer
        response = client_as(beheerder).post(
            reverse("privacy:verwijderverzoek"),
            {"klantnummer": nummer, "reden": "x", "bevestig": bevestig, "stap": "bevestig"},
        )
        assert response.status_code == 400
        assert not Klant.objects.filter(geanonimiseerd_op__isnull=False).exists()


@pytest.mark.django_db
def test_anonymising_shows_who_it_is_and_asks_before_the_wipe(client_as, beheerder, loket):
    klant = KlantFactory(loket=loket, voornaam="Wendelien", achternaam="Verzoeker")
    IntakeFactory(klant=klant)
    client = client_as(beheerder)
    url = reverse("privacy:verwijderverzoek")
    r = client.post(url, {"klantnummer": klant.klantnummer, "reden": "e-mail 12-03-2026"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Wendelien" in html and "Verzoeker" in html and "1 intake" in html
    assert "niet ongedaan" in html and 'name="stap" value="bevestig"' in html
    assert Klant.objects.get(pk=klant.pk).geanonimiseerd_op is None  # looking wipes nothing
    assert Verwerking.objects.filter(
        klant_id=klant.pk, actie=Verwerking.Actie.BEKEKEN, gebruiker=beheerder
    ).exists()
    # Confirming without the tick is refused, with the client still shown.
    r = client.post(
        url, {"klantnummer": klant.klantnummer, "reden": "e-mail 12-03-2026", "stap": "bevestig"}
    )
    assert r.status_code == 400 and "Bevestig dat de gegevens" in r.content.decode()
    assert "Wendelien" in r.content.decode()
    assert Klant.objects.get(pk=klant.pk).geanonimiseerd_op is None
    r = client.post(
        url,
        {
            "klantnummer": klant.klantnummer,
            "reden": "e-mail 12-03-2026",
            "stap": "bevestig",
            "bevestig": "on",
        },
    )
    assert r.status_code == 302
    assert Klant.objects.get(pk=klant.pk).geanonimiseerd_op is not None


@pytest.mark.django_db
def test_an_anonymised_clients_page_offers_no_edits_and_edit_urls_refuse(
    client_as, werkcoach, loket
):
    from ..trajecten.factories import TrajectFactory

    klant = KlantFactory(loket=loket)
    traject = TrajectFactory(klant=klant)
    anonimiseer_klant(klant, reden="verwijderverzoek")
    client = client_as(werkcoach)
    r = client.get(reverse("clients:klant_detail", args=[klant.pk]))
    html = r.content.decode()
    assert r.status_code == 200 and "geanonimiseerd" in html
    for naam in ("clients:contact_create", "clients:vervolgintake", "clients:klant_update"):
        assert reverse(naam, args=[klant.pk]) not in html
        assert client.get(reverse(naam, args=[klant.pk])).status_code == 403
        r = client.post(reverse(naam, args=[klant.pk]), {"voornaam": "Terug"})
        assert r.status_code == 403 and "kunnen niet meer worden gewijzigd" in r.content.decode()
    assert reverse("trajecten:start", args=[klant.pk]) not in html
    assert client.get(reverse("trajecten:start", args=[klant.pk])).status_code == 403
    detail = client.get(reverse("trajecten:detail", args=[traject.pk])).content.decode()
    assert reverse("trajecten:wijzig", args=[traject.pk]) not in detail
    assert reverse("trajecten:stap", args=[traject.pk]) not in detail
    assert reverse("trajecten:financiering", args=[traject.pk]) not in detail
    assert "geen stappen meer vastgelegd" in detail
    for naam in ("trajecten:wijzig", "trajecten:stap", "trajecten:financiering"):
        assert client.post(reverse(naam, args=[traject.pk]), {}).status_code == 403
    assert Klant.objects.get(pk=klant.pk).voornaam == "Geanonimiseerd"
    assert traject.gebeurtenissen.count() == 1
