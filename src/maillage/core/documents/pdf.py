"""The PDF writer: any :class:`Document` as a tagged PDF, from one HTML template.

A4, « Page x / y » in the footer, charts as inline SVG, nothing fetched from anywhere.
"""

from __future__ import annotations

import base64

import weasyprint
from django.template.loader import render_to_string

from .blocks import Document, Heading, Table, column_widths

TEMPLATE = "core/document.html"
SHORT_TABLE = 12  # rows: a table this short is never cut across two pages


def _logo_uri(data: bytes) -> str:
    media = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{media};base64,{base64.b64encode(data).decode()}"


def render_pdf(document: Document) -> bytes:
    """The document as a tagged PDF (PDF/UA structure: headings, tables, lists)."""
    items = []
    for block in document.blocks:
        item: dict[str, object] = {"block": block}
        if isinstance(block, Heading):
            item["level"] = min(max(block.level, 1) + 1, 6)  # h1 is the document's title
        elif isinstance(block, Table):
            item["widths"] = column_widths(block, 100)
            item["short"] = len(block.rows) <= SHORT_TABLE
        items.append(item)
    logo = _logo_uri(document.logo) if document.logo else ""
    # The charts' SVG comes from the chart functions, which escape every text they write.
    html: str = render_to_string(TEMPLATE, {"document": document, "items": items, "logo": logo})
    # The PDF's font has no narrow no-break space: use a plain no-break space instead.
    html = html.replace("\u202f", "\u00a0")
    # Documents embed everything they show: nothing is fetched. A logo travels inside the
    # page as a data: address, the only scheme allowed, and only when there is one.
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",) if logo else ())
    pdf = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_tags=True)
    return bytes(pdf)
