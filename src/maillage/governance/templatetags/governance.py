"""Template helpers of the governance pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..enums import CopilStatus
from ..selectors import action_decisions

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any] | None, key: Any) -> Any:
    """``mapping[key]``, or None."""
    return (mapping or {}).get(key)


@register.simple_tag
def copil_badge(status: str) -> SafeString:
    """The badge of this year's COPIL status (tenu, prévu, manquant)."""
    value = CopilStatus(status or CopilStatus.MANQUANT)
    return format_html('<span class="badge copil-{}">{}</span>', value.value, value.label)


@register.simple_tag(takes_context=True)
def fiche_decisions(context: template.Context, action: Any) -> list[Any]:
    """The decisions concerning a fiche that the page's user may read."""
    return action_decisions(context["request"].user, action)
