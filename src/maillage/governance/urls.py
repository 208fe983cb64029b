from django.urls import path

from . import views, views_decisions, views_files

app_name = "governance"

CTG = "ctg/<uuid:convention_uuid>/gouvernance/"
INSTANCE = CTG + "instances/<uuid:instance_uuid>/"
MEETING = CTG + "reunions/<uuid:meeting_uuid>/"

urlpatterns = [
    path(CTG, views.meeting_list, name="meeting_list"),
    path(CTG + "reunions/nouvelle/", views.meeting_start, name="meeting_start"),
    path(CTG + "instances/", views.instance_list, name="instance_list"),
    path(CTG + "instances/nouvelle/", views.instance_create, name="instance_create"),
    path(INSTANCE, views.instance_detail, name="instance_detail"),
    path(INSTANCE + "modifier/", views.instance_edit, name="instance_edit"),
    path(INSTANCE + "reunions/nouvelle/", views.meeting_create, name="meeting_create"),
    path(MEETING, views.meeting_detail, name="meeting_detail"),
    path(MEETING + "modifier/", views.meeting_edit, name="meeting_edit"),
    path(MEETING + "annuler/", views.meeting_cancel, name="meeting_cancel"),
    path(MEETING + "convocations/", views.convocations_send, name="convocations_send"),
    path(MEETING + "liste-copil/", views.checklist, name="checklist"),
    path(MEETING + "ordre-du-jour/", views.agenda_add, name="agenda_add"),
    path(
        MEETING + "ordre-du-jour/<uuid:item_uuid>/deplacer/",
        views.agenda_move,
        name="agenda_move",
    ),
    path(
        MEETING + "ordre-du-jour/<uuid:item_uuid>/retirer/",
        views.agenda_delete,
        name="agenda_delete",
    ),
    path(MEETING + "invitations/", views.invitation_add, name="invitation_add"),
    path(
        MEETING + "invitations/<uuid:invitation_uuid>/",
        views.invitation_update,
        name="invitation_update",
    ),
    path(
        MEETING + "invitations/<uuid:invitation_uuid>/retirer/",
        views.invitation_remove,
        name="invitation_remove",
    ),
    path(MEETING + "compte-rendu/", views.minutes_edit, name="minutes_edit"),
    path(MEETING + "compte-rendu/publier/", views.minutes_publish, name="minutes_publish"),
    path(MEETING + "compte-rendu.<str:fmt>", views.minutes_document, name="minutes_document"),
    path(MEETING + "reunion.ics", views.meeting_calendar_file, name="meeting_ics"),
    path(MEETING + "documents/", views_files.document_upload, name="document_upload"),
    path(
        MEETING + "documents/<uuid:document_uuid>/",
        views_files.document_download,
        name="document_download",
    ),
    path(
        MEETING + "documents/<uuid:document_uuid>/retirer/",
        views_files.document_delete,
        name="document_delete",
    ),
    path(MEETING + "decisions/nouvelle/", views_decisions.decision_add, name="decision_add"),
    path(
        MEETING + "decisions/<uuid:decision_uuid>/",
        views_decisions.decision_edit,
        name="decision_edit",
    ),
    path(
        MEETING + "decisions/<uuid:decision_uuid>/appliquer/",
        views_decisions.decision_apply,
        name="decision_apply",
    ),
    path(
        MEETING + "decisions/<uuid:decision_uuid>/discussion/",
        views_decisions.decision_detail,
        name="decision_detail",
    ),
    path(
        MEETING + "decisions/<uuid:decision_uuid>/commentaires/",
        views_decisions.decision_comment_add,
        name="decision_comment_add",
    ),
    path(
        MEETING + "decisions/<uuid:decision_uuid>/commentaires/<uuid:comment_uuid>/",
        views_decisions.decision_comment_edit,
        name="decision_comment_edit",
    ),
    path(
        MEETING + "decisions/<uuid:decision_uuid>/commentaires/<uuid:comment_uuid>/supprimer/",
        views_decisions.decision_comment_delete,
        name="decision_comment_delete",
    ),
    path("agenda/abonnement/", views_files.feed_settings, name="feed_settings"),
    path("agenda/<str:token>.ics", views_files.feed, name="feed"),
]
