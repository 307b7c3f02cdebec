"""seed_demo gives the programme roles something to look at (issue 17 follow-up): several
loketten in two regions, demo-landelijk and demo-regio log in with the demo password, and every
core indicator shows at least one number; a second run changes nothing."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from clients.models import Contactmoment, Intake, Klant, Werkgeverscontact
from financiering.models import Boeking
from loket.constants import Rol
from loket.models import Loket, User
from monitor.indicatoren import INDICATOREN
from monitor.models import Doelstelling, Telstand, Telstandmutatie
from monitor.suppressie import is_verborgen
from trajecten.models import Traject, TrajectGebeurtenis

from ..conftest import login_met_tweede_factor

pytestmark = pytest.mark.django_db
DEMO_WACHTWOORD = "Leerwerk-demo-2026"


def _stand() -> dict[str, int]:
    """Rows per table (and the kept counts' sum): raw SQL, so no tenancy scope is needed."""
    modellen = [
        Loket,
        User,
        Klant,
        Intake,
        Contactmoment,
        Werkgeverscontact,
        Traject,
        TrajectGebeurtenis,
        Boeking,
        Doelstelling,
        Telstand,
        Telstandmutatie,
    ]
    stand = {}
    with connection.cursor() as cursor:
        for model in modellen:
            cursor.execute(f"select count(*) from {model._meta.db_table}")  # noqa: S608
            stand[model.__name__] = cursor.fetchone()[0]
        cursor.execute(f"select coalesce(sum(aantal), 0) from {Telstand._meta.db_table}")  # noqa: S608
        stand["telstand_som"] = cursor.fetchone()[0]
    return stand


def _is_getal(waarde) -> bool:
    return isinstance(waarde, int | Decimal) and not isinstance(waarde, bool)


def _log_in(client, username):
    """The demo password opens the account; the second factor (always on in test settings) is
    passed as the other tests do."""
    user = User.objects.get(username=username)
    assert user.check_password(DEMO_WACHTWOORD)
    login_met_tweede_factor(client, user)


def test_seed_demo_fills_the_programme_view_and_a_second_run_changes_nothing(client, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", stdout=io.StringIO())
    codes = set(Loket.objects.values_list("code", flat=True))
    assert codes == {"ZKIJ", "IJMD", "HLMZ", "ZAAN", "WTLD"}
    assert Loket.objects.values("regio").distinct().count() == 2
    landelijk = User.objects.get(username="demo-landelijk")
    regio = User.objects.get(username="demo-regio")
    assert landelijk.rol == Rol.LANDELIJK and landelijk.loket is None
    assert regio.rol == Rol.REGIO and regio.regio == Loket.objects.get(code="ZKIJ").regio
    assert User.objects.get(username="demo-functioneel-beheerder").rol == Rol.FUNCTIONEEL_BEHEERDER
    # Staff of the neighbouring loketten record data but are no demo logins.
    assert not User.objects.get(username="wtld-werkcoach").has_usable_password()

    jaar = timezone.localdate().year
    _log_in(client, "demo-landelijk")
    pagina = client.get(
        reverse("monitor:programma"), {"periode": "programma", "jaar": jaar, "van_jaar": jaar - 1}
    )
    assert pagina.status_code == 200
    rijen = [r["rij"] for r in pagina.context["rijen"]]
    assert {r.loket.code for r in rijen} == codes
    kern = [i for i in INDICATOREN if i.kern]
    for indicator in kern:
        getoond = [r.waarden[indicator.code] for r in rijen]
        assert any(_is_getal(w) for w in getoond), (indicator.code, getoond)
    # Most count cells are numbers, and the protection shows: some cells are marked.
    tellingen = [r.waarden[i.code] for r in rijen for i in INDICATOREN if i.is_aantal]
    verborgen = [w for w in tellingen if is_verborgen(w)]
    assert verborgen and len(verborgen) < len(tellingen) / 2, verborgen
    inhoud = pagina.content.decode()
    assert "Doelstellingen en cofinancieringsnorm per loket" in inhoud

    client.logout()
    _log_in(client, "demo-regio")
    pagina = client.get(reverse("monitor:programma"))
    assert {r["rij"].loket.code for r in pagina.context["rijen"]} == {"ZKIJ", "IJMD", "HLMZ"}
    assert "Regio Zuid-Kennemerland en IJmond" in pagina.content.decode()

    voor = _stand()
    uit = io.StringIO()
    call_command("seed_demo", stdout=uit)
    assert "niets gewijzigd" in uit.getvalue()
    assert _stand() == voor
