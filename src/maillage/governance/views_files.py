"""Files of the governance: meeting documents and the user's calendar feed (a meeting's .ics
and its minutes' exports are meeting pages, see ``meeting_pages``)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.accounts.http import AuthenticatedRequest
from maillage.conventions.context import CtgRequest
from maillage.core.downloads import private
from maillage.core.formats import de
from maillage.core.once import creates_once, once
from maillage.core.uploads import max_body

from . import services
from .ics import calendar_bytes
from .selectors import feed_meetings, user_feed
from .views import CtgMeetings, _meeting, governance_view

ICS_TYPE = "text/calendar; charset=utf-8"


@max_body(settings.UPLOAD_MAX_BYTES)
@require_POST
@governance_view()
@creates_once
def document_upload(request: CtgRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    owner, meeting = _meeting(request, meeting_uuid)
    upload = request.FILES.get("fichier")
    if upload is None:
        messages.error(request, "Choisissez un fichier à joindre.")
        return owner.back(meeting, "documents")
    try:
        with once(request):
            document = services.document_add(meeting=meeting, by=request.user, upload=upload)
    except ValidationError as exc:
        messages.error(request, "Fichier refusé : " + " ".join(exc.messages))
    else:
        messages.success(request, f"« {document.name} » est joint à la réunion.")
    return owner.back(meeting, "documents")


@governance_view()
def document_download(
    request: CtgRequest, meeting_uuid: uuid.UUID, document_uuid: uuid.UUID
) -> FileResponse:
    """A meeting's document, for whoever sees the meeting."""
    meeting = CtgMeetings(request).meeting(meeting_uuid)
    document = get_object_or_404(meeting.documents, uuid=document_uuid)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Fichier introuvable.") from exc
    return private(
        FileResponse(
            handle, as_attachment=True, filename=document.name, content_type=document.content_type
        )
    )


@require_POST
@governance_view()
def document_delete(
    request: CtgRequest, meeting_uuid: uuid.UUID, document_uuid: uuid.UUID
) -> HttpResponse:
    owner, meeting = _meeting(request, meeting_uuid)
    document = get_object_or_404(meeting.documents, uuid=document_uuid)
    services.document_delete(document=document, by=request.user)
    messages.success(request, f"« {document.name} » a été retiré de la réunion.")
    return owner.back(meeting, "documents")


@require_http_methods(["GET", "POST"])
def feed_settings(request: AuthenticatedRequest) -> HttpResponse:
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
    body = calendar_bytes(meetings, name=f"Maillage — réunions {de(user.full_name)}")
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
