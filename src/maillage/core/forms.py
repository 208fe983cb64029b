"""Form fields shared by the apps.

``model_choice_field`` states the real class of a ``ModelChoiceField`` declared on a
form (``Form.fields`` is typed ``dict[str, Field]``); ``CheckedModelMultipleChoiceField``
refuses keys no database row can have.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db import models

from .params import DB_INT_MAX

INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}
OUT_OF_RANGE = "Choix inconnu : cette valeur ne correspond à aucun élément."


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """Field *name* of *form*, a ``ModelChoiceField`` or ``ModelMultipleChoiceField``."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def _out_of_range(field: forms.ModelChoiceField[Any], values: Iterable[Any]) -> bool:
    """Whether a submitted key cannot be a row's integer key (the database would overflow)."""
    if field.queryset is None:
        return False
    meta = field.queryset.model._meta
    key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    if key.get_internal_type() not in INTEGER_KEYS:
        return False
    for value in values:
        digits = str(value).strip().removeprefix("-")
        if digits.isascii() and digits.isdigit() and int(digits) > DB_INT_MAX:
            return True
    return False


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows that refuses, with a French message, keys no row can have.

    Django asks the database for every submitted key, and SQLite raises on an integer
    larger than 64 bits: without this check such a value gives a 500.
    """

    def _check_values(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)) and _out_of_range(self, value):
            raise forms.ValidationError(OUT_OF_RANGE, code="invalid_choice")
        return super()._check_values(value)  # type: ignore[misc]


def checked_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """A ModelForm's field for *db_field*, many-to-many ones checked (``formfield_callback``)."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
    return db_field.formfield(**kwargs)


class SearchableSelect(forms.Select):
    """A list one can type into to filter it (``core/static/maillage/selects.js``); without
    scripts, a plain list."""

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(attrs={"data-recherche": "", **(attrs or {})}, **kwargs)


class SearchableSelectMultiple(forms.SelectMultiple):
    """A multiple choice one types into to find each item, shown as removable tags; without
    scripts, a plain list (Ctrl+click)."""

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(attrs={"data-recherche": "", "size": 6, **(attrs or {})}, **kwargs)


def grouped_choices(
    field: forms.ModelChoiceField[Any], groups: Iterable[tuple[str, Iterable[Any]]]
) -> None:
    """Show a choice field's options in labelled groups, in this order (the CTG's own
    organisations first, say); the field still validates against its queryset."""
    choices: list[Any] = [("", "---------")] if not field.required else []
    for label, objects in groups:
        options = [(obj.pk, str(obj)) for obj in objects]
        if options:
            choices.append((label, options))
    field.choices = choices
