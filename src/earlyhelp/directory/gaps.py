"""Gap analysis for commissioners: the deprived areas (IMD deciles 1 to 3) with no family
hub or children's centre within a chosen distance of their centre, and how many children
with an open Early Help pathway live in each.

An area's centroid stands for where its families live. A family hub always counts as
provision; a children's centre counts while it hosts at least one active service (a
closed centre's building is still in the directory, but no help is on offer there).
Distances are straight lines (haversine): a few hundred areas against a few hundred
places is quick in Python.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from earlyhelp.accounts.models import Authority, District
from earlyhelp.directory.models import Location, LocationKind, ServiceStatus
from earlyhelp.directory.search import KM_PER_MILE, MapPoint
from earlyhelp.pathways.models import PathwayStatus
from earlyhelp.people.models import FamilyMember
from earlyhelp.places.geometry import haversine_km
from earlyhelp.places.models import Area
from earlyhelp.places.selectors import DEPRIVED_DECILES, deprived_areas
from earlyhelp.reports.exports import Table

DISTANCE_CHOICES_MILES = (1, 2, 3, 5)
DEFAULT_DISTANCE_MILES = 2
ADULT_AGE = 18


@dataclass(frozen=True)
class Provision:
    """A family hub or children's centre with a point on the map."""

    name: str
    kind: str  # what it is, in words: "Family hub" or "Children's centre"
    latitude: float
    longitude: float
    in_deprived_area: bool


@dataclass(frozen=True)
class Gap:
    area: Area
    nearest: Provision | None
    nearest_km: float | None
    children: int

    @property
    def nearest_miles(self) -> float | None:
        return None if self.nearest_km is None else self.nearest_km / KM_PER_MILE


@dataclass(frozen=True)
class GapAnalysis:
    authority: Authority
    distance_miles: float
    district: District | None
    deprived: list[Area]  # every deprived area looked at, most deprived first
    gaps: list[Gap]  # those with no provision within the distance, most deprived first
    provision: list[Provision]

    @property
    def children(self) -> int:
        return sum(gap.children for gap in self.gaps)


def provision_of(authority: Authority) -> list[Provision]:
    """The authority's family hubs, and its children's centres that host an active
    service, that have a point."""
    active_centre = Q(
        kind=LocationKind.CHILDRENS_CENTRE,
        service_at_locations__service__status=ServiceStatus.ACTIVE,
    )
    hub = Q(is_family_hub=True) | Q(kind=LocationKind.HUB)
    rows = (
        Location.objects.filter(
            hub | active_centre,
            authority=authority,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .values_list(
            "pk", "name", "is_family_hub", "kind", "latitude", "longitude", "deprivation_decile"
        )
        .distinct()
        .order_by("name", "pk")
    )
    return [
        Provision(
            name=name or "Unnamed place",
            kind=(
                LocationKind.HUB.label
                if is_hub or kind == LocationKind.HUB
                else LocationKind.CHILDRENS_CENTRE.label
            ),
            latitude=latitude,
            longitude=longitude,
            in_deprived_area=decile is not None and decile <= max(DEPRIVED_DECILES),
        )
        for _, name, is_hub, kind, latitude, longitude, decile in rows
    ]


def nearest_provision(
    area: Area, provision: list[Provision]
) -> tuple[Provision | None, float | None]:
    """The place nearest the area's centroid and its distance in kilometres."""
    best, best_km = None, None
    for place in provision:
        km = haversine_km(
            area.centroid_latitude, area.centroid_longitude, place.latitude, place.longitude
        )
        if best_km is None or km < best_km:
            best, best_km = place, km
    return best, best_km


def children_in_open_pathways(
    authority: Authority, area_ids: list[int], today: datetime.date
) -> dict[int, int]:
    """Children (under 18 today) who are current members of one of the authority's families
    with an open pathway, counted by the family's area, in one grouped query."""
    if not area_ids:
        return {}
    eighteenth_birthday_cutoff = _years_before(today, ADULT_AGE)
    # Written so that the database starts from the families of the areas (a few hundred
    # rows), not from every person. A merged duplicate has no current membership left.
    rows = (
        FamilyMember.objects.filter(
            left_on__isnull=True,
            family__authority=authority,
            family__area_id__in=area_ids,
            family__pathways__status=PathwayStatus.OPEN,
            person__date_of_birth__gt=eighteenth_birthday_cutoff,
        )
        .values("family__area_id")
        .annotate(children=Count("person", distinct=True))
        .order_by()
    )
    return {row["family__area_id"]: row["children"] for row in rows}


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year - years, day=28)


def find_gaps(
    authority: Authority,
    *,
    distance_miles: float = DEFAULT_DISTANCE_MILES,
    district: District | None = None,
    today: datetime.date | None = None,
) -> GapAnalysis:
    """The deprived areas of the authority (or of one district) with no family hub or
    active children's centre within the distance. Provision anywhere in the authority
    counts, even across a district line."""
    today = today or timezone.localdate()
    areas = deprived_areas(authority)
    if district is not None:
        areas = areas.filter(district=district)
    deprived = sorted(areas, key=_most_deprived_first)
    provision = provision_of(authority)
    limit_km = distance_miles * KM_PER_MILE
    uncovered = []
    for area in deprived:
        nearest, km = nearest_provision(area, provision)
        if km is None or km > limit_km:
            uncovered.append((area, nearest, km))
    children = children_in_open_pathways(authority, [area.pk for area, _, _ in uncovered], today)
    return GapAnalysis(
        authority=authority,
        distance_miles=distance_miles,
        district=district,
        deprived=deprived,
        gaps=[
            Gap(area=area, nearest=nearest, nearest_km=km, children=children.get(area.pk, 0))
            for area, nearest, km in uncovered
        ],
        provision=provision,
    )


def _most_deprived_first(area: Area) -> tuple[bool, int, str]:
    return (area.imd_rank is None, area.imd_rank or 0, area.code)


# The table, as the page, the CSV download and the tests read it -------------------------

HEADINGS = (
    "LSOA code",
    "Area",
    "District",
    "IMD decile",
    "IMD rank",
    "Nearest family hub or children's centre",
    "Distance (miles)",
    "Children with open pathways",
)
NUMERIC_COLUMNS = (4, 5, 7, 8)  # counting from 1, as the template's loop does


def table_rows(analysis: GapAnalysis) -> list[tuple[str, ...]]:
    """One row per gap, as text, in the order of HEADINGS."""
    return [
        (
            gap.area.code,
            gap.area.name,
            gap.area.district.name if gap.area.district else "",
            _text(gap.area.imd_decile),
            _text(gap.area.imd_rank),
            gap.nearest.name if gap.nearest else "None held",
            f"{gap.nearest_miles:.1f}" if gap.nearest_miles is not None else "",
            str(gap.children),
        )
        for gap in analysis.gaps
    ]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def as_table(analysis: GapAnalysis) -> Table:
    """The gaps as a table for the shared exporters (reports.exports.as_csv), which keep a
    place's name from a feed as text when the download is opened in a spreadsheet."""
    where = analysis.district.name if analysis.district else analysis.authority.name
    return Table(
        f"Deprived areas of {where} with no family hub or children's centre within "
        f"{analysis.distance_miles:g} miles",
        HEADINGS,
        tuple(table_rows(analysis)),
    )


# The map ---------------------------------------------------------------------------------


def map_points(analysis: GapAnalysis) -> list[MapPoint]:
    """The hubs and centres, and a point at the centre of each gap."""
    points = [
        MapPoint(
            lat=place.latitude,
            lng=place.longitude,
            label=f"{place.name} ({place.kind.lower()})",
            kind="hub",
            in_deprived_area=place.in_deprived_area,
        )
        for place in analysis.provision
    ]
    points += [
        MapPoint(
            lat=gap.area.centroid_latitude,
            lng=gap.area.centroid_longitude,
            label=f"{gap.area.name}: {_children(gap.children)} with open pathways",
            kind="gap",
            in_deprived_area=True,
        )
        for gap in analysis.gaps
    ]
    return points


def _children(count: int) -> str:
    return f"{count} child" if count == 1 else f"{count} children"
