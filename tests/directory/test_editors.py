"""Who keeps the directory: editors and administrators; every change has history."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from earlyhelp.accounts.models import Role, User
from earlyhelp.accounts.services import set_roles
from earlyhelp.directory.models import Location, LocationKind, Service, Taxonomy
from earlyhelp.places.models import Area
from tests.conftest import demo_user
from tests.directory.conftest import HUB_LOCATION_ID, SERVICE_ID


def make_editor(authority) -> User:  # type: ignore[no-untyped-def]
    editor = User.objects.create_user("editor@example.org", "pw", authority=authority)
    set_roles(editor, {Role.DIRECTORY_EDITOR})
    return editor


def test_the_editor_role_has_its_group(db) -> None:
    assert Group.objects.filter(name="directory_editor").exists()


def test_editors_and_administrators_may_edit_services_and_no_one_else(authority) -> None:
    assert make_editor(authority).has_perm("directory.edit_services")
    assert demo_user("admin").has_perm("directory.edit_services")
    for local_part in ("practitioner", "manager", "analyst", "frontdoor"):
        assert not demo_user(local_part).has_perm("directory.edit_services"), local_part


def test_an_inactive_editor_may_not(authority) -> None:
    editor = make_editor(authority)
    editor.is_active = False
    editor.save()
    assert not User.objects.get(pk=editor.pk).has_perm("directory.edit_services")


def test_an_administrator_edits_the_directory_in_the_admin_site(signed_in, speech) -> None:
    client = signed_in("admin")
    assert client.get("/admin/directory/service/").status_code == 200
    assert client.get(f"/admin/directory/service/{SERVICE_ID}/change/").status_code == 200
    assert client.get(f"/admin/directory/service/{SERVICE_ID}/history/").status_code == 200
    response = client.post(
        "/admin/directory/taxonomy/add/",
        {"name": "Local needs", "description": "Worcestershire's words for needs"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    taxonomy = Taxonomy.objects.get(name="Local needs")
    assert taxonomy.history.get().history_user == demo_user("admin")


def test_a_practitioner_cannot_reach_the_directory_admin(signed_in, speech) -> None:
    client = signed_in("practitioner")
    assert client.get("/admin/directory/service/").status_code in (302, 403)
    assert Service.objects.filter(pk=SERVICE_ID).exists()


def test_a_base_links_only_to_a_family_hub_of_its_authority(authority, speech) -> None:
    hub = Location.objects.get(pk=HUB_LOCATION_ID)
    base = Location.objects.create(
        authority=authority, name="Batchley youth base", kind=LocationKind.YOUTH_BASE
    )
    base.linked_hub = hub
    with pytest.raises(ValidationError, match="Choose a family hub"):
        base.full_clean()
    hub.is_family_hub, hub.kind = True, LocationKind.HUB
    hub.save()
    base.full_clean()
    base.save()
    assert list(hub.linked_bases.all()) == [base]
    hub.linked_hub = hub
    with pytest.raises(ValidationError, match="cannot be linked to itself"):
        hub.full_clean()


def test_moving_a_place_in_the_admin_site_moves_it_to_the_area_its_point_is_in(
    signed_in, authority, speech
) -> None:
    area = Area.objects.filter(authority=authority).exclude(imd_decile=None).first()
    assert area is not None
    location = Location.objects.get(pk=HUB_LOCATION_ID)
    assert location.lsoa_code != area.code
    form = {
        "authority": str(location.authority_id),
        "location_type": "physical",
        "name": location.name,
        "latitude": str(area.centroid_latitude),
        "longitude": str(area.centroid_longitude),
        "kind": "",
    }
    for prefix in ("addresses", "accessibility"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = signed_in("admin").post(f"/admin/directory/location/{location.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:3000]
    location.refresh_from_db()
    assert (location.lsoa_code, location.deprivation_decile, location.district_id) == (
        area.code,
        area.imd_decile,
        area.district_id,
    )
    assert location.history.first().lsoa_code == area.code


@pytest.mark.parametrize(
    "path",
    [
        "/admin/directory/service/not-an-id/history/",
        f"/admin/directory/service/{SERVICE_ID}/history/not-a-version/",
        "/admin/need/issuecode/abc/history/",
        "/admin/need/issuecode/1/history/x/",
        "/admin/accounts/user/abc/history/",
    ],
)
def test_a_history_page_for_an_id_that_is_not_one_is_not_found(signed_in, speech, path) -> None:
    assert signed_in("admin").get(path).status_code == 404
