"""Organisations: every kind has a default partner category from the référentiel's diagram."""

import pytest
from django.db import IntegrityError

from maillage.organisations.enums import DEFAULT_CATEGORY, OrganisationKind, PartnerCategory

from ..factories import CafFactory, OrganisationFactory


def test_every_kind_has_a_default_category():
    assert set(DEFAULT_CATEGORY) == set(OrganisationKind.values)
    assert set(DEFAULT_CATEGORY.values()) <= set(PartnerCategory.values)


def test_the_referentiel_categories_are_all_there():
    labels = set(PartnerCategory.labels)
    assert "Élus" in labels
    assert "Structures AVS (centres sociaux, EVS)" in labels
    assert "Réseau des chargés de coopération CTG" in labels
    assert len(labels) == 7


def test_a_centre_social_is_an_avs_structure():
    assert DEFAULT_CATEGORY[OrganisationKind.CENTRE_SOCIAL] == PartnerCategory.STRUCTURES_AVS


@pytest.mark.django_db
def test_two_organisations_of_one_caf_cannot_share_a_name():
    caf = CafFactory()
    OrganisationFactory(caf=caf, name="Centre social des Hauts")
    OrganisationFactory(caf=CafFactory(), name="Centre social des Hauts")
    with pytest.raises(IntegrityError):
        OrganisationFactory(caf=caf, name="Centre social des Hauts")
