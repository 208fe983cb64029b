"""The steps of a meeting's pages shared by a CTG's instances and the Caf's network.

Each takes a meeting the view has already fetched and checked, does the write through the
services, and tells the user what happened; the view only chooses where to go next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from . import services
from .documents import FORMATS, minutes_content
from .ics import meeting_ics

if TYPE_CHECKING:
    from .forms import MeetingForm, MinutesForm
    from .models import Meeting

ICS_TYPE = "text/calendar; charset=utf-8"


def save_meeting(request: HttpRequest, meeting: Meeting, form: MeetingForm) -> bool:
    """Apply a submitted meeting form; True once saved (invitees are told if convened)."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.meeting_update(
            meeting=meeting,
            by=request.user,
            title=data["title"],
            start=data["start"],
            end=data["end"],
            place=data["place"],
            video_link=data["video_link"],
            status=data["status"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    notice = " Les invités en sont informés." if meeting.convened_at else ""
    messages.success(request, "La réunion a été mise à jour." + notice)
    return True


def cancel_meeting(request: HttpRequest, meeting: Meeting) -> None:
    """Cancel the meeting; invitees already convened get the cancellation."""
    was_convened = bool(meeting.convened_at)
    services.meeting_cancel(meeting=meeting, by=request.user)
    notice = " Les invités en sont informés." if was_convened else ""
    messages.success(request, "La réunion est annulée." + notice)


def send_convocations(request: HttpRequest, meeting: Meeting) -> None:
    """E-mail the convocations (after commit) and say to how many invitees."""
    try:
        count = services.convocations_send(meeting=meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Convocations envoyées à {count} invité·e(s).")


def save_minutes(request: HttpRequest, meeting: Meeting, form: MinutesForm) -> bool:
    """Save a submitted minutes form; True once saved."""
    if not form.is_valid():
        return False
    services.minutes_save(meeting=meeting, by=request.user, **form.cleaned_data)
    messages.success(request, "Le compte rendu est enregistré.")
    return True


def publish_minutes(request: HttpRequest, meeting: Meeting) -> None:
    """Publish the minutes: from now on, every invitee may read them."""
    try:
        services.minutes_publish(meeting=meeting, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Le compte rendu est publié : les invités peuvent le lire.")


def minutes_file(meeting: Meeting, fmt: str) -> HttpResponse:
    """The minutes as a Word, PDF or ODT download (the caller checks the right to read)."""
    document_format = FORMATS.get(fmt)
    if document_format is None:
        raise Http404("Format de document inconnu.")
    content = minutes_content(meeting)
    response = HttpResponse(
        document_format.render(content), content_type=document_format.content_type
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{content.filename}.{document_format.extension}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def calendar_file(meeting: Meeting) -> HttpResponse:
    """The meeting as an .ics download, to add it to one's calendar."""
    response = HttpResponse(meeting_ics(meeting), content_type=ICS_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"reunion-{meeting.start:%Y-%m-%d}.ics"
    )
    return response
