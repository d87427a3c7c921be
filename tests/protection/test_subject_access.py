"""A subject access export: everything held about one person, as JSON and PDF, for
managers and administrators only, and written to the access log."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from pypdf import PdfReader

from earlyhelp.accounts.models import AccessLog, AccessPurpose
from earlyhelp.need.models import Band
from earlyhelp.pathways.models import TriageStage
from earlyhelp.pathways.services import add_plan_action, add_triage_entry, start_triage
from earlyhelp.people.models import Person
from tests.conftest import demo_user
from tests.people.helpers import MALVERN_TEAM, family_with_pathway, make_family

NARRATIVE = "Mum says Ruby Hill is not sleeping and misses school most Mondays since the move."


def _person(family, first_name: str) -> Person:
    return Person.objects.get(memberships__family=family, first_name=first_name)


def test_managers_and_administrators_export_everything_held_about_a_person(
    demo, signed_in, tmp_path
):
    family, pathway = family_with_pathway()
    triage = start_triage(by=demo_user("fsw"), pathway=pathway, stage=TriageStage.ASSESSMENT)
    ruby = _person(family, "Ruby")
    add_triage_entry(
        by=demo_user("fsw"), triage=triage, band=Band.YELLOW, narrative=NARRATIVE, person=ruby
    )
    add_plan_action(
        by=demo_user("fsw"),
        pathway=pathway,
        description="Walk Ruby to school on Mondays",
        entries=[],
        owner=None,
        owner_agency=None,
        owner_text="Mum",
        due_on=pathway.opened_on,
    )
    oak = make_family("Oak family", team=MALVERN_TEAM)
    oak_child = _person(oak, "Ruby")
    url = f"/people/{ruby.public_id}/subject-access/"

    # Who may: managers of the family's district and the authority's administrators.
    assert Client().get(url).status_code == 302
    for persona in ("practitioner", "practitioner2", "analyst", "frontdoor", "fsw"):
        assert signed_in(persona).get(url).status_code == 403, persona
    manager = signed_in("manager")
    assert manager.get(f"/people/{oak_child.public_id}/subject-access/").status_code == 404
    assert manager.get(f"/people/{oak_child.public_id}/subject-access/json/").status_code == 404
    page = manager.get(url)
    assert page.status_code == 200 and "Hill family" in page.content.decode()
    admin = signed_in("admin")
    assert admin.get(f"/people/{oak_child.public_id}/subject-access/").status_code == 200
    assert admin.get(f"{url}csv/").status_code == 404

    exports_before = AccessLog.objects.filter(purpose=AccessPurpose.SUBJECT_ACCESS).count()
    response = manager.get(f"{url}json/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    record = json.loads(response.content)
    assert record["schema"] == "earlyhelp-subject-access/1"
    assert record["person"]["first_name"] == "Ruby"
    assert record["person"]["date_of_birth"] == "2015-04-02"
    (hill,) = record["families"]
    assert hill["family"]["name"] == "Hill family"
    assert hill["consents"][0]["given_by"] == "Dawn (mother)"
    entries = hill["pathways"][0]["triages"][0]["entries"]
    assert entries[0]["narrative"] == NARRATIVE
    assert hill["pathways"][0]["plan_actions"][0]["description"] == "Walk Ruby to school on Mondays"
    assert {m["name"] for m in hill["members"]} == {"Ruby Hill", "Dawn Hill"}
    assert any(row["purpose"] == "Viewed" for row in record["access_log"])
    assert "Oak" not in response.content.decode()

    response = admin.get(f"{url}pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Ruby" in text and "Hill family" in text and "not sleeping" in text
    assert "Oak" not in text

    rows = AccessLog.objects.filter(purpose=AccessPurpose.SUBJECT_ACCESS).order_by("at", "pk")
    assert rows.count() == exports_before + 2
    assert [row.user_email for row in rows][-2:] == [
        demo_user("manager").email,
        demo_user("admin").email,
    ]
    assert rows.last().object_id == str(ruby.public_id)
    assert rows.last().family_id == family.public_id
    assert "Ruby" not in rows.last().object_label

    # The command writes the same export, logged as "system".
    out = tmp_path / "ruby.json"
    call_command(
        "subject-access",
        str(ruby.public_id),
        "--format",
        "json",
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    assert json.loads(out.read_text())["person"]["last_name"] == "Hill"
    pdf = tmp_path / "ruby.pdf"
    call_command(
        "subject-access",
        str(ruby.public_id),
        "--format",
        "pdf",
        "-o",
        str(pdf),
        stdout=io.StringIO(),
    )
    assert "Ruby" in PdfReader(pdf).pages[0].extract_text()
    assert (
        AccessLog.objects.filter(
            purpose=AccessPurpose.SUBJECT_ACCESS, user_email="system", object_id=str(ruby.public_id)
        ).count()
        == 2
    )


@pytest.mark.parametrize("person_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_bad_person_id_is_a_one_line_error_with_exit_code_2(demo, tmp_path, person_id):
    with pytest.raises(CommandError) as error:
        call_command("subject-access", person_id, "-o", str(tmp_path / "x.json"))
    assert error.value.returncode == 2 and "\n" not in str(error.value)
    assert not (tmp_path / "x.json").exists()
