"""The declaration of who changes which field: values are compared, not keys."""

from __future__ import annotations

import pytest
from django import forms

from maillage.core.field_rights import EditableFields, FieldsNotEditable
from maillage.organisations.models import Organisation

FIELDS = EditableFields(model=Organisation, names=frozenset({"name", "kind"}))


def test_an_unchanged_value_is_not_a_change():
    organisation = Organisation(name="Mairie", kind="commune")
    assert FIELDS.changed(organisation, {"name": "Mairie", "kind": "commune"}) == set()
    assert FIELDS.changed(organisation, {"name": "Mairie de Chambéry"}) == {"name"}


def test_a_refused_change_names_the_fields_as_users_read_them():
    organisation = Organisation(name="Mairie", kind="commune")
    with pytest.raises(FieldsNotEditable) as refused:
        FIELDS.check(organisation, {"name": "Autre"}, allowed=frozenset({"kind"}))
    assert refused.value.labels == [str(Organisation._meta.get_field("name").verbose_name)]
    FIELDS.check(organisation, {"name": "Mairie"}, allowed=frozenset({"kind"}))


def test_an_undeclared_field_is_a_programming_error():
    with pytest.raises(ValueError, match="Champs inconnus"):
        FIELDS.changed(Organisation(name="Mairie"), {"email": "x@example.org"})


def test_a_form_keeps_only_the_fields_the_user_may_change():
    class Form(forms.Form):
        name = forms.CharField()
        kind = forms.CharField()
        note = forms.CharField()

    form = Form()
    FIELDS.restrict(form, allowed=frozenset({"kind"}))
    assert list(form.fields) == ["kind", "note"]
