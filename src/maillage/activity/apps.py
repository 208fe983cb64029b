from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "maillage.activity"
    verbose_name = "Rapport d'activité"

    def ready(self) -> None:
        # Each module that contributes facts to the annual report says so in its
        # ``report_facts`` module, loaded here once.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("report_facts")
