from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "maillage.conventions"
    verbose_name = "Conventions territoriales globales"
