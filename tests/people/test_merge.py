import datetime

from django.test import Client

from earlyhelp.people.models import Person, Relationship
from earlyhelp.people.services import PersonDetails, add_new_person_to_family
from tests.conftest import demo_user, sign_in
from tests.people.helpers import empty_family, make_family


def test_merging_a_duplicate_keeps_both_records_history_and_moves_the_family(demo):
    family = make_family("Hill family")
    other = empty_family("Hill household")
    duplicate = add_new_person_to_family(
        by=demo_user("fsw"),
        family=other,
        details=PersonDetails(
            first_name="Ruby",
            last_name="Hill",
            date_of_birth=datetime.date(2015, 4, 2),
            nhs_number="9434765919",
        ),
        relationship=Relationship.CHILD,
    ).person
    keep = Person.objects.get(first_name="Ruby", memberships__family=family)
    client = sign_in(Client(), "fsw")

    page = client.get(f"/people/{keep.public_id}/merge/")
    assert "Ruby Hill, born 2 April 2015, NHS 9434765919" in page.content.decode()
    response = client.post(
        f"/people/{keep.public_id}/merge/",
        {
            "duplicate": str(duplicate.public_id),
            "reason": "Same child: same date of birth and school.",
        },
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert duplicate.merged_into == keep
    assert keep.nhs_number == "9434765919"
    assert other.members.get().person == keep
    assert duplicate.history.count() >= 2 and keep.history.count() >= 2
    assert Person.objects.filter(pk=duplicate.pk).exists()


def test_merge_needs_a_reason_and_refuses_different_nhs_numbers(demo):
    family = make_family("Hill family")
    keep = Person.objects.get(first_name="Ruby", memberships__family=family)
    keep.nhs_number = "4010232137"
    keep.save()
    other = empty_family("Hill household")
    duplicate = add_new_person_to_family(
        by=demo_user("fsw"),
        family=other,
        details=PersonDetails(
            first_name="Ruby",
            last_name="Hill",
            date_of_birth=datetime.date(2015, 4, 2),
            nhs_number="9434765919",
        ),
        relationship=Relationship.CHILD,
    ).person
    client = sign_in(Client(), "fsw")

    no_reason = client.post(
        f"/people/{keep.public_id}/merge/", {"duplicate": str(duplicate.public_id), "reason": ""}
    )
    different = client.post(
        f"/people/{keep.public_id}/merge/",
        {"duplicate": str(duplicate.public_id), "reason": "Looks like the same girl to me"},
    )

    assert "Say why these records are the same person" in no_reason.content.decode()
    assert "different NHS numbers" in different.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_triage_entries_about_the_duplicate_follow_the_merge(demo):
    from earlyhelp.pathways.models import TriageStage
    from earlyhelp.pathways.services import add_triage_entry, start_triage
    from tests.people.helpers import family_with_pathway

    family, pathway = family_with_pathway()
    keep = Person.objects.get(first_name="Ruby", memberships__family=family)
    duplicate = add_new_person_to_family(
        by=demo_user("fsw"),
        family=family,
        details=PersonDetails(
            first_name="Rubie", last_name="Hill", date_of_birth=datetime.date(2015, 4, 2)
        ),
        relationship=Relationship.CHILD,
    ).person
    triage = start_triage(by=demo_user("fsw"), pathway=pathway, stage=TriageStage.ASSESSMENT)
    entry = add_triage_entry(
        by=demo_user("fsw"),
        triage=triage,
        band="yellow",
        narrative="Low attendance this term.",
        person=duplicate,
    )
    client = sign_in(Client(), "fsw")

    client.post(
        f"/people/{keep.public_id}/merge/",
        {"duplicate": str(duplicate.public_id), "reason": "Typo in the first name."},
    )

    entry.refresh_from_db()
    assert entry.person == keep
    assert family.members.filter(left_on__isnull=True).count() == 2


def test_someone_outside_the_family_cannot_merge_its_people(demo):
    family = make_family("Hill family")
    keep = Person.objects.get(first_name="Ruby", memberships__family=family)

    assert (
        sign_in(Client(), "practitioner2").get(f"/people/{keep.public_id}/merge/").status_code
        == 404
    )
    assert sign_in(Client(), "analyst").get(f"/people/{keep.public_id}/merge/").status_code == 403
