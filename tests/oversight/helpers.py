"""Records with chosen dates for timescale tests. Written straight to the database: the
services refuse dates in the future, and these tests measure on fixed past days."""

import datetime

from earlyhelp.accounts.models import Team
from earlyhelp.pathways.models import Pathway, PlanAction, Review, Triage, TriageStage
from earlyhelp.people.models import Consent, ConsentDecision, Family
from earlyhelp.support.models import FswIntervention, InterventionOutcome, InterventionSource
from tests.conftest import demo_user

BROMSGROVE_TEAM = "Bromsgrove Early Help Family Support"


def family(name: str, team: str = BROMSGROVE_TEAM) -> Family:
    owning_team = Team.objects.get(name=team)
    return Family.objects.create(
        authority=owning_team.authority, name=name, owning_team=owning_team
    )


def pathway(
    name: str,
    *,
    consent_on: datetime.date,
    opened_on: datetime.date | None = None,
    assessed_on: datetime.date | None = None,
    plan_on: datetime.date | None = None,
    reviews: tuple[datetime.date, ...] = (),
    lead: str = "fsw",
    team: str = BROMSGROVE_TEAM,
) -> Pathway:
    """An open pathway of a new family, with consent (shared with the lead's agency) and,
    if asked, a completed assessment, a plan action and reviews on those days."""
    by, lead_user = demo_user("fsw"), demo_user(lead)
    household = family(name, team)
    consent = Consent.objects.create(
        family=household,
        decision=ConsentDecision.GIVEN,
        to_assessment=True,
        given_by="Mum",
        given_on=consent_on,
        recorded_by=by,
    )
    consent.share_with.add(lead_user.agency)
    opened = Pathway.objects.create(
        family=household,
        team=household.owning_team,
        opened_on=opened_on or consent_on,
        opened_by=by,
        lead_professional=lead_user,
    )
    if assessed_on:
        Triage.objects.create(
            pathway=opened,
            stage=TriageStage.ASSESSMENT,
            started_by=by,
            completed_on=assessed_on,
            completed_by=by,
        )
    if plan_on:
        PlanAction.objects.create(
            pathway=opened,
            description="Bedtime routine",
            owner=by,
            agreed_on=plan_on,
            due_on=plan_on + datetime.timedelta(days=28),
            created_by=by,
        )
    for held_on in reviews:
        Review.objects.create(pathway=opened, held_on=held_on, recorded_by=by)
    return opened


def intervention(
    name: str,
    *,
    allocated_on: datetime.date,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    is_remote: bool = False,
) -> FswIntervention:
    household = family(name)
    return FswIntervention.objects.create(
        authority=household.authority,
        family=household,
        source=InterventionSource.DIRECT_REFERRAL,
        worker=demo_user("fsw"),
        is_remote=is_remote,
        allocated_on=allocated_on,
        allocated_by=demo_user("frontdoor"),
        started_on=started_on,
        ended_on=ended_on,
        outcome=InterventionOutcome.POSITIVE if ended_on else "",
    )
