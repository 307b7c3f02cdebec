"""Project package: settings, urls, the Celery app and the core models (Regio, Loket, Organisatie, User)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
