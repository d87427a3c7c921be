"""The edges of data protection: a manager's export covers only their own families (and
logs each one), an anonymised family refuses every change, a correction opened before a
merge or an anonymisation cannot write back, a racing NHS number is a form error, the
export holds what was merged into the person, and the retention page and command say
what they did."""

import datetime
import json
from io import StringIO

from django.core.management import call_command
from django.db.models.signals import pre_save
from django.utils import timezone

from earlyhelp.accounts.models import AccessLog, AccessPurpose, Authority
from earlyhelp.frontdoor.models import RequestConsent, RequestForSupport, RequestSource
from earlyhelp.pathways.models import TafMember
from earlyhelp.pathways.services import open_pathway
from earlyhelp.people.models import Family, FamilyMember, Person, Relationship
from earlyhelp.people.services import FamilyRecordError, merge_people
from earlyhelp.protection.models import RetentionRule
from earlyhelp.protection.services import anonymise_family
from earlyhelp.support.models import CallerKind, CallOutcome, SupportLineCall
from tests.conftest import demo_user
from tests.people.helpers import MALVERN_TEAM, give_consent, make_family
from tests.protection.test_corrections import _form

FAR_FUTURE = datetime.date(2100, 1, 1)


def _ruby(family: Family) -> Person:
    return Person.objects.get(memberships__family=family, first_name="Ruby")


def _exports(person: Person) -> list[tuple[str, object]]:
    return list(
        AccessLog.objects.filter(
            purpose=AccessPurpose.SUBJECT_ACCESS, object_id=str(person.public_id)
        )
        .order_by("pk")
        .values_list("user_email", "family_id")
    )


def test_a_managers_export_holds_and_logs_only_the_families_they_manage(demo, signed_in):
    # Ruby is in the Hill family (Bromsgrove, the manager's district) and the Oak
    # family (Malvern Hills), where the manager sits in the Team Around the Family.
    hill = make_family("Hill family")
    ruby = _ruby(hill)
    oak = make_family("Oak family", team=MALVERN_TEAM)
    FamilyMember.objects.create(family=oak, person=ruby, relationship=Relationship.CHILD)
    give_consent(oak)
    pathway = open_pathway(
        by=demo_user("fsw"), family=oak, opened_on=timezone.localdate(), lead_professional=None
    )
    TafMember.objects.create(pathway=pathway, user=demo_user("manager"), added_by=demo_user("fsw"))
    SupportLineCall.objects.create(
        authority=oak.authority,
        district=oak.owning_team.district,
        taken_by=demo_user("fsw"),
        caller_kind=CallerKind.PARENT_CARER,
        caller_name="Oak caller",
        family=oak,
        notes="Oak call notes",
        advice="Oak advice",
        outcome=CallOutcome.RESOLVED,
    )
    url = f"/people/{ruby.public_id}/subject-access/"

    manager = signed_in("manager")
    page = manager.get(url).content.decode()
    assert "Hill family" in page and "Oak family" not in page
    response = manager.get(f"{url}json/")
    assert response.status_code == 200
    record = json.loads(response.content)
    assert [row["family"]["name"] for row in record["families"]] == ["Hill family"]
    assert "Oak" not in response.content.decode()
    manager_email = demo_user("manager").email
    assert _exports(ruby) == [(manager_email, hill.public_id)]

    admin = signed_in("admin")
    record = json.loads(admin.get(f"{url}json/").content)
    assert {row["family"]["name"] for row in record["families"]} == {"Hill family", "Oak family"}
    oak_record = next(row for row in record["families"] if row["family"]["name"] == "Oak family")
    assert oak_record["support_line_calls"][0]["notes"] == "Oak call notes"
    admin_rows = [row for row in _exports(ruby) if row[0] == demo_user("admin").email]
    assert sorted(str(family_id) for _, family_id in admin_rows) == sorted(
        [str(hill.public_id), str(oak.public_id)]
    )

    # A person only in a family the manager reaches through TAF work: not theirs to export.
    dawn_oak = Person.objects.get(memberships__family=oak, first_name="Dawn")
    assert manager.get(f"/people/{dawn_oak.public_id}/subject-access/").status_code == 404
    assert manager.get(f"/people/{dawn_oak.public_id}/subject-access/json/").status_code == 404


def test_the_export_holds_merged_duplicates_unlinked_calls_and_family_corrections(demo, signed_in):
    hill = make_family("Hill family")
    ruby = _ruby(hill)
    # A duplicate record, once in the family, that a request was matched to.
    duplicate = Person.objects.create(
        authority=hill.authority,
        first_name="Rubie",
        last_name="Hill",
        date_of_birth=ruby.date_of_birth,
        created_by=demo_user("fsw"),
    )
    FamilyMember.objects.create(
        family=hill,
        person=duplicate,
        relationship=Relationship.CHILD,
        left_on=datetime.date(2024, 1, 1),
    )
    request = RequestForSupport.objects.create(
        authority=hill.authority,
        source=RequestSource.SUPPORT_LINE,
        requester_name="Duplicate's requester",
        child_first_name="Rubie",
        child_last_name="Hill",
        worries="Worries about Rubie",
        consent=RequestConsent.GIVEN,
        submitted_by=demo_user("fsw"),
        matched_person=duplicate,
    )
    SupportLineCall.objects.create(
        authority=hill.authority,
        district=hill.owning_team.district,
        taken_by=demo_user("fsw"),
        caller_kind=CallerKind.PARENT_CARER,
        caller_name="Caller about Rubie",
        notes="Call about Rubie",
        advice="Advice",
        outcome=CallOutcome.REFERRED,
        referred_to="Rubie's school nurse",
        request=request,
    )
    merge_people(
        by=demo_user("fsw"), keep=ruby, duplicate=duplicate, reason="The same child, typed twice"
    )
    hill.name = "Hill-Jones family"
    hill._change_reason = "Name corrected"
    hill.save()

    record = json.loads(
        signed_in("admin").get(f"/people/{ruby.public_id}/subject-access/json/").content
    )
    assert [row["first_name"] for row in record["merged_duplicates"]] == ["Rubie"]
    (family,) = record["families"]
    assert {row["record"] for row in family["memberships"]} == {
        str(ruby.public_id),
        str(duplicate.public_id),
    }
    assert any(row["left_on"] == "2024-01-01" for row in family["memberships"])
    changes = [change for c in family["corrections"] for change in c["changes"]]
    assert {"field": "name", "was": "Hill family", "now": "Hill-Jones family"} in changes
    (unlinked,) = record["requests_not_linked_to_a_family"]
    assert unlinked["worries"] == "Worries about Rubie"
    assert unlinked["support_line_call"]["notes"] == "Call about Rubie"
    assert unlinked["support_line_call"]["referred_to"] == "Rubie's school nurse"


def test_an_anonymised_family_refuses_every_change_and_stale_corrections_lose(demo, signed_in):
    hill = make_family("Hill family")
    ruby = _ruby(hill)
    fsw = signed_in("fsw")
    change_url = f"/people/{ruby.public_id}/change/"
    # A correction page opened before a merge into Ruby is refused after it.
    opened_before_merge = _form(ruby, first_name="Rubyy")
    other = Person.objects.create(
        authority=hill.authority, first_name="Ruby", last_name="Hill", created_by=demo_user("fsw")
    )
    FamilyMember.objects.create(family=hill, person=other, relationship=Relationship.CHILD)
    merge_people(
        by=demo_user("fsw"), keep=ruby, duplicate=other, reason="The same child, typed twice"
    )
    ruby.refresh_from_db()
    assert ruby.version == 2
    response = fsw.post(change_url, opened_before_merge)
    assert response.status_code == 200
    assert "Someone else saved a change" in response.content.decode()
    ruby.refresh_from_db()
    assert ruby.first_name == "Ruby"

    # A correction opened before the family is anonymised cannot write the name back.
    opened_before = _form(ruby, first_name="Rubyy")
    Person.objects.filter(memberships__family=hill).update(date_of_birth=datetime.date(2000, 1, 1))
    assert anonymise_family(hill, as_of=FAR_FUTURE) is not None
    response = fsw.post(change_url, opened_before)
    assert response.status_code == 403
    ruby.refresh_from_db()
    assert ruby.first_name == "Anonymised" and ruby.version == 3

    # The family stays readable to its team, but nothing changes it.
    family_url = f"/families/{hill.public_id}/"
    page = fsw.get(family_url).content.decode()
    assert "Add a person" not in page and "Merge a duplicate" not in page
    assert "Change details" not in page
    for url in (
        f"{family_url}people/new/",
        f"{family_url}consent/",
        f"{family_url}consent/withdraw/",
        f"/people/{ruby.public_id}/merge/",
        change_url,
    ):
        assert fsw.get(url).status_code == 403, url
    members_before = FamilyMember.objects.filter(family=hill).count()
    response = fsw.post(
        f"/api/families/{hill.public_id}/people",
        {
            "first_name": "Leo",
            "last_name": "Hill",
            "relationship": "child",
            "date_of_birth": "2016-02-14",
            "sex": "male",
            "ethnicity": "WBRI",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert FamilyMember.objects.filter(family=hill).count() == members_before
    fresh = Person.objects.create(
        authority=hill.authority, first_name="Ruby", last_name="Hill", created_by=demo_user("fsw")
    )
    for keep, duplicate in ((ruby, fresh), (fresh, ruby)):
        try:
            merge_people(by=demo_user("fsw"), keep=keep, duplicate=duplicate, reason="Same child")
        except FamilyRecordError as error:
            assert "anonymised" in str(error)
        else:
            raise AssertionError("merged an anonymised record")


def test_a_racing_nhs_number_is_a_form_error_not_a_server_error(demo, signed_in):
    hill = make_family("Hill family")
    ruby = _ruby(hill)
    oak_ruby = _ruby(make_family("Oak family", team=MALVERN_TEAM))

    def another_editor_saves_it_first(sender: type, instance: Person, **kwargs: object) -> None:
        # A second editor's save lands between the check and this save: a real row
        # with the number, which the unique index then holds against this one.
        if instance.pk == ruby.pk:
            Person.objects.filter(pk=oak_ruby.pk).update(nhs_number="9434765919")

    pre_save.connect(another_editor_saves_it_first, sender=Person)
    try:
        response = signed_in("fsw").post(
            f"/people/{ruby.public_id}/change/", _form(ruby, nhs_number="9434765919")
        )
    finally:
        pre_save.disconnect(another_editor_saves_it_first, sender=Person)
    text = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in text
    assert "has this NHS number: merge the records instead" in text
    ruby.refresh_from_db()
    assert ruby.nhs_number == ""


def test_the_retention_page_logs_its_list_and_the_command_says_what_it_did(demo, signed_in):
    hill = make_family("Hill family")
    Person.objects.filter(memberships__family=hill).update(date_of_birth=datetime.date(2000, 1, 1))
    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    page = signed_in("admin").get("/data-protection/retention/", {"as_of": "1/1/2100"})
    assert hill.reference in page.content.decode()
    listed = list(AccessLog.objects.filter(pk__gt=last, purpose=AccessPurpose.SEARCH))
    assert [row.family_id for row in listed] == [hill.public_id]
    assert "Hill" not in listed[0].object_label

    authority = Authority.objects.get(slug="worcestershire")
    RetentionRule.objects.create(
        authority=authority, is_active=False, years_after_closure=6, youngest_child_age=25
    )
    out = StringIO()
    call_command("retention", "--as-of", "2100-01-01", "--apply", stdout=out)
    text = out.getvalue()
    assert text.startswith("Nothing anonymised, the rule is turned off")
    assert "Anonymised:" not in text
    hill.refresh_from_db()
    assert hill.anonymised_at is None
