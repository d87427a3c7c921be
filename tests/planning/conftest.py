"""A small authority whose figures can be worked out by hand: two districts, three areas,
a known child population, and requests, pathways and step-ups in three whole years."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from earlyhelp.accounts.models import Authority, District, Team, User
from earlyhelp.frontdoor.models import RequestConsent, RequestForSupport, RequestSource
from earlyhelp.need.models import BandLabelSet
from earlyhelp.pathways.models import Escalation, Outcome, Pathway, PathwayStatus
from earlyhelp.people.models import Family
from earlyhelp.places.models import Area
from earlyhelp.planning.models import ChildPopulation

# Made-up LSOA codes, clear of the real ones the demo may hold.
NORTH_DEPRIVED, NORTH_LEAST_DEPRIVED, SOUTH_DEPRIVED = "E01990101", "E01990102", "E01990103"
AS_OF = datetime.date(2026, 4, 15)  # recorded years: April to March, 2023-24 to 2025-26
YEAR_STARTS = [datetime.date(2023, 4, 1), datetime.date(2024, 4, 1), datetime.date(2025, 4, 1)]
# Pathways opened each year: (north deprived, south deprived, north least deprived, no area).
PATHWAYS = [(20, 10, 10, 0), (30, 20, 10, 0), (25, 15, 8, 8)]
REQUESTS_A_YEAR = 10  # all from the north's deprived area


@dataclass
class SmallAuthority:
    authority: Authority
    families: dict[str, Family]


def _area(code: str, name: str, district: District, decile: int, south: float) -> Area:
    return Area.objects.create(
        code=code,
        name=name,
        authority=district.authority,
        district=district,
        boundary="{}",
        centroid_latitude=south + 0.005,
        centroid_longitude=-2.005,
        min_latitude=south,
        max_latitude=south + 0.01,
        min_longitude=-2.01,
        max_longitude=-2.0,
        imd_decile=decile,
    )


@pytest.fixture
def small_authority(db: None) -> SmallAuthority:
    authority = Authority.objects.create(
        name="Testshire",
        slug="testshire",
        ons_code="E10999999",
        band_label_set=BandLabelSet.objects.first(),
    )
    north = District.objects.create(authority=authority, name="North", ons_code="E07999991")
    south = District.objects.create(authority=authority, name="South", ons_code="E07999992")
    team = Team.objects.create(authority=authority, name="Testshire Early Help", district=north)
    worker = User.objects.create_user("worker@testshire.example", authority=authority)
    areas = {
        "north deprived": _area(NORTH_DEPRIVED, "North 001A", north, 1, 52.0),
        "south deprived": _area(SOUTH_DEPRIVED, "South 001A", south, 1, 52.1),
        "north least deprived": _area(NORTH_LEAST_DEPRIVED, "North 001B", north, 10, 52.2),
    }
    children = {"north deprived": 1000, "south deprived": 1000, "north least deprived": 2000}
    ChildPopulation.objects.bulk_create(
        ChildPopulation(area=areas[name], year=2025, age=age, count=count)
        for name, total in children.items()
        for age, count in enumerate([total // 18 + total % 18] + [total // 18] * 17)
    )
    families = {
        name: Family.objects.create(
            authority=authority, name=name, owning_team=team, area=areas.get(name)
        )
        for name in [*areas, "no area"]
    }
    pathways = []
    for start, counts in zip(YEAR_STARTS, PATHWAYS, strict=True):
        for name, count in zip(families, counts, strict=True):
            pathways += [
                Pathway(
                    family=families[name],
                    team=team,
                    status=PathwayStatus.CLOSED,
                    opened_on=start + datetime.timedelta(days=n),
                    opened_by=worker,
                    closed_on=start + datetime.timedelta(days=n + 30),
                    outcome=Outcome.CLOSED_POSITIVELY,
                )
                for n in range(count)
            ]
    Pathway.objects.bulk_create(pathways)
    last_year = Pathway.objects.filter(opened_on__gte=YEAR_STARTS[-1])
    Escalation.objects.bulk_create(
        Escalation(pathway=pathway, reason="Step-up", escalated_by=worker, escalated_on=AS_OF)
        for pathway in [
            *last_year.filter(family=families["north deprived"])[:2],
            *last_year.filter(family=families["no area"])[:1],
        ]
    )
    RequestForSupport.objects.bulk_create(
        RequestForSupport(
            authority=authority,
            reference=f"EH-TEST-{number:04d}",
            source=RequestSource.PARENT_CARER,
            received_at=timezone.make_aware(
                datetime.datetime.combine(start, datetime.time(10)) + datetime.timedelta(days=n)
            ),
            requester_name="A parent",
            child_first_name="Child",
            child_last_name=str(number),
            worries="Worried",
            consent=RequestConsent.GIVEN,
            family=families["north deprived"],
        )
        for number, (start, n) in enumerate(
            (start, n) for start in YEAR_STARTS for n in range(REQUESTS_A_YEAR)
        )
    )
    return SmallAuthority(authority, families)
