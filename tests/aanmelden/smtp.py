"""A real SMTP server on localhost (aiosmtpd) on a free port; tests read the mails it received."""

import email
import email.policy
import socket
from dataclasses import dataclass, field

import icalendar
import pytest
from aiosmtpd.controller import Controller


class Ontvanger:
    def __init__(self):
        self.berichten: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.berichten.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


@dataclass
class Postbus:
    ontvanger: Ontvanger
    weigeren: list = field(default_factory=list)

    @property
    def berichten(self):
        return self.ontvanger.berichten

    def aan(self, adres: str):
        return [b for b in self.berichten if adres in b["To"]]


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Django's SMTP backend against the local server."""
    ontvanger = Ontvanger()
    poort = vrije_poort()
    controller = Controller(ontvanger, hostname="127.0.0.1", port=poort)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = poort
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield Postbus(ontvanger)
    finally:
        controller.stop()


def tekst(bericht) -> str:
    return bericht.get_body(preferencelist=("plain",)).get_content()


def ics_van(bericht) -> icalendar.Calendar | None:
    for deel in bericht.iter_attachments():
        if deel.get_content_type() == "text/calendar":
            return icalendar.Calendar.from_ical(deel.get_payload(decode=True))
    return None


def link_uit(bericht, pad: str) -> str:
    """The path of the first link in the mail that contains `pad`."""
    for woord in tekst(bericht).split():
        if pad in woord:
            return woord[woord.index("/aanmelden/") :]
    raise AssertionError(f"geen link met {pad} in de mail")
