"""Every allowed and every forbidden transition of both stage machines, and the event row each
allowed transition appends."""

import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from trajecten import services
from trajecten.constants import STADIA, Status, TrajectType, Uitkomst
from trajecten.models import STAPPEN, TrajectGebeurtenis

from ..factories import WerkgeverFactory
from .factories import DuaalTrajectFactory, TrajectFactory

# Written out by hand from the stages of EVC and duaal (docs/architectuur.md), independently of
# the model's decorators.
TOEGESTAAN = {
    TrajectType.EVC: {
        (Status.AANGEMELD, "naar_intake"): Status.INTAKE,
        (Status.INTAKE, "naar_portfolio"): Status.PORTFOLIO,
        (Status.PORTFOLIO, "naar_assessment"): Status.ASSESSMENT,
        (Status.ASSESSMENT, "reik_certificaat_uit"): Status.CERTIFICAAT,
        (Status.AANGEMELD, "breek_af"): Status.AFGEBROKEN,
        (Status.INTAKE, "breek_af"): Status.AFGEBROKEN,
        (Status.PORTFOLIO, "breek_af"): Status.AFGEBROKEN,
        (Status.ASSESSMENT, "breek_af"): Status.AFGEBROKEN,
    },
    TrajectType.DUAAL: {
        (Status.AANGEMELD, "zoek_leerbaan"): Status.LEERBAAN_GEZOCHT,
        (Status.LEERBAAN_GEZOCHT, "plaats"): Status.GEPLAATST,
        (Status.GEPLAATST, "start_opleiding"): Status.GESTART,
        (Status.GESTART, "behaal_diploma"): Status.DIPLOMA,
        (Status.AANGEMELD, "stop_voortijdig"): Status.VOORTIJDIG_GESTOPT,
        (Status.LEERBAAN_GEZOCHT, "stop_voortijdig"): Status.VOORTIJDIG_GESTOPT,
        (Status.GEPLAATST, "stop_voortijdig"): Status.VOORTIJDIG_GESTOPT,
        (Status.GESTART, "stop_voortijdig"): Status.VOORTIJDIG_GESTOPT,
    },
}
FACTORY = {TrajectType.EVC: TrajectFactory, TrajectType.DUAAL: DuaalTrajectFactory}

ALLE_GEVALLEN = [
    (soort, van, stap)
    for soort in (TrajectType.EVC, TrajectType.DUAAL)
    for van in Status.values  # every stage, also those of the other type
    for stap in STAPPEN
]


def test_every_case_is_covered():
    assert len(ALLE_GEVALLEN) == 2 * len(Status.values) * len(STAPPEN)
    assert sum(len(t) for t in TOEGESTAAN.values()) == 16


@pytest.mark.django_db
@pytest.mark.parametrize(("soort", "van", "stap"), ALLE_GEVALLEN)
def test_transition_allowed_or_refused(soort, van, stap, loket, werkcoach, verzoek):
    traject = FACTORY[soort](klant__loket=loket, status=van)
    voor = TrajectGebeurtenis.objects.filter(traject=traject).count()
    naar = TOEGESTAAN[soort].get((van, stap))
    if naar is None:
        with pytest.raises(services.TrajectFout) as fout:
            services.voer_stap_uit(verzoek, traject.pk, stap, verwacht=van)
        assert "kan niet vanuit het stadium" in str(fout.value)
        traject.refresh_from_db()
        assert traject.status == van
        assert TrajectGebeurtenis.objects.filter(traject=traject).count() == voor
    else:
        gebeurtenis = services.voer_stap_uit(
            verzoek, traject.pk, stap, verwacht=van, reden="volgende stap"
        )
        traject.refresh_from_db()
        assert traject.status == naar
        nieuw = TrajectGebeurtenis.objects.filter(traject=traject).exclude(
            naar_status=Status.AANGEMELD, van_status=""
        )
        assert list(nieuw) == [gebeurtenis]
        assert (gebeurtenis.van_status, gebeurtenis.naar_status) == (van, naar)
        assert gebeurtenis.geregistreerd_door == werkcoach
        assert gebeurtenis.reden == "volgende stap"
        assert gebeurtenis.loket_id == traject.loket_id


def test_stages_per_type_are_the_documented_ones():
    assert STADIA[TrajectType.EVC][:5] == [
        "aangemeld",
        "intake",
        "portfolio",
        "assessment",
        "certificaat",
    ]
    assert STADIA[TrajectType.DUAAL][:5] == [
        "aangemeld",
        "leerbaan_gezocht",
        "geplaatst",
        "gestart",
        "diploma",
    ]


@pytest.mark.django_db
def test_evc_from_signup_to_certificate_writes_one_event_per_step(loket, verzoek):
    traject = TrajectFactory(klant__loket=loket)
    for stap in ["naar_intake", "naar_portfolio", "naar_assessment", "reik_certificaat_uit"]:
        services.voer_stap_uit(verzoek, traject.pk, stap)
    traject.refresh_from_db()
    assert traject.status == Status.CERTIFICAAT
    assert traject.uitkomst == Uitkomst.ERVARINGSCERTIFICAAT
    assert traject.werkelijke_start == timezone.localdate()
    assert traject.werkelijk_eind == timezone.localdate()
    stappen = list(traject.gebeurtenissen.values_list("van_status", "naar_status"))
    assert stappen == [
        ("", "aangemeld"),
        ("aangemeld", "intake"),
        ("intake", "portfolio"),
        ("portfolio", "assessment"),
        ("assessment", "certificaat"),
    ]


@pytest.mark.django_db
def test_placement_needs_a_leerbedrijf(loket, verzoek):
    traject = DuaalTrajectFactory(
        klant__loket=loket, status=Status.LEERBAAN_GEZOCHT, leerbedrijf=None
    )
    with pytest.raises(services.TrajectFout, match="Kies eerst het leerbedrijf"):
        services.voer_stap_uit(verzoek, traject.pk, "plaats")
    assert traject.gebeurtenissen.count() == 1


@pytest.mark.django_db
def test_placement_needs_an_erkend_leerbedrijf(loket, verzoek):
    bedrijf = WerkgeverFactory(loket=loket, erkend_leerbedrijf=False, naam="Garage Zonder")
    traject = DuaalTrajectFactory(
        klant__loket=loket, status=Status.LEERBAAN_GEZOCHT, leerbedrijf=bedrijf
    )
    with pytest.raises(services.TrajectFout, match="Garage Zonder is geen erkend leerbedrijf"):
        services.voer_stap_uit(verzoek, traject.pk, "plaats")
    traject.refresh_from_db()
    assert traject.status == Status.LEERBAAN_GEZOCHT


@pytest.mark.django_db
def test_outcome_must_fit_the_end_stage(loket, verzoek):
    traject = DuaalTrajectFactory(klant__loket=loket, status=Status.GESTART)
    with pytest.raises(services.TrajectFout, match="uitkomst past niet"):
        services.voer_stap_uit(
            verzoek, traject.pk, "behaal_diploma", uitkomst=Uitkomst.ERVARINGSCERTIFICAAT
        )
    gebeurtenis = services.voer_stap_uit(
        verzoek, traject.pk, "behaal_diploma", uitkomst=Uitkomst.STARTKWALIFICATIE
    )
    assert gebeurtenis.uitkomst == Uitkomst.STARTKWALIFICATIE


@pytest.mark.django_db
def test_stale_page_is_refused(loket, verzoek):
    traject = TrajectFactory(klant__loket=loket, status=Status.INTAKE)
    with pytest.raises(services.TrajectFout, match="intussen door iemand anders gewijzigd"):
        services.voer_stap_uit(verzoek, traject.pk, "naar_portfolio", verwacht=Status.AANGEMELD)


@pytest.mark.django_db
def test_other_lokets_trajectory_is_not_found(ander_loket, verzoek):
    traject = TrajectFactory(klant__loket=ander_loket)
    with pytest.raises(services.TrajectFout, match="bestaat niet"):
        services.voer_stap_uit(verzoek, traject.pk, "naar_intake")


@pytest.mark.django_db
@freeze_time("2026-06-15 10:00:00+02:00")
def test_back_dating_within_limit_never_future_never_before_previous(loket, verzoek):
    traject = TrajectFactory(
        klant__loket=loket,
        status_sinds=timezone.make_aware(datetime.datetime(2026, 4, 1, 9, 0)),
    )
    with pytest.raises(services.TrajectFout, match="toekomst"):
        services.voer_stap_uit(verzoek, traject.pk, "naar_intake", datum=datetime.date(2026, 6, 16))
    with pytest.raises(services.TrajectFout, match="hoogstens 90 dagen"):
        services.voer_stap_uit(verzoek, traject.pk, "naar_intake", datum=datetime.date(2026, 3, 1))
    with pytest.raises(services.TrajectFout, match="voor de vorige stap"):
        services.voer_stap_uit(verzoek, traject.pk, "naar_intake", datum=datetime.date(2026, 3, 31))
    gebeurtenis = services.voer_stap_uit(
        verzoek, traject.pk, "naar_intake", datum=datetime.date(2026, 5, 1)
    )
    assert timezone.localdate(gebeurtenis.datum) == datetime.date(2026, 5, 1)
    assert gebeurtenis.geregistreerd_op.date() == datetime.date(2026, 6, 15)


@pytest.mark.django_db
def test_correction_appends_linked_event_and_restores_stage(loket, verzoek):
    traject = TrajectFactory(klant__loket=loket)
    services.voer_stap_uit(verzoek, traject.pk, "naar_intake")
    fout = services.voer_stap_uit(verzoek, traject.pk, "breek_af")
    correctie = services.corrigeer(verzoek, traject.pk, fout.pk, "Verkeerde knop")
    traject.refresh_from_db()
    assert traject.status == Status.INTAKE
    assert traject.uitkomst == "" and traject.werkelijk_eind is None
    assert correctie.corrigeert_id == fout.pk
    assert (correctie.van_status, correctie.naar_status) == (Status.AFGEBROKEN, Status.INTAKE)
    fout.refresh_from_db()
    assert fout.naar_status == Status.AFGEBROKEN  # the wrong event itself is untouched
    assert traject.gebeurtenissen.count() == 4
    # Once corrected, it cannot be corrected again, and the trajectory moves on normally.
    with pytest.raises(services.TrajectFout, match="al gecorrigeerd"):
        services.corrigeer(verzoek, traject.pk, fout.pk, "nogmaals")
    services.voer_stap_uit(verzoek, traject.pk, "naar_portfolio")
    traject.refresh_from_db()
    assert traject.status == Status.PORTFOLIO


@pytest.mark.django_db
def test_correction_rules(loket, verzoek):
    traject = TrajectFactory(klant__loket=loket)
    aanmelding = traject.gebeurtenissen.get()
    eerste = services.voer_stap_uit(verzoek, traject.pk, "naar_intake")
    services.voer_stap_uit(verzoek, traject.pk, "naar_portfolio")
    with pytest.raises(services.TrajectFout, match="reden"):
        services.corrigeer(verzoek, traject.pk, eerste.pk, "  ")
    with pytest.raises(services.TrajectFout, match="Alleen de laatste stap"):
        services.corrigeer(verzoek, traject.pk, eerste.pk, "te oud")
    with pytest.raises(services.TrajectFout, match="aanmelding zelf"):
        services.corrigeer(verzoek, traject.pk, aanmelding.pk, "weg ermee")
    ander = TrajectFactory(klant__loket=loket)
    with pytest.raises(services.TrajectFout, match="hoort niet bij dit traject"):
        services.corrigeer(verzoek, ander.pk, eerste.pk, "verkeerd traject")


@pytest.mark.django_db
def test_allowed_steps_for_buttons(loket):
    evc = TrajectFactory(klant__loket=loket, status=Status.PORTFOLIO)
    assert [s for s, _ in services.toegestane_stappen(evc)] == ["naar_assessment", "breek_af"]
    duaal = DuaalTrajectFactory(klant__loket=loket)
    assert [s for s, _ in services.toegestane_stappen(duaal)] == [
        "zoek_leerbaan",
        "stop_voortijdig",
    ]
    klaar = DuaalTrajectFactory(klant__loket=loket, status=Status.DIPLOMA)
    assert services.toegestane_stappen(klaar) == []
