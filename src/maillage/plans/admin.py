from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, ActionPlan, Axis, BudgetLine, Note, Objective, Step


class StepInline(admin.TabularInline):
    model = Step
    extra = 0


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    raw_id_fields = ["financeur"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["convention", "created_at"]
    list_select_related = ["convention"]
    search_fields = ["convention__name"]


@admin.register(Axis)
class AxisAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan"]
    list_select_related = ["plan__convention"]
    search_fields = ["title"]


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "axis"]
    list_select_related = ["axis"]
    search_fields = ["title"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "status", "priority", "pilot", "end_date"]
    list_select_related = ["axis", "plan__convention", "pilot"]
    list_filter = ["status", "priority", "confidential"]
    list_per_page = 50
    search_fields = ["title"]
    raw_id_fields = [
        "plan",
        "axis",
        "pilot",
        "pilot_organisation",
        "elu_referent",
        "copilots",
        "partners",
        "communes",
        "objectives",
    ]
    inlines = [StepInline, BudgetLineInline]


@admin.register(Note)
class NoteAdmin(SimpleHistoryAdmin):
    list_display = ["action", "date", "author"]
    list_select_related = ["action__axis", "author"]
    raw_id_fields = ["action", "author"]
