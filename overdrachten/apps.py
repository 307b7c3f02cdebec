from django.apps import AppConfig


class OverdrachtenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "overdrachten"
    verbose_name = "Warme overdrachten"
