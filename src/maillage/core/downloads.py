"""Every file Maillage hands out goes through here: one name scheme, one set of headers.

A download is private (``Cache-Control: private, no-store``: no shared cache or browser
keeps a copy of personal data), is what it says it is (``X-Content-Type-Options:
nosniff``) and is named ``maillage-<ctg or caf>-<what>-<YYYY-MM-DD>.<ext>``.
"""

from __future__ import annotations

import datetime
from typing import TypeVar

from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.http import content_disposition_header

from .documents.blocks import Document, slug
from .documents.formats import FORMATS, Format

NO_STORE = "private, no-store"

Response = TypeVar("Response", bound=HttpResponseBase)


def download_stem(scope: str, what: str, on: datetime.date | None = None) -> str:
    """``maillage-<scope>-<what>-<YYYY-MM-DD>``: the name of a download without extension.

    ``scope`` is the CTG's or the Caf's name, ``what`` what the file holds; both are
    slugified. ``on`` defaults to today.
    """
    on = on or timezone.localdate()
    return f"maillage-{slug(scope)}-{slug(what)}-{on:%Y-%m-%d}"


def download_name(scope: str, what: str, ext: str, on: datetime.date | None = None) -> str:
    """``maillage-<scope>-<what>-<YYYY-MM-DD>.<ext>`` (see :func:`download_stem`)."""
    return f"{download_stem(scope, what, on)}.{ext}"


def private(response: Response) -> Response:
    """The download headers on a response made elsewhere (an uploaded file's own name)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = NO_STORE
    return response


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A file to save under ``filename``, never kept by a cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    private(response)
    return response


def require_format(fmt: str) -> Format:
    """The document format asked for in the URL; 404 for a format not offered.

    A view calls it before gathering the document, so that a wrong address costs nothing.
    """
    document_format = FORMATS.get(fmt)
    if document_format is None:
        raise Http404("Format de document inconnu.")
    return document_format


def document_attachment(document: Document, fmt: str) -> HttpResponse:
    """The document in the format asked for in the URL; 404 for a format not offered."""
    document_format = require_format(fmt)
    return attachment(
        document_format.render(document),
        filename=f"{document.filename}.{document_format.extension}",
        content_type=document_format.content_type,
    )
