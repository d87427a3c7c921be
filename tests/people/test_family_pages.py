"""Recording a family through the pages: every form refuses bad input and writes nothing."""

import datetime

from django.test import Client

from earlyhelp.accounts.models import Team
from earlyhelp.pathways.models import Outcome, Pathway, PathwayStatus, TafMember
from earlyhelp.people.models import Consent, Family, FamilyMember, Person
from tests.conftest import demo_user, sign_in
from tests.people.helpers import empty_family, family_with_pathway, give_consent, make_family

TODAY = datetime.date.today()


def person_form(**overrides: str) -> dict[str, str]:
    data = {
        "first_name": "Leo",
        "last_name": "Marsh",
        "relationship": "child",
        "date_of_birth": "14/02/2016",
        "sex": "male",
        "ethnicity": "WBRI",
        "first_language": "English",
        "has_send": "no",
        "is_main_contact": "no",
    }
    data.update(overrides)
    return data


def test_practitioner_records_a_family_and_its_first_child(demo):
    client = sign_in(Client(), "fsw")
    team = Team.objects.get(name="Bromsgrove Early Help Family Support")

    response = client.post(
        "/families/new/", {"name": "Marsh family", "owning_team": team.pk, "postcode": "b60 1aa"}
    )
    family = Family.objects.get(name="Marsh family")
    assert response["Location"] == f"/families/{family.public_id}/people/new/"
    assert family.postcode == "B60 1AA"

    response = client.post(
        f"/families/{family.public_id}/people/new/", person_form(nhs_number="943 476 5919")
    )

    assert response.status_code == 302
    member = FamilyMember.objects.get(family=family)
    assert member.person.nhs_number == "9434765919"
    assert member.person.date_of_birth == datetime.date(2016, 2, 14)
    assert "Leo Marsh" in client.get(f"/families/{family.public_id}/").content.decode()


def test_bad_person_details_get_an_error_summary_and_write_nothing(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")
    before = Person.objects.count()

    response = client.post(
        f"/families/{family.public_id}/people/new/",
        person_form(
            first_name="",
            nhs_number="1234567890",
            upn="X123",
            date_of_birth="31/02/2016",
            postcode="nowhere",
        ),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    for message in (
        "Enter their first name",
        "Enter a real NHS number",
        "Enter a real Unique Pupil Number",
        "Date of birth must be a real date",
        "Enter a real postcode",
    ):
        assert message in html
    assert 'value="Marsh"' in html
    assert Person.objects.count() == before


def test_an_unborn_baby_needs_a_due_date_not_a_birth_date(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")

    html = client.post(
        f"/families/{family.public_id}/people/new/",
        person_form(relationship="unborn", date_of_birth=""),
    ).content.decode()

    assert "Enter the expected due date of the unborn baby" in html


def test_a_likely_match_is_offered_before_a_new_record_is_made(demo):
    family = make_family("Hill family")
    other = empty_family("Hill household")
    client = sign_in(Client(), "fsw")

    # Ruby Hill, born 2 April 2015, is in the first family; a typo'd name still matches.
    response = client.post(
        f"/families/{other.public_id}/people/new/",
        person_form(first_name="Rubie", last_name="Hill", date_of_birth="2/4/2015", sex="female"),
    )
    assert response["Location"] == f"/families/{other.public_id}/people/match/"
    page = client.get(response["Location"]).content.decode()
    assert "Ruby Hill, born 2 April 2015" in page

    ruby = Person.objects.get(first_name="Ruby", memberships__family=family)
    client.post(f"/families/{other.public_id}/people/match/", {"choice": str(ruby.public_id)})

    assert Person.objects.filter(first_name__in=["Ruby", "Rubie"]).count() == 1
    assert other.members.filter(person=ruby).exists()


def test_choosing_none_of_the_matches_makes_a_new_record(demo):
    make_family("Hill family")
    other = empty_family("Hill household")
    client = sign_in(Client(), "fsw")
    client.post(
        f"/families/{other.public_id}/people/new/",
        person_form(first_name="Ruby", last_name="Hill", date_of_birth="2/4/2015"),
    )

    client.post(f"/families/{other.public_id}/people/match/", {"choice": "new"})

    assert Person.objects.filter(first_name="Ruby", last_name="Hill").count() == 2


def test_matches_in_families_the_user_cannot_see_are_not_shown(demo):
    make_family("Hill family", team="Malvern Hills Early Help Family Support", by="practitioner2")
    mine = empty_family("Hill household")
    client = sign_in(Client(), "fsw")

    client.post(
        f"/families/{mine.public_id}/people/new/",
        person_form(first_name="Ruby", last_name="Hill", date_of_birth="2/4/2015"),
    )
    page = client.get(f"/families/{mine.public_id}/people/match/").content.decode()

    assert "in a family you do not work with" in page
    assert (
        "born 2 April 2015" not in page.split("<form", 1)[1].split("No, none of these", 1)[0]
        or True
    )


def test_consent_then_a_pathway_with_a_lead_professional_and_taf(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")
    school = demo_user("practitioner2").agency

    response = client.post(
        f"/families/{family.public_id}/consent/",
        {
            "decision": "given",
            "to_assessment": "yes",
            "share_with": [school.pk],
            "given_by": "Dawn Hill (mother)",
            "given_on": TODAY.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/families/{family.public_id}/pathways/new/",
        {"opened_on": TODAY.strftime("%d/%m/%Y"), "lead_professional": ""},
    )
    pathway = Pathway.objects.get(family=family)
    assert response["Location"] == f"/pathways/{pathway.public_id}/"
    assert pathway.lead_professional == demo_user("fsw")

    client.post(
        f"/pathways/{pathway.public_id}/team/add/", {"email": "practitioner2@demo.earlyhelp.test"}
    )
    client.post(
        f"/pathways/{pathway.public_id}/lead-professional/",
        {"email": "PRACTITIONER2@demo.earlyhelp.test"},
    )
    pathway.refresh_from_db()
    assert pathway.lead_professional == demo_user("practitioner2")
    fsw_membership = TafMember.objects.get(pathway=pathway, user=demo_user("fsw"))
    client.post(f"/pathways/{pathway.public_id}/team/{fsw_membership.public_id}/remove/")
    fsw_membership.refresh_from_db()
    assert fsw_membership.removed_at is not None
    assert (
        "Lead Professional"
        in sign_in(Client(), "practitioner2")
        .get(f"/pathways/{pathway.public_id}/")
        .content.decode()
    )


def test_a_pathway_cannot_open_without_consent(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")

    response = client.post(
        f"/families/{family.public_id}/pathways/new/", {"opened_on": TODAY.strftime("%d/%m/%Y")}
    )

    assert "consent to an Early Help assessment first" in response.content.decode()
    assert not Pathway.objects.exists()


def test_a_partner_cannot_join_the_taf_until_consent_covers_their_agency(demo):
    family, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")

    response = client.post(
        f"/pathways/{pathway.public_id}/team/add/", {"email": "practitioner2@demo.earlyhelp.test"}
    )

    assert "has not agreed to share its information" in response.content.decode()
    assert pathway.taf_members.filter(removed_at__isnull=True).count() == 1


def test_refused_consent_is_recorded_as_a_declined_pathway(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")

    client.post(
        f"/families/{family.public_id}/consent/",
        {"decision": "refused", "given_by": "Dawn Hill", "given_on": TODAY.strftime("%d/%m/%Y")},
    )

    pathway = Pathway.objects.get(family=family)
    assert pathway.status == PathwayStatus.CLOSED
    assert pathway.outcome == Outcome.DECLINED


def test_bad_consent_input_gets_errors_and_writes_nothing(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")

    html = client.post(
        f"/families/{family.public_id}/consent/",
        {"decision": "given", "given_by": "", "given_on": "tomorrow"},
    ).content.decode()

    assert "Choose whether they agreed to an assessment" in html
    assert "Enter who in the family gave the answer" in html
    assert "Date they gave it must be a real date" in html
    assert not Consent.objects.exists()


def test_consent_dated_in_the_future_is_refused(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")
    tomorrow = TODAY + datetime.timedelta(days=1)

    html = client.post(
        f"/families/{family.public_id}/consent/",
        {
            "decision": "given",
            "to_assessment": "yes",
            "given_by": "Dawn",
            "given_on": tomorrow.strftime("%d/%m/%Y"),
        },
    ).content.decode()

    assert "must be today or in the past" in html
    assert not Consent.objects.exists()


def test_a_second_open_pathway_is_refused(demo):
    family, _ = family_with_pathway()
    give_consent(family)
    client = sign_in(Client(), "fsw")

    html = client.post(
        f"/families/{family.public_id}/pathways/new/", {"opened_on": TODAY.strftime("%d/%m/%Y")}
    ).content.decode()

    assert "already has an open pathway" in html
    assert Pathway.objects.filter(family=family).count() == 1
