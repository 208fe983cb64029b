"""The one optimistic-locking mechanism: version check, refusal, and the form's hidden field."""

from __future__ import annotations

import pytest
from django import forms
from django.db import transaction
from django.http import QueryDict

from maillage.core.versioning import (
    StaleEdit,
    add_version_field,
    claim,
    posted_version,
    show_stale,
)
from maillage.network import services
from maillage.network.models import Contact

from ..factories import ConventionMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cdc():
    return ConventionMembershipFactory(role="cdc")


@pytest.fixture
def contact(cdc):
    return services.contact_create(
        convention=cdc.convention, by=cdc.user, last_name="Durand", phone="04 79 00 00 00"
    )


def _saved_elsewhere(contact, by, **fields):
    """Someone else's save, on their own copy of the record."""
    services.contact_update(contact=Contact.objects.get(pk=contact.pk), by=by, **fields)


def test_without_an_expected_version_nothing_is_checked_and_the_version_grows(cdc, contact):
    _saved_elsewhere(contact, cdc.user, phone="04 79 11 11 11")
    with transaction.atomic():
        claim(contact, expected_version=None)
    assert contact.version == 3


def test_a_stale_version_is_refused_with_each_change_who_and_when(cdc, contact):
    _saved_elsewhere(contact, cdc.user, phone="04 79 11 11 11", function="Maire")

    with pytest.raises(StaleEdit) as refused, transaction.atomic():
        claim(contact, expected_version=1, fields=("last_name", "function", "phone"))

    error = refused.value
    assert error.version == 2
    assert [(c.label, c.opened, c.now) for c in error.changes] == [
        ("Fonction", "—", "Maire"),
        ("Téléphone", "04 79 00 00 00", "04 79 11 11 11"),
    ]
    assert error.messages[0].startswith(
        "Rien n'a été enregistré : depuis que vous avez ouvert ce formulaire, "
        f"{cdc.user.full_name} a enregistré des changements (le "
    )


def test_a_refused_save_writes_nothing(cdc, contact):
    _saved_elsewhere(contact, cdc.user, phone="04 79 11 11 11")

    with pytest.raises(StaleEdit):
        services.contact_update(contact=contact, by=cdc.user, expected_version=1, phone="")

    stored = Contact.objects.get(pk=contact.pk)
    assert (stored.phone, stored.version) == ("04 79 11 11 11", 2)
    assert Contact.history.filter(id=contact.pk).count() == 2


def test_a_change_to_other_fields_lets_the_save_through_without_undoing_it(cdc, contact):
    _saved_elsewhere(contact, cdc.user, phone="04 79 11 11 11")

    with transaction.atomic():
        claim(contact, expected_version=1, fields=("function",))
        contact.function = "Directrice"
        contact.save()

    stored = Contact.objects.get(pk=contact.pk)
    assert (stored.function, stored.phone, stored.version) == ("Directrice", "04 79 11 11 11", 3)


def test_any_change_refuses_even_when_the_compared_fields_did_not_change(cdc, contact):
    _saved_elsewhere(contact, cdc.user, themes=["parentalite"])

    with pytest.raises(StaleEdit) as refused, transaction.atomic():
        claim(contact, expected_version=1, fields=("phone",), any_change=True)

    assert refused.value.changes == []
    assert f"{cdc.user.full_name} a enregistré des changements" in refused.value.messages[0]
    assert "Les changements portent sur des éléments à choix multiples." in refused.value.messages


class _Form(forms.Form):
    name = forms.CharField()


@pytest.mark.parametrize("odd", ["abc", "²", "-1", str(2**64), "1.5"])
def test_an_unreadable_version_is_refused_in_french(contact, odd):
    form = _Form(QueryDict(f"name=x&version={odd}"))
    add_version_field(form, contact)
    assert not form.is_valid()
    assert form.errors["version"][0].startswith(("Saisissez", "Assurez-vous"))


def test_a_form_opened_before_versions_is_not_checked(contact):
    form = _Form(QueryDict("name=x"))
    add_version_field(form, contact)
    assert form.is_valid() and posted_version(form) is None
    assert form.cleaned_data == {"name": "x"}


def test_a_creation_form_has_no_version():
    form = _Form()
    add_version_field(form, Contact())
    assert "version" not in form.fields


def test_the_refused_form_keeps_the_input_and_carries_the_stored_version(contact):
    form = _Form(QueryDict("name=Ma+saisie&version=1"))
    add_version_field(form, contact)
    assert form.is_valid()

    show_stale(form, StaleEdit(version=4))

    assert form["name"].value() == "Ma saisie" and form["version"].value() == "4"
    assert form.non_field_errors()[0].startswith("Rien n'a été enregistré")
