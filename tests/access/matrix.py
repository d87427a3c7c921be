"""The access matrix: for every URL of the project, the status each persona gets.

One row per URL pattern (namespace:name; API operations add their HTTP method). Columns,
in this order, are the personas of tests/access/conftest.py:

    out  signed out
    pub  a member of the public half way through the /get-help/ form
    nor  a staff account awaiting its roles (no role)
    tpr  practitioner in the family's owning team (Bromsgrove)
    otp  practitioner in another team (Malvern Hills)
    taf  police officer in the Team Around the Family (consent shares with police)
    lp   health visitor who is the Lead Professional (consent shares with health)
    ana  analyst (Monitoring Team: reads every family, changes none)
    fd   front door officer (reads families with a request awaiting them or an open flag)
    dm   manager of the family's district
    odm  manager of another district
    adm  administrator (the admin site and reference data; no family)

`get(...)`: the row's statuses for a GET (or for the API, the row's method, with an empty
JSON body `{}` for writes). `post(...)`: a route that only accepts POST, sent an empty
form (its GET must not answer 200). `FAMILY`: the page or route shows a family's record,
so the read-log test (test_read_log.py) requests it as every persona allowed to and
expects an access-log row naming the family and the user. `FAMILY_LIST`: a list, search,
export or work page that may name families: whenever it names the family, the read-log
test expects the same row ("found in a list").

Adding a URL: add its row here, with the statuses a council would expect (if the page
gives something else, the page is wrong, not the row). If it takes an id of a family's
record and shows none of it, add it to NOT_FAMILY_DATA with the reason.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PERSONA_COLUMNS = (
    "signed_out",
    "public",
    "no_role",
    "team_practitioner",
    "other_team_practitioner",
    "taf_member",
    "lead_professional",
    "analyst",
    "front_door",
    "district_manager",
    "other_district_manager",
    "administrator",
)


@dataclass(frozen=True)
class Row:
    statuses: dict[str, int]
    post_only: bool = False
    family: bool = False
    family_list: bool = False


FAMILY = "family"
FAMILY_LIST = "family_list"


def _parse(statuses: str) -> dict[str, int]:
    values = statuses.split()
    assert len(values) == len(PERSONA_COLUMNS), f"{statuses!r}: one status per persona"
    return {persona: int(value) for persona, value in zip(PERSONA_COLUMNS, values, strict=True)}


def get(statuses: str, *tags: str) -> Row:
    return Row(_parse(statuses), family=FAMILY in tags, family_list=FAMILY_LIST in tags)


def post(statuses: str, *tags: str) -> Row:
    return Row(
        _parse(statuses),
        post_only=True,
        family=FAMILY in tags,
        family_list=FAMILY_LIST in tags,
    )


# Named columns that many rows share. STAFF: any role (lists are filtered by the rule);
# FAMILY_EDITORS: the family's readers who may not change it get 403; MONITORING: reports.
# fmt: off
#                              out pub nor tpr otp taf lp  ana fd  dm  odm adm
PUBLIC =                      "200 200 200 200 200 200 200 200 200 200 200 200"
STAFF =                       "302 302 403 200 200 200 200 200 200 200 200 200"
FAMILY_READERS =              "302 302 403 200 404 200 200 200 200 200 404 404"
FAMILY_EDITORS =              "302 302 403 200 404 200 200 403 403 200 404 404"
MONITORING =                  "302 302 403 403 403 403 403 200 403 200 200 200"
MANAGERS_AND_ADMINISTRATORS = "302 302 403 403 403 403 403 403 403 200 200 200"
# Running courses (family support workers, targeted support officers, managers): places
# name families, so not administrators.
COURSE_RUNNERS =              "302 302 403 403 403 403 403 403 403 200 200 403"
API_STAFF =                   "401 401 403 200 200 200 200 200 200 200 200 200"
API_FAMILY_READERS =          "401 401 403 200 404 200 200 200 200 200 404 404"
# A write with an empty body: refused before anything else for anyone not staff, then
# refused as invalid (the access rule is applied once the body is valid).
API_WRITE_EMPTY =             "401 401 403 422 422 422 422 422 422 422 422 422"
API_TRAINING_MANAGERS =       "401 401 403 403 403 403 403 403 403 200 200 200"
# fmt: on

MATRIX: dict[str, Row] = {
    # core
    "start": get("200 200 302 302 302 302 302 302 302 302 302 302"),
    "healthz": get(PUBLIC),
    "accessibility": get(PUBLIC),
    "cookies": get(PUBLIC),
    "privacy": get(PUBLIC),
    "sign-in": get("200 200 302 302 302 302 302 302 302 302 302 302"),
    "dashboard": get("302 302 200 200 200 200 200 200 200 200 200 200", FAMILY_LIST),
    # accounts
    "accounts:two-factor-setup": get("302 302 200 200 200 200 200 200 200 200 200 200"),
    "accounts:two-factor-verify": get("302 302 302 302 302 302 302 302 302 302 302 302"),
    "accounts:two-factor-remove": get("302 302 200 200 200 200 200 200 200 200 200 302"),
    "accounts:my-teams": get("302 302 403 403 403 403 403 403 403 200 200 403"),
    "accounts:access-log": get(MANAGERS_AND_ADMINISTRATORS),
    # need
    "need:framework": get(STAFF),
    # people
    "people:family-list": get(STAFF, FAMILY_LIST),
    "people:family-new": get(STAFF),
    "people:break-glass": get(STAFF),
    "people:family-detail": get(FAMILY_READERS, FAMILY),
    "people:member-new": get(FAMILY_EDITORS, FAMILY),
    "people:member-match": get("302 302 403 302 404 302 302 403 403 302 404 404"),
    "people:consent-new": get(FAMILY_EDITORS, FAMILY),
    "people:person-merge": get("302 302 403 302 404 302 302 403 403 302 404 404"),
    "people:person-change": get(FAMILY_EDITORS, FAMILY),
    "people:consent-withdraw": get(FAMILY_EDITORS, FAMILY),
    # pathways
    "pathways:pathway-new": get(FAMILY_EDITORS, FAMILY),
    "pathways:pathway-detail": get(FAMILY_READERS, FAMILY),
    "pathways:lead-professional": get(FAMILY_EDITORS, FAMILY),
    "pathways:taf-add": get(FAMILY_EDITORS, FAMILY),
    "pathways:taf-remove": post("302 302 403 302 404 302 302 403 403 302 404 404"),
    "pathways:triage-start": post("302 302 403 302 404 302 302 403 403 302 404 404"),
    "pathways:triage": get(FAMILY_READERS, FAMILY),
    "pathways:triage-complete": post("302 302 403 302 404 302 302 403 403 302 404 404"),
    "pathways:entry-edit": get(FAMILY_EDITORS, FAMILY),
    "pathways:action-new": get(FAMILY_EDITORS, FAMILY),
    "pathways:action-edit": get(FAMILY_EDITORS, FAMILY),
    "pathways:review-new": get(FAMILY_EDITORS, FAMILY),
    "pathways:close": get(FAMILY_EDITORS, FAMILY),
    "pathways:escalate": get(FAMILY_EDITORS, FAMILY),
    "pathways:reopen": get(FAMILY_EDITORS, FAMILY),
    "pathways:targeted-support-new": get(FAMILY_EDITORS, FAMILY),
    "pathways:targeted-support-end": get(FAMILY_EDITORS, FAMILY),
    # frontdoor
    "frontdoor:request-list": get(STAFF, FAMILY_LIST),
    "frontdoor:request-new": get(STAFF),
    "frontdoor:step-down-new": get(STAFF),
    "frontdoor:request-detail": get("302 302 403 200 404 404 404 404 200 404 404 404", FAMILY),
    "frontdoor:queue": get("302 302 404 404 404 404 404 404 200 404 404 404", FAMILY_LIST),
    "frontdoor:decide": get("302 302 404 404 404 404 404 404 200 404 404 404", FAMILY),
    "frontdoor:step-ups": get("302 302 404 404 404 404 404 404 200 404 404 404", FAMILY_LIST),
    "frontdoor:get-help": get(PUBLIC),
    "frontdoor:get-help-check": get("302 302 302 302 302 302 302 302 302 302 302 302"),
    "frontdoor:get-help-sent": get("302 302 302 302 302 302 302 302 302 302 302 302"),
    "frontdoor:get-help-step": get("302 302 302 302 302 302 302 302 302 302 302 302"),
    # support
    "support:call-list": get("302 302 403 403 403 403 403 200 200 200 200 403", FAMILY_LIST),
    "support:call-new": get("302 302 403 403 403 403 403 403 200 403 403 403"),
    "support:call-detail": get("302 302 403 200 404 200 200 200 200 200 200 404", FAMILY),
    "support:intervention-new": get("302 302 403 403 403 403 403 403 403 200 404 403", FAMILY),
    "support:intervention-list": get(
        "302 302 403 403 403 403 403 403 200 200 200 403", FAMILY_LIST
    ),
    "support:caseloads": get("302 302 403 403 403 403 403 403 403 200 200 403", FAMILY_LIST),
    "support:intervention-detail": get(FAMILY_READERS, FAMILY),
    "support:intervention-start": get("302 302 403 403 404 403 403 403 403 200 404 404", FAMILY),
    "support:session-new": get("302 302 403 403 404 403 403 403 403 200 404 404", FAMILY),
    "support:intervention-end": get("302 302 403 403 404 403 403 403 403 200 404 404", FAMILY),
    # programmes
    "programmes:programme-list": get(STAFF),
    "programmes:programme-new": get(MANAGERS_AND_ADMINISTRATORS),
    "programmes:programme-edit": get(MANAGERS_AND_ADMINISTRATORS),
    "programmes:course-new": get(COURSE_RUNNERS),
    "programmes:course-detail": get(STAFF, FAMILY_LIST),
    "programmes:register": get(COURSE_RUNNERS, FAMILY_LIST),
    "programmes:enrolment-complete": post("302 302 403 403 404 403 403 403 403 302 302 404"),
    "programmes:enrolment-withdraw": post("302 302 403 302 404 302 302 403 403 302 302 404"),
    "programmes:enrol": get(FAMILY_EDITORS, FAMILY),
    "programmes:training-list": get(MANAGERS_AND_ADMINISTRATORS),
    "programmes:training-course-new": get(MANAGERS_AND_ADMINISTRATORS),
    "programmes:training-session-new": get(MANAGERS_AND_ADMINISTRATORS),
    "programmes:training-session": get(MANAGERS_AND_ADMINISTRATORS),
    "programmes:delegate-new": get(MANAGERS_AND_ADMINISTRATORS),
    "programmes:delegate-scores": get(MANAGERS_AND_ADMINISTRATORS),
    # coding
    "coding:entry-codes": get(FAMILY_READERS, FAMILY),
    "coding:review": get("302 302 403 403 403 403 403 200 403 403 403 403", FAMILY_LIST),
    "coding:review-entry": get("302 302 403 403 403 403 403 200 403 403 403 403", FAMILY),
    "coding:agreement": get(MONITORING),
    "coding:flags": get("302 302 403 403 403 403 403 403 200 200 200 403", FAMILY_LIST),
    "coding:flag-close": get("302 302 403 403 403 403 403 403 200 200 404 403", FAMILY),
    # reports
    "reports:dashboard": get(MONITORING),
    "reports:pack": get(MONITORING),
    "reports:report": get(MONITORING),
    "reports:csv": get(MONITORING),
    "reports:xlsx": get(MONITORING),
    # planning
    "planning:planning": get(MONITORING),
    "planning:csv": get(MONITORING),
    # oversight
    "oversight:due": get(STAFF, FAMILY_LIST),
    "oversight:team": get("302 302 403 403 403 403 403 200 403 200 404 403", FAMILY_LIST),
    "oversight:monitoring": get(MONITORING),
    "oversight:data-quality-check": get(MONITORING, FAMILY_LIST),
    "oversight:caseloads": get(MONITORING, FAMILY_LIST),
    "oversight:lead-professionals": get(MONITORING, FAMILY_LIST),
    "oversight:lead-professionals-csv": get(MONITORING, FAMILY_LIST),
    # protection
    "protection:subject-access": get("302 302 403 403 403 403 403 403 403 200 404 200", FAMILY),
    "protection:subject-access-download": get(
        "302 302 403 403 403 403 403 403 403 200 404 200", FAMILY
    ),
    "protection:retention": get("302 302 403 403 403 403 403 403 403 403 403 200"),
    # directory
    "directory:search": get(PUBLIC),
    "directory:service": get(PUBLIC),
    "directory:family-search": get(FAMILY_READERS, FAMILY),
    # directory_staff
    "directory_staff:gaps": get(MONITORING),
    "directory_staff:gaps-csv": get(MONITORING),
    "directory_staff:suggest": post("302 302 403 400 404 400 400 403 403 400 404 404"),
    # openreferral
    "openreferral:openapi-json": get(PUBLIC),
    "openreferral:openapi-view": get(PUBLIC),
    "openreferral:about GET": get(PUBLIC),
    "openreferral:services GET": get(PUBLIC),
    "openreferral:service GET": get(PUBLIC),
    "openreferral:service_at_locations GET": get(PUBLIC),
    "openreferral:service_at_location GET": get(PUBLIC),
    "openreferral:taxonomies GET": get(PUBLIC),
    "openreferral:taxonomy GET": get(PUBLIC),
    "openreferral:taxonomy_terms GET": get(PUBLIC),
    "openreferral:taxonomy_term GET": get(PUBLIC),
    "openreferral:api-root": get(PUBLIC),
    # api
    "api:openapi-json": get(STAFF),
    "api:openapi-view": get(STAFF),
    "api:me GET": get(API_STAFF),
    "api:bands GET": get(API_STAFF),
    "api:issue_codes GET": get(API_STAFF),
    "api:list_families GET": get(API_STAFF, FAMILY_LIST),
    "api:create_family POST": get(API_WRITE_EMPTY),
    "api:get_family GET": get(API_FAMILY_READERS, FAMILY),
    "api:add_person POST": get("401 401 403 201 404 201 201 403 403 201 404 404"),
    "api:get_person GET": get(API_FAMILY_READERS, FAMILY),
    "api:record_consent POST": get(API_WRITE_EMPTY),
    "api:withdraw_consent POST": get("401 401 403 200 404 200 200 403 403 200 404 404"),
    "api:open_pathway POST": get(API_WRITE_EMPTY),
    "api:get_pathway GET": get(API_FAMILY_READERS, FAMILY),
    "api:close_pathway POST": get("401 401 403 400 404 400 400 403 403 400 404 404"),
    "api:start_triage POST": get("401 401 403 200 404 200 200 403 403 200 404 404"),
    "api:add_entry POST": get("401 401 403 201 404 201 201 403 403 201 404 404"),
    "api:edit_entry PATCH": get(API_WRITE_EMPTY),
    "api:complete_triage POST": get("401 401 403 400 404 400 400 403 403 400 404 404"),
    "api:add_action POST": get("401 401 403 201 404 201 201 403 403 201 404 404"),
    "api:edit_action PATCH": get(API_WRITE_EMPTY),
    "api:record_review POST": get(API_WRITE_EMPTY),
    "api:list_requests GET": get(API_STAFF, FAMILY_LIST),
    "api:make_request POST": get(API_WRITE_EMPTY),
    "api:get_request GET": get("401 401 403 200 404 404 404 404 200 404 404 404", FAMILY),
    "api:request_matches GET": get("401 401 403 404 404 404 404 404 200 404 404 404", FAMILY),
    "api:link_family POST": get(API_WRITE_EMPTY),
    "api:decide POST": get(API_WRITE_EMPTY),
    "api:list_calls GET": get("401 401 403 403 403 403 403 200 200 200 200 403", FAMILY_LIST),
    "api:log_call POST": get(API_WRITE_EMPTY),
    "api:get_call GET": get("401 401 403 200 404 200 200 200 200 200 200 404", FAMILY),
    "api:list_interventions GET": get(API_STAFF, FAMILY_LIST),
    "api:allocate_intervention POST": get(API_WRITE_EMPTY),
    "api:get_intervention GET": get(API_FAMILY_READERS, FAMILY),
    "api:start_intervention POST": get(API_WRITE_EMPTY),
    "api:record_session POST": get(API_WRITE_EMPTY),
    "api:end_intervention POST": get(API_WRITE_EMPTY),
    "api:list_programmes GET": get(API_STAFF),
    "api:list_courses GET": get(API_STAFF),
    "api:get_course GET": get(API_STAFF, FAMILY_LIST),
    "api:enrol POST": get(API_WRITE_EMPTY),
    "api:record_attendance POST": get(API_WRITE_EMPTY),
    "api:complete POST": get("401 401 403 403 404 403 403 403 403 400 400 404"),
    "api:withdraw POST": get("401 401 403 200 404 200 200 403 403 200 200 404"),
    "api:family_enrolments GET": get(API_FAMILY_READERS, FAMILY),
    "api:list_training_sessions GET": get(API_TRAINING_MANAGERS),
    "api:create_training_session POST": get(API_WRITE_EMPTY),
    "api:get_training_session GET": get(API_TRAINING_MANAGERS),
    "api:add_delegate POST": get("401 401 403 403 403 403 403 403 403 400 400 400"),
    "api:record_scores PATCH": get(API_TRAINING_MANAGERS),
    "api:training_summary GET": get(API_TRAINING_MANAGERS),
    "api:queue GET": get("401 401 403 403 403 403 403 200 403 403 403 403", FAMILY_LIST),
    "api:review POST": get(API_WRITE_EMPTY),
    "api:entry_codes GET": get(API_FAMILY_READERS, FAMILY),
    "api:list_flags GET": get("401 401 403 403 403 403 403 403 200 200 200 403", FAMILY_LIST),
    "api:close_flag POST": get(API_WRITE_EMPTY),
    "api:api-root": get("404 404 404 404 404 404 404 404 404 404 404 404"),
    # core
    "sign-out": get(PUBLIC),
}

# API writes sent with a valid body, so that the access rule, not validation, answers:
# those who may change the family get a success (the request is rolled back) or the
# service's 400 (closing needs the review triage completed; completing needs an entry),
# its readers 403, everyone else 404. Other writes are sent `{}` (API_WRITE_EMPTY).
TODAY = datetime.date.today().isoformat()
API_BODIES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "api:add_person POST": lambda w: {
        "first_name": "Sam",
        "last_name": "Hill",
        "relationship": "child",
    },
    "api:withdraw_consent POST": lambda w: {"reason": "Mum asked us to stop"},
    "api:close_pathway POST": lambda w: {
        "version": w.pathway.version,
        "outcome": "closed_positively",
        "closed_on": TODAY,
        "summary": "Attendance is back to 97% and Mum feels able to cope.",
    },
    "api:start_triage POST": lambda w: {"stage": "review"},
    "api:add_entry POST": lambda w: {
        "band": "yellow",
        "narrative": "Ruby is sleeping better and has been to school every day this week.",
    },
    "api:complete_triage POST": lambda w: {"completed_on": TODAY},
    "api:add_action POST": lambda w: {
        "description": "Book a place on the sleep clinic",
        "entry_ids": [str(w.entry.public_id)],
        "owner_text": "Mum",
        "due_on": TODAY,
    },
}

# Routes that take the id of a family's record in their URL but show none of it.
NOT_FAMILY_DATA: dict[str, str] = {
    "people:member-match": "redirects to the family's page when no match is being chosen",
    "people:person-merge": "redirects to the family's page: a merge is chosen from a match",
    "pathways:taf-remove": "POST only: removes the member and redirects",
    "pathways:triage-start": "POST only: starts the triage and redirects to it",
    "pathways:triage-complete": "POST only: completes the triage and redirects",
    "programmes:enrolment-complete": "POST only: completes the place and redirects",
    "programmes:enrolment-withdraw": "POST only: withdraws the place and redirects",
    "directory_staff:suggest": "POST only: records a suggestion and redirects",
}

# The admin site: one rule per kind of admin URL, applied to every registered model.
# Requested as signed out, as a staff member without the administrator role, and as the
# administrator. Sets allow for what differs by model: a read-only model (the access log)
# refuses add and delete with 403; a model with no record redirects from its change page.
ADMIN_PERSONAS = ("signed_out", "team_practitioner", "administrator")
SIGN_IN_FIRST = {"signed_out": {302}, "team_practitioner": {302}}
ADMIN_RULES: dict[str, dict[str, set[int]]] = {
    "index": {**SIGN_IN_FIRST, "administrator": {200}},
    "app_list": {**SIGN_IN_FIRST, "administrator": {200}},
    "changelist": {**SIGN_IN_FIRST, "administrator": {200}},
    "add": {**SIGN_IN_FIRST, "administrator": {200, 403}},
    "change": {**SIGN_IN_FIRST, "administrator": {200, 302, 403}},
    "delete": {**SIGN_IN_FIRST, "administrator": {200, 302, 403}},
    "history": {**SIGN_IN_FIRST, "administrator": {200, 302, 404}},
    "history_record": {**SIGN_IN_FIRST, "administrator": {200, 404}},
    "object": {**SIGN_IN_FIRST, "administrator": {302}},
    "user_password": {**SIGN_IN_FIRST, "administrator": {200}},
    # Nobody, administrators included, reads another person's authenticator key.
    "authenticator_key": {**SIGN_IN_FIRST, "administrator": {403}},
    "password_change": {**SIGN_IN_FIRST, "administrator": {200}},
    "jsi18n": {**SIGN_IN_FIRST, "administrator": {200}},
    "autocomplete": {**SIGN_IN_FIRST, "administrator": {403}},
    "view_on_site": {**SIGN_IN_FIRST, "administrator": {404}},
    "not_found": {**SIGN_IN_FIRST, "administrator": {404}},
    # The admin's own sign-in page sends everyone to the one sign-in page; signed in, 403.
    "login": {"signed_out": {302}, "team_practitioner": {403}, "administrator": {403}},
    "logout": {**SIGN_IN_FIRST, "administrator": {302}},  # POST only
    # Background task results are for superusers only (they carry record ids).
    "superuser_only": {**SIGN_IN_FIRST, "administrator": {302, 403, 404}},
}


def admin_kind(name: str | None, route: str) -> str | None:
    """Which ADMIN_RULES rule covers an admin URL (None: no rule does)."""
    if not route.startswith("admin/"):
        return None
    if route.startswith("admin/django_tasks_database/"):
        return "superuser_only"
    if name is None:
        if route == "admin/login/":
            return "login"
        if route == "admin/(?P<url>.*)$":
            return "not_found"
        if route.endswith("<path:object_id>/"):
            return "object"
        return None
    short = name.removeprefix("admin:")
    site = {
        "index": "index",
        "app_list": "app_list",
        "login": "login",
        "logout": "logout",
        "password_change": "password_change",
        "password_change_done": "password_change",
        "jsi18n": "jsi18n",
        "autocomplete": "autocomplete",
        "view_on_site": "view_on_site",
        "auth_user_password_change": "user_password",
    }
    if short in site:
        return site[short]
    for suffix, kind in (
        ("_simple_history", "history_record"),
        ("_changelist", "changelist"),
        ("_add", "add"),
        ("_change", "change"),
        ("_delete", "delete"),
        ("_history", "history"),
        ("_config", "authenticator_key"),
        ("_qrcode", "authenticator_key"),
    ):
        if short.endswith(suffix):
            return kind
    return None
