"""Plain geometry: centroids, point in polygon, bounding boxes and distances."""

import pytest

from earlyhelp.places import geometry


def polygons(geojson: dict) -> geometry.MultiPolygon:
    return geometry.polygons_of(geojson)


def test_the_centroid_of_a_square_is_its_centre() -> None:
    square = polygons(geometry.square(52.0, -2.0, 0.2, 0.4))
    latitude, longitude = geometry.centroid(square)
    assert latitude == pytest.approx(52.1)
    assert longitude == pytest.approx(-1.8)


def test_the_centroid_is_the_same_whichever_way_the_ring_is_drawn() -> None:
    clockwise = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [0, 2], [4, 2], [4, 0], [0, 0]]],
    }
    assert geometry.centroid(polygons(clockwise)) == pytest.approx((1.0, 2.0))


def test_the_centroid_of_an_l_shape_is_weighted_by_area() -> None:
    # A 2x2 square with a 1x1 square on its right: areas 4 and 1.
    l_shape = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [3, 0], [3, 1], [2, 1], [2, 2], [0, 2], [0, 0]]],
    }
    latitude, longitude = geometry.centroid(polygons(l_shape))
    assert longitude == pytest.approx((4 * 1 + 1 * 2.5) / 5)
    assert latitude == pytest.approx((4 * 1 + 1 * 0.5) / 5)


def test_a_multipolygon_centroid_weights_each_part_by_its_area() -> None:
    big = geometry.square(0, 0, 2, 2)["coordinates"]  # area 4, centre (1, 1)
    small = geometry.square(0, 10, 1, 1)["coordinates"]  # area 1, centre (0.5, 10.5)
    latitude, longitude = geometry.centroid(
        polygons({"type": "MultiPolygon", "coordinates": [big, small]})
    )
    assert latitude == pytest.approx((4 * 1 + 1 * 0.5) / 5)
    assert longitude == pytest.approx((4 * 1 + 1 * 10.5) / 5)


def test_a_hole_moves_the_centroid_away_from_it() -> None:
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[0, 0], [0, 2], [2, 2], [2, 0], [0, 0]]  # the south-west quarter
    latitude, longitude = geometry.centroid(
        polygons({"type": "Polygon", "coordinates": [outer, hole]})
    )
    # Three quarters remain, of area 4 each: centres (1,3), (3,3), (3,1) as (x, y).
    assert longitude == pytest.approx((1 + 3 + 3) / 3)
    assert latitude == pytest.approx((3 + 3 + 1) / 3)


def test_points_inside_outside_and_in_a_hole() -> None:
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]
    shape = polygons({"type": "Polygon", "coordinates": [outer, hole]})
    assert geometry.contains(shape, latitude=3, longitude=3)
    assert not geometry.contains(shape, latitude=5, longitude=3)
    assert not geometry.contains(shape, latitude=1.5, longitude=1.5)


def test_a_point_in_the_notch_of_an_l_shape_is_outside() -> None:
    l_shape = polygons(
        {
            "type": "Polygon",
            "coordinates": [[[0, 0], [3, 0], [3, 1], [2, 1], [2, 2], [0, 2], [0, 0]]],
        }
    )
    assert geometry.contains(l_shape, latitude=0.5, longitude=2.5)
    assert not geometry.contains(l_shape, latitude=1.5, longitude=2.5)


def test_the_bounding_box_holds_every_point() -> None:
    box = geometry.bounding_box(polygons(geometry.square(52.0, -2.0, 0.1, 0.2)))
    assert box == geometry.BoundingBox(52.0, 52.1, -2.0, -1.8)
    assert box.contains(52.05, -1.9)
    assert not box.contains(52.2, -1.9)


def test_haversine_distance_between_worcester_and_birmingham() -> None:
    # Worcester Cathedral to Birmingham New Street: about 40 km as the crow flies.
    assert geometry.haversine_km(52.1887, -2.2210, 52.4778, -1.8990) == pytest.approx(39.1, abs=1.0)
    assert geometry.haversine_km(52.0, -2.0, 52.0, -2.0) == 0


def test_one_degree_of_latitude_is_about_111_km() -> None:
    assert geometry.haversine_km(0, 0, 1, 0) == pytest.approx(111.2, abs=0.1)


def test_the_box_around_a_point_holds_the_circle() -> None:
    box = geometry.box_around(52.2, -2.2, 5)
    for latitude, longitude in [(52.2449, -2.2), (52.2, -2.1268), (52.1551, -2.2)]:
        assert geometry.haversine_km(52.2, -2.2, latitude, longitude) <= 5
        assert box.contains(latitude, longitude)
    assert not box.contains(52.25, -2.2)


@pytest.mark.parametrize(
    ("geojson", "reason"),
    [
        (None, "missing"),
        ({"type": "Point", "coordinates": [0, 0]}, "not a Polygon"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]}, "four positions"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "end where"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], ["a", 1], [0, 0]]]}, "position"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]}, "outside"),
        ({"type": "MultiPolygon", "coordinates": []}, "at least one"),
    ],
)
def test_unusable_geometry_is_refused_with_a_reason(geojson, reason: str) -> None:
    with pytest.raises(geometry.InvalidGeometry, match=reason):
        geometry.polygons_of(geojson)
