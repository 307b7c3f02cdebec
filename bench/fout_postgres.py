"""Fault scenario 3: PostgreSQL restarted under load.

Requirement: the application recovers by itself within seconds and no committed intake is lost;
the user never sees a 500.

The run starts a private PostgreSQL in a temp directory (pgserver's server binaries, listening on
a unix socket in that directory only: the machine's shared server is never touched), migrates it,
creates a loket with one werkcoach per thread (each with a confirmed TOTP device), and starts
gunicorn (-c loket/gunicorn.py, sync workers) on a unix socket against it. Every thread logs in
for real (password, then the TOTP code) and repeats: open the intake form, register a new client,
open the client page. A prober asks /healthz four times a second. After --herstart-na seconds
PostgreSQL is stopped (pg_ctl -m fast), stays down --plat seconds, and is started again.

Afterwards every response is checked against the database:
- every intake answered with the redirect to the client page is stored (same id, number, name);
- no intake is stored twice, and one stored without that redirect only where the 503 page said
  the input may have been saved (COMMIT or session save lost the connection) or no answer came;
- every other answer is 503 and falls in the restart window (never a 500);
- recovery: from PostgreSQL accepting connections again to the first successful intake (< 5 s).

    .venv/bin/python bench/fout_postgres.py [--threads 10] [--duur 24] [--herstart-na 8]
        [--plat 2] [--workers 3] [--pool]

--pool runs the same scenario with psycopg's connection pool (OPTIONS pool=True, CONN_MAX_AGE=0)
instead of persistent connections with health checks, for comparison. The suite runs the core,
draai() and beoordeel(), from tests/fouten/test_postgres_herstart.py.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import hashlib
import hmac
import http.client
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_POORT = 5432  # only names the socket file in the private directory; no TCP listener
HERSTEL_DOEL = 5.0  # seconds from "PostgreSQL ready" to the first successful intake
NALOOP = 5.0  # errors may still come this long after PostgreSQL is ready again
VERWACHT = {"formulier": 200, "intake": 302, "klantpagina": 200, "healthz": 200}
MISSCHIEN_TEKST = "misschien toch opgeslagen"


# --- the private PostgreSQL ---------------------------------------------------------------------


def postgres_bin() -> Path:
    """pgserver's binaries (a dev dependency, the same PostgreSQL 16 as `make run`); Debian's
    server binaries when pgserver is missing."""
    spec = importlib.util.find_spec("pgserver")
    if spec and spec.submodule_search_locations:
        pad = Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"
        if (pad / "pg_ctl").exists():
            return pad
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if debian:
        return debian[-1].parent
    raise RuntimeError("Geen PostgreSQL-binaries gevonden (pgserver of /usr/lib/postgresql).")


def systeemgebruiker() -> tuple[int, int] | None:
    """PostgreSQL refuses to run as root: as root, run it as `postgres` (Debian) or as the user
    pgserver creates for the same reason."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        gebruiker = pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "-s", "/bin/sh", "pgserver"], check=True, capture_output=True)
        gebruiker = pwd.getpwnam("pgserver")
    return gebruiker.pw_uid, gebruiker.pw_gid


class PrivatePostgres:
    def __init__(self, map_: Path):
        self.map = map_
        self.data = map_ / "data"
        self.log = map_ / "postgres.log"
        self.bin = postgres_bin()
        self.als = systeemgebruiker()
        if self.als:
            os.chown(self.map, *self.als)

    def _pg(self, *args: str, timeout: float = 60) -> None:
        kwargs = {}
        if self.als:
            kwargs = {"user": self.als[0], "group": self.als[1], "extra_groups": []}
        # Output to a file, never a pipe: the postmaster inherits it and would keep a pipe open.
        with open(self.map / "pg_ctl.out", "ab") as uit:
            resultaat = subprocess.run(
                [str(self.bin / args[0]), *args[1:]],
                stdin=subprocess.DEVNULL,
                stdout=uit,
                stderr=subprocess.STDOUT,
                cwd=self.map,
                timeout=timeout,
                **kwargs,
            )
        if resultaat.returncode != 0:
            raise RuntimeError(f"{args[0]} mislukt:\n{self.logstaart()}")

    def logstaart(self) -> str:
        teksten = []
        for pad in (self.map / "pg_ctl.out", self.log):
            if pad.exists():
                teksten.append(pad.read_text(errors="replace")[-2000:])
        return "\n".join(teksten)

    def init(self) -> None:
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self._pg_conf(
            f"listen_addresses = ''\nunix_socket_directories = '{self.map}'\nport = {PG_POORT}\n"
        )

    def _pg_conf(self, regels: str) -> None:
        with open(self.data / "postgresql.auto.conf", "a") as conf:
            conf.write(regels)

    def start(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", "start")

    def stop(self, modus: str = "fast") -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", modus, "-w", "-t", "30", "stop")

    def database_url(self, naam: str) -> str:
        return f"postgres://postgres@{quote(str(self.map), safe='')}:{PG_POORT}/{naam}"

    def verbind(self, naam: str = "postgres"):
        import psycopg

        return psycopg.connect(
            host=str(self.map),
            port=PG_POORT,
            user="postgres",
            dbname=naam,
            autocommit=True,
            connect_timeout=5,
        )

    def opruimen(self) -> None:
        """Stop the server whatever state it is in, then delete the directory."""
        pidbestand = self.data / "postmaster.pid"
        if pidbestand.exists():
            try:
                self.stop("immediate")
            except Exception:  # noqa: BLE001 - last resort below
                with contextlib.suppress(OSError, ValueError):
                    os.kill(int(pidbestand.read_text().split()[0]), signal.SIGKILL)
        shutil.rmtree(self.map, ignore_errors=True)


# --- HTTP over gunicorn's unix socket -------------------------------------------------------------


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, pad: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self.pad = pad

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.pad)
        self.sock = sock


class Browser:
    """One user's cookies; a new connection per request (sync workers close it anyway)."""

    def __init__(self, socketpad: str, timeout: float = 15):
        self.socketpad = socketpad
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def verzoek(self, methode: str, pad: str, velden: dict | None = None):
        verbinding = UnixHTTPConnection(self.socketpad, self.timeout)
        headers = {"Host": "localhost"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if velden is not None:
            body = urlencode(velden)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            verbinding.request(methode, pad, body=body, headers=headers)
            antwoord = verbinding.getresponse()
            inhoud = antwoord.read().decode("utf-8", "replace")
            for regel in antwoord.msg.get_all("Set-Cookie") or []:
                koek = SimpleCookie()
                koek.load(regel)
                for naam, morsel in koek.items():
                    if not morsel.value or morsel["max-age"] == "0":
                        self.cookies.pop(naam, None)
                    else:
                        self.cookies[naam] = morsel.value
            return antwoord.status, antwoord.headers, inhoud
        finally:
            verbinding.close()


def csrf_token(html: str) -> str:
    gevonden = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not gevonden:
        raise RuntimeError("Geen CSRF-token in de pagina.")
    return gevonden.group(1)


def totp(sleutel_hex: str, nu: float | None = None) -> str:
    """RFC 6238 with django-otp's TOTPDevice defaults (30 s step, 6 digits, SHA-1)."""
    stap = int((time.time() if nu is None else nu) // 30)
    mac = hmac.new(bytes.fromhex(sleutel_hex), struct.pack(">Q", stap), hashlib.sha1).digest()
    begin = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[begin : begin + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def log_in(browser: Browser, gebruikersnaam: str, wachtwoord: str, sleutel: str) -> None:
    """The real login: password, then the authenticator code."""
    _, _, html = browser.verzoek("GET", "/inloggen/")
    status, _, _ = browser.verzoek(
        "POST",
        "/inloggen/",
        {
            "csrfmiddlewaretoken": csrf_token(html),
            "username": gebruikersnaam,
            "password": wachtwoord,
        },
    )
    if status != 302:
        raise RuntimeError(f"Inloggen als {gebruikersnaam} gaf {status}.")
    _, _, html = browser.verzoek("GET", "/inloggen/tweestaps/")
    status, _, _ = browser.verzoek(
        "POST",
        "/inloggen/tweestaps/",
        {"csrfmiddlewaretoken": csrf_token(html), "otp_token": totp(sleutel)},
    )
    if status != 302:
        raise RuntimeError(f"Tweede stap voor {gebruikersnaam} gaf {status}.")


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class Antwoord:
    soort: str  # formulier, intake, klantpagina, healthz
    begin: float  # seconds since the load started
    eind: float
    status: int  # 0: no HTTP answer (connection refused, reset, timeout)
    achternaam: str = ""
    klant_id: int | None = None
    klantnummer: str = ""
    misschien_opgeslagen: bool = False  # the 503 page said the input may have been saved
    fout: str = ""

    @property
    def gelukt(self) -> bool:
        return self.status == VERWACHT[self.soort]


@dataclass
class Resultaat:
    instellingen: dict
    antwoorden: list[Antwoord] = field(default_factory=list)
    stop_begin: float = 0.0  # pg_ctl stop called
    gestopt: float = 0.0  # server down
    start_begin: float = 0.0  # pg_ctl start called
    klaar: float = 0.0  # server accepts connections again
    klanten: dict[str, tuple[int, str, int]] = field(default_factory=dict)  # naam: id, nr, intakes
    dubbele_namen: list[str] = field(default_factory=list)
    opzet_seconden: float = 0.0
    totaal_seconden: float = 0.0
    gunicorn_log: str = ""  # its last lines, for a report that does not pass

    def intakes(self) -> list[Antwoord]:
        return [a for a in self.antwoorden if a.soort == "intake"]

    @property
    def herstel(self) -> float | None:
        """Seconds from PostgreSQL ready again to the first successful intake after it."""
        na = [a.eind for a in self.intakes() if a.gelukt and a.eind >= self.klaar]
        return min(na) - self.klaar if na else None


def _opzet(aantal: int) -> None:
    """Runs in a subprocess with Django set up against the private database (see draai): migrate,
    then a loket with `aantal` werkcoaches, each with a confirmed TOTP device; prints JSON."""
    # Run as a script, sys.path starts with bench/, whose modules must not shadow the project's.
    sys.path = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from loket.constants import Rol
    from loket.models import Loket, Regio, User

    # Migrate in the same process: one Django start-up less.
    call_command("migrate", interactive=False, verbosity=0)
    regio = Regio.objects.create(naam="Herstartregio", code="HR")
    loket = Loket.objects.create(regio=regio, naam="Leerwerkloket Herstart", code="HERSTART")
    wachtwoord = secrets.token_urlsafe(18)
    gehasht = make_password(wachtwoord)  # one hash for all: the slow part of creating users
    coaches = []
    for nr in range(aantal):
        coach = User.objects.create(
            username=f"coach{nr:02d}",
            password=gehasht,
            first_name="Coach",
            last_name=f"{nr:02d}",
            loket=loket,
            rol=Rol.WERKCOACH,
        )
        device = TOTPDevice.objects.create(user=coach, name="Authenticator", confirmed=True)
        coaches.append({"gebruikersnaam": coach.username, "id": coach.pk, "sleutel": device.key})
    print(json.dumps({"wachtwoord": wachtwoord, "coaches": coaches}))


def _django_env(pg: PrivatePostgres, map_: Path, pool: bool) -> dict[str, str]:
    weg = {"DATABASE_URL", "REDIS_URL", "TEST_DATABASE_NAME", "SECRET_KEY", "DEBUG", "PYTHONPATH"}
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in weg and not k.startswith(("PG", "DJANGO_", "GUNICORN_", "DB_", "LOKET_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="loket.settings.dev",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        LOKET_2FA_VERPLICHT="1",
        DATABASE_URL=pg.database_url("leerwerkloket"),
        DB_CONN_MAX_AGE="60",
        ALLOWED_HOSTS="localhost",
        PRIVATE_STORAGE_ROOT=str(map_ / "private"),
        LOG_LEVEL="WARNING",
    )
    if pool:
        # psycopg's pool instead of persistent connections; Django refuses both at once.
        (map_ / "fout_pool_instellingen.py").write_text(
            "from loket.settings.dev import *  # noqa: F403\n"
            "from loket.settings.dev import DATABASES\n\n"
            'DATABASES["default"]["CONN_MAX_AGE"] = 0\n'
            'DATABASES["default"].setdefault("OPTIONS", {})["pool"] = True\n'
        )
        env.update(DJANGO_SETTINGS_MODULE="fout_pool_instellingen", DB_CONN_MAX_AGE="0")
        env["PYTHONPATH"] = str(map_)
    return env


def _wacht_op_gunicorn(socketpad: str, proces: subprocess.Popen, timeout: float) -> None:
    grens = time.monotonic() + timeout
    while time.monotonic() < grens:
        if proces.poll() is not None:
            raise RuntimeError("gunicorn stopte tijdens het opstarten.")
        try:
            if Browser(socketpad, timeout=2).verzoek("GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn antwoordde niet op tijd op /healthz.")


def _stop_gunicorn(proces: subprocess.Popen) -> None:
    if proces.poll() is None:
        proces.send_signal(signal.SIGINT)  # quick shutdown: no 30 s graceful wait
        with contextlib.suppress(subprocess.TimeoutExpired):
            proces.wait(10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proces.pid, signal.SIGKILL)  # its own session: the master and its workers
    proces.wait(5)


def _intake_velden(coach_id: int, achternaam: str) -> dict[str, str]:
    return {
        "voornaam": "Rik",
        "tussenvoegsel": "",
        "achternaam": achternaam,
        "geboortedatum": "1984-09-21",
        "postcode": "2011 AB",
        "woongemeente": "",
        "telefoon": "023-5123456",
        "email": "",
        "doelgroep": "ww",
        "opleidingsniveau": "vmbo",
        "datum": time.strftime("%Y-%m-%d"),
        "kanaal": "bezoek",
        "hoofddoel": "scholing",
        "verwijzer": "uwv",
        "werkcoach": str(coach_id),
        "notities": "",
    }


def _werkcoach(browser, nr, coach_id, klok, stop, antwoorden):
    """Repeat: intake form, new client, client page. Unique names, so no duplicate warning."""
    volgnr = 0

    def vraag(soort, methode, pad, velden=None, **meer):
        begin = klok()
        try:
            status, headers, html = browser.verzoek(methode, pad, velden)
            fout = ""
        except OSError as exc:
            status, headers, html, fout = 0, {}, "", f"{type(exc).__name__}: {exc}"
        antwoord = Antwoord(soort, begin, klok(), status, fout=fout, **meer)
        if status == 503:
            antwoord.misschien_opgeslagen = MISSCHIEN_TEKST in html
        elif status != VERWACHT[soort] and status:
            titel = re.search(r"<title>(.*?)</title>", html, re.S)
            antwoord.fout = (titel.group(1) if titel else html[:120]).strip()
        antwoorden.append(antwoord)
        return antwoord, headers, html

    while not stop.is_set():
        formulier, _, html = vraag("formulier", "GET", "/klanten/intake/")
        if not formulier.gelukt:
            time.sleep(0.2)
            continue
        volgnr += 1
        achternaam = f"Herstart-{nr:02d}-{volgnr:04d}"
        velden = {"csrfmiddlewaretoken": csrf_token(html), **_intake_velden(coach_id, achternaam)}
        intake, headers, _ = vraag(
            "intake", "POST", "/klanten/intake/", velden, achternaam=achternaam
        )
        if not intake.gelukt:
            time.sleep(0.2)
            continue
        locatie = headers.get("Location", "")
        gevonden = re.fullmatch(r"/klanten/(\d+)/", locatie)
        if gevonden:
            intake.klant_id = int(gevonden.group(1))
            pagina, _, html = vraag("klantpagina", "GET", locatie, achternaam=achternaam)
            nummer = re.search(r"Klantnummer ([A-Z]+-\d{4}-\d{6})", html)
            if pagina.gelukt and nummer:
                intake.klantnummer = nummer.group(1)
        else:
            intake.fout = f"onverwachte Location {locatie!r}"


def _healthz(socketpad, klok, stop, antwoorden):
    browser = Browser(socketpad, timeout=5)
    while not stop.wait(0.25):
        begin = klok()
        try:
            status = browser.verzoek("GET", "/healthz")[0]
            fout = ""
        except OSError as exc:
            status, fout = 0, f"{type(exc).__name__}: {exc}"
        antwoorden.append(Antwoord("healthz", begin, klok(), status, fout=fout))


def draai(
    threads: int = 10,
    duur: float = 24.0,
    herstart_na: float = 8.0,
    plat: float = 2.0,
    workers: int = 3,
    pool: bool = False,
    meld=print,
) -> Resultaat:
    """The whole scenario; everything it started is stopped and deleted again, also on failure."""
    begonnen = time.monotonic()
    resultaat = Resultaat(
        instellingen={
            "threads": threads,
            "duur": duur,
            "herstart_na": herstart_na,
            "plat": plat,
            "workers": workers,
            "pool": pool,
        }
    )
    basis = tempfile.gettempdir() if len(tempfile.gettempdir()) < 40 else "/tmp"  # noqa: S108
    map_ = Path(tempfile.mkdtemp(prefix="pgherstart-", dir=basis))
    map_.chmod(0o755)  # the postgres user needs to reach its data directory and socket
    pg = PrivatePostgres(map_)
    gunicorn = None
    stop = threading.Event()
    draden: list[threading.Thread] = []
    try:
        meld(f"Privé-PostgreSQL in {map_} (binaries: {pg.bin})")
        pg.init()
        pg.start()
        with pg.verbind() as verbinding:
            verbinding.execute("CREATE DATABASE leerwerkloket")
        env = _django_env(pg, map_, pool)
        socketpad = str(map_ / "gunicorn.sock")
        # gunicorn boots while the schema is migrated: its workers need the database only per request.
        with open(map_ / "gunicorn.log", "ab") as log:
            gunicorn = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "-c",
                    "loket/gunicorn.py",
                    "--bind",
                    f"unix:{socketpad}",
                    "--workers",
                    str(workers),
                    "loket.wsgi:application",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        meld("migreren en opzetten ...")
        opzet = subprocess.run(
            [PYTHON, str(Path(__file__).resolve()), "--opzet", str(threads)],
            cwd=ROOT,
            env=env,
            timeout=120,
            capture_output=True,
            text=True,
        )
        if opzet.returncode != 0:
            raise RuntimeError(f"Migreren/opzetten mislukt:\n{opzet.stderr[-3000:]}")
        gegevens = json.loads(opzet.stdout.strip().splitlines()[-1])
        meld(f"gemigreerd en opgezet na {time.monotonic() - begonnen:.1f} s")
        _wacht_op_gunicorn(socketpad, gunicorn, timeout=60)
        meld(f"gunicorn antwoordt na {time.monotonic() - begonnen:.1f} s")

        browsers = [Browser(socketpad) for _ in gegevens["coaches"]]
        mislukt: list[BaseException] = []

        def inloggen(browser, coach):
            try:
                log_in(browser, coach["gebruikersnaam"], gegevens["wachtwoord"], coach["sleutel"])
            except Exception as exc:  # noqa: BLE001 - reported below, in the main thread
                mislukt.append(exc)

        inloggers = [
            threading.Thread(target=inloggen, args=(b, c))
            for b, c in zip(browsers, gegevens["coaches"], strict=True)
        ]
        for draad in inloggers:
            draad.start()
        for draad in inloggers:
            draad.join(60)
        if mislukt or any(draad.is_alive() for draad in inloggers):
            raise RuntimeError(f"Inloggen mislukt: {mislukt[:1]}")
        resultaat.opzet_seconden = time.monotonic() - begonnen
        meld(f"opgezet in {resultaat.opzet_seconden:.1f} s; last gedurende {duur:.0f} s")

        t0 = time.monotonic()

        def klok() -> float:
            return time.monotonic() - t0

        for nr, (browser, coach) in enumerate(zip(browsers, gegevens["coaches"], strict=True)):
            draden.append(
                threading.Thread(
                    target=_werkcoach,
                    args=(browser, nr, coach["id"], klok, stop, resultaat.antwoorden),
                    daemon=True,
                )
            )
        draden.append(
            threading.Thread(
                target=_healthz, args=(socketpad, klok, stop, resultaat.antwoorden), daemon=True
            )
        )
        for draad in draden:
            draad.start()

        time.sleep(max(0.0, herstart_na - klok()))
        resultaat.stop_begin = klok()
        pg.stop("fast")
        resultaat.gestopt = klok()
        time.sleep(plat)
        resultaat.start_begin = klok()
        pg.start()
        resultaat.klaar = klok()
        meld(
            f"PostgreSQL gestopt op {resultaat.stop_begin:.2f} s, weer klaar op "
            f"{resultaat.klaar:.2f} s"
        )
        time.sleep(max(0.0, duur - klok()))
        stop.set()
        for draad in draden:
            draad.join(20)

        with pg.verbind("leerwerkloket") as verbinding:
            rijen = verbinding.execute(
                """
                SELECT k.achternaam, k.id, k.klantnummer, count(i.id)
                FROM clients_klant k LEFT JOIN clients_intake i ON i.klant_id = k.id
                WHERE k.achternaam LIKE 'Herstart-%%'
                GROUP BY k.id
                """
            ).fetchall()
        for naam, klant_id, nummer, intakes in rijen:
            if naam in resultaat.klanten:
                resultaat.dubbele_namen.append(naam)
            resultaat.klanten[naam] = (klant_id, nummer, intakes)
        return resultaat
    finally:
        stop.set()
        for draad in draden:
            draad.join(20)
        if gunicorn is not None:
            _stop_gunicorn(gunicorn)
            resultaat.gunicorn_log = (map_ / "gunicorn.log").read_text(errors="replace")[-6000:]
        pg.opruimen()
        resultaat.totaal_seconden = time.monotonic() - begonnen


def beoordeel(resultaat: Resultaat) -> list[str]:
    """Every broken requirement, in Dutch; empty when the run met them all."""
    bezwaren = []
    intakes = resultaat.intakes()
    gelukt = [a for a in intakes if a.gelukt]
    if not [a for a in gelukt if a.eind < resultaat.stop_begin] or not [
        a for a in gelukt if a.begin > resultaat.klaar
    ]:
        bezwaren.append("geen geslaagde intakes voor en na de herstart: de last liep niet")
    for a in gelukt:
        opgeslagen = resultaat.klanten.get(a.achternaam)
        if opgeslagen is None:
            bezwaren.append(f"geslaagde intake {a.achternaam} ontbreekt in de database")
        elif opgeslagen[0] != a.klant_id or (a.klantnummer and opgeslagen[1] != a.klantnummer):
            bezwaren.append(f"geslaagde intake {a.achternaam} staat anders in de database")
    per_naam = {a.achternaam: a for a in intakes}
    for naam, (_, _, aantal_intakes) in resultaat.klanten.items():
        a = per_naam.get(naam)
        if aantal_intakes != 1:
            bezwaren.append(f"klant {naam} heeft {aantal_intakes} intakes")
        if a is None:
            bezwaren.append(f"klant {naam} staat in de database zonder inzending")
        elif not a.gelukt and not (a.status == 0 or a.misschien_opgeslagen):
            bezwaren.append(
                f"intake {naam} kreeg {a.status} met 'niet opgeslagen', maar is wel opgeslagen"
            )
    if resultaat.dubbele_namen:
        bezwaren.append(f"dubbel opgeslagen: {', '.join(sorted(resultaat.dubbele_namen))}")
    for a in resultaat.antwoorden:
        if a.gelukt:
            continue
        if a.status != 503:
            bezwaren.append(
                f"{a.soort} op {a.begin:.2f} s gaf {a.status or 'geen antwoord'} {a.fout}".strip()
            )
        elif a.eind < resultaat.stop_begin or a.begin > resultaat.klaar + NALOOP:
            bezwaren.append(f"{a.soort} gaf 503 buiten het herstartvenster ({a.begin:.2f} s)")
    herstel = resultaat.herstel
    if herstel is None or herstel > HERSTEL_DOEL:
        bezwaren.append(f"herstel duurde {herstel} s (doel < {HERSTEL_DOEL:.0f} s)")
    return bezwaren


def rapport(resultaat: Resultaat) -> str:
    r = resultaat
    ins = r.instellingen
    intakes = r.intakes()
    gelukt = [a for a in intakes if a.gelukt]
    geweigerd = [a for a in intakes if a.status == 503]
    zonder_antwoord = [a for a in intakes if a.status == 0]
    statussen = collections.Counter(a.status for a in r.antwoorden)
    soorten = collections.Counter(a.soort for a in r.antwoorden)
    fouten = [a for a in r.antwoorden if not a.gelukt]
    verbinding = (
        "psycopg-pool (OPTIONS pool=True, CONN_MAX_AGE=0)"
        if ins["pool"]
        else "CONN_MAX_AGE=60 + CONN_HEALTH_CHECKS"
    )
    herstel = r.herstel
    regels = [
        "Storing 3: PostgreSQL herstart onder last",
        f"  opzet: {ins['threads']} werkcoaches (threads), gunicorn {ins['workers']} sync workers, "
        f"{verbinding}; {r.opzet_seconden:.1f} s opzet, {r.totaal_seconden:.1f} s totaal",
        f"  herstart: pg_ctl stop -m fast op {r.stop_begin:.2f} s (gestopt {r.gestopt:.2f} s), "
        f"start op {r.start_begin:.2f} s, klaar op {r.klaar:.2f} s "
        f"(database {r.klaar - r.stop_begin:.2f} s weg)",
        f"  verzoeken: {len(r.antwoorden)} ("
        + ", ".join(f"{soort} {aantal}" for soort, aantal in sorted(soorten.items()))
        + ")",
        "  per status: "
        + ", ".join(f"{status or 'geen antwoord'}: {n}" for status, n in sorted(statussen.items())),
        f"  intakes: {len(gelukt)} geslaagd, {len(geweigerd)} met 503 "
        f"({sum(a.misschien_opgeslagen for a in geweigerd)} met 'misschien opgeslagen'), "
        f"{len(zonder_antwoord)} zonder antwoord",
        f"  database: {len(r.klanten)} nieuwe klanten, {len(gelukt)} geslaagde intakes; "
        f"{len(r.dubbele_namen)} dubbel",
    ]
    langste = max(r.antwoorden, key=lambda a: a.eind - a.begin, default=None)
    if langste is not None:
        regels.append(
            f"  langste antwoord: {langste.eind - langste.begin:.2f} s ({langste.soort} "
            f"{langste.status or 'geen antwoord'}, begonnen op {langste.begin:.2f} s)"
        )
    gezond = [a for a in r.antwoorden if a.soort == "healthz"]
    if gezond:
        ziek = [a for a in gezond if not a.gelukt]
        regels.append(
            f"  healthz: {len(gezond)} keer gevraagd, {len(ziek)} keer niet 200"
            + (
                f" (van {min(a.begin for a in ziek):.2f} s tot {max(a.eind for a in ziek):.2f} s)"
                if ziek
                else ""
            )
        )
    if fouten:
        regels.append(
            f"  fouten: {len(fouten)}, van {min(a.begin for a in fouten):.2f} s tot "
            f"{max(a.eind for a in fouten):.2f} s"
        )
    eerste = [a.eind - r.klaar for a in r.antwoorden if a.gelukt and a.eind >= r.klaar]
    regels.append(
        "  herstel: eerste geslaagde intake "
        + (f"{herstel:.2f} s" if herstel is not None else "nooit")
        + f" nadat PostgreSQL weer klaar was (doel < {HERSTEL_DOEL:.0f} s)"
        + (f"; eerste geslaagde verzoek na {min(eerste):.2f} s" if eerste else "")
    )
    bezwaren = beoordeel(r)
    regels.append("  oordeel: " + ("voldoet" if not bezwaren else "VOLDOET NIET"))
    regels.extend(f"    - {b}" for b in bezwaren[:20])
    return "\n".join(regels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=10)
    parser.add_argument("--duur", type=float, default=24.0, help="seconden last")
    parser.add_argument("--herstart-na", type=float, default=8.0)
    parser.add_argument("--plat", type=float, default=2.0, help="seconden dat PostgreSQL weg is")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pool", action="store_true", help="psycopg-pool i.p.v. CONN_MAX_AGE")
    parser.add_argument("--opzet", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.opzet is not None:
        _opzet(args.opzet)
        return 0

    def onderbreek(signum, frame):
        raise KeyboardInterrupt  # draai() stops gunicorn and PostgreSQL and deletes its directory

    signal.signal(signal.SIGTERM, onderbreek)
    signal.signal(signal.SIGINT, onderbreek)  # also when started in the background (SIGINT ignored)
    resultaat = draai(
        threads=args.threads,
        duur=args.duur,
        herstart_na=args.herstart_na,
        plat=args.plat,
        workers=args.workers,
        pool=args.pool,
    )
    print(rapport(resultaat))
    if beoordeel(resultaat):
        print("\nLaatste regels van gunicorn:\n" + resultaat.gunicorn_log)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
