"""Every URL of the project, requested as every persona, answers what tests/access/matrix.py
says, never a 500, and nobody without the right changes anything."""

import time

import pytest
from django.db import transaction

from tests.access.conftest import PERSONAS, World, client_for
from tests.access.matrix import ADMIN_PERSONAS, ADMIN_RULES, API_BODIES, MATRIX, admin_kind
from tests.access.routes import all_routes, fingerprint, in_walking_order, send, url_of

SUCCESS = {200, 201, 302}


def test_every_url_pattern_has_a_row_in_the_matrix() -> None:
    missing, uncovered = [], []
    keys = set()
    for route in all_routes():
        if route.route.startswith("admin/"):
            if admin_kind(route.name, route.route) is None:
                uncovered.append(f"admin URL {route.route!r} ({route.name}) has no rule")
            continue
        keys.add(route.key)
        if route.key not in MATRIX:
            missing.append(
                f"route {route.key!r} ({route.route}) has no row in tests/access/matrix.py"
            )
    stale = [
        f"row {key!r} in tests/access/matrix.py matches no URL" for key in MATRIX.keys() - keys
    ]
    problems = missing + uncovered + stale
    assert not problems, "\n".join(problems)


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(
        label for label in after.keys() | before.keys() if after.get(label) != before.get(label)
    )


def _expected(route, persona: str) -> tuple[set[int], bool] | None:  # type: ignore[no-untyped-def]
    """The statuses allowed for this persona, and whether the route is POST only (None:
    not requested as this persona)."""
    kind = admin_kind(route.name, route.route)
    if kind is not None:
        if persona not in ADMIN_PERSONAS:
            return None
        return ADMIN_RULES[kind][persona], kind == "logout"
    row = MATRIX[route.key]
    return {row.statuses[persona]}, row.post_only


def _reads_that_change(client, world: World, persona: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Names the GET requests that change a record (only run when some did)."""
    found, previous = [], fingerprint()
    for route in in_walking_order(all_routes()):
        if route.method not in (None, "GET") or _expected(route, persona) is None:
            continue
        url = url_of(route, world)
        send(client, route, url, "GET")
        now = fingerprint()
        if now != previous:
            found.append(f"{route.key} [GET {url}] as {persona} changed {_changed(previous, now)}")
        previous = now
    return found


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_url_answers_the_persona_as_the_matrix_says(world: World, persona: str) -> None:
    client = client_for(persona)
    signed_in = persona not in {"signed_out", "public"}
    unchanged = fingerprint()
    problems: list[str] = []
    started, cpu, requests = time.monotonic(), time.process_time(), 0
    for route in in_walking_order(all_routes()):
        expected = _expected(route, persona)
        if expected is None:
            continue
        allowed, post_only = expected
        url = url_of(route, world)
        method = route.method or ("POST" if post_only else "GET")
        checks = [(method, allowed)]
        if post_only:
            # A POST-only route never shows a page to a GET (405, or sign-in, or refused).
            checks.insert(0, ("GET", {302, 403, 404, 405}))
        for sent, statuses in checks:
            body = API_BODIES[route.key](world) if route.key in API_BODIES else None
            if sent == "GET":
                # Reads are checked together after the walk (a fingerprint per request is
                # what makes the walk slow); they must change nothing.
                response, changed = send(client, route, url, sent), []
            else:
                with transaction.atomic():
                    response = send(client, route, url, sent, body)
                    changed = _changed(unchanged, fingerprint())
                    transaction.set_rollback(True)
            requests += 1
            status = response.status_code
            where = f"{route.key} [{sent} {url}] as {persona}"
            if status not in statuses:
                detail = response.get("Location", "")
                problems.append(f"{where}: got {status}, matrix says {sorted(statuses)} {detail}")
            may_change = signed_in and status in SUCCESS
            if changed and not may_change:
                problems.append(f"{where}: answered {status} but changed {', '.join(changed)}")
    changed_by_reads = _changed(unchanged, fingerprint())
    if changed_by_reads:
        problems.append(f"GET requests as {persona} changed {', '.join(changed_by_reads)}")
        problems += _reads_that_change(client, world, persona)
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    print(f"{persona}: {requests} requests in {elapsed:.1f} s, {cpu:.1f} s CPU")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
