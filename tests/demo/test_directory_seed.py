"""The demo's service directory: hubs and bases in every district, each physical place
inside an LSOA of its own district with that LSOA's deprivation, services a family can
search (needs, ages, opening times, costs, contacts), the same for the same seed."""

import csv
import io

from django.core.management import call_command
from django.db import transaction

from earlyhelp.demo import places
from earlyhelp.demo.directory import seed_directory
from earlyhelp.demo.services import seed_authority
from earlyhelp.directory.models import (
    Attribute,
    Location,
    LocationKind,
    LocationType,
    Schedule,
    Service,
    ServiceAtLocation,
)
from earlyhelp.places import geometry
from earlyhelp.places.models import Area
from earlyhelp.places.selectors import area_at, deprived_areas
from tests.places.test_demo_places import (  # noqa: F401
    WORCESTERSHIRE_DISTRICTS,
    needs_shared_data,
    without_shared_data,
)


def test_every_district_has_a_family_hub_with_bases_linked_to_it(demo_directory) -> None:
    hubs = Location.objects.filter(is_family_hub=True).select_related("district")

    assert sorted(hub.district.name for hub in hubs) == sorted(WORCESTERSHIRE_DISTRICTS.values())
    assert all(hub.kind == LocationKind.HUB for hub in hubs)
    for kind in (
        LocationKind.OUTREACH_BASE,
        LocationKind.CHILDRENS_CENTRE,
        LocationKind.YOUTH_BASE,
    ):
        bases = Location.objects.filter(kind=kind).select_related("linked_hub")
        assert bases.count() >= 6, kind
        assert all(base.linked_hub.district_id == base.district_id for base in bases), kind
    assert Location.objects.filter(kind=LocationKind.MOBILE).count() == 3
    virtual = Location.objects.get(kind=LocationKind.VIRTUAL)
    assert virtual.location_type == LocationType.VIRTUAL and virtual.latitude is None
    assert ServiceAtLocation.objects.filter(location=virtual).count() >= 5


def test_each_place_lies_in_an_area_of_its_district_with_that_areas_decile(
    demo_directory,
) -> None:
    physical = Location.objects.filter(location_type=LocationType.PHYSICAL)

    assert physical.count() >= 50
    for location in physical.select_related("district"):
        area = area_at(location.latitude, location.longitude)
        assert area is not None, location.name
        assert location.lsoa_code == area.code
        assert location.district_id == area.district_id
        assert location.deprivation_decile == area.imd_decile
        assert location.addresses.get().city in location.name


@needs_shared_data
def test_with_the_real_data_the_deciles_are_the_imd_files(demo_directory) -> None:
    with (places.shared_data_folder() / places.IMD_FILE).open(newline="") as handle:
        deciles = {row["lsoa11_code"]: int(row["IMD_decile"]) for row in csv.DictReader(handle)}
    physical = Location.objects.filter(location_type=LocationType.PHYSICAL)

    assert all(place.deprivation_decile == deciles[place.lsoa_code] for place in physical)


def test_hubs_stand_in_deprived_areas_and_some_deprived_areas_have_none_near(
    demo_directory,
) -> None:
    centres = list(
        Location.objects.filter(kind__in=[LocationKind.HUB, LocationKind.CHILDRENS_CENTRE])
    )
    deprived = list(deprived_areas(demo_directory.authority))

    def has_centre_within(area: Area, km: float) -> bool:
        return any(
            geometry.haversine_km(
                area.centroid_latitude, area.centroid_longitude, place.latitude, place.longitude
            )
            <= km
            for place in centres
        )

    assert all(place.deprivation_decile <= 3 for place in centres if place.is_family_hub)
    without = [area for area in deprived if not has_centre_within(area, 2)]
    assert 0 < len(without) < len(deprived)
    assert demo_directory.directory["in_deprived_areas"] >= len(centres)


def test_services_say_what_they_help_with_who_for_when_and_what_it_costs(
    demo_directory,
) -> None:
    services = Service.objects.prefetch_related(
        "issue_codes", "cost_options", "contacts__phones", "service_at_locations__schedules"
    )

    assert services.count() == demo_directory.directory["services"] >= 100
    for service in services:
        assert service.issue_codes.exists(), service.name
        assert service.bands, service.name
        assert service.last_checked_on is not None
        assert service.contacts.get().phones.get().number.startswith(("01632 960", "0808 157"))
        assert service.contacts.get().email.endswith(".example.org")
        (cost,) = service.cost_options.all()
        assert cost.currency == "GBP" and cost.amount is not None
        assert Attribute.objects.filter(link_id=service.id).exists()
    free = services.filter(cost_options__amount=0).count()
    assert services.count() / 2 < free < services.count()
    # Weekly opening times, for "open now".
    assert Schedule.objects.exclude(freq="WEEKLY").count() == 0
    assert not Schedule.objects.filter(opens_at__isnull=True).exists()
    speech = services.filter(issue_codes__code="EY-DEV", child_maximum_age__lte=4)
    assert speech.filter(service_at_locations__location__district__name="Redditch").exists()


class Rollback(Exception):
    pass


def seeded_directory(seed: int) -> list[tuple]:
    try:
        with transaction.atomic():
            result = seed_authority(
                authority_slug="worcestershire",
                families=0,
                seed=seed,
                password="x" * 12,
                directory=False,
            )
            seed_directory(result.authority, seed)
            taken = list(
                Location.objects.order_by("id").values_list(
                    "id", "name", "latitude", "longitude", "lsoa_code"
                )
            ) + list(Service.objects.order_by("id").values_list("id", "name"))
            raise Rollback
    except Rollback:
        return taken


def test_the_same_seed_makes_the_same_directory_and_another_seed_does_not(db) -> None:
    first = seeded_directory(3)

    assert first == seeded_directory(3)
    assert first != seeded_directory(4)


def test_the_seed_command_prints_the_directory_and_does_not_make_it_twice(db) -> None:
    out = io.StringIO()
    call_command("seed", "--authority", "worcestershire", "--families", "0", stdout=out)
    services = Service.objects.count()

    assert f"directory: {services:,} services from" in out.getvalue()
    assert "of them family hubs" in out.getvalue()
    call_command("seed", "--if-empty", stdout=io.StringIO())
    assert Service.objects.count() == services
    authority = Location.objects.first().authority
    assert seed_directory(authority, seed=1) == {}
    assert Service.objects.count() == services


def test_without_the_shared_data_places_lie_in_the_synthetic_areas_of_their_districts(
    db,
    without_shared_data,  # noqa: F811
) -> None:
    seed_authority(authority_slug="worcestershire", families=0, seed=1, password="x" * 12)

    physical = Location.objects.filter(location_type=LocationType.PHYSICAL)
    assert physical.count() >= 50
    for location in physical:
        area = area_at(location.latitude, location.longitude)
        assert area is not None and area.code.startswith("E019"), location.name
        assert (location.district_id, location.lsoa_code) == (area.district_id, area.code)
    assert Location.objects.filter(is_family_hub=True).count() == 6
