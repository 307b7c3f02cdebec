"""The new-hand-over mail through a real Redis broker and a real Celery worker process: the
werkcoach's request returns once the hand-over is committed; the worker delivers a link-only mail
to the partner's users on the SMTP server this test runs."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from overdrachten import services
from overdrachten.models import Melding, Overdracht

from ..aanmelden.smtp import tekst
from ..fouten.werkers import mailwerker, wacht_tot
from .fabriek import partner_gebruiker

MAILTAKEN = ["overdrachten.tasks.meld_nieuwe_overdracht", "overdrachten.tasks.meld_antwoord"]


@pytest.fixture
def worker_met_smtp(settings, smtp, transactional_db, tmp_path):
    with mailwerker(settings, tmp_path, MAILTAKEN) as proces:
        yield proces


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_handover_mail_through_a_real_worker(
    client_as, loket, roc, werkcoach, worker_met_smtp, smtp
):
    from ..factories import KlantFactory

    partner_gebruiker(roc, email="intake@nova.example")
    klant = KlantFactory(loket=loket, voornaam="Fenna", achternaam="Bakker")
    services.leg_toestemming_vast(
        klant=klant,
        organisatie=roc,
        gegevens="contact_vraag",
        gegeven_op=timezone.localdate(),
        door=werkcoach,
    )
    client = client_as(werkcoach)
    begin = time.monotonic()
    response = client.post(
        reverse("overdrachten:create", args=[klant.pk]),
        {
            "organisatie": roc.pk,
            "vraag": "BBL zorg",
            "urgentie": "normaal",
            "grondslag": "toestemming",
        },
    )
    assert response.status_code == 302
    assert time.monotonic() - begin < 5  # the request did not wait for the mail

    wacht_tot(lambda: smtp.berichten, worker_met_smtp, deadline_s=60, wat="de mail is bezorgd")
    [mail] = smtp.aan("intake@nova.example")
    overdracht = Overdracht.objects.get()
    assert f"/overdrachten/partner/{overdracht.pk}/" in tekst(mail)
    assert "Bakker" not in tekst(mail) and "Fenna" not in mail["Subject"]
    wacht_tot(
        lambda: Melding.objects.filter(sleutel=f"overdracht-{overdracht.pk}-nieuw").exists(),
        worker_met_smtp,
        deadline_s=30,
        wat="de verzending is vastgelegd",
    )
