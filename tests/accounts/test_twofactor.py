"""Second factor: enrolment with one pending device, recovery codes, reset by a responsable."""

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..factories import PASSWORD

SETUP = "accounts:two_factor_setup"


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


def logged_in(email: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_wrong_codes_at_enrolment_reuse_one_pending_device_that_is_throttled(world):
    user = world.users["elu"]
    client = logged_in(user.email)
    client.get(reverse(SETUP))
    pending = TOTPDevice(key=client.session["maillage_2fa_pending_key"])

    for _ in range(3):
        response = client.post(reverse(SETUP), {"token": wrong_code(pending)})
        assert response.status_code == 200

    devices = TOTPDevice.objects.filter(user=user)
    assert devices.count() == 1
    device = devices.get()
    assert not device.confirmed
    assert device.key == pending.key
    assert device.throttling_failure_count >= 1
    # Throttled: even the right code is refused until the delay has passed.
    response = client.post(reverse(SETUP), {"token": current_code(device)})
    assert response.status_code == 200
    assert "patientez" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_the_setup_page_shows_the_pending_device_secret_in_a_new_session(world):
    user = world.users["elu"]
    first = logged_in(user.email)
    first.get(reverse(SETUP))
    key = first.session["maillage_2fa_pending_key"]
    pending = TOTPDevice(key=key)
    first.post(reverse(SETUP), {"token": wrong_code(pending)})

    second = logged_in(user.email)
    second.get(reverse(SETUP))

    assert second.session["maillage_2fa_pending_key"] == key
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_enrolment_confirms_the_pending_device_and_leaves_a_single_device(world):
    user = world.users["elu"]
    client = logged_in(user.email)
    client.get(reverse(SETUP))
    pending = TOTPDevice(key=client.session["maillage_2fa_pending_key"])

    response = client.post(reverse(SETUP), {"token": current_code(pending)})

    assert response.status_code in (200, 302)
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    assert device.key == pending.key


def test_a_get_of_the_setup_page_writes_no_device(world):
    client = logged_in(world.users["elu"].email)
    client.get(reverse(SETUP))
    assert not TOTPDevice.objects.filter(user=world.users["elu"]).exists()
