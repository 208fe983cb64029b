"""Creation forms submitted twice (a double click, a resent request) create once.

The form carries a random one-time token (``TOKEN_FIELD``). The first submission records it
in the same transaction as what it creates; a second one with the same token creates
nothing and is sent to what the first created. The database's unique constraint on the
token decides between simultaneous submissions.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import FormToken

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

TOKEN_FIELD = "jeton"
ALREADY_SENT = "Ce formulaire avait déjà été envoyé : rien n'a été créé une seconde fois."
_WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{20,64}")
# A token outlives any form left open in a browser tab; older ones are forgotten.
_KEPT = datetime.timedelta(days=2)

_Created = TypeVar("_Created")


def form_token(request: HttpRequest) -> str:
    """The token to render in the form: the one posted (a form shown again), else a new one."""
    posted = request.POST.get(TOKEN_FIELD, "")
    return posted if _WELL_FORMED.fullmatch(posted) else secrets.token_urlsafe(24)


@transaction.atomic
def submit_once(
    *,
    token: str,
    user: AbstractBaseUser,
    create: Callable[[], _Created],
    url: Callable[[_Created], str],
) -> tuple[_Created | None, str]:
    """Run ``create`` unless ``token`` was already used: (what was created, its address).

    When the token was used, nothing is created: (None, the address of what its first
    submission created). A malformed or missing token (an old form) does not protect.
    If ``create`` fails, the token is not recorded, and the form can be sent again.
    """
    if not _WELL_FORMED.fullmatch(token):
        created = create()
        return created, url(created)
    FormToken.objects.filter(created_at__lt=timezone.now() - _KEPT).delete()
    try:
        with transaction.atomic():
            record = FormToken.objects.create(token=token, user_id=user.pk)
    except IntegrityError:
        # The first submission has committed (PostgreSQL made this insert wait for it).
        first = FormToken.objects.filter(token=token, user_id=user.pk).first()
        return None, first.url if first is not None else ""
    created = create()
    record.url = url(created)
    record.save(update_fields=["url"])
    return created, record.url
