from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from maillage.accounts.admin import UserAdmin
from maillage.accounts.models import User

from .models import CafMembership, Convention, ConventionMembership, ConventionTheme, Signatory


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


class ConventionMembershipInline(admin.TabularInline):
    model = ConventionMembership
    fk_name = "user"
    extra = 0
    raw_id_fields = ["convention", "invited_by"]
    fields = ["convention", "role", "is_active", "invited_by"]


class CafMembershipInline(admin.TabularInline):
    model = CafMembership
    extra = 0
    fields = ["caf", "role", "theme", "is_active"]


# Accounts knows users only: their memberships are shown on the user's page from here.
admin.site.unregister(User)


@admin.register(User)
class UserWithMembershipsAdmin(UserAdmin):
    inlines = [CafMembershipInline, ConventionMembershipInline]


@admin.register(ConventionMembership)
class ConventionMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "convention", "role", "is_active"]
    list_select_related = ["user", "convention"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__full_name", "user__email", "convention__name"]
    raw_id_fields = ["user", "convention", "invited_by"]


@admin.register(CafMembership)
class CafMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "caf", "role", "theme", "is_active"]
    list_select_related = ["user", "caf"]
    list_filter = ["role", "is_active", "caf"]
    search_fields = ["user__full_name", "user__email"]
    raw_id_fields = ["user"]
