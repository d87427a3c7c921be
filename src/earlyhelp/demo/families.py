"""Synthetic families with pathways at every stage, inserted in bulk.

Deterministic for a given seed and `today`. Families are made in chunks, each chunk in
one transaction with bulk inserts, so memory stays flat and 100,000 families take
minutes on a small machine. Rows made here have no history row of their own: history
starts with the first change a user makes (see the closing note of the pathway issue).
"""

import datetime
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from faker import Faker

from earlyhelp.accounts.models import Agency, AgencyKind, Authority, Role, Team, User
from earlyhelp.demo.narratives import CODES, narrative
from earlyhelp.need.models import IssueCode
from earlyhelp.pathways.counting import count_triages
from earlyhelp.pathways.models import (
    ActionProgress,
    ActionStatus,
    CodeSource,
    CodeStatus,
    EntryCode,
    Escalation,
    Outcome,
    Pathway,
    PathwayStatus,
    PlanAction,
    Review,
    TafMember,
    TargetedSupport,
    TargetedSupportOutcome,
    Triage,
    TriageEntry,
    TriageStage,
)
from earlyhelp.people.models import (
    Consent,
    ConsentDecision,
    Ethnicity,
    Family,
    FamilyMember,
    Person,
    Relationship,
    Sex,
)
from earlyhelp.places.models import Area, Postcode

BANDS = ["blue", "green", "yellow", "orange"]
ASSESSMENT_BAND_WEIGHTS = [18, 20, 34, 28]
# Outcomes of closed pathways, in proportions like Warwickshire's report (domain.md §3).
OUTCOME_WEIGHTS = {
    Outcome.CLOSED_POSITIVELY: 50,
    Outcome.ESCALATED: 15,
    Outcome.DISENGAGED: 15,
    Outcome.DECLINED: 10,
    Outcome.TRANSFERRED: 4,
    Outcome.STEPPED_DOWN: 4,
    Outcome.RELOCATED: 2,
}
ETHNICITY_WEIGHTS = {
    Ethnicity.WBRI: 80,
    Ethnicity.WOTH: 5,
    Ethnicity.APKN: 3,
    Ethnicity.AIND: 2,
    Ethnicity.MWBC: 2,
    Ethnicity.MOTH: 2,
    Ethnicity.BAFR: 1,
    Ethnicity.WIRT: 1,
    Ethnicity.CHNE: 1,
    Ethnicity.OOTH: 1,
    Ethnicity.NOBT: 2,
}
PLAN_ACTIONS = [
    "Referral to a parenting programme",
    "School to put a support plan in place",
    "Health visitor to visit every fortnight",
    "Referral to Citizens Advice for debt advice",
    "GP appointment for mum's low mood",
    "Young carers group referral",
    "Housing options appointment",
    "CAMHS referral for anxiety",
    "Weekly check-in with the school's pastoral lead",
    "Sleep and routine plan with the FSW",
    "Referral to the local youth project",
    "Speech and language drop-in",
]


# Demand for Early Help rises with deprivation: several times as many families in the most
# deprived tenth of areas as in the least. A family's area is drawn with these weights, by
# the area's IMD decile (an area without one counts as the middle).
DECILE_WEIGHTS = {1: 8.0, 2: 6.0, 3: 4.5, 4: 3.5, 5: 2.7, 6: 2.1, 7: 1.7, 8: 1.4, 9: 1.2, 10: 1.0}
UNKNOWN_DECILE_WEIGHT = DECILE_WEIGHTS[5]
# The postcode districts (outward codes) that cover each district, by its ONS code, so that
# a demo family's postcode starts as the real ones of its area do.
OUTWARD_CODES = {
    "E07000234": ("B60", "B61"),  # Bromsgrove
    "E07000235": ("WR13", "WR14"),  # Malvern Hills
    "E07000236": ("B97", "B98"),  # Redditch
    "E07000237": ("WR1", "WR2", "WR3", "WR4", "WR5"),  # Worcester
    "E07000238": ("WR10", "WR11", "WR7"),  # Wychavon
    "E07000239": ("DY10", "DY11", "DY13"),  # Wyre Forest
    "E07000218": ("CV9",),  # North Warwickshire
    "E07000219": ("CV10", "CV11", "CV12"),  # Nuneaton and Bedworth
    "E07000220": ("CV21", "CV22"),  # Rugby
    "E07000221": ("CV37",),  # Stratford-on-Avon
    "E07000222": ("CV31", "CV32", "CV34"),  # Warwick
}
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's last two may be


@dataclass
class _Homes:
    """Where families live: the areas of each district, drawn weighted by deprivation, and
    a postcode to match. It has a random stream of its own, so that the rest of a seed's
    demo is the same with or without areas."""

    rng: random.Random
    areas: dict[int, tuple[list[int], list[float]]]  # district id -> area ids, cumulative weights
    postcodes: dict[int, list[str]]  # area id -> postcodes the lookup holds in it
    outward_codes: dict[int, tuple[str, ...]]  # district id -> its postcode districts

    def home_in(self, district_id: int | None, drawn_postcode: str) -> tuple[int | None, str]:
        """An area of the district (None when it has none) and the family's postcode: one
        the lookup holds in that area, else one made up in the district's postcode
        districts, else the one drawn."""
        area_ids, weights = self.areas.get(district_id, ([], []))
        area_id = self.rng.choices(area_ids, cum_weights=weights)[0] if area_ids else None
        known = self.postcodes.get(area_id, []) if area_id else []
        if known:
            return area_id, self.rng.choice(known)
        outward = self.outward_codes.get(district_id)
        if outward:
            unit = f"{self.rng.randint(1, 9)}{''.join(self.rng.choices(UNIT_LETTERS, k=2))}"
            return area_id, f"{self.rng.choice(outward)} {unit}"
        return area_id, drawn_postcode


def _read_homes(authority: Authority, seed: int) -> _Homes:
    areas: dict[int, tuple[list[int], list[float]]] = {}
    for area_id, district_id, decile in (
        Area.objects.filter(authority=authority, district__isnull=False)
        .order_by("code")
        .values_list("pk", "district_id", "imd_decile")
    ):
        ids, cumulative = areas.setdefault(district_id, ([], []))
        weight = DECILE_WEIGHTS.get(decile, UNKNOWN_DECILE_WEIGHT)
        ids.append(area_id)
        cumulative.append((cumulative[-1] if cumulative else 0.0) + weight)
    postcodes: dict[int, list[str]] = {}
    for area_id, postcode in (
        Postcode.objects.filter(area__authority=authority)
        .order_by("postcode")
        .values_list("area_id", "postcode")
    ):
        postcodes.setdefault(area_id, []).append(postcode)
    return _Homes(
        rng=random.Random(f"homes:{authority.slug}:{seed}"),  # noqa: S311 - synthetic data  # nosec B311
        areas=areas,
        postcodes=postcodes,
        outward_codes={
            district_id: OUTWARD_CODES[ons_code]
            for district_id, ons_code in authority.districts.values_list("pk", "ons_code")
            if ons_code in OUTWARD_CODES
        },
    )


@dataclass
class _Staff:
    """Who works where, read once before the families are made."""

    teams: list[Team]
    workers: dict[int, list[User]]  # team id -> workers who may lead
    officers: dict[int, list[User]]  # district id -> targeted support officers
    partners: dict[int, list[Agency]]  # district id -> partner agencies
    codes: dict[str, int]
    analyst: User | None
    homes: _Homes


def seed_families(
    *,
    authority: Authority,
    count: int,
    seed: int,
    today: datetime.date | None = None,
    chunk_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Make `count` families for the authority; returns how many were made."""
    today = today or timezone.localdate()
    rng = random.Random(f"families:{authority.slug}:{seed}")  # noqa: S311 - synthetic data  # nosec B311
    faker = Faker("en_GB")
    faker.seed_instance(seed)
    staff = _read_staff(authority, seed)
    made = 0
    while made < count:
        size = min(chunk_size, count - made)
        with transaction.atomic():
            _make_chunk(rng, faker, authority, staff, size, today)
        made += size
        if progress:
            progress(made)
    count_triages(authority.pk)
    return made


def _read_staff(authority: Authority, seed: int) -> _Staff:
    teams = list(
        Team.objects.filter(
            authority=authority, district__isnull=False, name__endswith="Early Help Family Support"
        ).select_related("district")
    )
    workers = {
        team.pk: list(team.members.filter(is_active=True).exclude(groups__name=Role.ANALYST))
        for team in teams
    }
    officers: dict[int, list[User]] = {}
    for user in User.objects.filter(
        authority=authority, groups__name=Role.TARGETED_SUPPORT_OFFICER
    ).prefetch_related("teams"):
        for team in user.teams.all():
            if team.district_id:
                officers.setdefault(team.district_id, []).append(user)
    partners: dict[int, list[Agency]] = {}
    for agency in Agency.objects.filter(authority=authority).exclude(
        kind=AgencyKind.LOCAL_AUTHORITY
    ):
        for team in teams:
            if agency.name.endswith(f", {team.district.name}"):
                partners.setdefault(team.district_id, []).append(agency)
    return _Staff(
        teams=teams,
        workers=workers,
        officers=officers,
        partners=partners,
        codes=dict(IssueCode.objects.values_list("code", "pk")),
        analyst=User.objects.filter(authority=authority, groups__name=Role.ANALYST).first(),
        homes=_read_homes(authority, seed),
    )


@dataclass
class _Chunk:
    """Unsaved rows of one chunk, in the order they are inserted."""

    families: list = field(default_factory=list)
    people: list = field(default_factory=list)
    members: list = field(default_factory=list)
    consents: list = field(default_factory=list)
    shares: list = field(default_factory=list)  # (consent, agency)
    pathways: list = field(default_factory=list)
    taf: list = field(default_factory=list)
    triages: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    entry_codes: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    action_entries: list = field(default_factory=list)  # (action, entry)
    reviews: list = field(default_factory=list)
    progress: list = field(default_factory=list)
    supports: list = field(default_factory=list)
    escalations: list = field(default_factory=list)


def _make_chunk(
    rng: random.Random,
    faker: Faker,
    authority: Authority,
    staff: _Staff,
    size: int,
    today: datetime.date,
) -> None:
    chunk = _Chunk()
    for _ in range(size):
        _make_family(rng, faker, authority, staff, today, chunk)
    _insert(rng, chunk)


def _make_family(
    rng: random.Random,
    faker: Faker,
    authority: Authority,
    staff: _Staff,
    today: datetime.date,
    chunk: _Chunk,
) -> None:
    team = rng.choice(staff.teams)
    surname = faker.last_name()
    # Drawn even when replaced, so that the names after it stay the same for a seed.
    area_id, postcode = staff.homes.home_in(team.district_id, faker.postcode())
    family = Family(
        authority=authority,
        name=f"{surname} family",
        owning_team=team,
        postcode=postcode,
        area_id=area_id,
    )
    chunk.families.append(family)
    children = []
    for _ in range(rng.choices([1, 2, 3, 4], [35, 35, 20, 10])[0]):
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        age_days = rng.randint(60, 17 * 365)
        child = Person(
            authority=authority,
            first_name=faker.first_name_female() if sex == Sex.FEMALE else faker.first_name_male(),
            last_name=surname,
            date_of_birth=today - datetime.timedelta(days=age_days),
            sex=sex,
            ethnicity=rng.choices(list(ETHNICITY_WEIGHTS), list(ETHNICITY_WEIGHTS.values()))[0],
            postcode=postcode,
            has_send=rng.random() < 0.15,
        )
        children.append(child)
        chunk.people.append(child)
        chunk.members.append(dict(family=family, person=child, relationship=Relationship.CHILD))
    parent = Person(
        authority=authority,
        first_name=faker.first_name_female(),
        last_name=surname,
        date_of_birth=today - datetime.timedelta(days=rng.randint(20 * 365, 50 * 365)),
        sex=Sex.FEMALE,
        ethnicity=children[0].ethnicity,
        postcode=postcode,
    )
    chunk.people.append(parent)
    chunk.members.append(
        dict(family=family, person=parent, relationship=Relationship.PARENT, is_main_contact=True)
    )
    if rng.random() < 0.45:
        partner = Person(
            authority=authority,
            first_name=faker.first_name_male(),
            last_name=surname,
            date_of_birth=today - datetime.timedelta(days=rng.randint(20 * 365, 55 * 365)),
            sex=Sex.MALE,
            ethnicity=children[0].ethnicity,
            postcode=postcode,
        )
        chunk.people.append(partner)
        chunk.members.append(dict(family=family, person=partner, relationship=Relationship.PARENT))
    _make_pathway(rng, staff, team, family, children, parent, today, chunk)


def _make_pathway(
    rng: random.Random,
    staff: _Staff,
    team: Team,
    family: Family,
    children: list[Person],
    parent: Person,
    today: datetime.date,
    chunk: _Chunk,
) -> None:
    workers = staff.workers.get(team.pk) or []
    if not workers:
        return
    lead = rng.choice(workers)
    opened_on = today - datetime.timedelta(days=rng.randint(0, 730))
    consent_on = opened_on - datetime.timedelta(days=rng.randint(0, 10))
    outcome = rng.choices(list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values()))[0]
    length = datetime.timedelta(days=rng.randint(60, 300))
    closed = opened_on + length <= today
    declined = closed and outcome == Outcome.DECLINED
    partners = staff.partners.get(team.district_id, [])
    shared = rng.sample(partners, k=min(len(partners), rng.randint(0, 2))) if partners else []
    if lead.agency and lead.agency.kind != AgencyKind.LOCAL_AUTHORITY and lead.agency not in shared:
        shared.append(lead.agency)
    consent = Consent(
        family=family,
        decision=ConsentDecision.REFUSED if declined else ConsentDecision.GIVEN,
        to_assessment=not declined,
        given_by=f"{parent.first_name} {parent.last_name}",
        given_on=consent_on,
        recorded_by=lead,
    )
    chunk.consents.append(consent)
    if declined:
        chunk.pathways.append(
            Pathway(
                family=family,
                team=team,
                opened_on=consent_on,
                opened_by=lead,
                status=PathwayStatus.CLOSED,
                outcome=Outcome.DECLINED,
                closed_on=consent_on,
                closed_by=lead,
                closing_summary="The family declined Early Help.",
            )
        )
        return
    chunk.shares.extend((consent, agency) for agency in shared)
    closed_on = opened_on + length if closed else None
    pathway = Pathway(
        family=family,
        team=team,
        opened_on=opened_on,
        opened_by=lead,
        lead_professional=lead,
        status=PathwayStatus.CLOSED if closed else PathwayStatus.OPEN,
        outcome=outcome if closed else "",
        closed_on=closed_on,
        closed_by=lead if closed else None,
    )
    chunk.pathways.append(pathway)
    chunk.taf.append(dict(pathway=pathway, user=lead, added_by=lead))
    in_taf = {lead.pk}
    for other in rng.sample(workers, k=min(len(workers), rng.randint(0, 2))):
        if other.pk not in in_taf and (
            not other.agency
            or other.agency.kind == AgencyKind.LOCAL_AUTHORITY
            or other.agency in shared
        ):
            in_taf.add(other.pk)
            chunk.taf.append(dict(pathway=pathway, user=other, added_by=lead))

    elapsed = ((closed_on or today) - opened_on).days
    if elapsed < 7 and not closed:
        return  # just opened: the assessment is still to come
    assessed_on = opened_on + datetime.timedelta(days=min(elapsed, rng.randint(3, 28)))
    issues = _issues(rng, children, today)
    entries = _triage(
        rng,
        staff,
        pathway,
        TriageStage.ASSESSMENT,
        assessed_on,
        lead,
        issues,
        children,
        parent,
        chunk,
    )
    actions = _plan(rng, pathway, entries, lead, assessed_on, closed_on or today, chunk)
    _reviews(rng, pathway, actions, lead, assessed_on, closed_on or today, chunk)
    worst = max(BANDS.index(band) for _, band, _ in issues)
    officers = staff.officers.get(team.district_id, [])
    if worst == 3 and officers and rng.random() < 0.3:
        started = assessed_on + datetime.timedelta(days=rng.randint(1, 21))
        if started <= (closed_on or today):
            ended = closed_on if closed else None
            ts_outcome = ""
            if ended:
                ts_outcome = {
                    Outcome.ESCALATED: TargetedSupportOutcome.ESCALATED,
                    Outcome.DISENGAGED: TargetedSupportOutcome.DISENGAGED,
                }.get(outcome) or rng.choice(
                    [TargetedSupportOutcome.DE_ESCALATED, TargetedSupportOutcome.CLOSED_POSITIVELY]
                )
            officer = rng.choice(officers)
            chunk.supports.append(
                TargetedSupport(
                    pathway=pathway,
                    officer=officer,
                    started_on=started,
                    ended_on=ended,
                    outcome=ts_outcome,
                    added_by=lead,
                )
            )
            if officer.pk not in in_taf:
                chunk.taf.append(dict(pathway=pathway, user=officer, added_by=lead))
    if not closed:
        return
    if outcome == Outcome.ESCALATED:
        pathway.closing_summary = (
            "Escalated to children's social care after a safeguarding concern."
        )
        chunk.escalations.append(
            Escalation(
                pathway=pathway,
                reason=pathway.closing_summary,
                escalated_by=lead,
                escalated_on=closed_on,
            )
        )
        return
    if outcome != Outcome.RELOCATED:
        closure_issues = [
            (code, _band_at_closure(rng, band, outcome), person) for code, band, person in issues
        ]
        _triage(
            rng,
            staff,
            pathway,
            TriageStage.CLOSURE,
            closed_on,
            lead,
            closure_issues,
            children,
            parent,
            chunk,
        )
    pathway.closing_summary = {
        Outcome.CLOSED_POSITIVELY: "Plan completed; the family feels its issues are resolved.",
        Outcome.DISENGAGED: "The family stopped engaging with the plan.",
        Outcome.TRANSFERRED: "Transferred to another service.",
        Outcome.STEPPED_DOWN: "Stepped down to universal services.",
        Outcome.RELOCATED: "The family moved out of the area.",
    }[outcome]


# Ages (in years) of the child an issue can be about; issues absent here are the adults'.
CHILD_AGES = {
    "EDU-ATTEND": (5, 16),
    "EDU-EXCL": (5, 16),
    "EDU-SEND": (2, 18),
    "EDU-NEET": (16, 18),
    "EY-DEV": (0, 4),
    "EY-PARENT": (0, 4),
    "HEALTH-CYP-MH": (6, 18),
    "HEALTH-PHYS": (0, 18),
    "SUBST-CYP": (12, 18),
    "FAM-BEHAVIOUR": (4, 18),
    "FAM-CPV": (10, 18),
    "FAM-CARER": (8, 18),
    "FAM-LOSS": (3, 18),
    "SAFE-ABUSE": (0, 18),
    "SAFE-NEGLECT": (0, 18),
    "SAFE-EXPLOIT": (11, 18),
    "SAFE-ONLINE": (9, 18),
    "CRIME-CYP": (10, 18),
}


def _issues(
    rng: random.Random, children: list[Person], today: datetime.date
) -> list[tuple[str, str, Person | None]]:
    """Two to five issues; a child's issue is about a child of a fitting age."""
    ages = {child.pk or id(child): (today - child.date_of_birth).days // 365 for child in children}
    issues: list[tuple[str, str, Person | None]] = []
    wanted = rng.randint(2, 5)
    for code in rng.sample(CODES, k=len(CODES)):
        if len(issues) == wanted:
            break
        band = rng.choices(BANDS, ASSESSMENT_BAND_WEIGHTS)[0]
        if code not in CHILD_AGES:
            issues.append((code, band, None))
            continue
        low, high = CHILD_AGES[code]
        fitting = [child for child in children if low <= ages[child.pk or id(child)] <= high]
        if fitting:
            issues.append((code, band, rng.choice(fitting)))
    return issues


def _band_at_closure(rng: random.Random, band: str, outcome: Outcome) -> str:
    index = BANDS.index(band)
    if outcome in {Outcome.CLOSED_POSITIVELY, Outcome.STEPPED_DOWN}:
        index = max(0, index - rng.choice([1, 1, 2, 2, 3]))
    elif outcome == Outcome.DISENGAGED:
        index = max(0, index - rng.choice([0, 0, 1]))
    else:
        index = max(0, index - rng.choice([0, 1]))
    return BANDS[index]


def _triage(
    rng: random.Random,
    staff: _Staff,
    pathway: Pathway,
    stage: TriageStage,
    on: datetime.date,
    by: User,
    issues: list[tuple[str, str, Person | None]],
    children: list[Person],
    parent: Person,
    chunk: _Chunk,
) -> list[TriageEntry]:
    triage = Triage(pathway=pathway, stage=stage, started_by=by, completed_on=on, completed_by=by)
    triage.summarise({band for _, band, _ in issues})
    chunk.triages.append(triage)
    entries = []
    coded_at = timezone.make_aware(
        datetime.datetime.combine(on, datetime.time(12)) + datetime.timedelta(days=3)
    )
    for code, band, person in issues:
        note = narrative(
            rng,
            code,
            band,
            stage=stage.value,
            child=person.first_name if person else "the children",
            parent=parent.first_name,
        )
        entry = TriageEntry(
            triage=triage, band=band, narrative=note.text, person=person, written_by=by
        )
        entries.append(entry)
        chunk.entries.append(entry)
        for entry_code in note.codes:
            if entry_code in staff.codes:
                chunk.entry_codes.append(
                    dict(
                        entry=entry,
                        code_id=staff.codes[entry_code],
                        source=CodeSource.ANALYST,
                        status=CodeStatus.CONFIRMED,
                        confirmed_by=staff.analyst,
                        confirmed_at=coded_at,
                    )
                )
    return entries


def _plan(
    rng: random.Random,
    pathway: Pathway,
    entries: list[TriageEntry],
    lead: User,
    start: datetime.date,
    end: datetime.date,
    chunk: _Chunk,
) -> list[PlanAction]:
    actions = []
    for entry in entries:
        if entry.band in {"blue", "green"} and rng.random() < 0.6:
            continue
        done = (
            pathway.status == PathwayStatus.CLOSED and pathway.outcome == Outcome.CLOSED_POSITIVELY
        )
        action = PlanAction(
            pathway=pathway,
            agreed_on=start,
            description=rng.choice(PLAN_ACTIONS),
            owner=lead if rng.random() < 0.5 else None,
            owner_text="" if rng.random() < 0.5 else rng.choice(["Mum", "The family", "School"]),
            due_on=start + datetime.timedelta(days=rng.randint(14, 120)),
            status=ActionStatus.DONE if done else rng.choice(list(ActionStatus)),
            created_by=lead,
        )
        if action.owner is None and not action.owner_text:
            action.owner = lead
        actions.append(action)
        chunk.actions.append(action)
        chunk.action_entries.append((action, entry))
    return actions


def _reviews(
    rng: random.Random,
    pathway: Pathway,
    actions: list[PlanAction],
    lead: User,
    start: datetime.date,
    end: datetime.date,
    chunk: _Chunk,
) -> None:
    held = start + datetime.timedelta(days=rng.randint(35, 56))
    while held < end:
        next_on = held + datetime.timedelta(days=rng.randint(42, 63))
        review = Review(
            pathway=pathway,
            held_on=held,
            other_attendees=rng.choice(["Mum", "Mum and Dad", "Mum, Gran"]),
            plan_changes=rng.choice(
                ["", "No changes to the plan.", "Added a referral to the youth project."]
            ),
            next_review_on=next_on,
            recorded_by=lead,
        )
        chunk.reviews.append(review)
        for action in actions:
            chunk.progress.append(
                dict(
                    action=action,
                    review=review,
                    status=action.status,
                    note=rng.choice(["Going well.", "Some progress.", "Not started yet.", "Done."]),
                    recorded_by=lead,
                )
            )
        held = next_on


def _insert(rng: random.Random, chunk: _Chunk) -> None:
    """Parents first, so each row's foreign keys can be read from the objects saved before
    it. Rows go in by executemany, with their ids reserved first, rather than through
    bulk_create: at this volume Django's per-row work is most of the time."""
    for model, rows in (
        (Family, chunk.families),
        (Person, chunk.people),
        (FamilyMember, chunk.members),
        (Consent, chunk.consents),
        (Pathway, chunk.pathways),
        (TafMember, chunk.taf),
        (Triage, chunk.triages),
        (TriageEntry, chunk.entries),
        (EntryCode, chunk.entry_codes),
        (PlanAction, chunk.actions),
        (Review, chunk.reviews),
        (ActionProgress, chunk.progress),
        (TargetedSupport, chunk.supports),
        (Escalation, chunk.escalations),
    ):
        _insert_rows(rng, model, rows)
    shares = Consent.share_with.through
    shares.objects.bulk_create(
        [shares(consent_id=c.pk, agency_id=a.pk) for c, a in chunk.shares], batch_size=2000
    )
    tied = PlanAction.entries.through
    tied.objects.bulk_create(
        [tied(planaction_id=a.pk, triageentry_id=e.pk) for a, e in chunk.action_entries],
        batch_size=2000,
    )


def _reserve_ids(model: type, count: int) -> list[int]:
    """Ids for rows about to be inserted. The seed runs in one transaction per chunk, and
    on SQLite that transaction holds the database's write lock, so MAX(id) is safe."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
    start = model._base_manager.aggregate(last=Coalesce(Max("pk"), 0))["last"]
    return list(range(start + 1, start + count + 1))


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


# Field types whose Python values the database drivers take as they are.
_PLAIN_TYPES = {
    "BooleanField",
    "CharField",
    "EmailField",
    "FloatField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "TextField",
}


def _insert_rows(rng: random.Random, model: type, rows: list) -> None:
    """INSERT model objects, or dicts of {field name: value or saved object}, in one
    executemany; objects get their ids, so their children can point at them."""
    if not rows:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields = [field_ for field_ in model._meta.concrete_fields if not field_.primary_key]
    plain = [field_.is_relation or field_.get_internal_type() in _PLAIN_TYPES for field_ in fields]
    stamp = fields[0].model._meta.get_field("created_at").get_db_prep_save(timezone.now(), db)
    values = []
    for row_id, row in zip(_reserve_ids(model, len(rows)), rows, strict=True):
        given = row if isinstance(row, dict) else None
        if given is None:
            row.pk = row_id
        record = [row_id]
        for field_, is_plain in zip(fields, plain, strict=True):
            name = field_.name
            if name == "public_id":
                value = _uuid(rng)
                if given is None:
                    row.public_id = value
            elif name in {"created_at", "updated_at"}:
                record.append(stamp)
                continue
            elif given is not None:
                value = given.get(field_.attname, given.get(name, field_.get_default()))
            else:
                value = getattr(row, field_.attname)
                if value is None and field_.is_relation:
                    value = row._state.fields_cache.get(name)
            if field_.is_relation and value is not None and not isinstance(value, int):
                value = value.pk
            record.append(value if is_plain else field_.get_db_prep_save(value, db))
        values.append(record)
    quote = db.ops.quote_name
    columns = ", ".join(
        [quote(model._meta.pk.column)] + [quote(field_.column) for field_ in fields]
    )
    placeholders = ", ".join(["%s"] * (len(fields) + 1))
    # Table and column names come from the model's own metadata, quoted; values are parameters.
    # (.format, not an f-string: bandit tests each piece of an f-string, and warns that its
    # skip comment is not needed on every piece but the first.)
    table = quote(model._meta.db_table)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(table, columns, placeholders)  # noqa: S608, UP032  # nosec B608
    with db.cursor() as cursor:
        cursor.executemany(sql, values)
