from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "maillage.activity"
    verbose_name = "Rapport d'activité"
