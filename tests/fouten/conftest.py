"""Fixtures of the fault tests: a private Redis, this process's Celery app pointed at it on a
queue of the test's own, and real worker/beat processes (see werkers.py)."""

import pytest

from .werkers import PriveRedis, Processen, nieuwe_wachtrij, richt_app_op


@pytest.fixture
def prive_redis(tmp_path):
    server = PriveRedis(tmp_path / "redis")
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def wachtrij(prive_redis, settings):
    """The test's queue on its private Redis; this process sends the report tasks there."""
    naam = nieuwe_wachtrij()
    herstel = richt_app_op(prive_redis.url, naam)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield naam
    finally:
        herstel()


@pytest.fixture
def processen(prive_redis, wachtrij, transactional_db, tmp_path):
    """processen.worker(...) / processen.beat(...): started against the test's database, broker
    and queue; all stopped (and killed if need be) at the end."""
    gestart = Processen(tmp_path, prive_redis.url, wachtrij)
    try:
        yield gestart
    finally:
        gestart.stop()
