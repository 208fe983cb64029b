"""Rows of a sheet checked by Django forms, and the cap on the errors shown.

The form fields come from the models (:func:`model_formfield`), so a limit such as
``max_length`` or a validator such as ``no_control_characters`` is written once, on the
model, and an import reports it.
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
    "control_characters": (
        "« {label} » ne peut contenir ni retour à la ligne, ni tabulation, ni autre caractère "
        "de contrôle."
    ),
}


def model_formfield(model: type[models.Model], name: str, **kwargs: Any) -> forms.Field:
    """The model field's form field, with the model field's own validators too.

    A form field built by ``formfield()`` checks ``max_length`` but not the validators
    declared on the model field; a row must pass both, as a model form's would.
    """
    model_field = model._meta.get_field(name)
    if not isinstance(model_field, models.Field):  # pragma: no cover - a reverse relation
        raise ValueError(f"{model.__name__}.{name} is not a field")
    formfield = model_field.formfield(**kwargs)
    if formfield is None:  # pragma: no cover - a field without a form field
        raise ValueError(f"{model.__name__}.{name} has no form field")
    extra = [v for v in model_field.validators if v not in formfield.validators]
    formfield.validators = [*formfield.validators, *extra]
    return formfield


def form_for(
    model: type[models.Model],
    fields: Sequence[str],
    *,
    extra: Mapping[str, forms.Field | None] | None = None,
) -> type[forms.Form]:
    """A form of the model's own form fields (the model's limits and validators), plus
    ``extra`` ones."""
    attrs: dict[str, Any] = dict(extra or {})
    for name in fields:
        attrs[name] = model_formfield(model, name)
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
