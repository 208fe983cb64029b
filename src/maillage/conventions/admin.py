from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Convention, ConventionTheme, Signatory


class ThemeInline(admin.TabularInline):
    model = ConventionTheme
    extra = 0


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Convention)
class ConventionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "caf", "epci", "start_date", "end_date", "cdt"]
    list_select_related = ["caf", "epci", "cdt"]
    list_filter = ["caf"]
    list_per_page = 50
    search_fields = ["name"]
    raw_id_fields = ["epci", "cdt", "communes"]
    inlines = [ThemeInline, SignatoryInline]
