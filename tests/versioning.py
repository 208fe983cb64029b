"""Edit forms as a browser sends them back: what two people editing at once post."""

from __future__ import annotations

import html
from typing import Any

from django.test import Client

STALE = "Rien n'a été enregistré : depuis que vous avez ouvert ce formulaire,"


def opened_form(client: Client, url: str, name: str = "form") -> dict[str, Any]:
    """The data the form of the page at ``url`` sends back unchanged (hidden fields too)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    form = response.context[name]
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        data[bound.html_name] = value
    return data


def page_text(response: Any) -> str:
    """The page's HTML with its entities decoded (« », apostrophes)."""
    return html.unescape(response.content.decode())
