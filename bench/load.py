"""The app under load: gunicorn on 127.0.0.1 serving a 200,000-family database to several
signed-in users at once, each asking in turn for the page of a scenario and for a trivial
signed-in page (/levels-of-need/, a short reference page every member of staff may read),
so that the trivial page, measured under the same load, is the baseline. Scenarios: a
family's page, a triage save (a new issue POSTed, with its CSRF token, to an open review
triage), a directory search (/find-help/ by need, age and town or postcode) and a report
page (Table 1 for the last six whole months).

Per scenario it prints the requests made, the errors (any answer but the expected one, or
a connection error), the throughput, the p50/p95/p99 latency, and their ratios to the
baseline's. The users take turns between the two kinds of request, so both are served at
the same rate; the throughput of a kind is what the users' time spent waiting for it
yields (its requests over that time divided among the users: the users over its mean
latency), the rate the server would keep up if every user asked only for it, as slow as it
was under this load. Exits 1 if any request failed.

The load is bounded: a fixed number of requests per scenario (and as many of the
baseline) from a fixed number of users (threads, each on its own HTTP/1.1 connection, kept
alive where the server allows: gunicorn's sync workers close it after each answer),
stopped early at a time limit; loopback only. The machine's load average is printed with
each scenario: other work on the machine slows both kinds of request alike, but not
exactly. Each user signs in through /sign-in/ once and keeps the session cookie.

The database is built once by `earlyhelp migrate` and `earlyhelp seed --families N` (for
200,000 families on SQLite: 53 minutes on 2 cores shared with other work, 2.5 GB) and
cached in build/bench-data/load/, keyed by the backend, the size and a hash of the demo
generator's source, so a second run only copies it (SQLite) or restores a pg_dump of it
(PostgreSQL, into a throwaway cluster from scripts/with_postgres.py, skipped where
PostgreSQL is not installed). Each run works on a fresh copy (it writes: triage entries,
sessions, the access log), migrated to the current schema first. A run on the cached
SQLite database takes about 2.5 minutes.

Run with `make bench`, or try it small:
    python bench/load.py --families 20000 --sqlite-only
"""

import argparse
import hashlib
import http.client
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from _harness import CHECKOUT, backends_chosen, database_options, measure_on_each

CACHE = CHECKOUT / "build" / "bench-data" / "load"
GENERATOR = CHECKOUT / "src" / "earlyhelp" / "demo"
BIN = Path(sys.executable).parent
AUTHORITY = "worcestershire"
SEED = 1
# The seed's published demo password (as `earlyhelp seed` prints it).
PASSWORD = os.environ.get("EARLYHELP_DEMO_PASSWORD") or "demo-password"  # noqa: S105
DEMO_DOMAIN = "demo.earlyhelp.test"
HOST = "127.0.0.1"

# Demo users who sign in (the administrator is left out: it needs a second factor).
READERS = ("practitioner", "practitioner2", "fsw", "tso", "manager", "analyst")
EDITORS = ("practitioner", "practitioner2", "fsw", "tso", "manager")
REPORT_READERS = ("analyst", "manager")
FAMILIES_PER_USER = 500  # the family pages each reader asks for, drawn from those they may see
TRIAGES_PER_USER = 25  # review triages started for each editor, which the saves go to
WARM_UP_ROUNDS = 2
BASELINE = "/levels-of-need/"
NARRATIVES = (
    "Mum says the morning routine is hard and the children are often late for school.",
    "Dad has lost his job; the family is behind with the rent and worried about food.",
    "The youngest is not yet talking in sentences; waiting for speech and language.",
    "School reports low mood and poor sleep; the GP appointment is next week.",
    "Arguments at home over screen time have got worse since the summer holidays.",
)
BANDS = ("blue", "green", "yellow", "orange")


# --- Building and caching the database -------------------------------------------------


def generator_version() -> str:
    """A hash of the demo generator's source: a change to it makes a new cache."""
    digest = hashlib.sha256()
    for path in sorted(GENERATOR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(GENERATOR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_dir(backend: str, families: int) -> Path:
    return CACHE / f"{backend}-{families}-{generator_version()}"


def earlyhelp(*arguments: str, env: dict[str, str]) -> None:
    """Run an `earlyhelp` command; its output goes to ours."""
    command = [str(BIN / "earlyhelp"), *arguments]
    code = subprocess.run(command, env=env, cwd=CHECKOUT).returncode  # noqa: S603 - our own
    if code != 0:
        raise SystemExit(f"`earlyhelp {' '.join(arguments)}` failed (exit {code})")


def seed(families: int, env: dict[str, str]) -> None:
    earlyhelp("migrate", "--noinput", "--verbosity", "0", env=env)
    earlyhelp(
        "seed", "--authority", AUTHORITY, "--families", str(families), "--seed", str(SEED), env=env
    )


def adopt(building: Path, folder: Path, backend: str, families: int) -> None:
    """The finished build becomes the cache; those of the same backend and size made by
    an older generator go (and any build left unfinished)."""
    building.rename(folder)
    for old in CACHE.glob(f"{backend}-{families}-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)


def build_note(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "built.json").read_text())


def write_build_note(folder: Path, families: int, seconds: float) -> None:
    note = {"families": families, "seconds": round(seconds), "built": time.strftime("%Y-%m-%d")}
    (folder / "built.json").write_text(json.dumps(note))


def sqlite_database(families: int, data_dir: Path, env: dict[str, str]) -> dict[str, Any]:
    """Copy the cached SQLite database (built first if there is none) to data_dir."""
    folder = cache_dir("sqlite", families)
    if not (folder / "built.json").exists():
        print(f"[sqlite] building the {families:,}-family database (once)", flush=True)
        building = folder.with_name(folder.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        started = time.perf_counter()
        seed(families, {**env, "EARLYHELP_DATA_DIR": str(building)})
        with sqlite3.connect(building / "earlyhelp.sqlite3") as database:
            database.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all of it in the one file
        write_build_note(building, families, time.perf_counter() - started)
        adopt(building, folder, "sqlite", families)
    started = time.perf_counter()
    shutil.copyfile(folder / "earlyhelp.sqlite3", data_dir / "earlyhelp.sqlite3")
    return {**build_note(folder), "copied_seconds": time.perf_counter() - started}


def postgres_tool(name: str) -> str:
    """pg_dump or pg_restore: from PATH, else from the newest /usr/lib/postgresql/*/bin
    (as scripts/with_postgres.py finds initdb)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise SystemExit(f"{name} not found: it comes with PostgreSQL's client tools")
    return str(candidates[-1])


def postgresql_database(families: int, env: dict[str, str]) -> dict[str, Any]:
    """Restore the cached dump into DATABASE_URL (built there and dumped first if there is
    none)."""
    url = env["DATABASE_URL"]
    folder = cache_dir("postgresql", families)
    started = time.perf_counter()
    if (folder / "built.json").exists():
        restore = [postgres_tool("pg_restore"), "--no-owner", "--jobs", "2", "--dbname", url]
        subprocess.run([*restore, str(folder / "earlyhelp.dump")], check=True)  # noqa: S603
        restored = time.perf_counter() - started
        analyse(url)
        return {**build_note(folder), "restored_seconds": restored}
    print(f"[postgresql] building the {families:,}-family database (once)", flush=True)
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    seed(families, env)
    analyse(url)
    dump = [postgres_tool("pg_dump"), "--format", "custom", "--file"]
    subprocess.run([*dump, str(building / "earlyhelp.dump"), url], check=True)  # noqa: S603
    write_build_note(building, families, time.perf_counter() - started)
    adopt(building, folder, "postgresql", families)
    return build_note(folder)


def analyse(url: str) -> None:
    """What autovacuum does after a big load, before the planner is relied on."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as database:
        database.execute("VACUUM ANALYZE")


# --- What the users ask for ---------------------------------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earlyhelp.settings")
    import django

    django.setup()


def prepare_workload(rng: random.Random) -> dict[str, Any]:
    """The families each reader may see, review triages started on open pathways for each
    editor, places and needs to search by, and the period of the report: all chosen
    before the server starts, from the database it will serve."""
    from django.core.management import call_command
    from django.db import connections, transaction

    from earlyhelp.accounts.models import User
    from earlyhelp.directory.needs import NEEDS
    from earlyhelp.pathways.models import Pathway, PathwayStatus, TriageStage
    from earlyhelp.pathways.services import start_triage
    from earlyhelp.people.selectors import families_editable_by, families_visible_to
    from earlyhelp.places.models import Postcode, Town
    from earlyhelp.reports.forms import default_period

    call_command("migrate", "--noinput", verbosity=0)  # the cache may predate a migration
    users = {name: User.objects.get(email=f"{name}@{DEMO_DOMAIN}") for name in READERS}
    families = {}
    for name in READERS:
        ids = list(families_visible_to(users[name]).values_list("public_id", flat=True))
        families[name] = [
            str(public_id) for public_id in rng.sample(ids, min(len(ids), FAMILIES_PER_USER))
        ]
    triages = {}
    for name in EDITORS:
        open_pathways = list(
            Pathway.objects.filter(
                family__in=families_editable_by(users[name]),
                status=PathwayStatus.OPEN,
                triages__completed_on__isnull=False,  # assessed
            )
            .exclude(triages__completed_on__isnull=True)  # no draft yet
            .distinct()
            .values_list("pk", flat=True)
        )
        chosen = Pathway.objects.filter(
            pk__in=rng.sample(open_pathways, min(len(open_pathways), TRIAGES_PER_USER))
        )
        with transaction.atomic():
            triages[name] = [
                str(start_triage(by=users[name], pathway=p, stage=TriageStage.REVIEW).public_id)
                for p in chosen
            ]
    authority = users["analyst"].authority
    towns = list(Town.objects.filter(authority=authority).values_list("name", flat=True))
    postcodes = list(
        Postcode.objects.filter(area__authority=authority).values_list("postcode", flat=True)
    )
    places = rng.sample(towns, min(len(towns), 30)) + rng.sample(postcodes, min(len(postcodes), 30))
    start, end = default_period()
    connections.close_all()  # the server has the database to itself
    return {
        "families": families,
        "triages": triages,
        "places": places,
        "needs": [need.slug for need in NEEDS],
        "period": {"date_from": start.isoformat(), "date_to": end.isoformat()},
    }


# --- The client -----------------------------------------------------------------------


class Session:
    """One signed-in user's cookies, shared by the threads that act as them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._cookies: dict[str, str] = {}
        self._lock = threading.Lock()

    def header(self) -> str:
        with self._lock:
            return "; ".join(f"{key}={value}" for key, value in self._cookies.items())

    def csrf_token(self) -> str:
        with self._lock:
            return self._cookies.get("csrftoken", "")

    def remember(self, response: http.client.HTTPResponse) -> None:
        for line in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(line)
            with self._lock:
                for key, morsel in cookie.items():
                    if morsel.value and morsel["max-age"] != "0":
                        self._cookies[key] = morsel.coded_value
                    else:
                        self._cookies.pop(key, None)


@dataclass
class Request:
    method: str
    path: str
    expect: int
    form: dict[str, str] | None = None
    redirect_to: str = ""  # for an expected redirect: where it must go


@dataclass
class Answer:
    status: int | None  # None: no answer (connection error or timeout)
    location: str
    seconds: float
    failure: str = ""


def send(connection: http.client.HTTPConnection, session: Session, request: Request) -> Answer:
    headers = {"Cookie": session.header(), "Host": f"{HOST}:{connection.port}"}
    body = None
    if request.form is not None:
        body = urlencode({**request.form, "csrfmiddlewaretoken": session.csrf_token()})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    try:
        connection.request(request.method, request.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
    except (OSError, http.client.HTTPException) as error:
        connection.close()  # the next request opens a new connection
        return Answer(None, "", time.perf_counter() - started, type(error).__name__)
    seconds = time.perf_counter() - started
    session.remember(response)
    location = response.getheader("Location", "")
    failure = "" if response.status == request.expect else f"HTTP {response.status}"
    if not failure and request.redirect_to and location != request.redirect_to:
        failure = "redirected elsewhere"
    return Answer(response.status, location, seconds, failure)


def sign_in(port: int, name: str) -> Session:
    session = Session(name)
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    form = Request("GET", "/sign-in/", 200)
    if send(connection, session, form).failure:
        raise SystemExit("the sign-in page did not answer 200")
    credentials = {"username": f"{name}@{DEMO_DOMAIN}", "password": PASSWORD}
    answer = send(connection, session, Request("POST", "/sign-in/", 302, credentials))
    connection.close()
    if answer.failure or "sign-in" in answer.location or "two-factor" in answer.location:
        raise SystemExit(f"{name} could not sign in ({answer.failure or answer.location})")
    return session


@dataclass
class Scenario:
    name: str
    users: tuple[str, ...]
    request: Callable[[random.Random, str], Request]


def scenarios(workload: dict[str, Any]) -> list[Scenario]:
    def family_page(rng: random.Random, user: str) -> Request:
        return Request("GET", f"/families/{rng.choice(workload['families'][user])}/", 200)

    def triage_save(rng: random.Random, user: str) -> Request:
        form = {"band": rng.choice(BANDS), "narrative": rng.choice(NARRATIVES), "person": ""}
        path = f"/triages/{rng.choice(workload['triages'][user])}/"
        return Request("POST", path, 302, form, redirect_to=path)  # back to the triage

    def directory_search(rng: random.Random, user: str) -> Request:
        query = {
            "need": rng.choice(workload["needs"]),
            "age": rng.randint(0, 17),
            "where": rng.choice(workload["places"]),
            "distance": 5,
        }
        return Request("GET", f"/find-help/?{urlencode(query)}", 200)

    def report_page(rng: random.Random, user: str) -> Request:
        return Request("GET", f"/reports/table1/?{urlencode(workload['period'])}", 200)

    return [
        Scenario("family page", READERS, family_page),
        Scenario("triage save", EDITORS, triage_save),
        Scenario("directory search", READERS, directory_search),
        Scenario("report page", REPORT_READERS, report_page),
    ]


@dataclass
class Phase:
    scenario: list[Answer] = field(default_factory=list)
    baseline: list[Answer] = field(default_factory=list)
    seconds: float = 0.0
    timed_out: bool = False


def run_phase(
    port: int,
    sessions: dict[str, Session],
    scenario: Scenario,
    users: int,
    requests: int,
    time_limit: float,
    seed: int,
) -> Phase:
    """`users` threads, user n acting as scenario.users[n % len], each alternating the
    scenario's request with the baseline's (half of them starting with each), until
    `requests` of each are done or the time limit passes."""
    phase = Phase()
    lock = threading.Lock()
    pairs = iter(range(requests))
    deadline = time.monotonic() + time_limit

    def next_pair() -> bool:
        with lock:
            if time.monotonic() > deadline:
                phase.timed_out = True
                return False
            return next(pairs, None) is not None

    def user(n: int) -> None:
        name = scenario.users[n % len(scenario.users)]
        rng = random.Random(f"{seed}:{scenario.name}:{n}")  # noqa: S311 - a workload
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        baseline = Request("GET", BASELINE, 200)
        while next_pair():
            mine, theirs = [], []
            order = [("scenario", scenario.request(rng, name)), ("baseline", baseline)]
            for kind, request in order if n % 2 == 0 else reversed(order):
                answer = send(connection, sessions[name], request)
                (mine if kind == "scenario" else theirs).append(answer)
            with lock:
                phase.scenario += mine
                phase.baseline += theirs
        connection.close()

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds = time.perf_counter() - started
    return phase


def summary(answers: list[Answer], users: int) -> dict[str, Any]:
    """Counts, latency percentiles (ms) and the throughput the users' waiting yields."""
    seconds = sorted(answer.seconds for answer in answers)
    cuts = statistics.quantiles(seconds, n=100, method="inclusive") if len(seconds) > 1 else []
    failures = Counter(answer.failure for answer in answers if answer.failure)
    waited = sum(seconds)
    return {
        "requests": len(answers),
        "errors": sum(failures.values()),
        "failures": dict(failures),
        "per_second": len(answers) * users / waited if waited else 0.0,
        "p50": cuts[49] * 1000 if cuts else 0.0,
        "p95": cuts[94] * 1000 if cuts else 0.0,
        "p99": cuts[98] * 1000 if cuts else 0.0,
    }


# --- The server -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], workers: int, threads: int, log: Path) -> Iterator[int]:
    """The app as `make demo` serves it (DEBUG off, gunicorn with earlyhelp's config,
    whitenoise), on a free loopback port; yields the port once /healthz answers, and
    stops it afterwards."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "earlyhelp.wsgi",
        "--config=python:earlyhelp.gunicorn_conf",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        f"--threads={threads}",  # more than 1: gunicorn's gthread worker, else sync
        "--timeout=120",
    ]
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 - our own command
            command, env=env, cwd=CHECKOUT, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_until_up(server, port, log)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until_up(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode}):\n{tail(log)}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on port {port} within 120 s:\n{tail(log)}")


def tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def server_environment() -> dict[str, str]:
    """Production settings over plain http on loopback, whatever the shell says: DEBUG on
    would keep every query in memory and measure something else."""
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "false",
            "EARLYHELP_DEMO": "true",
            "EARLYHELP_HTTPS": "false",
            "STATIC_MANIFEST": "false",
            "ALLOWED_HOSTS": HOST,
            "LOG_LEVEL": "WARNING",
            "CODER_DIR": str(CACHE / "coder"),
        }
    )
    env.setdefault("SECRET_KEY", "bench")
    return env


# --- Measuring ------------------------------------------------------------------------


def measure(args: argparse.Namespace) -> None:
    env = server_environment()
    os.environ.update(env)
    backend = "postgresql" if env.get("DATABASE_URL") else "sqlite"
    data_dir = Path(env["EARLYHELP_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)  # for the server's log, and SQLite's file
    if backend == "sqlite":
        database = sqlite_database(args.families, data_dir, env)
    else:
        database = postgresql_database(args.families, env)
    print(
        f"[{backend}] {database['families']:,}-family database built on {database['built']} in "
        f"{database['seconds']:,} s; "
        + (
            f"copied in {database['copied_seconds']:.0f} s"
            if "copied_seconds" in database
            else f"restored in {database['restored_seconds']:.0f} s"
            if "restored_seconds" in database
            else "built in this run"
        ),
        flush=True,
    )
    started = time.perf_counter()
    setup_django()
    workload = prepare_workload(random.Random(f"bench-load:{SEED}"))  # noqa: S311
    print(f"[{backend}] workload chosen in {time.perf_counter() - started:.0f} s", flush=True)

    log = data_dir / "gunicorn.log"
    phases: dict[str, Any] = {}
    results = {"backend": backend, "database": database, "scenarios": phases}
    with gunicorn(env, args.workers, args.threads, log) as port:
        sessions = {name: sign_in(port, name) for name in READERS}
        chosen = scenarios(workload)
        warm_up(port, sessions, chosen)
        for number, scenario in enumerate(chosen):
            phase = run_phase(
                port, sessions, scenario, args.users, args.requests, args.seconds, number
            )
            row = {
                "scenario": summary(phase.scenario, args.users),
                "baseline": summary(phase.baseline, args.users),
                "seconds": phase.seconds,
                "timed_out": phase.timed_out,
                "load_average": os.getloadavg()[0],
            }
            phases[scenario.name] = row
            print_phase(backend, scenario.name, row)
    if any(
        row["scenario"]["errors"] or row["baseline"]["errors"]
        for row in results["scenarios"].values()
    ):
        print(f"[{backend}] the server's log ends:\n{tail(log)}", flush=True)
    Path(args.results).write_text(json.dumps(results))


def warm_up(port: int, sessions: dict[str, Session], chosen: list[Scenario]) -> None:
    """A few requests of each kind, one at a time, not counted: templates compiled and
    the database's pages read into memory in both workers."""
    rng = random.Random("warm-up")  # noqa: S311 - a workload
    for _ in range(WARM_UP_ROUNDS):
        for scenario in chosen:
            for name in scenario.users:
                connection = http.client.HTTPConnection(HOST, port, timeout=120)
                send(connection, sessions[name], scenario.request(rng, name))
                send(connection, sessions[name], Request("GET", BASELINE, 200))
                connection.close()


def print_phase(backend: str, name: str, row: dict[str, Any]) -> None:
    ours, base = row["scenario"], row["baseline"]
    stop = " (time limit reached)" if row["timed_out"] else ""
    print(
        f"[{backend}] {name}: {ours['requests']:,} requests and {base['requests']:,} of the "
        f"baseline in {row['seconds']:.1f} s{stop}, load average "
        f"{row['load_average']:.1f}; p50 {ours['p50']:.0f} ms "
        f"(baseline {base['p50']:.0f} ms)"
        + "".join(
            f"; {kind} errors: {part['failures']}"
            for kind, part in (("scenario", ours), ("baseline", base))
            if part["errors"]
        ),
        flush=True,
    )


def print_table(row: dict[str, Any], args: argparse.Namespace) -> None:
    print(
        f"\n{row['backend']}: {row['database']['families']:,} families, {args.users} users, "
        f"gunicorn {args.workers} workers x {args.threads} threads, baseline {BASELINE}"
    )
    print(
        f"{'':18}{'requests':>9}{'errors':>7}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
        f"{'p99 ms':>8}  |{'base p50':>9}{'base p95':>9}{'base req/s':>11}  |"
        f"{'x p50':>7}{'x p95':>7}{'x req/s':>8}"
    )
    for name, phase in row["scenarios"].items():
        ours, base = phase["scenario"], phase["baseline"]
        errors = ours["errors"] + base["errors"]

        def ratio(a: float, b: float) -> str:
            return f"{a / b:.1f}" if b else "-"

        print(
            f"{name:<18}{ours['requests']:>9,}{errors:>7}{ours['per_second']:>8.1f}"
            f"{ours['p50']:>8.0f}{ours['p95']:>8.0f}{ours['p99']:>8.0f}  |"
            f"{base['p50']:>9.0f}{base['p95']:>9.0f}{base['per_second']:>11.1f}  |"
            f"{ratio(ours['p50'], base['p50']):>7}{ratio(ours['p95'], base['p95']):>7}"
            f"{ratio(ours['per_second'], base['per_second']):>8}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=200_000, help="size of the database")
    parser.add_argument("--users", type=int, default=6, help="concurrent signed-in users")
    parser.add_argument(
        "--requests", type=int, default=300, help="requests per scenario (and of the baseline)"
    )
    parser.add_argument("--seconds", type=float, default=90, help="time limit per scenario")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per gunicorn worker",
    )
    database_options(parser)
    args = parser.parse_args()
    for option in ("families", "users", "requests", "seconds", "workers", "threads"):
        if getattr(args, option) < 1:
            parser.error(f"--{option} must be 1 or more")
    if args.results:
        measure(args)
        return
    passed = [
        f"--{option}={getattr(args, option)}"
        for option in ("families", "users", "requests", "seconds", "workers", "threads")
    ]
    started = time.perf_counter()
    measured = measure_on_each(__file__, backends_chosen(args), passed)
    for row in measured:
        print_table(row, args)
    spent = time.perf_counter() - started
    print(f"\nx: the scenario's figure over the baseline's. Run time {spent:.0f} s")
    failed = sum(
        phase["scenario"]["errors"] + phase["baseline"]["errors"]
        for row in measured
        for phase in row["scenarios"].values()
    )
    if failed:
        raise SystemExit(f"{failed} requests failed")


if __name__ == "__main__":
    main()
