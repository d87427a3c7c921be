import re

import pytest
from django.template import Context, Template
from django.test import Client

from earlyhelp.accounts.models import Authority
from earlyhelp.need.models import Band, BandLabel, HeadlineOutcome, IssueCode
from tests.conftest import sign_in


def test_migration_loads_the_codes_of_the_triage_code_list(db):
    assert HeadlineOutcome.objects.count() == 10
    assert IssueCode.objects.count() == 26
    attend = IssueCode.objects.get(code="EDU-ATTEND")
    assert attend.headline_outcome.label == "Getting a good education"
    assert "school refusal" in attend.need
    assert IssueCode.objects.get(code="DA").headline_outcome.label == "Safe from domestic abuse"


def test_both_authorities_label_sets_cover_all_five_bands(db):
    for slug in ("warwickshire-stepped-approach", "worcestershire-levels-of-need"):
        bands = set(BandLabel.objects.filter(label_set__slug=slug).values_list("band", flat=True))
        assert bands == set(Band.values)
    assert (
        BandLabel.objects.get(label_set__slug="warwickshire-stepped-approach", band="orange").label
        == "Targeted help"
    )


def render_band(band: str, authority: Authority | None) -> str:
    template = Template("{% load need_tags %}{% band_tag band authority %}")
    return template.render(Context({"band": band, "authority": authority}))


def test_band_tag_shows_the_authoritys_label_in_its_colour(demo):
    html = render_band("orange", demo.authority)

    assert 'class="govuk-tag eh-band eh-band--orange"' in html
    assert "Level 3" in html
    assert '<span class="govuk-visually-hidden"> (orange)</span>' in html


def test_band_tag_follows_a_changed_label(demo):
    label = demo.authority.band_label_set.labels.get(band="yellow")
    label.label = "Level 2 (extra help)"
    label.save()

    assert "Level 2 (extra help)" in render_band("yellow", demo.authority)


def test_band_tag_without_an_authority_uses_the_colour_name(db):
    assert re.search(r">\s*Red\s*</strong>", render_band("red", None))


def test_band_tag_ignores_an_unknown_band(db):
    assert render_band("purple", None) == ""


def test_levels_of_need_page_shows_bands_and_codes_to_staff(demo):
    client = sign_in(Client(), "practitioner")

    html = client.get("/levels-of-need/").content.decode()

    assert "Worcestershire County Council uses the Worcestershire levels of need" in html
    assert "Level 4" in html
    assert "EDU-NEET" in html and "Financial stability" in html
    assert "Change issue codes" not in html


def test_administrator_gets_links_to_edit_the_framework(demo):
    client = sign_in(Client(), "admin")

    html = client.get("/levels-of-need/").content.decode()

    assert 'href="/admin/need/issuecode/"' in html
    assert client.get("/admin/need/issuecode/").status_code == 200


def test_administrator_edits_an_outcome_label_and_history_keeps_the_old_one(demo):
    client = sign_in(Client(), "admin")
    outcome = HeadlineOutcome.objects.get(slug="better-managed-substance-use")

    response = client.post(
        f"/admin/need/headlineoutcome/{outcome.pk}/change/",
        {"label": "Promoting recovery and reducing harm from substance use", "position": 4},
    )

    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.label == "Promoting recovery and reducing harm from substance use"
    labels = list(outcome.history.order_by("history_date").values_list("label", flat=True))
    assert labels[-2:] == ["Better managed substance use", outcome.label]
    assert outcome.history.first().history_user.email == "admin@demo.earlyhelp.test"


def test_administrator_adds_a_local_code_that_only_their_authority_uses(demo):
    client = sign_in(Client(), "admin")
    outcome = HeadlineOutcome.objects.get(slug="secure-housing")

    response = client.post(
        "/admin/need/issuecode/add/",
        {
            "code": "HOUSING-GYPSY-TRAVELLER",
            "headline_outcome": outcome.pk,
            "need": "Site or pitch insecurity",
            "local_to": demo.authority.pk,
            "is_active": "on",
            "position": 99,
        },
    )

    assert response.status_code == 302
    practitioner = sign_in(Client(), "practitioner")
    codes = [row["code"] for row in practitioner.get("/api/need/issue-codes").json()]
    assert "HOUSING-GYPSY-TRAVELLER" in codes


def test_a_malformed_code_is_refused(demo):
    client = sign_in(Client(), "admin")
    outcome = HeadlineOutcome.objects.first()

    response = client.post(
        "/admin/need/issuecode/add/",
        {"code": "bad code", "headline_outcome": outcome.pk, "need": "x", "position": 1},
    )

    assert response.status_code == 200
    assert "capital letters" in response.content.decode()
    assert not IssueCode.objects.filter(code="bad code").exists()


@pytest.mark.parametrize("role", ["practitioner", "manager", "analyst"])
def test_only_administrators_can_use_the_admin_site(demo, role):
    client = sign_in(Client(), role)

    response = client.get("/admin/need/issuecode/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_administrator_cannot_change_the_access_log_in_the_admin_site(demo):
    client = sign_in(Client(), "admin")

    assert client.get("/admin/accounts/accesslog/").status_code == 200
    assert client.get("/admin/accounts/accesslog/add/").status_code == 403
