"""Data quality checks: each lists exactly the records it should on a small known
dataset, and no persona's list shows a family they could not open."""

import datetime
import re

import pytest
from django.utils import timezone

from earlyhelp.accounts.models import AccessLog, AccessPurpose, User
from earlyhelp.coding.models import EntryCoding
from earlyhelp.oversight import quality
from earlyhelp.oversight.selectors import families_overseen_by
from earlyhelp.pathways.models import (
    Outcome,
    Pathway,
    PathwayStatus,
    Triage,
    TriageEntry,
    TriageStage,
)
from earlyhelp.people.models import Family, FamilyMember, Person, Relationship
from earlyhelp.people.selectors import families_visible_to
from tests.conftest import demo_user, sign_in
from tests.oversight.helpers import family, pathway
from tests.oversight.test_work_pages_and_digest import MALVERN_TEAM, malvern_manager

TODAY = timezone.localdate()
D = datetime.date
LONG_ENOUGH = "Ruby has missed eleven days of school this term; mum says mornings are a battle and she is exhausted after the baby."  # noqa: E501


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def close(opened: Pathway, outcome: Outcome, on: datetime.date) -> Pathway:
    opened.status, opened.outcome, opened.closed_on = PathwayStatus.CLOSED, outcome, on
    opened.closed_by = demo_user("fsw")
    opened.closing_summary = "Things are better."
    opened.save()
    return opened


def triage(opened: Pathway, stage: TriageStage, *narratives: str, complete: bool = True) -> Triage:
    done = Triage.objects.create(
        pathway=opened,
        stage=stage,
        started_by=demo_user("fsw"),
        completed_on=opened.opened_on if complete else None,
        completed_by=demo_user("fsw") if complete else None,
    )
    for narrative in narratives:
        TriageEntry.objects.create(
            triage=done, band="yellow", narrative=narrative, written_by=demo_user("fsw")
        )
    return done


def coded(entry: TriageEntry, *, reviewed: bool) -> None:
    now = timezone.now()
    EntryCoding.objects.create(
        entry=entry,
        coded_at=now,
        reviewed_at=now if reviewed else None,
        reviewed_by=demo_user("analyst") if reviewed else None,
    )


def member(household: Family, first: str, last: str, relationship: str, **born: object) -> Person:
    person = Person.objects.create(
        authority=household.authority, first_name=first, last_name=last, **born
    )
    FamilyMember.objects.create(family=household, person=person, relationship=relationship)
    return person


@pytest.fixture
def known(demo):  # type: ignore[no-untyped-def]
    """Families named for what each check should say of them: every "Listed" family is
    listed by one check, every "Fine" family by none."""
    # Closures: positive without the repeat triage is a gap; declined needs none.
    close(pathway("Listed Closed family", consent_on=ago(200)), Outcome.CLOSED_POSITIVELY, ago(30))
    done = pathway("Fine Closed family", consent_on=ago(200))
    triage(done, TriageStage.CLOSURE, "Short closing note")  # short, but closed: not listed
    close(done, Outcome.CLOSED_POSITIVELY, ago(30))
    close(pathway("Fine Declined family", consent_on=ago(200)), Outcome.DECLINED, ago(30))

    # Narratives on an open pathway, reviewed by the coder and an analyst (or not).
    written = pathway("Listed Narrative family", consent_on=ago(20))
    short, full = triage(
        written, TriageStage.ASSESSMENT, "Poor attendance", LONG_ENOUGH
    ).entries.all()
    coded(short, reviewed=False)
    coded(full, reviewed=True)

    # Children's dates of birth.
    household = family("Listed Birthday family")
    member(household, "Amy", "Stone", Relationship.CHILD)
    member(household, "Sam", "Stone", Relationship.PARENT)  # adults are not checked
    fine = family("Fine Birthday family")
    member(fine, "Ben", "Cole", Relationship.CHILD, date_of_birth=D(2016, 5, 1))
    member(fine, "Baby", "Cole", Relationship.UNBORN, expected_due_date=ago(-60))

    # Consent withdrawn while the pathway is still open.
    withdrawn = pathway("Listed Consent family", consent_on=ago(20))
    withdrawn.family.consents.update(ended_at=timezone.now())

    # The same child twice, named a little differently; a namesake born another day.
    member(
        family("Listed Duplicate family"),
        "Mary-Jane",
        "O'Neil",
        Relationship.CHILD,
        date_of_birth=D(2015, 3, 2),
    )
    member(
        family("Listed Twin family"),
        "maryjane ",
        "ONeil",
        Relationship.CHILD,
        date_of_birth=D(2015, 3, 2),
    )
    member(
        family("Fine Namesake family"),
        "Mary-Jane",
        "O'Neil",
        Relationship.CHILD,
        date_of_birth=D(2017, 9, 9),
    )

    # Activity: nothing since opening 10 weeks ago; a review a week ago; opened recently.
    pathway("Listed Quiet family", consent_on=ago(70))
    pathway("Fine Reviewed family", consent_on=ago(70), reviews=(ago(7),))
    pathway("Fine Busy family", consent_on=ago(70), plan_on=ago(3))

    # Another district's family, with a gap, for the persona tests.
    far = pathway(
        "Listed Malvern family", consent_on=ago(20), lead="practitioner2", team=MALVERN_TEAM
    )
    far.family.consents.update(ended_at=timezone.now())
    return demo


EXPECTED = {
    quality.Check.CLOSED_WITHOUT_REPEAT_TRIAGE: {"Listed Closed family"},
    quality.Check.SHORT_NARRATIVES: {"Listed Narrative family"},
    # the short entry (coded, not confirmed) and the closure note (not coded)
    quality.Check.UNCONFIRMED_CODES: {"Listed Narrative family", "Fine Closed family"},
    quality.Check.MISSING_DATE_OF_BIRTH: {"Listed Birthday family"},
    quality.Check.MISSING_CONSENT: {"Listed Consent family", "Listed Malvern family"},
    quality.Check.LIKELY_DUPLICATES: {"Listed Duplicate family", "Listed Twin family"},
    quality.Check.INACTIVE_PATHWAYS: {"Listed Quiet family"},
}


def listed_families(check: quality.Check, user: User) -> set[str]:
    families = families_overseen_by(user)
    settings = quality.quality_settings_for(user.authority)
    shown = list(quality.records(check, families, settings, TODAY))
    return {row.family.name for row in quality.findings(check, user, families, shown)}


def test_each_check_lists_exactly_the_records_it_should(known):
    analyst = demo_user("analyst")
    for check, names in EXPECTED.items():
        assert listed_families(check, analyst) == names, check

    families = families_overseen_by(analyst)
    settings = quality.quality_settings_for(known.authority)
    counts = quality.counts(families, settings, TODAY)
    assert counts[quality.Check.UNCONFIRMED_CODES] == 2
    assert counts[quality.Check.LIKELY_DUPLICATES] == 1  # one group of two records

    quiet = quality.records(quality.Check.INACTIVE_PATHWAYS, families, settings, TODAY).get()
    assert quiet.last_activity == ago(70)
    entry = quality.records(quality.Check.SHORT_NARRATIVES, families, settings, TODAY).get()
    assert entry.narrative == "Poor attendance"


def family_names(html: str) -> set[str]:
    return set(re.findall(r"((?:Listed|Fine) \w+ family)", html))


def test_no_persona_sees_a_record_they_could_not_open(known, client):
    malvern_manager()
    everyone = set(Family.objects.values_list("name", flat=True))
    for who in ("analyst", "manager", "malvern.manager", "admin"):
        client.logout()
        sign_in(client, who)
        user = User.objects.get(email__startswith=f"{who}@")
        may_open = set(families_visible_to(user).values_list("name", flat=True))
        seen: set[str] = set()
        for check in quality.Check:
            page = client.get(f"/monitoring/data-quality/{check.value}/")
            assert page.status_code == 200
            seen |= family_names(page.content.decode())
        assert seen <= may_open, who
        assert not (seen & (everyone - may_open)), who
        if who == "analyst":
            assert seen == set().union(*EXPECTED.values())
            logged = AccessLog.objects.filter(user=user, purpose=AccessPurpose.SEARCH)
            assert set(logged.values_list("object_label", flat=True)) == {
                str(household) for household in Family.objects.filter(name__in=seen)
            }

    # The demo manager manages Bromsgrove: its gaps, never Malvern's; and the other way round.
    client.logout()
    consent_page = "/monitoring/data-quality/missing-consent/"
    bromsgrove = sign_in(client, "manager").get(consent_page).content.decode()
    assert family_names(bromsgrove) == {"Listed Consent family"}
    client.logout()
    malvern = sign_in(client, "malvern.manager").get(consent_page).content.decode()
    assert family_names(malvern) == {"Listed Malvern family"}
    # Overview counts are of what each sees; the figures across the authority are numbers.
    overview = client.get("/monitoring/").content.decode()
    row = re.search(
        r'data-check="missing-consent".*?data-count>(\d+)<.*?data-authority-count>(\d+)<',
        overview,
        re.S,
    )  # noqa: E501
    assert row and row.groups() == ("1", "2")

    # Practitioners do not monitor: the pages refuse them, whatever their team.
    client.logout()
    sign_in(client, "practitioner2")
    assert client.get("/monitoring/").status_code == 403
    assert client.get(consent_page).status_code == 403
