from django.urls import path

from . import views, views_compliance, views_network

app_name = "departement"

CAF = "caf/<uuid:caf_uuid>/"

NETWORK = CAF + "reseau-cdc/"
NETWORK_MEETING = NETWORK + "<uuid:meeting_uuid>/"

urlpatterns = [
    path(CAF + "carte/", views.map_view, name="map"),
    path(CAF + "contacts/", views.contacts, name="contacts"),
    path(CAF + "contacts/modifier/", views.contacts_edit, name="contacts_edit"),
    path(CAF + "double-authentification/", views.team_two_factor, name="team_two_factor"),
    path(
        CAF + "double-authentification/<uuid:user_uuid>/reinitialiser/",
        views.team_two_factor_reset,
        name="team_two_factor_reset",
    ),
    path(CAF + "suivi/", views_compliance.compliance, name="compliance"),
    path(CAF + "suivi/export/", views_compliance.compliance_export, name="compliance_export"),
    path(NETWORK, views_network.network, name="network"),
    path(NETWORK + "nouvelle/", views_network.meeting_create, name="network_meeting_create"),
    path(NETWORK_MEETING, views_network.meeting_detail, name="network_meeting"),
    path(NETWORK_MEETING + "modifier/", views_network.meeting_edit, name="network_meeting_edit"),
    path(NETWORK_MEETING + "annuler/", views_network.meeting_cancel, name="network_meeting_cancel"),
    path(NETWORK_MEETING + "inviter-les-cdc/", views_network.invite_cdcs, name="network_invite"),
    path(NETWORK_MEETING + "presences/", views_network.attendance, name="network_attendance"),
    path(
        NETWORK_MEETING + "convocations/",
        views_network.convocations_send,
        name="network_convocations",
    ),
    path(
        NETWORK_MEETING + "compte-rendu/", views_network.minutes_edit, name="network_minutes_edit"
    ),
    path(
        NETWORK_MEETING + "compte-rendu/publier/",
        views_network.minutes_publish,
        name="network_minutes_publish",
    ),
    path(
        NETWORK_MEETING + "compte-rendu.<str:fmt>",
        views_network.minutes_document,
        name="network_minutes_document",
    ),
    path(
        NETWORK_MEETING + "reunion.ics",
        views_network.meeting_calendar_file,
        name="network_meeting_ics",
    ),
]
