from django.urls import path

from . import views, views_dashboard, views_documents, views_excel, views_files, views_items

app_name = "plans"

CTG = "ctg/<uuid:convention_uuid>/plan/"
FICHE = CTG + "fiches/<uuid:action_uuid>/"

urlpatterns = [
    path(CTG, views.tree, name="tree"),
    path(CTG + "export.xlsx", views_excel.plan_export, name="plan_export"),
    path(CTG + "import/", views_excel.plan_import, name="plan_import"),
    path(CTG + "document.<str:fmt>", views_documents.plan_document, name="plan_document"),
    path(CTG + "axes/nouveau/", views.axis_create, name="axis_create"),
    path(CTG + "axes/<uuid:axis_uuid>/", views.axis_edit, name="axis_edit"),
    path(CTG + "axes/<uuid:axis_uuid>/deplacer/", views.axis_move, name="axis_move"),
    path(CTG + "axes/<uuid:axis_uuid>/supprimer/", views.axis_delete, name="axis_delete"),
    path(
        CTG + "axes/<uuid:axis_uuid>/objectifs/nouveau/",
        views.objective_create,
        name="objective_create",
    ),
    path(CTG + "objectifs/<uuid:objective_uuid>/", views.objective_edit, name="objective_edit"),
    path(
        CTG + "objectifs/<uuid:objective_uuid>/supprimer/",
        views.objective_delete,
        name="objective_delete",
    ),
    path(CTG + "fiches/", views.action_list, name="action_list"),
    path(CTG + "tableau-de-bord/", views_dashboard.dashboard, name="dashboard"),
    path(CTG + "calendrier/", views_dashboard.timeline, name="timeline"),
    path(CTG + "fiches/nouvelle/", views.action_create, name="action_create"),
    path(FICHE, views.action_detail, name="action_detail"),
    path(FICHE + "modifier/", views.action_edit, name="action_edit"),
    path(FICHE + "supprimer/", views.action_delete, name="action_delete"),
    path(FICHE + "document.<str:fmt>", views_documents.action_document, name="action_document"),
    path(FICHE + "etapes/", views.step_add, name="step_add"),
    path(FICHE + "etapes/reporter/", views_items.step_reschedule, name="step_reschedule"),
    path(FICHE + "etapes/<uuid:step_uuid>/basculer/", views.step_toggle, name="step_toggle"),
    path(FICHE + "etapes/<uuid:step_uuid>/", views_items.step_edit, name="step_edit"),
    path(FICHE + "etapes/<uuid:step_uuid>/supprimer/", views_items.step_delete, name="step_delete"),
    path(FICHE + "etapes/<uuid:step_uuid>/deplacer/", views_items.step_move, name="step_move"),
    path(FICHE + "budget/", views.budget_add, name="budget_add"),
    path(FICHE + "budget/<uuid:line_uuid>/", views_items.budget_edit, name="budget_edit"),
    path(FICHE + "budget/<uuid:line_uuid>/supprimer/", views.budget_delete, name="budget_delete"),
    path(FICHE + "notes/", views.note_add, name="note_add"),
    path(FICHE + "notes/<uuid:note_uuid>/", views_items.note_edit, name="note_edit"),
    path(FICHE + "notes/<uuid:note_uuid>/supprimer/", views_items.note_delete, name="note_delete"),
    path(FICHE + "documents/", views_files.document_upload, name="document_upload"),
    path(
        FICHE + "documents/<uuid:document_uuid>/",
        views_files.document_download,
        name="document_download",
    ),
    path(
        FICHE + "documents/<uuid:document_uuid>/retirer/",
        views_files.document_delete,
        name="document_delete",
    ),
]
