"""The Caf's network of chargés de coopération: its meetings, attendance and minutes.

The meetings are the governance module's (services, convocations, .ics, minutes' exports),
held by the Caf's own instance instead of a CTG's.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.conventions.permissions import caf_roles
from maillage.governance import meeting_steps as steps
from maillage.governance import services
from maillage.governance.enums import Attendance, MeetingStatus
from maillage.governance.forms import MeetingForm, MinutesForm
from maillage.governance.models import Meeting
from maillage.governance.selectors import meeting_page_data
from maillage.organisations.models import Caf

from .forms import NetworkAttendanceForm
from .network import (
    get_network_meeting_for_user,
    network_meetings,
    participation_since,
    participation_table,
)
from .permissions import can_manage_cdc_network, can_view_cdc_network, can_view_compliance
from .selectors import get_caf_for_user


def _caf(request: HttpRequest, caf_uuid: uuid.UUID, *, manage: bool = False) -> Caf:
    caf = get_caf_for_user(request.user, caf_uuid)
    allowed = can_manage_cdc_network if manage else can_view_cdc_network
    if not allowed(request.user, caf):
        raise PermissionDenied
    return caf


def _meeting(
    request: HttpRequest, caf_uuid: uuid.UUID, meeting_uuid: uuid.UUID, *, manage: bool = False
) -> tuple[Caf, Meeting]:
    caf = _caf(request, caf_uuid, manage=manage)
    return caf, get_network_meeting_for_user(request.user, caf, meeting_uuid)


def _render(request: HttpRequest, template: str, caf: Caf, **context: Any) -> HttpResponse:
    return render(
        request,
        template,
        {
            "caf": caf,
            "can_view_cdc_network": True,
            "can_view_compliance": can_view_compliance(request.user, caf),
            "can_manage": can_manage_cdc_network(request.user, caf),
            **context,
        },
    )


def _back(caf: Caf, meeting: Meeting, anchor: str = "") -> HttpResponse:
    response = redirect("departement:network_meeting", caf_uuid=caf.uuid, meeting_uuid=meeting.uuid)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@require_GET
def network(request: HttpRequest, caf_uuid: uuid.UUID) -> HttpResponse:
    """The network's meetings and, for the Caf, each CDC's participation over 12 months."""
    caf = _caf(request, caf_uuid)
    meetings = network_meetings(request.user, caf)
    now = timezone.now()
    since = participation_since()
    rows = participation_table(caf, since)
    if not request.user.is_superuser and not caf_roles(request.user, caf):
        # A chargé de coopération sees their own participation, not their colleagues'.
        rows = [r for r in rows if r.user_id == request.user.pk]
    return _render(
        request,
        "departement/network.html",
        caf,
        upcoming=list(meetings.filter(end__gte=now).order_by("start")),
        past=list(meetings.filter(end__lt=now).order_by("-start")[:100]),
        rows=rows,
        since=since,
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, caf_uuid: uuid.UUID) -> HttpResponse:
    caf = _caf(request, caf_uuid, manage=True)
    form = MeetingForm(
        request.POST or None, initial={"title": "Réunion du réseau des chargés de coopération"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            body = services.network_body_get_or_create(caf=caf, by=request.user)
            meeting = services.meeting_create(
                body=body,
                by=request.user,
                title=data["title"],
                start=data["start"],
                end=data["end"],
                place=data["place"],
                video_link=data["video_link"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                "La réunion du réseau est planifiée. Invitez les chargés de coopération, "
                "puis envoyez les convocations.",
            )
            return _back(caf, meeting)
    return _render(
        request,
        "departement/network_form.html",
        caf,
        form=form,
        title="Nouvelle réunion du réseau des chargés de coopération",
    )


@require_GET
def meeting_detail(
    request: HttpRequest, caf_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    caf, meeting = _meeting(request, caf_uuid, meeting_uuid)
    manage = can_manage_cdc_network(request.user, caf)
    detail = meeting_page_data(meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "read_minutes": meeting.minutes_published or manage,
        **detail,
    }
    if meeting.status == MeetingStatus.TENUE:
        from maillage.activity.views_journal import journal_ctgs

        # A CDC files a network meeting in the journal of one of their CTGs of this Caf.
        context["journal_ctgs"] = [c for c in journal_ctgs(request.user) if c.caf_id == caf.pk]
    if manage and not meeting.is_cancelled:
        context["attendance_choices"] = Attendance.choices
        context["attendance_form"] = NetworkAttendanceForm(invitations=detail["invitations"])  # type: ignore[arg-type]
    return _render(request, "departement/network_meeting.html", caf, **context)


@require_http_methods(["GET", "POST"])
def meeting_edit(
    request: HttpRequest, caf_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    caf, meeting = _meeting(request, caf_uuid, meeting_uuid, manage=True)
    form = MeetingForm(
        request.POST or None, initial=MeetingForm.initial_for(meeting), with_status=True
    )
    if request.method == "POST" and steps.save_meeting(request, meeting, form):
        return _back(caf, meeting)
    return _render(
        request,
        "departement/network_form.html",
        caf,
        form=form,
        title=f"Modifier la réunion « {meeting.title} »",
        back=meeting,
    )


@require_POST
def meeting_cancel(
    request: HttpRequest, caf_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    caf, meeting = _meeting(request, caf_uuid, meeting_uuid, manage=True)
    steps.cancel_meeting(request, meeting)
    return _back(caf, meeting)


@require_POST
def invite_cdcs(request: HttpRequest, caf_uuid: uuid.UUID, meeting_uuid: uuid.UUID) -> HttpResponse:
    caf, meeting = _meeting(request, caf_uuid, meeting_uuid, manage=True)
    try:
        count = services.network_invite_cdcs(meeting=meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if count:
            messages.success(request, f"{count} chargé·e(s) de coopération invité·e(s).")
        else:
            messages.success(request, "Tous les chargés de coopération sont déjà invités.")
    return _back(caf, meeting, "invites")


@require_POST
def attendance(request: HttpRequest, caf_uuid: uuid.UUID, meeting_uuid: uuid.UUID) -> HttpResponse:
    caf, meeting = _meeting(request, caf_uuid, meeting_uuid, manage=True)
    invitations = list(meeting.invitations.select_related("user", "contact"))
    form = NetworkAttendanceForm(request.POST, invitations=invitations)
    if form.is_valid():
        services.attendance_record(meeting=meeting, by=request.user, statuses=form.statuses())
        messages.success(request, "Présences enregistrées.")
    else:
        messages.error(request, "Rien n'a été enregistré : une présence choisie est invalide.")
    return _back(caf, meeting, "invites")


@require_POST
def convocations_send(
    request: HttpRequest, caf_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    caf, meeting = _meeting(request, caf_uuid, meeting_uuid, manage=True)
    steps.send_convocations(request, meeting)
    return _back(caf, meeting, "invites")


@require_http_methods(["GET", "POST"])
def minutes_edit(
    request: HttpRequest, caf_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    caf, meeting = _meeting(request, caf_uuid, meeting_uuid, manage=True)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and steps.save_minutes(request, meeting, form):
        return _back(caf, meeting, "compte-rendu")
    return _render(
        request,
        "departement/network_form.html",
        caf,
        form=form,
        title=f"Compte rendu — {meeting.title}",
        back=meeting,
    )


@require_POST
def minutes_publish(
    request: HttpRequest, caf_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    caf, meeting = _meeting(request, caf_uuid, meeting_uuid, manage=True)
    steps.publish_minutes(request, meeting)
    return _back(caf, meeting, "compte-rendu")


@require_GET
def minutes_document(
    request: HttpRequest, caf_uuid: uuid.UUID, meeting_uuid: uuid.UUID, fmt: str
) -> HttpResponse:
    """The minutes in Word, PDF or ODT, once published (the Caf's managers: at any time)."""
    caf, meeting = _meeting(request, caf_uuid, meeting_uuid)
    if not (meeting.minutes_published or can_manage_cdc_network(request.user, caf)):
        raise PermissionDenied
    return steps.minutes_file(meeting, fmt)


@require_GET
def meeting_calendar_file(
    request: HttpRequest, caf_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    """The meeting as an .ics file, to add it to one's calendar."""
    _caf, meeting = _meeting(request, caf_uuid, meeting_uuid)
    return steps.calendar_file(meeting)
