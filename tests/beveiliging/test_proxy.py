"""Issue 20, finding 8 (deployment): gunicorn believes X-Forwarded-Proto only from the TLS proxy
(forwarded_allow_ips), and Django no longer believes it from anyone. Real gunicorn, production
settings: a client that reaches gunicorn directly cannot claim HTTPS (it is sent to https://),
while the proxy's header is honoured."""

import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ..fouten.werkers import database_url, vrije_poort

ROOT = Path(__file__).resolve().parents[2]


class GeenRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _healthz(poort: int) -> tuple[int, str]:
    verzoek = urllib.request.Request(
        f"http://127.0.0.1:{poort}/healthz", headers={"X-Forwarded-Proto": "https"}
    )
    opener = urllib.request.build_opener(GeenRedirect)
    try:
        with opener.open(verzoek, timeout=10) as antwoord:
            return antwoord.status, ""
    except urllib.error.HTTPError as fout:
        return fout.code, fout.headers.get("Location", "")


@pytest.fixture
def gunicorn():
    processen = []

    def start(vertrouwd: str) -> int:
        poort = vrije_poort()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "loket.settings.prod",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "DATABASE_URL": database_url(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "GUNICORN_BIND": f"127.0.0.1:{poort}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_FORWARDED_ALLOW_IPS": vertrouwd,
        }
        proces = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "loket.wsgi:application",
                "--config",
                "python:loket.gunicorn",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processen.append(proces)
        for _ in range(100):
            try:
                _healthz(poort)
                return poort
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise RuntimeError("gunicorn start niet")

    yield start
    for proces in processen:
        proces.terminate()
        proces.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_forwarded_proto_only_from_the_proxy(gunicorn):
    # We are not the proxy: our "https" is ignored and the production settings redirect.
    poort = gunicorn("10.255.255.1")
    status, locatie = _healthz(poort)
    assert status == 301 and locatie.startswith("https://"), (status, locatie)
    # We are the proxy (127.0.0.1 trusted): the request counts as HTTPS.
    poort = gunicorn("127.0.0.1")
    assert _healthz(poort) == (200, "")
