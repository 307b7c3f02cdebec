"""Mail is reliable: a mail server that is down rolls the new link back and the task retries; the
sweep sends what is still unsent; a redelivered task sends nothing twice. The loket's survey
moments page."""

import datetime

from django.urls import reverse
from django.utils import timezone

from aanmelden import mail, tasks
from aanmelden.models import Aanmelding, Enquetemoment

from .smtp import vrije_poort
from .test_aanmelden import aanmelding_van


def test_failed_send_rolls_back_and_the_sweep_sends_later(loket, settings, smtp):
    aanmelding = aanmelding_van(loket)
    echte_poort = settings.EMAIL_PORT
    settings.EMAIL_PORT = vrije_poort()  # nobody listens: connection refused
    resultaat = tasks.verstuur_afspraakmail.apply(args=[aanmelding.pk])
    assert resultaat.failed() or resultaat.state == "RETRY"
    aanmelding.refresh_from_db()
    assert aanmelding.bevestiging_verstuurd_op is None and aanmelding.beheer_token_hash == ""
    assert tasks.verstuur_afspraakmail.autoretry_for and tasks.verstuur_afspraakmail.retry_backoff

    settings.EMAIL_PORT = echte_poort
    Aanmelding.objects.filter(pk=aanmelding.pk).update(
        ingediend_op=timezone.now() - datetime.timedelta(minutes=10)
    )
    assert tasks.verstuur_wachtende_mails() == 1
    aanmelding.refresh_from_db()
    assert aanmelding.bevestiging_verstuurd_op and len(smtp.berichten) == 1
    # Redelivered: nothing twice.
    assert mail.verstuur_afspraakmail(aanmelding.pk) is False
    assert tasks.verstuur_wachtende_mails() == 0
    assert len(smtp.berichten) == 1
    assert Aanmelding.objects.get().beheer_token_hash


def test_survey_moments_page(client_as, projectleider, werkcoach, loket, ander_loket):
    client = client_as(projectleider)
    url = reverse("aanmeldingen:enquetemomenten")
    data = {"naam": "Half jaar na intake", "aanleiding": "intake", "dagen_na": "182"}
    assert client.post(url, data).status_code == 302
    dubbel = client.post(url, data)
    assert dubbel.status_code == 400 and "bestaat al" in dubbel.content.decode()
    moment = Enquetemoment.objects.get(loket=loket)
    elders = Enquetemoment.objects.create(
        loket=ander_loket, naam="x", aanleiding="intake", dagen_na=28
    )
    client.post(url, {"wissel": moment.pk})
    moment.refresh_from_db()
    assert not moment.actief
    assert client.post(url, {"wissel": elders.pk}).status_code == 404
    assert client.post(url, {"wissel": "1e309"}).status_code == 404
    client.logout()
    assert client_as(werkcoach).get(url).status_code == 403
