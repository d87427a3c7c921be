"""The demo's child population: made-up mid-year estimates for every area, shaped like the
real ones (about 1,500 people an LSOA, about a fifth of them under 18) and, as the 2015
needs assessment found, with more children, and more young ones, in more deprived areas."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import Authority
from earlyhelp.places.models import Area
from earlyhelp.planning.models import OLDEST_CHILD_AGE, ChildPopulation

PEOPLE_PER_AREA = 1500
PEOPLE_SPREAD = 200  # standard deviation between areas
FEWEST_PEOPLE = 1000
# The share of an area's people aged 0 to 17, by IMD decile: 24% in the most deprived tenth
# down to 17% in the least; an area with no decile gets the middle.
CHILD_SHARE_MOST_DEPRIVED = 0.24
CHILD_SHARE_LEAST_DEPRIVED = 0.17
MIDDLE_DECILE = 5.5
# How much more likely a child is to be a given age for each year younger, most deprived
# tenth (a higher birth rate) to least (none).
YOUNGER_TILT_MOST_DEPRIVED = 0.02


def seed_population(
    authority: Authority, seed: int, today: datetime.date | None = None
) -> dict[str, int]:
    """Children aged 0 to 17 in each of the authority's areas at last year's mid-year, the
    same for the same seed; replaces that year's figures. Returns the areas given a
    population and the children made."""
    year = (today or timezone.localdate()).year - 1
    generator = random.Random(f"{authority.slug}:{seed}:population")  # noqa: S311 - not security  # nosec B311
    rows = []
    areas = list(
        Area.objects.filter(authority=authority).order_by("code").values_list("pk", "imd_decile")
    )
    for area_id, decile in areas:
        deprivation = (10 - (decile or MIDDLE_DECILE)) / 9  # 1 most deprived, 0 least
        people = max(FEWEST_PEOPLE, round(generator.gauss(PEOPLE_PER_AREA, PEOPLE_SPREAD)))
        share = CHILD_SHARE_LEAST_DEPRIVED + deprivation * (
            CHILD_SHARE_MOST_DEPRIVED - CHILD_SHARE_LEAST_DEPRIVED
        )
        children = round(people * share * generator.uniform(0.92, 1.08))
        tilt = YOUNGER_TILT_MOST_DEPRIVED * deprivation
        weights = [
            (1 + tilt * (OLDEST_CHILD_AGE - age)) * generator.uniform(0.85, 1.15)
            for age in range(OLDEST_CHILD_AGE + 1)
        ]
        counts = _shares(children, weights)
        rows += [
            ChildPopulation(area_id=area_id, year=year, age=age, count=count)
            for age, count in enumerate(counts)
        ]
    with transaction.atomic():
        ChildPopulation.objects.filter(area__authority=authority, year=year).delete()
        ChildPopulation.objects.bulk_create(rows, batch_size=2000)
    return {"areas_with_population": len(areas), "children": sum(row.count for row in rows)}


def _shares(total: int, weights: list[float]) -> list[int]:
    """Whole numbers in proportion to the weights that add up to the total exactly."""
    exact = [total * weight / sum(weights) for weight in weights]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts
