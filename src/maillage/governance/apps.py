from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "maillage.governance"
    verbose_name = "Gouvernance"
