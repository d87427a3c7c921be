"""Every page and API route that shows a family's record writes an access-log row naming
the family and the reader, for every persona allowed to see it. The routes come from the
matrix (its FAMILY rows), so a new family route is walked as soon as it has its row."""

import time

import pytest
from django.db import transaction

from earlyhelp.accounts.models import AccessLog
from tests.access.conftest import PERSONA_ACCOUNTS, World, client_for
from tests.access.matrix import MATRIX, NOT_FAMILY_DATA
from tests.access.routes import all_routes, send, url_of
from tests.conftest import demo_user

# URL parameters that name a family or a record of one.
FAMILY_PARAMETERS = {
    "family_id",
    "person_id",
    "pathway_id",
    "member_id",
    "triage_id",
    "entry_id",
    "action_id",
    "support_id",
    "request_id",
    "call_id",
    "intervention_id",
    "enrolment_id",
    "flag_id",
}
# Personas who may read the family through at least one of its pages.
READERS = [
    persona
    for persona, account in PERSONA_ACCOUNTS.items()
    if account is not None and any(r.family and r.statuses[persona] == 200 for r in MATRIX.values())
]


def test_every_route_with_a_family_record_in_its_url_is_walked_or_says_why_not() -> None:
    unaccounted = []
    for route in all_routes():
        if route.route.startswith("admin/") or not FAMILY_PARAMETERS & set(route.params):
            continue
        if route.method not in (None, "GET"):
            continue  # writes: sent an empty body here, they answer 4xx and show nothing
        row = MATRIX.get(route.key)
        if row is None or not (row.family or route.key in NOT_FAMILY_DATA):
            unaccounted.append(
                f"{route.key} ({route.route}) takes a family record's id: tag its row FAMILY "
                "in tests/access/matrix.py, or list it in NOT_FAMILY_DATA with the reason"
            )
    assert not unaccounted, "\n".join(unaccounted)


def _names_the_family(response, world: World) -> bool:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    return world.family.name in text or world.family.reference in text


@pytest.mark.parametrize("persona", READERS)
def test_each_read_of_a_family_is_logged_with_the_family_and_the_reader(
    world: World, persona: str
) -> None:
    client = client_for(persona)
    user = demo_user(PERSONA_ACCOUNTS[persona])  # type: ignore[arg-type]
    family_id = world.family.public_id
    family_routes = [route for route in all_routes() if route.method in (None, "GET")]
    missing, read = [], 0
    started = time.monotonic()
    for route in family_routes:
        row = MATRIX.get(route.key)
        if row is None or not (row.family or row.family_list) or row.statuses[persona] != 200:
            continue
        url = url_of(route, world)
        with transaction.atomic():
            before = AccessLog.objects.filter(user=user, family_id=family_id).count()
            response = send(client, route, url, "GET")
            after = AccessLog.objects.filter(user=user, family_id=family_id).count()
            transaction.set_rollback(True)
        if response.status_code != 200:
            missing.append(f"{route.key} [{url}]: answered {response.status_code}, not 200")
            continue
        if row.family_list and not _names_the_family(response, world):
            continue  # the list does not show this family to this persona
        read += 1
        if after <= before:
            missing.append(f"{route.key} [{url}] showed the family to {persona} without a log row")
    print(f"{persona}: {read} family reads in {time.monotonic() - started:.1f} s")
    assert read, f"{persona} may read the family but no route was walked"
    assert not missing, "\n".join(missing)


# Personas who may read none of the family's pages.
OUTSIDERS = [
    persona
    for persona, account in PERSONA_ACCOUNTS.items()
    if account is not None and persona not in READERS
]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_no_list_names_the_family_to_a_persona_who_may_not_read_it(
    world: World, persona: str
) -> None:
    client = client_for(persona)
    leaks = []
    for route in all_routes():
        row = MATRIX.get(route.key)
        if route.method not in (None, "GET") or row is None or not row.family_list:
            continue
        if row.statuses[persona] != 200:
            continue
        url = url_of(route, world)
        with transaction.atomic():
            response = send(client, route, url, "GET")
            transaction.set_rollback(True)
        if response.status_code == 200 and _names_the_family(response, world):
            leaks.append(f"{route.key} [{url}] names the family to {persona}")
    assert not leaks, "\n".join(leaks)
