"""Professionals' requests, the front door's queue and its decisions, by persona."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from earlyhelp.accounts.models import AccessLog, District, Team
from earlyhelp.frontdoor.models import (
    Decision,
    DecisionKind,
    RequestConsent,
    RequestForSupport,
    RequestSource,
    RequestStatus,
)
from earlyhelp.frontdoor.services import RequestDetails, create_request
from earlyhelp.pathways.models import Pathway
from earlyhelp.people.models import Consent, Family
from tests.conftest import demo_user
from tests.people.helpers import BROMSGROVE_TEAM, make_family

pytestmark = pytest.mark.django_db


def professional_request(by: str = "practitioner", **changes: object) -> RequestForSupport:
    user = demo_user(by)
    details = {
        "child_first_name": "Noah",
        "child_last_name": "Price",
        "child_date_of_birth": datetime.date(2016, 5, 9),
        "parent_name": "Kelly Price",
        "worries": "Noah's attendance has dropped to 80% and he is withdrawn in class.",
        "requester_name": user.get_full_name(),
        "requester_email": user.email,
        "consent": RequestConsent.GIVEN,
        "district": District.objects.get(name="Bromsgrove"),
        **changes,
    }
    return create_request(
        authority=user.authority,
        source=RequestSource.PROFESSIONAL,
        submitted_by=user,
        details=RequestDetails(**details),
    )


def request_form(**changes: str) -> dict[str, str]:
    return {
        "child_first_name": "Noah",
        "child_last_name": "Price",
        "child_date_of_birth": "9/5/2016",
        "parent_name": "Kelly Price",
        "postcode": "",
        "district": str(District.objects.get(name="Bromsgrove").pk),
        "worries": "Noah's attendance has dropped to 80% and he is withdrawn in class.",
        "tried_so_far": "Meetings with mum; a school mentor.",
        "suggested_band": "yellow",
        "consent": "given",
        **changes,
    }


def test_practitioner_requests_support_and_sees_it_in_their_requests(signed_in) -> None:
    client = signed_in("practitioner")
    response = client.post("/requests/new/", request_form())
    saved = RequestForSupport.objects.get()
    assert response["Location"] == f"/requests/{saved.public_id}/"
    assert saved.source == RequestSource.PROFESSIONAL and saved.suggested_band == "yellow"
    assert saved.submitted_by == demo_user("practitioner")
    page = client.get("/requests/").content.decode()
    assert saved.reference in page and "Awaiting a decision" in page
    detail = client.get(f"/requests/{saved.public_id}/").content.decode()
    assert "attendance has dropped" in detail
    assert AccessLog.objects.filter(object_id=str(saved.public_id)).exists()


def test_request_form_bad_input_shows_errors_and_saves_nothing(signed_in) -> None:
    client = signed_in("practitioner")
    response = client.post(
        "/requests/new/",
        request_form(child_first_name="", worries="", consent="", child_date_of_birth="31/2/2019"),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    for message in (
        "first name",
        "Say what worries you",
        "Say whether the family agrees",
        "must be a real date",
    ):
        assert message in page
    assert RequestForSupport.objects.count() == 0


def test_request_from_a_family_record_is_linked_to_it(signed_in) -> None:
    family = make_family("Price family", by="fsw")
    client = signed_in("fsw")
    form = client.get(f"/requests/new/?family={family.public_id}").content.decode()
    assert 'value="Ruby"' in form
    client.post(f"/requests/new/?family={family.public_id}", request_form(child_first_name="Ruby"))
    assert RequestForSupport.objects.get().family == family


def test_request_about_a_family_someone_cannot_see_is_404(signed_in) -> None:
    family = make_family("Price family", by="fsw")
    response = signed_in("practitioner2").get(f"/requests/new/?family={family.public_id}")
    assert response.status_code == 404


def test_step_down_needs_its_band_and_summary(signed_in) -> None:
    client = signed_in("practitioner")
    missing = client.post("/requests/step-down/", request_form(suggested_band=""))
    page = missing.content.decode()
    assert "level of need at step-down" in page and "social worker" in page
    client.post(
        "/requests/step-down/",
        request_form(suggested_band="orange", social_worker_summary="Child in need plan ended."),
    )
    saved = RequestForSupport.objects.get()
    assert saved.source == RequestSource.STEP_DOWN and saved.suggested_band == "orange"


def test_practitioner_sees_only_their_own_requests(signed_in) -> None:
    mine = professional_request("practitioner")
    theirs = professional_request("practitioner2")
    client = signed_in("practitioner")
    assert client.get(f"/requests/{theirs.public_id}/").status_code == 404
    page = client.get("/requests/").content.decode()
    assert mine.reference in page and theirs.reference not in page


def test_front_door_queue_is_oldest_first_with_the_time_waited(signed_in) -> None:
    newer = professional_request(child_first_name="Newer")
    older = professional_request(child_first_name="Older")
    RequestForSupport.objects.filter(pk=older.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=2, hours=3)
    )
    page = signed_in("frontdoor").get("/front-door/").content.decode()
    assert page.index("Older Price") < page.index("Newer Price")
    assert "2\xa0days, 3\xa0hours" in page
    assert newer.reference in page


@pytest.mark.parametrize("persona", ["practitioner", "fsw", "manager", "analyst"])
def test_only_front_door_officers_have_a_queue(signed_in, persona) -> None:
    support_request = professional_request("practitioner2")
    client = signed_in(persona)
    assert client.get("/front-door/").status_code == 404
    assert client.get(f"/front-door/requests/{support_request.public_id}/").status_code == 404


def decide(client, support_request: RequestForSupport, **data: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/front-door/requests/{support_request.public_id}/", {"action": "decide", **data}
    )


def test_front_door_opens_a_pathway_for_the_lead_professional(
    signed_in, django_capture_on_commit_callbacks
) -> None:
    support_request = professional_request()
    client = signed_in("frontdoor")
    team = Team.objects.get(name=BROMSGROVE_TEAM)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(
            client,
            support_request,
            kind="pathway",
            reason="Attendance and emotional wellbeing need a coordinated plan.",
            team=str(team.pk),
            lead_professional=demo_user("fsw").email,
            parenting_needs_only="no",
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    support_request.refresh_from_db()
    decision = support_request.decision
    assert support_request.status == RequestStatus.DECIDED
    assert decision.kind == DecisionKind.PATHWAY and decision.decided_by == demo_user("frontdoor")
    pathway = decision.pathway
    assert pathway.lead_professional == demo_user("fsw") and pathway.is_open
    family = pathway.family
    assert family.owning_team == team and family.name == "Price family"
    assert {m.person.first_name for m in family.members.all()} == {"Noah", "Kelly"}
    consent = Consent.objects.get(family=family)
    assert consent.to_assessment and "Kelly Price" in consent.given_by
    # The Lead Professional finds it, and the practitioner who asked is told by email.
    lead = signed_in("fsw")
    assert pathway.reference in lead.get("/dashboard/").content.decode()
    assert lead.get(f"/pathways/{pathway.public_id}/").status_code == 200
    assert [message.to for message in mail.outbox] == [[demo_user("practitioner").email]]
    assert support_request.reference in mail.outbox[0].subject
    assert Decision.objects.get().requester_told_at is not None


def test_pathway_for_a_known_family_uses_its_record(signed_in) -> None:
    family = make_family("Price family", by="fsw")
    ruby = family.members.get(person__first_name="Ruby").person
    support_request = professional_request(
        child_first_name="Ruby", child_date_of_birth=ruby.date_of_birth
    )
    assert support_request.family == family  # linked on arrival: same name and birthday
    response = decide(
        signed_in("frontdoor"),
        support_request,
        kind="pathway",
        reason="Known family; needs a plan.",
        team=str(family.owning_team.pk),
        lead_professional=demo_user("fsw").email,
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Family.objects.count() == 1
    assert Pathway.objects.get().family == family


def test_pathway_needs_the_familys_agreement(signed_in) -> None:
    support_request = professional_request(consent=RequestConsent.NOT_YET)
    client = signed_in("frontdoor")
    data = {
        "kind": "pathway",
        "reason": "Needs a plan.",
        "team": str(Team.objects.get(name=BROMSGROVE_TEAM).pk),
        "lead_professional": demo_user("fsw").email,
    }
    refused = decide(client, support_request, **data)
    assert "The family has not agreed yet" in refused.content.decode()
    assert Family.objects.count() == 0 and Pathway.objects.count() == 0
    assert Decision.objects.count() == 0
    decide(
        client,
        support_request,
        **data,
        consent_given_by="Kelly Price (mum)",
        consent_given_on=datetime.date.today().strftime("%d/%m/%Y"),
    )
    assert Pathway.objects.count() == 1


def test_signposting_tells_the_requester_the_advice(
    signed_in, django_capture_on_commit_callbacks
) -> None:
    support_request = professional_request()
    with django_capture_on_commit_callbacks(execute=True):
        decide(
            signed_in("frontdoor"),
            support_request,
            kind="signpost",
            reason="Universal needs only.",
            advice="The school nurse drop-in, Tuesdays 3pm.",
        )
    assert Decision.objects.get().kind == DecisionKind.SIGNPOST
    assert "school nurse drop-in" in mail.outbox[0].body
    assert Family.objects.count() == 0


def test_decision_bad_input_shows_errors_and_writes_nothing(signed_in) -> None:
    support_request = professional_request()
    client = signed_in("frontdoor")
    response = decide(client, support_request, kind="pathway", reason="")
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Say why you made this decision" in page
    assert "Choose the team" in page and "Lead Professional" in page
    fsw = decide(
        client, support_request, kind="fsw_intervention", reason="x", parenting_needs_only="no"
    )
    assert "parenting needs only" in fsw.content.decode()
    signpost = decide(client, support_request, kind="signpost", reason="x", advice="")
    assert "Say what information or advice" in signpost.content.decode()
    assert Decision.objects.count() == 0 and mail.outbox == []


def test_a_request_is_decided_once(signed_in) -> None:
    support_request = professional_request()
    client = signed_in("frontdoor")
    decide(client, support_request, kind="escalate", reason="Disclosure of harm: MASH.")
    again = decide(client, support_request, kind="signpost", reason="x", advice="y")
    assert again.status_code == 302  # the page now shows the decision, not the form
    assert Decision.objects.get().kind == DecisionKind.ESCALATE


def test_front_door_links_a_family_from_the_candidates(signed_in) -> None:
    family = make_family("Price family", by="fsw")
    support_request = professional_request(child_first_name="Rubie", child_date_of_birth=None)
    assert support_request.family is None
    client = signed_in("frontdoor")
    page = client.get(f"/front-door/requests/{support_request.public_id}/").content.decode()
    assert family.reference in page and "Ruby Price" in page
    client.post(
        f"/front-door/requests/{support_request.public_id}/",
        {"action": "link", "family": str(family.public_id)},
    )
    support_request.refresh_from_db()
    assert support_request.family == family and "Linked by" in support_request.match_note


def test_direct_fsw_intervention_for_parenting_needs(signed_in) -> None:
    support_request = professional_request(
        worries="Mum asks for help with bedtimes and boundaries for Noah."
    )
    page = signed_in("frontdoor").get(f"/front-door/requests/{support_request.public_id}/")
    assert "(0 of 22 children)" in page.content.decode()  # each worker's caseload
    response = decide(
        signed_in("frontdoor"),
        support_request,
        kind="fsw_intervention",
        reason="Parenting needs only: routines and boundaries.",
        worker=str(demo_user("fsw").pk),
        parenting_needs_only="yes",
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    intervention = Decision.objects.get().intervention
    assert intervention.worker == demo_user("fsw") and intervention.source == "direct_referral"
    assert [child.first_name for child in intervention.children.all()] == ["Noah"]
    assert Pathway.objects.count() == 0
    consent = Consent.objects.get(family=intervention.family)
    assert not consent.to_assessment  # agreed to the intervention, not to an assessment
    allocations = signed_in("fsw").get("/interventions/").content.decode()
    assert intervention.reference in allocations
