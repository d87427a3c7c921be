"""A locked account stays locked from any address until the cool-off ends, and a session
left idle beyond SESSION_IDLE_MINUTES (30 by default) is signed out while activity keeps
it going. (tests/accounts/test_sign_in.py has the lockout itself.)"""

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from earlyhelp.demo.services import DEMO_EMAIL_DOMAIN
from tests.conftest import PASSWORD, sign_in

EMAIL = f"tso@{DEMO_EMAIL_DOMAIN}"


def idle_for(minutes: int) -> None:
    """As if the only session's last request had been this many minutes earlier."""
    session = Session.objects.get()
    session.expire_date -= datetime.timedelta(minutes=minutes)
    session.save()


def test_a_locked_account_is_refused_from_another_address_until_the_cool_off_ends(demo):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="203.0.113.1").post(
            "/sign-in/", {"username": EMAIL, "password": "not-the-password"}
        )
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")

    locked = elsewhere.post("/sign-in/", {"username": EMAIL, "password": PASSWORD})

    assert locked.status_code == 429
    assert "Your account is locked for now" in locked.content.decode()
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    assert cool_off == datetime.timedelta(minutes=15)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - cool_off + datetime.timedelta(seconds=30)
    )
    assert elsewhere.post("/sign-in/", {"username": EMAIL, "password": PASSWORD}).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - cool_off - datetime.timedelta(seconds=1)
    )
    unlocked = elsewhere.post("/sign-in/", {"username": EMAIL, "password": PASSWORD})

    assert unlocked.status_code == 302
    assert elsewhere.get("/dashboard/").status_code == 200


def test_a_session_idle_for_longer_than_the_limit_is_signed_out(demo):
    client = sign_in(Client(), "practitioner")
    expires = Session.objects.get().expire_date
    assert abs(expires - timezone.now() - datetime.timedelta(minutes=30)) < datetime.timedelta(
        minutes=1
    )
    assert client.cookies["sessionid"]["max-age"] == ""  # and ends when the browser closes

    idle_for(31)
    response = client.get("/families/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/families/"
    assert client.get("/dashboard/").status_code == 302


def test_activity_within_the_limit_keeps_the_session_going(demo):
    client = sign_in(Client(), "practitioner")

    for _ in range(3):  # an hour and a half in all, never 30 minutes idle
        idle_for(29)
        assert client.get("/dashboard/").status_code == 200

    renewed = Session.objects.get().expire_date
    assert renewed - timezone.now() > datetime.timedelta(minutes=29)
