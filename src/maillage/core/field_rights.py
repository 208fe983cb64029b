"""Which fields of a record each editor may change: declared once per model, enforced by
the services, reflected in the forms.

An app declares, next to its predicates, an :class:`EditableFields` for a model that
several roles edit, and one function that answers "which of these fields may this user
change on this record". Its services call :meth:`EditableFields.check` before writing;
its forms call :meth:`EditableFields.restrict` so that a user is shown only the fields they
may change. A service compares values, not keys: sending a field unchanged (an API client
that posts the whole record, a form that shows a value read-only) is never refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class FieldsNotEditable(ValidationError):
    """A write tried to change fields its author may not change; nothing was written."""

    def __init__(self, labels: Iterable[str]) -> None:
        self.labels = sorted(labels)
        super().__init__(
            "Vous ne pouvez pas modifier : "
            + ", ".join(self.labels)
            + ". Rien n'a été enregistré ; demandez-le au chargé de coopération.",
            code="fields_not_editable",
        )


def _comparable(value: Any) -> Any:
    """A field's value in a form that compares equal whatever its container or type."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return frozenset(_comparable(v) for v in value)
    return value


@dataclass(frozen=True)
class EditableFields:
    """The editable fields of one model, each with the label a user reads.

    ``extra`` holds the values that are not model fields (child rows such as a fiche's
    thématiques), read by a function from the record.
    """

    model: type[models.Model]
    names: frozenset[str]
    extra: Mapping[str, tuple[str, Callable[[Any], Any]]] = field(default_factory=dict)

    def _field(self, name: str) -> models.Field[Any, Any]:
        model_field = self.model._meta.get_field(name)
        assert isinstance(model_field, models.Field), f"{name} n'est pas un champ du modèle"
        return model_field

    def label(self, name: str) -> str:
        """The name a user reads for ``name``."""
        if name in self.extra:
            return str(self.extra[name][0])
        return str(self._field(name).verbose_name)

    def current(self, instance: models.Model, name: str) -> Any:
        """The stored value of ``name`` on ``instance``, comparable with a submitted one."""
        if name in self.extra:
            return _comparable(self.extra[name][1](instance))
        model_field = self._field(name)
        if model_field.many_to_many:
            if instance.pk is None:
                return frozenset()
            return frozenset(getattr(instance, name).values_list("pk", flat=True))
        if model_field.is_relation:
            return getattr(instance, model_field.attname)
        return getattr(instance, name)

    def changed(self, instance: models.Model, values: Mapping[str, Any]) -> set[str]:
        """The names among ``values`` whose value differs from what ``instance`` holds."""
        unknown = set(values) - self.names
        if unknown:
            raise ValueError(f"Champs inconnus : {', '.join(sorted(unknown))}")
        return {
            name
            for name, value in values.items()
            if _comparable(value) != self.current(instance, name)
            and not (value in (None, "") and self.current(instance, name) in (None, ""))
        }

    def check(
        self, instance: models.Model, values: Mapping[str, Any], *, allowed: frozenset[str]
    ) -> None:
        """Raise :class:`FieldsNotEditable` if ``values`` change a field not in ``allowed``."""
        refused = self.changed(instance, values) - allowed
        if refused:
            raise FieldsNotEditable(self.label(name) for name in refused)

    def restrict(self, form: forms.BaseForm, *, allowed: frozenset[str]) -> None:
        """Remove from ``form`` the fields of this model the user may not change."""
        for name in list(form.fields):
            if name in self.names and name not in allowed:
                del form.fields[name]
