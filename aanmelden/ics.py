"""An appointment as an iCalendar file (RFC 5545), written by hand: one VEVENT, times in UTC,
text escaped and lines folded at 75 octets. A move keeps the UID and raises SEQUENCE, so a
calendar updates the appointment instead of adding a second one; a cancellation is METHOD:CANCEL."""

import datetime

from django.utils import timezone


def _tekst(waarde: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11)."""
    return (
        waarde.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _vouw(regel: str) -> str:
    """Fold a content line into chunks of at most 75 octets, continuation lines starting with a
    space (RFC 5545 3.1), never splitting a UTF-8 character."""
    delen: list[str] = []
    huidig, lengte = "", 0
    for teken in regel:
        grootte = len(teken.encode())
        limiet = 75 if not delen else 74
        if lengte + grootte > limiet:
            delen.append(huidig)
            huidig, lengte = "", 0
        huidig += teken
        lengte += grootte
    delen.append(huidig)
    return "\r\n ".join(delen)


def afspraak_ics(
    *,
    uid: str,
    start: datetime.datetime,
    einde: datetime.datetime,
    samenvatting: str,
    locatie: str,
    beschrijving: str,
    organisator_email: str,
    versie: int,
    geannuleerd: bool = False,
) -> bytes:
    regels = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Leerwerkloket//Afspraken//NL",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if geannuleerd else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(einde)}",
        f"SEQUENCE:{versie}",
        f"STATUS:{'CANCELLED' if geannuleerd else 'CONFIRMED'}",
        f"SUMMARY:{_tekst(samenvatting)}",
        f"LOCATION:{_tekst(locatie)}",
        f"DESCRIPTION:{_tekst(beschrijving)}",
        f"ORGANIZER:mailto:{organisator_email}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(_vouw(r) for r in regels) + "\r\n").encode()
