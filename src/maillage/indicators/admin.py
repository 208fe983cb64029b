from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, Measurement


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "convention", "unit", "target_value"]
    list_select_related = ["convention"]
    search_fields = ["name"]
    raw_id_fields = ["convention", "actions", "objectives"]
    inlines = [MeasurementInline]
