"""Files attached to a fiche: upload, permission-checked download, removal."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from maillage.conventions.context import CtgRequest
from maillage.core.downloads import private
from maillage.core.once import creates_once, once
from maillage.core.uploads import max_body

from . import services
from .views import _back, _editable_fiche, _fiche, plan_view


@max_body(settings.UPLOAD_MAX_BYTES)
@require_POST
@plan_view()
@creates_once
def document_upload(request: CtgRequest, action_uuid: uuid.UUID) -> HttpResponse:
    action = _editable_fiche(request, action_uuid)
    upload = request.FILES.get("fichier")
    if upload is None:
        messages.error(request, "Choisissez un fichier à joindre.")
        return _back(request.ctg, action)
    try:
        with once(request):
            document = services.document_add(action=action, by=request.user, upload=upload)
    except ValidationError as exc:
        messages.error(request, "Fichier refusé : " + " ".join(exc.messages))
    else:
        messages.success(request, f"« {document.name} » est joint à la fiche.")
    return _back(request.ctg, action)


@plan_view()
def document_download(
    request: CtgRequest, action_uuid: uuid.UUID, document_uuid: uuid.UUID
) -> FileResponse:
    action = _fiche(request, action_uuid)
    document = get_object_or_404(action.documents, uuid=document_uuid)
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
@plan_view()
def document_delete(
    request: CtgRequest, action_uuid: uuid.UUID, document_uuid: uuid.UUID
) -> HttpResponse:
    action = _editable_fiche(request, action_uuid)
    document = get_object_or_404(action.documents, uuid=document_uuid)
    services.document_delete(document=document, by=request.user)
    messages.success(request, f"« {document.name} » a été retiré de la fiche.")
    return _back(request.ctg, action)
