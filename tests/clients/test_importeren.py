"""Bulk import of intakes from CSV (manage.py importeer_intakes): the intake form's rules per row,
all or nothing, duplicates, the shared number range, history and the audit log."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients import selectors
from clients.importeren.bestand import KOLOMMEN
from clients.importeren.invoer import importeer_intakes
from clients.models import Intake, Klant, KlantHistorie, Klantnummerreeks
from loket.constants import Rol
from loket.models import Verwerking

from ..factories import KlantFactory, UserFactory
from .test_intake import intake_post

VANDAAG = timezone.localdate()
JAAR = VANDAAG.year


def rij(**overrides) -> dict:
    data = {
        "voornaam": "Jan",
        "tussenvoegsel": "de",
        "achternaam": "Vries",
        "geboortedatum": "1985-03-14",
        "postcode": "2011ab",
        "woongemeente": "",
        "telefoon": "023-5123456",
        "email": "Jan.de.Vries@Example.org",
        "doelgroep": "ww",
        "opleidingsniveau": "vmbo",
        "startkwalificatie": "nee",
        "intakedatum": VANDAAG.isoformat(),
        "kanaal": "bezoek",
        "hoofddoel": "scholing",
        "verwijzer": "uwv",
        "werkcoach": "werkcoach",
        "toestemming_delen": "ja",
        "toestemming_datum": "",
        "notities": "",
    }
    data.update(overrides)
    return data


def persoon(n: int, **overrides) -> dict:
    """A distinct person per n (name, birth date and e-mail all differ)."""
    eigen = {
        "voornaam": f"Persoon{n}",
        "tussenvoegsel": "",
        "achternaam": f"Achternaam{n}",
        "geboortedatum": (datetime.date(1970, 1, 1) + datetime.timedelta(days=n)).isoformat(),
        "email": f"persoon{n}@example.org",
    }
    return rij(**{**eigen, **overrides})


def csv_inhoud(rijen: list[dict], scheiding: str = ",", bom: bool = False) -> bytes:
    kolommen = [k for k in KOLOMMEN if any(k in r for r in rijen)]
    regels = [scheiding.join(kolommen)]
    regels += [scheiding.join(r.get(k, "") for k in kolommen) for r in rijen]
    return ("\r\n".join(regels) + "\r\n").encode("utf-8-sig" if bom else "utf-8")


@pytest.fixture
def bestand(tmp_path):
    def maak(rijen, **kwargs):
        pad = tmp_path / "intakes.csv"
        pad.write_bytes(csv_inhoud(rijen, **kwargs))
        return pad

    return maak


def importeer(pad, loket, *extra, door="projectleider"):
    """Run the command; returns (stdout, stderr). Raises CommandError like the command line."""
    out, err = io.StringIO(), io.StringIO()
    opties = ["--loket", loket.code, *(["--door", door] if door else []), *extra]
    call_command("importeer_intakes", str(pad), *opties, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def importeer_fout(pad, loket, *extra, door="projectleider"):
    """Run the command expecting it to fail; returns (message, stderr)."""
    err = io.StringIO()
    opties = ["--loket", loket.code, *(["--door", door] if door else []), *extra]
    with pytest.raises(CommandError) as fout:
        call_command("importeer_intakes", str(pad), *opties, stdout=io.StringIO(), stderr=err)
    return str(fout.value), err.getvalue()


@pytest.fixture
def medewerkers(werkcoach, projectleider):
    return werkcoach, projectleider


class TestGoedBestand:
    def test_imports_clients_with_numbers_and_normalised_fields(self, bestand, loket, medewerkers):
        werkcoach, projectleider = medewerkers
        gemeente = loket.regio.gemeenten.order_by("pk").first()
        pad = bestand(
            [
                rij(woongemeente=gemeente.naam.upper()),
                persoon(
                    2,
                    postcode=" 1234 xy ",
                    telefoon="+31 6 12345678",
                    woongemeente=gemeente.cbs_code,
                    doelgroep="Werkzoekend met BIJSTAND",
                    opleidingsniveau="Mbo niveau 2",
                    kanaal="TELEFOON",
                    toestemming_delen="nee",
                    werkcoach="",
                ),
            ]
        )
        out, err = importeer(pad, loket)

        assert err == ""
        assert "2 klant(en) met intake geïmporteerd" in out
        jan = Klant.objects.get(voornaam="Jan")
        assert jan.klantnummer == f"TEST-{JAAR}-000001"
        assert (jan.tussenvoegsel, jan.postcode, jan.telefoon, jan.email) == (
            "de",
            "2011 AB",
            "0235123456",
            "jan.de.vries@example.org",
        )
        assert jan.woongemeente == gemeente and jan.startkwalificatie is False
        assert jan.aangemaakt_door == projectleider
        assert jan.laatste_activiteit == VANDAAG
        assert jan.zoeknaam == "jan de vries"
        intake = jan.intakes.get()
        assert (intake.loket, intake.werkcoach, intake.kanaal) == (loket, werkcoach, "bezoek")
        assert intake.toestemming_delen and intake.toestemming_datum == VANDAAG

        twee = Klant.objects.get(voornaam="Persoon2")
        assert twee.klantnummer == f"TEST-{JAAR}-000002"
        assert (twee.postcode, twee.telefoon) == ("1234 XY", "+31612345678")
        assert (twee.doelgroep, twee.opleidingsniveau) == ("bijstand", "mbo2")
        assert twee.startkwalificatie is True  # mbo 2 gives it, as in the form
        assert twee.woongemeente == gemeente
        intake = twee.intakes.get()
        assert (intake.kanaal, intake.toestemming_datum) == ("telefoon", None)
        # An empty werkcoach column falls back to --door when that user may be a werkcoach.
        assert intake.werkcoach == projectleider

    def test_one_audit_row_names_the_range_and_the_user(self, bestand, loket, medewerkers):
        importeer(bestand([rij(), persoon(2), persoon(3)]), loket)
        verwerking = Verwerking.objects.get()
        assert verwerking.actie == Verwerking.Actie.AANGEMAAKT
        assert verwerking.gebruiker.username == "projectleider"
        assert verwerking.loket == loket and verwerking.klant_id is None
        assert verwerking.onderwerp == (
            f"import intakes: 3 klanten, TEST-{JAAR}-000001 t/m TEST-{JAAR}-000003 uit intakes.csv"
        )

    def test_each_client_gets_one_insert_snapshot_under_the_import_context(
        self, bestand, loket, medewerkers
    ):
        importeer(bestand([rij(), persoon(2)]), loket)
        for klant in Klant.objects.all():
            snapshot = KlantHistorie.objects.get(pgh_obj=klant)
            assert snapshot.pgh_label == "insert"
            assert (snapshot.klantnummer, snapshot.postcode, snapshot.email) == (
                klant.klantnummer,
                klant.postcode,
                klant.email,
            )
            assert snapshot.aangemaakt_door_id == klant.aangemaakt_door_id
            assert snapshot.pgh_context.metadata == {
                "user": medewerkers[1].pk,
                "importbestand": "intakes.csv",
            }

    def test_history_within_the_retention_period_is_imported(self, bestand, loket, medewerkers):
        """The form takes intakes at most a year back; an import brings a desk's history."""
        drie_jaar = VANDAAG.replace(year=VANDAAG.year - 3, day=1)
        importeer(bestand([rij(intakedatum=drie_jaar.isoformat())]), loket)
        klant = Klant.objects.get()
        assert klant.intakes.get().datum == drie_jaar
        assert klant.laatste_activiteit == drie_jaar

    def test_semicolons_bom_and_dutch_dates(self, bestand, loket, medewerkers):
        pad = bestand(
            [
                rij(
                    geboortedatum="14-03-1985",
                    intakedatum=VANDAAG.strftime("%d-%m-%Y"),
                    toestemming_datum=VANDAAG.strftime("%d-%m-%Y"),
                    notities="Wil een BBL-opleiding, in de zorg",
                )
            ],
            scheiding=";",
            bom=True,
        )
        importeer(pad, loket)
        klant = Klant.objects.get()
        assert (klant.voornaam, klant.geboortedatum) == ("Jan", datetime.date(1985, 3, 14))
        assert klant.intakes.get().notities == "Wil een BBL-opleiding, in de zorg"

    def test_number_range_continues_and_a_web_intake_gets_the_next_number(
        self, bestand, loket, medewerkers, client_as
    ):
        werkcoach = medewerkers[0]
        client = client_as(werkcoach)
        client.post(reverse("clients:intake"), intake_post(werkcoach, email="eerste@example.org"))
        importeer(bestand([persoon(1), persoon(2), persoon(3)]), loket)
        client.post(
            reverse("clients:intake"),
            intake_post(werkcoach, voornaam="Na", email="na@example.org"),
        )
        nummers = list(Klant.objects.order_by("pk").values_list("klantnummer", flat=True))
        assert nummers == [f"TEST-{JAAR}-{n:06d}" for n in range(1, 6)]
        assert Klant.objects.get(voornaam="Na").klantnummer == f"TEST-{JAAR}-000005"

    def test_queries_do_not_grow_with_the_number_of_rows(self, loket, medewerkers):
        def tel(aantal, begin):
            inhoud = csv_inhoud([persoon(begin + n) for n in range(aantal)])
            with CaptureQueriesContext(connection) as queries:
                resultaat = importeer_intakes(inhoud, loket, door=medewerkers[1])
            assert resultaat.geimporteerd == aantal
            return len(queries)

        klein, groot = tel(10, 0), tel(1000, 100)
        assert klein == groot
        assert groot <= 15
        assert Klant.objects.count() == 1010

    def test_other_loket_is_untouched(
        self, bestand, loket, ander_loket, medewerkers, werkcoach_elders
    ):
        # The same person and e-mail at another loket is not a duplicate here.
        elders = KlantFactory(
            loket=ander_loket,
            voornaam="Jan",
            tussenvoegsel="de",
            achternaam="Vries",
            geboortedatum=datetime.date(1985, 3, 14),
            email="jan.de.vries@example.org",
            klantnummer=f"ELDERS-{JAAR}-000007",
        )
        Klantnummerreeks.objects.create(loket=ander_loket, jaar=JAAR, laatste=7)
        importeer(bestand([rij()]), loket)

        assert Klant.objects.filter(loket=loket).count() == 1
        assert list(Klant.objects.filter(loket=ander_loket)) == [elders]
        assert Klantnummerreeks.objects.get(loket=ander_loket).laatste == 7
        assert not Verwerking.objects.filter(loket=ander_loket).exists()


class TestFouten:
    def test_one_bad_row_imports_nothing_and_names_row_and_column(
        self, bestand, loket, medewerkers
    ):
        pad = bestand([persoon(1), persoon(2, postcode="12345"), persoon(3)])
        melding, err = importeer_fout(pad, loket)

        assert "Niets geïmporteerd: 1 van de 3 rij(en) bevatten fouten" in melding
        assert (
            "Rij 3, postcode: Vul een geldige Nederlandse postcode in, bijvoorbeeld 2011 AB." in err
        )
        assert not Klant.objects.exists() and not Intake.objects.exists()
        assert not KlantHistorie.objects.exists() and not Verwerking.objects.exists()
        assert not Klantnummerreeks.objects.exists()

    @pytest.mark.parametrize(
        ("overrides", "verwacht"),
        [
            ({"voornaam": ""}, "Rij 2, voornaam: Dit veld is verplicht."),
            ({"geboortedatum": "31-02-1990"}, "Rij 2, geboortedatum: De datum 31-02-1990 bestaat"),
            ({"geboortedatum": "14/3/85"}, "Rij 2, geboortedatum: Vul een datum in als dd-mm-jjjj"),
            ({"geboortedatum": VANDAAG.isoformat()}, "minstens 12 jaar oud"),
            ({"intakedatum": "2001-01-01"}, "Rij 2, intakedatum: De datum van de intake ligt voor"),
            ({"telefoon": "12345"}, "Rij 2, telefoon: Vul een geldig telefoonnummer in"),
            ({"email": "geen-adres"}, "Rij 2, email: Voer een geldig e-mailadres in."),
            ({"telefoon": "", "email": ""}, "Rij 2, telefoon/email: Vul een telefoonnummer of"),
            ({"doelgroep": "werkloos"}, "Rij 2, doelgroep: 'werkloos' is geen geldige keuze"),
            ({"startkwalificatie": "ja"}, "Rij 2, startkwalificatie: Met deze opleiding heeft"),
            ({"startkwalificatie": "misschien"}, "Rij 2, startkwalificatie: Vul ja of nee in."),
            ({"woongemeente": "Amsterdam"}, "Rij 2, woongemeente: 'Amsterdam' is geen gemeente"),
            ({"werkcoach": "onbekend"}, "Rij 2, werkcoach: 'onbekend' is geen actieve werkcoach"),
            ({"notities": "BSN 111222333"}, "Rij 2, notities: Dit lijkt een BSN."),
            (
                {"voornaam": "x" * 81},
                "Rij 2, voornaam: Zorg dat deze waarde niet meer dan 80 tekens",
            ),
        ],
    )
    def test_the_intake_forms_rules_per_column(
        self, bestand, loket, medewerkers, overrides, verwacht
    ):
        _, err = importeer_fout(bestand([rij(**overrides)]), loket)
        assert verwacht in err
        assert not Klant.objects.exists()

    def test_a_werkcoach_of_another_loket_is_refused(
        self, bestand, loket, medewerkers, werkcoach_elders
    ):
        _, err = importeer_fout(bestand([rij(werkcoach="werkcoach-elders")]), loket)
        assert "Rij 2, werkcoach: 'werkcoach-elders' is geen actieve werkcoach" in err

    def test_without_door_the_werkcoach_column_is_required(self, bestand, loket, medewerkers):
        _, err = importeer_fout(bestand([rij(werkcoach="")]), loket, door=None)
        assert "Rij 2, werkcoach: Vul de gebruikersnaam van de werkcoach in." in err

    def test_all_errors_of_a_row_and_only_the_first_fifty_rows_of_errors(
        self, bestand, loket, medewerkers
    ):
        rijen = [persoon(n, postcode="0000 AA", kanaal="fax") for n in range(30)]
        _, err = importeer_fout(bestand(rijen), loket)
        regels = err.strip().splitlines()
        assert regels[:2] == [
            "Rij 2, postcode: Vul een geldige Nederlandse postcode in, bijvoorbeeld 2011 AB.",
            "Rij 2, kanaal: 'fax' is geen geldige keuze. Kies uit: bezoek, email, telefoon, "
            "voorlichting, website.",
        ]
        assert len(regels) == 51 and regels[-1] == "... en nog 10 fout(en)."

    def test_a_wrong_header_is_refused_before_any_row(self, tmp_path, loket, medewerkers):
        pad = tmp_path / "fout.csv"
        pad.write_text("voornaam,achternaam,postocde\nJan,Vries,2011AB\n", encoding="utf-8")
        melding, _ = importeer_fout(pad, loket)
        assert "onbekende kolom(men): postocde" in melding
        assert "verplichte kolom(men) ontbreken: geboortedatum, doelgroep" in melding

    def test_a_file_that_is_not_utf8_is_refused(self, tmp_path, loket, medewerkers):
        pad = tmp_path / "latin1.csv"
        pad.write_bytes(csv_inhoud([rij(voornaam="Zoë")]).decode().encode("latin-1"))
        melding, _ = importeer_fout(pad, loket)
        assert "Het bestand is geen UTF-8 (regel 2)" in melding

    def test_unknown_loket_or_user_of_another_loket(
        self, bestand, loket, medewerkers, werkcoach_elders
    ):
        pad = bestand([rij()])
        with pytest.raises(CommandError, match="Onbekend loket: NERGENS"):
            call_command("importeer_intakes", str(pad), "--loket", "NERGENS")
        melding, _ = importeer_fout(pad, loket, door="werkcoach-elders")
        assert melding == "Gebruiker werkcoach-elders hoort niet bij loket TEST."


class TestSlaFoutenOver:
    def test_imports_the_good_rows_and_reports_the_bad(self, bestand, loket, medewerkers):
        pad = bestand([persoon(1), persoon(2, geboortedatum="morgen"), persoon(3)])
        out, err = importeer(pad, loket, "--sla-fouten-over")

        assert "Rij 3, geboortedatum: Vul een datum in als dd-mm-jjjj of jjjj-mm-dd." in err
        assert "2 klant(en) met intake geïmporteerd" in out and "1 rij(en) overgeslagen" in out
        assert sorted(Klant.objects.values_list("voornaam", "klantnummer")) == [
            ("Persoon1", f"TEST-{JAAR}-000001"),
            ("Persoon3", f"TEST-{JAAR}-000002"),
        ]
        assert Intake.objects.count() == 2
        assert "2 klanten" in Verwerking.objects.get().onderwerp

    def test_nothing_good_is_still_a_failure(self, bestand, loket, medewerkers):
        melding, _ = importeer_fout(bestand([rij(postcode="x")]), loket, "--sla-fouten-over")
        assert melding == "Niets geïmporteerd: 1 van de 1 rij(en) bevatten fouten."
        assert not Verwerking.objects.exists()


class TestDubbelen:
    def test_duplicates_within_the_file(self, bestand, loket, medewerkers):
        pad = bestand(
            [
                rij(),
                # tussenvoegsel folded into the surname, case and spaces ignored
                rij(tussenvoegsel="", achternaam="DeVries", voornaam="jan ", email=""),
                persoon(3, email="JAN.de.vries@example.org"),
                persoon(4),
            ]
        )
        out, err = importeer(pad, loket, "--sla-fouten-over")
        assert err.splitlines() == [
            "Rij 3, naam/geboortedatum: dubbel: dezelfde naam en geboortedatum als rij 2.",
            "Rij 4, email: dubbel: hetzelfde e-mailadres als rij 2.",
        ]
        assert sorted(Klant.objects.values_list("voornaam", flat=True)) == ["Jan", "Persoon4"]

    def test_duplicates_of_existing_clients_block_the_import(self, bestand, loket, medewerkers):
        KlantFactory(
            loket=loket,
            klantnummer="TEST-2025-000009",
            voornaam="Jan",
            tussenvoegsel="",
            achternaam="de Vries",
            geboortedatum=datetime.date(1985, 3, 14),
            email="ander@example.org",
        )
        KlantFactory(loket=loket, klantnummer="TEST-2025-000010", email="bekend@example.org")
        pad = bestand([rij(), persoon(2, email="Bekend@Example.org"), persoon(3)])
        melding, err = importeer_fout(pad, loket)
        assert err.splitlines() == [
            "Rij 2, naam/geboortedatum: deze klant bestaat al (TEST-2025-000009).",
            "Rij 3, email: een klant met dit e-mailadres bestaat al (TEST-2025-000010).",
        ]
        assert "2 van de 3 rij(en)" in melding
        assert Klant.objects.count() == 2

    def test_an_anonymised_client_is_no_duplicate(self, bestand, loket, medewerkers):
        KlantFactory(
            loket=loket,
            voornaam="Jan",
            tussenvoegsel="de",
            achternaam="Vries",
            geboortedatum=datetime.date(1985, 3, 14),
            geanonimiseerd_op=timezone.now(),
        )
        importeer(bestand([rij()]), loket)
        assert Klant.objects.count() == 2

    @pytest.mark.parametrize(
        "bestaand",
        [
            {"voornaam": "Jan", "tussenvoegsel": "de", "achternaam": "Vries"},
            {"voornaam": "JAN", "tussenvoegsel": "", "achternaam": "De Vries"},
            {"voornaam": "Jan", "tussenvoegsel": "de", "achternaam": "Vries-Bakker"},
            {"voornaam": "Johan", "tussenvoegsel": "de", "achternaam": "Vries"},
        ],
    )
    def test_same_rule_as_the_web_forms_duplicate_check(
        self, bestand, loket, medewerkers, bestaand
    ):
        KlantFactory(loket=loket, geboortedatum=datetime.date(1985, 3, 14), **bestaand)
        web_vindt_dubbel = selectors.mogelijke_dubbelen(
            loket,
            voornaam="Jan",
            tussenvoegsel="de",
            achternaam="Vries",
            geboortedatum=datetime.date(1985, 3, 14),
            email="",
        ).exists()
        resultaat = importeer_intakes(csv_inhoud([rij(email="")]), loket)
        assert (resultaat.geimporteerd == 0) is web_vindt_dubbel


def test_a_projectleider_of_the_loket_may_import_without_werkcoach_column(bestand, loket):
    projectleider = UserFactory(loket=loket, rol=Rol.PROJECTLEIDER, username="pl")
    pad = bestand([{k: v for k, v in rij().items() if k != "werkcoach"}])
    importeer(pad, loket, door="pl")
    assert Intake.objects.get().werkcoach == projectleider
