from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "maillage.accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        # Signal receivers connect when imported, once the models are loaded.
        from . import signals, twofactor  # noqa: F401, PLC0415
