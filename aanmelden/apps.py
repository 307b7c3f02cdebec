from django.apps import AppConfig


class AanmeldenConfig(AppConfig):
    name = "aanmelden"
    verbose_name = "Aanmelden, afspraken en enquêtes"
