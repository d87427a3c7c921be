"""The Family Support Line by persona: family support workers and the front door log calls
on one page; managers and analysts read the log; a practitioner may not; a call about a
family is read only by those who may see the family or the line, and every read is logged."""

import datetime
import html

import pytest
from django.utils import timezone

from earlyhelp.accounts.models import AccessLog, AccessPurpose, Authority, Role
from earlyhelp.accounts.services import set_roles
from earlyhelp.frontdoor.models import RequestForSupport, RequestSource
from earlyhelp.need.models import IssueCode
from earlyhelp.support.models import CallOutcome, SupportLineCall
from earlyhelp.support.selectors import family_events, support_line_hours
from earlyhelp.support.services import log_call
from tests.conftest import demo_user
from tests.people.helpers import MALVERN_TEAM, make_family
from tests.support.helpers import call_form, last, uk

NEW = "/support-line/calls/new/"


def a_call(**overrides: object) -> SupportLineCall:
    user = demo_user("fsw")
    fields: dict[str, object] = {
        "by": user,
        "authority": user.authority,
        "district": user.authority.districts.get(name="Bromsgrove"),
        "caller_kind": "parent_carer",
        "called_at": timezone.make_aware(datetime.datetime.combine(last(2), datetime.time(10))),
        "notes": "Dad asking about help with his daughter's school refusal.",
        "advice": "Gave the school attendance team's number.",
        "outcome": CallOutcome.RESOLVED,
    }
    fields.update(overrides)
    return log_call(**fields)  # type: ignore[arg-type]


def written() -> tuple[int, int]:
    return SupportLineCall.objects.count(), RequestForSupport.objects.count()


# Logging a call -----------------------------------------------------------------------------


def test_family_support_worker_logs_a_call_in_one_page(signed_in):
    client = signed_in("fsw")
    code = IssueCode.objects.get(code="FAM-BEHAVIOUR")

    response = client.post(NEW, call_form(issue_codes=[code.pk]), follow=True)

    call = SupportLineCall.objects.get()
    assert response.redirect_chain[-1][0] == f"/support-line/calls/{call.public_id}/"
    page = response.content.decode()
    assert "Call logged." in page
    assert "angry outbursts at bedtime" in page and "calm bedtime routine" in page
    assert "FAM-BEHAVIOUR" in page
    assert call.taken_by == demo_user("fsw")
    assert call.district.name == "Bromsgrove"
    assert call.family is None and call.request is None
    assert call.out_of_hours is False  # a Wednesday at 10:15
    assert list(call.issue_codes.all()) == [code]


def test_the_form_starts_with_sensible_defaults(signed_in):
    client = signed_in("fsw")

    page = client.get(NEW).content.decode()

    # The worker's Bromsgrove team decides the district; the call is now, from a parent.
    assert (
        '<option value="{}" selected>Bromsgrove</option>'.format(
            Authority.objects.get().districts.get(name="Bromsgrove").pk
        )
        in page
    )
    assert f'value="{timezone.localdate().day}/{timezone.localdate().month}/' in page
    assert 'value="parent_carer" checked' in page
    assert "Log the call" in page


def test_a_call_can_be_logged_about_a_known_family(signed_in):
    family = make_family("Hill family")
    client = signed_in("fsw")

    form_page = client.get(f"{NEW}?family={family.public_id}").content.decode()
    assert family.reference in form_page and "Hill family" in form_page
    response = client.post(NEW, call_form(family_reference=family.reference.lower()))

    call = SupportLineCall.objects.get()
    assert response.status_code == 302
    assert call.family == family


def test_opening_a_pathway_sends_a_request_about_the_familys_child(signed_in):
    family = make_family("Hill family")
    client = signed_in("fsw")

    response = client.post(
        NEW,
        call_form(family_reference=family.reference, outcome="opened_pathway", caller_name=""),
        follow=True,
    )

    call = SupportLineCall.objects.get()
    request = call.request
    assert request.source == RequestSource.SUPPORT_LINE
    assert request.family == family
    assert (request.child_first_name, request.child_last_name) == ("Ruby", "Hill")
    assert request.child_date_of_birth == datetime.date(2015, 4, 2)
    assert request.requester_name == "Parent or carer"
    assert request.requester_role == "Parent or carer"
    assert request.consent == "not_yet"
    assert request.worries == call.notes
    assert request.submitted_by == demo_user("fsw")
    assert request.district.name == "Bromsgrove"
    page = response.content.decode()
    assert f"Request for support {request.reference} sent to the front door." in page
    assert request.reference in page


def test_opening_a_pathway_for_a_child_not_yet_known_names_the_child(signed_in):
    client = signed_in("frontdoor")

    client.post(
        NEW,
        call_form(
            outcome="opened_pathway",
            caller_kind="professional",
            caller_name="Ms Patel, Year 6 teacher",
            child_first_name="Leo",
            child_last_name="Marsh",
            child_date_of_birth="14/02/2014",
        ),
    )

    request = SupportLineCall.objects.get().request
    assert request.source == RequestSource.SUPPORT_LINE
    assert (request.child_first_name, request.child_last_name) == ("Leo", "Marsh")
    assert request.requester_name == "Ms Patel, Year 6 teacher"
    assert request.requester_role == "Professional"
    assert request.family is None


def test_a_saturday_call_is_out_of_hours(signed_in):
    client = signed_in("fsw")

    client.post(NEW, call_form(called_on=uk(last(5)), called_time="11:00"))
    client.post(NEW, call_form(called_on=uk(last(1)), called_time="4:30pm"))
    client.post(NEW, call_form(called_on=uk(last(1)), called_time="9am"))

    calls = SupportLineCall.objects.all()
    flags = {
        (timezone.localtime(c.called_at).weekday(), timezone.localtime(c.called_at).hour): (
            c.out_of_hours
        )
        for c in calls
    }
    assert flags == {(5, 11): True, (1, 16): True, (1, 9): False}
    listing = client.get("/support-line/").content.decode()
    assert listing.count("Out of hours</strong>") == 2


# Bad input ----------------------------------------------------------------------------------


TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"called_on": uk(TOMORROW)}, "The call cannot be in the future"),
        ({"called_time": "25:00"}, "Time of the call must be a real time, like 14:30"),
        ({"called_on": "yesterday"}, "Date of the call must be a real date"),
        ({"outcome": "referred", "referred_to": " "}, "Say where the caller was referred to"),
        ({"outcome": "opened_pathway"}, "Enter the child's first name"),
        (
            {"outcome": "opened_pathway", "child_first_name": "Leo", "child_last_name": "Marsh"},
            "Enter the child's date of birth",
        ),
        ({"notes": "", "advice": ""}, "Say what the caller told you"),
        ({"outcome": ""}, "Choose the outcome of the call"),
        ({"caller_kind": "robot"}, "Choose who called"),
        ({"outcome": "hung_up"}, "Choose the outcome of the call"),
        ({"family_reference": "F9999999"}, "No family you can see has that reference"),
        ({"family_reference": "Smith"}, "No family you can see has that reference"),
        ({"district": "999999"}, "Choose a district from the list"),
        ({"issue_codes": ["999999"]}, "Choose issues from the list"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(signed_in, overrides, message):
    client = signed_in("fsw")

    response = client.post(NEW, call_form(**overrides))

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page
    assert message in page
    assert written() == (0, 0)


def test_a_call_later_today_is_in_the_future(signed_in):
    client = signed_in("fsw")
    later = timezone.localtime() + datetime.timedelta(minutes=5)
    if later.date() != timezone.localdate():
        pytest.skip("too close to midnight to type a later time today")

    response = client.post(NEW, call_form(called_on=uk(later.date()), called_time=f"{later:%H:%M}"))

    assert "The call cannot be in the future" in response.content.decode()
    assert written() == (0, 0)


def test_a_family_the_worker_cannot_see_is_not_revealed(signed_in):
    hidden = make_family("Moss family", team=MALVERN_TEAM, by="practitioner2")
    client = signed_in("fsw")

    response = client.post(NEW, call_form(family_reference=hidden.reference))

    assert "No family you can see has that reference" in response.content.decode()
    assert written() == (0, 0)
    assert client.get(f"{NEW}?family={hidden.public_id}").status_code == 404
    assert client.get(f"{NEW}?family=not-a-uuid").status_code == 404


# Who may see what ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/support-line/", NEW])
def test_practitioner_gets_403_on_the_call_log(signed_in, path):
    assert signed_in("practitioner").get(path).status_code == 403


@pytest.mark.parametrize("persona", ["manager", "analyst"])
def test_managers_and_analysts_read_the_log_but_do_not_take_calls(signed_in, persona):
    a_call()
    client = signed_in(persona)

    listing = client.get("/support-line/").content.decode()

    assert "1 call" in listing and "Log a call" not in listing
    assert client.get(NEW).status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client, demo):
    call = a_call()

    for path in ["/support-line/", NEW, f"/support-line/calls/{call.public_id}/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/?next=")


def test_practitioner2_gets_404_on_a_call_about_a_family_they_cannot_see(signed_in):
    family = make_family("Hill family")
    call = a_call(family=family)

    response = signed_in("practitioner2").get(f"/support-line/calls/{call.public_id}/")

    assert response.status_code == 404


def test_practitioner_working_with_the_family_reads_a_call_about_it(signed_in):
    family = make_family("Hill family")
    call = a_call(family=family)
    unlinked = a_call()
    client = signed_in("practitioner")

    assert client.get(f"/support-line/calls/{call.public_id}/").status_code == 200
    assert client.get(f"/support-line/calls/{unlinked.public_id}/").status_code == 404


def test_reading_a_linked_call_writes_an_access_log_row_with_the_family_id(signed_in):
    family = make_family("Hill family")
    call = a_call(family=family)
    client = signed_in("manager")

    page = client.get(f"/support-line/calls/{call.public_id}/").content.decode()

    row = AccessLog.objects.get(object_type="support.supportlinecall")
    assert row.object_id == str(call.public_id)
    assert row.family_id == family.public_id
    assert row.purpose == AccessPurpose.VIEW
    assert row.user == demo_user("manager")
    assert "Hill family" in page and "school refusal" in page


def test_the_detail_does_not_name_a_family_the_reader_cannot_see(signed_in):
    hidden = make_family("Moss family", team=MALVERN_TEAM, by="practitioner2")
    user = demo_user("practitioner2")
    set_roles(user, {Role.PRACTITIONER, Role.FAMILY_SUPPORT_WORKER})
    malvern = user.authority.districts.get(name="Malvern Hills")
    call = a_call(by=user, family=hidden, district=malvern)

    page = signed_in("fsw").get(f"/support-line/calls/{call.public_id}/").content.decode()

    assert "A family you do not work with" in page
    assert "Moss family" not in page


# The list -----------------------------------------------------------------------------------


def test_the_list_shows_whether_the_line_is_open_and_its_hours(signed_in):
    client = signed_in("fsw")
    authority = Authority.objects.get()

    page = client.get("/support-line/").content.decode()

    assert "The line is open Monday to Friday, 9am to 4pm." in page
    expected = "Open now" if authority.support_line_open_at(timezone.localtime()) else "Closed now"
    assert expected in page
    assert 'href="/support-line/calls/new/"' in page


def test_the_list_filters_by_district_and_dates_newest_first(signed_in):
    authority = Authority.objects.get()
    worcester = authority.districts.get(name="Worcester")
    tuesday = timezone.make_aware(datetime.datetime.combine(last(1), datetime.time(11)))
    a_call(caller_name="Oldest caller", called_at=tuesday - datetime.timedelta(days=7))
    a_call(caller_name="Newest caller", called_at=tuesday)
    a_call(caller_name="Worcester caller", district=worcester, called_at=tuesday)
    client = signed_in("fsw")

    everything = client.get("/support-line/").content.decode()
    in_worcester = client.get(f"/support-line/?district={worcester.pk}").content.decode()
    this_week = client.get(f"/support-line/?date_from={uk(last(1))}").content.decode()

    assert "3 calls" in everything
    assert everything.index("Newest caller") < everything.index("Oldest caller")
    assert "1 call," in in_worcester and "Worcester caller" in in_worcester
    assert "2 calls" in this_week


def test_the_list_refuses_a_bad_filter_with_an_error_summary(signed_in):
    a_call()
    client = signed_in("fsw")

    response = client.get("/support-line/?date_from=31/2/2025&date_to=1/1/2020")

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "From date must be a real date" in page


def test_the_list_pages_fifty_calls_at_a_time(signed_in):
    tuesday = timezone.make_aware(datetime.datetime.combine(last(1), datetime.time(11)))
    for minute in range(51):
        a_call(called_at=tuesday - datetime.timedelta(minutes=minute))
    client = signed_in("fsw")

    first = client.get("/support-line/").content.decode()
    second = client.get("/support-line/?page=2").content.decode()

    assert "51 calls" in first and "Page 1 of 2" in first
    assert first.count("/support-line/calls/") - 1 == 50  # and the Log a call button
    assert "Page 2 of 2" in second


# Hours in words and the family timeline -----------------------------------------------------


@pytest.mark.parametrize(
    "days, opens, closes, words",
    [
        ("0,1,2,3,4", (9, 0), (16, 0), "Monday to Friday, 9am to 4pm"),
        ("0,2,4", (9, 30), (12, 0), "Monday, Wednesday and Friday, 9:30am to midday"),
        ("5,6", (10, 0), (13, 15), "Saturday and Sunday, 10am to 1:15pm"),
        ("0,1,2,3,4,5,6", (8, 0), (20, 0), "Every day, 8am to 8pm"),
        ("0,1,2,4", (9, 0), (17, 0), "Monday to Wednesday and Friday, 9am to 5pm"),
    ],
)
def test_hours_are_said_in_words(demo, days, opens, closes, words):
    authority = Authority.objects.get()
    authority.support_line_days = days
    authority.support_line_opens = datetime.time(*opens)
    authority.support_line_closes = datetime.time(*closes)

    assert support_line_hours(authority) == words


def test_family_events_show_each_call_with_its_outcome_and_first_words(demo):
    family = make_family("Hill family")
    call = a_call(
        family=family,
        outcome=CallOutcome.REFERRED,
        referred_to="Young carers service",
        notes=" ".join(f"word{n}" for n in range(30)),
    )

    events = family_events(family)

    assert len(events) == 1
    event = events[0]
    assert event.title == "Family Support Line call"
    assert event.on == last(2)
    assert event.detail.startswith("Referred elsewhere: word0 word1")
    assert "word29" not in event.detail
    assert event.href == f"/support-line/calls/{call.public_id}/"


def test_several_issues_can_be_ticked(signed_in):
    page = signed_in("fsw").get(NEW).content.decode()

    assert 'name="issue_codes" type="checkbox"' in page
