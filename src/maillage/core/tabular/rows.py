"""Rows of a sheet checked by Django forms, and the cap on the errors shown.

The form fields come from the models (``model._meta.get_field(name).formfield()``), so a
limit such as ``max_length`` is written once, on the model, and an import reports it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.db import models
from django.utils import translation

from .read import Cell

MAX_ERRORS = 50

# Messages by error code; « {label} » is the column's name as the file shows it.
MESSAGES = {
    "required": "« {label} » est obligatoire.",
    "max_length": "« {label} » dépasse {limit_value} caractères.",
    "min_length": "« {label} » doit contenir au moins {limit_value} caractères.",
    "max_value": "« {label} » doit être au plus {limit_value}.",
    "min_value": "« {label} » doit être au moins {limit_value}.",
    "invalid_choice": "« {label} » : la valeur « {value} » n'est pas proposée.",
}


def form_for(
    model: type[models.Model],
    fields: Sequence[str],
    *,
    extra: Mapping[str, forms.Field | None] | None = None,
) -> type[forms.Form]:
    """A form of the model's own form fields (the model's limits), plus ``extra`` ones."""
    attrs: dict[str, Any] = dict(extra or {})
    for name in fields:
        formfield = model._meta.get_field(name).formfield()  # type: ignore[union-attr]
        if formfield is None:  # pragma: no cover - a field without a form field
            raise ValueError(f"{model.__name__}.{name} has no form field")
        attrs[name] = formfield
    return type(f"{model.__name__}RowForm", (forms.Form,), attrs)


def _message(field: str, error: Any, label: str, value: Any, overrides: Mapping[Any, str]) -> str:
    template = overrides.get((field, error.code)) or MESSAGES.get(error.code or "")
    params = {"label": label, "value": value, **(error.params or {})}
    if template:
        return template.format(**params)
    with translation.override("fr"):
        return f"« {label} » : {next(iter(error))}"


def check_row(
    form_class: type[forms.Form],
    data: Mapping[str, Cell],
    *,
    labels: Mapping[str, str],
    messages: Mapping[tuple[str, str], str] | None = None,
) -> tuple[dict[str, Any] | None, list[str]]:
    """Bind one row (field → cell) to the form: (cleaned data, []) or (None, French errors).

    ``labels`` names each field as the file does; ``messages`` replaces the message of a
    (field, error code), e.g. ``("email", "invalid")``, with ``{label}`` and ``{value}``.
    """
    bound = form_class(data={k: ("" if v is None else v) for k, v in data.items()})
    with translation.override("fr"):
        valid = bound.is_valid()
    if valid:
        return bound.cleaned_data, []
    errors = []
    for field, problems in bound.errors.as_data().items():
        label = labels.get(field, field)
        for error in problems:
            errors.append(_message(field, error, label, data.get(field), messages or {}))
    return None, errors


def more_errors(hidden: int) -> str:
    """The line that stands for the errors not listed."""
    return f"et {hidden} autre{'s' if hidden > 1 else ''} erreur{'s' if hidden > 1 else ''}."
