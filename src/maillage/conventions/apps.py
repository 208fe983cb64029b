from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ConventionsConfig(AppConfig):
    name = "maillage.conventions"
    verbose_name = "Conventions territoriales globales"

    def ready(self) -> None:
        # Registers the roles that must use a second factor (``requires_two_factor``).
        from . import permissions  # noqa: F401, PLC0415  (models must be loaded first)

        # The panels other modules contribute to a CTG's overview (``overview_panel``).
        autodiscover_modules("ctg_overview")
