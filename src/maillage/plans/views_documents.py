"""Downloads of the plan d'actions: one fiche or the whole plan, in Word, PDF or ODT."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from maillage.conventions.context import CtgRequest, ctg_view

from .documents import FORMATS, Content, Format, action_content, plan_content
from .selectors import get_action_for_user


def _format(fmt: str) -> Format:
    try:
        return FORMATS[fmt]
    except KeyError as exc:
        raise Http404("Format de document inconnu.") from exc


def _download(content: Content, document_format: Format) -> HttpResponse:
    response = HttpResponse(
        document_format.render(content), content_type=document_format.content_type
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{content.filename}.{document_format.extension}"
    )
    # A document reflects the plan at the moment it is asked for: never reuse a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@ctg_view(listing=True)  # the documents' identity block shows the territory's size
def plan_document(request: CtgRequest, fmt: str) -> HttpResponse:
    """The whole plan as the user sees it (confidential fiches only for those who may)."""
    document_format = _format(fmt)
    return _download(plan_content(request.user, request.ctg), document_format)


@require_GET
@ctg_view(listing=True)
def action_document(request: CtgRequest, action_uuid: uuid.UUID, fmt: str) -> HttpResponse:
    """One fiche, for everyone who may see it."""
    document_format = _format(fmt)
    action = get_action_for_user(request.user, request.ctg, action_uuid)
    return _download(action_content(request.ctg, action), document_format)
