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
