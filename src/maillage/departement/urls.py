from django.urls import path

from . import views

app_name = "departement"

CAF = "caf/<uuid:caf_uuid>/"

urlpatterns = [
    path(CAF + "carte/", views.map_view, name="map"),
    path(CAF + "contacts/", views.contacts, name="contacts"),
    path(CAF + "contacts/modifier/", views.contacts_edit, name="contacts_edit"),
]
