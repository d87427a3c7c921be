"""The professionals' search from a family's record: started from the family's needs,
children's ages and area; each result can be suggested to the family; only for those who
may see the family, and every read logged."""

import datetime
import re

from django.test import Client

from earlyhelp.accounts.models import AccessLog
from earlyhelp.need.models import IssueCode
from earlyhelp.pathways.models import CodeSource, CodeStatus, EntryCode, TriageEntry, TriageStage
from earlyhelp.pathways.services import start_triage
from earlyhelp.people.models import Family, Relationship
from earlyhelp.people.services import PersonDetails, add_new_person_to_family
from earlyhelp.places.models import Area
from earlyhelp.places.selectors import locate
from tests.conftest import demo_user, sign_in
from tests.directory.test_search import make_service
from tests.people.helpers import family_with_pathway


def family_with_triaged_needs():  # type: ignore[no-untyped-def]
    """The Hill family (Ruby, born 2015, and her mother) with a toddler, and a triage whose
    entries the coder and the worker coded: one confirmed, one suggested, one rejected."""
    family, pathway = family_with_pathway()
    today = datetime.date.today()
    add_new_person_to_family(
        by=demo_user("fsw"),
        family=family,
        details=PersonDetails(
            first_name="Alfie", last_name="Hill", date_of_birth=today.replace(year=today.year - 3)
        ),
        relationship=Relationship.CHILD,
    )
    triage = start_triage(by=demo_user("fsw"), pathway=pathway, stage=TriageStage.ASSESSMENT)
    entry = TriageEntry.objects.create(
        triage=triage,
        band="green",
        narrative="Alfie has few words for his age; tantrums at bedtime.",
        written_by=demo_user("fsw"),
    )
    for code, status in (
        ("EY-DEV", CodeStatus.CONFIRMED),
        ("FAM-BEHAVIOUR", CodeStatus.SUGGESTED),
        ("HOUSING", CodeStatus.REJECTED),
    ):
        EntryCode.objects.create(
            entry=entry,
            code=IssueCode.objects.get(code=code),
            source=CodeSource.CODER,
            status=status,
        )
    return family


def checked(text: str, value: str) -> bool:
    return re.search(rf'value="{value}"[^>]*\bchecked\b', text) is not None


def test_the_search_starts_from_the_familys_needs_ages_and_area(demo) -> None:
    family = family_with_triaged_needs()
    bromsgrove = locate(demo.authority, "Bromsgrove")
    service = make_service(demo.authority, "Little Talkers", bromsgrove, km_north=1)
    url = f"/families/{family.public_id}/find-services/"

    page = sign_in(Client(), "fsw").get(url)

    assert page.status_code == 200
    text = page.content.decode()
    assert checked(text, "EY-DEV") and checked(text, "FAM-BEHAVIOUR")
    assert not checked(text, "HOUSING")
    assert 'value="3, 11"' in text
    assert 'value="Bromsgrove"' in text
    assert "Little Talkers" in text
    assert f'action="/families/{family.public_id}/suggest-service/"' in text
    assert f'name="service" value="{service.pk}"' in text
    assert AccessLog.objects.filter(
        family_id=family.public_id, user=demo_user("fsw"), path=url
    ).exists()


def test_someone_who_cannot_see_the_family_gets_404_and_nothing_is_logged(demo) -> None:
    family = family_with_triaged_needs()
    url = f"/families/{family.public_id}/find-services/"

    assert sign_in(Client(), "practitioner2").get(url).status_code == 404
    assert not AccessLog.objects.filter(user=demo_user("practitioner2")).exists()
    assert Client().get(url).status_code == 302  # signed out: to the sign-in page


def test_a_retired_code_in_the_triage_does_not_stop_the_search_opening(demo) -> None:
    family = family_with_triaged_needs()
    IssueCode.objects.filter(code="FAM-BEHAVIOUR").update(is_active=False)

    page = sign_in(Client(), "fsw").get(f"/families/{family.public_id}/find-services/")

    assert page.status_code == 200
    text = page.content.decode()
    assert checked(text, "EY-DEV") and not checked(text, "FAM-BEHAVIOUR")
    assert "There is a problem" not in text


def test_without_a_held_postcode_the_search_starts_from_the_familys_area(demo) -> None:
    family = family_with_triaged_needs()
    area = Area.objects.filter(authority=demo.authority).exclude(name="").order_by("code").first()
    Family.objects.filter(pk=family.pk).update(postcode="WR99 9ZZ", area=area)

    text = sign_in(Client(), "fsw").get(f"/families/{family.public_id}/find-services/").text

    assert f'value="{area.name}"' in text
    assert "Bromsgrove (district)" not in text


def test_only_those_who_may_change_the_family_are_offered_suggest_to_family(demo) -> None:
    family = family_with_triaged_needs()
    make_service(demo.authority, "Little Talkers", locate(demo.authority, "Bromsgrove"))
    url = f"/families/{family.public_id}/find-services/"

    analyst = sign_in(Client(), "analyst").get(url)
    lead = sign_in(Client(), "fsw").get(url)

    assert analyst.status_code == 200 and "Little Talkers" in analyst.text
    assert "Suggest to family" not in analyst.text and "suggest-service" not in analyst.text
    assert "Suggest to family" in lead.text
