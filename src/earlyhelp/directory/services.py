"""Operations on the directory: placing locations in the areas (LSOAs) held.

A physical location's district, LSOA and that LSOA's deprivation decile follow from its
point: the area it lies in gives all three. A place outside every area held gets none of
them; a place without a point (a virtual location, or one whose feed gave no coordinates)
has no LSOA or decile, and keeps the district an editor gave it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from earlyhelp.directory.models import Location, LocationType
from earlyhelp.places import geometry
from earlyhelp.places.models import Area
from earlyhelp.places.selectors import area_at

PLACED_FIELDS = ("district", "lsoa_code", "deprivation_decile")
# Grid cells for finding the areas whose boxes hold a point, in degrees (about 5 km).
_CELL = 0.05
_BATCH_SIZE = 500


@dataclass(frozen=True)
class Placing:
    district_id: int | None
    lsoa_code: str
    deprivation_decile: int | None


def has_point(location: Location) -> bool:
    return (
        location.location_type != LocationType.VIRTUAL
        and location.latitude is not None
        and location.longitude is not None
    )


def _placing_in(location: Location, area: Area | None) -> Placing:
    if not has_point(location):
        return Placing(location.district_id, "", None)
    if area is None:
        return Placing(None, "", None)
    return Placing(area.district_id, area.code, area.imd_decile)


def _apply(location: Location, placing: Placing) -> bool:
    """Give the location its placing; whether anything changed."""
    current = Placing(location.district_id, location.lsoa_code, location.deprivation_decile)
    if current == placing:
        return False
    location.district_id = placing.district_id
    location.lsoa_code = placing.lsoa_code
    location.deprivation_decile = placing.deprivation_decile
    return True


def place_location(location: Location, *, save: bool = True) -> bool:
    """Fill the location's district, LSOA code and deprivation decile from its point;
    saves it (with its history) when they change. Returns whether they changed."""
    area = area_at(location.latitude, location.longitude) if has_point(location) else None
    changed = _apply(location, _placing_in(location, area))
    if changed and save:
        location.save(update_fields=[*PLACED_FIELDS, "updated_at"])
    return changed


def place_locations(
    locations: QuerySet[Location] | Iterable[Location], *, save: bool = True
) -> int:
    """Place many locations at once: one query for the areas around them all, a grid of
    the areas' bounding boxes, point-in-polygon only on the few areas whose box holds a
    point, and the changes written in batches with their history (or, with save=False,
    only set on the objects, e.g. before they are created). Returns how many locations
    changed."""
    # Whole rows: the history rows copy every field.
    listed = list(locations)
    finder = _AreaFinder.around([location for location in listed if has_point(location)])
    changed = [
        location
        for location in listed
        if _apply(
            location,
            _placing_in(
                location,
                finder.area_at(location.latitude, location.longitude)
                if has_point(location)
                else None,
            ),
        )
    ]
    if changed and save:
        now = timezone.now()
        for location in changed:
            location.updated_at = now  # bulk updates skip auto_now
        bulk_update_with_history(
            changed, Location, [*PLACED_FIELDS, "updated_at"], batch_size=_BATCH_SIZE
        )
    return len(changed)


class _AreaFinder:
    """The areas around some points, indexed by grid cell of their bounding boxes."""

    def __init__(self, areas: list[Area]) -> None:
        self.cells: dict[tuple[int, int], list[Area]] = defaultdict(list)
        for area in areas:
            for row in range(_cell(area.min_latitude), _cell(area.max_latitude) + 1):
                for column in range(_cell(area.min_longitude), _cell(area.max_longitude) + 1):
                    self.cells[row, column].append(area)

    @classmethod
    def around(cls, locations: list[Location]) -> "_AreaFinder":
        if not locations:
            return cls([])
        latitudes = [location.latitude for location in locations]
        longitudes = [location.longitude for location in locations]
        areas = Area.objects.filter(
            max_latitude__gte=min(latitudes),
            min_latitude__lte=max(latitudes),
            max_longitude__gte=min(longitudes),
            min_longitude__lte=max(longitudes),
        ).only(
            "id",
            "code",
            "district_id",
            "imd_decile",
            "boundary",
            "min_latitude",
            "max_latitude",
            "min_longitude",
            "max_longitude",
        )
        return cls(list(areas.order_by("code")))

    def area_at(self, latitude: float, longitude: float) -> Area | None:
        for area in self.cells.get((_cell(latitude), _cell(longitude)), ()):
            box = geometry.BoundingBox(
                area.min_latitude, area.max_latitude, area.min_longitude, area.max_longitude
            )
            if box.contains(latitude, longitude) and area.contains(latitude, longitude):
                return area
        return None


def _cell(degrees: float) -> int:
    return int(degrees // _CELL)
