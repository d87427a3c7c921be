"""What the front door must never do: tell a sender whether a child is known, let an
officer reach a family the request is not about, read without a log row, lose a record
to a 500 or drop the family's consent."""

import datetime

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from earlyhelp.accounts.models import AccessLog, Agency, District, Team
from earlyhelp.frontdoor.models import Decision, RequestConsent, RequestForSupport
from earlyhelp.pathways.services import escalate_pathway, open_pathway
from earlyhelp.people.models import Consent, Relationship
from tests.conftest import demo_user
from tests.frontdoor.test_front_door import decide, professional_request
from tests.people.helpers import BROMSGROVE_TEAM, MALVERN_TEAM, give_consent, make_family

pytestmark = pytest.mark.django_db

REQUEST = {
    "child_first_name": "Ruby",
    "child_last_name": "Hill",
    "child_date_of_birth": "2015-04-02",
    "district": "E07000235",
    "worries": "Ruby is often late and tired.",
    "consent": "given",
}


def malvern_family():  # type: ignore[no-untyped-def]
    return make_family("Hill family", team=MALVERN_TEAM, by="practitioner2")


def test_a_request_never_tells_its_sender_that_a_child_is_known(signed_in) -> None:
    family = malvern_family()
    client = signed_in("practitioner")
    response = client.post("/api/requests", REQUEST, content_type="application/json")
    assert response.status_code == 201
    assert RequestForSupport.objects.get().family == family  # linked for the front door
    assert response.json()["family_id"] is None
    listed = client.get("/api/requests").json()["items"][0]
    assert listed["family_id"] is None
    page = client.get(f"/requests/{listed['id']}/").content.decode()
    assert family.reference not in page and str(family.public_id) not in page


def test_requester_sees_what_was_decided_but_not_why_or_what_it_opened(signed_in) -> None:
    support_request = professional_request("practitioner2")
    decide(
        signed_in("frontdoor"),
        support_request,
        kind="pathway",
        reason="Private reasoning of the front door.",
        team=str(Team.objects.get(name=BROMSGROVE_TEAM).pk),
        lead_professional=demo_user("fsw").email,
    )
    client = signed_in("practitioner2")  # asked; does not work with the family
    body = client.get(f"/api/requests/{support_request.public_id}").json()
    assert body["decision"]["kind"] == "pathway"
    assert body["decision"]["reason"] is None and body["decision"]["pathway_id"] is None
    page = client.get(f"/requests/{support_request.public_id}/").content.decode()
    assert "Private reasoning" not in page and "Open an Early Help Pathway" in page


def test_front_door_cannot_link_a_family_the_request_is_not_about(signed_in) -> None:
    quiet = make_family("Quiet family", team=MALVERN_TEAM, by="practitioner2")
    support_request = professional_request()  # Noah Price: nothing to do with them
    client = signed_in("frontdoor")
    response = client.post(
        f"/api/requests/{support_request.public_id}/family",
        {"family_id": str(quiet.public_id)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert client.get(f"/families/{quiet.public_id}/").status_code == 404


def test_the_queue_and_the_matches_are_logged(signed_in) -> None:
    family = malvern_family()
    support_request = professional_request(
        child_first_name="Rubie", child_last_name="Hill", child_date_of_birth=None
    )
    client = signed_in("frontdoor")
    client.get("/front-door/")
    assert AccessLog.objects.filter(
        object_id=str(support_request.public_id), purpose="search"
    ).exists()
    client.get(f"/api/requests/{support_request.public_id}/matches")
    assert AccessLog.objects.filter(family_id=family.public_id, purpose="search").exists()


def test_front_door_reads_a_family_it_escalated(signed_in) -> None:
    family = malvern_family()
    ruby = family.members.get(person__first_name="Ruby").person
    support_request = professional_request(
        child_first_name="Ruby", child_last_name="Hill", child_date_of_birth=ruby.date_of_birth
    )
    client = signed_in("frontdoor")
    decide(client, support_request, kind="escalate", reason="Disclosure: to the MASH.")
    assert Decision.objects.get().kind == "escalate"
    assert client.get(f"/families/{family.public_id}/").status_code == 200
    assert family.reference in client.get("/front-door/step-ups/").content.decode()


@pytest.mark.parametrize(
    "change",
    [{"tried_so_far": "x\u0000y"}, {"parent_name": "a\u0000b"}, {"worries": "\u0000"}],
)
def test_null_characters_are_refused_not_a_500(signed_in, change) -> None:
    response = signed_in("practitioner").post(
        "/api/requests", {**REQUEST, **change}, content_type="application/json"
    )
    assert response.status_code == 422
    assert RequestForSupport.objects.count() == 0


def test_a_name_too_long_for_a_record_is_refused_everywhere(signed_in) -> None:
    client = signed_in("practitioner")
    api = client.post(
        "/api/requests", {**REQUEST, "parent_name": "X" * 150}, content_type="application/json"
    )
    assert api.status_code == 400
    page = client.post(
        "/requests/new/",
        {
            "child_first_name": "Noah",
            "child_last_name": "Price",
            "district": str(District.objects.get(name="Bromsgrove").pk),
            "worries": "Worried.",
            "consent": "given",
            "parent_name": "X" * 150,
        },
    )
    assert "100 characters or fewer" in page.content.decode()
    assert RequestForSupport.objects.count() == 0


def test_a_request_about_an_unborn_baby_opens_a_pathway(signed_in) -> None:
    due = datetime.date.today() + datetime.timedelta(days=60)
    support_request = professional_request(child_first_name="Baby", child_date_of_birth=due)
    response = decide(
        signed_in("frontdoor"),
        support_request,
        kind="pathway",
        reason="Pre-birth support.",
        team=str(Team.objects.get(name=BROMSGROVE_TEAM).pk),
        lead_professional=demo_user("fsw").email,
    )
    assert response.status_code == 302
    member = Decision.objects.get().pathway.family.members.get(person__first_name="Baby")
    assert member.relationship == Relationship.UNBORN
    assert member.person.expected_due_date == due and member.person.date_of_birth is None


def test_a_decision_keeps_the_agencies_the_family_already_shares_with(signed_in) -> None:
    family = make_family("Price family", by="fsw")
    police = Agency.objects.get(kind="police")
    from earlyhelp.people.services import record_consent

    record_consent(
        by=demo_user("fsw"),
        family=family,
        decision="given",
        to_assessment=False,
        share_with=[police],
        given_by="Dawn",
        given_on=datetime.date.today(),
    )
    support_request = professional_request(child_first_name="Ruby")
    support_request.family = family
    support_request.save()
    decide(
        signed_in("frontdoor"),
        support_request,
        kind="pathway",
        reason="A plan.",
        team=str(family.owning_team.pk),
        lead_professional=demo_user("fsw").email,
    )
    consent = Consent.objects.get(family=family, ended_at__isnull=True)
    shared = set(consent.share_with.all())
    assert consent.to_assessment and police in shared
    assert demo_user("practitioner").agency in shared


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages: list) -> int:  # type: ignore[override]
        raise ConnectionRefusedError("mail server down")


def test_escalation_is_saved_and_no_500_when_mail_is_down(
    signed_in, settings, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_BACKEND = "tests.frontdoor.test_hardening.FailingBackend"
    family = make_family("Hill family", by="fsw")
    give_consent(family)
    pathway = open_pathway(
        by=demo_user("fsw"),
        family=family,
        opened_on=datetime.date.today(),
        lead_professional=demo_user("fsw"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        escalate_pathway(
            by=demo_user("fsw"),
            pathway=pathway,
            version=pathway.version,
            reason="An injury disclosed at school needs a strategy discussion.",
        )
    assert pathway.escalations.count() == 1


def test_consent_not_yet_means_the_request_says_so(signed_in) -> None:
    support_request = professional_request(consent=RequestConsent.NOT_YET)
    page = signed_in("frontdoor").get(f"/front-door/requests/{support_request.public_id}/")
    assert "The family's agreement" in page.content.decode()
