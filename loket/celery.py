"""The Celery app. Without REDIS_URL tasks run eagerly (see settings.base)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings.dev")

app = Celery("loket")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
