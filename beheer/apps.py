from django.apps import AppConfig


class BeheerConfig(AppConfig):
    name = "beheer"
    verbose_name = "Beheer van loketten en accounts"

    def ready(self):
        from . import signals  # noqa: F401
