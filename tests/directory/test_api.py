"""The Open Referral UK API at /api/openreferral/: public, valid against the official
schemas, and 400 with a JSON body for any bad query parameter."""

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earlyhelp.directory.importing import import_documents, import_services
from earlyhelp.places.models import Postcode
from tests.directory.conftest import (
    HUB_LOCATION_ID,
    SERVICE_ID,
    TAXONOMY_ID,
    TERM_ID,
    assert_valid,
    official_file,
    official_json,
    page_schema,
    speech_service,
)

BASE = "/api/openreferral"


def get(path: str, **params: Any) -> Any:
    response = Client().get(f"{BASE}{path}", params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def term_schema() -> dict[str, Any]:
    service = official_json("compiled_service.json")
    return service["properties"]["attributes"]["items"]["properties"]["taxonomy_term"]


@pytest.fixture
def directory(authority, speech) -> None:
    """Our speech service, the official example, and youth work for teenagers."""
    import_services(official_file("examples_service_full.json"), authority)
    youth = speech_service(
        id=str(uuid.uuid4()),
        name="Youth club",
        description="Evening youth work",
        minimum_age=11,
        maximum_age=19,
        attributes=[],
    )
    for key in ("schedules", "cost_options", "contacts", "languages", "service_areas"):
        youth[key] = []
    youth["service_at_locations"] = [
        {"id": str(uuid.uuid4()), "location_id": HUB_LOCATION_ID},
    ]
    youth.pop("organization")
    summary = import_documents([youth], authority)
    assert not summary.rejected, summary.lines()


def test_about_names_the_version_and_profile(db) -> None:
    about = get("/")
    assert about["version"] == "3.0"
    assert about["profile"].startswith("https://")
    assert about["openapi_url"] == "http://testserver/api/openreferral/openapi.json"
    assert Client().get("/api/openreferral/openapi.json").status_code == 200


def test_services_page_validates_against_the_schema(directory) -> None:
    page = get("/services", per_page=2)
    assert_valid(page, page_schema(official_json("compiled_service_list.json")))
    assert {key: page[key] for key in ("total_items", "total_pages", "size")} == {
        "total_items": 3,
        "total_pages": 2,
        "size": 2,
    }
    assert page["first_page"] and not page["last_page"] and not page["empty"]
    assert [service["name"] for service in page["contents"]] == [
        "Chatterbox speech and language drop-in",
        "Community Counselling",
    ]
    last = get("/services", per_page=2, page=2)
    assert last["last_page"] and not last["first_page"] and last["size"] == 1
    beyond = get("/services", per_page=2, page=10**30)
    assert beyond["empty"] and beyond["contents"] == [] and beyond["total_items"] == 3


def test_every_service_validates_fully_nested(directory) -> None:
    schema = official_json("compiled_service.json")
    for summary in get("/services")["contents"]:
        service = get(f"/services/{summary['id']}")
        assert_valid(service, schema)
    assert get(f"/services/{SERVICE_ID}")["schedules"][0]["byday"] == "TU"


def test_service_at_locations_validate_against_the_schemas(directory) -> None:
    page = get("/service_at_locations")
    assert_valid(page, page_schema(official_json("compiled_service_at_location_list.json")))
    assert page["total_items"] == 3
    full_schema = official_json("compiled_service_at_location.json")
    for item in page["contents"]:
        assert_valid(get(f"/service_at_locations/{item['id']}"), full_schema)


def test_taxonomy_terms_and_taxonomies(directory) -> None:
    page = get("/taxonomy_terms")
    assert_valid(page, page_schema(term_schema()))
    assert {term["id"] for term in page["contents"]} >= {TERM_ID}
    assert_valid(get(f"/taxonomy_terms/{TERM_ID}"), term_schema())
    assert get("/taxonomy_terms", taxonomy_id=TAXONOMY_ID)["total_items"] == 1
    taxonomies = get("/taxonomies")
    assert [taxonomy["name"] for taxonomy in taxonomies["contents"]] == ["Family needs"]
    assert get(f"/taxonomies/{TAXONOMY_ID}")["description"]


def names(path: str, **params: Any) -> list[str]:
    return [item.get("name") or item["service"]["name"] for item in get(path, **params)["contents"]]


def test_services_are_found_by_words_term_and_age(directory) -> None:
    assert names("/services", search="speech DROP-IN") == ["Chatterbox speech and language drop-in"]
    assert names("/services", search="Example Organization") == ["Community Counselling"]
    assert names("/services", taxonomy_term_id=TERM_ID) == [
        "Chatterbox speech and language drop-in"
    ]
    assert names("/services", taxonomy_id=TAXONOMY_ID) == ["Chatterbox speech and language drop-in"]
    # As the specification words them: minimum age at least, maximum age at most.
    assert names("/services", minimum_age=11) == ["Community Counselling", "Youth club"]
    assert names("/services", maximum_age=19) == [
        "Chatterbox speech and language drop-in",
        "Youth club",
    ]
    assert names("/services", minimum_age=11, maximum_age=19) == ["Youth club"]


def test_service_at_locations_are_found_by_postcode_district(directory) -> None:
    assert names("/service_at_locations", postcode="b97 5zz") == [
        "Chatterbox speech and language drop-in",
        "Youth club",
    ]
    assert names("/service_at_locations", postcode="B97", search="youth") == ["Youth club"]
    assert names("/service_at_locations", postcode="WR1 1AA") == []


def test_service_at_locations_near_a_held_postcode_come_nearest_first(directory) -> None:
    Postcode.objects.create(postcode="B97 4AB", latitude=52.3067, longitude=-1.9403)
    Postcode.objects.create(postcode="B97 9ZZ", latitude=52.3157, longitude=-1.9403)  # 1 km
    Postcode.objects.create(postcode="WR14 1AA", latitude=52.11, longitude=-2.33)

    page = get("/service_at_locations", postcode="B97 9ZZ", proximity="1500")
    assert_valid(page, page_schema(official_json("compiled_service_at_location_list.json")))
    assert names("/service_at_locations", postcode="b979zz", proximity="1500") == [
        "Chatterbox speech and language drop-in",
        "Youth club",
    ]
    assert names("/service_at_locations", postcode="B97 9ZZ", proximity="500") == []
    assert names("/service_at_locations", postcode="WR14 1AA", proximity="20000") == []
    # Without proximity, a held postcode still means its postcode district, nearest first.
    assert names("/service_at_locations", postcode="B97 4AB", search="youth") == ["Youth club"]


def test_each_council_directory_can_be_asked_for_alone(directory, authority) -> None:
    assert get("/services", authority=authority.slug)["total_items"] == 3


def test_unknown_and_malformed_ids_are_not_found(db) -> None:
    for path in ("services", "service_at_locations", "taxonomies", "taxonomy_terms"):
        for record_id in (str(uuid.uuid4()), "nonsense"):
            response = Client().get(f"{BASE}/{path}/{record_id}")
            assert response.status_code == 404
            assert response.json() == {"detail": "Not found"}


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/services", {"page": "0"}, "page"),
        ("/services", {"page": "-1"}, "page"),
        ("/services", {"page": "two"}, "page"),
        ("/services", {"per_page": "9999"}, "per_page"),
        ("/services", {"per_page": "0"}, "per_page"),
        ("/services", {"minimum_age": "abc"}, "minimum_age"),
        ("/services", {"minimum_age": "nan"}, "minimum_age"),
        ("/services", {"maximum_age": "inf"}, "maximum_age"),
        ("/services", {"maximum_age": "-3"}, "maximum_age"),
        ("/services", {"taxonomy_term_id": "speech"}, "taxonomy_term_id"),
        ("/services", {"search": "a\x00b"}, "search"),
        ("/services", {"authority": "atlantis"}, "authority"),
        ("/service_at_locations", {"postcode": "NOT A POSTCODE"}, "postcode"),
        ("/service_at_locations", {"postcode": "B97 5ZZ", "proximity": "1000"}, "proximity"),
        ("/service_at_locations", {"proximity": "1000"}, "proximity"),
        ("/service_at_locations", {"postcode": "B97 5ZZ", "proximity": "-5"}, "proximity"),
        ("/service_at_locations", {"postcode": "B97 5ZZ", "proximity": "near"}, "proximity"),
        ("/service_at_locations", {"postcode": "B97 5ZZ", "proximity": "1e9"}, "proximity"),
        ("/service_at_locations", {"postcode": "B97 5ZZ", "proximity": "nan"}, "proximity"),
        ("/taxonomy_terms", {"per_page": "201"}, "per_page"),
        ("/taxonomies", {"page": "1.5"}, "page"),
    ],
)
def test_bad_query_parameters_get_400_naming_them(db, path, params, parameter) -> None:
    response = Client().get(f"{BASE}{path}", params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The request's parameters are not valid"
    assert [error["parameter"] for error in body["errors"]] == [parameter]


PARAMETERS = [
    "search",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "minimum_age",
    "maximum_age",
    "postcode",
    "proximity",
    "authority",
]
VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats().map(str),
    st.uuids().map(str),
    st.sampled_from(["", "0", "200", "201", "B97 5ZZ", "1e400", "-0", "NaN", "%00"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(["/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"]),
    params=st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=4),
)
@pytest.mark.django_db
def test_any_query_gets_a_page_or_a_400_never_a_500(path, params) -> None:
    response = Client(raise_request_exception=False).get(f"{BASE}{path}", params)
    assert response.status_code in (200, 400), (params, response.content[:300])
    body = response.json()
    assert ("contents" in body) if response.status_code == 200 else ("errors" in body)


def test_the_api_needs_no_sign_in_and_ignores_one(signed_in, speech) -> None:
    client = signed_in("practitioner")
    assert client.get(f"{BASE}/services").json()["total_items"] == 1
    assert Client().get(f"{BASE}/services").json()["total_items"] == 1


def test_service_at_locations_by_proximity_are_paged_in_the_database(directory) -> None:
    Postcode.objects.create(postcode="B97 9ZZ", latitude=52.3157, longitude=-1.9403)

    with CaptureQueriesContext(connection) as queries:
        second = get(
            "/service_at_locations", postcode="B97 9ZZ", proximity="1500", per_page=1, page=2
        )

    assert (second["total_items"], second["total_pages"], second["size"]) == (2, 2, 1)
    assert [item["service"]["name"] for item in second["contents"]] == ["Youth club"]
    assert any("LIMIT 1 OFFSET 1" in query["sql"] for query in queries.captured_queries)
    district = get("/service_at_locations", postcode="B97 9ZZ", per_page=1, page=2)
    assert (
        district["total_items"] == 2 and district["contents"][0]["service"]["name"] == "Youth club"
    )
