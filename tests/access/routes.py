"""Every URL pattern of the project, found by walking the URL resolver, and the URL of
each filled in with the objects of the access world."""

import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from ninja.operation import PathView

from tests.access.conftest import World


@dataclass(frozen=True)
class Route:
    """One URL pattern, or one HTTP method of one API operation."""

    key: str  # the matrix row: "people:family-detail", "api:get_family GET", "admin/login/"
    name: str | None  # "namespace:name" to reverse, when the pattern has a name
    route: str  # the pattern's text, e.g. "families/<uuid:family_id>/"
    method: str | None  # API operations only: GET, POST, PUT, PATCH or DELETE
    params: tuple[str, ...]  # the names of the URL's parameters
    admin_model: str | None = None  # "app_label.model" for the admin site's model pages

    @property
    def is_api(self) -> bool:
        return self.method is not None


def _path_view(pattern: URLPattern) -> PathView | None:
    """The django-ninja PathView behind a pattern (its view closes over it)."""
    for cell in getattr(pattern.callback, "__closure__", None) or ():
        if isinstance(cell.cell_contents, PathView):
            return cell.cell_contents
    return None


def _params(pattern: Any) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", {}) or {}
    names = list(converters)
    regex = getattr(pattern, "regex", None)
    if regex is not None:
        names += [n for n in regex.groupindex if n not in names]
        if not regex.groupindex and regex.groups:
            names += [f"_{i}" for i in range(regex.groups)]
    return tuple(names)


def _admin_model(route: str) -> str | None:
    parts = route.split("/")
    if len(parts) > 3 and parts[0] == "admin":
        label = f"{parts[1]}.{parts[2]}"
        if label in {m._meta.label_lower for m in admin.site._registry}:
            return label
    return None


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str | None, params: tuple) -> None:
        for pattern in resolver.url_patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, text, inner, params + _params(pattern.pattern))
                continue
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            found = params + _params(pattern.pattern)
            path_view = _path_view(pattern)
            if path_view is not None:
                for operation in path_view.operations:
                    op_name = getattr(operation, "url_name", None) or operation.view_func.__name__
                    if op_name != pattern.name:
                        continue
                    for method in operation.methods:
                        routes.append(Route(f"{name} {method}", name, text, method, found))
                continue
            routes.append(Route(name or text, name, text, None, found, _admin_model(text)))

    walk(get_resolver(), "", None, ())
    return routes


def _public(obj: Any) -> str:
    return str(obj.public_id)


# What each URL parameter is filled with.
PARAMETERS = {
    "family_id": lambda w: _public(w.family),
    "person_id": lambda w: _public(w.child),
    "pathway_id": lambda w: _public(w.pathway),
    "member_id": lambda w: _public(w.taf_member),
    "stage": lambda w: "review",
    "triage_id": lambda w: _public(w.draft),
    "entry_id": lambda w: _public(w.entry),
    "action_id": lambda w: _public(w.action),
    "support_id": lambda w: _public(w.targeted_support),
    "request_id": lambda w: _public(w.request),
    "call_id": lambda w: _public(w.call),
    "intervention_id": lambda w: _public(w.intervention),
    "programme_id": lambda w: _public(w.course.programme),
    "course_id": lambda w: _public(w.course),
    "number": lambda w: 1,
    "enrolment_id": lambda w: _public(w.enrolment),
    "session_id": lambda w: _public(w.training_session),
    "delegate_id": lambda w: _public(w.delegate),
    "flag_id": lambda w: _public(w.flag),
    "team_id": lambda w: _public(w.team),
    "check": lambda w: "short-narratives",
    "name": lambda w: "table1",
    "service_id": lambda w: str(w.service.pk),  # type: ignore[union-attr]
    "step": lambda w: "where",
    "app_label": lambda w: "accounts",
    "file_format": lambda w: "json",
}
# Parameters whose meaning depends on the route.
PER_ROUTE = {
    "planning:csv": {"name": "rates"},
    "api:get_training_session GET": {"session_id": lambda w: _public(w.training_session)},
    "api:record_session POST": {"intervention_id": lambda w: _public(w.intervention)},
}


def _open_referral_id(route: Route, world: World) -> str:
    from earlyhelp.directory.models import Taxonomy, TaxonomyTerm

    if "taxonomy_terms" in route.route:
        term = TaxonomyTerm.objects.order_by("pk").first()
        return str(term.pk if term else uuid.uuid4())
    if "taxonomies" in route.route:
        taxonomy = Taxonomy.objects.order_by("pk").first()
        return str(taxonomy.pk if taxonomy else uuid.uuid4())
    if "service_at_locations" in route.route:
        service = world.service
        at = service.service_at_locations.first() if service else None  # type: ignore[attr-defined]
        return str(at.pk if at else uuid.uuid4())
    return str(world.service.pk if world.service else uuid.uuid4())


def url_of(route: Route, world: World) -> str:
    """The URL to request for this route, filled with the world's objects."""
    if route.admin_model:
        return _admin_url(route, world)
    if route.name is None:
        return "/" + route.route.replace("(?P<url>.*)$", "no-such-page/")
    special = PER_ROUTE.get(route.key, {})
    kwargs: dict[str, Any] = {}
    for param in route.params:
        if route.name.startswith("openreferral:") and param == "id":
            kwargs[param] = _open_referral_id(route, world)
            continue
        if route.name == "admin:view_on_site":
            return _view_on_site(world)
        value = special.get(param, PARAMETERS.get(param))
        if value is None:
            raise KeyError(f"{route.key}: no value for URL parameter {param!r} in routes.py")
        kwargs[param] = value(world) if callable(value) else value
    return reverse(route.name, kwargs=kwargs)


def _view_on_site(world: World) -> str:
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(world.team)
    return reverse("admin:view_on_site", args=[content_type.pk, world.team.pk])


def _admin_url(route: Route, world: World) -> str:
    model = next(m for m in admin.site._registry if m._meta.label_lower == route.admin_model)
    obj = model._default_manager.order_by("pk").first()
    pk = obj.pk if obj is not None else 999999
    if route.name is None:  # the bare object URL, which redirects to its change page
        return route.route.replace("<path:object_id>", str(pk)).join(["/", ""])
    if "simple_history" in route.name:
        record = obj.history.order_by("pk").first() if obj is not None else None
        return reverse(route.name, args=[pk, record.pk if record else 999999])
    if route.params:
        key = route.params[0]
        return reverse(route.name, kwargs={key: pk})
    return reverse(route.name)


# Tables a request may write to without changing a record: the read log, sessions,
# sign-in attempts, background task results, and the user row (last sign-in).
UNWATCHED = {
    "accounts.accesslog",
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "django_tasks_database.dbtaskresult",
    "accounts.user",
    "otp_totp.totpdevice",
}


def _fingerprint_sql() -> str:
    from django.apps import apps
    from django.db import connection

    quote = connection.ops.quote_name
    parts = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower in UNWATCHED or model._meta.proxy or not model._meta.managed:
            continue
        columns = {f.column for f in model._meta.concrete_fields}
        latest = f"CAST(MAX({quote('updated_at')}) AS TEXT)" if "updated_at" in columns else "''"
        table = quote(model._meta.db_table)
        label = model._meta.label_lower
        parts.append(f"SELECT '{label}', COUNT(*), {latest} FROM {table}")  # noqa: S608 - model names
    return " UNION ALL ".join(parts)


def fingerprint() -> dict[str, tuple[int, str]]:
    """Each watched table's row count and latest `updated_at`: a change to any record
    changes it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return {label: (count, latest or "") for label, count, latest in cursor.fetchall()}


SIGNS_OUT = {"sign-out", "admin:logout"}


def in_walking_order(routes: list[Route]) -> list[Route]:
    """Routes that end the session go last."""
    return sorted(routes, key=lambda route: route.key in SIGNS_OUT)


def send(client: Any, route: Route, url: str, method: str, body: dict | None = None) -> Any:
    """One request as a persona would make it: an empty form or an empty JSON body for
    writes. Exceptions a view raises come back as a 500 (the client re-raises them)."""
    try:
        if route.is_api:
            data = json.dumps(body or {}) if method != "GET" else ""
            return client.generic(method, url, data=data, content_type="application/json")
        if method == "POST":
            return client.post(url, {})
        return client.get(url)
    except Exception as error:  # noqa: BLE001 - reported with the route's name
        return _Raised(error)


@dataclass
class _Raised:
    error: Exception
    status_code: int = 500

    def get(self, header: str, default: str = "") -> str:
        return f"raised {self.error!r}" if header == "Location" else default
