"""Coding entries as they are saved: suggestions, re-coding after an edit, analysts'
decisions kept, safeguarding flags raised once and told to the right people."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from earlyhelp.coding.models import EntryCoding, FlagAction, SafeguardingFlag
from earlyhelp.coding.selectors import family_first_names
from earlyhelp.coding.services import CodingError, close_flag, code_backlog, review_entry
from earlyhelp.coding.training import current_coder
from earlyhelp.pathways.models import CodeStatus, TriageStage
from earlyhelp.pathways.services import add_triage_entry, edit_triage_entry, start_triage
from earlyhelp.people.models import Relationship
from earlyhelp.people.services import PersonDetails, add_new_person_to_family
from tests.conftest import demo_user
from tests.people.helpers import family_with_pathway

pytestmark = pytest.mark.django_db

CONCERN = "Ruby disclosed at school that dad grabbed her by the neck last night; red mark seen."
ATTENDANCE = "Attendance 78% this term and often late; mum says Ruby refuses to get up."


@pytest.fixture(scope="module", autouse=True)
def coder(django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        return current_coder()


def new_entry(narrative: str, band: str = "yellow"):  # type: ignore[no-untyped-def]
    _, pathway = family_with_pathway()
    triage = start_triage(by=demo_user("fsw"), pathway=pathway, stage=TriageStage.ASSESSMENT)
    return add_triage_entry(by=demo_user("fsw"), triage=triage, band=band, narrative=narrative)


def suggested(entry) -> set[str]:  # type: ignore[no-untyped-def]
    return set(entry.codes.values_list("code__code", flat=True))


def test_a_concern_in_a_yellow_box_raises_one_flag_and_tells_the_front_door(
    demo, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        entry = new_entry(CONCERN)
    flag = SafeguardingFlag.objects.get(entry=entry)
    assert flag.is_open and flag.score >= 0.5
    recipients = set(mail.outbox[0].to)
    assert {demo_user("frontdoor").email, demo_user("manager").email} <= recipients
    assert "grabbed" not in mail.outbox[0].body  # the narrative stays in the service
    entry.refresh_from_db()
    edit_triage_entry(
        by=demo_user("fsw"),
        entry=entry,
        version=entry.version,
        band="yellow",
        narrative=CONCERN + " Strategy discussion to follow.",
    )
    assert SafeguardingFlag.objects.filter(entry=entry).count() == 1  # still the open one


def test_a_flag_is_closed_only_with_what_was_done(demo) -> None:
    entry = new_entry(CONCERN)
    flag = SafeguardingFlag.objects.get(entry=entry)
    with pytest.raises(CodingError):
        close_flag(by=demo_user("frontdoor"), flag=flag, action=FlagAction.ESCALATED, note="")
    with pytest.raises(CodingError):
        close_flag(by=demo_user("frontdoor"), flag=flag, action="", note="Rang the MASH at 3pm.")
    flag.refresh_from_db()
    assert flag.is_open
    close_flag(
        by=demo_user("frontdoor"),
        flag=flag,
        action=FlagAction.ESCALATED,
        note="Referred to the MASH at 15:10; strategy discussion today.",
    )
    flag.refresh_from_db()
    assert not flag.is_open and flag.closed_by == demo_user("frontdoor")
    with pytest.raises(CodingError):
        close_flag(
            by=demo_user("manager"), flag=flag, action=FlagAction.NOT_A_CONCERN, note="x" * 20
        )


def test_an_edit_recodes_the_entry_but_keeps_the_analysts_decisions(demo) -> None:
    entry = new_entry(ATTENDANCE)
    suggested = set(entry.codes.values_list("code__code", flat=True))
    assert "EDU-ATTEND" in suggested
    review_entry(by=demo_user("analyst"), entry=entry, codes=["EDU-ATTEND", "FAM-BEHAVIOUR"])
    entry.refresh_from_db()
    edit_triage_entry(
        by=demo_user("fsw"),
        entry=entry,
        version=entry.version,
        band="yellow",
        narrative=ATTENDANCE + " Rent arrears of £800 and an eviction notice.",
    )
    statuses = dict(entry.codes.values_list("code__code", "status"))
    assert statuses["EDU-ATTEND"] == CodeStatus.CONFIRMED
    assert statuses["FAM-BEHAVIOUR"] == CodeStatus.CONFIRMED
    new = {code for code, status in statuses.items() if status == CodeStatus.SUGGESTED}
    assert new & {"HOUSING", "FIN-DEBT"}  # what the added words describe
    assert EntryCoding.objects.get(entry=entry).reviewed_at is None  # back in the queue


def test_only_analysts_confirm_codes_and_only_known_codes(demo) -> None:
    entry = new_entry(ATTENDANCE)
    with pytest.raises(CodingError):
        review_entry(by=demo_user("fsw"), entry=entry, codes=["EDU-ATTEND"])
    with pytest.raises(CodingError):
        review_entry(by=demo_user("analyst"), entry=entry, codes=["NOT-A-CODE"])


def test_the_backlog_codes_entries_the_coder_never_read(demo) -> None:
    entry = new_entry(ATTENDANCE)
    EntryCoding.objects.filter(entry=entry).delete()
    entry.codes.all().delete()
    assert code_backlog() == 1
    assert entry.codes.filter(code__code="EDU-ATTEND").exists()


def test_the_family_record_says_whose_name_a_note_uses(demo) -> None:
    """The coder reads a family member's first name as a child's or an adult's, from the
    family's record: Ruby is a child of the test family, Dawn her mother."""
    parent = new_entry("Dawn smokes cannabis most days and the house smells of it.")
    child = new_entry("Ruby smokes cannabis most days and the house smells of it.")
    assert family_first_names([parent.pk, child.pk]) == [
        {"Ruby": "child", "Dawn": "adult"},
        {"Ruby": "child", "Dawn": "adult"},
    ]
    assert suggested(parent) >= {"SUBST-ADULT"} and "SUBST-CYP" not in suggested(parent)
    assert suggested(child) >= {"SUBST-CYP"} and "SUBST-ADULT" not in suggested(child)


def test_whose_name_it_is_comes_from_age_then_place_in_the_household(demo) -> None:
    entry = new_entry("Dawn has been low since the baby came.")
    family = entry.triage.pathway.family
    today = timezone.localdate()
    for first_name, born, relationship in [
        ("Dawn", today - datetime.timedelta(days=14 * 365), Relationship.CHILD),  # Ruby's sister
        (
            "Kelsey",
            today - datetime.timedelta(days=16 * 365),
            Relationship.PARENT,
        ),  # a young mother
        ("Bump", None, Relationship.UNBORN),  # a placeholder, not a name
    ]:
        add_new_person_to_family(
            by=demo_user("fsw"),
            family=family,
            details=PersonDetails(first_name=first_name, last_name="Hill", date_of_birth=born),
            relationship=relationship,
        )
    # Dawn is now a mother's name and a child's: it is read as neither.
    assert family_first_names([entry.pk]) == [
        {"Ruby": "child", "Dawn": "either", "Kelsey": "child"}
    ]


def test_a_family_members_name_that_is_an_everyday_word_is_read_as_the_word(coder) -> None:
    assert coder._names_in({"Will": "child", "Ruby": "child"}) == {"Ruby": "child"}
