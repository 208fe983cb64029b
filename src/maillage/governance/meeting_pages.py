"""The pages of a meeting, one implementation for every owner of meetings: a CTG's
instances (``governance.views``) and the Caf's network of chargés de coopération
(``departement.views_network``).

An owner (:class:`MeetingOwner`) says which meetings the user sees and may manage, in
which order it refuses (404 or 403), which templates show them and where a page goes
back to. :class:`MeetingPages` turns the pages below into the owner's views, for its
``urls.py``. Each page fetches and checks the meeting through the owner, writes through
the services, tells the user what happened, and lets the owner choose where to go next.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.accounts.http import AuthenticatedRequest
from maillage.core.downloads import attachment, document_attachment, download_name, require_format
from maillage.core.once import creates_once, once
from maillage.core.versioning import StaleEdit, add_version_field, posted_version, show_stale

from . import documents, services
from .forms import MeetingForm, MinutesForm
from .ics import meeting_ics
from .members import MemberInvitees
from .selectors import MeetingPageData, meeting_page_data

if TYPE_CHECKING:
    from .models import Body, Meeting

ICS_TYPE = "text/calendar; charset=utf-8"
# The field by which the sender confirms convocations for a meeting that has started.
CONFIRM_PAST = "confirmer_date_passee"

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class NewMeeting:
    """What the page that plans a meeting needs from its owner."""

    body: Callable[[], Body]  # the instance that holds it, asked for once the form is valid
    default_title: str
    page_title: str
    planned: str  # the message once the meeting is planned
    # The instance's members, offered as invitees (all ticked); None: nobody is offered
    # (the instance may not exist yet).
    members: MemberInvitees | None = None
    held: str = "La réunion est enregistrée comme tenue : notez les présences et le compte rendu."


class MeetingOwner(ABC):
    """Who holds the meetings of a page: a CTG or a Caf's network. One per request."""

    detail_url: str  # the URL name of a meeting's page
    form_template: str
    detail_template: str

    def __init__(self, request: AuthenticatedRequest) -> None:
        self.request = request

    @abstractmethod
    def url_kwargs(self) -> dict[str, uuid.UUID]:
        """The owner's part of its meetings' URLs."""

    @abstractmethod
    def can_manage(self) -> bool:
        """The user convenes, records attendance and writes the minutes."""

    @abstractmethod
    def meeting(self, meeting_uuid: uuid.UUID, *, manage: bool = False) -> Meeting:
        """A meeting of the owner the user sees (and, with ``manage``, may manage): 404 for
        missing and not yours alike, 403 for a right the user lacks."""

    @abstractmethod
    def new_meeting(self, **kwargs: Any) -> NewMeeting:
        """The page that plans a meeting, for a user who may (else 404 or 403)."""

    @abstractmethod
    def context(self, **context: Any) -> dict[str, Any]:
        """The context every page of the owner's meetings shows."""

    def detail_context(
        self, meeting: Meeting, detail: MeetingPageData, *, manage: bool
    ) -> dict[str, Any]:
        """What the owner's meeting page shows beyond the common part."""
        return {}

    def render(self, template: str, **context: Any) -> HttpResponse:
        return render(self.request, template, self.context(**context))

    def back(self, meeting: Meeting, anchor: str = "") -> HttpResponse:
        """Back to the meeting's page, at ``anchor``."""
        url = reverse(self.detail_url, kwargs={"meeting_uuid": meeting.uuid, **self.url_kwargs()})
        response = HttpResponseRedirect(url)
        if anchor:
            response["Location"] += f"#{anchor}"
        return response


# ----------------------------------------------------------------------------- pages


def meeting_detail(owner: MeetingOwner, meeting_uuid: uuid.UUID) -> HttpResponse:
    """The meeting: agenda, invitees and attendance, minutes (once published, or for the
    owner's managers)."""
    meeting = owner.meeting(meeting_uuid)
    manage = owner.can_manage()
    detail = meeting_page_data(meeting, owner.request.user)
    context: dict[str, Any] = {
        "meeting": meeting,
        "read_minutes": meeting.minutes_published or manage,
        **detail,
        **owner.detail_context(meeting, detail, manage=manage),
    }
    return owner.render(owner.detail_template, **context)


def meeting_create(owner: MeetingOwner, **kwargs: Any) -> HttpResponse:
    """Plan a meeting: the instance's members are offered as invitees, all ticked, invited
    at once and convened later. A start in the past asks whether it was held."""
    new = owner.new_meeting(**kwargs)
    request = owner.request
    members = new.members
    form = MeetingForm(
        request.POST or None,
        initial={"title": new.default_title},
        creating=True,
        invitees=members.invitees if members is not None else (),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitees = data.get("invitees")
        try:
            with once(request):
                meeting = services.meeting_create(
                    body=new.body(),
                    by=request.user,
                    title=data["title"],
                    start=data["start"],
                    end=data["end"],
                    place=data["place"],
                    video_link=data["video_link"],
                    invitees=[i.person for i in invitees] if invitees is not None else None,
                    held=data["held"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, new.held if data["held"] else new.planned)
            return owner.back(meeting)
    return owner.render(
        owner.form_template,
        form=form,
        title=new.page_title,
        creating=True,
        instance=members.body if members is not None else None,
        cannot_invite=members.cannot if members is not None else [],
    )


def meeting_edit(owner: MeetingOwner, meeting_uuid: uuid.UUID) -> HttpResponse:
    """Change the meeting; invitees already convened are told."""
    meeting = owner.meeting(meeting_uuid, manage=True)
    request = owner.request
    form = MeetingForm(
        request.POST or None, initial=MeetingForm.initial_for(meeting), with_status=True
    )
    add_version_field(form, meeting)
    if request.method == "POST" and form.is_valid():
        version = posted_version(form)
        data = form.cleaned_data
        try:
            services.meeting_update(
                expected_version=version,
                meeting=meeting,
                by=request.user,
                title=data["title"],
                start=data["start"],
                end=data["end"],
                place=data["place"],
                video_link=data["video_link"],
                status=data["status"],
            )
        except StaleEdit as exc:
            show_stale(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            notice = " Les invités en sont informés." if meeting.convened_at else ""
            messages.success(request, "La réunion a été mise à jour." + notice)
            return owner.back(meeting)
    return owner.render(
        owner.form_template,
        form=form,
        title=f"Modifier la réunion « {meeting.title} »",
        back=meeting,
    )


def meeting_cancel(owner: MeetingOwner, meeting_uuid: uuid.UUID) -> HttpResponse:
    """Cancel the meeting; invitees already convened get the cancellation."""
    meeting = owner.meeting(meeting_uuid, manage=True)
    was_convened = bool(meeting.convened_at)
    services.meeting_cancel(meeting=meeting, by=owner.request.user)
    notice = " Les invités en sont informés." if was_convened else ""
    messages.success(owner.request, "La réunion est annulée." + notice)
    return owner.back(meeting)


def convocations_send(owner: MeetingOwner, meeting_uuid: uuid.UUID) -> HttpResponse:
    """E-mail the convocations (after commit) and say to how many invitees; for a meeting
    that has started, only once the sender confirms on the page that warns of it."""
    meeting = owner.meeting(meeting_uuid, manage=True)
    request = owner.request
    try:
        count = services.convocations_send(
            meeting=meeting,
            by=request.user,
            confirm_past=request.POST.get(CONFIRM_PAST) == "1",
        )
    except services.ConvocationsAfterStart as exc:
        return owner.render(
            "governance/convocations_confirm.html",
            meeting=meeting,
            warning=" ".join(exc.messages),
            action=request.path,
            back_url=owner.back(meeting, "invites")["Location"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Convocations envoyées à {count} invité·e(s).")
    return owner.back(meeting, "invites")


def minutes_edit(owner: MeetingOwner, meeting_uuid: uuid.UUID) -> HttpResponse:
    """Write the minutes (a draft until published)."""
    meeting = owner.meeting(meeting_uuid, manage=True)
    request = owner.request
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    add_version_field(form, meeting)
    if request.method == "POST" and form.is_valid():
        version = posted_version(form)
        try:
            services.minutes_save(
                meeting=meeting, by=request.user, expected_version=version, **form.cleaned_data
            )
        except StaleEdit as exc:
            show_stale(form, exc)
        else:
            messages.success(request, "Le compte rendu est enregistré.")
            return owner.back(meeting, "compte-rendu")
    return owner.render(
        owner.form_template, form=form, title=f"Compte rendu — {meeting.title}", back=meeting
    )


def minutes_publish(owner: MeetingOwner, meeting_uuid: uuid.UUID) -> HttpResponse:
    """Publish the minutes: from now on, every invitee may read them, and is told so by
    e-mail."""
    meeting = owner.meeting(meeting_uuid, manage=True)
    try:
        services.minutes_publish(meeting=meeting, by=owner.request.user)
    except ValidationError as exc:
        messages.error(owner.request, " ".join(exc.messages))
    else:
        messages.success(
            owner.request,
            "Le compte rendu est publié : les invités peuvent le lire et en sont avertis "
            "par e-mail.",
        )
    return owner.back(meeting, "compte-rendu")


def minutes_document(owner: MeetingOwner, meeting_uuid: uuid.UUID, fmt: str) -> HttpResponse:
    """The minutes in Word, PDF or ODT, once published (the owner's managers: at any
    time)."""
    meeting = owner.meeting(meeting_uuid)
    if not (meeting.minutes_published or owner.can_manage()):
        raise PermissionDenied
    require_format(fmt)
    return document_attachment(documents.minutes_document(meeting, owner.request.user), fmt)


def meeting_calendar_file(owner: MeetingOwner, meeting_uuid: uuid.UUID) -> HttpResponse:
    """The meeting as an .ics file, to add it to one's calendar."""
    meeting = owner.meeting(meeting_uuid)
    held = timezone.localtime(meeting.start).date()
    return attachment(
        meeting_ics(meeting),
        filename=download_name(documents.scope(meeting), f"reunion-{meeting.title}", "ics", held),
        content_type=ICS_TYPE,
    )


class MeetingPages:
    """The meeting pages as one owner's views: ``resolve`` reads the owner's CTG or Caf
    from the URL (e.g. ``ctg_view()``), ``owner`` builds the owner from the request."""

    def __init__(
        self,
        owner: Callable[[Any], MeetingOwner],  # the owner class, built on a request it types
        resolve: Callable[[View], View],
    ) -> None:
        def bind(
            page: Callable[..., HttpResponse],
            method: Callable[[View], View],
            *,
            creates: bool = False,
        ) -> View:
            @wraps(page)
            def view(request: AuthenticatedRequest, **kwargs: Any) -> HttpResponse:
                return page(owner(request), **kwargs)

            return method(resolve(creates_once(view) if creates else view))

        read_write = require_http_methods(["GET", "POST"])
        self.meeting_detail = bind(meeting_detail, require_GET)
        self.meeting_create = bind(meeting_create, read_write, creates=True)
        self.meeting_edit = bind(meeting_edit, read_write)
        self.meeting_cancel = bind(meeting_cancel, require_POST)
        self.convocations_send = bind(convocations_send, require_POST)
        self.minutes_edit = bind(minutes_edit, read_write)
        self.minutes_publish = bind(minutes_publish, require_POST)
        self.minutes_document = bind(minutes_document, require_GET)
        self.meeting_calendar_file = bind(meeting_calendar_file, require_GET)
