from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "maillage.core"
    verbose_name = "Socle"

    def ready(self) -> None:
        # Each module that contributes facts to the annual report says so in its
        # ``report_facts`` module, loaded here once into the registry of core.facts, so
        # that whoever reads the registry finds it filled, whatever the order of the apps.
        autodiscover_modules("report_facts")
