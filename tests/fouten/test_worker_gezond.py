"""The worker's health check (`manage.py worker_gezond`, docker-compose's worker healthcheck):
healthy only when the worker answers by its name, consumes the rapporten queue and the database
is reachable."""

import io
import re
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

ROOT = Path(__file__).resolve().parents[2]


def gezond(*argumenten) -> str:
    uitvoer = io.StringIO()
    call_command("worker_gezond", *argumenten, stdout=uitvoer)
    return uitvoer.getvalue()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_healthy_only_when_it_answers_consumes_the_queue_and_reaches_the_database(
    processen, prive_redis, wachtrij
):
    worker = processen.worker()
    assert f"Worker {worker.naam} is gezond" in gezond(
        "--node", worker.naam, "--wachtrij", wachtrij, "--timeout", "5"
    )
    # Without --wachtrij the rapporten queue is required, and this worker does not consume it.
    with pytest.raises(
        CommandError, match=rf"luistert niet naar rapporten \(wel naar {wachtrij}\)"
    ):
        gezond("--node", worker.naam, "--timeout", "5")
    with pytest.raises(CommandError, match="antwoordt niet binnen 1 s"):
        gezond(
            "--node", f"bestaat-niet-{wachtrij}@nergens", "--wachtrij", wachtrij, "--timeout", "1"
        )
    kapot = mock.Mock()
    kapot.cursor.side_effect = OperationalError("connection refused")
    with (
        mock.patch("loket.management.commands.worker_gezond.connection", kapot),
        pytest.raises(CommandError, match="De database is niet bereikbaar"),
    ):
        gezond("--node", worker.naam, "--wachtrij", wachtrij)

    prive_redis.stop()
    begin = time.monotonic()
    with pytest.raises(CommandError, match="niet bereikbaar"):
        gezond("--node", worker.naam, "--wachtrij", wachtrij, "--timeout", "5")
    assert time.monotonic() - begin < 5


def test_docker_compose_checks_the_worker_that_renders_reports():
    tekst = (ROOT / "docker-compose.yml").read_text()
    worker = re.search(r"\n  worker:\n(.*?)\n  \w+:\n", tekst, re.S).group(1)
    assert '"-Q", "celery,rapporten"' in worker
    assert 'test: ["CMD", "python", "manage.py", "worker_gezond", "--timeout", "5"]' in worker
