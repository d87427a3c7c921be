import uuid

import pytest
from django.test import Client

from earlyhelp.accounts.models import AccessLog, AccessPurpose
from earlyhelp.accounts.services import record_access
from tests.conftest import demo_user, sign_in


def read_family(user_part: str, family_id: uuid.UUID, label: str = "Family F-0001") -> AccessLog:
    """What an access helper does when it shows a family: record the read.

    Families arrive with the pathway feature; a team stands in as the record here, since
    the log names any record by type and public id.
    """
    user = demo_user(user_part)
    return record_access(
        user=user,
        record=user.teams.first(),
        purpose=AccessPurpose.VIEW,
        family_id=family_id,
        label=label,
    )


def test_a_read_writes_who_what_when_and_why(demo, rf):
    family_id = uuid.uuid4()
    request = rf.get("/families/x/", REMOTE_ADDR="10.1.2.3")
    user = demo_user("practitioner")

    row = record_access(
        user=user,
        record=user.teams.first(),
        purpose=AccessPurpose.VIEW,
        family_id=family_id,
        request=request,
        label="Family F-0001",
    )

    row.refresh_from_db()
    assert row.user == user and row.user_email == user.email
    assert row.authority == demo.authority
    assert row.object_type == "accounts.team"
    assert row.object_id == str(user.teams.first().public_id)
    assert row.family_id == family_id
    assert row.purpose == AccessPurpose.VIEW
    assert row.ip_address == "10.1.2.3"
    assert row.path == "/families/x/"
    assert row.at is not None


def test_log_rows_can_never_be_changed_or_deleted(demo):
    row = read_family("practitioner", uuid.uuid4())

    row.purpose = AccessPurpose.EDIT
    with pytest.raises(ValueError, match="never changed"):
        row.save()
    with pytest.raises(ValueError, match="never deleted"):
        row.delete()


def test_break_glass_without_a_reason_is_refused_by_the_database(demo):
    from django.db import IntegrityError, transaction

    user = demo_user("practitioner")
    with pytest.raises(IntegrityError), transaction.atomic():
        record_access(
            user=user, record=user.teams.first(), purpose=AccessPurpose.BREAK_GLASS, family_id=None
        )


def test_administrator_sees_who_looked_at_a_family(demo):
    family_id = uuid.uuid4()
    read_family("practitioner", family_id)
    read_family("practitioner2", family_id)
    read_family("fsw", uuid.uuid4())
    client = sign_in(Client(), "admin")

    response = client.get("/audit/access-log/", {"family_id": str(family_id)})

    html = response.content.decode()
    assert response.status_code == 200
    assert ">2 records</caption>" in html
    assert "practitioner@demo.earlyhelp.test" in html
    assert "practitioner2@demo.earlyhelp.test" in html
    assert "fsw@demo.earlyhelp.test" not in html


def test_access_log_filters_by_person_purpose_and_dates(demo):
    read_family("practitioner", uuid.uuid4())
    read_family("tso", uuid.uuid4())
    client = sign_in(Client(), "admin")

    html = client.get(
        "/audit/access-log/",
        {
            "user_email": "tso@",
            "purpose": "view",
            "date_from": "2000-01-01",
            "date_to": "2100-01-01",
        },
    ).content.decode()

    assert ">1 record</caption>" in html
    assert "tso@demo.earlyhelp.test" in html
    assert "practitioner@demo.earlyhelp.test" not in html
    assert "0 records" in client.get("/audit/access-log/", {"purpose": "export"}).content.decode()


def test_bad_filters_get_an_error_summary_and_show_no_rows(demo):
    read_family("practitioner", uuid.uuid4())
    client = sign_in(Client(), "admin")

    response = client.get(
        "/audit/access-log/",
        {"family_id": "not-a-reference", "date_from": "2026-12-01", "date_to": "2026-11-01"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter a family reference in the format shown on its record" in html
    assert "0 records" in html


def test_manager_sees_only_reads_by_staff_of_the_teams_they_manage(demo):
    read_family("practitioner", uuid.uuid4())  # first district: managed
    read_family("practitioner2", uuid.uuid4())  # second district: not managed
    client = sign_in(Client(), "manager")

    html = client.get("/audit/access-log/").content.decode()

    assert "practitioner@demo.earlyhelp.test" in html
    assert "practitioner2@demo.earlyhelp.test" not in html


@pytest.mark.parametrize("role", ["practitioner", "fsw", "tso", "frontdoor", "analyst"])
def test_other_roles_cannot_open_the_access_log(demo, role):
    client = sign_in(Client(), role)

    assert client.get("/audit/access-log/").status_code == 403


def test_access_log_pages_through_many_rows(demo):
    family_id = uuid.uuid4()
    for _ in range(60):
        read_family("practitioner", family_id)
    client = sign_in(Client(), "admin")

    first = client.get("/audit/access-log/", {"family_id": str(family_id)}).content.decode()
    second = client.get(
        "/audit/access-log/", {"family_id": str(family_id), "page": "2"}
    ).content.decode()

    assert "60 records" in first and "Page 1 of 2" in first
    assert f"family_id={family_id}&amp;page=2" in first
    assert "Page 2 of 2" in second
