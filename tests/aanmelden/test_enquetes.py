"""Follow-up surveys: the beat task (frozen time) plans and mails invitations once, the link
works once, expires and cannot be guessed, one reminder, opt-out honoured, employers get one after
a werkgeverscontact, and the monitor counts the answers, also after anonymisation."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from freezegun import freeze_time
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from aanmelden import tasks
from aanmelden.constants import Aanleiding
from aanmelden.models import Enqueteantwoord, Enquetemoment, Enqueteverzoek
from clients.privacy import anonimiseer_klant
from loket.perioden import jaar
from monitor.indicatoren import REGISTER
from monitor.meting import Meting

from ..factories import IntakeFactory, KlantFactory, WerkgeverFactory, WerkgeverscontactFactory
from .smtp import link_uit

INTAKEDAG = datetime.date(2026, 3, 2)


@pytest.fixture
def moment(loket):
    return Enquetemoment.objects.create(
        loket=loket, naam="Vier weken na intake", aanleiding=Aanleiding.INTAKE, dagen_na=28
    )


def klant_met_intake(loket, werkcoach, email, datum=INTAKEDAG):
    klant = KlantFactory(loket=loket, email=email)
    IntakeFactory(klant=klant, loket=loket, werkcoach=werkcoach, datum=datum)
    return klant


def draai_beat(dag, capture):
    with freeze_time(dag), capture(execute=True):
        return tasks.plan_enquetes()


def periode_2026():
    return jaar(2026)


def test_beat_sends_once_and_answer_counts(
    client, loket, werkcoach, moment, smtp, django_capture_on_commit_callbacks
):
    for n in range(3):
        klant_met_intake(loket, werkcoach, f"klant{n}@example.org")
    # Before the day nothing; on the day three mails; the day after, nothing new.
    assert draai_beat("2026-03-29 09:00", django_capture_on_commit_callbacks) == 0
    assert draai_beat("2026-03-30 09:00", django_capture_on_commit_callbacks) == 3
    assert len(smtp.berichten) == 3
    assert draai_beat("2026-03-31 09:00", django_capture_on_commit_callbacks) == 0
    assert len(smtp.berichten) == 3

    scores = [8, 6, 9]
    with freeze_time("2026-04-01 12:00"):
        for bericht, score in zip(smtp.berichten, scores, strict=True):
            link = link_uit(bericht, "/enquete/")
            assert client.get(link).status_code == 200
            response = client.post(link, {"score": score, "situatie": "werk"})
            assert response.status_code == 302
            # Used: a second answer is refused with a Dutch 410, nothing is added.
            tweede = client.post(link, {"score": 1, "situatie": "geen"})
            assert tweede.status_code == 410 and "al ingevuld" in tweede.content.decode()
    assert Enqueteantwoord.objects.count() == 3
    meting = Meting(loket, periode_2026())
    assert REGISTER["tevredenheid_klanten"].waarde(meting) == Decimal("7.7")
    assert REGISTER["respons_klanten"].waarde(meting) == Decimal("100.00")
    assert REGISTER["enquete_antwoorden"].waarde(meting) == 3


def test_guessed_expired_and_invalid_links(
    client, loket, werkcoach, moment, smtp, django_capture_on_commit_callbacks
):
    klant_met_intake(loket, werkcoach, "k@example.org")
    draai_beat("2026-03-30 09:00", django_capture_on_commit_callbacks)
    link = link_uit(smtp.berichten[0], "/enquete/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    geraden = link.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    with freeze_time("2026-04-01"):
        assert client.get(geraden).status_code == 404
        assert "Deze link werkt niet" in client.get(geraden).content.decode()
        assert client.post(geraden, {"score": 5}).status_code == 404
        fout = client.post(link, {"score": "11", "situatie": "werk"})
        assert fout.status_code == 400 and "cijfer van 1 tot en met 10" in fout.content.decode()
    with freeze_time("2026-05-01"):  # 30 days after sending
        verlopen = client.get(link)
        assert verlopen.status_code == 410 and "verlopen" in verlopen.content.decode()
    assert not Enqueteantwoord.objects.exists()


def test_one_reminder_and_opt_out(
    client, loket, werkcoach, moment, smtp, django_capture_on_commit_callbacks
):
    klant_met_intake(loket, werkcoach, "a@example.org")
    klant_met_intake(loket, werkcoach, "b@example.org")
    draai_beat("2026-03-30 09:00", django_capture_on_commit_callbacks)
    afmelden = link_uit(smtp.aan("b@example.org")[0], "/afmelden/")
    assert client.get(afmelden).status_code == 200
    assert "afgemeld" in client.post(afmelden).content.decode()
    draai_beat("2026-04-06 09:00", django_capture_on_commit_callbacks)
    draai_beat("2026-04-07 09:00", django_capture_on_commit_callbacks)
    assert len(smtp.aan("a@example.org")) == 2  # the invitation and one reminder
    assert "Herinnering" in smtp.aan("a@example.org")[1]["Subject"]
    assert len(smtp.aan("b@example.org")) == 1
    # A later moment for the opted-out address sends nothing either.
    Enquetemoment.objects.create(
        loket=loket, naam="Half jaar", aanleiding=Aanleiding.INTAKE, dagen_na=182
    )
    draai_beat("2026-08-31 09:00", django_capture_on_commit_callbacks)
    assert len(smtp.aan("b@example.org")) == 1
    assert len(smtp.aan("a@example.org")) == 3


def test_employer_gets_one_after_werkgeverscontact(
    client, loket, werkcoach, smtp, django_capture_on_commit_callbacks
):
    Enquetemoment.objects.create(
        loket=loket, naam="Na bezoek", aanleiding=Aanleiding.WERKGEVERSCONTACT, dagen_na=7
    )
    werkgever = WerkgeverFactory(loket=loket, contact_email="hr@bedrijf.nl")
    WerkgeverscontactFactory(
        loket=loket, werkgever=werkgever, medewerker=werkcoach, datum=INTAKEDAG
    )
    draai_beat("2026-03-09 09:00", django_capture_on_commit_callbacks)
    [mail] = smtp.aan("hr@bedrijf.nl")
    link = link_uit(mail, "/enquete/")
    with freeze_time("2026-03-10"):
        pagina = client.get(link).content.decode()
        assert "Wat doet u nu?" not in pagina  # employers are not asked their situation
        assert client.post(link, {"score": 7}).status_code == 302
    meting = Meting(loket, periode_2026())
    assert REGISTER["tevredenheid_werkgevers"].waarde(meting) == Decimal("7.0")


def test_answers_are_facts_and_survive_anonymisation(
    client, loket, werkcoach, smtp, django_capture_on_commit_callbacks
):
    Enquetemoment.objects.create(
        loket=loket, naam="Half jaar", aanleiding=Aanleiding.INTAKE, dagen_na=182
    )
    klanten = [klant_met_intake(loket, werkcoach, f"z{n}@example.org") for n in range(2)]
    draai_beat("2026-08-31 09:00", django_capture_on_commit_callbacks)
    with freeze_time("2026-09-01"):
        for bericht, situatie in zip(smtp.berichten, ["opleiding", "geen"], strict=True):
            client.post(link_uit(bericht, "/enquete/"), {"score": 6, "situatie": situatie})
    antwoord = Enqueteantwoord.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        Enqueteantwoord.objects.filter(pk=antwoord.pk).update(score=10)
    meting = Meting(loket, periode_2026())
    assert REGISTER["situatie_zes_maanden"].waarde(meting) == Decimal("50.00")
    # Anonymise both clients: the figures stay.
    for klant in klanten:
        anonimiseer_klant(klant, reden="test")
    for klant in klanten:
        klant.refresh_from_db()
        assert klant.geanonimiseerd_op is not None
    meting = Meting(loket, periode_2026())
    assert REGISTER["situatie_zes_maanden"].waarde(meting) == Decimal("50.00")
    assert REGISTER["tevredenheid_klanten"].waarde(meting) == Decimal("6.0")
    assert Enqueteverzoek.objects.count() == 2


def test_stuurgroep_sees_small_response_counts_suppressed(
    client, loket, werkcoach, moment, smtp, django_capture_on_commit_callbacks
):
    from monitor.dashboard import bouw_dashboard

    klant_met_intake(loket, werkcoach, "k@example.org")
    draai_beat("2026-03-30 09:00", django_capture_on_commit_callbacks)
    with freeze_time("2026-04-01"):
        client.post(link_uit(smtp.berichten[0], "/enquete/"), {"score": 9, "situatie": "werk"})
    stuurgroep = bouw_dashboard(loket, periode_2026(), voor_stuurgroep=True)
    projectleider = bouw_dashboard(loket, periode_2026(), voor_stuurgroep=False)
    assert stuurgroep.regel("tevredenheid_klanten").getoond == "< 5"
    assert projectleider.regel("tevredenheid_klanten").getoond == "9,0"


def test_beat_is_tenant_scoped(
    loket,
    ander_loket,
    werkcoach,
    werkcoach_elders,
    moment,
    smtp,
    django_capture_on_commit_callbacks,
):
    klant_met_intake(ander_loket, werkcoach_elders, "elders@example.org")
    draai_beat("2026-03-30 09:00", django_capture_on_commit_callbacks)
    assert not smtp.berichten  # the other loket configured no moment


def test_bad_survey_tokens_never_500(client):
    for token in ["x", "a" * 43, "b" * 64, "c" * 300]:
        for naam in ["aanmelden:enquete", "aanmelden:enquete_afmelden"]:
            pad = reverse(naam, kwargs={"token": token})
            assert client.get(pad).status_code == 404
            assert client.post(pad, {"score": 5}).status_code == 404


def test_end_of_trajectory_invites_once_and_not_a_corrected_end(
    loket, werkcoach, smtp, django_capture_on_commit_callbacks
):
    from trajecten.constants import Status
    from trajecten.models import TrajectGebeurtenis

    from ..trajecten.factories import TrajectFactory

    Enquetemoment.objects.create(
        loket=loket, naam="Na traject", aanleiding=Aanleiding.TRAJECT_EINDE, dagen_na=0
    )
    einde = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC)  # 3 March in Amsterdam

    def beeindig(email):
        traject = TrajectFactory(klant=KlantFactory(loket=loket, email=email))
        return TrajectGebeurtenis.objects.create(
            loket=loket,
            traject=traject,
            van_status=Status.AANGEMELD,
            naar_status=Status.AFGEBROKEN,
            datum=einde,
            geregistreerd_door=werkcoach,
        )

    beeindig("klaar@example.org")
    fout = beeindig("fout@example.org")
    TrajectGebeurtenis.objects.create(  # the end was a mistake: corrected away
        loket=loket,
        traject=fout.traject,
        van_status=Status.AFGEBROKEN,
        naar_status=Status.AANGEMELD,
        datum=einde,
        geregistreerd_door=werkcoach,
        corrigeert=fout,
    )
    assert draai_beat("2026-03-02 09:00", django_capture_on_commit_callbacks) == 0
    assert draai_beat("2026-03-03 09:00", django_capture_on_commit_callbacks) == 1
    assert [b["To"] for b in smtp.berichten] == ["klaar@example.org"]


@hyp_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(token=st.text(min_size=1, max_size=300).filter(lambda t: "/" not in t))
def test_any_token_gives_404_never_500(client, token):
    for naam in ["aanmelden:enquete", "aanmelden:enquete_afmelden", "aanmelden:afspraak"]:
        pad = reverse(naam, kwargs={"token": token})
        for response in (client.get(pad), client.post(pad, {"score": "5", "actie": "annuleren"})):
            if "\x00" in token:  # refused before any view (loket.beveiliging), in Dutch
                assert response.status_code == 400, (naam, token)
                assert "nul-teken" in response.content.decode()
                continue
            assert response.status_code == 404, (naam, token)
            assert "Deze link werkt niet" in response.content.decode()
