"""Notification mails through a real SMTP server (aiosmtpd): sent after commit, one per recipient,
a link only (no personal data), never twice; reminders before and after the deadline by the daily
beat task."""

import datetime
from decimal import Decimal

from freezegun import freeze_time

from overdrachten import services, tasks, uren
from overdrachten.constants import Uitkomst

from ..aanmelden.smtp import tekst
from .conftest import cofinanciering_in_natura
from .fabriek import maak_overdracht, partner_gebruiker


def test_mails_carry_a_link_and_no_personal_data(
    smtp, loket, roc, roc_medewerker, werkcoach, projectleider, django_capture_on_commit_callbacks
):
    werkcoach.email = "coach@loket.example"
    werkcoach.save()
    projectleider.email = "pl@loket.example"
    projectleider.save()
    collega = partner_gebruiker(roc, email="balie@nova.example")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        overdracht = maak_overdracht(loket, roc, werkcoach=werkcoach)
    assert callbacks, "the mail is queued after commit"
    nieuw = smtp.aan("intake@nova.example") + smtp.aan("balie@nova.example")
    assert len(nieuw) == 2 and all(len(m["To"].addresses) == 1 for m in nieuw)
    for bericht in nieuw:
        inhoud = tekst(bericht) + bericht["Subject"]
        assert f"/overdrachten/partner/{overdracht.pk}/" in inhoud
        for persoonlijk in (
            overdracht.klant.voornaam,
            overdracht.klant.achternaam,
            overdracht.klant.email,
            "BBL",
        ):
            assert persoonlijk not in inhoud

    # Sending the same task again sends nothing (a redelivered task).
    assert tasks.meld_nieuwe_overdracht(overdracht.pk) is False

    with django_capture_on_commit_callbacks(execute=True):
        services.accepteer(overdracht=overdracht, door=collega)
        services.meld_terug(overdracht=overdracht, uitkomst=Uitkomst.GESTART, door=collega)
    [terug] = smtp.aan("coach@loket.example")
    assert f"/overdrachten/{overdracht.pk}/" in tekst(terug)
    assert overdracht.klant.achternaam not in tekst(terug)

    with freeze_time("2026-10-06 10:00:00+02:00"):
        tarief = cofinanciering_in_natura(loket, roc, 2026)
        with django_capture_on_commit_callbacks(execute=True):
            uren.dien_uren_in(
                tarief=tarief, kwartaal=3, medewerker="Docent", uren=Decimal("3"), door=collega
            )
    [uren_mail] = smtp.aan("pl@loket.example")
    assert "/overdrachten/uren/" in tekst(uren_mail)


def test_reminders_before_and_after_the_deadline(smtp, loket, roc, roc_medewerker):
    with freeze_time("2026-11-02 09:00:00+01:00"):  # Monday; deadline Monday 16-11
        overdracht = maak_overdracht(loket, roc)
    with freeze_time("2026-11-10 08:00:00+01:00"):
        assert tasks.herinner_overdrachten() == 0
    with freeze_time("2026-11-12 08:00:00+01:00"):  # two working days before
        assert tasks.herinner_overdrachten() == 1
        assert tasks.herinner_overdrachten() == 1  # queued again, sent once
    [voor] = smtp.aan("intake@nova.example")
    assert "16-11-2026" in tekst(voor) and "verloopt" in tekst(voor)
    with freeze_time("2026-11-17 08:00:00+01:00"):
        tasks.herinner_overdrachten()
    assert len(smtp.aan("intake@nova.example")) == 2
    assert "verstreken" in tekst(smtp.aan("intake@nova.example")[1])
    # Once answered, no more reminders.
    services.wijs_af(overdracht=overdracht, reden="Geen plek", door=roc_medewerker)
    with freeze_time("2026-11-18 08:00:00+01:00"):
        assert tasks.herinner_overdrachten() == 0
    assert overdracht.termijn == datetime.date(2026, 11, 16)
