"""What `make run` and `make test` start: a database, optionally a Celery worker, then the app or pytest.

With DATABASE_URL unset, an embedded PostgreSQL (the `pgserver` package, which ships the server
binaries) runs under .data/pg and is stopped again when this process exits. With REDIS_URL set,
`run` also starts a Celery worker with beat; without it, tasks run eagerly inside the web process.
Ctrl-C stops everything this script started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / ".data"
PYTHON = sys.executable
DEMO_LOGINS = """
Demo-logins (wachtwoord voor alle accounts: {password})
  werkcoach      demo-werkcoach
  projectleider  demo-projectleider
  stuurgroep     demo-stuurgroep
  beheerder      demo-beheerder
"""


def ensure_database(dbname: str) -> None:
    """Point DATABASE_URL at a running PostgreSQL, starting the embedded one if none is configured."""
    if os.environ.get("DATABASE_URL"):
        return
    import pgserver  # dev dependency; only needed without DATABASE_URL

    DATA_DIR.mkdir(exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(DATA_DIR))
    forget_dead_handles(DATA_DIR / "pg")
    # cleanup_mode="stop": the server stops when the last process using it exits.
    server = pgserver.get_server(DATA_DIR / "pg", cleanup_mode="stop")
    found = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{dbname}';")
    if "(1 row)" not in found:
        server.psql(f'CREATE DATABASE "{dbname}";')
    os.environ["DATABASE_URL"] = server.get_uri(dbname)
    print(f"Ingebedde PostgreSQL draait onder {DATA_DIR / 'pg'}", flush=True)


def forget_dead_handles(pgdata: Path) -> None:
    """pgserver counts the processes using the embedded server in a file and stops it when the
    last one exits; a process that was killed never removed itself, so the server would never stop.
    Drop the ids of processes that no longer exist."""
    import psutil
    from pgserver.utils import DiskList

    if pgdata.exists():
        handles = DiskList(pgdata / ".handle_pids.json")
        handles.put([pid for pid in handles.get() if psutil.pid_exists(pid)])


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True)


def run() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings.dev")
    ensure_database("leerwerkloket")
    manage("migrate", "--noinput")
    manage("seed_demo")  # idempotent: loads demo data only into an empty database
    children: list[subprocess.Popen] = []
    if os.environ.get("REDIS_URL"):
        children.append(
            subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "loket",
                    "worker",
                    "--beat",
                    "-Q",
                    "celery,rapporten",
                    "--loglevel",
                    "INFO",
                    "--concurrency",
                    "2",
                ],
                cwd=ROOT,
            )
        )
        print("Celery-worker (met beat) gestart tegen REDIS_URL.", flush=True)
    else:
        print(
            "Geen REDIS_URL: achtergrondtaken draaien direct (eager) in het webproces.", flush=True
        )
    password = os.environ.get("DEMO_PASSWORD", "Leerwerk-demo-2026")
    print(DEMO_LOGINS.format(password=password), flush=True)
    print("Open http://127.0.0.1:8000 (Ctrl-C stopt alles).", flush=True)
    web = subprocess.Popen([PYTHON, "manage.py", "runserver", "127.0.0.1:8000"], cwd=ROOT)
    children.append(web)
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()


def test(pytest_args: list[str]) -> int:
    ensure_database("leerwerkloket")
    steps = [
        [PYTHON, "-m", "ruff", "check", "."],
        [PYTHON, "-m", "ruff", "format", "--check", "."],
        # Settings and strictness per module: [tool.mypy] in pyproject.toml.
        [PYTHON, "-m", "mypy"],
        [PYTHON, "manage.py", "makemigrations", "--check", "--dry-run"],
        [PYTHON, "-m", "pytest", "-n", os.environ.get("PYTEST_WORKERS", "2"), *pytest_args],
    ]
    try:
        for step in steps:
            result = subprocess.run(step, cwd=ROOT)
            if result.returncode != 0:
                return result.returncode
    except KeyboardInterrupt:
        return 130
    return 0


def stop_bij_signaal(signum, frame):
    """Ctrl-C and SIGTERM both end the run through KeyboardInterrupt: the children are stopped and
    the embedded PostgreSQL is shut down by its exit handler (also when SIGINT came in ignored,
    as in a background job)."""
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, stop_bij_signaal)
    signal.signal(signal.SIGTERM, stop_bij_signaal)
    if not argv or argv[0] not in {"run", "test"}:
        print("gebruik: devstack.py run | test [pytest-argumenten]", file=sys.stderr)
        return 2
    if argv[0] == "run":
        return run()
    return test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
