"""The trained coder, once per run, and builders of coded and uncoded triage entries."""

import datetime

import pytest
from django.utils import timezone

from earlyhelp.accounts.models import User
from earlyhelp.coding.models import EntryCoding, SafeguardingFlag
from earlyhelp.coding.training import train
from earlyhelp.need.models import Band, IssueCode
from earlyhelp.pathways.models import (
    CodeSource,
    CodeStatus,
    EntryCode,
    Pathway,
    Triage,
    TriageEntry,
    TriageStage,
)
from earlyhelp.pathways.services import add_triage_entry, open_pathway, start_triage
from tests.conftest import demo_user
from tests.people.helpers import MALVERN_TEAM, family_with_pathway, give_consent, make_family

ATTENDANCE = (
    "Ruby's school attendance is 62% this term. She refuses to go most mornings and is "
    "often late; the school has started the attendance procedure."
)
DEBT = "Mum is in rent arrears of about £1,200 and struggling with the cost of food and fuel."


@pytest.fixture(scope="session", autouse=True)
def trained_coder():  # type: ignore[no-untyped-def]
    """The coder, trained from the corpus once (`make test` trains it into build/test-coder
    before the run; a test database starts with no analysts' reviews to add): entries
    added in tests are coded at once by the immediate task backend."""
    return train(with_analysts=False)


def draft_triage(name: str = "Hill family", malvern: bool = False) -> Triage:
    """An assessment triage on a new family's pathway: Bromsgrove (the fsw leads, the
    demo manager manages the district) or Malvern Hills (practitioner2 leads)."""
    if malvern:
        lead = demo_user("practitioner2")
        family = make_family(name, team=MALVERN_TEAM, by="practitioner2")
        give_consent(family, lead.agency, by="practitioner2")
        pathway = open_pathway(
            by=lead, family=family, opened_on=datetime.date.today(), lead_professional=lead
        )
    else:
        _, pathway = family_with_pathway(name=name)
        lead = demo_user("fsw")
    return start_triage(by=lead, pathway=pathway, stage=TriageStage.ASSESSMENT)


def lead_of(triage: Triage) -> User:
    pathway: Pathway = triage.pathway
    assert pathway.lead_professional is not None
    return pathway.lead_professional


def coded_entry(
    narrative: str = ATTENDANCE, band: str = Band.YELLOW, triage: Triage | None = None
) -> TriageEntry:
    """An entry added through the service, so the coder reads it at once."""
    triage = triage or draft_triage()
    return add_triage_entry(by=lead_of(triage), triage=triage, band=band, narrative=narrative)


def uncoded_entry(
    narrative: str = ATTENDANCE, band: str = Band.YELLOW, triage: Triage | None = None
) -> TriageEntry:
    """An entry the coder has not read yet (written straight to the table)."""
    triage = triage or draft_triage()
    return TriageEntry.objects.create(
        triage=triage, band=band, narrative=narrative, written_by=lead_of(triage)
    )


def give_code(
    entry: TriageEntry,
    code: str,
    *,
    source: str = CodeSource.CODER,
    status: str = CodeStatus.SUGGESTED,
    confidence: float | None = 0.9,
) -> EntryCode:
    return EntryCode.objects.create(
        entry=entry,
        code=IssueCode.objects.get(code=code),
        source=source,
        status=status,
        confidence=confidence if source == CodeSource.CODER else None,
        model_version="test" if source == CodeSource.CODER else "",
    )


def mark_coded(entry: TriageEntry, reviewed_by: User | None = None, **when: object) -> None:
    EntryCoding.objects.update_or_create(
        entry=entry,
        defaults={
            "model_version": "test",
            "coded_at": when.get("coded_at", timezone.now()),
            "reviewed_by": reviewed_by,
            "reviewed_at": when.get("reviewed_at"),
        },
    )


def raise_flag(entry: TriageEntry) -> SafeguardingFlag:
    return SafeguardingFlag.objects.create(entry=entry, score=0.93, model_version="test")
