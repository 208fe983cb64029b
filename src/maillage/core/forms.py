"""Typed access to the form fields a form narrows when it is built.

``Form.fields`` is typed ``dict[str, Field]``, so setting the queryset of a
``ModelChoiceField`` declared on the class reads, to mypy, as an unknown
attribute of ``Field``. This helper states the field's real class once.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """Field *name* of *form*, a ``ModelChoiceField`` or ``ModelMultipleChoiceField``."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])
