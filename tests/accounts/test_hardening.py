"""Refusals that keep accounts and the access log trustworthy."""

import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.accounts.models import AccessLog, AccessPurpose, Authority, Team, User
from earlyhelp.accounts.services import record_access
from tests.conftest import PASSWORD, code_for, demo_user, sign_in


def give_authenticator(local_part: str) -> TOTPDevice:
    client = sign_in(Client(), local_part)
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=demo_user(local_part))
    client.post("/account/two-factor/", {"code": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_password_alone_cannot_remove_an_authenticator(demo):
    give_authenticator("practitioner")
    client = Client()
    client.post("/sign-in/", {"username": "practitioner@demo.earlyhelp.test", "password": PASSWORD})

    response = client.post("/account/two-factor/remove/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/verify/")
    assert TOTPDevice.objects.filter(user=demo_user("practitioner"), confirmed=True).exists()


def test_staff_who_are_not_administrators_get_a_403_from_the_admin_site_not_a_loop(demo):
    client = sign_in(Client(), "manager")

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def test_access_log_refuses_bulk_changes_and_deletes(demo):
    user = demo_user("practitioner")
    record_access(
        user=user, record=user.teams.first(), purpose=AccessPurpose.VIEW, family_id=uuid.uuid4()
    )

    with pytest.raises(ValueError, match="never changed"):
        AccessLog.objects.update(purpose=AccessPurpose.EDIT)
    with pytest.raises(ValueError, match="never deleted"):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.filter(purpose=AccessPurpose.VIEW).count() == 1


def test_the_database_refuses_an_update_of_the_access_log_from_any_client(demo):
    user = demo_user("practitioner")
    row = record_access(
        user=user, record=user.teams.first(), purpose=AccessPurpose.VIEW, family_id=None
    )

    with (
        pytest.raises(Exception, match="never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE accounts_accesslog SET user_email = %s WHERE id = %s",
            ["someone-else@example.org", row.pk],
        )
    assert AccessLog.objects.get(pk=row.pk).user_email == user.email


def test_the_access_log_row_belongs_to_the_records_authority(demo):
    other = Authority.objects.create(
        name="Another Council",
        slug="another",
        ons_code="E10000099",
        band_label_set=demo.authority.band_label_set,
    )
    team = Team.objects.create(authority=other, name="Their team")

    row = record_access(
        user=demo_user("admin"), record=team, purpose=AccessPurpose.VIEW, family_id=None
    )

    assert row.authority == other


def test_client_address_is_read_through_trusted_proxies_only(demo, rf, settings):
    user = demo_user("practitioner")
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")

    settings.TRUSTED_PROXY_COUNT = 0
    direct = record_access(
        user=user, record=user.teams.first(), purpose="view", family_id=None, request=request
    )
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = record_access(
        user=user, record=user.teams.first(), purpose="view", family_id=None, request=request
    )

    assert direct.ip_address == "10.0.0.2"
    assert proxied.ip_address == "203.0.113.7"


def test_administrators_cannot_read_or_change_anyones_authenticator_key(demo):
    device = give_authenticator("fsw")
    client = sign_in(Client(), "admin")

    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    response = client.post(
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        {"user": device.user_id, "name": "x", "key": "00" * 20, "confirmed": "on"},
    )

    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert response.status_code == 403
    device.refresh_from_db()
    assert device.key != "00" * 20


def test_administrator_can_reset_a_lost_authenticator(demo):
    device = give_authenticator("fsw")
    client = sign_in(Client(), "admin")

    client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_emails_are_stored_in_lower_case_and_unique_whatever_the_case(demo):
    user = User.objects.create_user(email="Jane.Smith@Example.ORG", password="x" * 12)
    assert user.email == "jane.smith@example.org"

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="jane.smith@example.org")


def test_administrator_adding_a_user_with_capitals_gets_a_user_who_can_sign_in(demo):
    client = sign_in(Client(), "admin")

    client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New.Person@Example.ORG",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )

    assert User.objects.filter(email="new.person@example.org").exists()


def test_administrators_see_only_their_own_authoritys_teams(demo):
    other = Authority.objects.create(
        name="Another Council",
        slug="another",
        ons_code="E10000099",
        band_label_set=demo.authority.band_label_set,
    )
    Team.objects.create(authority=other, name="Someone else's team")
    client = sign_in(Client(), "admin")

    html = client.get("/admin/accounts/team/").content.decode()

    assert "Bromsgrove Early Help Family Support" in html
    assert "Someone else&#x27;s team" not in html and "Someone else's team" not in html


def test_demo_data_is_refused_outside_a_demo(db, settings):
    settings.DEBUG = False
    settings.EARLYHELP_DEMO = False

    with pytest.raises(CommandError) as error:
        call_command("seed")

    assert error.value.returncode == 2
    assert "EARLYHELP_DEMO" in str(error.value)
    assert not User.objects.exists()


def test_a_second_demo_authority_in_the_same_database_is_refused_cleanly(demo):
    with pytest.raises(CommandError) as error:
        call_command("seed", "--authority", "warwickshire")

    assert error.value.returncode == 2
    assert "already has the demo users" in str(error.value)
    assert not Authority.objects.filter(slug="warwickshire").exists()


def test_signed_in_pages_are_never_stored_by_the_browser(demo, client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client = sign_in(Client(), "practitioner")

    response = client.get("/dashboard/")

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
