from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import CafMembership, ConventionMembership, User


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


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["full_name", "email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["full_name", "phone"]}),
        ("Droits", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
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
