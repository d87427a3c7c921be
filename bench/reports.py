"""Table 1 (triage bands at assessment and closure) for one financial year at 1,000,000
triage entries: the system's report, counted by the database from the band flags each
triage carries, against a pandas group-by over an in-memory DataFrame of the same entry
rows (loaded before timing), side by side in one process, medians of several runs, with
the ratio system/pandas. Also the server time of the reports dashboard page, when there
is one.

Each database is fresh: SQLite in a temporary directory, and a throwaway PostgreSQL
cluster (scripts/with_postgres.py) unless PostgreSQL is not installed. Both run this script
again in a child process with the database's settings; the child migrates, seeds one
authority with its users and no families, generates about 200,000 families with their
pathways and triages (about 5 entries a family) in bulk, and measures.

Run with `make bench`, or try it small:
    python bench/reports.py --entries 50000 --sqlite-only
"""

import argparse
import datetime
import io
import json
import os
import random
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earlyhelp.settings")
os.environ.setdefault("SECRET_KEY", "bench")
# The seed loads only into a demo; the dashboard is fetched over plain http in-process.
os.environ.setdefault("EARLYHELP_DEMO", "true")
os.environ.setdefault("EARLYHELP_HTTPS", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")

import django  # noqa: E402

django.setup()

import pandas as pd  # noqa: E402
from _harness import backends_chosen, database_options, measure_on_each, side_by_side  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from earlyhelp.accounts.models import Authority, Team, User  # noqa: E402
from earlyhelp.demo.services import DEMO_EMAIL_DOMAIN  # noqa: E402
from earlyhelp.pathways.counting import count_triages  # noqa: E402
from earlyhelp.pathways.models import (  # noqa: E402
    Outcome,
    Pathway,
    PathwayStatus,
    Triage,
    TriageEntry,
    TriageStage,
)
from earlyhelp.people.models import Family  # noqa: E402
from earlyhelp.reports.definitions import (  # noqa: E402
    BANDS,
    COMPARED_STAGES,
    Period,
    Scope,
    Table1,
    table1,
)

AUTHORITY = "worcestershire"
TABLE1_RUNS = 7
PAGE_RUNS = 5
FAMILIES_PER_BATCH = 5_000
ENTRIES_PER_FAMILY = 5  # about, with the weights below
YEARS_OF_TRIAGES = 3

# Issues per triage, and the band of each issue at assessment (red, the safeguarding
# band, is rare: most red concerns go to the front door instead).
ISSUES_WEIGHTS = {1: 20, 2: 30, 3: 28, 4: 15, 5: 7}
ASSESSMENT_BAND_WEIGHTS = {"blue": 18, "green": 20, "yellow": 33, "orange": 26, "red": 3}
CLOSED_OUTCOME_WEIGHTS = {
    Outcome.CLOSED_POSITIVELY: 55,
    Outcome.DISENGAGED: 15,
    Outcome.ESCALATED: 12,
    Outcome.TRANSFERRED: 6,
    Outcome.STEPPED_DOWN: 6,
    Outcome.RELOCATED: 6,
}
# Closures with a closing triage (an escalated or relocated family is not triaged again).
TRIAGED_AT_CLOSURE = {
    Outcome.CLOSED_POSITIVELY,
    Outcome.DISENGAGED,
    Outcome.TRANSFERRED,
    Outcome.STEPPED_DOWN,
}
REVIEWED_SHARE = 0.3
NARRATIVE = {
    "blue": "Universal services are meeting this need; kept in view.",
    "green": "Some support needed; the school and the family are working on it.",
    "yellow": "Needs coordinated Early Help from more than one service.",
    "orange": "Complex needs; targeted support alongside the lead professional.",
    "red": "Safeguarding concern: discussed with the front door the same day.",
}


# --- Generating the data -------------------------------------------------------------


def generate(authority: Authority, entries_wanted: int, today: datetime.date) -> dict[str, int]:
    """Families with one pathway each, triaged at assessment, sometimes at a review, and
    at closure when the pathway closed, over the last three years, until there are at
    least `entries_wanted` entries. Returns how many rows of each were made."""
    rng = random.Random(f"bench-reports:{authority.slug}")  # noqa: S311 - synthetic data
    teams = list(
        Team.objects.filter(
            authority=authority, district__isnull=False, name__endswith="Early Help Family Support"
        )
    )
    leads = {team.pk: User.objects.filter(teams=team).order_by("pk").first() for team in teams}
    first_day = today - datetime.timedelta(days=365 * YEARS_OF_TRIAGES)
    made = {"families": 0, "pathways": 0, "triages": 0, "entries": 0}
    started = time.perf_counter()
    while made["entries"] < entries_wanted:
        with transaction.atomic():
            families = 1 + (entries_wanted - made["entries"]) // ENTRIES_PER_FAMILY
            batch = _generate_batch(
                rng, authority, teams, leads, min(families, FAMILIES_PER_BATCH), first_day, today
            )
        for kind, count in batch.items():
            made[kind] += count
        rate = made["entries"] / (time.perf_counter() - started)
        print(f"  {made['entries']:>9,} entries ({rate:,.0f} a second)", flush=True)
    return made


def _generate_batch(
    rng: random.Random,
    authority: Authority,
    teams: list[Team],
    leads: dict[int, User],
    size: int,
    first_day: datetime.date,
    today: datetime.date,
) -> dict[str, int]:
    families, pathways = [], []
    triages: list[tuple[Triage, list[str]]] = []
    for _ in range(size):
        team = rng.choice(teams)
        family = Family(authority=authority, name="Bench family", owning_team=team)
        pathway = _pathway(rng, family, team, leads[team.pk], first_day, today)
        families.append(family)
        pathways.append(pathway)
        triages += _triages(rng, pathway, today)
    Family.objects.bulk_create(families)
    Pathway.objects.bulk_create(pathways)
    Triage.objects.bulk_create([triage for triage, _ in triages])
    entries = [
        TriageEntry(
            triage=triage, band=band, narrative=NARRATIVE[band], written_by=triage.started_by
        )
        for triage, bands in triages
        for band in bands
    ]
    TriageEntry.objects.bulk_create(entries)
    return {
        "families": len(families),
        "pathways": len(pathways),
        "triages": len(triages),
        "entries": len(entries),
    }


def _pathway(
    rng: random.Random,
    family: Family,
    team: Team,
    lead: User,
    first_day: datetime.date,
    today: datetime.date,
) -> Pathway:
    opened_on = first_day + datetime.timedelta(days=rng.randrange((today - first_day).days - 7))
    closed_on = opened_on + datetime.timedelta(days=rng.randint(60, 300))
    if closed_on > today:
        return Pathway(
            family=family, team=team, opened_on=opened_on, opened_by=lead, lead_professional=lead
        )
    outcome = rng.choices(list(CLOSED_OUTCOME_WEIGHTS), list(CLOSED_OUTCOME_WEIGHTS.values()))[0]
    return Pathway(
        family=family,
        team=team,
        opened_on=opened_on,
        opened_by=lead,
        lead_professional=lead,
        status=PathwayStatus.CLOSED,
        outcome=outcome,
        closed_on=closed_on,
        closed_by=lead,
    )


def _triages(
    rng: random.Random, pathway: Pathway, today: datetime.date
) -> list[tuple[Triage, list[str]]]:
    """The pathway's completed triages, each with the bands of its entries: the same
    issues at each stage, their bands lower as the plan works."""
    issues = rng.choices(list(ISSUES_WEIGHTS), list(ISSUES_WEIGHTS.values()))[0]
    bands = rng.choices(
        list(ASSESSMENT_BAND_WEIGHTS), list(ASSESSMENT_BAND_WEIGHTS.values()), k=issues
    )
    assessed_on = min(today, pathway.opened_on + datetime.timedelta(days=rng.randint(3, 28)))
    triages = [_completed(pathway, TriageStage.ASSESSMENT, assessed_on, bands)]
    reviewed_on = assessed_on + datetime.timedelta(days=rng.randint(42, 120))
    if rng.random() < REVIEWED_SHARE and reviewed_on < (pathway.closed_on or today):
        bands = [_lower(rng, band, [0, 0, 1]) for band in bands]
        triages.append(_completed(pathway, TriageStage.REVIEW, reviewed_on, bands))
    if pathway.outcome in TRIAGED_AT_CLOSURE:
        steps = [1, 1, 2, 2, 3] if pathway.outcome == Outcome.CLOSED_POSITIVELY else [0, 0, 1]
        bands = [_lower(rng, band, steps) for band in bands]
        triages.append(_completed(pathway, TriageStage.CLOSURE, pathway.closed_on, bands))
    return triages


def _completed(
    pathway: Pathway, stage: TriageStage, on: datetime.date, bands: list[str]
) -> tuple[Triage, list[str]]:
    lead = pathway.lead_professional
    triage = Triage(
        pathway=pathway, stage=stage, started_by=lead, completed_on=on, completed_by=lead
    )
    triage.summarise(set(bands))
    return triage, bands


def _lower(rng: random.Random, band: str, steps: list[int]) -> str:
    """A band some steps lower (a red concern stays red until it is resolved)."""
    if band == "red":
        return "red" if rng.random() < 0.5 else "orange"
    return BANDS[max(0, BANDS.index(band) - rng.choice(steps))]


# --- The pandas baseline ---------------------------------------------------------------


def load_entries(authority: Authority) -> pd.DataFrame:
    """One row per triage entry with what Table 1 needs, as an analyst would export it."""
    rows = (
        TriageEntry.objects.filter(
            triage__pathway__family__authority=authority, triage__completed_on__isnull=False
        )
        .order_by()
        .values_list(
            "triage_id", "triage__stage", "triage__completed_on", "band", "triage__district_id"
        )
    )
    entries = pd.DataFrame.from_records(
        rows.iterator(chunk_size=20_000),
        columns=["triage", "stage", "completed_on", "band", "district"],
    )
    return entries.astype(
        {
            "stage": pd.CategoricalDtype(TriageStage.values),
            "completed_on": "datetime64[ns]",
            "band": pd.CategoricalDtype(BANDS),
            "district": "Int64",
        }
    )


Counts = dict[str, tuple[int, dict[str, int]]]  # stage -> (triages, band -> triages)


def pandas_counts(entries: pd.DataFrame, period: Period) -> Counts:
    """Table 1's counts by group-by: the triages of each stage completed in the period,
    and per band how many of them have at least one entry in it."""
    in_period = entries.loc[
        entries["completed_on"].between(pd.Timestamp(period.start), pd.Timestamp(period.end))
        & entries["stage"].isin(COMPARED_STAGES),
        ["triage", "stage", "band"],
    ]
    triages = in_period.drop_duplicates("triage").value_counts("stage")
    with_band = in_period.drop_duplicates(["triage", "band"]).value_counts(["stage", "band"])
    return {
        stage: (
            int(triages.get(stage, 0)),
            {band: int(with_band.get((stage, band), 0)) for band in BANDS},
        )
        for stage in COMPARED_STAGES
    }


def pandas_table1(entries: pd.DataFrame, period: Period) -> tuple[Counts, Counts]:
    """The period and the one before it, as `table1` reports both."""
    return pandas_counts(entries, period), pandas_counts(entries, period.previous())


def system_counts(report: Table1) -> Counts:
    return {
        stage: (bands.triages, {band: share.count for band, share in bands.bands.items()})
        for stage, bands in report.stages.items()
    }


# --- Measuring -----------------------------------------------------------------------


def median_seconds(work: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The median time of `runs` runs after one warm-up, and what the work returned."""
    (seconds,), (result,) = side_by_side([work], runs)
    return seconds, result


def query_plan(work: Callable[[], Any]) -> list[str]:
    """How the database runs the first query `work` makes."""
    with CaptureQueriesContext(connection) as captured:
        work()
    sql = captured.captured_queries[0]["sql"]
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql)
        return [" ".join(str(part) for part in row) for row in cursor.fetchall()]


def dashboard_seconds(period: Period) -> float:
    """The server time of the reports dashboard (every report, each against the period
    before) for the demo analyst, over the period."""
    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collected static
    url = reverse("reports:dashboard")
    query = {"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}
    client = Client(headers={"host": "localhost"})
    client.force_login(
        User.objects.get(email=f"analyst@{DEMO_EMAIL_DOMAIN}"),
        backend="django.contrib.auth.backends.ModelBackend",
    )

    def fetch() -> None:
        response = client.get(url, query)
        if response.status_code != 200:
            raise SystemExit(f"the dashboard answered {response.status_code}, not 200")

    seconds, _ = median_seconds(fetch, PAGE_RUNS)
    return seconds


def financial_year_before(today: datetime.date) -> Period:
    """The last complete financial year (April to March)."""
    year = (today.year if today.month >= 4 else today.year - 1) - 1
    return Period(datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31))


def measure(entries_wanted: int, results_file: str | None) -> None:
    backend = connection.vendor
    print(f"[{backend}] migrating and seeding {AUTHORITY}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("seed", "--authority", AUTHORITY, "--families", "0", stdout=io.StringIO())
    authority = Authority.objects.get(slug=AUTHORITY)
    today = timezone.localdate()
    started = time.perf_counter()
    made = generate(authority, entries_wanted, today)
    count_triages(authority.pk)  # as the importer and the seed do after a bulk load
    generated_in = time.perf_counter() - started
    print(
        f"[{backend}] generated {made['entries']:,} entries in {made['triages']:,} triages of "
        f"{made['families']:,} families in {generated_in:.0f} s",
        flush=True,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum leaves a table after a big load
            cursor.execute("VACUUM ANALYZE")

    period = financial_year_before(today)
    scope = Scope(authority)
    entries = load_entries(authority)
    print(f"[{backend}] DataFrame of {len(entries):,} entry rows loaded", flush=True)

    (system_seconds, pandas_seconds), (report, (counts, previous_counts)) = side_by_side(
        [lambda: table1(scope, period), lambda: pandas_table1(entries, period)], TABLE1_RUNS
    )
    assert system_counts(report) == counts, (system_counts(report), counts)
    assert system_counts(report.previous) == previous_counts
    plan = query_plan(lambda: table1(scope, period, compare=False))
    page_seconds = dashboard_seconds(period)

    ratio = system_seconds / pandas_seconds
    print(
        f"[{backend}] Table 1 for {period} (and the year before), median of {TABLE1_RUNS}:\n"
        f"  system {system_seconds * 1000:.1f} ms, pandas {pandas_seconds * 1000:.1f} ms, "
        f"ratio system/pandas {ratio:.2f}  (counts agree: "
        + ", ".join(f"{stage} {counts[stage][0]:,} triages" for stage in COMPARED_STAGES)
        + ")"
    )
    print(f"[{backend}] query plan of Table 1:\n    " + "\n    ".join(plan))
    print(f"[{backend}] reports dashboard, median of {PAGE_RUNS}: {page_seconds * 1000:.0f} ms")
    if results_file:
        Path(results_file).write_text(
            json.dumps(
                {
                    "backend": backend,
                    "entries": made["entries"],
                    "system_ms": system_seconds * 1000,
                    "pandas_ms": pandas_seconds * 1000,
                    "ratio": ratio,
                    "dashboard_ms": None if page_seconds is None else page_seconds * 1000,
                }
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000, help="at least this many")
    database_options(parser)
    args = parser.parse_args()
    if args.entries < 1:
        parser.error("--entries must be 1 or more")
    if args.results:
        measure(args.entries, args.results)
        return
    measured = measure_on_each(__file__, backends_chosen(args), ["--entries", str(args.entries)])
    print(f"\nTable 1 for one year at {args.entries:,}+ entries")
    print(f"{'':12}{'system ms':>11}{'pandas ms':>11}{'ratio':>8}{'dashboard ms':>14}")
    for row in measured:
        page = "-" if row["dashboard_ms"] is None else f"{row['dashboard_ms']:.0f}"
        print(
            f"{row['backend']:<12}{row['system_ms']:>11.1f}{row['pandas_ms']:>11.1f}"
            f"{row['ratio']:>8.2f}{page:>14}"
        )


if __name__ == "__main__":
    main()
