"""The programme catalogue: every member of staff reads it; managers keep it."""

import pytest

from earlyhelp.programmes.models import Programme
from earlyhelp.programmes.services import edit_programme
from tests.conftest import demo_user
from tests.programmes.helpers import make_course, make_programme, text_of


def programme_form(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Strengthening Families",
        "description": "Parents and their children together, building on family strengths.",
        "min_age": "10",
        "max_age": "14",
        "evidence_level": "4",
    }
    data.update(overrides)
    return data


def test_practitioner_sees_active_programmes_with_ages_evidence_and_courses(signed_in):
    course = make_course(make_programme("Triple P", 0, 16), capacity=10)
    retired = make_programme("Mellow Parenting")
    edit_programme(
        by=demo_user("manager"),
        programme=retired,
        name=retired.name,
        description=retired.description,
        min_age=0,
        max_age=16,
        evidence_level="not_rated",
        is_active=False,
    )

    html = signed_in("practitioner").get("/programmes/").content.decode()

    assert "Triple P" in html
    assert "0 to 16 years" in html
    assert "Level 3: effective, short-term evidence" in html
    assert "Containment, reciprocity and behaviour management." in html
    assert "Bromsgrove Library" in html and "Bromsgrove" in html
    assert "10 of 10" in html
    assert f"/courses/{course.public_id}/" in html
    assert "Mellow Parenting" not in html
    assert "Add a programme" not in html and "Add a course" not in html


def test_age_filter_shows_programmes_whose_range_includes_the_childs_age(signed_in):
    make_programme("Triple P", 0, 16)
    make_programme("Strengthening Families", 10, 14)
    make_programme("Mellow Bumps", 0, 1)

    html = signed_in("fsw").get("/programmes/?age=7").content.decode()

    assert "Triple P" in html
    assert "Strengthening Families" not in html and "Mellow Bumps" not in html
    assert "Programmes for a child aged 7" in html
    html = signed_in("fsw").get("/programmes/?age=14").content.decode()
    assert "Triple P" in html and "Strengthening Families" in html
    assert "Mellow Bumps" not in html


@pytest.mark.parametrize("age", ["seven", "-1", "26"])
def test_an_age_that_is_not_a_childs_is_refused_with_the_error_summary(signed_in, age):
    make_programme()

    response = signed_in("fsw").get(f"/programmes/?age={age}")

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("path", ["/programmes/", "/programmes/new/", "/training/"])
def test_signed_out_visitor_is_sent_to_sign_in(client, db, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={path}"


def test_manager_adds_a_programme_to_the_catalogue(signed_in):
    client = signed_in("manager")

    response = client.post("/programmes/new/", programme_form())

    assert response.status_code == 302
    programme = Programme.objects.get(name="Strengthening Families")
    assert (programme.min_age, programme.max_age, programme.evidence_level) == (10, 14, "4")
    assert programme.authority == demo_user("manager").authority
    html = client.get("/programmes/").content.decode()
    assert "Strengthening Families added to the catalogue" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"min_age": "12", "max_age": "6"}, "The oldest age must be the same as or more than"),
        ({"max_age": "30"}, "Oldest age must be from 0 to 25"),
        ({"min_age": "x"}, "Youngest age must be a whole number"),
        ({"name": " "}, "Enter the programme's name"),
        ({"evidence_level": "5"}, "Select a valid choice"),
    ],
)
def test_bad_programmes_are_refused_and_nothing_is_written(signed_in, overrides, message):
    response = signed_in("admin").post("/programmes/new/", programme_form(**overrides))

    html = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert not Programme.objects.filter(name="Strengthening Families").exists()


def test_a_second_programme_of_the_same_name_is_a_field_error_not_a_500(signed_in):
    make_programme("Strengthening Families", 10, 14)

    response = signed_in("manager").post(
        "/programmes/new/", programme_form(name="strengthening families")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "There is already a programme called strengthening families" in html
    assert Programme.objects.filter(name__iexact="Strengthening Families").count() == 1


def test_manager_edits_a_programme_and_takes_it_out_of_the_catalogue(signed_in):
    programme = make_programme("Family Links", 0, 12)
    client = signed_in("manager")

    response = client.post(
        f"/programmes/{programme.public_id}/edit/",
        programme_form(name="Family Links Nurturing", min_age="0", max_age="12")
        | {"is_active": "no"},
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Family Links Nurturing"
    assert programme.is_active is False
    assert programme.history.count() == 2
    html = client.get("/programmes/").content.decode()
    assert "No longer offered" in html and "Family Links Nurturing" in html
    html = signed_in("fsw").get("/programmes/").content.decode()
    assert "Family Links" not in html


def test_renaming_a_programme_to_anothers_name_is_a_field_error(signed_in):
    make_programme("Strengthening Families", 10, 14)
    programme = make_programme("Triple P", 0, 16)

    response = signed_in("manager").post(
        f"/programmes/{programme.public_id}/edit/",
        programme_form(name="Strengthening Families") | {"is_active": "yes"},
    )

    assert response.status_code == 200
    assert "There is already a programme called Strengthening Families" in text_of(response)
    programme.refresh_from_db()
    assert programme.name == "Triple P"


@pytest.mark.parametrize("persona", ["practitioner", "fsw", "tso", "analyst"])
def test_only_managers_and_administrators_keep_the_catalogue(signed_in, persona):
    programme = make_programme()
    client = signed_in(persona)

    assert client.get("/programmes/new/").status_code == 403
    assert client.post("/programmes/new/", programme_form()).status_code == 403
    assert client.get(f"/programmes/{programme.public_id}/edit/").status_code == 403
    assert not Programme.objects.filter(name="Strengthening Families").exists()


def test_an_unknown_programme_is_404(signed_in):
    response = signed_in("manager").get("/programmes/00000000-0000-4000-8000-000000000000/edit/")

    assert response.status_code == 404
