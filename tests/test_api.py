from django.test import Client

from tests.conftest import sign_in


def test_api_refuses_signed_out_requests_with_json(client, db):
    response = client.get("/api/accounts/me")

    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in to use the API"}


def test_me_describes_the_signed_in_user(demo):
    client = sign_in(Client(), "manager")

    body = client.get("/api/accounts/me").json()

    assert body["email"] == "manager@demo.earlyhelp.test"
    assert body["roles"] == ["manager"]
    assert body["authority"] == "Worcestershire County Council"
    assert [team["name"] for team in body["teams"]] == ["Bromsgrove Early Help Family Support"]


def test_bands_come_with_the_authoritys_labels_in_order(demo):
    client = sign_in(Client(), "practitioner")

    body = client.get("/api/need/bands").json()

    assert [row["band"] for row in body] == ["blue", "green", "yellow", "orange", "red"]
    assert [row["label"] for row in body] == ["Level 1", "Level 1", "Level 2", "Level 3", "Level 4"]


def test_issue_codes_list_every_active_code(demo):
    client = sign_in(Client(), "analyst")

    body = client.get("/api/need/issue-codes").json()

    assert len(body) == 26
    assert body[0] == {
        "code": "EDU-ATTEND",
        "headline_outcome": "Getting a good education",
        "need": "poor or persistently low school attendance, lateness, school refusal",
        "local": False,
    }


def test_unknown_api_route_is_a_json_404(demo):
    client = sign_in(Client(), "analyst")

    response = client.get("/api/no-such-thing")

    assert response.status_code == 404


def test_openapi_schema_is_published(client, db):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/accounts/me" in paths and "/api/need/bands" in paths
