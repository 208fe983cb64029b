from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    Body,
    BodyMember,
    Decision,
    DecisionComment,
    Invitation,
    Meeting,
    MeetingDocument,
)


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0
    raw_id_fields = ["user", "contact", "organisation"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    raw_id_fields = ["actions"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ["user", "contact", "organisation"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "convention", "caf"]
    list_select_related = ["convention", "caf"]
    search_fields = ["name"]
    raw_id_fields = ["convention", "caf"]
    inlines = [BodyMemberInline]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    # A visio link typed without its scheme is a secure one, as in the meeting's form.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "body", "start", "status"]
    list_select_related = ["body"]
    search_fields = ["title"]
    raw_id_fields = ["body"]
    inlines = [AgendaItemInline, InvitationInline]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "meeting", "status", "due_date"]
    raw_id_fields = ["meeting", "owner", "applied_by", "actions"]


@admin.register(DecisionComment)
class DecisionCommentAdmin(SimpleHistoryAdmin):
    list_display = ["decision", "author", "created_at"]
    raw_id_fields = ["decision", "author"]


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "meeting"]
    raw_id_fields = ["meeting"]
