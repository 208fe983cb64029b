"""Second factor: enrolment with one pending device, recovery codes, reset by a responsable."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
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
    # Throttled: even the right code is refused until the delay has passed. (A long delay,
    # so that a slow machine does not outlive it between two requests.)
    device.throttling_failure_count = 10
    device.throttling_failure_timestamp = timezone.now()
    device.save()
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


def enrolled(user) -> list[str]:
    """Enrol ``user`` through the pages; returns the recovery codes shown once."""
    client = logged_in(user.email)
    client.get(reverse(SETUP))
    pending = TOTPDevice(key=client.session["maillage_2fa_pending_key"])
    response = client.post(reverse(SETUP), {"token": current_code(pending)})
    assert response.status_code == 200
    return list(response.context["codes"])


def code_for_next_login(user) -> str:
    """A valid TOTP code: the one used at enrolment was spent, so forget it was."""
    device = TOTPDevice.objects.get(user=user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return current_code(device)


def verify(client: Client, token: str):
    return client.post(reverse(VERIFY), {"token": token})


VERIFY = "accounts:two_factor_verify"
RECOVERY = "accounts:two_factor_recovery_codes"


def test_enrolment_shows_ten_distinct_recovery_codes_once(world):
    user = world.users["elu"]
    codes = enrolled(user)

    assert len(set(codes)) == 10
    device = StaticDevice.objects.get(user=user)
    assert sorted(device.token_set.values_list("token", flat=True)) == sorted(codes)
    # The page of the codes does not show them again.
    client = logged_in(user.email)
    verify(client, code_for_next_login(user))
    page = client.get(reverse(RECOVERY)).content.decode()
    assert all(code not in page for code in codes)
    assert "Il vous reste 10 codes de secours" in page


def test_a_recovery_code_replaces_the_totp_code_once(world):
    user = world.users["elu"]
    codes = enrolled(user)

    client = logged_in(user.email)
    response = verify(client, f"  {codes[0].upper()} ")
    assert response.status_code == 302
    assert client.get(reverse("conventions:detail", args=[world.a.uuid])).status_code == 200

    again = logged_in(user.email)
    refused = verify(again, codes[0])
    assert refused.status_code == 200
    assert "pas valable ou a déjà servi" in refused.content.decode()
    assert StaticDevice.objects.get(user=user).token_set.count() == 9
    # Another, unused code still works (once the delay after a failure has passed).
    StaticDevice.objects.filter(user=user).update(throttling_failure_timestamp=None)
    assert verify(again, codes[1]).status_code == 302


def test_a_made_up_recovery_code_is_refused(world):
    user = world.users["elu"]
    enrolled(user)
    client = logged_in(user.email)

    response = verify(client, "zzzzzzzz")

    assert response.status_code == 200
    assert "pas valable" in response.content.decode()
    page = client.get(reverse("conventions:detail", args=[world.a.uuid]))
    assert page.status_code == 302


def test_regenerating_recovery_codes_shows_new_ones_and_retires_the_old(world):
    user = world.users["elu"]
    old = enrolled(user)
    client = logged_in(user.email)
    verify(client, code_for_next_login(user))

    response = client.post(reverse(RECOVERY))

    assert response.status_code == 200
    new = list(response.context["codes"])
    assert len(new) == 10
    assert not set(new) & set(old)
    assert sorted(
        StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True)
    ) == sorted(new)
    # The old codes no longer open a session.
    other = logged_in(user.email)
    assert verify(other, old[2]).status_code == 200


def test_the_recovery_codes_page_needs_the_second_factor_verified(world):
    user = world.users["elu"]
    enrolled(user)
    client = logged_in(user.email)  # password only

    response = client.post(reverse(RECOVERY))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(VERIFY))
