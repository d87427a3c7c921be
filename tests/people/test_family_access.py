"""Who sees a family, by persona. Everyone without a rule gets 404 and never sees it
listed; every read is in the access log."""

import datetime

import pytest
from django.test import Client

from earlyhelp.accounts.models import AccessLog, AccessPurpose
from earlyhelp.pathways.services import add_taf_member
from earlyhelp.people.services import withdraw_consent
from tests.conftest import demo_user, sign_in
from tests.people.helpers import family_with_pathway, give_consent, make_family


def family_url(family) -> str:  # type: ignore[no-untyped-def]
    return f"/families/{family.public_id}/"


def test_owning_teams_worker_sees_and_lists_the_family(demo):
    family = make_family()
    client = sign_in(Client(), "fsw")

    assert client.get(family_url(family)).status_code == 200
    assert "Hill family" in client.get("/families/").content.decode()


def test_practitioner_of_another_team_gets_404_and_never_sees_it_listed(demo):
    family = make_family()
    client = sign_in(Client(), "practitioner2")

    assert client.get(family_url(family)).status_code == 404
    assert client.get(f"/api/families/{family.public_id}").status_code == 404
    assert "Hill family" not in client.get("/families/?q=Hill").content.decode()
    assert client.get("/api/families").json()["count"] == 0


def test_lead_professional_from_a_partner_agency_reads_and_edits(demo):
    family, pathway = family_with_pathway(lead="practitioner2")
    client = sign_in(Client(), "practitioner2")

    assert client.get(family_url(family)).status_code == 200
    assert client.get(f"/pathways/{pathway.public_id}/").status_code == 200
    assert client.get(f"/families/{family.public_id}/consent/").status_code == 200
    assert "Hill family" in client.get("/families/").content.decode()


def test_taf_member_reads_and_edits_while_consent_covers_their_agency(demo):
    family, pathway = family_with_pathway()
    member = demo_user("practitioner2")
    give_consent(family, member.agency)
    add_taf_member(by=demo_user("fsw"), pathway=pathway, member=member)
    client = sign_in(Client(), "practitioner2")
    assert client.get(family_url(family)).status_code == 200

    withdraw_consent(by=demo_user("fsw"), family=family, reason="The family asked us to stop.")

    assert client.get(family_url(family)).status_code == 404
    assert sign_in(Client(), "fsw").get(family_url(family)).status_code == 200


def test_analyst_reads_every_family_but_changes_none(demo):
    family = make_family(team="Malvern Hills Early Help Family Support", by="practitioner2")
    client = sign_in(Client(), "analyst")

    assert client.get(family_url(family)).status_code == 200
    assert "You can read this family" in client.get(family_url(family)).content.decode()
    assert client.get(f"/families/{family.public_id}/consent/").status_code == 403
    assert client.post(f"/families/{family.public_id}/consent/", {}).status_code == 403


def test_district_manager_sees_families_of_teams_in_the_district(demo):
    family = make_family()
    other = make_family(
        "Oak family", team="Malvern Hills Early Help Family Support", by="practitioner2"
    )
    client = sign_in(Client(), "manager")

    assert client.get(family_url(family)).status_code == 200
    assert client.get(family_url(other)).status_code == 404


def test_every_read_of_a_family_is_in_the_access_log(demo):
    family, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")

    client.get(family_url(family))
    client.get(f"/pathways/{pathway.public_id}/")
    client.get(f"/api/families/{family.public_id}")
    client.get("/families/?q=Hill")

    rows = AccessLog.objects.filter(
        family_id=family.public_id, user_email="fsw@demo.earlyhelp.test"
    )
    assert set(rows.values_list("object_type", "purpose")) >= {
        ("people.family", AccessPurpose.VIEW),
        ("pathways.pathway", AccessPurpose.VIEW),
        ("people.family", AccessPurpose.SEARCH),
    }
    assert rows.count() == 4


def test_break_glass_gives_a_day_with_a_reason_and_tells_managers(
    demo, mailoutbox, django_capture_on_commit_callbacks
):
    family = make_family()
    client = sign_in(Client(), "practitioner2")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/families/break-glass/",
            {
                "reference": family.reference,
                "reason": "School has a disclosure and the LP is on leave.",
            },
        )

    assert response.status_code == 302
    assert client.get(family_url(family)).status_code == 200
    row = AccessLog.objects.filter(
        user_email="practitioner2@demo.earlyhelp.test", family_id=family.public_id
    ).last()
    assert row.purpose == AccessPurpose.BREAK_GLASS
    assert "disclosure" in row.reason
    assert any("manager@demo.earlyhelp.test" in mail.to for mail in mailoutbox)
    assert client.get(f"/families/{family.public_id}/consent/").status_code == 403


def test_break_glass_needs_a_real_reason(demo):
    family = make_family()
    client = sign_in(Client(), "practitioner2")

    response = client.post(
        "/families/break-glass/", {"reference": family.reference, "reason": "need"}
    )

    assert "Explain in a sentence or more" in response.content.decode()
    assert client.get(family_url(family)).status_code == 404


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_unknown_family_ids_are_404(demo, bad_id):
    client = sign_in(Client(), "fsw")

    assert client.get(f"/families/{bad_id}/").status_code == 404
    assert client.get(f"/api/families/{bad_id}").status_code in {404, 422}


def test_signed_in_user_without_a_role_sees_no_family(demo):
    from earlyhelp.accounts.services import set_roles

    family = make_family()
    set_roles(demo_user("fsw"), set())
    client = Client()
    client.post("/sign-in/", {"username": "fsw@demo.earlyhelp.test", "password": "demo-password"})

    assert client.get(family_url(family)).status_code == 403


def test_break_glass_reads_of_pathways_are_logged_as_break_glass_with_the_reason(demo):
    from earlyhelp.people.services import break_glass

    family, pathway = family_with_pathway()
    break_glass(
        by=demo_user("practitioner2"),
        family=family,
        reason="Police called about the children tonight.",
    )
    client = sign_in(Client(), "practitioner2")

    assert client.get(f"/pathways/{pathway.public_id}/").status_code == 200

    row = AccessLog.objects.filter(object_type="pathways.pathway").last()
    assert row.purpose == AccessPurpose.BREAK_GLASS
    assert "Police called" in row.reason
    assert client.post(f"/pathways/{pathway.public_id}/close/", {}).status_code == 403


def test_worker_of_an_open_fsw_intervention_works_with_the_family_until_it_ends(demo):
    from earlyhelp.support.models import InterventionOutcome, InterventionSource
    from earlyhelp.support.services import (
        allocate_intervention,
        end_intervention,
        start_intervention,
    )
    from tests.people.helpers import MALVERN_TEAM

    family = make_family("Malvern family", team=MALVERN_TEAM, by="practitioner2")
    give_consent(family, by="practitioner2")
    worker = sign_in(Client(), "fsw")
    assert worker.get(family_url(family)).status_code == 404
    child = family.members.get(person__first_name="Ruby").person
    intervention = allocate_intervention(
        by=demo_user("manager"),
        family=family,
        worker=demo_user("fsw"),
        children=[child],
        source=InterventionSource.DIRECT_REFERRAL,
    )
    assert worker.get(family_url(family)).status_code == 200
    today = datetime.date.today()
    start_intervention(by=demo_user("fsw"), intervention=intervention, started_on=today)
    end_intervention(
        by=demo_user("fsw"),
        intervention=intervention,
        ended_on=today,
        outcome=InterventionOutcome.POSITIVE,
    )
    assert worker.get(family_url(family)).status_code == 404
