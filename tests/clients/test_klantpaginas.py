"""Client list, detail, edit and contact pages: search, filters, paging, scope and audit."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import Contactmoment
from loket.models import Verwerking

from ..factories import (
    ContactmomentFactory,
    GemeenteFactory,
    IntakeFactory,
    KlantFactory,
    OrganisatieFactory,
    UserFactory,
)

VANDAAG = timezone.localdate()


def namen(response):
    return [k.achternaam for k in response.context["pagina"].object_list]


class TestKlantenlijst:
    def test_search_by_name_part_client_number_and_postcode(self, client_as, werkcoach, loket):
        KlantFactory(
            loket=loket, achternaam="Jansen", postcode="2011 AB", klantnummer="TEST-2026-000007"
        )
        KlantFactory(loket=loket, achternaam="Bakker", postcode="1971 CD")
        client = client_as(werkcoach)
        url = reverse("clients:klant_list")
        assert namen(client.get(url, {"q": "anse"})) == ["Jansen"]
        assert namen(client.get(url, {"q": "TEST-2026-000007"})) == ["Jansen"]
        assert namen(client.get(url, {"q": "000007"})) == ["Jansen"]
        assert namen(client.get(url, {"q": "1971cd"})) == ["Bakker"]
        assert namen(client.get(url, {"q": "test-2026-000007"})) == ["Jansen"]

    def test_search_is_answered_from_indexes_where_the_server_has_pg_trgm(self, loket):
        """Every branch of the search can use an index, so a national database does not scan
        all the loket's clients. The embedded development server has no pg_trgm: there the
        migration leaves the index out and the search stays a scan (still correct)."""
        from clients.selectors import klantenlijst

        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            heeft_trgm = cursor.fetchone() is not None
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'clients_klant' "
                "AND indexname LIKE '%%_trgm'"
            )
            indexen = {rij[0] for rij in cursor.fetchall()}
        if not heeft_trgm:
            assert indexen == set()
            return
        assert indexen == {"klant_zoeknaam_trgm", "klant_klantnummer_trgm"}
        with connection.cursor() as cursor:
            # Enough clients in the loket for its own index to be a poor choice, and fresh
            # statistics, as in a real database (history triggers off for this bulk insert).
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                """INSERT INTO clients_klant (loket_id, klantnummer, voornaam, tussenvoegsel,
                    achternaam, postcode, telefoon, email, doelgroep, opleidingsniveau,
                    startkwalificatie, aangemaakt_op)
                SELECT %s, 'TEST-2026-' || lpad(n::text, 6, '0'), 'Voornaam' || n, '',
                    'Achternaam' || n, '', '', '', 'ww', 'vmbo', false, now()
                FROM generate_series(1, 30000) AS n""",
                [loket.pk],
            )
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            cursor.execute("ANALYZE clients_klant")
            # Rule out the plain scans: the choice left is the loket's index (reading all its
            # clients) or the search indexes, whatever ANALYZE's random sample estimated.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            # Rolled-back inserts of earlier tests leave entries in the GIN indexes' pending
            # lists, which make the planner price them too high.
            cursor.execute(
                "SELECT gin_clean_pending_list('klant_zoeknaam_trgm'::regclass), "
                "gin_clean_pending_list('klant_klantnummer_trgm'::regclass)"
            )
            plan = klantenlijst(loket, zoekterm="jansen").explain()
        assert "klant_zoeknaam_trgm" in plan and "klant_klantnummer_trgm" in plan
        assert "klant_loket_postcode" in plan

    def test_filters_doelgroep_werkcoach_and_period(
        self, client_as, werkcoach, projectleider, loket
    ):
        oud = IntakeFactory(
            klant__loket=loket,
            klant__achternaam="Oud",
            klant__doelgroep="nug",
            werkcoach=projectleider,
            datum=VANDAAG - datetime.timedelta(days=200),
        )
        IntakeFactory(
            klant__loket=loket,
            klant__achternaam="Nieuw",
            klant__doelgroep="ww",
            werkcoach=werkcoach,
            datum=VANDAAG,
        )
        client = client_as(werkcoach)
        url = reverse("clients:klant_list")
        assert namen(client.get(url, {"doelgroep": "nug"})) == ["Oud"]
        assert namen(client.get(url, {"werkcoach": werkcoach.pk})) == ["Nieuw"]
        van = (VANDAAG - datetime.timedelta(days=30)).isoformat()
        assert namen(client.get(url, {"van": van})) == ["Nieuw"]
        assert oud.klant.achternaam in namen(client.get(url, {"tot": van}))

    def test_only_own_loket_and_paged(self, client_as, werkcoach, loket, ander_loket):
        KlantFactory.create_batch(30, loket=loket)
        KlantFactory(loket=ander_loket, achternaam="Elders")
        client = client_as(werkcoach)
        eerste = client.get(reverse("clients:klant_list"))
        assert eerste.context["pagina"].paginator.count == 30
        assert len(eerste.context["pagina"].object_list) == 25
        assert "Elders" not in eerste.content.decode()
        tweede = client.get(reverse("clients:klant_list"), {"pagina": 2})
        assert len(tweede.context["pagina"].object_list) == 5
        # Every client shown is in the access log, in one INSERT.
        assert Verwerking.objects.filter(actie="gezocht").count() == 30

    def test_query_count_does_not_grow_with_data(self, client_as, werkcoach, loket):
        client = client_as(werkcoach)
        url = reverse("clients:klant_list")

        def count_queries():
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            return len(ctx.captured_queries)

        IntakeFactory.create_batch(3, klant__loket=loket, werkcoach=werkcoach)
        weinig = count_queries()
        # Each row with its own gemeente and werkcoach, so a lookup per row would show.
        for gemeente in GemeenteFactory.create_batch(20, regio=loket.regio):
            for _ in range(2):
                IntakeFactory(
                    klant__loket=loket,
                    klant__woongemeente=gemeente,
                    werkcoach=UserFactory(loket=loket),
                )
        assert count_queries() == weinig

    def test_bad_filter_values_do_not_break_the_list(self, client_as, werkcoach):
        response = client_as(werkcoach).get(
            reverse("clients:klant_list"),
            {
                "van": "31-02-2020",
                "werkcoach": "abc",
                "pagina": "999999",
                "q": "'; DROP TABLE x;--",
            },
        )
        assert response.status_code == 200


class TestKlantdossier:
    def test_detail_shows_timeline_and_logs_the_view(self, client_as, werkcoach, loket):
        intake = IntakeFactory(klant__loket=loket, klant__voornaam="Fenna")
        partner = OrganisatieFactory(loket=loket, naam="Roc Testcollege")
        ContactmomentFactory(
            klant=intake.klant, dienst="doorverwijzing", warme_overdracht_naar=partner
        )
        response = client_as(werkcoach).get(reverse("clients:klant_detail", args=[intake.klant.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Fenna" in html and "Warme overdracht naar Roc Testcollege" in html
        assert Verwerking.objects.filter(klant_id=intake.klant.pk, actie="bekeken").count() == 1

    def test_client_of_another_loket_is_not_found(self, client_as, werkcoach, ander_loket):
        elders = KlantFactory(loket=ander_loket)
        client = client_as(werkcoach)
        for name in ["klant_detail", "klant_update", "contact_create", "vervolgintake"]:
            assert client.get(reverse(f"clients:{name}", args=[elders.pk])).status_code == 404
        assert not Verwerking.objects.filter(klant_id=elders.pk).exists()

    def test_add_contact_with_warm_handover(self, client_as, werkcoach, loket):
        klant = KlantFactory(loket=loket)
        partner = OrganisatieFactory(loket=loket)
        response = client_as(werkcoach).post(
            reverse("clients:contact_create", args=[klant.pk]),
            {
                "datum": VANDAAG.isoformat(),
                "dienst": "doorverwijzing",
                "duur_minuten": 30,
                "warme_overdracht_naar": partner.pk,
                "notitie": "Afspraak gemaakt",
            },
        )
        assert response.status_code == 302
        contact = Contactmoment.objects.get()
        assert (contact.klant, contact.medewerker, contact.loket) == (klant, werkcoach, loket)
        assert contact.warme_overdracht_naar == partner

    def test_referral_needs_a_partner(self, client_as, werkcoach, loket):
        klant = KlantFactory(loket=loket)
        response = client_as(werkcoach).post(
            reverse("clients:contact_create", args=[klant.pk]),
            {"datum": VANDAAG.isoformat(), "dienst": "doorverwijzing", "duur_minuten": 30},
        )
        assert response.status_code == 400
        assert "warm is overgedragen" in response.content.decode()

    def test_partner_of_another_loket_cannot_be_chosen(
        self, client_as, werkcoach, loket, ander_loket
    ):
        klant = KlantFactory(loket=loket)
        elders = OrganisatieFactory(loket=ander_loket)
        response = client_as(werkcoach).post(
            reverse("clients:contact_create", args=[klant.pk]),
            {
                "datum": VANDAAG.isoformat(),
                "dienst": "informatie",
                "duur_minuten": 30,
                "warme_overdracht_naar": elders.pk,
            },
        )
        assert response.status_code == 400
        assert not Contactmoment.objects.exists()

    def test_edit_keeps_client_number_and_logs_changed_fields(self, client_as, werkcoach, loket):
        klant = KlantFactory(loket=loket, achternaam="Oud", klantnummer="TEST-2026-000042")
        data = {
            "voornaam": klant.voornaam,
            "tussenvoegsel": "",
            "achternaam": "Nieuw",
            "geboortedatum": "1990-05-17",
            "postcode": "2011 AB",
            "woongemeente": "",
            "telefoon": "",
            "email": klant.email,
            "doelgroep": "ww",
            "opleidingsniveau": "mbo2",
            "startkwalificatie": "on",
            "klantnummer": "HACK-1",
        }
        response = client_as(werkcoach).post(reverse("clients:klant_update", args=[klant.pk]), data)
        assert response.status_code == 302
        klant.refresh_from_db()
        assert (klant.achternaam, klant.klantnummer) == ("Nieuw", "TEST-2026-000042")
        log = Verwerking.objects.get(klant_id=klant.pk, actie="gewijzigd")
        assert "achternaam" in log.onderwerp

    def test_returning_client_gets_a_new_intake(self, client_as, werkcoach, loket):
        intake = IntakeFactory(klant__loket=loket, werkcoach=werkcoach)
        response = client_as(werkcoach).post(
            reverse("clients:vervolgintake", args=[intake.klant.pk]),
            {
                "datum": VANDAAG.isoformat(),
                "kanaal": "telefoon",
                "hoofddoel": "loopbaan",
                "verwijzer": "eigen_initiatief",
                "werkcoach": werkcoach.pk,
            },
        )
        assert response.status_code == 302
        assert intake.klant.intakes.count() == 2


@pytest.mark.parametrize("rol_fixture", ["stuurgroeplid", "beheerder"])
def test_roles_without_client_access_are_refused(request, client_as, rol_fixture, loket):
    user = request.getfixturevalue(rol_fixture)
    klant = KlantFactory(loket=loket)
    client = client_as(user)
    for url in [
        reverse("clients:klant_list"),
        reverse("clients:intake"),
        reverse("clients:klant_detail", args=[klant.pk]),
    ]:
        assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_login(client, loket):
    klant = KlantFactory(loket=loket)
    response = client.get(reverse("clients:klant_detail", args=[klant.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
