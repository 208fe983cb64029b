"""A Caf responsable resets the second factor of one of the Caf's people."""

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts import services as accounts_services
from maillage.accounts.services import TWO_FACTOR_RESET_REASON

from ..factories import PASSWORD


def reset_url(world, user, caf=None):
    caf = caf or world.caf
    return reverse("departement:team_two_factor_reset", args=[caf.uuid, user.uuid])


def enrol(user) -> None:
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    accounts_services.two_factor_confirm(device=device)


def test_the_responsable_resets_a_cdt_who_must_enrol_again_at_next_login(
    world, django_capture_on_commit_callbacks
):
    cdt = world.users["cdt"]
    enrol(cdt)
    responsable = world.client("caf_admin")

    confirm = responsable.get(reset_url(world, cdt))
    assert confirm.status_code == 200
    assert "Confirmer la réinitialisation" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=cdt).exists()  # the GET only asks

    with django_capture_on_commit_callbacks(execute=True):
        response = responsable.post(reset_url(world, cdt))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cdt).exists()
    assert not StaticDevice.objects.filter(user=cdt).exists()
    record = cdt.history.latest("history_date")
    assert record.history_change_reason == TWO_FACTOR_RESET_REASON
    assert record.history_user == world.users["caf_admin"]

    client = Client()
    client.post(reverse("accounts:login"), {"username": cdt.email, "password": PASSWORD})
    page = client.get(reverse("web:home"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:two_factor_setup"))
    setup = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "réinitialisée par le responsable de votre Caf" in setup


def test_the_reset_is_shown_to_the_responsable_with_its_author(world):
    cdt = world.users["cdt"]
    enrol(cdt)
    responsable = world.client("caf_admin")
    responsable.post(reset_url(world, cdt))

    page = responsable.get(reverse("departement:team_two_factor", args=[world.caf.uuid]))

    content = page.content.decode()
    assert page.status_code == 200
    assert cdt.full_name in content
    assert "À réactiver" in content
    assert f"par {world.users['caf_admin']}" in content


def test_the_page_lists_the_cdcs_of_the_caf_ctgs_and_not_other_cafs(world):
    page = world.client("caf_admin").get(
        reverse("departement:team_two_factor", args=[world.caf.uuid])
    )
    content = page.content.decode()
    assert world.users["cdc"].full_name in content
    assert world.users["conseiller"].full_name in content
    assert world.users["cdc_c"].email not in content
    assert world.users["elu"].email not in content


def test_a_person_outside_the_caf_cannot_be_reset(world):
    outsider = world.users["cdt_other_caf"]
    enrol(outsider)

    response = world.client("caf_admin").post(reset_url(world, outsider))

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=outsider, confirmed=True).exists()


def test_an_elu_of_a_ctg_is_not_a_colleague_to_reset(world):
    elu = world.users["elu"]
    enrol(elu)

    response = world.client("caf_admin").post(reset_url(world, elu))

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=elu, confirmed=True).exists()


def test_a_cdt_cannot_reset_a_colleague(world):
    conseiller = world.users["conseiller"]
    enrol(conseiller)

    response = world.client("cdt").post(reset_url(world, conseiller))

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=conseiller, confirmed=True).exists()


def test_enrolling_again_clears_the_duty(world):
    cdt = world.users["cdt"]
    accounts_services.two_factor_reset(user=cdt, by=world.users["caf_admin"])
    cdt.refresh_from_db()
    assert cdt.two_factor_must_enrol

    enrol(cdt)

    cdt.refresh_from_db()
    assert not cdt.two_factor_must_enrol
