"""Every form refuses bad input with a GOV.UK error summary and writes nothing."""

import datetime

import pytest
from django.test import Client

from earlyhelp.accounts.models import AccessLog
from earlyhelp.pathways.models import (
    Escalation,
    Pathway,
    PlanAction,
    Reopening,
    Review,
    TafMember,
    TargetedSupport,
)
from earlyhelp.people.models import Consent, Family
from tests.conftest import sign_in
from tests.people.helpers import family_with_pathway

TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
TODAY = datetime.date.today().strftime("%d/%m/%Y")


def counts() -> dict[str, int]:
    models = [
        Family,
        Consent,
        Pathway,
        PlanAction,
        Review,
        TafMember,
        TargetedSupport,
        Escalation,
        Reopening,
    ]
    return {model.__name__: model.objects.count() for model in models}


CASES = [
    ("/families/new/", {"name": "", "owning_team": "999999"}, ["Enter a name for the household"]),
    ("{family}consent/withdraw/", {"reason": ""}, ["Say why consent was withdrawn"]),
    (
        "{pathway}plan/new/",
        {"description": "", "due_on": "soon"},
        ["Say what will be done", "By when must be a real date"],
    ),
    (
        "{pathway}plan/new/",
        {"description": "Weekly visits", "due_on": TODAY},
        ["Choose at least one issue from the triage"],
    ),
    ("{pathway}reviews/new/", {"held_on": TOMORROW}, ["The review date must be between"]),
    (
        "{pathway}reviews/new/",
        {"held_on": TODAY, "next_review_on": TODAY},
        ["The next review must be after this one"],
    ),
    (
        "{pathway}close/",
        {"version": "1", "outcome": "closed_positively", "closed_on": TODAY, "summary": ""},
        ["Write a closing summary"],
    ),
    (
        "{pathway}close/",
        {"version": "1", "outcome": "escalated", "closed_on": TODAY, "summary": "x"},
        ["Select a valid choice"],
    ),
    (
        "{pathway}escalate/",
        {"version": "1", "reason": "too short"},
        ["Explain why the family needs children"],
    ),
    (
        "{pathway}team/add/",
        {"email": "nobody@example.org"},
        ["There is no member of staff with this email address"],
    ),
    (
        "{pathway}lead-professional/",
        {"email": "not-an-email"},
        ["Enter an email address in the correct format"],
    ),
    (
        "{pathway}targeted-support/new/",
        {"officer": "fsw@demo.earlyhelp.test", "started_on": TODAY},
        ["is not a Targeted Support Officer"],
    ),
]


@pytest.mark.parametrize(("path", "data", "messages"), CASES)
def test_bad_input_gets_an_error_summary_and_writes_nothing(demo, path, data, messages):
    family, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")
    url = path.format(
        family=f"/families/{family.public_id}/", pathway=f"/pathways/{pathway.public_id}/"
    )
    before = counts()

    response = client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200, (url, response.status_code)
    assert "govuk-error-summary" in html
    for message in messages:
        assert message in html, (url, message)
    assert counts() == before
    assert "Error: " in html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_hostile_text_is_shown_as_text_not_markup(demo):
    family, pathway = family_with_pathway()
    client = sign_in(Client(), "fsw")
    client.post(f"/pathways/{pathway.public_id}/triages/assessment/start/")
    triage = pathway.triages.get()

    client.post(
        f"/triages/{triage.public_id}/",
        {"band": "yellow", "narrative": "<script>alert('x')</script> mum said <b>no</b>"},
    )

    html = client.get(f"/triages/{triage.public_id}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert AccessLog.objects.filter(family_id=family.public_id).exists()
