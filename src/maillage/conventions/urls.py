from django.urls import path

from . import views

app_name = "conventions"

urlpatterns = [
    path("nouvelle/", views.create, name="create"),
    path("<uuid:convention_uuid>/", views.detail, name="detail"),
    path("<uuid:convention_uuid>/modifier/", views.edit, name="edit"),
    path("<uuid:convention_uuid>/historique/", views.history, name="history"),
    path("<uuid:convention_uuid>/territoire/", views.territory, name="territory"),
    path("<uuid:convention_uuid>/signataires/", views.signatories, name="signatories"),
    path(
        "<uuid:convention_uuid>/signataires/<uuid:signatory_uuid>/retirer/",
        views.signatory_remove,
        name="signatory_remove",
    ),
]
