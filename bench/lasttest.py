"""The load-test harness shared by bench/intake.py (national data) and the suite's short load
test (tests/last/): logged-in werkcoach sessions, gunicorn with the project's config on a free
port, and locust headless with bench/locustfile.py. Importing it changes nothing in the process's
environment; the caller chooses settings and database.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def maak_sessies(loket, aantal: int, pad: Path) -> dict:
    """N werkcoaches of the loket, each logged in with a passed second factor; written to `pad`
    for the locust users. Sessions are signed with this process's SECRET_KEY: the server must
    run with the same one."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from loket.constants import Rol
    from loket.models import User

    sessies = []
    for i in range(aantal):
        user, _ = User.objects.get_or_create(
            username=f"bench-last-{i:03d}",
            defaults={
                "loket": loket,
                "rol": Rol.WERKCOACH,
                "first_name": "Last",
                "last_name": f"{i}",
            },
        )
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        sessie = client.session
        sessie[DEVICE_ID_SESSION_KEY] = device.persistent_id
        sessie.save()
        client.get("/klanten/intake/")  # sets the CSRF cookie
        sessies.append(
            {
                "sessionid": client.cookies["sessionid"].value,
                "csrftoken": client.cookies["csrftoken"].value,
                "werkcoach": user.pk,
            }
        )
    gegevens = {"loket": loket.pk, "code": loket.code, "sessies": sessies}
    pad.write_text(json.dumps(gegevens))
    return gegevens


class Gunicorn:
    """gunicorn with the project's config on a free port; stopped on exit."""

    def __init__(self, werkmap: Path, env: dict | None = None):
        self.extra_env = env or {}
        self.poort = vrije_poort()
        self.log = werkmap / "gunicorn.log"
        self.url = f"http://127.0.0.1:{self.poort}"

    def __enter__(self):
        env = {**os.environ, **self.extra_env, "GUNICORN_BIND": f"127.0.0.1:{self.poort}"}
        with self.log.open("w") as uitvoer:
            self.proces = subprocess.Popen(
                [BIN / "gunicorn", "loket.wsgi:application", "--config", "python:loket.gunicorn"],
                cwd=ROOT,
                env=env,
                stdout=uitvoer,
                stderr=subprocess.STDOUT,
            )
        einde = time.monotonic() + 60
        while time.monotonic() < einde:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:  # noqa: S310 - http URL built here
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
            if self.proces.poll() is not None:
                break
        self.__exit__()
        raise RuntimeError(f"gunicorn start niet:\n{self.log.read_text()[-3000:]}")

    def __exit__(self, *exc):
        self.proces.terminate()
        try:
            self.proces.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proces.kill()
            self.proces.wait()


@dataclass
class Meting:
    """Locust's figures for one request name."""

    gelukt: int
    fout: int
    per_seconde: float
    p50: float
    p95: float

    def regel(self, naam: str) -> str:
        return (
            f"{naam:<22} {self.gelukt:>7} gelukt {self.fout:>4} fout {self.per_seconde:8.1f}/s  "
            f"p50 {self.p50:6.0f} ms  p95 {self.p95:6.0f} ms"
        )


def _percentiel(histogram: dict[str, int], fractie: float) -> float:
    """Percentile from locust's response-time histogram (rounded ms -> count)."""
    tijden = sorted((float(ms), aantal) for ms, aantal in histogram.items())
    grens, opgeteld = fractie * sum(aantal for _, aantal in tijden), 0
    for ms, aantal in tijden:
        opgeteld += aantal
        if opgeteld >= grens:
            return ms
    return tijden[-1][0] if tijden else 0.0


def locust(url, scenario, sessies, gebruikers, duur, werkmap, env=None) -> dict[str, Meting]:
    """Run locust headless; returns its figures per request name and for "Totaal". For the
    benchmark the figures start once every user is running; the load test counts everything.
    Read from locust's JSON file, which it writes after the last user has stopped (its CSV is
    written by a timer and can miss the requests that finished during the stop)."""
    prefix = werkmap / f"locust-{scenario}-{time.monotonic_ns()}"
    with open(f"{prefix}.log", "w") as log:
        subprocess.run(
            [
                BIN / "locust",
                "-f",
                ROOT / "bench" / "locustfile.py",
                "--headless",
                "--only-summary",
                *(["--reset-stats"] if scenario != "last" else []),
                "--users",
                str(gebruikers),
                "--spawn-rate",
                str(gebruikers),
                "--run-time",
                f"{duur}s",
                "--host",
                url,
                "--json-file",
                prefix,
                # Users finish the request in flight: a submission cut off halfway would be
                # committed on the server without being counted here.
                "--stop-timeout",
                "30",
                "--exit-code-on-error",
                "0",
                "--loglevel",
                "WARNING",
            ],
            env={
                **os.environ,
                **(env or {}),
                "LAST_SESSIES": str(sessies),
                "LAST_SCENARIO": scenario,
            },
            check=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    metingen, alle = {}, []
    for rij in json.loads(Path(f"{prefix}.json").read_text()):
        alle.append(rij)
        metingen[rij["name"]] = _meting([rij])
    metingen["Totaal"] = _meting(alle)
    return metingen


def _meting(rijen: list[dict]) -> Meting:
    histogram: dict[str, int] = {}
    for rij in rijen:
        for ms, aantal in rij["response_times"].items():
            histogram[ms] = histogram.get(ms, 0) + aantal
    aantal = sum(r["num_requests"] for r in rijen)
    fout = sum(r["num_failures"] for r in rijen)
    begin = min((r["start_time"] for r in rijen), default=0)
    einde = max((r["last_request_timestamp"] or begin for r in rijen), default=0)
    return Meting(
        gelukt=aantal - fout,
        fout=fout,
        per_seconde=aantal / (einde - begin) if einde > begin else 0.0,
        p50=_percentiel(histogram, 0.50),
        p95=_percentiel(histogram, 0.95),
    )
