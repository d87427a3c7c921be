"""Plain geometry on longitude/latitude polygons (GeoJSON order: [lng, lat]).

LSOAs are a few kilometres across, so treating degrees as a flat plane is accurate
enough for centroids and point-in-polygon tests: an affine stretch of longitude (the
cos-latitude factor) moves no centroid and no boundary crossing. Distances use haversine.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)

Ring = list[tuple[float, float]]  # (lng, lat) points, first == last
Polygon = list[Ring]  # the outer ring, then any holes
MultiPolygon = list[Polygon]


class InvalidGeometry(ValueError):
    """The geometry is not a polygon or multipolygon this module can use; says why."""


@dataclass(frozen=True)
class BoundingBox:
    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return (
            self.min_latitude <= latitude <= self.max_latitude
            and self.min_longitude <= longitude <= self.max_longitude
        )


def polygons_of(geometry: Any) -> MultiPolygon:
    """The polygons of a GeoJSON Polygon or MultiPolygon geometry, checked."""
    if not isinstance(geometry, dict):
        raise InvalidGeometry("the geometry is missing")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise InvalidGeometry("a MultiPolygon needs at least one polygon")
        polygons = coordinates
    else:
        raise InvalidGeometry(f"the geometry is a {kind!r}, not a Polygon or MultiPolygon")
    return [_polygon(polygon) for polygon in polygons]


def _polygon(rings: Any) -> Polygon:
    if not isinstance(rings, list) or not rings:
        raise InvalidGeometry("a polygon needs an outer ring")
    return [_ring(ring) for ring in rings]


def _ring(points: Any) -> Ring:
    if not isinstance(points, list) or len(points) < 4:
        raise InvalidGeometry("a ring needs at least four positions")
    ring = []
    for point in points:
        if (
            not isinstance(point, list)
            or len(point) < 2
            or not all(isinstance(value, int | float) for value in point[:2])
            or isinstance(point[0], bool)
            or isinstance(point[1], bool)
        ):
            raise InvalidGeometry(f"{point!r} is not a [longitude, latitude] position")
        longitude, latitude = float(point[0]), float(point[1])
        if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
            raise InvalidGeometry(f"{point!r} is outside longitude -180..180, latitude -90..90")
        ring.append((longitude, latitude))
    if ring[0] != ring[-1]:
        raise InvalidGeometry("a ring must end where it starts")
    return ring


def _signed_ring_area_and_moments(ring: Ring) -> tuple[float, float, float]:
    """Shoelace: twice the signed area, and the first moments (times six) of the ring."""
    twice_area = moment_x = moment_y = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        twice_area += cross
        moment_x += (x0 + x1) * cross
        moment_y += (y0 + y1) * cross
    return twice_area, moment_x, moment_y


def centroid(polygons: MultiPolygon) -> tuple[float, float]:
    """The area-weighted centroid (latitude, longitude) of polygons with holes."""
    total_area = total_x = total_y = 0.0
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            twice_area, moment_x, moment_y = _signed_ring_area_and_moments(ring)
            # Outer rings add, holes subtract, whichever way round they were drawn.
            sign = (1 if twice_area > 0 else -1) * (1 if index == 0 else -1)
            total_area += sign * twice_area
            total_x += sign * moment_x
            total_y += sign * moment_y
    if total_area == 0:
        # Degenerate (no area): the mean of the outer rings' distinct points.
        points = [point for polygon in polygons for point in polygon[0][:-1]]
        return (
            sum(lat for _, lat in points) / len(points),
            sum(lng for lng, _ in points) / len(points),
        )
    # total_area is twice the area; the moments are six times area times centroid.
    return total_y / (3 * total_area), total_x / (3 * total_area)


def bounding_box(polygons: MultiPolygon) -> BoundingBox:
    outer_points = [point for polygon in polygons for point in polygon[0]]
    longitudes = [lng for lng, _ in outer_points]
    latitudes = [lat for _, lat in outer_points]
    return BoundingBox(min(latitudes), max(latitudes), min(longitudes), max(longitudes))


def _in_ring(ring: Ring, latitude: float, longitude: float) -> bool:
    """Ray casting: count the edges a ray east from the point crosses."""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        if (y0 > latitude) != (y1 > latitude):
            crossing_x = x0 + (latitude - y0) * (x1 - x0) / (y1 - y0)
            if longitude < crossing_x:
                inside = not inside
    return inside


def contains(polygons: MultiPolygon, latitude: float, longitude: float) -> bool:
    """Whether the point lies inside any polygon (inside its outer ring, in no hole)."""
    return any(
        _in_ring(polygon[0], latitude, longitude)
        and not any(_in_ring(hole, latitude, longitude) for hole in polygon[1:])
        for polygon in polygons
    )


def haversine_km(
    latitude_1: float, longitude_1: float, latitude_2: float, longitude_2: float
) -> float:
    """The great-circle distance between two points, in kilometres."""
    phi_1, phi_2 = math.radians(latitude_1), math.radians(latitude_2)
    d_phi = phi_2 - phi_1
    d_lambda = math.radians(longitude_2 - longitude_1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi_1) * math.cos(phi_2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def box_around(latitude: float, longitude: float, radius_km: float) -> BoundingBox:
    """A box holding every point within radius_km of the point: a cheap prefilter."""
    latitude_delta = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_latitude = max(math.cos(math.radians(latitude)), 1e-6)
    longitude_delta = min(180.0, latitude_delta / cos_latitude)
    return BoundingBox(
        latitude - latitude_delta,
        latitude + latitude_delta,
        longitude - longitude_delta,
        longitude + longitude_delta,
    )


def square(south: float, west: float, height: float, width: float) -> dict[str, Any]:
    """A GeoJSON Polygon: the rectangle with its south-west corner at (south, west)."""
    north, east = south + height, west + width
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def mean_point(points: Iterable[tuple[float, float]]) -> tuple[float, float]:
    listed: Sequence[tuple[float, float]] = list(points)
    return (
        sum(lat for lat, _ in listed) / len(listed),
        sum(lng for _, lng in listed) / len(listed),
    )
