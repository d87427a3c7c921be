"""Reads about places: where a search text points to, which area a point lies in, and the
deprived areas of an authority."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from earlyhelp.accounts.models import Authority, District
from earlyhelp.places import geometry
from earlyhelp.places.importing import normalise_postcode, town_key
from earlyhelp.places.models import Area, Postcode, Town

DEPRIVED_DECILES = (1, 2, 3)  # the 30% most deprived LSOAs in England
_LATITUDE_LONGITUDE = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
_LOOKS_LIKE_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)
MAX_PLACE_TEXT = 100
SHORTEST_TOWN_PREFIX = 3  # "Stourport" finds Stourport-on-Severn; "St" finds nothing


class PlaceNotFound(ValueError):
    """The text names no place this authority holds; the message says so in plain words."""


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    description: str  # what the text was taken to mean, to show back to the person

    @property
    def point(self) -> tuple[float, float]:
        return self.latitude, self.longitude


def locate(authority: Authority, text: str) -> Location:
    """The point a search means: "lat,lng", a postcode (if the postcode lookup has it), a
    district (the centre of its areas), a town or village held (its centre; by its name,
    or the start of only one town's name, as "Stourport"), or else the start of LSOA
    names (e.g. "Bromsgrove 009"). Raises PlaceNotFound."""
    # A NUL cannot reach PostgreSQL in a query parameter; it is never part of a place.
    text = " ".join((text or "").replace("\x00", " ").split())
    if not text:
        raise PlaceNotFound("Enter a town, district, postcode or map point")
    if len(text) > MAX_PLACE_TEXT:
        raise PlaceNotFound(f"A place must be {MAX_PLACE_TEXT} characters or fewer")
    point = _LATITUDE_LONGITUDE.match(text)
    if point is not None:
        return _map_point(float(point[1]), float(point[2]))
    if _LOOKS_LIKE_POSTCODE.match(text):
        return postcode_location(text)
    district = District.objects.filter(authority=authority, name__iexact=text).first()
    if district is not None:
        return _centre_of(
            Area.objects.filter(district=district), f"{district.name} (district)", text
        )
    towns = _towns_named(authority, text)
    if len(towns) == 1:
        town = towns[0]
        return Location(town.latitude, town.longitude, town.name)
    try:
        return _areas_named(authority, text)
    except PlaceNotFound:
        if towns:
            names = " or ".join(sorted(town.name for town in towns)[:5])
            raise PlaceNotFound(f"{text!r} could be {names}: enter the whole name") from None
        raise


def _map_point(latitude: float, longitude: float) -> Location:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise PlaceNotFound(
            "A map point needs a latitude from -90 to 90 and a longitude from -180 to 180"
        )
    area = area_at(latitude, longitude)
    where = f" in {area.name}" if area else ""
    return Location(latitude, longitude, f"the map point {latitude:.5f}, {longitude:.5f}{where}")


def postcode_location(text: str) -> Location:
    """The point of a full postcode, when the postcode lookup holds it; else PlaceNotFound."""
    postcode = normalise_postcode(text)
    held = Postcode.objects.filter(postcode=postcode).first() if postcode else None
    if held is None:
        raise PlaceNotFound(
            f"We could not find the postcode {postcode or text}: try a town or district, "
            "or choose a point on the map"
        )
    return Location(held.latitude, held.longitude, held.postcode)


def _towns_named(authority: Authority, text: str) -> list[Town]:
    """The town of exactly that name (case, hyphens and apostrophes aside), else the towns
    whose names start with the text."""
    key = town_key(text)
    if not key:
        return []
    towns = list(Town.objects.filter(authority=authority).only("name", "latitude", "longitude"))
    exact = [town for town in towns if town_key(town.name) == key]
    if exact or len(key) < SHORTEST_TOWN_PREFIX:
        return exact
    return [town for town in towns if town_key(town.name).startswith(key)]


def _areas_named(authority: Authority, text: str) -> Location:
    """The areas whose names start with the text as whole words ("Malvern" for "Malvern
    Hills 001A"), or with an MSOA's code and one letter ("Bromsgrove 009" for "009A")."""
    rows = areas_of(authority).filter(name__istartswith=text)
    matching = [
        (name, latitude, longitude)
        for name, latitude, longitude in rows.values_list(
            "name", "centroid_latitude", "centroid_longitude"
        )
        if _continues_as_whole_word(text, name[len(text) :])
    ]
    if not matching:
        raise PlaceNotFound(f"We could not find {text!r}: try a district, town or postcode")
    latitude, longitude = geometry.mean_point((lat, lng) for _, lat, lng in matching)
    return Location(latitude, longitude, matching[0][0][: len(text)])


def _continues_as_whole_word(text: str, rest: str) -> bool:
    return (
        rest == "" or rest[0] == " " or (text[-1].isdigit() and rest.isalpha() and len(rest) == 1)
    )


def _centre_of(areas: QuerySet[Area], description: str, text: str) -> Location:
    """The mean of the areas' centroids: where a town or district search starts from."""
    centroids = list(areas.values_list("centroid_latitude", "centroid_longitude"))
    if not centroids:
        raise PlaceNotFound(f"We could not find {text!r}: try a district, town or postcode")
    latitude, longitude = geometry.mean_point(centroids)
    return Location(latitude, longitude, description)


def areas_of(authority: Authority) -> QuerySet[Area]:
    return Area.objects.filter(authority=authority)


def place_names(authority: Authority) -> list[str]:
    """The authority's districts and towns, in alphabetical order, each name once: the
    suggestions of a search form's place field."""
    names: dict[str, str] = {}
    for name in [
        *District.objects.filter(authority=authority).values_list("name", flat=True),
        *Town.objects.filter(authority=authority).values_list("name", flat=True),
    ]:
        names.setdefault(name.casefold(), name)
    return sorted(names.values(), key=str.casefold)


def area_at(latitude: float, longitude: float) -> Area | None:
    """The area the point lies in, if any is held: a bounding-box prefilter in the database,
    then point-in-polygon on the few candidates."""
    candidates = Area.objects.filter(
        min_latitude__lte=latitude,
        max_latitude__gte=latitude,
        min_longitude__lte=longitude,
        max_longitude__gte=longitude,
    ).select_related("district")
    for area in candidates:
        if area.contains(latitude, longitude):
            return area
    return None


def areas_near(latitude: float, longitude: float, radius_km: float) -> QuerySet[Area]:
    """Areas whose bounding box comes within radius_km of the point (a prefilter)."""
    box = geometry.box_around(latitude, longitude, radius_km)
    return Area.objects.filter(
        max_latitude__gte=box.min_latitude,
        min_latitude__lte=box.max_latitude,
        max_longitude__gte=box.min_longitude,
        min_longitude__lte=box.max_longitude,
    )


def deprived_areas(
    authority: Authority, deciles: Iterable[int] = DEPRIVED_DECILES
) -> QuerySet[Area]:
    """The authority's areas in the given IMD 2019 deciles (by default the 30% most
    deprived in England), most deprived first."""
    return (
        areas_of(authority)
        .filter(imd_decile__in=list(deciles))
        .select_related("district")
        .order_by("imd_rank", "code")
    )
