"""Step-ups reach the front door: the MASH is told and can read the family for 30 days."""

import datetime

import pytest
from django.core import mail

from earlyhelp.accounts.models import AccessLog
from earlyhelp.pathways.models import Escalation
from earlyhelp.pathways.services import escalate_pathway, open_pathway
from tests.conftest import demo_user
from tests.people.helpers import MALVERN_TEAM, give_consent, make_family

pytestmark = pytest.mark.django_db

REASON = "Disclosure at school of an injury caused at home; needs a strategy discussion."


def escalate(capture) -> tuple:  # type: ignore[no-untyped-def]
    """A Malvern Hills family (not the demo front door officer's team) stepped up."""
    lead = demo_user("practitioner2")
    family = make_family("Hill family", team=MALVERN_TEAM, by="practitioner2")
    give_consent(family, lead.agency, by="practitioner2")
    pathway = open_pathway(
        by=lead, family=family, opened_on=datetime.date.today(), lead_professional=lead
    )
    with capture(execute=True):
        escalate_pathway(by=lead, pathway=pathway, version=pathway.version, reason=REASON)
    return family, pathway


def test_escalated_pathway_reaches_the_front_door(
    signed_in, django_capture_on_commit_callbacks
) -> None:
    family, pathway = escalate(django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [[demo_user("frontdoor").email]]
    assert family.reference in mail.outbox[0].subject
    assert "injury" not in mail.outbox[0].body  # the reason is read in the service, logged
    client = signed_in("frontdoor")
    page = client.get("/front-door/step-ups/").content.decode()
    assert family.reference in page and "strategy discussion" in page
    assert client.get(f"/families/{family.public_id}/").status_code == 200
    row = AccessLog.objects.filter(family_id=family.public_id, user=demo_user("frontdoor"))
    assert row.filter(purpose="view", reason="At the front door").exists()
    # Reading is not changing.
    assert client.get(f"/families/{family.public_id}/people/new/").status_code == 403


def test_front_door_loses_sight_30_days_after_the_step_up(
    signed_in, django_capture_on_commit_callbacks
) -> None:
    family, _ = escalate(django_capture_on_commit_callbacks)
    Escalation.objects.update(escalated_on=datetime.date.today() - datetime.timedelta(days=31))
    client = signed_in("frontdoor")
    assert client.get(f"/families/{family.public_id}/").status_code == 404
    assert family.reference not in client.get("/front-door/step-ups/").content.decode()


@pytest.mark.parametrize("persona", ["practitioner", "manager", "analyst"])
def test_step_ups_page_is_the_front_doors_only(signed_in, persona) -> None:
    assert signed_in(persona).get("/front-door/step-ups/").status_code == 404
