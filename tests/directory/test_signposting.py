"""Suggesting a service to a family: who may, which services, and the family's timeline."""

import pytest

from earlyhelp.accounts.models import Authority
from earlyhelp.directory.models import (
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Signposting,
)
from earlyhelp.need.models import BandLabelSet
from earlyhelp.people.models import Family
from tests.conftest import demo_user
from tests.people.helpers import family_with_pathway


@pytest.fixture
def family(demo) -> Family:  # type: ignore[no-untyped-def]
    return family_with_pathway(lead="fsw", name="Hill family")[0]


def running_service(authority: Authority, name: str = "Chatterbox speech drop-in") -> Service:
    service = Service.objects.create(authority=authority, name=name)
    hub = Location.objects.create(authority=authority, name="Redditch Family Hub")
    ServiceAtLocation.objects.create(service=service, location=hub)
    return service


@pytest.fixture
def service(demo) -> Service:  # type: ignore[no-untyped-def]
    return running_service(demo.authority)


def suggest_url(family: Family) -> str:
    return f"/families/{family.public_id}/suggest-service/"


def test_a_suggestion_goes_on_the_family_timeline_with_who_made_it(family, service, signed_in):
    client = signed_in("fsw")
    hub = service.service_at_locations.get().location
    search_page = f"/families/{family.public_id}/find-services/?issues=speech"

    response = client.post(
        suggest_url(family), {"service": service.pk, "location": hub.pk, "next": search_page}
    )

    assert response.status_code == 302
    assert response["Location"] == search_page
    signposting = Signposting.objects.get(family=family)
    assert (signposting.service, signposting.location) == (service, hub)
    assert signposting.suggested_by == demo_user("fsw")
    page = client.get(f"/families/{family.public_id}/").content.decode()
    assert "Suggested: Chatterbox speech drop-in" in page
    assert f"By {demo_user('fsw')}, at Redditch Family Hub" in page
    assert f'href="/find-help/services/{service.pk}/"' in page
    assert f'href="/families/{family.public_id}/find-services/">Find services' in page


def test_without_a_local_next_page_it_returns_to_the_family_timeline(family, service, signed_in):
    response = signed_in("fsw").post(
        suggest_url(family), {"service": service.pk, "next": "https://evil.example/"}
    )

    assert response["Location"] == f"/families/{family.public_id}/#timeline"
    assert Signposting.objects.get(family=family).location is None


def refused(response, message: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert not Signposting.objects.exists()


def test_a_service_of_another_authority_is_refused_and_nothing_is_written(family, signed_in):
    elsewhere = Authority.objects.create(
        name="Elsewhere Council",
        slug="elsewhere",
        ons_code="E10000999",
        band_label_set=BandLabelSet.objects.first(),
    )
    theirs = running_service(elsewhere, "Elsewhere stay and play")

    response = signed_in("fsw").post(suggest_url(family), {"service": theirs.pk})

    refused(response, "That service is not in your council")


def test_a_service_that_is_not_running_is_refused(family, service, signed_in):
    Service.objects.filter(pk=service.pk).update(status=ServiceStatus.TEMPORARILY_CLOSED)

    response = signed_in("fsw").post(suggest_url(family), {"service": service.pk})

    refused(response, "Chatterbox speech drop-in is temporarily closed")


def test_a_place_where_the_service_does_not_run_is_refused(family, service, signed_in):
    elsewhere = Location.objects.create(authority=service.authority, name="Library")

    response = signed_in("fsw").post(
        suggest_url(family), {"service": service.pk, "location": elsewhere.pk}
    )

    refused(response, "Chatterbox speech drop-in does not run at that place")


def test_a_missing_service_is_refused(family, signed_in):
    refused(signed_in("fsw").post(suggest_url(family), {"service": "x"}), "Choose a service")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("practitioner2", 404),  # another district's practitioner: learns nothing
        ("analyst", 403),  # reads every family, changes none
    ],
)
def test_someone_who_cannot_change_the_family_is_refused(
    family, service, signed_in, persona, status
):
    response = signed_in(persona).post(suggest_url(family), {"service": service.pk})

    assert response.status_code == status
    assert not Signposting.objects.exists()


def test_it_takes_only_a_post_with_a_csrf_token(family, service, signed_in):
    client = signed_in("fsw")
    client.handler.enforce_csrf_checks = True  # as a browser's request would be checked

    assert client.get(suggest_url(family)).status_code == 405
    assert client.post(suggest_url(family), {"service": service.pk}).status_code == 403
    assert not Signposting.objects.exists()
