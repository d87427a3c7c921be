"""A family's area (its LSOA) comes from the postcode lookup, and is never guessed."""

import datetime

from django.test import Client

from earlyhelp.accounts.models import Team
from earlyhelp.demo.families import seed_families
from earlyhelp.people.models import Family
from earlyhelp.places.models import Area, Postcode
from tests.conftest import sign_in
from tests.people.helpers import BROMSGROVE_TEAM


def test_a_family_recorded_with_a_known_postcode_is_placed_in_its_area(demo):
    area = Area.objects.filter(district__name="Bromsgrove").first()
    Postcode.objects.create(
        postcode="B60 1AA",
        latitude=area.centroid_latitude,
        longitude=area.centroid_longitude,
        lsoa_code=area.code,
        area=area,
    )
    # Imported before the areas were: the postcode knows its LSOA's code only.
    Postcode.objects.create(
        postcode="B60 2BB",
        latitude=area.centroid_latitude,
        longitude=area.centroid_longitude,
        lsoa_code=area.code,
    )
    client = sign_in(Client(), "fsw")
    team = Team.objects.get(name=BROMSGROVE_TEAM)

    client.post(
        "/families/new/", {"name": "Marsh family", "owning_team": team.pk, "postcode": "b601aa"}
    )
    client.post(
        "/families/new/", {"name": "Lane family", "owning_team": team.pk, "postcode": "B61 7ZZ"}
    )
    client.post("/families/new/", {"name": "Ford family", "owning_team": team.pk, "postcode": ""})
    client.post(
        "/families/new/", {"name": "Hale family", "owning_team": team.pk, "postcode": "B602BB"}
    )

    areas = dict(Family.objects.values_list("name", "area"))
    assert areas == {
        "Marsh family": area.pk,
        "Lane family": None,
        "Ford family": None,
        "Hale family": area.pk,
    }


def test_demo_families_live_in_their_teams_districts_more_often_in_deprived_areas(demo):
    seed_families(authority=demo.authority, count=300, seed=1, today=datetime.date(2026, 6, 1))

    families = Family.objects.select_related("area", "owning_team__district")
    assert all(family.area.district_id == family.owning_team.district_id for family in families)
    deprived_share_of_families = sum(family.area.is_deprived for family in families) / 300
    areas = Area.objects.filter(authority=demo.authority)
    deprived_share_of_areas = areas.filter(imd_decile__lte=3).count() / areas.count()
    assert deprived_share_of_families > 1.5 * deprived_share_of_areas
    outward = {"Bromsgrove": ("B60", "B61"), "Redditch": ("B97", "B98")}
    for family in families:
        expected = outward.get(family.owning_team.district.name)
        if expected:
            assert family.postcode.split()[0] in expected
