from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Caf, Organisation


@admin.register(Caf)
class CafAdmin(SimpleHistoryAdmin):
    list_display = ["name", "departement", "shared_mailbox"]
    list_select_related = ["departement"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "category", "caf"]
    list_select_related = ["caf"]
    list_filter = ["kind", "category", "caf"]
    search_fields = ["name", "siren"]
    raw_id_fields = ["commune", "epci"]
