from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.accounts.models import Role
from earlyhelp.accounts.services import set_roles
from tests.conftest import PASSWORD, code_for, demo_user, sign_in


def test_manager_sees_the_staff_of_the_teams_in_their_district(demo):
    client = sign_in(Client(), "manager")

    html = client.get("/teams/").content.decode()

    assert "Bromsgrove Early Help Family Support" in html
    assert "Bromsgrove Targeted Support" in html
    assert "practitioner@demo.earlyhelp.test" in html
    assert "practitioner2@demo.earlyhelp.test" not in html  # a Malvern Hills team


def test_practitioner_cannot_list_teams(demo):
    client = sign_in(Client(), "practitioner")

    assert client.get("/teams/").status_code == 403


def test_practitioner_can_turn_on_two_factor_and_is_then_asked_for_a_code(demo):
    client = sign_in(Client(), "practitioner")
    page = client.get("/account/two-factor/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=demo_user("practitioner"), confirmed=False)

    response = client.post("/account/two-factor/", {"code": code_for(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    fresh = Client()
    fresh.post("/sign-in/", {"username": "practitioner@demo.earlyhelp.test", "password": PASSWORD})
    assert fresh.get("/dashboard/")["Location"].startswith("/account/two-factor/verify/")


def test_reloading_set_up_keeps_the_same_key(demo):
    client = sign_in(Client(), "fsw")

    client.get("/account/two-factor/")
    client.get("/account/two-factor/")

    assert TOTPDevice.objects.filter(user=demo_user("fsw")).count() == 1


def test_a_wrong_set_up_code_leaves_two_factor_off(demo):
    client = sign_in(Client(), "fsw")
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=demo_user("fsw"))
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post("/account/two-factor/", {"code": wrong})

    assert "The code is not right or has expired" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_new_administrator_must_set_up_two_factor_before_anything_else(demo):
    user = demo_user("analyst")
    set_roles(user, {Role.ADMINISTRATOR})
    client = Client()
    client.post("/sign-in/", {"username": user.email, "password": PASSWORD})

    response = client.get("/dashboard/")

    assert response["Location"].startswith("/account/two-factor/?next=")
    assert (
        "Administrators must use two-factor" in client.get("/account/two-factor/").content.decode()
    )


def test_administrator_cannot_switch_two_factor_off(demo):
    client = sign_in(Client(), "admin")

    client.post("/account/two-factor/remove/")

    assert TOTPDevice.objects.filter(user=demo_user("admin"), confirmed=True).exists()


def test_practitioner_can_switch_two_factor_off(demo):
    client = sign_in(Client(), "practitioner")
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=demo_user("practitioner"))
    client.post("/account/two-factor/", {"code": code_for(device)})

    client.post("/account/two-factor/remove/")

    assert not TOTPDevice.objects.filter(user=demo_user("practitioner")).exists()
