"""The public request form at /get-help/ with hostile answers: every step answers with the
next step or the same page with a GOV.UK error summary (never a 500), and a request is
written whole or not at all. (The directory search has its own Hypothesis test in
tests/directory.)"""

import os

from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from earlyhelp.accounts.models import District
from earlyhelp.frontdoor.models import RequestForSupport
from tests.frontdoor.helpers import years_ago
from tests.fuzz.hostile import hostile_text

EXAMPLES = int(os.environ.get("FUZZ_FORM_EXAMPLES", "30"))
ERROR_SUMMARY = 'class="govuk-error-summary"'
fuzzed = hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def good_answers(district: District, young: bool) -> list[tuple[str, dict[str, str]]]:
    return [
        ("who", {"who": "young_person" if young else "parent_carer"}),
        (
            "you" if young else "child",
            {
                "first_name": "Kai",
                "last_name": "Marsh",
                "date_of_birth": years_ago(14 if young else 6, days=30).strftime("%d/%m/%Y"),
            },
        ),
        ("where", {"district": str(district.pk), "postcode": "b97 4ab"}),
        ("worries", {"worries": "Arguments at home and no sleep before exams."}),
        ("tried", {"tried_so_far": "Talked to a teacher."}),
        ("contact", {"requester_name": "Sam Marsh", "requester_phone": "01632 960 001"}),
    ]


dates = st.one_of(
    hostile_text,
    st.dates().map(lambda day: f"{day.day}/{day.month}/{day.year}"),
    st.dates().map(lambda day: f"{day.year:04d}-{day.month:02d}-{day.day:02d}"),
)


@st.composite
def hostile_answers(draw: st.DrawFn, good: dict[str, str]) -> dict[str, str | list[str]]:
    """The good answers with some replaced by hostile text, dropped or repeated, and maybe
    a field the form does not have."""
    answers: dict[str, str | list[str]] = dict(good)
    for name in good:
        choice = draw(st.sampled_from(["keep", "hostile", "hostile", "drop", "repeat"]))
        if choice == "hostile":
            answers[name] = draw(dates if name == "date_of_birth" else hostile_text)
        elif choice == "drop":
            del answers[name]
        elif choice == "repeat":
            answers[name] = [draw(hostile_text), good[name]]
    if draw(st.booleans()):
        answers[draw(hostile_text) or "extra"] = draw(hostile_text)
    return answers


@st.composite
def walks(draw: st.DrawFn, district: District) -> tuple[list, str]:
    young = draw(st.booleans())
    steps = [
        (step, good, draw(hostile_answers(good))) for step, good in good_answers(district, young)
    ]
    website = draw(st.one_of(st.just(""), hostile_text))
    return steps, website


def assert_answered(response, step: str) -> bool:  # type: ignore[no-untyped-def]
    """True when the answer was taken (a redirect onwards), False when the page came back
    with its errors summarised."""
    if response.status_code == 302:
        return True
    assert response.status_code in (200, 400), (step, response.status_code)
    page = response.content.decode()
    assert ERROR_SUMMARY in page, (step, page[:2000])
    return False


def test_hostile_answers_get_an_error_summary_or_the_next_step(demo, settings) -> None:
    settings.PUBLIC_REQUESTS_PER_HOUR = 10_000
    district = District.objects.get(name="Redditch")

    @fuzzed
    @given(walk=walks(district))
    def walk_through(walk: tuple[list, str]) -> None:
        steps, website = walk
        client = Client()
        assert client.get("/get-help/").status_code == 200
        for step, good, hostile in steps:
            if not assert_answered(client.post(f"/get-help/{step}/", hostile), step):
                assert assert_answered(client.post(f"/get-help/{step}/", good), step)
        check = client.get("/get-help/check-your-answers/")
        assert check.status_code == 200, check.get("Location")
        before = RequestForSupport.objects.count()

        sent = assert_answered(
            client.post("/get-help/check-your-answers/", {"website": website}), "check"
        )

        assert RequestForSupport.objects.count() == before + (1 if sent else 0)
        if sent:
            assert client.get("/get-help/sent/").status_code == 200

    walk_through()
