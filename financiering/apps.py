from django.apps import AppConfig


class FinancieringConfig(AppConfig):
    name = "financiering"
    verbose_name = "Financiering"
