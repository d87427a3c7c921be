"""Correcting a person's details keeps the previous values, who and when; a correction
from a stale page is refused."""

import datetime
import json

from django.test import Client

from earlyhelp.people.models import Person
from tests.people.helpers import MALVERN_TEAM, family_with_pathway, make_family


def _form(person: Person, **changes: str) -> dict:
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "known_as": person.known_as,
        "date_of_birth": person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "",
        "expected_due_date": "",
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "nhs_number": person.nhs_number,
        "upn": person.upn,
        "postcode": person.postcode,
        "first_language": person.first_language,
        "has_send": "yes" if person.has_send else "no",
        "version": str(person.version),
        "reason": "",
    }
    data.update(changes)
    return data


def test_a_correction_keeps_the_previous_values_and_a_stale_one_is_refused(demo, signed_in):
    family, _ = family_with_pathway()
    ruby = Person.objects.get(memberships__family=family, first_name="Ruby")
    oak = make_family("Oak family", team=MALVERN_TEAM)
    oak_child = Person.objects.get(memberships__family=oak, first_name="Ruby")
    url = f"/people/{ruby.public_id}/change/"

    # Those who may change the family's record; readers 403, outsiders 404.
    assert Client().get(url).status_code == 302
    assert signed_in("practitioner2").get(url).status_code == 404
    assert signed_in("analyst").get(url).status_code == 403
    manager = signed_in("manager")
    assert manager.get(f"/people/{oak_child.public_id}/change/").status_code == 404
    assert manager.get(url).status_code == 200

    worker = signed_in("fsw")
    page = worker.get(url)
    assert page.status_code == 200 and 'value="02/04/2015"' in page.content.decode()
    stale_form = _form(ruby, first_name="Rubie")
    response = worker.post(
        url, _form(ruby, date_of_birth="3/4/2015", reason="Birth certificate seen")
    )
    assert response.status_code == 302
    ruby.refresh_from_db()
    assert ruby.date_of_birth == datetime.date(2015, 4, 3) and ruby.version == 2

    # Another editor's page, opened before that save, is refused and keeps their text.
    response = worker.post(url, stale_form)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else saved a change" in text and 'value="Rubie"' in text
    assert "3 April 2015" in text  # what the other person saved
    ruby.refresh_from_db()
    assert ruby.first_name == "Ruby" and ruby.version == 2
    # Saved again from the new version, it goes through.
    assert (
        worker.post(url, {**stale_form, "date_of_birth": "3/4/2015", "version": "2"}).status_code
        == 302
    )
    ruby.refresh_from_db()
    assert ruby.first_name == "Rubie"

    # The family's record says who changed what, when, and what it was.
    record = worker.get(f"/families/{family.public_id}/").content.decode()
    assert "date of birth was 2 April 2015, now 3 April 2015" in record
    assert "first name was Ruby, now Rubie" in record
    assert "Birth certificate seen" in record

    # Bad input: the GOV.UK error summary, nothing saved.
    response = worker.post(url, _form(ruby, date_of_birth="31/2/2015"))
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()

    # The subject access export carries the corrections.
    export = json.loads(
        signed_in("admin").get(f"/people/{ruby.public_id}/subject-access/json/").content
    )
    changes = [change for c in export["corrections"] for change in c["changes"]]
    assert {"field": "date_of_birth", "was": "2 April 2015", "now": "3 April 2015"} in changes


def test_the_missing_date_of_birth_check_links_to_the_change_page(demo, signed_in):
    family, _ = family_with_pathway()
    ruby = Person.objects.get(memberships__family=family, first_name="Ruby")
    Person.objects.filter(pk=ruby.pk).update(date_of_birth=None)
    page = signed_in("manager").get("/monitoring/data-quality/missing-date-of-birth/")
    assert page.status_code == 200
    assert f"/people/{ruby.public_id}/change/" in page.content.decode()
