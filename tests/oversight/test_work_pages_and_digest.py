"""Due and overdue work by persona: each person sees their own; managers their districts'
teams; nobody sees a family they could not open, on a page or in the daily digest, and
the digest goes at most once a day."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from earlyhelp.accounts.models import Authority, District, Role, Team, User
from earlyhelp.accounts.services import set_roles
from earlyhelp.oversight.services import send_digests
from tests.conftest import sign_in
from tests.oversight.helpers import pathway

TODAY = timezone.localdate()
MALVERN_TEAM = "Malvern Hills Early Help Family Support"


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def malvern_manager() -> User:
    """A manager of another district than the demo manager's (Bromsgrove)."""
    manager = User.objects.create_user(
        email="malvern.manager@demo.earlyhelp.test",
        password="demo-password",
        first_name="Morgan",
        last_name="Vale",
        authority=Authority.objects.get(),
    )
    set_roles(manager, {Role.MANAGER})
    manager.managed_districts.add(District.objects.get(name="Malvern Hills"))
    return manager


def overdue_assessment(name: str, lead: str = "practitioner", team: str | None = None):  # type: ignore[no-untyped-def]
    """A pathway whose assessment was due ten days ago."""
    extra = {"team": team} if team else {}
    return pathway(name, consent_on=days_ago(40), lead=lead, **extra)


def test_each_persona_sees_only_work_they_could_open(demo, client):
    bromsgrove = overdue_assessment("Hill family")  # led by a Bromsgrove school's practitioner
    malvern = overdue_assessment("Vale family", lead="practitioner2", team=MALVERN_TEAM)
    malvern_manager()

    def page(who: str, url: str = "/timescales/") -> str:
        client.logout()
        response = sign_in(client, who).get(url)
        assert response.status_code == 200
        return response.content.decode()

    mine = page("practitioner")
    assert "Hill family" in mine and bromsgrove.reference in mine
    assert "Vale family" not in mine and malvern.reference not in mine
    assert "Complete the assessment" in mine and "Overdue" in mine
    # "My work" sums it up and links to the list.
    summary = page("practitioner", "/dashboard/").split("data-due-summary", 1)[1][:400]
    assert "<strong>1 overdue</strong>" in summary and 'href="/timescales/"' in summary

    theirs = page("practitioner2")
    assert "Vale family" in theirs and "Hill family" not in theirs

    # The demo manager manages Bromsgrove: its team has one overdue, Malvern's is not listed.
    managing = page("manager")
    assert 'data-team="Bromsgrove Early Help Family Support"' in managing
    assert MALVERN_TEAM not in managing and "Vale family" not in managing
    bromsgrove_team = Team.objects.get(name="Bromsgrove Early Help Family Support")
    team_page = page("manager", f"/timescales/teams/{bromsgrove_team.public_id}/")
    assert "Hill family" in team_page and "Vale family" not in team_page

    # A manager of another district learns nothing of Bromsgrove's families.
    client.logout()
    sign_in(client, "malvern.manager")
    assert client.get(f"/timescales/teams/{bromsgrove_team.public_id}/").status_code == 404
    malvern_team = Team.objects.get(name=MALVERN_TEAM)
    other = client.get(f"/timescales/teams/{malvern_team.public_id}/").content.decode()
    assert "Vale family" in other and "Hill family" not in other
    assert "Hill family" not in client.get("/timescales/").content.decode()


def test_the_daily_digest_goes_once_a_day_to_each_person_with_work(demo):
    hill = overdue_assessment("Hill family")
    overdue_assessment("Vale family", lead="practitioner2", team=MALVERN_TEAM)
    malvern_manager()

    assert send_digests(demo.authority, TODAY) > 0
    # Run again, as the scheduler would through the command and the background task.
    call_command("overdue", "--send-digests", stdout=io.StringIO())

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(
        [
            "practitioner@demo.earlyhelp.test",  # leads the Hill family's pathway
            "practitioner2@demo.earlyhelp.test",  # leads the Vale family's
            "manager@demo.earlyhelp.test",  # manages Bromsgrove's teams
            "malvern.manager@demo.earlyhelp.test",  # manages Malvern Hills'
            "analyst@demo.earlyhelp.test",  # the Monitoring Team oversees every team
        ]
    )
    practitioner_mail = next(m for m in mail.outbox if m.to == ["practitioner@demo.earlyhelp.test"])
    assert "1 overdue" in practitioner_mail.subject
    assert hill.reference in practitioner_mail.body
    assert "Hill family" not in practitioner_mail.body  # references only, never names
    malvern_mail = next(m for m in mail.outbox if m.to == ["malvern.manager@demo.earlyhelp.test"])
    assert "Bromsgrove" not in malvern_mail.body and MALVERN_TEAM in malvern_mail.body
