from django.urls import path

from . import views

app_name = "network"

CTG = "ctg/<uuid:convention_uuid>/annuaire/"
CONTACT = CTG + "contacts/<uuid:contact_uuid>/"

urlpatterns = [
    path(CTG, views.directory, name="directory"),
    path(CTG + "contacts/nouveau/", views.contact_edit, name="contact_create"),
    path(CONTACT, views.contact_detail, name="contact_detail"),
    path(CONTACT + "modifier/", views.contact_edit, name="contact_edit"),
    path(CONTACT + "effacer/", views.contact_erase, name="contact_erase"),
]
