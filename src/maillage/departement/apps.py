from django.apps import AppConfig


class DepartementConfig(AppConfig):
    name = "maillage.departement"
    verbose_name = "Département (vue de la Caf)"
