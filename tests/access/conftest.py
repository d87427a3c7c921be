"""The world the access matrix walks: one Bromsgrove family with a record of every kind,
and one signed-in client per persona."""

import datetime
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from earlyhelp.accounts.models import Agency, AgencyKind, District, Role, Team, User
from earlyhelp.accounts.services import set_roles
from earlyhelp.coding.models import SafeguardingFlag
from earlyhelp.demo.services import DEMO_EMAIL_DOMAIN, SeedResult
from earlyhelp.directory.models import Service
from earlyhelp.frontdoor.models import (
    DecisionKind,
    RequestConsent,
    RequestForSupport,
    RequestSource,
)
from earlyhelp.frontdoor.services import (
    DecisionDetails,
    RequestDetails,
    create_request,
    decide_request,
)
from earlyhelp.pathways.models import (
    Pathway,
    PlanAction,
    Review,
    TafMember,
    TargetedSupport,
    Triage,
    TriageEntry,
    TriageStage,
)
from earlyhelp.pathways.services import (
    add_plan_action,
    add_taf_member,
    add_triage_entry,
    complete_triage,
    open_pathway,
    record_review,
    start_targeted_support,
    start_triage,
)
from earlyhelp.people.models import Family, Person, Relationship
from earlyhelp.programmes.models import Course, Delegate, Enrolment, TrainingSession
from earlyhelp.programmes.services import (
    add_delegate,
    create_training_course,
    create_training_session,
)
from earlyhelp.support.models import (
    CallerKind,
    CallOutcome,
    FswIntervention,
    InterventionSource,
    SupportLineCall,
)
from earlyhelp.support.services import allocate_intervention, log_call
from tests.conftest import FAST_HASHERS, PASSWORD, demo_user, seed_demo, sign_in
from tests.frontdoor.helpers import answer
from tests.people.helpers import BROMSGROVE_TEAM, give_consent, make_family
from tests.programmes.helpers import book, make_course, make_programme
from tests.support.helpers import children_of

TODAY = datetime.date.today()


@dataclass
class World:
    """Everything a URL of the project can point at, about one Bromsgrove family."""

    family: Family
    child: Person
    parent: Person
    pathway: Pathway
    triage: Triage  # a completed assessment
    draft: Triage  # a review triage still being written
    entry: TriageEntry
    action: PlanAction
    review: Review
    taf_member: TafMember
    targeted_support: TargetedSupport
    request: RequestForSupport  # awaiting the front door's decision
    decided: RequestForSupport  # decided: signposted
    call: SupportLineCall
    intervention: FswIntervention
    course: Course
    enrolment: Enrolment
    training_session: TrainingSession
    delegate: Delegate
    flag: SafeguardingFlag
    service: Service | None
    team: Team
    other_team: Team


def make_user(local_part: str, roles: set[Role], agency: Agency, team: Team | None = None) -> User:
    user = User.objects.create_user(
        email=f"{local_part}@{DEMO_EMAIL_DOMAIN}",
        password=PASSWORD,
        first_name=local_part.split(".")[0].title(),
        last_name="Tester",
        job_title="Tester",
        authority=agency.authority,
        agency=agency,
    )
    if team is not None:
        user.teams.add(team)
    set_roles(user, roles)
    return user


def agency_of_kind(kind: AgencyKind) -> Agency:
    return Agency.objects.filter(kind=kind).order_by("pk").first()  # type: ignore[return-value]


def build_world(demo: SeedResult) -> World:
    by = demo_user("fsw")
    team = Team.objects.get(name=BROMSGROVE_TEAM)
    other_team = Team.objects.get(name="Malvern Hills Early Help Family Support")
    police, health = agency_of_kind(AgencyKind.POLICE), agency_of_kind(AgencyKind.HEALTH)
    council = agency_of_kind(AgencyKind.LOCAL_AUTHORITY)

    # The demo puts every one of its users in the first district's team; these personas
    # see the family only through their own role, so they leave it.
    for local_part in ("analyst", "frontdoor", "manager", "admin"):
        demo_user(local_part).teams.remove(team)

    # The personas the demo lacks.
    make_user("no.roles", set(), council)
    taf_user = make_user("taf.police", {Role.PRACTITIONER}, police)
    lead_user = make_user("lead.health", {Role.PRACTITIONER}, health)
    manager2 = make_user("manager.malvern", {Role.MANAGER}, council)
    manager2.managed_districts.add(District.objects.get(name="Malvern Hills"))

    family = make_family("Hill family")
    child = family.members.get(relationship=Relationship.CHILD).person
    parent = family.members.get(relationship=Relationship.PARENT).person
    give_consent(family, police, health)
    pathway = open_pathway(by=by, family=family, opened_on=TODAY, lead_professional=lead_user)
    taf_member = add_taf_member(by=by, pathway=pathway, member=taf_user)

    triage = start_triage(by=by, pathway=pathway, stage=TriageStage.ASSESSMENT)
    entry = add_triage_entry(
        by=by,
        triage=triage,
        band="orange",
        narrative="Ruby has missed school most Mondays since her dad left in the spring.",
        person=child,
    )
    add_triage_entry(
        by=by, triage=triage, band="yellow", narrative="Mum is managing the bills but anxious."
    )
    triage = complete_triage(by=by, triage=triage, completed_on=TODAY)
    entry.refresh_from_db()
    action = add_plan_action(
        by=by,
        pathway=pathway,
        description="Attend the parenting course",
        entries=[entry],
        owner=None,
        owner_agency=None,
        owner_text="Mum",
        due_on=TODAY + datetime.timedelta(days=28),
    )
    review = record_review(
        by=by,
        pathway=pathway,
        held_on=TODAY,
        attendees=[by],
        other_attendees="Mum",
        progress={},
        plan_changes="",
        next_review_on=TODAY + datetime.timedelta(days=42),
    )
    draft = start_triage(by=by, pathway=pathway, stage=TriageStage.REVIEW)
    pathway.refresh_from_db()
    targeted_support = start_targeted_support(
        by=by, pathway=pathway, officer=demo_user("tso"), started_on=TODAY
    )
    flag = SafeguardingFlag.objects.filter(entry=entry).first() or SafeguardingFlag.objects.create(
        entry=entry, score=0.93, model_version="test"
    )

    details = RequestDetails(
        child_first_name="Ruby",
        child_last_name="Hill",
        child_date_of_birth=datetime.date(2015, 4, 2),
        parent_name="Dawn Hill",
        worries="Ruby is withdrawn in class and her attendance has dropped to 85%.",
        requester_name="A teacher",
        consent=RequestConsent.GIVEN,
        district=District.objects.get(name="Bromsgrove"),
    )
    practitioner = demo_user("practitioner")
    request = create_request(
        authority=family.authority,
        source=RequestSource.PROFESSIONAL,
        submitted_by=practitioner,
        details=details,
        family=family,
    )
    decided = create_request(
        authority=family.authority,
        source=RequestSource.PROFESSIONAL,
        submitted_by=practitioner,
        details=details,
        family=family,
    )
    decide_request(
        by=demo_user("frontdoor"),
        request=decided,
        details=DecisionDetails(
            kind=DecisionKind.SIGNPOST,
            reason="Advice is enough for now",
            advice="The school nurse runs a drop-in on Tuesdays.",
        ),
    )
    call = log_call(
        by=by,
        authority=family.authority,
        district=District.objects.get(name="Bromsgrove"),
        caller_kind=CallerKind.PARENT_CARER,
        called_at=timezone.now() - datetime.timedelta(hours=1),
        notes="Mum worried about Ruby's angry outbursts at bedtime since the move.",
        advice="Talked through a calm bedtime routine; sent the parenting leaflet.",
        outcome=CallOutcome.RESOLVED,
        caller_name="Dawn",
        family=family,
    )
    intervention = allocate_intervention(
        by=demo_user("frontdoor"),
        family=family,
        worker=by,
        children=children_of(family),
        source=InterventionSource.PATHWAY,
        pathway=pathway,
        allocated_on=TODAY,
    )

    course = make_course(make_programme("Access matrix parenting"))
    enrolment = book(course, family)
    training = create_training_course(by=demo_user("manager"), name="Access matrix training")
    training_session = create_training_session(
        by=demo_user("manager"),
        course=training,
        held_on=TODAY + datetime.timedelta(days=10),
        trainer="Sam Okafor",
        venue="Bromsgrove Library",
        capacity=20,
    )
    delegate = add_delegate(by=demo_user("manager"), session=training_session, user=practitioner)

    return World(
        family=family,
        child=child,
        parent=parent,
        pathway=Pathway.objects.get(pk=pathway.pk),
        triage=triage,
        draft=draft,
        entry=entry,
        action=action,
        review=review,
        taf_member=taf_member,
        targeted_support=targeted_support,
        request=request,
        decided=decided,
        call=call,
        intervention=intervention,
        course=course,
        enrolment=enrolment,
        training_session=training_session,
        delegate=delegate,
        flag=flag,
        service=Service.objects.order_by("pk").first(),
        team=team,
        other_team=other_team,
    )


@pytest.fixture(scope="package")
def access_world(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo and the world, made once for this package's tests inside a transaction
    rolled back at the end; each test runs in a savepoint of it (pytest-django's `db`), so
    every persona starts from the same records."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield build_world(seed_demo(directory=True))
        transaction.set_rollback(True)


@pytest.fixture
def world(access_world: World, db: None) -> World:
    return access_world


# Persona -> the demo account it signs in as (None: nobody signed in).
PERSONA_ACCOUNTS: dict[str, str | None] = {
    "signed_out": None,
    "public": None,
    "no_role": "no.roles",
    "team_practitioner": "practitioner",
    "other_team_practitioner": "practitioner2",
    "taf_member": "taf.police",
    "lead_professional": "lead.health",
    "analyst": "analyst",
    "front_door": "frontdoor",
    "district_manager": "manager",
    "other_district_manager": "manager.malvern",
    "administrator": "admin",
}
PERSONAS = list(PERSONA_ACCOUNTS)


def client_for(persona: str) -> Client:
    client = Client()
    account = PERSONA_ACCOUNTS[persona]
    if account is not None:
        return sign_in(client, account)
    if persona == "public":
        # A member of the public half way through the request form: a session with answers.
        assert answer(client, "who", {"who": "parent_carer"}).status_code == 302  # type: ignore[attr-defined]
    return client
