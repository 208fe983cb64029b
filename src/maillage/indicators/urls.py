from django.urls import path

from . import views

app_name = "indicators"

CTG = "ctg/<uuid:convention_uuid>/indicateurs/"
ONE = CTG + "<uuid:indicator_uuid>/"

urlpatterns = [
    path(CTG, views.indicator_list, name="list"),
    path(CTG + "nouveau/", views.indicator_edit, name="create"),
    path(ONE, views.indicator_detail, name="detail"),
    path(ONE + "modifier/", views.indicator_edit, name="edit"),
    path(ONE + "valeurs/", views.measurement_add, name="measurement_add"),
    path(
        ONE + "valeurs/<uuid:measurement_uuid>/",
        views.measurement_edit,
        name="measurement_edit",
    ),
    path(
        ONE + "valeurs/<uuid:measurement_uuid>/supprimer/",
        views.measurement_delete,
        name="measurement_delete",
    ),
]
