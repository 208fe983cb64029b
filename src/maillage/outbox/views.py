"""The page « Courriels non remis »: the e-mails a user caused that could not be delivered."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

if TYPE_CHECKING:  # the accounts are a layer above: named in annotations only
    from maillage.accounts.http import AuthenticatedRequest


from . import services
from .selectors import undelivered_of


@require_http_methods(["GET", "POST"])
def undelivered(request: AuthenticatedRequest) -> HttpResponse:
    """The user's undelivered e-mails; a POST dismisses them all."""
    if request.method == "POST":
        count = services.undelivered_dismiss(user=request.user)
        messages.success(
            request, f"{count} courriel{'s' if count > 1 else ''} masqué{'s' if count > 1 else ''}."
        )
        return redirect("outbox:undelivered")
    return render(
        request,
        "outbox/undelivered.html",
        {"undelivered": list(undelivered_of(request.user).order_by("-created_at", "-pk"))},
    )


@require_POST
def dismiss(request: AuthenticatedRequest, message_uuid: uuid.UUID) -> HttpResponse:
    """Dismiss one undelivered e-mail of the user (404 for anyone else's)."""
    chosen = undelivered_of(request.user).filter(uuid=message_uuid)
    if not services.undelivered_dismiss(user=request.user, messages=chosen):
        raise Http404
    messages.success(request, "Le courriel est masqué.")
    return redirect("outbox:undelivered")
