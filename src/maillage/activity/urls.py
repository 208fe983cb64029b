from django.urls import path

from . import views_journal, views_remarks, views_reports

app_name = "activity"

CTG = "ctg/<uuid:convention_uuid>/"
JOURNAL = CTG + "journal-activite/"
ENTRY = JOURNAL + "<uuid:entry_uuid>/"
REPORTS = CTG + "rapports/"
REPORT = REPORTS + "<uuid:report_uuid>/"
REMARK = REPORT + "remarques/<uuid:remark_uuid>/"
CAF = "caf/<uuid:caf_uuid>/rapports/"

urlpatterns = [
    path(JOURNAL, views_journal.journal, name="journal"),
    path(JOURNAL + "totaux/", views_journal.journal_totals, name="journal_totals"),
    path(JOURNAL + "nouvelle/", views_journal.entry_edit, name="entry_create"),
    path(ENTRY + "modifier/", views_journal.entry_edit, name="entry_edit"),
    path(ENTRY + "supprimer/", views_journal.entry_delete, name="entry_delete"),
    path(
        JOURNAL + "depuis-reunion/<uuid:meeting_uuid>/",
        views_journal.entry_from_meeting,
        name="entry_from_meeting",
    ),
    path(
        JOURNAL + "depuis-interaction/<uuid:interaction_uuid>/",
        views_journal.entry_from_interaction,
        name="entry_from_interaction",
    ),
    path(REPORTS, views_reports.report_list, name="report_list"),
    path(REPORTS + "commencer/", views_reports.report_start, name="report_start"),
    path(REPORT, views_reports.report_detail, name="report_detail"),
    path(REPORT + "sections/<str:key>/", views_reports.section_save, name="section_save"),
    path(
        REPORT + "sections/<str:key>/inserer/", views_reports.section_insert, name="section_insert"
    ),
    path(
        REPORT + "sections/<str:key>/actualiser/",
        views_reports.section_refresh,
        name="section_refresh",
    ),
    path(REPORT + "approuver/", views_reports.report_approve, name="report_approve"),
    path(REPORT + "remarques/", views_remarks.remark_add, name="remark_add"),
    path(REMARK, views_remarks.remark_edit, name="remark_edit"),
    path(REMARK + "supprimer/", views_remarks.remark_delete, name="remark_delete"),
    path(REMARK + "traitee/", views_remarks.remark_treat, name="remark_treat"),
    path(REPORT + "transmettre/", views_reports.report_transmit, name="report_transmit"),
    path(REPORT + "renvoyer/", views_reports.report_return, name="report_return"),
    path(REPORT + "valider/", views_reports.report_validate, name="report_validate"),
    path(REPORT + "export/<str:fmt>/", views_reports.report_export, name="report_export"),
    path(CAF, views_reports.caf_reports, name="caf_reports"),
    path(
        CAF + "echeances/<int:year>/supprimer/",
        views_reports.caf_due_date_delete,
        name="caf_due_date_delete",
    ),
]
