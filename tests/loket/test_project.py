"""Project-level guarantees: migrations complete, demo data, production settings, health check."""

import importlib
import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from clients.models import Contactmoment, Intake, Klant
from loket.constants import Rol
from loket.models import Gemeente, Loket, Organisatie, User

ROOT = Path(__file__).resolve().parents[2]


def test_no_missing_migrations():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_seed_demo_creates_the_zkij_loket_once():
    call_command("seed_demo", klanten=60, stdout=io.StringIO())
    loket = Loket.objects.get(code="ZKIJ")
    assert sorted(
        Gemeente.objects.filter(regio=loket.regio).values_list("cbs_code", flat=True)
    ) == [
        "GM0375",
        "GM0377",
        "GM0392",
        "GM0396",
        "GM0397",
        "GM0453",
        "GM0473",
    ]
    assert Organisatie.objects.filter(loket=loket, naam="Nova College").exists()
    rollen = set(User.objects.filter(loket=loket).values_list("rol", flat=True))
    assert rollen >= {Rol.WERKCOACH, Rol.PROJECTLEIDER, Rol.STUURGROEP, Rol.BEHEERDER}
    assert Klant.objects.filter(loket=loket).count() == 60
    assert Intake.objects.filter(loket=loket).count() == 60
    assert Contactmoment.objects.filter(loket=loket).exists()
    # Fictional people only: e-mail at the reserved example.org domain.
    assert not Klant.objects.exclude(email__endswith="@example.org").exists()
    call_command("seed_demo", stdout=io.StringIO())
    assert Klant.objects.filter(loket=loket).count() == 60


def test_demo_client_numbers_continue_after_seed(client, loket):
    call_command("seed_demo", klanten=20, stdout=io.StringIO())
    from django.utils import timezone

    from clients.services import volgend_klantnummer

    zkij = Loket.objects.get(code="ZKIJ")
    nieuw = volgend_klantnummer(zkij, timezone.localdate().year)
    assert not Klant.objects.filter(klantnummer=nieuw).exists()


def test_production_settings_refuse_a_missing_or_weak_secret_key(monkeypatch):
    for key in ["", "dev-only-insecure-key-never-used-in-production", "kort", "a" * 60]:
        monkeypatch.setenv("SECRET_KEY", key)
        sys.modules.pop("loket.settings.prod", None)
        with pytest.raises(ImproperlyConfigured):
            importlib.import_module("loket.settings.prod")
    sys.modules.pop("loket.settings.prod", None)


def test_check_deploy_is_clean_with_production_settings():
    # Without the browser suite's DJANGO_ALLOW_ASYNC_UNSAFE: production never sets it.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "loket.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "loket.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_health_endpoint_needs_no_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.parametrize("url_name", ["toegankelijkheid", "privacy", "login"])
def test_public_pages(client, url_name):
    assert client.get(reverse(url_name)).status_code == 200


def test_start_page_per_role(client_as, werkcoach, stuurgroeplid):
    html = client_as(werkcoach).get(reverse("start")).content.decode()
    assert "Intake registreren" in html
    html = client_as(stuurgroeplid).get(reverse("start")).content.decode()
    assert "Intake registreren" not in html and "Klanten" not in html


def test_user_without_loket_sees_nothing(client_as, db):
    from ..factories import UserFactory

    zwerver = UserFactory(loket=None)
    assert client_as(zwerver).get(reverse("start")).status_code == 403


def test_security_headers(client_as, werkcoach):
    response = client_as(werkcoach).get(reverse("clients:intake"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
