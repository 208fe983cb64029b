"""Which of the Caf's tabs (« Suivi des CTG », « Réseau des CDC ») the current user sees."""

from __future__ import annotations

from typing import Any

from django import template

from maillage.conventions.permissions import can_view_cdc_network, can_view_compliance

register = template.Library()


@register.simple_tag(takes_context=True)
def cdc_network_visible(context: dict[str, Any], caf: Any) -> bool:
    """The tab shows to whoever may open the network page (the view checks again)."""
    if "can_view_cdc_network" in context:
        return bool(context["can_view_cdc_network"])
    request = context.get("request")
    return bool(request is not None and can_view_cdc_network(request.user, caf))


@register.simple_tag(takes_context=True)
def compliance_visible(context: dict[str, Any], caf: Any) -> bool:
    """The tab shows to the Caf's roles, who may open the compliance table."""
    if "can_view_compliance" in context:
        return bool(context["can_view_compliance"])
    request = context.get("request")
    return bool(request is not None and can_view_compliance(request.user, caf))
