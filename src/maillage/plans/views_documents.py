"""Downloads of the plan d'actions: one fiche or the whole plan, in Word, PDF or ODT."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from maillage.conventions.context import CtgRequest, ctg_view
from maillage.conventions.jobs import start_ctg_job
from maillage.core.downloads import document_attachment, require_format

from . import documents
from .selectors import get_action_for_user, visible_action_count

# From this many fiches, the whole plan's document takes more than a second or two to
# write (WeasyPrint lays out about five fiches a second): a worker writes it, and the
# user follows it on the job's page.
DOCUMENT_JOB_FROM = {"pdf": 5, "docx": 20, "odt": 20}


@require_GET
@ctg_view(listing=True)  # the documents' identity block shows the territory's size
def plan_document(request: CtgRequest, fmt: str) -> HttpResponse:
    """The whole plan as the user sees it (confidential fiches only for those who may)."""
    require_format(fmt)
    if visible_action_count(request.user, request.ctg) >= DOCUMENT_JOB_FROM[fmt]:
        return start_ctg_job(
            request,
            kind="plans.document",
            title=f"Plan d'actions en {fmt.upper()}",
            back=reverse("plans:tree", args=[request.ctg.uuid]),
            params={"fmt": fmt},
        )
    return document_attachment(documents.plan_document(request.user, request.ctg), fmt)


@require_GET
@ctg_view(listing=True)
def action_document(request: CtgRequest, action_uuid: uuid.UUID, fmt: str) -> HttpResponse:
    """One fiche, for everyone who may see it."""
    require_format(fmt)
    action = get_action_for_user(request.user, request.ctg, action_uuid)
    return document_attachment(documents.fiche_document(request.ctg, action), fmt)
