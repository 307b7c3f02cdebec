from django.apps import AppConfig


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = "Loket en organisaties"
