"""The « Historique » of a CTG: who changed what and when."""

import pytest
from django.urls import reverse

from maillage.conventions.services import convention_update, member_change_role


@pytest.mark.django_db
def test_history_lists_who_changed_the_ctg_and_its_members_with_before_and_after(world):
    cdc = world.users["cdc"]
    convention_update(convention=world.a, by=cdc, name="CTG du Grand Chambéry")
    membership = world.users["elu"].convention_memberships.get()
    member_change_role(membership=membership, by=cdc, role="technicien")

    html = world.client("elu").get(reverse("conventions:history", args=[world.a.uuid]))
    # The élu is now a technicien: the history is not theirs to read any more.
    assert html.status_code == 403

    response = world.client("cdt").get(reverse("conventions:history", args=[world.a.uuid]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "CTG Grand Chambéry → CTG du Grand Chambéry" in page
    assert "Élu·e référent·e → Technicien·ne" in page
    assert page.count(cdc.full_name) >= 2


@pytest.mark.django_db
def test_history_of_another_ctg_is_not_shown(world):
    convention_update(convention=world.b, by=world.users["cdc_b"], name="CTG Arlysère bis")
    response = world.client("cdc").get(reverse("conventions:history", args=[world.a.uuid]))
    assert "Arlysère bis" not in response.content.decode()
