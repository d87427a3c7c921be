import datetime

from django.db import transaction
from django.db.models import Count
from django.test import Client

from earlyhelp.demo.services import seed_authority
from earlyhelp.pathways.models import Outcome, Pathway, PathwayStatus, TriageEntry, TriageStage
from earlyhelp.people.models import Family
from tests.conftest import PASSWORD, sign_in

TODAY = datetime.date(2026, 11, 23)


class Rollback(Exception):
    pass


def seeded(seed: int, families: int = 40) -> list[tuple]:
    try:
        with transaction.atomic():
            seed_authority(
                authority_slug="worcestershire",
                families=families,
                seed=seed,
                password=PASSWORD,
                today=TODAY,
            )
            rows = list(
                Pathway.objects.order_by("family__pk").values_list(
                    "family__name", "family__owning_team__name", "status", "outcome", "opened_on"
                )
            )
            raise Rollback
    except Rollback:
        return rows


def test_the_same_seed_and_day_give_the_same_families(db):
    assert seeded(5) == seeded(5)
    assert seeded(5) != seeded(6)


def test_families_spread_over_the_districts_with_pathways_at_every_stage(db):
    seed_authority(
        authority_slug="worcestershire", families=400, seed=2, password=PASSWORD, today=TODAY
    )

    teams = Family.objects.values("owning_team__district__name").annotate(n=Count("id"))
    assert len(teams) == 6
    assert Pathway.objects.filter(status=PathwayStatus.OPEN).exists()
    outcomes = dict(
        Pathway.objects.filter(status=PathwayStatus.CLOSED)
        .values_list("outcome")
        .annotate(n=Count("id"))
    )
    closed = sum(outcomes.values())
    assert 0.40 < outcomes[Outcome.CLOSED_POSITIVELY] / closed < 0.60
    assert 0.08 < outcomes[Outcome.ESCALATED] / closed < 0.22
    assert TriageEntry.objects.filter(triage__stage=TriageStage.CLOSURE).exists()
    assert Pathway.objects.filter(reviews__isnull=False).exists()
    assert Pathway.objects.filter(targeted_support__isnull=False).exists()
    # Every closed pathway that needs one has its repeat triage.
    needs_repeat = Pathway.objects.filter(status=PathwayStatus.CLOSED).exclude(
        outcome__in=[Outcome.DECLINED, Outcome.RELOCATED, Outcome.ESCALATED]
    )
    assert not needs_repeat.exclude(triages__stage=TriageStage.CLOSURE).exists()


def test_demo_users_of_different_districts_see_different_families(db):
    seed_authority(
        authority_slug="worcestershire", families=120, seed=3, password=PASSWORD, today=TODAY
    )

    bromsgrove = sign_in(Client(), "fsw").get("/api/families?limit=100").json()
    malvern = sign_in(Client(), "practitioner2").get("/api/families?limit=100").json()

    assert bromsgrove["count"] > 0 and malvern["count"] > 0
    assert not {item["id"] for item in bromsgrove["items"]} & {
        item["id"] for item in malvern["items"]
    }
    assert {item["team"] for item in malvern["items"]} == {
        "Malvern Hills Early Help Family Support"
    }
