"""The formats a document is offered in, and the one way to render a document in any of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .blocks import Document
from .odt import render_odt
from .pdf import render_pdf
from .word import render_docx


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[Document], bytes]


FORMATS: dict[str, Format] = {
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
    "odt": Format("odt", "application/vnd.oasis.opendocument.text", render_odt),
    "pdf": Format("pdf", "application/pdf", render_pdf),
}


def render(document: Document, fmt: str) -> bytes:
    """The document's file in the format (« docx », « odt » or « pdf »); KeyError for another.

    Pure: it reads nothing but the document, so that it runs outside a request too.
    """
    return FORMATS[fmt].render(document)
