"""The public family hub's search over 50,000 services: a postcode, a need and a child's
age (`/find-help/?need=talking&age=3&where=<postcode>&distance=5`), against a trivial page of
the same app (the public start page), side by side in one process, server time per request
(Django's test client, in-process: no network), medians, with the ratio search/trivial.

Each database is fresh: SQLite in a temporary directory, and a throwaway PostgreSQL
cluster (scripts/with_postgres.py) unless PostgreSQL is not installed. Both run this script
again in a child process with the database's settings; the child migrates, seeds
Worcestershire with no families (its areas, its demo directory), adds synthetic services in
bulk until there are the number asked for, each at a place in one of the authority's areas,
one postcode per area, and measures.

Run with `make bench`, or try it small:
    python bench/directory.py --services 5000 --sqlite-only
"""

import argparse
import io
import json
import os
import random
import re
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earlyhelp.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("EARLYHELP_DEMO", "true")
os.environ.setdefault("EARLYHELP_HTTPS", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")

import django  # noqa: E402

django.setup()

from _harness import backends_chosen, database_options, measure_on_each, side_by_side  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from earlyhelp.accounts.models import Authority  # noqa: E402
from earlyhelp.directory.models import (  # noqa: E402
    CostOption,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)
from earlyhelp.need.models import IssueCode  # noqa: E402
from earlyhelp.places.models import Area, Postcode  # noqa: E402

AUTHORITY = "worcestershire"
RUNS = 15
BATCH = 5_000
SEARCH_NEED = "talking"  # "Speech, language and talking": EY-DEV
SEARCH_AGE = 3
SEARCH_MILES = 5
WORDS = (
    "Family",
    "Community",
    "Youth",
    "Parents",
    "Little",
    "Bright",
    "Steps",
    "Together",
    "Chatter",
    "Play",
    "Support",
    "Wellbeing",
    "Pantry",
    "Warm",
    "Hub",
    "Club",
)


def generate(authority: Authority, services_wanted: int, rng: random.Random) -> int:
    """Add services until the authority has services_wanted, each offered at one new place
    a little way from the centre of one of its areas; about a third with weekly opening
    times, a third with a charge. Returns how many were added."""
    have = Service.objects.filter(authority=authority).count()
    areas = list(
        Area.objects.filter(authority=authority).values_list(
            "centroid_latitude", "centroid_longitude", "district_id", "code", "imd_decile"
        )
    )
    codes = list(IssueCode.objects.values_list("pk", flat=True))
    through = Service.issue_codes.through
    organisations = Organization.objects.bulk_create(
        Organization(authority=authority, name=f"Bench organisation {n}", description="Bench")
        for n in range(max(1, services_wanted // 50))
    )
    added = 0
    while have + added < services_wanted:
        size = min(BATCH, services_wanted - have - added)
        with transaction.atomic():
            services, locations, links, schedules, costs, needs = [], [], [], [], [], []
            for n in range(size):
                lowest = rng.choice((0, 0, 2, 5, 8, 11))
                service = Service(
                    authority=authority,
                    organization=rng.choice(organisations),
                    name=" ".join(rng.sample(WORDS, 2)) + f" {added + n}",
                    description="A service made up for the benchmark.",
                    child_minimum_age=lowest,
                    child_maximum_age=min(18, lowest + rng.choice((2, 4, 7, 12))),
                    serves_green=True,
                    serves_yellow=True,
                )
                latitude, longitude, district_id, code, decile = rng.choice(areas)
                location = Location(
                    authority=authority,
                    name=f"Bench place {added + n}",
                    latitude=latitude + rng.uniform(-0.01, 0.01),
                    longitude=longitude + rng.uniform(-0.015, 0.015),
                    district_id=district_id,
                    lsoa_code=code,
                    deprivation_decile=decile,
                )
                services.append(service)
                locations.append(location)
                links.append(ServiceAtLocation(service=service, location=location))
                needs.extend(
                    through(service=service, issuecode_id=pk)
                    for pk in rng.sample(codes, rng.randint(1, 3))
                )
                if rng.random() < 0.35:
                    schedules.append(
                        Schedule(
                            service=service,
                            freq="WEEKLY",
                            byday=rng.choice(("MO,WE,FR", "TU,TH", "MO,TU,WE,TH,FR", "SA")),
                            opens_at=f"{rng.randint(8, 13):02d}:00",
                            closes_at=f"{rng.randint(14, 19):02d}:00",
                        )
                    )
                if rng.random() < 0.3:
                    costs.append(
                        CostOption(service=service, option="Per session", amount=3, currency="GBP")
                    )
            Service.objects.bulk_create(services)
            Location.objects.bulk_create(locations)
            ServiceAtLocation.objects.bulk_create(links)
            through.objects.bulk_create(needs)
            Schedule.objects.bulk_create(schedules)
            CostOption.objects.bulk_create(costs)
        added += size
    return added


def postcode_of_each_area(authority: Authority) -> str:
    """A made-up postcode at each area's centre (the demo has no postcode lookup); the
    search starts from the middle one by area code."""
    areas = list(Area.objects.filter(authority=authority).order_by("code"))
    Postcode.objects.bulk_create(
        Postcode(
            postcode=f"ZZ{n // 10} {n % 10}AA",
            latitude=area.centroid_latitude,
            longitude=area.centroid_longitude,
            lsoa_code=area.code,
            area=area,
        )
        for n, area in enumerate(areas)
    )
    middle = len(areas) // 2
    return f"ZZ{middle // 10} {middle % 10}AA"


def fetcher(client: Client, url: str, query: dict[str, Any], must_show: str) -> Callable[[], None]:
    def fetch() -> None:
        response = client.get(url, query)
        if response.status_code != 200 or must_show not in response.content.decode():
            raise SystemExit(f"{url} {query} answered {response.status_code} without {must_show}")

    return fetch


def measure(services_wanted: int, results_file: str | None) -> None:
    backend = connection.vendor
    print(f"[{backend}] migrating and seeding {AUTHORITY}", flush=True)
    call_command("migrate", verbosity=0)
    call_command("seed", "--authority", AUTHORITY, "--families", "0", stdout=io.StringIO())
    authority = Authority.objects.get(slug=AUTHORITY)
    started = time.perf_counter()
    added = generate(authority, services_wanted, random.Random(7))  # noqa: S311 - synthetic data
    postcode = postcode_of_each_area(authority)
    total = Service.objects.filter(authority=authority).count()
    print(
        f"[{backend}] {total:,} services ({added:,} generated in "
        f"{time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    if backend == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collected static
    client = Client(headers={"host": "localhost"})
    query = {"need": SEARCH_NEED, "age": SEARCH_AGE, "where": postcode, "distance": SEARCH_MILES}
    search = fetcher(client, "/find-help/", query, " found</h2>")
    trivial = fetcher(client, "/", {}, "Early Help")
    heading = re.search(r"([\d,]+) services? found", client.get("/find-help/", query).text)
    found = int(heading[1].replace(",", "")) if heading else 0
    (search_seconds, trivial_seconds), _ = side_by_side([search, trivial], RUNS)
    ratio = search_seconds / trivial_seconds
    print(
        f"[{backend}] search ({SEARCH_NEED}, age {SEARCH_AGE}, within {SEARCH_MILES} miles of "
        f"{postcode}: {found:,} found) median of {RUNS}: {search_seconds * 1000:.1f} ms; "
        f"start page {trivial_seconds * 1000:.1f} ms; ratio search/start page {ratio:.1f}",
        flush=True,
    )
    if results_file:
        Path(results_file).write_text(
            json.dumps(
                {
                    "backend": backend,
                    "services": total,
                    "found": found,
                    "search_ms": search_seconds * 1000,
                    "trivial_ms": trivial_seconds * 1000,
                    "ratio": ratio,
                }
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000, help="services in the directory")
    database_options(parser)
    args = parser.parse_args()
    if args.services < 1:
        parser.error("--services must be 1 or more")
    if args.results:
        measure(args.services, args.results)
        return
    measured = measure_on_each(__file__, backends_chosen(args), ["--services", str(args.services)])
    print(f"\nSearch at {args.services:,} services (server time, median of {RUNS})")
    print(f"{'':12}{'search ms':>11}{'start page ms':>15}{'ratio':>8}{'found':>8}")
    for row in measured:
        print(
            f"{row['backend']:<12}{row['search_ms']:>11.1f}{row['trivial_ms']:>15.1f}"
            f"{row['ratio']:>8.1f}{row['found']:>8,}"
        )


if __name__ == "__main__":
    main()
