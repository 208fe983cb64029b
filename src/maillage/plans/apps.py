from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "maillage.plans"
    verbose_name = "Plans d'actions"
