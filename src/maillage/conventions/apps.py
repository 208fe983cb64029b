from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "maillage.conventions"
    verbose_name = "Conventions territoriales globales"

    def ready(self) -> None:
        # Registers the roles that must use a second factor (``requires_two_factor``).
        from . import permissions  # noqa: F401
