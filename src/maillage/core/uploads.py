"""Checks on uploaded files: size, extension, and content that matches the extension."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

ZIP = b"PK\x03\x04"
# extension → (content type, accepted leading bytes; None: plain UTF-8 text)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    "odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    "odp": ("application/vnd.oasis.opendocument.presentation", (ZIP,)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "csv": ("text/csv", None),
    "txt": ("text/plain", None),
}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept a file only if its size, extension and first bytes agree; French errors."""
    name = PurePath(upload.name or "").name[:255]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            "Type de fichier non accepté. Formats acceptés : " + ", ".join(sorted(ALLOWED)) + "."
        )
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(f"Le fichier dépasse {limit // (1024 * 1024)} Mo.")
    if upload.size == 0:
        raise ValidationError("Le fichier est vide.")
    content_type, signatures = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # A multi-byte character may be cut at 4096 bytes: retry without the last 3.
            try:
                head[:-3].decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValidationError("Le contenu ne correspond pas à un fichier texte.") from exc
        if b"\x00" in head:
            raise ValidationError("Le contenu ne correspond pas à un fichier texte.")
    elif not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            f"Le contenu du fichier ne correspond pas à son extension « .{extension} »."
        )
    return CheckedUpload(name=name, content_type=content_type, size=upload.size)


# --------------------------------------------------------------------- request bodies

# What a multipart form adds around its file (boundaries, headers, the other fields).
BODY_MARGIN = 512 * 1024
TOO_LARGE = "La requête est trop volumineuse : le fichier dépasse {limit}."

ViewFunction = TypeVar("ViewFunction", bound=Callable[..., HttpResponseBase])


def max_body(limit: int) -> Callable[[ViewFunction], ViewFunction]:
    """Let *view* receive a body of *limit* bytes at most, plus a margin for the form.

    ``MaxBodyMiddleware`` reads the mark before anything reads the body (CSRF reads the
    form), so that an oversized upload is refused (413) on its announced length alone.
    """

    def mark(view: ViewFunction) -> ViewFunction:
        view.max_body = limit + BODY_MARGIN  # type: ignore[attr-defined]
        return view

    return mark


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} Mo"


class MaxBodyMiddleware:
    """Refuse a body longer than its view accepts (413), before it is read.

    Views that take files declare their limit with ``max_body``; any other view accepts
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``. The web server's own limit (README) stops the
    largest bodies even earlier.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        limit = getattr(view_func, "max_body", None) or settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= limit:
            return None
        message = TOO_LARGE.format(limit=_megabytes(max(limit - BODY_MARGIN, 0)))
        response = render(request, "413.html", {"message": message}, status=413)
        # The body stays unread: the connection cannot carry another request.
        response["Connection"] = "close"
        return response
