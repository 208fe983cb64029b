"""Who sees which CTG: memberships, the Caf's roles, and nothing of another Caf."""

import pytest

from maillage.conventions.models import Convention


def names(user):
    return set(Convention.objects.visible_to(user).values_list("name", flat=True))


@pytest.mark.parametrize("role", ["cdc", "elu", "technicien", "partenaire"])
def test_collectivite_roles_see_only_their_ctg(world, role):
    assert names(world.users[role]) == {"CTG Grand Chambéry"}


@pytest.mark.parametrize("role", ["cdt", "conseiller", "caf_admin"])
def test_caf_roles_see_every_ctg_of_their_caf_and_none_of_another(world, role):
    assert names(world.users[role]) == {"CTG Grand Chambéry", "CTG Arlysère"}


def test_another_caf_never_sees_savoie(world):
    assert names(world.users["cdt_other_caf"]) == {"CTG Voironnais"}


def test_deactivated_membership_hides_the_ctg(world):
    membership = world.users["elu"].convention_memberships.get()
    membership.is_active = False
    membership.save()
    assert names(world.users["elu"]) == set()


def test_population_is_the_sum_of_the_communes(world):
    ctg = Convention.objects.with_population().get(pk=world.a.pk)
    expected = sum(c.population for c in world.a.communes.all())
    assert ctg.population == expected
    assert expected > 140_000  # Grand Chambéry: 141,091 inhabitants (COG 2024)
