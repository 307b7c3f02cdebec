"""Mail leaves through Celery after the transaction commits: a slow mail server never blocks a
request, and a rolled-back change sends nothing."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string


@shared_task(
    autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=8, acks_late=True
)
def verstuur_mail(onderwerp: str, tekst: str, aan: list[str]) -> None:
    EmailMessage(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, aan).send()


def mail_na_commit(aan: str, onderwerp: str, template: str, context: dict) -> None:
    """Render a Dutch plain-text mail now; send it by Celery once the transaction commits."""
    tekst = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    transaction.on_commit(lambda: verstuur_mail.delay(onderwerp, tekst, [aan]))
