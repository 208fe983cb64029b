from django.contrib import admin
from django.http import HttpRequest

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Jobs are started from the pages; the administration only watches them."""

    list_display = ("title", "scope", "owner", "status", "attempts", "created_at", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "scope", "owner__email")
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
