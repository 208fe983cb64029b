from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "maillage.indicators"
    verbose_name = "Indicateurs"
