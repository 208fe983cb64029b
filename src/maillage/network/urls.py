from django.urls import path

from . import views, views_graph, views_interactions, views_partners, views_transfer

app_name = "network"

CTG = "ctg/<uuid:convention_uuid>/annuaire/"
CONTACT = CTG + "contacts/<uuid:contact_uuid>/"
PARTNER = CTG + "organisations/<uuid:partner_uuid>/"
INTERACTION = CTG + "journal/<uuid:interaction_uuid>/"

urlpatterns = [
    path(CTG, views.directory, name="directory"),
    path(CTG + "carte-du-reseau/", views_graph.network_graph, name="graph"),
    path(CTG + "contacts/nouveau/", views.contact_edit, name="contact_create"),
    path(CTG + "contacts/import/", views_transfer.contact_import, name="contact_import"),
    path(
        CTG + "contacts/import/correspondance/",
        views_transfer.contact_import_map,
        name="contact_import_map",
    ),
    path(CTG + "contacts/export/<str:fmt>/", views_transfer.contact_export, name="contact_export"),
    path(CONTACT, views.contact_detail, name="contact_detail"),
    path(CONTACT + "modifier/", views.contact_edit, name="contact_edit"),
    path(CONTACT + "effacer/", views.contact_erase, name="contact_erase"),
    path(CONTACT + "fusionner/", views_transfer.contact_merge, name="contact_merge"),
    path(CONTACT + "donnees/", views_transfer.contact_data, name="contact_data"),
    path(CTG + "organisations/", views_partners.partner_list, name="partner_list"),
    path(CTG + "organisations/ajouter/", views_partners.partner_create, name="partner_create"),
    path(CTG + "organisations/sans-contact/", views_partners.partner_silent, name="partner_silent"),
    path(PARTNER, views_partners.partner_detail, name="partner_detail"),
    path(PARTNER + "modifier/", views_partners.partner_edit, name="partner_edit"),
    path(PARTNER + "retirer/", views_partners.partner_remove, name="partner_remove"),
    path(CTG + "journal/", views_interactions.interaction_list, name="interaction_list"),
    path(CTG + "journal/nouveau/", views_interactions.interaction_edit, name="interaction_create"),
    path(INTERACTION + "modifier/", views_interactions.interaction_edit, name="interaction_edit"),
    path(
        INTERACTION + "supprimer/",
        views_interactions.interaction_delete,
        name="interaction_delete",
    ),
]
