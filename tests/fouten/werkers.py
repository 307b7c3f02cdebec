"""Real processes for the fault tests: a private redis-server, Celery workers and beat.

Every test gets a Redis of its own (its own port, nothing on disk), so it can stop, freeze and
restart it without touching the machine's shared Redis, and a queue of its own. Workers and beat
run as subprocesses against the test's database (visible to them because the tests are
transactional) and a private directory. Each runs in a session of its own, so a test can kill a
worker as a whole (parent and pool processes), and the finalizers always kill what was started."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import pytest
import redis
from django.db import connection

from loket.celery import app

ROOT = Path(__file__).resolve().parents[2]
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RAPPORTTAAK = "monitor.tasks.maak_kwartaalrapport"
PROGRAMMATAAK = "monitor.tasks.maak_programmarapport"
VEEGTAAK = "monitor.tasks.verstuur_wachtende_rapporten"
TESTVERTRAGING = "LOKET_RAPPORT_TESTVERTRAGING_S"


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The test database as a URL for a child process (worker, gunicorn). The embedded server of
    `make test` without DATABASE_URL listens on a unix socket only: its directory is in OPTIONS."""
    s = connection.settings_dict
    wachtwoord = f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    socketmap = s.get("OPTIONS", {}).get("host") or (s["HOST"] if s["HOST"].startswith("/") else "")
    if socketmap:
        poort = f"&port={s['PORT']}" if s["PORT"] else ""
        return f"postgres://{s['USER']}{wachtwoord}@/{s['NAME']}?host={quote(socketmap, safe='')}{poort}"
    return f"postgres://{s['USER']}{wachtwoord}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def andere_sessie():
    """A second database session beside the test's own, with Django's connection parameters
    (they include the socket directory of the embedded server of make test)."""
    import psycopg

    parameters = connection.get_connection_params()
    parameters.pop("cursor_factory", None)
    return psycopg.connect(**parameters, autocommit=True)


def nieuwe_wachtrij() -> str:
    return f"rapporten-test-{uuid.uuid4().hex[:12]}"


def wacht_tot(voorwaarde, *processen, deadline_s=60.0, stap_s=0.1, wat="de voorwaarde"):
    """Poll until the condition holds; fail at the deadline or as soon as a process has died,
    with the tail of every process's log."""
    einde = time.monotonic() + deadline_s
    while True:
        waarde = voorwaarde()
        if waarde:
            return waarde
        dood = [p for p in processen if p.proces.poll() is not None]
        if dood or time.monotonic() > einde:
            reden = f"{dood[0].naam} is gestopt" if dood else f"na {deadline_s:g} s niet: {wat}"
            logs = "\n".join(f"--- {p.naam}\n{p.logtekst()[-4000:]}" for p in processen)
            pytest.fail(f"{reden}\n{logs}")
        time.sleep(stap_s)


def richt_app_op(broker_url: str, wachtrij: str):
    """Point this process's Celery app at a broker, the report tasks at one queue; returns the
    function that undoes it."""
    oud = {
        k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend", "task_routes")
    }
    app.conf.update(
        broker_url=broker_url,
        task_always_eager=False,
        result_backend=None,
        task_routes={
            RAPPORTTAAK: {"queue": wachtrij},
            PROGRAMMATAAK: {"queue": wachtrij},
            VEEGTAAK: {"queue": wachtrij},
        },
    )

    def vergeet_verbindingen():
        # kombu keeps its connection and producer pools in a global registry keyed by broker URL;
        # closing the app's pool alone left a closed pool there, which the next eager task of this
        # process (memory:// broker) was handed back: "Acquire on closed pool". Reset them all.
        kombu.pools.reset()
        app._pool = None
        app.amqp._producer_pool = None
        app.amqp.flush_routes()
        app.amqp.__dict__.pop("router", None)

    vergeet_verbindingen()

    def herstel():
        vergeet_verbindingen()
        app.conf.update(oud)
        vergeet_verbindingen()

    return herstel


class PriveRedis:
    """A redis-server of one test: no persistence, so a restart loses every message (as a Redis
    that restarts without its data would)."""

    naam = "redis"

    def __init__(self, map_: Path):
        self.poort = vrije_poort()
        self.map = map_
        self.map.mkdir(parents=True, exist_ok=True)
        self.log = self.map / "redis.log"
        self.proces = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.poort}/0"

    def logtekst(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def start(self) -> None:
        with self.log.open("a") as uitvoer:
            self.proces = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(self.poort),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.map),
                ],
                stdout=uitvoer,
                stderr=subprocess.STDOUT,
            )
        client = redis.Redis(port=self.poort, socket_connect_timeout=0.5, socket_timeout=0.5)

        def antwoordt():
            try:
                return client.ping()
            except redis.RedisError:
                return False

        try:
            wacht_tot(antwoordt, self, deadline_s=15, wat="redis-server antwoordt")
        finally:
            client.close()

    def bevries(self) -> None:
        """Still accepts connections (the kernel does that), never answers: a hung Redis."""
        self.proces.send_signal(signal.SIGSTOP)

    def stop(self) -> None:
        if self.proces is not None and self.proces.poll() is None:
            self.proces.kill()  # SIGKILL also ends a frozen process
            self.proces.wait(timeout=10)


class Proces:
    """A celery worker or beat subprocess with its log."""

    def __init__(self, naam: str, argumenten: list[str], env: dict, log: Path):
        self.naam = naam
        self.log = log
        with log.open("w") as uitvoer:
            self.proces = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "loket", *argumenten],
                cwd=ROOT,
                env=env,
                stdout=uitvoer,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killpg reaches the pool too
            )

    def logtekst(self) -> str:
        return self.log.read_text()

    def dood_alles(self) -> None:
        """SIGKILL the whole worker at once: parent and every pool process."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proces.pid, signal.SIGKILL)
        self.proces.wait(timeout=10)

    def stop(self) -> None:
        if self.proces.poll() is None:
            self.proces.terminate()  # warm shutdown
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proces.wait(timeout=30)
        self.dood_alles()  # whatever is left of the group


class Processen:
    """Starts workers and beat for one test against its database, broker and queue; stops them
    all at the end."""

    def __init__(self, map_: Path, broker_url: str, wachtrij: str):
        self.map = map_
        self.broker_url = broker_url
        self.wachtrij = wachtrij
        self.opslag = map_ / "prive"
        self.gestart: list[Proces] = []

    def env(self, extra: dict) -> dict:
        env = {k: v for k, v in os.environ.items() if k != TESTVERTRAGING}
        env.update(
            {
                "PYTHONUNBUFFERED": "1",  # log lines reach the file when written
                "DJANGO_SETTINGS_MODULE": "loket.settings.dev",
                "REDIS_URL": self.broker_url,
                "LOKET_RAPPORTEN_WACHTRIJ": self.wachtrij,
                "DATABASE_URL": database_url(),
                "DB_CONN_MAX_AGE": "0",
                "PRIVATE_STORAGE_ROOT": str(self.opslag),
                "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
                "SITE_URL": "https://loket.example.org",
                **extra,
            }
        )
        return env

    def worker(self, *, pool="solo", concurrency=1, env=None, wacht=True) -> Proces:
        volgnummer = len(self.gestart) + 1
        nodenaam = f"{self.wachtrij}-{volgnummer}@{socket.gethostname()}"
        worker = Proces(
            nodenaam,
            [
                "worker",
                "-Q",
                self.wachtrij,
                f"--pool={pool}",
                f"--concurrency={concurrency}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                nodenaam,
                "--loglevel=INFO",
            ],
            self.env(env or {}),
            self.map / f"worker-{volgnummer}.log",
        )
        self.gestart.append(worker)
        if wacht:
            wacht_tot(
                lambda: f"{nodenaam} ready." in worker.logtekst(),
                worker,
                wat="de worker is klaar voor werk",
            )
        return worker

    def beat(self, veeg_s: float) -> Proces:
        beat = Proces(
            "beat",
            [
                "beat",
                "--schedule",
                str(self.map / "beat-schedule"),
                "--pidfile",
                str(self.map / "beat.pid"),
                "--loglevel=INFO",
            ],
            self.env({"LOKET_RAPPORT_VEEG_S": str(veeg_s)}),
            self.map / "beat.log",
        )
        self.gestart.append(beat)
        return beat

    def pdfs(self) -> list[Path]:
        return sorted(self.opslag.rglob("*.pdf"))

    def stop(self) -> None:
        for proces in reversed(self.gestart):
            proces.stop()


@contextlib.contextmanager
def mailwerker(settings, tmp_path: Path, mailtaken: list[str]):
    """A real Celery worker on a private queue that delivers `mailtaken` over SMTP to the test's
    localhost server (settings.EMAIL_PORT, set by the `smtp` fixture); yields the worker process.
    No Redis is a failure, not a skip."""
    wachtrij = nieuwe_wachtrij()
    verbinding = redis.Redis.from_url(TEST_REDIS_URL)
    verbinding.ping()
    herstel = richt_app_op(TEST_REDIS_URL, wachtrij)
    app.conf.task_routes = {
        **app.conf.task_routes,
        **{taak: {"queue": wachtrij} for taak in mailtaken},
    }
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    processen = Processen(tmp_path, TEST_REDIS_URL, wachtrij)
    proces = processen.worker(
        env={
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(settings.EMAIL_PORT),
        }
    )
    try:
        yield proces
    finally:
        processen.stop()
        herstel()
        verbinding.delete(wachtrij)
        verbinding.close()
