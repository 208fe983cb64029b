from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActivityReport,
    JournalEntry,
    ReportDueDate,
    ReportEvent,
    ReportRemark,
    ReportReminder,
    ReportSection,
)


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "description", "duration", "attendu", "author", "convention"]
    list_select_related = ["author", "convention"]
    list_filter = ["attendu", "mission", "sphere"]
    search_fields = ["description"]
    raw_id_fields = [
        "convention",
        "author",
        "action",
        "meeting",
        "interaction",
        "contact",
        "organisation",
    ]
    date_hierarchy = "date"


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 0


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    raw_id_fields = ["by"]


class ReportRemarkInline(admin.StackedInline):
    model = ReportRemark
    extra = 0
    raw_id_fields = ["author", "treated_by"]


@admin.register(ActivityReport)
class ActivityReportAdmin(SimpleHistoryAdmin):
    list_display = ["year", "convention", "author", "status"]
    list_select_related = ["convention", "author"]
    list_filter = ["status", "year"]
    raw_id_fields = ["convention", "author", "approved_by"]
    inlines = [ReportSectionInline, ReportRemarkInline, ReportEventInline]


@admin.register(ReportDueDate)
class ReportDueDateAdmin(SimpleHistoryAdmin):
    list_display = ["year", "caf", "due_date"]
    list_select_related = ["caf"]


@admin.register(ReportReminder)
class ReportReminderAdmin(admin.ModelAdmin):
    list_display = ["year", "kind", "user", "convention", "sent_at"]
    list_select_related = ["user", "convention"]
    raw_id_fields = ["user", "convention"]
