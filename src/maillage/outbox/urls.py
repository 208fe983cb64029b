from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("compte/courriels-non-remis/", views.undelivered, name="undelivered"),
    path(
        "compte/courriels-non-remis/<uuid:message_uuid>/masquer/",
        views.dismiss,
        name="dismiss",
    ),
]
