"""Nothing lost after the worst day (issue 20): scripts/backup.sh dumps the test database and the
private report files; scripts/herstel.sh restores them into a FRESH PostgreSQL server started
here (initdb in a temporary directory, on a free port); then every control figure (every monitor
figure per quarter, the ledger totals, the report checksums and file hashes, the row count of
every table) is equal, and the append-only triggers still refuse UPDATE, DELETE and TRUNCATE.

Run alone with `pytest -m herstel` (about half a minute)."""

import contextlib
import datetime
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import timezone

from financiering import services as financiering_services
from financiering.models import Boeking
from loket.audit import log_verwerking_door
from loket.constants import Rol
from monitor import rapport
from monitor.models import Doelstelling, Kwartaalrapport
from monitor.telstand.sql import TRIGGERS as TELSTAND_TRIGGERS
from trajecten.constants import Status

from ..factories import ContactmomentFactory, IntakeFactory, LoketFactory, UserFactory
from ..financiering.conftest import voer_begroting_2010_in
from ..fouten.werkers import database_url, vrije_poort
from ..trajecten.factories import TrajectFactory

pytestmark = [pytest.mark.herstel, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n% kwartaalrapport voor de hersteltest\n%%EOF\n"


def pg_bin() -> Path:
    """PostgreSQL binaries at least as new as the test's server: pg_dump refuses to dump a newer
    server. The system's (Debian: /usr/lib/postgresql/<versie>/bin) when they are new enough, else
    those the `pgserver` package ships (the embedded server of `make test` is PostgreSQL 16)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0]) // 10000
    for initdb in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        if int(Path(initdb).parts[-3]) >= server:
            return Path(initdb).parent
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def als_postgres(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def verse_postgres():
    """A brand-new PostgreSQL cluster in a temporary directory; yields its URL base."""
    bin_ = pg_bin()
    map_ = Path(tempfile.mkdtemp(prefix="lwl-herstel-"))
    data = map_ / "data"
    if os.geteuid() == 0:
        shutil.chown(map_, "postgres")
    poort = vrije_poort()
    subprocess.run(
        als_postgres([str(bin_ / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
        check=True,
        capture_output=True,
    )
    opties = (
        f"-p {poort} -c listen_addresses=127.0.0.1 -c unix_socket_directories={map_} -c fsync=off"
    )
    subprocess.run(
        als_postgres(
            [
                str(bin_ / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                opties,
                "-w",
                "-l",
                str(map_ / "log"),
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{poort}"
    finally:
        subprocess.run(
            als_postgres([str(bin_ / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(map_, ignore_errors=True)


def omgeving(database: str, private: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loket.settings.test",
        "DATABASE_URL": database,
        "PRIVATE_STORAGE_ROOT": str(private),
        "PATH": f"{pg_bin()}:{os.environ['PATH']}",
    }


def controlegetallen(database: str, private: Path) -> dict:
    uit = subprocess.run(
        [sys.executable, "manage.py", "controlegetallen"],
        cwd=ROOT,
        env=omgeving(database, private),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(uit.stdout)


def vul_database(private: Path):
    """A loket with a year of everything: budget and ledger (with a reversal), clients, intakes,
    contacts, trajectories with events, a target, a finished report with its file."""
    loket = LoketFactory(code="HERSTEL", naam="Leerwerkloket Herstel")
    LoketFactory(code="ANDER", naam="Leerwerkloket Ander")
    projectleider = UserFactory(loket=loket, rol=Rol.PROJECTLEIDER)
    voer_begroting_2010_in(loket, door=projectleider)
    vandaag = timezone.localdate()
    begroting = financiering_services.haal_begroting(loket, vandaag.year)
    post = financiering_services.voeg_kostenpost_toe(
        begroting, naam="Materiële kosten", categorie="materieel", bedrag=Decimal("35000.00")
    )
    uitgave = financiering_services.boek(
        loket=loket,
        jaar=vandaag.year,
        soort="uitgave",
        kostenpost=post,
        bedrag=Decimal("1234.56"),
        door=projectleider,
    )
    financiering_services.tegenboek(uitgave, reden="Dubbel geboekt", door=projectleider)
    for i in range(7):
        intake = IntakeFactory(klant__loket=loket, datum=vandaag - datetime.timedelta(days=i))
        ContactmomentFactory(klant=intake.klant, datum=intake.datum)
    for _ in range(6):
        TrajectFactory(klant__loket=loket, status=Status.AANGEMELD)
    log_verwerking_door(projectleider, loket.pk, "bekeken", "klantdossier", [intake.klant_id])
    Doelstelling.objects.create(
        loket=loket,
        indicator="nieuwe_klanten",
        startdatum=datetime.date(vandaag.year, 1, 1),
        einddatum=datetime.date(vandaag.year, 12, 31),
        streefwaarde=Decimal("100"),
    )
    kwartaal = (vandaag.month - 1) // 3 + 1
    with override_settings(
        STORAGES={
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": private, "base_url": None},
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        naam = default_storage.save(
            f"rapporten/HERSTEL/{vandaag.year}-Q{kwartaal}-v1.pdf", ContentFile(PDF)
        )
    figuren = rapport.cijfers(rapport.verzamel(loket, vandaag.year, kwartaal))
    Kwartaalrapport.objects.create(
        loket=loket,
        jaar=vandaag.year,
        kwartaal=kwartaal,
        versie=1,
        status=Kwartaalrapport.Status.KLAAR,
        klaar_op=timezone.now(),
        checksum=rapport.checksum(figuren),
        bestand=naam,
    )
    return loket


def test_backup_restores_into_a_fresh_server_with_every_figure_equal():
    begin = time.monotonic()
    werkmap = Path(tempfile.mkdtemp(prefix="lwl-backup-"))
    try:
        private = werkmap / "private"
        private.mkdir()
        vul_database(private)
        bron = database_url()

        # The backup, exactly as the nightly service makes it.
        backups = werkmap / "backups"
        env = omgeving(bron, private) | {
            "BACKUP_DIR": str(backups),
            "CONTROLEGETALLEN": f"{sys.executable} manage.py controlegetallen",
        }
        subprocess.run(["scripts/backup.sh"], cwd=ROOT, env=env, check=True, capture_output=True)
        (backup,) = backups.glob("leerwerkloket-*")
        assert {p.name for p in backup.iterdir()} == {
            "database.dump",
            "private.tar.gz",
            "controlegetallen.json",
            "SHA256SUMS",
        }
        voor = json.loads((backup / "controlegetallen.json").read_text())
        herstel = voor["loketten"]["HERSTEL"]
        assert herstel["grootboek"] and herstel["rapporten"][0]["bestand_sha256"]
        assert herstel["rapporten"][0]["bestand_sha256"] == hashlib.sha256(PDF).hexdigest()
        assert voor["tabellen"]["financiering.Boeking"] == Boeking.objects.count() > 10
        kwartaal = next(iter(m for m in herstel["monitor"].values()))
        assert kwartaal["checksum"]

        with verse_postgres() as server:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as beheer:
                beheer.execute("CREATE DATABASE leerwerkloket")
            doel = f"{server}/leerwerkloket"
            hersteld_private = werkmap / "hersteld"
            env = omgeving(doel, hersteld_private)
            subprocess.run(
                ["scripts/herstel.sh", str(backup)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )

            na = controlegetallen(doel, hersteld_private)
            assert na == voor
            opgeslagen = herstel["rapporten"][0]["checksum"]
            assert opgeslagen in {
                m["checksum"] for m in na["loketten"]["HERSTEL"]["monitor"].values()
            }

            # The append-only guarantees live in the database and came along with the restore.
            with psycopg.connect(doel, autocommit=True) as verbinding:
                for sql in [
                    "UPDATE financiering_boeking SET bedrag = 0",
                    "DELETE FROM financiering_boeking",
                    "TRUNCATE financiering_boeking CASCADE",
                    "DELETE FROM trajecten_trajectgebeurtenis",
                    "UPDATE loket_verwerking SET onderwerp = 'x'",
                ]:
                    try:
                        verbinding.execute(sql)
                    except psycopg.errors.RaiseException:
                        continue
                    pytest.fail(f"Na herstel niet geweigerd: {sql}")
                aantal = verbinding.execute("SELECT count(*) FROM financiering_boeking").fetchone()
                assert aantal[0] == voor["tabellen"]["financiering.Boeking"]
                # So did the triggers that keep the monitor's counts (ADR 0062).
                telstand = verbinding.execute(
                    "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'telstand_%'"
                ).fetchone()
                assert telstand[0] == sum(len(ops) for ops in TELSTAND_TRIGGERS.values())
    finally:
        shutil.rmtree(werkmap, ignore_errors=True)
    assert time.monotonic() - begin < 90
