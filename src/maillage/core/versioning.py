"""Optimistic locking: a save based on an old version of a record is refused.

Several people edit the same fiche, meeting or contact. Each such record has an integer
``version`` (:class:`Versioned`), rendered in its edit form as a hidden field
(:func:`add_version_field`). The service that saves the form calls :func:`claim` first,
inside its transaction: the row is locked (``SELECT … FOR UPDATE`` where the database
has it; SQLite's IMMEDIATE transactions already let one writer in at a time), its stored
version compared with the one the form was opened on, and the version raised by one.

When someone saved in between, :class:`StaleEdit` is raised before anything is written.
It says, in French, which fields changed (the value when the form was opened, the value
stored now) and who saved them when, read from the record's history. The view shows the
form again with the user's input and the current version (:func:`show_stale`): sending it
again applies their input over what is stored now, knowingly.

``expected_version=None`` means no check (imports, the demo, internal changes); the
version is still raised so that open forms see the change.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import capfirst

VERSION_FIELD = "version"
_SHOWN = 80  # characters of a long text shown in the message


class Versioned(models.Model):
    """A record several people edit: its ``version`` grows by one at each save."""

    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        abstract = True


_V = TypeVar("_V", bound=Versioned)


@dataclass(frozen=True)
class Change:
    """A field someone else changed since the form was opened."""

    label: str
    opened: str | None  # the value when the form was opened (None: not known)
    now: str  # the value stored now

    def __str__(self) -> str:
        if self.opened is None:
            return f"{self.label} : « {self.now} » maintenant."
        return (
            f"{self.label} : « {self.opened} » à l'ouverture du formulaire, "
            f"« {self.now} » maintenant."
        )


def _people(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} et {names[-1]}"


class StaleEdit(ValidationError):
    """A save refused because the record changed since its form was opened.

    ``changes`` lists what changed; ``version`` is the version stored now, the one a
    form sent again must carry; ``who`` and ``when`` say who saved them and when.
    """

    def __init__(
        self,
        *,
        version: int,
        changes: Sequence[Change] = (),
        who: Sequence[str] = (),
        when: datetime.datetime | None = None,
    ) -> None:
        self.version = version
        self.changes = list(changes)
        self.who, self.when = list(who), when
        by = f"{_people(list(who))} a enregistré" if len(who) == 1 else ""
        if len(who) > 1:
            by = f"{_people(list(who))} ont enregistré"
        if not by:
            by = "quelqu'un d'autre a enregistré"
        moment = f" (le {timezone.localtime(when):%d/%m/%Y à %H:%M})" if when is not None else ""
        lines = [
            "Rien n'a été enregistré : depuis que vous avez ouvert ce formulaire, "
            f"{by} des changements{moment}."
        ]
        lines += [str(c) for c in self.changes]
        if not self.changes:
            lines.append("Les changements portent sur des éléments à choix multiples.")
        lines.append(
            "Votre saisie est conservée ci-dessous : vérifiez-la au regard de ces "
            "changements, puis enregistrez de nouveau."
        )
        super().__init__(lines, code="stale")


def _shown(record: Any, field: models.Field[Any, Any]) -> str:
    """A field's value as a person reads it."""
    value = getattr(record, field.attname)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if field.is_relation:
        try:
            return str(getattr(record, field.name))
        except ObjectDoesNotExist:
            return "(supprimé)"
    text = " ".join(str(value).split())
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _refusal(
    model: type[Versioned],
    current: Versioned,
    expected: int,
    fields: Sequence[str],
    any_change: bool,
) -> StaleEdit | None:
    """The refusal of a save based on version ``expected`` (None: it may go through).

    It lists what changed among ``fields``. Without the record's history of that
    version, or with ``any_change``, the save is refused even if none of them did.
    """
    history = getattr(model, "history", None)
    if history is None:
        return StaleEdit(version=current.version)
    key = {model._meta.pk.attname: current.pk}
    records = history.filter(**key)
    opened = records.filter(version=expected).order_by("-history_id").first()
    later = list(records.filter(version__gt=expected).select_related("history_user"))
    later.sort(key=lambda r: r.history_id)
    who: list[str] = []
    for record in later:
        user = record.history_user
        name = (getattr(user, "full_name", "") or str(user)) if user is not None else "Système"
        if name not in who:
            who.append(name)
    when = later[-1].history_date if later else None
    changes = []
    for name in fields:
        field = cast("models.Field[Any, Any]", model._meta.get_field(name))
        label = capfirst(str(field.verbose_name))
        if opened is None:  # a record created without history: what is stored now
            changes.append(Change(label, None, _shown(current, field)))
        elif getattr(opened, field.attname) != getattr(current, field.attname):
            changes.append(Change(label, _shown(opened, field), _shown(current, field)))
    if opened is not None and not changes and not any_change:
        return None
    return StaleEdit(version=current.version, changes=changes, who=who, when=when)


def claim(
    obj: _V,
    *,
    expected_version: int | None,
    fields: Sequence[str] = (),
    any_change: bool = False,
) -> _V:
    """Lock ``obj``'s row for this transaction and check it is still the version edited.

    Call it first in the service, inside its transaction. ``fields`` are the model's
    fields the form sends: a save is refused (:class:`StaleEdit`) when one of them
    changed since ``expected_version``, or, with ``any_change``, when anything did (a
    form whose other parts, such as multiple choices, the history cannot compare).
    A save let through takes the stored values of the other fields, so that it does not
    undo what someone else changed there. ``obj.version`` is then the next version.
    """
    model = type(obj)
    current = model._base_manager.select_for_update().get(pk=obj.pk)
    if expected_version is not None and current.version != expected_version:
        refusal = _refusal(model, current, expected_version, fields, any_change)
        if refusal is not None:
            raise refusal
        for field in model._meta.concrete_fields:
            if field.name not in fields and not field.primary_key:
                setattr(obj, field.attname, getattr(current, field.attname))
    obj.version = current.version + 1
    return obj


class VersionField(forms.IntegerField):
    """The hidden field of an edit form that carries the version it was opened on."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)  # a form opened before versions: no check
        super().__init__(min_value=0, max_value=2**31 - 1, **kwargs)


def add_version_field(form: forms.BaseForm, obj: Versioned | None) -> None:
    """Give ``form`` the hidden version field of ``obj`` (none when creating)."""
    if obj is not None and obj.pk is not None:
        form.fields[VERSION_FIELD] = VersionField(initial=obj.version)


def posted_version(form: forms.BaseForm) -> int | None:
    """The version the valid ``form`` was opened on, taken out of its cleaned data."""
    return form.cleaned_data.pop(VERSION_FIELD, None)


def show_stale(form: forms.BaseForm, refusal: StaleEdit) -> None:
    """Show ``refusal`` on ``form``, whose input stays, with the version stored now."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    data[form.add_prefix(VERSION_FIELD)] = str(refusal.version)
    form.data = data
    form.add_error(None, refusal)
