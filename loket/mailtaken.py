"""What every mail task shares: how it retries, and how a request queues it without waiting.

Mail is sent by Celery after the transaction commits, retried with backoff when the mail server
fails, and never blocks the request that caused it (ADR 0053)."""

import logging
from smtplib import SMTPException
from typing import Any

from django.db import transaction

logger = logging.getLogger("loket.mail")

# The options of every mail task (`@shared_task(**MAIL_RETRY)`).
MAIL_RETRY: dict[str, Any] = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 10,
    "acks_late": True,
}


def stuur_na_commit(taak: Any, *args: Any) -> None:
    """Queue `taak` once the transaction commits. A broker that is away is logged, not raised:
    each app's sweep sends whatever is still unsent."""

    def stuur() -> None:
        try:
            taak.delay(*args)
        except Exception:  # noqa: BLE001 - kombu raises several kinds; the sweep recovers
            logger.warning("taak %s niet in de wachtrij gezet; de veegtaak pakt hem op", taak.name)

    transaction.on_commit(stuur)
