from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("aide/", views.help_page, name="help"),
    path("compte/preferences/", views.preferences, name="preferences"),
]
