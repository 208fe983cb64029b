from django.apps import AppConfig


class WebConfig(AppConfig):
    """The top layer: home page, navigation, the user's own page and the public pages."""

    name = "maillage.web"
    verbose_name = "Pages d'accueil"
