"""Creation forms submitted twice (a double click, a resent request) create once.

The form carries a random one-time token (``TOKEN_FIELD``, rendered by the template tag
``{% form_token %}``). A view that creates is decorated with :func:`creates_once` and
writes what it creates inside ``with once(request):``::

    @creates_once
    def axis_create(request):
        ...
        with once(request):
            axis = services.axis_create(...)

The first submission records the token in the same transaction as what it creates, with
the address its answer leads to. A second one with the same token creates nothing: it is
sent to that address with the message ``ALREADY_SENT``. The database's unique constraint
on the token decides between simultaneous submissions. A form sent without a token (an old
page) creates as before.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils import timezone

from .models import FormToken

TOKEN_FIELD = "jeton"
ALREADY_SENT = "Ce formulaire avait déjà été envoyé : rien n'a été créé une seconde fois."
_WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{20,64}")
# A token outlives any form left open in a browser tab; older ones are forgotten.
_KEPT = datetime.timedelta(days=2)
_URL_LENGTH = FormToken._meta.get_field("url").max_length or 500

# What a request carries between the decorator and ``once`` (attributes of the request).
_PENDING = "_form_token_pending"  # the posted token, until something is created with it
_SPENT = "_form_token_spent"  # the token this request created with
_RECORD = "_form_token_record"  # its FormToken, to note the address of the answer


_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


class AlreadySent(Exception):
    """The form's token was used: what its first submission created is at ``url``."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def _posted(request: HttpRequest) -> str:
    token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
    return token if _WELL_FORMED.fullmatch(token) else ""


def form_token(request: HttpRequest) -> str:
    """The token to render in a creation form: the one posted when the form is shown again
    without having created (its errors), else a new one."""
    posted = _posted(request)
    if posted and getattr(request, _SPENT, "") != posted:
        return posted
    return secrets.token_urlsafe(24)


def _user_id(request: HttpRequest) -> int:
    return cast(int, request.user.pk)  # creation views are for signed-in users only


def _first_url(request: HttpRequest, token: str) -> str:
    first = FormToken.objects.filter(token=token, user_id=_user_id(request)).first()
    return first.url if first is not None else ""


def creates_once(view: _View) -> _View:
    """Decorate a view that creates in ``with once(request):`` (put it under the decorators
    that check access): a form's token already used is answered by a redirect to what its
    first submission created, with ``ALREADY_SENT``, and nothing is created again.

    With a token, the view runs in one transaction, so that the address of its answer is
    recorded with what it created.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        token = _posted(request)
        if not token:
            return view(request, *args, **kwargs)
        try:
            used = FormToken.objects.filter(token=token, user_id=_user_id(request)).first()
            if used is not None:
                raise AlreadySent(used.url)
            with transaction.atomic():
                setattr(request, _PENDING, token)
                response = view(request, *args, **kwargs)
                record: FormToken | None = getattr(request, _RECORD, None)
                if record is not None:
                    record.url = response.get("Location", "")[:_URL_LENGTH]
                    record.save(update_fields=["url"])
        except AlreadySent as sent:
            messages.info(request, ALREADY_SENT)
            return HttpResponseRedirect(sent.url or "/")
        return response

    return cast(_View, wrapper)


@contextmanager
def once(request: HttpRequest) -> Iterator[None]:
    """Create what the block creates once per form token (see :func:`creates_once`).

    The token is recorded with the block's writes, all or nothing: if the block fails
    (a ``ValidationError``), the token is not recorded and the form can be sent again.
    Raises :class:`AlreadySent`, answered by the decorator, when a simultaneous submission
    of the same form created first. Without a token, the block just runs.
    """
    token: str = getattr(request, _PENDING, "")
    if not token:
        yield
        return
    with transaction.atomic():
        FormToken.objects.filter(created_at__lt=timezone.now() - _KEPT).delete()
        try:
            with transaction.atomic():
                record = FormToken.objects.create(token=token, user_id=_user_id(request))
        except IntegrityError:
            # The first submission has committed (PostgreSQL made this insert wait for it).
            raise AlreadySent(_first_url(request, token)) from None
        yield
    setattr(request, _PENDING, "")
    setattr(request, _SPENT, token)
    setattr(request, _RECORD, record)
