"""The public sign-up, the appointment mail with its .ics and manage link, and the werkcoach's
queue that turns a sign-up into an intake."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from aanmelden.constants import AanmeldingStatus
from aanmelden.models import Aanmelding, Tijdslot
from clients.constants import Kanaal
from clients.models import Klant
from loket.models import Verwerking

from ..factories import KlantFactory
from .conftest import aanmeld_post
from .smtp import ics_van, link_uit, tekst


def url(loket):
    return reverse("aanmelden:aanmelden", kwargs={"code": loket.code})


def meld_aan(client, loket, capture, **extra):
    with capture(execute=True):
        return client.post(url(loket), aanmeld_post(**extra))


def test_form_is_public_dutch_and_lists_free_slots(client, loket, tijdslot):
    pagina = client.get(url(loket))
    assert pagina.status_code == 200
    inhoud = pagina.content.decode()
    assert "Aanmelden bij Leerwerkloket Test" in inhoud
    assert 'for="id_voornaam"' in inhoud and "privacyverklaring" in inhoud
    assert f'value="{tijdslot.pk}"' in inhoud
    assert client.get(reverse("aanmelden:aanmelden", kwargs={"code": "NIETS"})).status_code == 404


def test_sign_up_with_slot_sends_mail_with_ics(
    client, loket, tijdslot, smtp, django_capture_on_commit_callbacks
):
    response = meld_aan(client, loket, django_capture_on_commit_callbacks, tijdslot=tijdslot.pk)
    assert response.status_code == 302
    aanmelding = Aanmelding.objects.get()
    assert aanmelding.tijdslot == tijdslot and aanmelding.loket == loket
    assert aanmelding.status == AanmeldingStatus.NIEUW
    [mail] = smtp.aan("fatima@example.org")
    assert "Uw afspraak bij Leerwerkloket Test" in mail["Subject"]
    agenda = ics_van(mail)
    [event] = agenda.walk("VEVENT")
    assert event.decoded("DTSTART") == tijdslot.start
    assert event.decoded("DTEND") == tijdslot.start + datetime.timedelta(minutes=30)
    assert str(agenda["METHOD"]) == "PUBLISH" and int(event["SEQUENCE"]) == 0
    # The link: only its hash is stored; the page shows the appointment.
    link = link_uit(mail, "/afspraak/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in aanmelding.beheer_token_hash
    assert Aanmelding.objects.filter(beheer_token_hash__contains=token).count() == 0
    pagina = client.get(link)
    assert pagina.status_code == 200 and "Afspraak annuleren" in pagina.content.decode()


def test_sign_up_without_slot_mails_without_ics(
    client, loket, smtp, django_capture_on_commit_callbacks
):
    meld_aan(client, loket, django_capture_on_commit_callbacks)
    [mail] = smtp.berichten
    assert ics_van(mail) is None and "contact met u op" in tekst(mail)


def test_invalid_input_shows_dutch_error_summary_and_saves_nothing(client, loket):
    response = client.post(
        url(loket), aanmeld_post(email="geen-adres", geboortedatum="", toestemming="")
    )
    assert response.status_code == 400
    inhoud = response.content.decode()
    assert 'id="foutoverzicht"' in inhoud
    assert 'href="#id_email"' in inhoud and "Vul een geldig e-mailadres in" in inhoud
    assert "Geef toestemming" in inhoud and 'aria-invalid="true"' in inhoud
    assert not Aanmelding.objects.exists()


def test_honeypot_looks_like_success_but_stores_nothing(
    client, loket, smtp, django_capture_on_commit_callbacks
):
    response = meld_aan(client, loket, django_capture_on_commit_callbacks, website="http://spam")
    assert response.status_code == 302
    assert not Aanmelding.objects.exists() and not smtp.berichten


def test_rate_limit_per_address(client, loket, settings):
    settings.AANMELDEN_MAX_PER_UUR = 3
    for _ in range(3):
        assert client.post(url(loket), aanmeld_post(email="x")).status_code == 400
    response = client.post(url(loket), aanmeld_post())
    assert response.status_code == 429 and "Te veel aanmeldingen" in response.content.decode()
    anders = client.post(url(loket), aanmeld_post(email="x"), REMOTE_ADDR="10.1.2.3")
    assert anders.status_code == 400  # another address is not held back


def test_no_double_booking(client, loket, tijdslot, django_capture_on_commit_callbacks):
    assert meld_aan(client, loket, django_capture_on_commit_callbacks, tijdslot=tijdslot.pk)
    tweede = meld_aan(
        client,
        loket,
        django_capture_on_commit_callbacks,
        tijdslot=tijdslot.pk,
        email="ander@example.org",
    )
    assert tweede.status_code in {400, 409}
    assert "niet meer vrij" in tweede.content.decode()
    assert Aanmelding.objects.count() == 1
    # The database itself refuses a second appointment in the slot.
    eerste = Aanmelding.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Aanmelding.objects.create(
            loket=loket,
            voornaam="A",
            achternaam="B",
            geboortedatum=datetime.date(1990, 1, 1),
            email="a@b.nl",
            hoofddoel="scholing",
            toestemming_op=eerste.toestemming_op,
            tijdslot=tijdslot,
        )


def test_move_and_cancel_through_the_link(
    client, loket, werkcoach, tijdslot, smtp, django_capture_on_commit_callbacks
):
    later = Tijdslot.objects.create(
        loket=loket,
        werkcoach=werkcoach,
        start=tijdslot.start + datetime.timedelta(hours=2),
    )
    meld_aan(client, loket, django_capture_on_commit_callbacks, tijdslot=tijdslot.pk)
    link = link_uit(smtp.berichten[-1], "/afspraak/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"actie": "verplaatsen", "tijdslot": later.pk})
    assert response.status_code == 302
    assert Aanmelding.objects.get().tijdslot == later
    verplaatst = smtp.berichten[-1]
    [event] = ics_van(verplaatst).walk("VEVENT")
    assert event.decoded("DTSTART") == later.start and int(event["SEQUENCE"]) == 1
    # The old link stopped working; the new one cancels.
    assert client.get(link).status_code == 404
    nieuw = link_uit(verplaatst, "/afspraak/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(nieuw, {"actie": "annuleren"})
    assert Aanmelding.objects.get().tijdslot is None
    agenda = ics_van(smtp.berichten[-1])
    assert str(agenda["METHOD"]) == "CANCEL"
    assert str(agenda.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("token", ["x", "a" * 43, "a" * 500, "%00", "ﷺ𝕏‮" * 10])
def test_bad_token_gives_dutch_404(client, token):
    response = client.get(reverse("aanmelden:afspraak", kwargs={"token": token}))
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.content.decode()


# The werkcoach's queue.


def aanmelding_van(loket, **extra):
    velden = {
        "voornaam": "Fatima",
        "achternaam": "El Amrani",
        "geboortedatum": datetime.date(1988, 6, 1),
        "email": "fatima@example.org",
        "hoofddoel": "erkenning",
        "vraag": "EVC zorg",
        "toestemming_op": "2026-01-01T10:00:00+01:00",
    }
    velden.update(extra)
    return Aanmelding.objects.create(loket=loket, **velden)


def test_queue_lists_own_loket_and_logs_every_look(client_as, werkcoach, loket, ander_loket):
    eigen = aanmelding_van(loket)
    aanmelding_van(ander_loket, voornaam="Elders")
    client = client_as(werkcoach)
    pagina = client.get(reverse("aanmeldingen:list")).content.decode()
    assert "El Amrani" in pagina and "Elders" not in pagina
    assert client.get(reverse("aanmeldingen:list"), {"q": "zzz"}).status_code == 200
    assert client.get(reverse("aanmeldingen:detail", args=[eigen.pk])).status_code == 200
    onderwerpen = set(Verwerking.objects.values_list("onderwerp", flat=True))
    assert {f"aanmelding {eigen.pk}: wachtrij", f"aanmelding {eigen.pk}: bekeken"} <= onderwerpen


def intake_gegevens(werkcoach, **extra):
    data = {
        "voornaam": "Fatima",
        "tussenvoegsel": "",
        "achternaam": "El Amrani",
        "geboortedatum": "1988-06-01",
        "postcode": "2011 AB",
        "email": "fatima@example.org",
        "doelgroep": "ww",
        "opleidingsniveau": "mbo2",
        "datum": datetime.date.today().isoformat(),
        "kanaal": "website",
        "hoofddoel": "erkenning",
        "verwijzer": "eigen_initiatief",
        "werkcoach": werkcoach.pk,
    }
    data.update(extra)
    return data


def test_turn_into_intake_prefilled_with_duplicate_check(client_as, werkcoach, loket):
    aanmelding = aanmelding_van(loket)
    client = client_as(werkcoach)
    formulier = client.get(reverse("aanmeldingen:intake", args=[aanmelding.pk])).content.decode()
    assert 'value="Fatima"' in formulier and 'value="website" selected' in formulier
    bestaand = KlantFactory(loket=loket, email="fatima@example.org")
    response = client.post(
        reverse("aanmeldingen:intake", args=[aanmelding.pk]), intake_gegevens(werkcoach)
    )
    assert response.status_code == 200 and bestaand.klantnummer in response.content.decode()
    # The clients' own warning: a new intake for the existing client keeps what was typed.
    assert f'formaction="{reverse("clients:vervolgintake", args=[bestaand.pk])}"' in (
        response.content.decode()
    )
    # Showing the existing client is logged against that client, as this desk's search.
    assert Verwerking.objects.filter(
        klant_id=bestaand.pk, actie="gezocht", onderwerp="dubbelcheck aanmelding"
    ).exists()
    response = client.post(
        reverse("aanmeldingen:intake", args=[aanmelding.pk]),
        intake_gegevens(werkcoach, toch_nieuw="on"),
    )
    assert response.status_code == 302
    aanmelding.refresh_from_db()
    klant = Klant.objects.get(pk=aanmelding.klant_id)
    assert aanmelding.status == AanmeldingStatus.OMGEZET
    assert klant.intakes.get().kanaal == Kanaal.WEBSITE
    # Handled once: a second post changes nothing.
    opnieuw = client.post(
        reverse("aanmeldingen:intake", args=[aanmelding.pk]),
        intake_gegevens(werkcoach, toch_nieuw="on"),
    )
    assert opnieuw.status_code == 302 and Klant.objects.count() == 2


def test_close_with_reason(client_as, werkcoach, loket):
    aanmelding = aanmelding_van(loket)
    client = client_as(werkcoach)
    leeg = client.post(reverse("aanmeldingen:detail", args=[aanmelding.pk]), {"reden": ""})
    assert leeg.status_code == 400
    client.post(
        reverse("aanmeldingen:detail", args=[aanmelding.pk]),
        {"reden": "niet_bereikbaar", "toelichting": "3x gebeld"},
    )
    aanmelding.refresh_from_db()
    assert aanmelding.status == AanmeldingStatus.GESLOTEN and aanmelding.sluitreden


def test_spreekuur_and_day_list(client_as, werkcoach, loket):
    client = client_as(werkcoach)
    morgen = datetime.date.today() + datetime.timedelta(days=1)
    response = client.post(
        reverse("aanmeldingen:spreekuur"),
        {
            "werkcoach": werkcoach.pk,
            "datum": morgen.isoformat(),
            "van": "09:00",
            "aantal": 3,
            "duur": 30,
        },
    )
    assert response.status_code == 302
    assert Tijdslot.objects.filter(loket=loket).count() == 3
    slot = Tijdslot.objects.order_by("start").first()
    aanmelding_van(loket, tijdslot=slot)
    pagina = client.get(reverse("aanmeldingen:afspraken"), {"datum": morgen.isoformat()})
    assert "El Amrani" in pagina.content.decode()
    assert "El Amrani" not in client.get(reverse("aanmeldingen:afspraken")).content.decode()


def test_sign_ups_are_deleted_after_a_year(loket):
    from django.utils import timezone

    from aanmelden.tasks import wis_oude_aanmeldingen

    oud, nieuw = aanmelding_van(loket), aanmelding_van(loket, voornaam="Recent")
    Aanmelding.objects.filter(pk=oud.pk).update(
        ingediend_op=timezone.now() - datetime.timedelta(days=366)
    )
    assert wis_oude_aanmeldingen() == 1
    assert list(Aanmelding.objects.values_list("pk", flat=True)) == [nieuw.pk]


def test_demo_offers_slots_and_survey_moments(client):
    from django.core.management import call_command

    from aanmelden.models import Enquetemoment
    from loket.models import Loket

    call_command("seed_demo", klanten=20)
    loket = Loket.objects.get(code="ZKIJ")
    assert Enquetemoment.objects.filter(loket=loket).count() == 4
    assert Tijdslot.objects.filter(loket=loket).count() == 8
    pagina = client.get(url(loket))
    assert pagina.status_code == 200 and pagina.content.decode().count('name="tijdslot"') == 9
    assert "no-store" in pagina["Cache-Control"]
