"""The public pages: find help without an account, each service's page, the way on to the
request form, and an error summary (never a 500) for any query."""

import datetime
import json
import re
import uuid

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earlyhelp.directory.models import (
    Accessibility,
    Contact,
    Language,
    Phone,
    Schedule,
    ServiceStatus,
)
from earlyhelp.places.selectors import locate
from tests.directory.test_search import make_service

SEARCH = "/find-help/"


def test_the_search_page_needs_no_sign_in_and_is_linked_from_the_start_page(demo) -> None:
    page = Client().get(SEARCH)
    assert page.status_code == 200
    text = page.content.decode()
    assert "What do you need help with?" in text
    assert 'value="talking"' in text and "Speech, language and talking" in text
    assert 'list="place-suggestions"' in text and '<option value="Redditch">' in text
    assert "results-map" not in text  # nothing searched yet
    assert SEARCH in Client().get("/").content.decode()


def test_a_parent_finds_speech_help_for_a_three_year_old_near_a_town_and_can_ask_for_help(
    demo_directory,
) -> None:
    client = Client()
    page = client.get(SEARCH, {"need": "talking", "age": "3", "where": "Kidderminster"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Talk Time Tots" in text
    assert "miles away" in text
    points = json.loads(re.search(r'id="results-map"[^>]*>(.*?)</script>', text, re.S)[1])["points"]
    assert points[0]["kind"] == "search" and len(points) > 1
    assert "Crown copyright" in text  # the IMD and boundaries attribution under the map

    link = re.search(r'href="(/find-help/services/[0-9a-f-]+/\?[^"]*)"', text)[1]
    service = client.get(link.replace("&amp;", "&"))
    assert service.status_code == 200
    assert "Back to your search" in service.content.decode()
    ask = re.search(r'href="(/get-help/\?service=[0-9a-f-]+)"', service.content.decode())[1]
    start = client.get(ask)
    assert start.status_code == 200
    assert "You are asking from the page of Talk Time Tots" in start.content.decode()


def test_the_service_page_shows_what_who_when_where_cost_contact_and_access(demo) -> None:
    redditch = locate(demo.authority, "Redditch")
    service = make_service(
        demo.authority, "Chatterbox drop-in", redditch, km_north=1.6, hub=True, cost="0"
    )
    service.email, service.url = "chatterbox@example.org", "https://example.org/chatterbox"
    service.last_checked_on = datetime.date(2026, 9, 1)
    service.save()
    Schedule.objects.create(
        service=service,
        freq="WEEKLY",
        byday="TU",
        opens_at=datetime.time(9, 30),
        closes_at=datetime.time(11, 30),
        description="Term time only",
    )
    contact = Contact.objects.create(service=service, name="Hub reception")
    Phone.objects.create(contact=contact, number="01527 000000")
    Language.objects.create(service=service, name="Polish", code="pl")
    location = service.service_at_locations.get().location
    Accessibility.objects.create(location=location, description="Step-free entrance")

    page = Client().get(f"{SEARCH}services/{service.pk}/", {"where": "Redditch"})
    assert page.status_code == 200
    text = page.content.decode()
    for expected in (
        "Chatterbox drop-in: help for families.",
        "Up to 4 years old",
        "Speech, language and talking",
        "Every Tuesday, 9:30am to 11:30am",
        "Term time only",
        "1 High Street",
        "B97 4AA",
        "1.0 miles from Redditch",
        "Free",
        "01527 000000",
        "mailto:chatterbox@example.org",
        "https://example.org/chatterbox",
        "Step-free entrance",
        "Polish",
        "last checked on 1 September 2026",
        'href="/get-help/?service=',
    ):
        assert expected in text, expected


def test_services_not_active_and_unknown_ids_are_not_found(demo) -> None:
    retired = make_service(demo.authority, "Old group", status=ServiceStatus.DEFUNCT)
    assert Client().get(f"{SEARCH}services/{retired.pk}/").status_code == 404
    assert Client().get(f"{SEARCH}services/{uuid.uuid4()}/").status_code == 404
    assert "Old group" not in Client().get(SEARCH, {"age": "2"}).content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"where": "Atlantis"}, "We could not find"),
        ({"where": "91,500"}, "A map point needs a latitude"),
        ({"where": "x" * 500}, "100 characters or fewer"),
        ({"age": "99"}, "Enter an age of 25 or under"),
        ({"age": "three"}, "Enter the age as a whole number"),
        ({"distance": "7"}, "Choose a distance from the list"),
        ({"need": "unicorns"}, "Choose what you need help with from the list"),
        ({"only": "cheap"}, "Choose free services or open now from the list"),
        ({"where": "Red\x00ditch"}, "Null characters are not allowed"),
    ],
)
def test_bad_input_gets_an_error_summary_not_results(demo, query, message) -> None:
    page = Client().get(SEARCH, query)
    assert page.status_code == 400
    text = page.content.decode()
    assert "govuk-error-summary" in text and message in text
    assert "services found" not in text


QUERY_PARAMETERS = ["need", "age", "where", "distance", "only", "page"]
VALUES = st.one_of(
    st.text(max_size=120),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(str),
    st.sampled_from(["", "talking", "free", "open", "5", "52.3,-1.9", "Redditch", "B97 4AA"]),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(params=st.dictionaries(st.sampled_from(QUERY_PARAMETERS), VALUES, max_size=4))
def test_any_query_gets_a_page_or_an_error_summary_never_a_500(demo, params) -> None:
    page = Client(raise_request_exception=False).get(SEARCH, params)
    assert page.status_code in (200, 400), params
    if page.status_code == 400:
        assert "govuk-error-summary" in page.content.decode()
