"""The invitation travels through a real SMTP server on localhost (aiosmtpd), sent by the Celery
task after the transaction commits."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.urls import reverse

from loket.constants import Rol


class Ontvanger(Message):
    def __init__(self):
        super().__init__()
        self.berichten = []

    def handle_message(self, message):
        self.berichten.append(message)


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    ontvanger = Ontvanger()
    controller = Controller(ontvanger, hostname="127.0.0.1", port=vrije_poort())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield ontvanger
    controller.stop()


def test_invitation_arrives_by_smtp_after_commit(
    smtp_server, beheerder_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        beheerder_client.post(
            reverse("beheer:uitnodigen"),
            {
                "voornaam": "Sam",
                "achternaam": "Mail",
                "email": "sam@example.nl",
                "rol": Rol.WERKCOACH,
            },
        )
        # Nothing leaves before the commit.
        assert smtp_server.berichten == []
    for callback in callbacks:
        callback()
    assert len(smtp_server.berichten) == 1
    bericht = smtp_server.berichten[0]
    assert bericht["To"] == "sam@example.nl"
    tekst = bericht.get_payload(decode=True).decode()
    assert "/account/uitnodiging/" in tekst and "72 uur" in tekst


@pytest.fixture
def mail_worker(transactional_db, tmp_path, settings):
    """A real Celery worker process (Redis broker) on a queue of this test, sending by SMTP to an
    aiosmtpd server in this process."""
    import redis

    from loket.celery import app

    from ..fouten.werkers import TEST_REDIS_URL, Processen, nieuwe_wachtrij, richt_app_op

    ontvanger = Ontvanger()
    controller = Controller(ontvanger, hostname="127.0.0.1", port=vrije_poort())
    controller.start()
    wachtrij = nieuwe_wachtrij()
    redis.Redis.from_url(TEST_REDIS_URL).ping()  # no Redis is a failure, not a skip
    settings.CELERY_TASK_ALWAYS_EAGER = False
    herstel = richt_app_op(TEST_REDIS_URL, wachtrij)
    app.conf.task_routes = {
        **app.conf.task_routes,
        "beheer.tasks.verstuur_mail": {"queue": wachtrij},
    }
    app.amqp.flush_routes()  # the route table is prepared when flushed, not when read
    app.amqp.__dict__.pop("router", None)
    processen = Processen(tmp_path, TEST_REDIS_URL, wachtrij)
    worker = processen.worker(
        env={
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(controller.port),
        }
    )
    worker.ontvanger = ontvanger
    yield worker
    processen.stop()
    herstel()
    controller.stop()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_invitation_mail_goes_through_redis_a_worker_and_smtp(mail_worker, client, beheerder):
    from ..conftest import login_met_tweede_factor
    from ..fouten.werkers import wacht_tot

    login_met_tweede_factor(client, beheerder)
    response = client.post(
        reverse("beheer:uitnodigen"),
        {"voornaam": "Sam", "achternaam": "Mail", "email": "sam@example.nl", "rol": Rol.WERKCOACH},
    )
    assert response.status_code == 302
    wacht_tot(lambda: mail_worker.ontvanger.berichten, mail_worker, wat="de mail is aangekomen")
    bericht = mail_worker.ontvanger.berichten[0]
    assert bericht["To"] == "sam@example.nl"
    assert "/account/uitnodiging/" in bericht.get_payload(decode=True).decode()
