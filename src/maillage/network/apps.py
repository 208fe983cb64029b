from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NetworkConfig(AppConfig):
    name = "maillage.network"
    verbose_name = "Réseau"

    def ready(self) -> None:
        # The modules above the directory (plans, governance…) contribute the map's links,
        # the timelines' entries, what partners see and what a contact's data covers in
        # their ``network_links`` module (see ``registry.py``), loaded here once.
        autodiscover_modules("network_links")
