from celery import shared_task

from .privacy import anonimiseer_verlopen_klanten as _anonimiseer


@shared_task(acks_late=True)
def anonimiseer_verlopen_klanten() -> int:
    """Nightly retention job (Celery beat); safe to run twice: anonymised clients are skipped."""
    return _anonimiseer()
