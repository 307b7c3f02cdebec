"""The confirmation mail through a real Redis broker and a real Celery worker process: the
request returns once the sign-up is committed, and the worker delivers the mail (with the .ics)
to the SMTP server on localhost that this test runs."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelden.models import Aanmelding, Tijdslot

from ..factories import UserFactory
from ..fouten.werkers import mailwerker, wacht_tot
from .conftest import aanmeld_post
from .smtp import ics_van

MAILTAKEN = ["aanmelden.tasks.verstuur_afspraakmail", "aanmelden.tasks.verstuur_enquete"]


@pytest.fixture
def worker_met_smtp(settings, smtp, transactional_db, tmp_path):
    with mailwerker(settings, tmp_path, MAILTAKEN) as proces:
        yield proces


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_confirmation_mail_through_a_real_worker(client, loket, worker_met_smtp, smtp):
    slot = Tijdslot.objects.create(
        loket=loket,
        werkcoach=UserFactory(loket=loket),
        start=timezone.now().replace(microsecond=0) + datetime.timedelta(days=3),
    )
    begin = time.monotonic()
    response = client.post(
        reverse("aanmelden:aanmelden", kwargs={"code": loket.code}),
        aanmeld_post(tijdslot=slot.pk),
    )
    assert response.status_code == 302
    assert time.monotonic() - begin < 5  # the request did not wait for the mail

    wacht_tot(lambda: smtp.berichten, worker_met_smtp, deadline_s=60, wat="de mail is bezorgd")
    [mail] = smtp.berichten
    [event] = ics_van(mail).walk("VEVENT")
    assert event.decoded("DTSTART") == slot.start
    # The worker commits the link's hash right after the send.
    wacht_tot(
        lambda: Aanmelding.objects.get().bevestiging_verstuurd_op,
        worker_met_smtp,
        deadline_s=30,
        wat="de verzending is vastgelegd",
    )
    assert Aanmelding.objects.get().beheer_token_hash
