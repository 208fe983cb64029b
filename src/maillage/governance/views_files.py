"""Files of the governance: meeting documents, .ics calendars and the minutes' exports."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import meeting_steps as steps
from . import services
from .ics import calendar_bytes
from .permissions import can_read_minutes
from .selectors import feed_meetings, user_feed
from .views import _back, _meeting

ICS_TYPE = "text/calendar; charset=utf-8"


@require_POST
def document_upload(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    upload = request.FILES.get("fichier")
    if upload is None:
        messages.error(request, "Choisissez un fichier à joindre.")
        return _back(convention, meeting, "documents")
    try:
        document = services.document_add(meeting=meeting, by=request.user, upload=upload)
    except ValidationError as exc:
        messages.error(request, "Fichier refusé : " + " ".join(exc.messages))
    else:
        messages.success(request, f"« {document.name} » est joint à la réunion.")
    return _back(convention, meeting, "documents")


def document_download(
    request: HttpRequest,
    convention_uuid: uuid.UUID,
    meeting_uuid: uuid.UUID,
    document_uuid: uuid.UUID,
) -> HttpResponse:
    """A meeting's document, for whoever sees the meeting."""
    _convention, meeting = _meeting(request, convention_uuid, meeting_uuid)
    document = get_object_or_404(meeting.documents, uuid=document_uuid)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Fichier introuvable.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=document.name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def document_delete(
    request: HttpRequest,
    convention_uuid: uuid.UUID,
    meeting_uuid: uuid.UUID,
    document_uuid: uuid.UUID,
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    document = get_object_or_404(meeting.documents, uuid=document_uuid)
    services.document_delete(document=document, by=request.user)
    messages.success(request, f"« {document.name} » a été retiré de la réunion.")
    return _back(convention, meeting, "documents")


@require_GET
def meeting_calendar_file(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    """The meeting as an .ics file, to add it to one's calendar."""
    _convention, meeting = _meeting(request, convention_uuid, meeting_uuid)
    return steps.calendar_file(meeting)


@require_GET
def minutes_document(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID, fmt: str
) -> HttpResponse:
    """The minutes in Word, PDF or ODT, once published (the CDC: at any time)."""
    _convention, meeting = _meeting(request, convention_uuid, meeting_uuid)
    if not can_read_minutes(request.user, meeting):
        raise PermissionDenied
    return steps.minutes_file(meeting, fmt)


@require_http_methods(["GET", "POST"])
def feed_settings(request: HttpRequest) -> HttpResponse:
    """The user's private calendar address; POST gives a new one and revokes the old."""
    if request.method == "POST":
        services.feed_regenerate(user=request.user)
        messages.success(
            request,
            "Nouvelle adresse créée : l'ancienne ne fonctionne plus. Abonnez-vous à nouveau.",
        )
        return redirect("governance:feed_settings")
    feed = user_feed(request.user)
    url = request.build_absolute_uri(reverse("governance:feed", args=[feed.token]))
    return render(request, "governance/feed_settings.html", {"feed_url": url})


@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public but unguessable: the meetings the address's owner is invited to."""
    found = feed_meetings(token)
    if found is None:
        raise Http404("Agenda introuvable.")
    user, meetings = found
    body = calendar_bytes(meetings, name=f"Maillage — réunions de {user.full_name}")
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
