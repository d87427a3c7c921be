import datetime
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import Role
from earlyhelp.demo.services import SeedResult, seed_authority
from earlyhelp.frontdoor.models import (
    REFERENCE_ALPHABET,
    Decision,
    DecisionKind,
    RequestForSupport,
    RequestSource,
    RequestStatus,
)
from earlyhelp.pathways.models import Pathway, PathwayStatus
from earlyhelp.people.models import FamilyMember, Relationship
from earlyhelp.programmes.models import (
    Course,
    Delegate,
    Enrolment,
    EnrolmentStatus,
    Programme,
    TrainingCourse,
    TrainingSession,
)
from earlyhelp.support.models import (
    CallerKind,
    CallOutcome,
    FswIntervention,
    InterventionSession,
    SupportLineCall,
)
from earlyhelp.support.selectors import allocations_by_worker, family_support_workers
from tests.conftest import PASSWORD, register_shared_world, shared_world

SEEDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
TODAY = datetime.date(2026, 11, 23)


def seed_with_families() -> SeedResult:
    return seed_authority(
        authority_slug="worcestershire", families=300, seed=1, password="demo-password"
    )


register_shared_world("demo_with_families", seed_with_families)


@pytest.fixture
def demo_with_families(db: None) -> SeedResult:
    """The whole demo with 300 families; seeded once for consecutive tests, each test
    running in a savepoint of it (see tests/conftest.py)."""
    shared = shared_world("demo_with_families")
    return shared if shared is not None else seed_with_families()


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def test_the_support_data_is_sized_by_the_families_seeded(demo_with_families):
    counts = demo_with_families.support

    assert counts["requests"] == RequestForSupport.objects.count()
    assert counts["support_line_calls"] == SupportLineCall.objects.count() == 100
    assert counts["requests_awaiting_decision"] in range(4, 9)  # 15 to 25 per 1,000 families
    assert counts["fsw_interventions"] == FswIntervention.objects.count() > 30
    assert counts["decisions"] == Decision.objects.count()
    assert counts["enrolments"] == Enrolment.objects.count() > 0
    assert counts["delegates"] == Delegate.objects.count() > 100
    # Every pathway's request, and about a third as many other requests in the last year.
    assert 300 + 60 < counts["requests"] < 300 + 200


def test_every_pathway_has_the_request_it_came_from_with_a_pathway_decision(
    demo_with_families,
):
    assert not Pathway.objects.exclude(front_door_decisions__kind=DecisionKind.PATHWAY).exists()
    children = set(
        FamilyMember.objects.filter(relationship=Relationship.CHILD).values_list(
            "family_id", "person_id"
        )
    )
    decisions = Decision.objects.filter(kind=DecisionKind.PATHWAY).select_related(
        "request", "pathway"
    )
    assert decisions.count() == Pathway.objects.count()
    for decision in decisions:
        request, pathway = decision.request, decision.pathway
        assert request.status == RequestStatus.DECIDED
        assert request.family_id == pathway.family_id
        assert (request.family_id, request.matched_person_id) in children
        waited = (pathway.opened_on - timezone.localtime(request.received_at).date()).days
        assert 1 <= waited <= 22
        assert request.received_at <= decision.decided_at
        assert timezone.localtime(decision.decided_at).date() <= pathway.opened_on
        assert decision.team_id == pathway.team_id
        assert decision.decided_by.email == "frontdoor@demo.earlyhelp.test"
        assert decision.reason
    sources = Counter(
        RequestForSupport.objects.filter(decision__kind=DecisionKind.PATHWAY).values_list(
            "source", flat=True
        )
    )
    assert sources.most_common(1)[0][0] == RequestSource.PROFESSIONAL
    assert sources[RequestSource.STEP_DOWN] > 0
    assert not RequestForSupport.objects.filter(
        source=RequestSource.STEP_DOWN, social_worker_summary=""
    ).exists()


def test_requests_from_the_public_name_a_parent_or_young_person_and_staff_name_themselves(
    demo_with_families,
):
    for request in RequestForSupport.objects.select_related("submitted_by"):
        if request.source in (RequestSource.PARENT_CARER, RequestSource.YOUNG_PERSON):
            assert request.submitted_by is None
            assert request.requester_email.endswith("@example.com") or request.requester_phone
        elif request.source == RequestSource.SUPPORT_LINE:
            assert request.requester_phone
        else:
            sender = request.submitted_by
            assert request.requester_name == sender.get_full_name()
            assert request.requester_email == sender.email
            assert request.requester_role == sender.job_title
        assert request.worries


def test_requests_awaiting_a_decision_are_recent_and_undecided(demo_with_families):
    awaiting = RequestForSupport.objects.filter(status=RequestStatus.AWAITING_DECISION)

    assert awaiting.exists()
    assert not awaiting.filter(decision__isnull=False).exists()
    fortnight_ago = timezone.localdate() - datetime.timedelta(days=15)
    for request in awaiting:
        received = timezone.localtime(request.received_at).date()
        assert fortnight_ago <= received < timezone.localdate()
        assert received.weekday() < 5
    assert not RequestForSupport.objects.filter(
        status=RequestStatus.DECIDED, decision__isnull=True
    ).exists()


def test_references_are_unique_and_in_the_models_format(demo_with_families):
    references = list(RequestForSupport.objects.values_list("reference", flat=True))
    letters = re.escape(REFERENCE_ALPHABET)
    pattern = re.compile(rf"^EH-[{letters}]{{4}}-[{letters}]{{4}}$")

    assert len(set(references)) == len(references)
    assert all(pattern.match(reference) for reference in references)


def test_other_decisions_say_what_the_family_was_given(demo_with_families):
    kinds = Counter(Decision.objects.values_list("kind", flat=True))
    assert set(kinds) == set(DecisionKind.values)
    assert not Decision.objects.filter(kind=DecisionKind.SIGNPOST, advice="").exists()
    assert not Decision.objects.filter(kind=DecisionKind.SUPPORT_LINE_ADVICE, advice="").exists()
    for decision in Decision.objects.filter(kind=DecisionKind.FSW_INTERVENTION).select_related(
        "intervention", "request"
    ):
        assert decision.intervention.family_id == decision.request.family_id
        assert decision.intervention.source == "direct_referral"
        assert timezone.localtime(decision.decided_at).date() <= decision.intervention.allocated_on


def test_ended_interventions_have_outcomes_and_last_about_eighteen_weeks(
    demo_with_families,
):
    ended = FswIntervention.objects.filter(ended_on__isnull=False)
    weeks = [intervention.weeks() for intervention in ended]

    assert ended.count() > 40
    assert 14 <= statistics.mean(weeks) <= 22
    outcomes = Counter(ended.values_list("outcome", flat=True))
    assert outcomes["positive"] / len(weeks) == pytest.approx(0.74, abs=0.03)
    assert outcomes["disengaged"] / len(weeks) == pytest.approx(0.15, abs=0.03)
    assert outcomes["escalated"] / len(weeks) == pytest.approx(0.04, abs=0.02)
    assert outcomes["transferred"] / len(weeks) == pytest.approx(0.07, abs=0.02)
    assert all(intervention.end_note for intervention in ended)


def test_interventions_are_for_the_familys_children_with_sessions_in_their_dates(
    demo_with_families,
):
    children = set(
        FamilyMember.objects.filter(relationship=Relationship.CHILD).values_list(
            "family_id", "person_id"
        )
    )
    today = timezone.localdate()
    for intervention in FswIntervention.objects.prefetch_related("children", "sessions"):
        chosen = list(intervention.children.all())
        assert 1 <= len(chosen) <= 3
        assert all((intervention.family_id, child.pk) in children for child in chosen)
        assert intervention.worker.has_role(Role.FAMILY_SUPPORT_WORKER)
        if intervention.source == "pathway":
            assert intervention.pathway.family_id == intervention.family_id
        end = intervention.ended_on or today
        for session in intervention.sessions.all():
            assert intervention.started_on <= session.held_on <= end
            assert session.note
    assert InterventionSession.objects.exists()
    assert FswIntervention.objects.filter(is_remote=True).exists()


def test_enrolments_are_parents_of_the_family_with_a_child_of_the_right_age(
    demo_with_families,
):
    adults = set(
        FamilyMember.objects.exclude(relationship=Relationship.CHILD).values_list(
            "family_id", "person_id"
        )
    )
    births: dict[int, list[datetime.date]] = {}
    for family_id, born in FamilyMember.objects.filter(relationship=Relationship.CHILD).values_list(
        "family_id", "person__date_of_birth"
    ):
        births.setdefault(family_id, []).append(born)
    finished = Counter()
    for enrolment in Enrolment.objects.select_related("course__programme"):
        course, programme = enrolment.course, enrolment.course.programme
        assert (enrolment.family_id, enrolment.person_id) in adults
        ages = [age_on(born, course.starts_on) for born in births[enrolment.family_id]]
        assert any(programme.min_age <= age <= programme.max_age for age in ages)
        if course.ends_on < timezone.localdate():
            finished[enrolment.status] += 1
        if enrolment.status == EnrolmentStatus.COMPLETED:
            assert enrolment.completed_on == course.ends_on
    assert 0.55 <= finished[EnrolmentStatus.COMPLETED] / sum(finished.values()) <= 0.85
    assert finished[EnrolmentStatus.WITHDRAWN] > 0
    venues = set(Course.objects.values_list("venue", flat=True))
    assert "Online" in venues
    assert any(venue.endswith("Children and Family Centre") for venue in venues)


def test_the_programme_catalogue_has_the_reports_programmes_and_age_ranges(
    demo_with_families,
):
    ranges = {p.name: (p.min_age, p.max_age) for p in Programme.objects.all()}
    assert ranges == {
        "Solihull Approach": (0, 18),
        "Sleep Better": (0, 18),
        "Nurture Programme": (0, 12),
        "Malachi Inspiring Futures": (0, 18),
        "Incredible Years": (6, 12),
        "Heart to Heart": (10, 15),
        "Parenting Apart": (0, 18),
    }


def test_training_scores_land_near_the_reports_averages(demo_with_families):
    targets = {
        "Early Help": (5.1, 7.9, 8.2),
        "DSL refresher": (7.9, 9.2, 9.0),
        "DSL initial": (5.8, 8.3, 8.0),
    }
    for name, (before, after, overall) in targets.items():
        delegates = Delegate.objects.filter(
            session__course__name=name, confidence_before__isnull=False
        )
        scores = list(
            delegates.values_list("confidence_before", "confidence_after", "overall_score")
        )
        assert len(scores) > 30
        assert statistics.mean(s[0] for s in scores) == pytest.approx(before, abs=0.1)
        assert statistics.mean(s[1] for s in scores) == pytest.approx(after, abs=0.1)
        assert statistics.mean(s[2] for s in scores) == pytest.approx(overall, abs=0.1)
        assert all(0 <= b <= a <= 10 and 0 <= o <= 10 for b, a, o in scores)
    officers = {
        user.get_full_name()
        for user in demo_with_families.authority.users.filter(
            groups__name="targeted_support_officer"
        )
    }
    assert set(TrainingSession.objects.values_list("trainer", flat=True)) <= officers
    assert Delegate.objects.exclude(feedback="").exists()


class Rollback(Exception):
    pass


def snapshot(seed: int) -> dict[str, list]:
    try:
        with transaction.atomic():
            seed_authority(
                authority_slug="worcestershire",
                families=60,
                seed=seed,
                password=PASSWORD,
                today=TODAY,
            )
            taken = {
                "references": list(
                    RequestForSupport.objects.order_by("pk").values_list(
                        "reference", "received_at", "source"
                    )
                ),
                "decisions": list(
                    Decision.objects.order_by("pk").values_list("kind", "decided_at")
                ),
                "calls": list(
                    SupportLineCall.objects.order_by("pk").values_list(
                        "called_at", "outcome", "public_id"
                    )
                ),
                "interventions": list(
                    FswIntervention.objects.order_by("pk").values_list(
                        "allocated_on", "ended_on", "outcome"
                    )
                ),
                "delegates": list(Delegate.objects.order_by("pk").values_list("name")),
            }
            raise Rollback
    except Rollback:
        return taken


@pytest.mark.skipif(
    not SEEDS_DIR.is_dir(), reason="needs the council papers in ../shared/seeds beside the project"
)
def test_no_one_in_the_support_data_is_named_after_anyone_in_the_council_papers(
    demo_with_families,
):
    papers = " ".join(path.read_text(errors="ignore") for path in SEEDS_DIR.glob("*.txt"))
    names = (
        set(RequestForSupport.objects.values_list("requester_name", flat=True))
        | set(RequestForSupport.objects.values_list("parent_name", flat=True))
        | set(SupportLineCall.objects.values_list("caller_name", flat=True))
        | set(Delegate.objects.values_list("name", flat=True))
        | set(Course.objects.values_list("trainer", flat=True))
    )
    assert names
    for name in names:
        if " " in name:
            assert name not in papers


def test_line_calls_have_the_reports_outcomes_callers_and_opening_hours(db):
    result = seed_authority(
        authority_slug="worcestershire", families=1500, seed=4, password=PASSWORD
    )
    calls = SupportLineCall.objects.all()
    total = calls.count()
    assert total == 500 == result.support["support_line_calls"]

    outcomes = Counter(calls.values_list("outcome", flat=True))
    assert outcomes[CallOutcome.RESOLVED] / total == pytest.approx(0.90, abs=0.015)
    assert outcomes[CallOutcome.OPENED_PATHWAY] / total == pytest.approx(0.03, abs=0.01)
    assert outcomes[CallOutcome.ESCALATED] / total == pytest.approx(0.02, abs=0.01)
    assert outcomes[CallOutcome.REFERRED] / total == pytest.approx(0.05, abs=0.01)
    callers = Counter(calls.values_list("caller_kind", flat=True))
    assert callers[CallerKind.PARENT_CARER] / total == pytest.approx(0.70, abs=0.04)
    assert callers[CallerKind.PROFESSIONAL] / total == pytest.approx(0.25, abs=0.04)
    assert callers[CallerKind.YOUNG_PERSON] / total == pytest.approx(0.05, abs=0.03)
    assert calls.filter(family__isnull=False).count() / total == pytest.approx(1 / 3, abs=0.06)

    year_ago = timezone.localdate() - datetime.timedelta(days=366)
    for call in calls.prefetch_related("issue_codes").select_related("request"):
        at = timezone.localtime(call.called_at)
        assert at.weekday() < 5 and 9 <= at.hour < 16
        assert year_ago <= at.date() < timezone.localdate()
        assert 1 <= call.issue_codes.count() <= 3
        assert call.notes and call.advice
        if call.outcome == CallOutcome.OPENED_PATHWAY:
            assert call.request.source == RequestSource.SUPPORT_LINE
            assert call.request.family_id == call.family_id
            assert call.request.decision.kind == DecisionKind.PATHWAY
        else:
            assert call.request is None
        assert (call.outcome == CallOutcome.REFERRED) == bool(call.referred_to)

    # Open allocations: about 31 children a worker, and about a quarter of open pathways.
    authority = result.authority
    allocations = allocations_by_worker(authority)
    workers = list(family_support_workers(authority))
    caseload = statistics.mean(allocations.get(worker.pk, 0) for worker in workers)
    assert 28 <= caseload <= 34
    open_pathways = Pathway.objects.filter(status=PathwayStatus.OPEN)
    with_a_worker = open_pathways.filter(
        fsw_interventions__isnull=False, fsw_interventions__ended_on__isnull=True
    ).distinct()
    assert 0.18 <= with_a_worker.count() / open_pathways.count() <= 0.32


def test_the_same_seed_gives_the_same_support_data_and_another_seed_does_not(db):
    first = snapshot(7)

    assert first == snapshot(7)
    assert first["references"] != snapshot(8)["references"]


def test_no_families_loads_only_the_catalogues(demo):
    assert demo.support == {"programmes": 7, "training_courses": 4}
    assert Programme.objects.count() == 7
    assert set(TrainingCourse.objects.values_list("name", flat=True)) >= {
        "Early Help",
        "DSL initial",
        "DSL refresher",
    }
    for model in (
        RequestForSupport,
        Decision,
        SupportLineCall,
        FswIntervention,
        Course,
        Enrolment,
        TrainingSession,
        Delegate,
    ):
        assert not model.objects.exists(), model
