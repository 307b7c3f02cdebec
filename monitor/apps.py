from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "monitor"
    verbose_name = "Monitor"

    def ready(self) -> None:
        # Registers the Celery tasks and the worker_ready handler in every process, so
        # services can enqueue the render task by name without importing monitor.tasks.
        from . import tasks  # noqa: F401
