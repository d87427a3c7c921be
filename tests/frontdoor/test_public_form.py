"""The public request form at /get-help/: a family asks for help without signing in."""

import pytest
from django.test import Client

from earlyhelp.accounts.models import AccessLog
from earlyhelp.directory.models import Service, ServiceStatus
from earlyhelp.frontdoor.models import RequestForSupport, RequestSource, RequestStatus
from tests.frontdoor.helpers import answer, fill_in, years_ago, young_person_answers
from tests.people.helpers import make_family

pytestmark = pytest.mark.django_db


def test_young_person_of_14_sends_a_request_and_gets_a_reference(demo) -> None:
    client = Client()
    assert "Ask for help for your family" in client.get("/get-help/").content.decode()
    fill_in(client, young_person_answers(age=14))
    check = client.get("/get-help/check-your-answers/")
    page = check.content.decode()
    assert "Check your answers" in page and "Kai Marsh" in page and "B97 4AB" in page

    sent = client.post("/get-help/check-your-answers/", {"website": ""})
    assert sent.status_code == 302 and sent["Location"] == "/get-help/sent/"
    confirmation = client.get("/get-help/sent/").content.decode()
    saved = RequestForSupport.objects.get()
    assert saved.reference in confirmation and "Request sent" in confirmation
    assert saved.source == RequestSource.YOUNG_PERSON
    assert saved.status == RequestStatus.AWAITING_DECISION
    assert saved.child_first_name == "Kai" and saved.requester_email == "kai@example.com"
    assert saved.district.name == "Redditch" and saved.submitted_by is None
    assert saved.sender_key and "127.0.0.1" not in saved.sender_key


def test_parent_asks_about_their_child(demo) -> None:
    client = Client()
    fill_in(
        client,
        [
            ("who", {"who": "parent_carer"}),
            (
                "child",
                {"first_name": "Lily", "last_name": "Ford", "date_of_birth": "3/4/2019"},
            ),
            ("where", {"district": str(demo.authority.districts.first().pk)}),
            ("worries", {"worries": "Lily has tantrums every morning before nursery."}),
            ("tried", {"tried_so_far": ""}),
            ("contact", {"requester_name": "Jo Ford", "requester_phone": "07700 900982"}),
        ],
    )
    client.post("/get-help/check-your-answers/", {"website": ""})
    saved = RequestForSupport.objects.get()
    assert saved.source == RequestSource.PARENT_CARER
    assert saved.parent_name == "Jo Ford" and saved.requester_phone == "07700 900982"


def test_twelve_year_old_cannot_ask_for_themselves(demo) -> None:
    client = Client()
    answer(client, "who", {"who": "young_person"})
    response = answer(
        client,
        "you",
        {
            "first_name": "Kai",
            "last_name": "Marsh",
            "date_of_birth": years_ago(12).strftime("%d/%m/%Y"),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "You must be 13 or over" in page
    assert client.get("/get-help/check-your-answers/")["Location"] == "/get-help/you/"
    assert RequestForSupport.objects.count() == 0


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("who", {}, "Select who is asking for help"),
        ("who", {"who": "social_worker"}, "Select a valid choice"),
    ],
)
def test_missing_or_wrong_answers_get_error_messages(demo, step, data, message) -> None:
    response = answer(Client(), step, data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and message in page


def test_oversized_and_hostile_answers_are_refused_or_escaped(demo) -> None:
    client = Client()
    answers = young_person_answers()
    fill_in(client, answers[:3])
    too_long = answer(client, "worries", {"worries": "x" * 2001})
    assert "2000 characters or fewer" in too_long.content.decode()
    hostile = "<script>alert('x')</script> help please"
    answer(client, "worries", {"worries": hostile})
    fill_in(client, answers[4:])
    page = client.get("/get-help/check-your-answers/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    no_contact = answer(client, "contact", {"requester_name": "Kai"})
    assert "Enter an email address or a phone number" in no_contact.content.decode()
    assert RequestForSupport.objects.count() == 0


def test_questions_cannot_be_skipped(demo) -> None:
    client = Client()
    assert client.get("/get-help/worries/")["Location"] == "/get-help/who/"
    assert client.get("/get-help/check-your-answers/")["Location"] == "/get-help/who/"
    assert client.get("/get-help/sent/")["Location"] == "/get-help/"
    assert client.get("/get-help/nonsense/").status_code == 404


def test_honeypot_filled_in_sends_nothing(demo) -> None:
    client = Client()
    fill_in(client, young_person_answers())
    response = client.post("/get-help/check-your-answers/", {"website": "http://spam.example"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert RequestForSupport.objects.count() == 0


def test_rate_limit_per_address_holds(demo, settings) -> None:
    settings.PUBLIC_REQUESTS_PER_HOUR = 2
    for _ in range(2):
        client = Client(REMOTE_ADDR="203.0.113.7")
        fill_in(client, young_person_answers())
        assert client.post("/get-help/check-your-answers/", {"website": ""}).status_code == 302
    blocked = Client(REMOTE_ADDR="203.0.113.7")
    fill_in(blocked, young_person_answers())
    response = blocked.post("/get-help/check-your-answers/", {"website": ""})
    assert response.status_code == 429 and "too many requests" in response.content.decode()
    other = Client(REMOTE_ADDR="198.51.100.1")
    fill_in(other, young_person_answers())
    assert other.post("/get-help/check-your-answers/", {"website": ""}).status_code == 302
    assert RequestForSupport.objects.count() == 3


def test_known_family_is_linked_but_the_public_is_never_told(demo) -> None:
    family = make_family("Marsh family")
    ruby = family.members.get(person__first_name="Ruby").person
    client = Client()
    answers = young_person_answers()
    answers[0] = ("who", {"who": "parent_carer"})
    answers[1] = (
        "child",
        {
            "first_name": "Ruby",
            "last_name": "Marsh",
            "date_of_birth": ruby.date_of_birth.strftime("%d/%m/%Y"),
        },
    )
    fill_in(client, answers)
    check = client.get("/get-help/check-your-answers/").content.decode()
    client.post("/get-help/check-your-answers/", {"website": ""})
    sent = client.get("/get-help/sent/").content.decode()
    saved = RequestForSupport.objects.get()
    assert saved.family == family and saved.matched_person == ruby
    for page in (check, sent):
        assert family.reference not in page and "Dawn" not in page
    assert not AccessLog.objects.filter(family_id=family.public_id).exists()


def test_public_pages_need_no_sign_in_but_staff_pages_do(demo) -> None:
    client = Client()
    assert client.get("/get-help/").status_code == 200
    for url in ("/front-door/", "/requests/", "/requests/new/"):
        assert client.get(url)["Location"].startswith("/sign-in/")
    assert client.get("/api/requests").status_code == 401


def test_a_family_asking_from_a_service_page_says_which_service(demo_directory, signed_in) -> None:
    services = Service.objects.filter(authority=demo_directory.authority)
    service = services.filter(status=ServiceStatus.ACTIVE).order_by("name").first()
    client = Client()
    start = client.get("/get-help/", {"service": str(service.pk)}).content.decode()
    assert f"You are asking from the page of {service.name}" in start
    fill_in(client, young_person_answers())
    check = client.get("/get-help/check-your-answers/").content.decode()
    assert "Service you asked from" in check and service.name in check
    client.post("/get-help/check-your-answers/", {"website": ""})
    saved = RequestForSupport.objects.get()
    assert saved.service == service

    # The front door officer sees it with the request, linked to the service's page.
    officer = signed_in("frontdoor")
    detail = officer.get(f"/requests/{saved.public_id}/").content.decode()
    assert "Asked from the family hub page of" in detail
    assert f'href="/find-help/services/{service.pk}/"' in detail
    assert officer.get(f"/api/requests/{saved.public_id}").json()["service_id"] == str(service.pk)


@pytest.mark.parametrize("given", ["not-an-id", "7a1c9a1e-0000-4d0e-9a53-2f4f0d1e6a01", "inactive"])
def test_a_service_that_is_not_shown_is_not_carried(demo_directory, given) -> None:
    if given == "inactive":
        hidden = Service.objects.filter(authority=demo_directory.authority).first()
        hidden.status = ServiceStatus.INACTIVE
        hidden.save()
        given = str(hidden.pk)
    client = Client()
    start = client.get("/get-help/", {"service": given})
    assert start.status_code == 200 and "You are asking from" not in start.content.decode()
    fill_in(client, young_person_answers())
    assert (
        "Service you asked from" not in client.get("/get-help/check-your-answers/").content.decode()
    )
    client.post("/get-help/check-your-answers/", {"website": ""})
    assert RequestForSupport.objects.get().service is None
