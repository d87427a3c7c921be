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
    assert response.json() == {"detail": "Not found"}


def test_signed_in_user_without_a_role_is_refused_with_json(demo):
    from earlyhelp.accounts.models import Role
    from earlyhelp.accounts.services import set_roles
    from tests.conftest import demo_user

    set_roles(demo_user("tso"), set())
    client = Client()
    client.post("/sign-in/", {"username": "tso@demo.earlyhelp.test", "password": "demo-password"})

    response = client.get("/api/need/bands")

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have access to this"}
    assert Role.TARGETED_SUPPORT_OFFICER not in demo_user("tso").roles


def test_openapi_schema_is_published_to_signed_in_staff(demo, client):
    assert client.get("/api/openapi.json").status_code == 302
    client = sign_in(Client(), "practitioner")

    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/accounts/me" in paths and "/api/need/bands" in paths
