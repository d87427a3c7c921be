"""The report definitions count what a committee would count by hand."""

import datetime

import pytest

from earlyhelp.accounts.models import Authority, District
from earlyhelp.pathways.models import Outcome
from earlyhelp.reports.definitions import (
    Difference,
    Period,
    Scope,
    Share,
    pathway_outcomes,
    table1,
)
from tests.people.helpers import MALVERN_TEAM
from tests.reports.helpers import close, completed_triage, old_pathway

D = datetime.date
HALF_YEAR = Period(D(2020, 4, 1), D(2020, 9, 30))


@pytest.fixture
def worcestershire(demo) -> Authority:  # type: ignore[no-untyped-def]
    return Authority.objects.get(slug="worcestershire")


@pytest.mark.parametrize(
    ("before", "after", "summary", "change"),
    [
        (Share(74, 132), Share(53, 81), "17% increase", 16.7),
        (Share(76, 132), Share(47, 81), "no change", 0.8),
        (Share(113, 132), Share(20, 81), "71% decrease", -71.2),
        (Share(95, 132), Share(18, 81), "69% decrease", -69.1),
        (Share(0, 10), Share(0, 8), "no change", 0.0),
        (Share(0, 10), Share(3, 8), "none before", None),
        (Share(0, 0), Share(3, 8), "no triages to compare", None),
    ],
)
def test_differences_are_worded_as_the_council_words_them(before, after, summary, change):
    difference = Difference.between(before, after)
    assert (difference.summary, difference.relative_change_percent) == (summary, change)


def test_the_no_change_threshold_is_a_setting(settings):
    settings.REPORT_NO_CHANGE_PERCENT = 0
    assert Difference.between(Share(76, 132), Share(47, 81)).summary == "1% increase"


def test_the_previous_period_has_the_same_length():
    assert HALF_YEAR.previous() == Period(D(2019, 10, 1), D(2020, 3, 31))
    assert HALF_YEAR.previous().days == HALF_YEAR.days == 183


@pytest.mark.django_db
def test_table1_counts_triages_with_an_issue_in_each_band(worcestershire):
    first = old_pathway("Ash family", D(2020, 3, 1))
    completed_triage(first, "assessment", D(2020, 4, 10), ["yellow", "yellow", "orange"])
    completed_triage(first, "review", D(2020, 6, 10), ["yellow"])  # reviews are not counted
    completed_triage(first, "closure", D(2020, 9, 1), ["blue", "green"])
    second = old_pathway("Birch family", D(2020, 4, 1))
    completed_triage(second, "assessment", D(2020, 5, 2), ["blue", "yellow"])
    completed_triage(second, "closure", D(2020, 10, 1), ["blue"])  # after the period
    earlier = old_pathway("Cedar family", D(2019, 11, 1))
    completed_triage(earlier, "assessment", D(2019, 12, 1), ["red"])

    report = table1(Scope(worcestershire), HALF_YEAR)

    assessment, closure = report.stages["assessment"], report.stages["closure"]
    assert assessment.triages == 2 and closure.triages == 1
    assert {band: share.count for band, share in assessment.bands.items()} == {
        "blue": 1,
        "green": 0,
        "yellow": 2,
        "orange": 1,
        "red": 0,
    }
    assert assessment.bands["yellow"].percent == 100.0 and assessment.bands["blue"].percent == 50.0
    assert closure.bands["green"].count == 1
    assert report.difference["yellow"].summary == "100% decrease"
    assert report.previous.stages["assessment"].bands["red"].count == 1


@pytest.mark.django_db
def test_table1_for_one_district_leaves_the_others_out(worcestershire):
    completed_triage(old_pathway("Ash family", D(2020, 3, 1)), "assessment", D(2020, 5, 1), ["red"])
    malvern = old_pathway("Oak family", D(2020, 3, 1), team=MALVERN_TEAM)
    completed_triage(malvern, "assessment", D(2020, 5, 1), ["blue"])

    district = District.objects.get(name="Malvern Hills")
    report = table1(Scope(worcestershire, (district.pk,)), HALF_YEAR)

    assert report.stages["assessment"].triages == 1
    assert report.stages["assessment"].bands["blue"].count == 1


@pytest.mark.django_db
def test_pathway_outcomes_are_shares_of_closures_in_the_period(worcestershire):
    for number, outcome in enumerate(
        [
            Outcome.CLOSED_POSITIVELY,
            Outcome.CLOSED_POSITIVELY,
            Outcome.DISENGAGED,
            Outcome.ESCALATED,
        ]
    ):
        close(old_pathway(f"Family {number}", D(2020, 1, 1)), D(2020, 6, 1), outcome)
    close(old_pathway("Later family", D(2020, 1, 1)), D(2020, 12, 1), Outcome.DECLINED)

    report = pathway_outcomes(Scope(worcestershire), HALF_YEAR)

    assert report.total == 4
    assert report.counts["Closed positively"].percent == 50.0
    assert report.rate("Family disengaged") == 25.0
    assert report.counts["Family declined Early Help"].count == 0
