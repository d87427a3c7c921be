"""Schemathesis against both APIs, through the WSGI application, as every role.

Every generated request (valid and deliberately invalid, against real and made-up ids) must
get an answer the OpenAPI document promises: no 5xx, a documented status code, the
documented content type and a body matching the documented schema. FUZZ_EXAMPLES raises the
number of examples per operation and identity for a deeper run (default 3).
"""

import os
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from ninja import Schema
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WsgiClient

from earlyhelp.coding.models import SafeguardingFlag
from earlyhelp.demo.services import SeedResult, seed_authority
from earlyhelp.directory.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from earlyhelp.frontdoor.models import RequestForSupport
from earlyhelp.pathways.models import Pathway, PlanAction, Triage, TriageEntry
from earlyhelp.people.models import Family, Person
from earlyhelp.programmes.models import Course, Delegate, Enrolment, TrainingSession
from earlyhelp.support.models import FswIntervention, SupportLineCall
from tests.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.single_lane

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
MINIMUM_REQUESTS = 1_000
ROLES = ["practitioner", "fsw", "tso", "frontdoor", "analyst", "manager", "admin"]
SIGNED_OUT = "signed out"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
HOST = "localhost"

# What each path parameter names, so generated requests sometimes reach real records.
RECORDS_BY_PARAMETER: dict[str, list[type]] = {
    "family_id": [Family],
    "person_id": [Person],
    "pathway_id": [Pathway],
    "triage_id": [Triage],
    "entry_id": [TriageEntry],
    "action_id": [PlanAction],
    "request_id": [RequestForSupport],
    "call_id": [SupportLineCall],
    "intervention_id": [FswIntervention],
    "course_id": [Course],
    "enrolment_id": [Enrolment],
    "session_id": [TrainingSession],
    "delegate_id": [Delegate],
    "flag_id": [SafeguardingFlag],
    "id": [Service, ServiceAtLocation, Taxonomy, TaxonomyTerm],
}


@pytest.fixture
def fuzz_demo(db: None) -> SeedResult:
    """Worcestershire with some families (with pathways, triages and plans), front door
    requests, calls, interventions, courses and training, and its service directory."""
    return seed_authority(
        authority_slug="worcestershire",
        families=30,
        seed=1,
        password=PASSWORD,
        directory=True,
        population=False,
    )


@contextmanager
def transaction_kept_open() -> Iterator[None]:
    """As Django's test client does: a request must not close the connection, which holds
    the test's transaction (and the seeded demo)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def wsgi_client_as(identity: str) -> tuple[WsgiClient, dict[str, str], str]:
    """A WSGI client holding the CSRF cookie, the session cookie (to send with every
    request: a generated request may carry a session cookie of its own, which it replaces)
    and the CSRF token for unsafe methods, from a sign-in through the real sign-in page."""
    django_client = Client()
    if identity == SIGNED_OUT:
        django_client.get("/sign-in/")
    else:
        sign_in(django_client, identity)
    client = WsgiClient(WSGIHandler())
    for name, morsel in django_client.cookies.items():
        client.set_cookie(name, morsel.value, domain=HOST)
    session = {
        name: morsel.value
        for name, morsel in django_client.cookies.items()
        if name == django_settings.SESSION_COOKIE_NAME
    }
    return client, session, django_client.cookies["csrftoken"].value


def real_ids(parameter: str) -> list[str]:
    ids: list[str] = []
    for model in RECORDS_BY_PARAMETER.get(parameter, []):
        field = "public_id" if any(f.name == "public_id" for f in model._meta.fields) else "pk"
        ids += [
            str(value) for value in model.objects.order_by("pk").values_list(field, flat=True)[:5]
        ]
    return ids


def cases(operation: Any) -> st.SearchStrategy:
    """Valid and invalid requests; path parameters often real ids, sometimes made up."""
    strategies = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
    generated = st.one_of(strategies)
    path_parameters = [
        parameter["name"]
        for parameter in operation.definition.raw.get("parameters", [])
        if parameter["in"] == "path"
    ]
    choices = {name: real_ids(name) for name in path_parameters}
    choices = {name: ids for name, ids in choices.items() if ids}
    if not choices:
        return generated
    real = st.fixed_dictionaries({name: st.sampled_from(ids) for name, ids in choices.items()})
    return st.tuples(generated, st.booleans(), real).map(_with_real_ids)


def _with_real_ids(drawn: tuple[Any, bool, dict[str, str]]) -> Any:
    case, use_real, ids = drawn
    if use_real and case.path_parameters is not None:
        case.path_parameters.update(ids)
    return case


def fuzz(
    schema: Any,
    strategies: dict[str, st.SearchStrategy],
    identity: str,
    session: tuple[WsgiClient, dict[str, str], str],
    counts: Counter,
    failures: list[str],
) -> None:
    client, session_cookie, csrf_token = session
    for result in schema.get_all_operations():
        operation = result.ok()

        @seed(zlib.crc32(f"{identity} {operation.label}".encode()))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategies[operation.label])
        def send(case: Any) -> None:
            response = case.call(
                session=client, headers={"X-CSRFToken": csrf_token}, cookies=session_cookie
            )
            counts[identity] += 1
            case.validate_response(response, checks=CHECKS)

        try:
            send()
        except (Exception, FailureGroup) as error:  # gathered: one run reports every failure
            failures.append(f"{identity}: {operation.label}: {error}")


def test_generated_requests_get_documented_answers_for_every_role(fuzz_demo):
    identities = [SIGNED_OUT, *ROLES]
    # Each signs in once: a two-factor code is good for one sign-in.
    sessions = {identity: wsgi_client_as(identity) for identity in identities}
    admin = sessions["admin"][0]
    schemas = [
        schemathesis.openapi.from_dict(admin.get("/api/openapi.json").get_json()),
        schemathesis.openapi.from_dict(admin.get("/api/openreferral/openapi.json").get_json()),
    ]
    for schema in schemas:
        schema.app = WSGIHandler()
    # Built once: Hypothesis compiles each strategy the first time it draws from it.
    strategies = [
        {result.ok().label: cases(result.ok()) for result in schema.get_all_operations()}
        for schema in schemas
    ]
    counts: Counter = Counter()
    failures: list[str] = []
    started = time.monotonic()

    with transaction_kept_open():
        for identity in identities:
            for schema, operations in zip(schemas, strategies, strict=True):
                fuzz(schema, operations, identity, sessions[identity], counts, failures)

    print(f"\nGenerated requests per identity ({time.monotonic() - started:.0f} s):")
    for identity in identities:
        print(f"  {identity}: {counts[identity]}")
    print(f"  total: {counts.total()}")
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures)
    assert counts.total() >= MINIMUM_REQUESTS, counts


def staff_schemas(cls: type = Schema) -> Iterator[type]:
    for subclass in cls.__subclasses__():
        module = subclass.__module__
        if (
            module.startswith("earlyhelp.")
            and module.endswith(".api")
            and "directory" not in module
        ):
            yield subclass
        yield from staff_schemas(subclass)


def test_no_two_schemas_of_the_staff_api_share_a_name():
    """The OpenAPI document names each schema by its class name: a second class of the
    same name silently takes the first one's place, and the document then describes the
    wrong body for one of them."""
    import earlyhelp.api  # noqa: F401 - every router's schemas

    modules_by_name: dict[str, set[str]] = {}
    for schema in staff_schemas():
        modules_by_name.setdefault(schema.__name__, set()).add(schema.__module__)
    assert {name: m for name, m in modules_by_name.items() if len(m) > 1} == {}
