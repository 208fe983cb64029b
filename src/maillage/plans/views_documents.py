"""Downloads of the plan d'actions: one fiche or the whole plan, in Word, PDF or ODT."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from maillage.conventions.context import CtgRequest, ctg_view
from maillage.core.downloads import document_attachment, require_format

from . import documents
from .selectors import get_action_for_user


@require_GET
@ctg_view(listing=True)  # the documents' identity block shows the territory's size
def plan_document(request: CtgRequest, fmt: str) -> HttpResponse:
    """The whole plan as the user sees it (confidential fiches only for those who may)."""
    require_format(fmt)
    return document_attachment(documents.plan_document(request.user, request.ctg), fmt)


@require_GET
@ctg_view(listing=True)
def action_document(request: CtgRequest, action_uuid: uuid.UUID, fmt: str) -> HttpResponse:
    """One fiche, for everyone who may see it."""
    require_format(fmt)
    action = get_action_for_user(request.user, request.ctg, action_uuid)
    return document_attachment(documents.fiche_document(request.ctg, action), fmt)
