from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "maillage.outbox"
    verbose_name = "Courriels sortants"
