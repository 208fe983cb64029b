from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contact, ContactTheme, Interaction, Partner, PartnerTheme


class ContactThemeInline(admin.TabularInline):
    model = ContactTheme
    extra = 0


class PartnerThemeInline(admin.TabularInline):
    model = PartnerTheme
    extra = 0


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "organisation", "convention", "email"]
    list_select_related = ["organisation", "convention"]
    search_fields = ["last_name", "first_name", "email"]
    raw_id_fields = ["convention", "organisation"]
    inlines = [ContactThemeInline]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "convention", "strategic"]
    list_select_related = ["organisation", "convention"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["convention", "organisation"]
    inlines = [PartnerThemeInline]


@admin.register(Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "subject", "convention"]
    list_select_related = ["convention"]
    search_fields = ["subject"]
    raw_id_fields = ["convention", "author", "contacts", "organisations", "actions"]
