"""Completed triages, closures and the like, written straight to the tables with the
dates a test needs (the services only accept today's work)."""

import datetime

from earlyhelp.accounts.models import Team
from earlyhelp.pathways.counting import count_triages
from earlyhelp.pathways.models import Outcome, Pathway, PathwayStatus, Triage, TriageEntry
from tests.conftest import demo_user
from tests.people.helpers import BROMSGROVE_TEAM, MALVERN_TEAM, empty_family


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


def triages_in_2020() -> None:
    """Three assessments and two closures between April and September 2020, in two
    districts (Bromsgrove and Malvern Hills); one pathway closed positively, one escalated."""
    d = datetime.date
    ash = old_pathway("Ash family", d(2020, 3, 1))
    completed_triage(ash, "assessment", d(2020, 4, 10), ["yellow", "orange"])
    completed_triage(ash, "closure", d(2020, 9, 1), ["blue", "green"])
    close(ash, d(2020, 9, 2), Outcome.CLOSED_POSITIVELY)
    birch = old_pathway("Birch family", d(2020, 4, 1))
    completed_triage(birch, "assessment", d(2020, 5, 2), ["blue", "yellow"])
    oak = old_pathway("Oak family", d(2020, 3, 1), team=MALVERN_TEAM)
    completed_triage(oak, "assessment", d(2020, 5, 1), ["orange"])
    completed_triage(oak, "closure", d(2020, 8, 1), ["orange"])
    close(oak, d(2020, 8, 2), Outcome.ESCALATED)
