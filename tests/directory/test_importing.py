"""Importing and exporting Open Referral UK feeds."""

import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from earlyhelp.accounts.models import Authority
from earlyhelp.directory.exporting import export_services
from earlyhelp.directory.importing import UnreadableFeed, import_documents, import_services
from earlyhelp.directory.models import Location, Organization, Schedule, Service, TaxonomyTerm
from earlyhelp.directory.version1 import NAMESPACE
from tests.directory.conftest import SERVICE_ID, official_file, official_json, speech_service


def write_json(path: Path, content: Any) -> Path:
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def exported(authority: Authority | None = None) -> list[dict[str, Any]]:
    output = io.StringIO()
    export_services(output, authority)
    return json.loads(output.getvalue())


def assert_kept(original: Any, exported_value: Any, where: str = "service") -> None:
    """Everything the original says, the export says too (it may say more)."""
    if isinstance(original, dict):
        assert isinstance(exported_value, dict), where
        for key, value in original.items():
            assert key in exported_value, f"{where}.{key} was lost"
            assert_kept(value, exported_value[key], f"{where}.{key}")
    elif isinstance(original, list):
        assert isinstance(exported_value, list) and len(exported_value) == len(original), where
        for index, (item, exported_item) in enumerate(zip(original, exported_value, strict=True)):
            assert_kept(item, exported_item, f"{where}[{index}]")
    else:
        assert exported_value == original, f"{where}: {exported_value!r} != {original!r}"


def test_importing_the_official_example_then_exporting_keeps_every_field(
    authority, tmp_path
) -> None:
    example = official_json("examples_service_full.json")
    summary = import_services(official_file("examples_service_full.json"), authority)
    assert summary.lines()[0] == "services: 1 added, 0 changed, 0 unchanged, 0 rejected"
    output = tmp_path / "feed.json"
    call_command("export", "services", "--authority", authority.slug, "-o", str(output))
    (service,) = json.loads(output.read_text(encoding="utf-8"))
    assert_kept(example, service)
    # And the export imports back unchanged.
    again = import_services(output, authority)
    assert again.unchanged == [uuid.UUID(example["id"])]


def test_our_own_feed_round_trips_whole(authority, speech) -> None:
    (service,) = exported(authority)
    assert_kept(speech_service(), service)
    assert Service.objects.get(pk=SERVICE_ID).last_checked_on.isoformat() == "2026-09-01"


def test_importing_the_same_feed_again_changes_nothing(authority, speech) -> None:
    summary = import_documents([speech_service()], authority)
    assert summary.unchanged == [uuid.UUID(SERVICE_ID)]
    assert Service.history.filter(id=SERVICE_ID).count() == 1


def test_a_changed_service_is_matched_by_id_and_keeps_its_history(authority, speech) -> None:
    document = speech_service(name="Chatterbox", schedules=[])
    summary = import_documents([document], authority)
    assert summary.changed == [uuid.UUID(SERVICE_ID)] and not summary.added
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.name == "Chatterbox"
    assert [row.name for row in service.history.all()] == [
        "Chatterbox",
        "Chatterbox speech and language drop-in",
    ]
    assert not Schedule.objects.filter(service=service).exists()
    assert Schedule.history.filter(history_type="-").count() == 1


def test_a_list_the_document_leaves_out_is_kept(authority, speech) -> None:
    document = speech_service()
    del document["schedules"]
    assert import_documents([document], authority).unchanged
    assert Schedule.objects.filter(service_id=SERVICE_ID).count() == 1


def test_early_help_fields_survive_a_reimport(authority, speech) -> None:
    service = Service.objects.get(pk=SERVICE_ID)
    service.serves_yellow = True
    service.child_maximum_age = 5
    service.save()
    import_documents([speech_service(name="Chatterbox")], authority)
    service.refresh_from_db()
    assert service.bands == ["yellow"] and service.child_maximum_age == 5


def test_bad_services_are_rejected_with_reasons_and_the_rest_imported(authority) -> None:
    good = speech_service()
    documents = [
        {**speech_service(id=str(uuid.uuid4())), "name": ""},
        speech_service(id="not-a-uuid"),
        speech_service(id=str(uuid.uuid4()), status="closed"),
        speech_service(id=str(uuid.uuid4()), assured_date="1st May"),
        speech_service(id=str(uuid.uuid4()), minimum_age=10, maximum_age=2),
        speech_service(id=str(uuid.uuid4()), email="not an email"),
        speech_service(id=str(uuid.uuid4()), maximum_age=10**400),
        "a string",
        good,
        good,
    ]
    summary = import_documents(documents, authority)
    assert summary.added == [uuid.UUID(SERVICE_ID)]
    reasons = [str(rejection) for rejection in summary.rejected]
    assert [rejection.position for rejection in summary.rejected] == [1, 2, 3, 4, 5, 6, 7, 8, 10]
    assert "name is missing" in reasons[0]
    assert "id is not a UUID: 'not-a-uuid'" in reasons[1]
    assert "service.status is 'closed', not one of" in reasons[2]
    assert "assured_date is not a date" in reasons[3]
    assert "minimum_age is above maximum_age" in reasons[4]
    assert "email is not an email address" in reasons[5]
    assert "maximum_age is too large" in reasons[6]
    assert "not a JSON object" in reasons[7]
    assert "more than once" in reasons[8]
    assert Service.objects.count() == 1


def test_a_rejected_service_writes_nothing_of_itself(authority) -> None:
    document = speech_service()
    document["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = ""
    summary = import_documents([document], authority)
    assert "postal_code is missing" in str(summary.rejected[0])
    assert not Organization.objects.exists() and not TaxonomyTerm.objects.exists()


def test_another_authoritys_service_is_not_taken(authority, speech) -> None:
    other = Authority.objects.create(
        name="Herefordshire",
        slug="herefordshire",
        ons_code="E06000019",
        band_label_set=authority.band_label_set,
    )
    summary = import_documents([speech_service(name="Taken")], other)
    assert "in another authority's directory" in str(summary.rejected[0])
    assert Service.objects.get(pk=SERVICE_ID).name != "Taken"
    assert exported(other) == []


def test_a_record_of_another_service_is_not_moved(authority, speech) -> None:
    document = speech_service(id=str(uuid.uuid4()))
    document["service_at_locations"] = []
    summary = import_documents([document], authority)
    assert "belongs to another service" in str(summary.rejected[0])
    assert Service.objects.count() == 1


def test_a_page_of_the_api_is_a_feed(authority, tmp_path) -> None:
    page = {"total_items": 1, "page_number": 1, "contents": [speech_service()]}
    summary = import_services(write_json(tmp_path / "page.json", page), authority)
    assert summary.added == [uuid.UUID(SERVICE_ID)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{not json", "not JSON"),
        ({"services": []}, "not an Open Referral feed"),
        (42, "not an Open Referral feed"),
    ],
)
def test_a_file_that_is_not_a_feed_is_unreadable(authority, tmp_path, content, message) -> None:
    path = tmp_path / "feed.json"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        write_json(path, content)
    with pytest.raises(UnreadableFeed, match=message):
        import_services(path, authority)
    assert not Service.objects.exists()


VERSION_1_SERVICE = {
    "id": "1001",
    "name": "Parenting Puzzle",
    "description": "A ten-week course for parents",
    "status": "active",
    "organization": {"id": "org-7", "name": "Hub Trust", "description": "A charity"},
    "eligibilitys": [{"id": "e1", "minimum_age": 18}],
    "regular_schedules": [
        {"id": "rs1", "freq": "weekly", "byday": "WE", "opens_at": "10:00", "closes_at": "12:00"}
    ],
    "fundings": [{"id": "f1", "source": "Council"}],
    "contacts": [{"id": "c1", "name": "Sam", "phones": [{"id": "p1", "number": "01905 000000"}]}],
    "languages": [{"id": "l1", "language": "Welsh"}],
    "service_at_locations": [
        {
            "id": "sal1",
            "location": {
                "id": "loc1",
                "name": "Kidderminster Children's Centre",
                "physical_addresses": [
                    {
                        "id": "a1",
                        "address_1": "2 Mill Street",
                        "city": "Kidderminster",
                        "postal_code": "DY11 6XX",
                    }
                ],
                "accessibility_for_disabilities": [{"id": "acc1", "accessibility": "Ramp"}],
            },
        }
    ],
    "service_taxonomys": [
        {"id": "st1", "taxonomy": {"id": "tx1", "name": "Parenting", "vocabulary": "esdNeeds"}}
    ],
}


def test_a_version_1_service_is_converted_and_matched_again(authority) -> None:
    summary = import_documents([VERSION_1_SERVICE], authority)
    service_id = uuid.uuid5(NAMESPACE, "service:1001")
    assert summary.added == [service_id], summary.lines()
    service = Service.objects.get(pk=service_id)
    assert service.minimum_age == 18 and service.organization.name == "Hub Trust"
    assert service.schedules.get().freq == "WEEKLY"
    location = Location.objects.get()
    assert location.addresses.get().state_province == "Kidderminster"
    (document,) = exported(authority)
    assert document["attributes"][0]["taxonomy_term"]["taxonomy"] == "esdNeeds"
    assert document["contacts"][0]["phones"][0]["number"] == "01905 000000"
    assert import_documents([VERSION_1_SERVICE], authority).unchanged == [service_id]


def test_export_command_refuses_an_unknown_authority(authority, tmp_path) -> None:
    with pytest.raises(CommandError, match="No authority 'nowhere'") as raised:
        call_command("export", "services", "--authority", "nowhere")
    assert raised.value.returncode == 2


def test_export_command_refuses_a_missing_directory(authority, tmp_path) -> None:
    with pytest.raises(CommandError, match="no such directory") as raised:
        call_command("export", "services", "-o", str(tmp_path / "missing" / "feed.json"))
    assert raised.value.returncode == 2


def test_export_command_writes_to_stdout(authority, speech) -> None:
    output = io.StringIO()
    call_command("export", "services", stdout=output)
    assert [service["id"] for service in json.loads(output.getvalue())] == [SERVICE_ID]


def test_a_service_without_a_status_is_active(authority) -> None:
    document = speech_service()
    del document["status"]
    document["service_at_locations"][0]["location"]["addresses"][0]["country"] = ""
    assert import_documents([document], authority).added
    service = Service.objects.get(pk=SERVICE_ID)
    assert service.status == "active"
    assert Location.objects.get().addresses.get().country == "GB"
