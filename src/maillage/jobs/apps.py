from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "maillage.jobs"
    verbose_name = "Traitements en arrière-plan"

    def ready(self) -> None:
        # Each app declares its background tasks and job kinds in its ``tasks`` module,
        # loaded here once so that workers and the periodic schedule find them all.
        autodiscover_modules("tasks")
