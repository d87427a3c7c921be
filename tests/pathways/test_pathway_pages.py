"""The pathway through the pages: triage, plan, reviews, closure; no lost edits."""

import datetime

from django.test import Client

from earlyhelp.pathways.models import (
    ActionStatus,
    Escalation,
    Outcome,
    PathwayStatus,
    PlanAction,
    TargetedSupport,
    Triage,
    TriageEntry,
)
from tests.conftest import sign_in
from tests.people.helpers import family_with_pathway

TODAY = datetime.date.today().strftime("%d/%m/%Y")


def complete_triage(client: Client, pathway, stage: str, entries: list[tuple[str, str]]) -> Triage:  # type: ignore[no-untyped-def]
    client.post(f"/pathways/{pathway.public_id}/triages/{stage}/start/")
    triage = Triage.objects.get(pathway=pathway, stage=stage, completed_on__isnull=True)
    for band, narrative in entries:
        response = client.post(
            f"/triages/{triage.public_id}/", {"band": band, "narrative": narrative}
        )
        assert response.status_code == 302, response.content.decode()[:500]
    response = client.post(f"/triages/{triage.public_id}/complete/", {"completed_on": TODAY})
    assert response.status_code == 302
    triage.refresh_from_db()
    return triage


def add_action(
    client: Client, pathway, entry: TriageEntry, text: str = "Attend the parenting course"
) -> PlanAction:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/pathways/{pathway.public_id}/plan/new/",
        {"description": text, "entries": [entry.pk], "owner_text": "Mum", "due_on": TODAY},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return PlanAction.objects.get(description=text)


def test_the_triage_tool_shows_five_bands_with_the_authoritys_labels(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")
    client.post(f"/pathways/{pathway.public_id}/triages/assessment/start/")
    triage = Triage.objects.get(pathway=pathway)

    html = client.get(f"/triages/{triage.public_id}/").content.decode()

    for label in ("Level 1", "Level 2", "Level 3", "Level 4"):
        assert label in html
    assert html.count('class="eh-triage__column') == 5


def test_a_red_entry_prompts_escalation(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")
    client.post(f"/pathways/{pathway.public_id}/triages/assessment/start/")
    triage = Triage.objects.get(pathway=pathway)

    client.post(
        f"/triages/{triage.public_id}/",
        {"band": "red", "narrative": "Ruby disclosed that dad hit her with a belt last night."},
    )

    html = client.get(f"/triages/{triage.public_id}/").content.decode()
    assert "A red need is outside Early Help" in html
    assert f"/pathways/{pathway.public_id}/escalate/" in html


def test_bad_triage_entries_are_refused_and_nothing_is_written(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")
    client.post(f"/pathways/{pathway.public_id}/triages/assessment/start/")
    triage = Triage.objects.get(pathway=pathway)

    html = client.post(
        f"/triages/{triage.public_id}/", {"band": "purple", "narrative": "x"}
    ).content.decode()

    assert "govuk-error-summary" in html
    assert "Select a valid choice" in html or "Choose the box" in html
    assert "Describe the issue in at least a few words" in html
    assert not TriageEntry.objects.exists()
    response = client.post(f"/triages/{triage.public_id}/complete/", {"completed_on": TODAY})
    assert "Record at least one issue" in client.get(response["Location"]).content.decode()


def test_whole_pathway_from_assessment_to_closure(demo):
    family, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")

    assessment = complete_triage(
        client,
        pathway,
        "assessment",
        [
            ("orange", "Ruby not attending school, 62% attendance, refusing most mornings."),
            ("yellow", "Mum low mood since separation, GP aware."),
        ],
    )
    action = add_action(client, pathway, assessment.entries.first())
    response = client.post(
        f"/pathways/{pathway.public_id}/reviews/new/",
        {
            "held_on": TODAY,
            "other_attendees": "Mum",
            f"status_{action.pk}": "in_progress",
            f"note_{action.pk}": "Started the course",
            "plan_changes": "None",
            "next_review_on": (datetime.date.today() + datetime.timedelta(days=42)).strftime(
                "%d/%m/%Y"
            ),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS

    refused = client.post(
        f"/pathways/{pathway.public_id}/close/",
        {
            "version": pathway.version,
            "outcome": "closed_positively",
            "closed_on": TODAY,
            "summary": "Done",
        },
    )
    assert "Complete the repeat triage at closure first" in refused.content.decode()

    complete_triage(
        client, pathway, "closure", [("blue", "Ruby attending 96%, settled. Mum managing.")]
    )
    pathway.refresh_from_db()
    response = client.post(
        f"/pathways/{pathway.public_id}/close/",
        {
            "version": pathway.version,
            "outcome": "closed_positively",
            "closed_on": TODAY,
            "summary": "Attendance back to normal; Mum feels the issues are resolved.",
        },
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.CLOSED and pathway.outcome == Outcome.CLOSED_POSITIVELY

    html = client.get(f"/families/{family.public_id}/").content.decode()
    timeline = html.split('id="timeline"', 1)[1]
    for event in (
        "Assessment triage completed",
        "Plan action agreed",
        "Review meeting held",
        "Closure triage completed",
        "closed: closed positively",
    ):
        assert event in timeline
    assert (
        client.get(f"/pathways/{pathway.public_id}/plan/new/").status_code == 200
    )  # the page opens...
    response = client.post(
        f"/pathways/{pathway.public_id}/plan/new/",
        {
            "description": "More",
            "entries": [assessment.entries.first().pk],
            "owner_text": "Mum",
            "due_on": TODAY,
        },
    )
    assert (
        "This pathway is closed" in response.content.decode()
    )  # ...but a closed pathway is read-only


def test_declined_and_relocated_close_without_a_repeat_triage(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")

    response = client.post(
        f"/pathways/{pathway.public_id}/close/",
        {
            "version": pathway.version,
            "outcome": "relocated",
            "closed_on": TODAY,
            "summary": "Family moved to Cornwall.",
        },
    )

    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.outcome == Outcome.RELOCATED


def test_a_closed_pathway_reopens_with_a_reason(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")
    client.post(
        f"/pathways/{pathway.public_id}/close/",
        {
            "version": pathway.version,
            "outcome": "relocated",
            "closed_on": TODAY,
            "summary": "Moved.",
        },
    )
    pathway.refresh_from_db()

    client.post(
        f"/pathways/{pathway.public_id}/reopen/",
        {"version": pathway.version, "reason": "The family moved back."},
    )

    pathway.refresh_from_db()
    assert pathway.is_open and pathway.outcome == ""
    assert pathway.reopenings.get().previous_outcome == Outcome.RELOCATED


def test_escalation_closes_as_escalated_and_records_the_referral(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")

    client.post(
        f"/pathways/{pathway.public_id}/escalate/",
        {
            "version": pathway.version,
            "reason": "Disclosure of physical abuse by dad; child has bruising.",
        },
    )

    pathway.refresh_from_db()
    assert pathway.outcome == Outcome.ESCALATED
    assert "bruising" in Escalation.objects.get(pathway=pathway).reason


def test_targeted_support_starts_and_ends_with_its_own_outcome(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")

    client.post(
        f"/pathways/{pathway.public_id}/targeted-support/new/",
        {"officer": "tso@demo.earlyhelp.test", "started_on": TODAY},
    )
    support = TargetedSupport.objects.get(pathway=pathway)
    refused = client.post(
        f"/pathways/{pathway.public_id}/targeted-support/new/",
        {"officer": "practitioner@demo.earlyhelp.test", "started_on": TODAY},
    )
    client.post(
        f"/targeted-support/{support.public_id}/end/",
        {"outcome": "de_escalated", "ended_on": TODAY},
    )

    assert "is not a Targeted Support Officer" in refused.content.decode()
    support.refresh_from_db()
    assert support.outcome == "de_escalated"
    assert pathway.taf_members.filter(user__email="tso@demo.earlyhelp.test").exists()


def test_two_users_saving_the_same_plan_action_one_wins_and_the_other_keeps_their_text(demo):
    _, pathway = family_with_pathway()
    first, second = sign_in(Client(), "fsw"), sign_in(Client(), "manager")
    assessment = complete_triage(
        first, pathway, "assessment", [("yellow", "Sleep routines poor, baby waking hourly.")]
    )
    action = add_action(
        first, pathway, assessment.entries.first(), "Health visitor to visit weekly"
    )
    version = action.version
    common = {
        "entries": [assessment.entries.first().pk],
        "owner_text": "Health visitor",
        "due_on": TODAY,
        "status": "in_progress",
        "version": version,
    }

    ok = first.post(
        f"/plan-actions/{action.public_id}/edit/",
        {**common, "description": "Health visitor to visit twice a week"},
    )
    refused = second.post(
        f"/plan-actions/{action.public_id}/edit/",
        {**common, "description": "Health visitor weekly, plus sleep clinic referral"},
    )

    assert ok.status_code == 302
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone else saved a change while you were editing" in html
    assert "Health visitor weekly, plus sleep clinic referral" in html  # their text is kept
    assert "Health visitor to visit twice a week" in html  # and they see what was saved
    action.refresh_from_db()
    assert action.description == "Health visitor to visit twice a week"
    assert f'name="version" value="{action.version}"' in html

    again = second.post(
        f"/plan-actions/{action.public_id}/edit/",
        {
            **common,
            "version": action.version,
            "description": "Health visitor twice a week, plus sleep clinic referral",
        },
    )
    assert again.status_code == 302


def test_analyst_reads_a_pathway_but_cannot_change_it(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "analyst")

    assert client.get(f"/pathways/{pathway.public_id}/").status_code == 200
    assert "Close the pathway" not in client.get(f"/pathways/{pathway.public_id}/").content.decode()
    assert (
        client.post(f"/pathways/{pathway.public_id}/triages/assessment/start/").status_code == 403
    )
    assert client.get(f"/pathways/{pathway.public_id}/close/").status_code == 403


def test_outsider_gets_404_on_every_pathway_page(demo):
    _, pathway = family_with_pathway()
    client = sign_in(Client(), "practitioner2")

    for path in ("", "close/", "escalate/", "plan/new/", "reviews/new/"):
        assert client.get(f"/pathways/{pathway.public_id}/{path}").status_code == 404, path
