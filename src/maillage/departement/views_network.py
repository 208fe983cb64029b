"""The Caf's network of chargés de coopération: its meetings, attendance and minutes.

The meetings are the governance module's, held by the Caf's own instance instead of a
CTG's: their pages are the governance's meeting pages (``governance.meeting_pages``) for
the owner :class:`CafNetworkMeetings`; the list, the CDCs' invitation and the attendance
in one form are the network's own.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from maillage.activity.selectors import journal_ctgs
from maillage.conventions.context import CafRequest, caf_context, caf_render, caf_view
from maillage.governance import services
from maillage.governance.enums import Attendance, MeetingStatus
from maillage.governance.meeting_pages import MeetingOwner, MeetingPages, NewMeeting
from maillage.governance.models import Meeting
from maillage.governance.selectors import MeetingPageData, meeting_page_data

from .forms import NetworkAttendanceForm
from .network import (
    get_network_meeting_for_user,
    network_meetings,
    participation_since,
    participation_table,
)

network_view = caf_view("can_view_cdc_network")


class CafNetworkMeetings(MeetingOwner):
    """The meetings of a Caf's network of CDCs, for a request :data:`network_view`
    resolved."""

    request: CafRequest
    detail_url = "departement:network_meeting"
    form_template = "departement/network_form.html"
    detail_template = "departement/network_meeting.html"

    def url_kwargs(self) -> dict[str, uuid.UUID]:
        return {"caf_uuid": self.request.caf.uuid}

    def can_manage(self) -> bool:
        return self.request.caf_perms["can_manage_cdc_network"]

    def _check_manage(self, manage: bool) -> None:
        # The Caf's right comes first: a CDC who may not manage gets 403, invited or not.
        if manage and not self.can_manage():
            raise PermissionDenied

    def meeting(self, meeting_uuid: uuid.UUID, *, manage: bool = False) -> Meeting:
        self._check_manage(manage)
        return get_network_meeting_for_user(self.request.user, self.request.caf, meeting_uuid)

    def new_meeting(self) -> NewMeeting:  # type: ignore[override]
        self._check_manage(True)
        caf, user = self.request.caf, self.request.user
        return NewMeeting(
            body=lambda: services.network_body_get_or_create(caf=caf, by=user),
            default_title="Réunion du réseau des chargés de coopération",
            page_title="Nouvelle réunion du réseau des chargés de coopération",
            planned="La réunion du réseau est planifiée. Invitez les chargés de coopération, "
            "puis envoyez les convocations.",
        )

    def context(self, **context: Any) -> dict[str, Any]:
        return caf_context(self.request, can_manage=self.can_manage(), **context)

    def detail_context(
        self, meeting: Meeting, detail: MeetingPageData, *, manage: bool
    ) -> dict[str, Any]:
        context: dict[str, Any] = {}
        if meeting.status == MeetingStatus.TENUE:
            # A CDC files a network meeting in the journal of one of their CTGs of this Caf.
            context["journal_ctgs"] = journal_ctgs(self.request.user, self.request.caf)
        if manage and not meeting.is_cancelled:
            context["attendance_choices"] = Attendance.choices
            context["attendance_form"] = NetworkAttendanceForm(invitations=detail["invitations"])
        return context


PAGES = MeetingPages(CafNetworkMeetings, network_view)
meeting_create = PAGES.meeting_create
meeting_detail = PAGES.meeting_detail
meeting_edit = PAGES.meeting_edit
meeting_cancel = PAGES.meeting_cancel
convocations_send = PAGES.convocations_send
minutes_edit = PAGES.minutes_edit
minutes_publish = PAGES.minutes_publish
minutes_document = PAGES.minutes_document
meeting_calendar_file = PAGES.meeting_calendar_file


@require_GET
@network_view
def network(request: CafRequest) -> HttpResponse:
    """The network's meetings and, for the Caf, each CDC's participation over 12 months."""
    caf = request.caf
    meetings = network_meetings(request.user, caf)
    now = timezone.now()
    since = participation_since()
    rows = participation_table(caf, since)
    if not request.user.is_superuser and not request.caf_roles:
        # A chargé de coopération sees their own participation, not their colleagues'.
        rows = [r for r in rows if r.user_id == request.user.pk]
    return caf_render(
        request,
        "departement/network.html",
        can_manage=request.caf_perms["can_manage_cdc_network"],
        upcoming=list(meetings.filter(end__gte=now).order_by("start")),
        past=list(meetings.filter(end__lt=now).order_by("-start")[:100]),
        rows=rows,
        since=since,
    )


@require_POST
@network_view
def invite_cdcs(request: CafRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    owner = CafNetworkMeetings(request)
    meeting = owner.meeting(meeting_uuid, manage=True)
    try:
        count = services.network_invite_cdcs(meeting=meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if count:
            messages.success(request, f"{count} chargé·e(s) de coopération invité·e(s).")
        else:
            messages.success(request, "Tous les chargés de coopération sont déjà invités.")
    return owner.back(meeting, "invites")


@require_POST
@network_view
def attendance(request: CafRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    owner = CafNetworkMeetings(request)
    meeting = owner.meeting(meeting_uuid, manage=True)
    invitations = list(meeting.invitations.select_related("user", "contact"))
    form = NetworkAttendanceForm(request.POST, invitations=invitations)
    saved = form.is_valid()
    if saved:
        services.attendance_record(meeting=meeting, by=request.user, statuses=form.statuses())
    error = "Rien n'a été enregistré : une présence choisie est invalide."
    if request.htmx:  # the section is redrawn: its counters, and the table as saved
        detail = meeting_page_data(meeting, request.user)
        response = owner.render(
            "departement/_network_invites.html",
            meeting=meeting,
            **detail,
            **owner.detail_context(meeting, detail, manage=True),
            saved=saved,
            attendance_error="" if saved else error,
        )
        response.status_code = 200 if saved else 422
        return response
    if saved:
        messages.success(request, "Présences enregistrées.")
    else:
        messages.error(request, error)
    return owner.back(meeting, "invites")
