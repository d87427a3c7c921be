"""Completed triages, closures and the like, written straight to the tables with the
dates a test needs (the services only accept today's work)."""

import datetime

from earlyhelp.accounts.models import Team
from earlyhelp.pathways.counting import count_triages
from earlyhelp.pathways.models import Outcome, Pathway, PathwayStatus, Triage, TriageEntry
from tests.conftest import demo_user
from tests.people.helpers import BROMSGROVE_TEAM, empty_family


def old_pathway(name: str, opened_on: datetime.date, team: str = BROMSGROVE_TEAM) -> Pathway:
    family = empty_family(name, team=team)
    return Pathway.objects.create(
        family=family,
        team=Team.objects.get(name=team),
        opened_on=opened_on,
        opened_by=demo_user("fsw"),
    )


def completed_triage(pathway: Pathway, stage: str, on: datetime.date, bands: list[str]) -> Triage:
    by = demo_user("fsw")
    triage = Triage(pathway=pathway, stage=stage, started_by=by, completed_on=on, completed_by=by)
    triage.summarise(set(bands))
    triage.save()
    for band in bands:
        TriageEntry.objects.create(
            triage=triage, band=band, narrative=f"A {band} issue.", written_by=by
        )
    count_triages(triage.authority_id, [on])
    return triage


def close(pathway: Pathway, on: datetime.date, outcome: Outcome) -> None:
    Pathway.objects.filter(pk=pathway.pk).update(
        status=PathwayStatus.CLOSED, closed_on=on, outcome=outcome, closed_by=demo_user("fsw")
    )
