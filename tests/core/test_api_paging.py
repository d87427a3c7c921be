"""Paging through any list of the API: an offset past anything the database can count is a
422 with the field named, not a database error."""

import pytest

from earlyhelp.core.openapi import MAX_OFFSET

LISTS = {
    "manager": ["/api/families", "/api/support-line/calls", "/api/interventions", "/api/courses"],
    "analyst": ["/api/coding/queue"],
    "frontdoor": ["/api/safeguarding/flags"],
}


@pytest.mark.django_db
def test_an_offset_beyond_any_list_is_refused_with_the_field_named(signed_in) -> None:
    for role, paths in LISTS.items():
        client = signed_in(role)
        for path in paths:
            assert client.get(path, {"offset": MAX_OFFSET}).status_code == 200, path
            for offset in (MAX_OFFSET + 1, 66280014609664573440):
                response = client.get(path, {"offset": offset})
                assert response.status_code == 422, (path, offset, response.content[:200])
                assert "offset" in response.content.decode(), path
