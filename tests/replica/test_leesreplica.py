"""Monitor reads on a REAL PostgreSQL streaming replica (issue 17, ADR 0065).

A private primary (initdb in a temp directory, unix socket only, log_statement = all), a standby
made from it with `pg_basebackup -R` and started as a hot standby; Django (tests/replica/
scenario.py, a subprocess) runs against both with DATABASE_URL and DATABASE_REPLICA_URL. Proven:
(a) the dashboard's and the report's monitor queries are executed BY THE STANDBY SERVER (its own
    statement log holds them, tagged per step) and its figures equal those read on the primary;
(b) the write of the same request (the access log of the drill-down) goes to the primary;
(c) standby stopped: the dashboard still answers 200, from the primary, within seconds;
(d) replay paused on the standby while the primary writes, until the lag exceeds the bound: reads
    go to the primary; replay resumed: back to the standby.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from bench.fout_postgres import PG_POORT, PrivatePostgres

pytestmark = [pytest.mark.replica, pytest.mark.timeout(120)]

ROOT = Path(__file__).resolve().parents[2]
GRENS_S = 2.0  # DATABASE_REPLICA_MAX_ACHTERSTAND of the scenario
# The monitor's sources: the kept counts (the dashboard reads these since issue 17) and the
# event tables (the drill-down, the report's recount with a peilmoment, edge days).
MONITORTABELLEN = (
    "monitor_telstand",
    "clients_intake",
    "clients_contactmoment",
    "trajecten_traject",
)


class Standby(PrivatePostgres):
    """A hot standby of `primair`: a base backup with -R (standby.signal, primary_conninfo)."""

    def __init__(self, map_: Path, primair: PrivatePostgres):
        super().__init__(map_)
        self.primair = primair

    def init(self) -> None:
        self._pg(
            "pg_basebackup",
            *("-h", str(self.primair.map), "-p", str(PG_POORT), "-U", "postgres"),
            *("-D", str(self.data), "-R", "-X", "stream", "-c", "fast"),
        )
        # The copied configuration names the primary's socket directory: this one has its own.
        self._pg_conf(f"\nunix_socket_directories = '{self.map}'\nhot_standby = on\n")


@pytest.fixture
def servers():
    primair = PrivatePostgres(Path(tempfile.mkdtemp(prefix="lwl-primair-")))
    standby = Standby(Path(tempfile.mkdtemp(prefix="lwl-standby-")), primair)
    try:
        primair.init()
        primair._pg_conf(
            "\nwal_level = replica\nmax_wal_senders = 4\nfsync = off\n"
            "log_statement = 'all'\nlog_line_prefix = '%m [%p] '\n"
        )
        primair.start()
        with primair.verbind() as verbinding:
            verbinding.execute("CREATE DATABASE leerwerkloket")
        standby.init()
        standby.start()
        yield primair, standby
    finally:
        standby.opruimen()
        primair.opruimen()


class Scenario:
    """tests/replica/scenario.py as a subprocess: one command a line, one JSON answer a line."""

    def __init__(self, primair: PrivatePostgres, standby: PrivatePostgres, map_: Path):
        weg = ("PG", "DJANGO_", "DB_", "DATABASE_")
        env = {k: v for k, v in os.environ.items() if not k.startswith(weg)}
        env.update(
            DJANGO_SETTINGS_MODULE="loket.settings.test",
            DATABASE_URL=primair.database_url("leerwerkloket"),
            DATABASE_REPLICA_URL=standby.database_url("leerwerkloket"),
            DATABASE_REPLICA_MAX_ACHTERSTAND=str(GRENS_S),
            DATABASE_REPLICA_CONTROLE_S="0.5",
            PRIVATE_STORAGE_ROOT=str(map_ / "private"),
            LOG_LEVEL="INFO",
        )
        self.stderr = open(map_ / "scenario.log", "w+")  # noqa: SIM115 - closed in stop()
        self.proces = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "replica" / "scenario.py")],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
        )

    def log(self) -> str:
        self.stderr.flush()
        self.stderr.seek(0)
        return self.stderr.read()[-6000:]

    def __call__(self, commando: str) -> dict:
        assert self.proces.stdin and self.proces.stdout
        self.proces.stdin.write(commando + "\n")
        self.proces.stdin.flush()
        for regel in self.proces.stdout:
            if regel.startswith("ANTWOORD "):
                antwoord = json.loads(regel.removeprefix("ANTWOORD "))
                assert antwoord["ok"], f"{commando}: {antwoord.get('fout')}\n{self.log()}"
                return antwoord
        pytest.fail(f"scenario stopte bij {commando}:\n{self.log()}")

    def stop(self):
        if self.proces.stdin:
            self.proces.stdin.close()
        try:
            self.proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proces.kill()
            self.proces.wait()
        self.stderr.close()


@pytest.fixture
def scenario(servers, tmp_path):
    primair, standby = servers
    s = Scenario(primair, standby, tmp_path)
    try:
        yield s
    finally:
        s.stop()


def monitorqueries(queries: list[str]) -> list[str]:
    return [q for q in queries if any(t in q for t in MONITORTABELLEN)]


def serverlog(server: PrivatePostgres, stap: str) -> str:
    """The statements of one step in a server's own log (log_statement = all)."""
    statements: list[str] = []
    for regel in server.log.read_text(errors="replace").splitlines():
        if " LOG: " in regel or not statements:  # a new entry; other lines continue a statement
            statements.append(regel)
        else:
            statements[-1] += "\n" + regel
    return "\n".join(s for s in statements if stap in s)


def lees_op_replica(antwoord: dict, primair: PrivatePostgres, standby: PrivatePostgres):
    """The monitor queries of a step went to alias replica, and the standby server ran them."""
    queries = antwoord["queries"]
    assert monitorqueries(queries.get("replica", [])), queries
    assert not monitorqueries(queries.get("default", [])), queries["default"]
    op_standby = serverlog(standby, antwoord["stap"])
    assert any(t in op_standby for t in MONITORTABELLEN), op_standby[-2000:]
    assert not any(t in serverlog(primair, antwoord["stap"]) for t in MONITORTABELLEN)


def lees_op_primair(antwoord: dict, primair: PrivatePostgres):
    queries = antwoord["queries"]
    assert not queries.get("replica"), queries["replica"]
    assert monitorqueries(queries["default"])
    assert any(t in serverlog(primair, antwoord["stap"]) for t in MONITORTABELLEN)


def test_monitor_leest_van_de_replica_en_valt_terug_op_de_primaire(servers, scenario):
    primair, standby = servers
    begin = time.monotonic()
    scenario("opzet")
    assert scenario("wacht_op_replica")["gezond"], scenario.log()

    # (a) the dashboard reads on the standby; sessions and the user on the primary.
    antwoord = scenario("meet")
    assert antwoord["status"] == 200
    lees_op_replica(antwoord, primair, standby)
    duren = {"dashboard op de replica": antwoord["duur_s"]}
    assert any("django_session" in q for q in antwoord["queries"]["default"])
    assert not any("django_session" in q for q in antwoord["queries"]["replica"])

    # ... and its figures (the report's set, every indicator) equal those on the primary.
    cijfers = scenario("cijfers")
    assert cijfers["replica"]["figuren"] == cijfers["primair"]["figuren"]
    assert cijfers["replica"]["figuren"]["indicatoren"], cijfers["replica"]["figuren"]
    assert monitorqueries(cijfers["replica"]["queries"]["replica"])
    assert not cijfers["primair"]["queries"].get("replica")

    # The national programme page (every loket) reads on the standby too.
    programma = scenario("programma")
    assert programma["status"] == 200, programma
    lees_op_replica(programma, primair, standby)

    # (b) the drill-down reads its records on the standby; the access-log write of the same
    # request goes to the primary (on the standby it would fail: read-only).
    records = scenario("records")
    assert records["status"] == 200 and records["rijen"] == 12
    lees_op_replica(records, primair, standby)
    assert any("INSERT" in q and "loket_verwerking" in q for q in records["queries"]["default"])
    assert not any(
        q.lstrip().startswith(("INSERT", "UPDATE")) for q in records["queries"]["replica"]
    )
    assert records["verwerkingen_erbij"] == records["rijen"]  # one access-log row per client

    # The report task: figures read on the standby, the report written on the primary.
    gemaakt = scenario("rapport")
    assert gemaakt["uitslag"] == "klaar" and gemaakt["status"] == "klaar", gemaakt
    lees_op_replica(gemaakt, primair, standby)
    assert any(
        "UPDATE" in q and "monitor_kwartaalrapport" in q for q in gemaakt["queries"]["default"]
    )
    assert not any("monitor_kwartaalrapport" in q for q in gemaakt["queries"].get("replica", []))

    # (c) the standby stopped: the dashboard answers from the primary, quickly. First while the
    # process still trusts its last health check: the failed query is repeated on the primary.
    standby.stop("fast")
    antwoord = scenario("meet_met_oud_oordeel")
    assert antwoord["status"] == 200
    assert antwoord["duur_s"] < 5, antwoord["duur_s"]
    duren["replica faalt midden in het verzoek"] = antwoord["duur_s"]
    assert monitorqueries(antwoord["queries"]["default"])
    assert "Leesreplica faalde" in scenario.log()
    # Then at the next health check: not even tried.
    antwoord = scenario("meet")
    assert antwoord["status"] == 200
    assert antwoord["duur_s"] < 5, antwoord["duur_s"]
    lees_op_primair(antwoord, primair)
    duren["replica gestopt"] = antwoord["duur_s"]
    assert "Leesreplica" in scenario.log()  # the fallback is logged
    status = scenario("status")
    assert status["healthz"] == 200 and status["leesreplica"] == "niet gebruikt", status
    standby.start()
    assert scenario("wacht_op_replica")["gezond"], scenario.log()
    lees_op_replica(scenario("meet"), primair, standby)

    # (d) replay paused while the primary keeps writing: beyond the bound, reads go to the primary.
    with (
        standby.verbind("leerwerkloket") as op_standby,
        primair.verbind("leerwerkloket") as op_primair,
    ):
        op_standby.execute("SELECT pg_wal_replay_pause()")
        op_primair.execute("CREATE TABLE vulsel (n int)")
        einde = time.monotonic() + GRENS_S + 1.5
        while time.monotonic() < einde:
            op_primair.execute("INSERT INTO vulsel VALUES (1)")
            time.sleep(0.1)
        status = scenario("status")
        assert status["gezond"] is False and status["achterstand_s"] > GRENS_S, status
        antwoord = scenario("meet")
        assert antwoord["status"] == 200
        lees_op_primair(antwoord, primair)
        assert "achter (grens" in scenario.log()

        op_standby.execute("SELECT pg_wal_replay_resume()")
        assert scenario("wacht_op_replica")["gezond"], scenario.log()
        lees_op_replica(scenario("meet"), primair, standby)
        status = scenario("status")
        assert status["gezond"] is True and status["achterstand_s"] <= GRENS_S, status
        assert status["healthz"] == 200 and status["leesreplica"] == "ok", status

    # An idle primary sends nothing: the standby is up to date, however old its last replayed
    # transaction (the naive now() - pg_last_xact_replay_timestamp() would exceed the bound).
    time.sleep(GRENS_S + 1)
    status = scenario("status")
    assert status["gezond"] is True and status["achterstand_s"] == 0, status

    duur = time.monotonic() - begin
    print(
        f"leesreplica-scenario: {duur:.1f} s;",
        ", ".join(f"{k} {v:.2f} s" for k, v in duren.items()),
    )
    assert duur < 90
