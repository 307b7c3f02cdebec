"""Health check of a Celery worker (docker-compose runs it in the worker's container).

`celery inspect ping` alone says that some worker of that name answers. This also checks what the
worker needs to be useful: it consumes the queues it is there for (a worker started without
`-Q ...,rapporten` answers pings but never renders a report), and the database is reachable.
One control round trip (active_queues) answers both "alive" and "which queues"."""

import socket

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from loket.celery import app


class Command(BaseCommand):
    requires_system_checks = []  # runs every 30 s in a container: only what it checks itself
    help = (
        "Controleert of de Celery-worker gezond is: hij antwoordt binnen de tijd, luistert naar "
        "de rapportenwachtrij en de database is bereikbaar. Geeft een foutcode als dat niet zo is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--node",
            default=f"celery@{socket.gethostname()}",
            help="Naam van de worker (standaard celery@<hostnaam>, de naam die celery zelf kiest).",
        )
        parser.add_argument(
            "--wachtrij",
            action="append",
            dest="wachtrijen",
            help="Wachtrij waar de worker naar moet luisteren (herhaalbaar; standaard de "
            "rapportenwachtrij).",
        )
        parser.add_argument(
            "--timeout", type=float, default=5.0, help="Seconden wachten op antwoord."
        )

    def handle(self, *args, node, wachtrijen, timeout, **options):
        wachtrijen = wachtrijen or [settings.RAPPORTEN_WACHTRIJ]
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as exc:
            raise CommandError(f"De database is niet bereikbaar: {exc}") from exc
        try:
            antwoord = app.control.inspect(destination=[node], timeout=timeout).active_queues()
        except Exception as exc:  # whatever the transport raised: the worker cannot be asked
            raise CommandError(f"De wachtrij (broker) is niet bereikbaar: {exc}") from exc
        if not antwoord or node not in antwoord:
            raise CommandError(f"Worker {node} antwoordt niet binnen {timeout:g} s.")
        actief = {wachtrij["name"] for wachtrij in antwoord[node]}
        ontbreekt = sorted(set(wachtrijen) - actief)
        if ontbreekt:
            raise CommandError(
                f"Worker {node} luistert niet naar {', '.join(ontbreekt)} "
                f"(wel naar {', '.join(sorted(actief)) or 'niets'})."
            )
        self.stdout.write(f"Worker {node} is gezond: wachtrijen {', '.join(sorted(actief))}.")
