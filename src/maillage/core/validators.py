"""Validators shared by the forms of every app."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

CONTROL_MESSAGE = (
    "Ce nom ne peut contenir ni retour à la ligne, ni tabulation, ni autre caractère de contrôle."
)

# Control, format (zero-width…), line separator and paragraph separator characters.
REFUSED = {"Cc", "Cf", "Zl", "Zp"}


def no_control_characters(value: str) -> None:
    """Refuse line breaks, tabs, NUL and other control or format characters.

    A name goes into e-mail headers, file names and exports: a line break there breaks
    the message (``BadHeaderError``) or the file. The ordinary space is allowed; the
    Unicode line and paragraph separators are line breaks too.
    """
    if any(unicodedata.category(char) in REFUSED for char in value):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")


def refuse_control_characters(form: forms.BaseForm, *names: str) -> None:
    """Add ``no_control_characters`` to the fields *names* of *form* (those it has)."""
    for name in names:
        if name in form.fields:
            form.fields[name].validators.append(no_control_characters)
