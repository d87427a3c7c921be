"""A subject access export: everything held about one person, as JSON with stable keys
(``earlyhelp-subject-access/1``) and as a PDF printed from the same data.

It covers, for the families the exporter may see (protection/access.py): the person's
details and every correction to them; the duplicate records merged into them, with
their corrections; every membership of those families, past ones and the duplicates'
too; and for each family its own corrections, the consents, requests for support,
pathways (triage entries with their codes and safeguarding flags, plan actions and
progress, reviews, escalations, reopenings, closures), FSW interventions and sessions,
course places, Family Support Line calls and signposting. Then the requests naming the
person (or a duplicate) not linked to a family, with any Family Support Line call they
came from, and the access log of who read these records. Family records hold other
people's information too: the data protection officer reviews the export before it is
released (docs/decisions/0011).
"""

import datetime
import io
import uuid

from django.db.models import F, Model
from django.template.loader import render_to_string
from django.utils import timezone

from earlyhelp.accounts.models import User
from earlyhelp.coding.models import SafeguardingFlag
from earlyhelp.directory.models import Signposting
from earlyhelp.frontdoor.models import RequestForSupport
from earlyhelp.pathways.models import Pathway
from earlyhelp.people.models import Family, FamilyMember, Person
from earlyhelp.people.services import CORRECTABLE
from earlyhelp.programmes.models import Enrolment
from earlyhelp.protection.access import merged_into
from earlyhelp.protection.corrections import corrections_of
from earlyhelp.protection.selectors import access_log_about
from earlyhelp.support.models import FswIntervention, SupportLineCall

SCHEMA = "earlyhelp-subject-access/1"


def _value(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Model):
        return str(value)
    return value


def _fields(record: Model, names: list[str]) -> dict:
    """The named fields, with choices as their labels and users as their names."""
    out = {}
    for name in names:
        getter = getattr(record, f"get_{name}_display", None)
        out[name] = getter() if getter else _value(getattr(record, name))
    return out


def _person(person: Person) -> dict:
    return _fields(person, ["public_id", *CORRECTABLE, "created_at", "updated_at"])


def _request(request: RequestForSupport) -> dict:
    out = _fields(
        request,
        [
            "reference",
            "source",
            "status",
            "received_at",
            "requester_name",
            "requester_email",
            "requester_phone",
            "requester_role",
            "child_first_name",
            "child_last_name",
            "child_date_of_birth",
            "parent_name",
            "postcode",
            "worries",
            "tried_so_far",
            "suggested_band",
            "consent",
            "social_worker_summary",
        ],
    )
    decision = getattr(request, "decision", None)
    out["decision"] = (
        _fields(decision, ["kind", "reason", "advice", "decided_by", "decided_at"])
        if decision
        else None
    )
    return out


def _pathway(pathway: Pathway) -> dict:
    out = _fields(
        pathway,
        [
            "reference",
            "team",
            "status",
            "opened_on",
            "lead_professional",
            "closed_on",
            "outcome",
            "closing_summary",
        ],
    )
    flags = {}
    for flag in SafeguardingFlag.objects.filter(entry__triage__pathway=pathway).order_by("pk"):
        flags.setdefault(flag.entry_id, []).append(
            _fields(flag, ["created_at", "action", "note", "closed_by", "closed_at"])
        )
    out["triages"] = [
        {
            **_fields(triage, ["stage", "completed_on", "completed_by"]),
            "entries": [
                {
                    **_fields(entry, ["band", "narrative", "person", "written_by", "created_at"]),
                    "codes": [
                        {
                            "code": code.code.code,
                            "source": code.get_source_display(),
                            "status": code.get_status_display(),
                            "confidence": code.confidence,
                        }
                        for code in entry.codes.select_related("code").order_by("code__code")
                    ],
                    "safeguarding_flags": flags.get(entry.pk, []),
                }
                for entry in triage.entries.select_related("person", "written_by")
            ],
        }
        for triage in pathway.triages.select_related("completed_by")
    ]
    out["plan_actions"] = [
        {
            **_fields(action, ["description", "owner_label", "agreed_on", "due_on", "status"]),
            "progress": [
                _fields(note, ["created_at", "status", "note", "recorded_by"])
                for note in action.progress.select_related("recorded_by")
            ],
        }
        for action in pathway.actions.select_related("owner", "owner_agency")
    ]
    out["reviews"] = [
        {
            **_fields(review, ["held_on", "other_attendees", "plan_changes", "next_review_on"]),
            "attendees": [str(user) for user in review.attendees.all()],
        }
        for review in pathway.reviews.all()
    ]
    out["escalations"] = [
        _fields(row, ["escalated_on", "reason", "escalated_by"])
        for row in pathway.escalations.all()
    ]
    out["reopenings"] = [
        _fields(row, ["created_at", "reason", "previous_outcome", "reopened_by"])
        for row in pathway.reopenings.all()
    ]
    out["targeted_support"] = [
        _fields(row, ["officer", "started_on", "ended_on", "outcome"])
        for row in pathway.targeted_support.all()
    ]
    out["team_around_the_family"] = [
        _fields(row, ["user", "created_at", "removed_at"]) for row in pathway.taf_members.all()
    ]
    return out


def _call(call: SupportLineCall) -> dict:
    return _fields(
        call,
        [
            "called_at",
            "caller_kind",
            "caller_name",
            "taken_by",
            "notes",
            "advice",
            "outcome",
            "referred_to",
        ],
    )


def _family(family: Family, memberships: list[FamilyMember]) -> dict:
    return {
        "family": _fields(
            family, ["public_id", "reference", "name", "postcode", "owning_team", "created_at"]
        )
        | {"area": family.area.code if family.area else None},
        "corrections": [correction.as_json() for correction in corrections_of(family)],
        "memberships": [
            _fields(membership, ["relationship", "is_main_contact", "left_on"])
            | {"record": str(membership.person.public_id)}
            for membership in memberships
        ],
        "members": [
            {"name": member.person.full_name, "relationship": member.get_relationship_display()}
            for member in family.members.select_related("person")
        ],
        "consents": [
            {
                **_fields(
                    consent,
                    [
                        "decision",
                        "to_assessment",
                        "given_by",
                        "given_on",
                        "recorded_by",
                        "notes",
                        "ended_at",
                        "end_reason",
                    ],
                ),
                "share_with": [str(agency) for agency in consent.share_with.all()],
            }
            for consent in family.consents.all()
        ],
        "requests": [_request(row) for row in family.requests.order_by("received_at", "pk")],
        "pathways": [_pathway(row) for row in family.pathways.order_by("opened_on", "pk")],
        "interventions": [
            {
                **_fields(
                    intervention,
                    [
                        "reference",
                        "source",
                        "worker",
                        "is_remote",
                        "allocated_on",
                        "started_on",
                        "ended_on",
                        "outcome",
                        "end_note",
                    ],
                ),
                "children": [child.full_name for child in intervention.children.all()],
                "sessions": [
                    _fields(session, ["held_on", "kind", "note", "recorded_by"])
                    for session in intervention.sessions.all()
                ],
            }
            for intervention in FswIntervention.objects.filter(family=family).order_by("pk")
        ],
        "course_places": [
            {
                **_fields(enrolment, ["status", "enrolled_on", "completed_on"]),
                "person": enrolment.person.full_name,
                "course": str(enrolment.course),
                "sessions_attended": enrolment.attendance.filter(attended=True).count(),
            }
            for enrolment in Enrolment.objects.filter(family=family)
            .select_related("person", "course__programme")
            .order_by("pk")
        ],
        "support_line_calls": [
            _call(call)
            for call in SupportLineCall.objects.filter(family=family).order_by("called_at", "pk")
        ],
        "signposting": [
            {
                **_fields(row, ["suggested_at", "suggested_by", "note"]),
                "service": row.service.name,
            }
            for row in Signposting.objects.filter(family=family)
            .select_related("service", "suggested_by")
            .order_by("suggested_at")
        ],
    }


def memberships_in(people: list[Person], families: list[Family]) -> list[FamilyMember]:
    """The people's memberships of the families, current ones first."""
    return list(
        FamilyMember.objects.filter(person__in=people, family__in=families)
        .select_related("family__owning_team", "family__area", "person")
        .order_by(F("left_on").asc(nulls_first=True), "pk")
    )


def subject_access_record(person: Person, *, by: User, families: list[Family]) -> dict:
    """Everything held about the person in `families` (those the exporter may see, from
    protection.access), with the duplicate records merged into them, as plain data with
    stable keys."""
    duplicates = merged_into(person)
    people = [person, *duplicates]
    memberships = memberships_in(people, families)
    family_ids = [family.public_id for family in families]
    unlinked_requests = list(
        RequestForSupport.objects.filter(matched_person__in=people, family__isnull=True).order_by(
            "received_at", "pk"
        )
    )
    calls = {
        call.request_id: call
        for call in SupportLineCall.objects.filter(
            request__in=unlinked_requests, family__isnull=True
        )
    }
    return {
        "schema": SCHEMA,
        "made_at": timezone.localtime().isoformat(),
        "made_by": by.email,
        "person": _person(person),
        "corrections": [correction.as_json() for correction in corrections_of(person)],
        "merged_duplicates": [
            {
                **_person(duplicate),
                "corrections": [c.as_json() for c in corrections_of(duplicate)],
            }
            for duplicate in duplicates
        ],
        "families": [
            _family(family, [m for m in memberships if m.family_id == family.pk])
            for family in families
        ],
        "requests_not_linked_to_a_family": [
            _request(row)
            | {"support_line_call": (_call(calls[row.pk]) if row.pk in calls else None)}
            for row in unlinked_requests
        ],
        "access_log": [
            {
                "at": _value(row.at),
                "by": row.user_email,
                "purpose": row.get_purpose_display(),
                "record_type": row.object_type,
                "record_id": row.object_id,
                "family_id": _value(row.family_id),
            }
            for row in access_log_about(people, family_ids)
        ],
    }


def _tree(value: object) -> dict:
    """The data as nodes a template can print without knowing its shape."""
    if isinstance(value, dict):
        return {
            "kind": "fields",
            "items": [
                (key.replace("_", " ").capitalize(), _tree(item)) for key, item in value.items()
            ],
        }
    if isinstance(value, list):
        return {"kind": "list", "items": [_tree(item) for item in value]}
    if value is None or value == "":
        return {"kind": "text", "text": "-"}
    if value is True or value is False:
        return {"kind": "text", "text": "Yes" if value else "No"}
    return {"kind": "text", "text": str(value)}


def as_pdf(record: dict) -> bytes:
    """The export printed for the person: the same data, section by section."""
    from weasyprint import HTML  # heavy: only when a PDF is asked for

    sections = [
        (key.replace("_", " ").capitalize(), _tree(value))
        for key, value in record.items()
        if key not in ("schema", "made_at", "made_by")
    ]
    html = render_to_string(
        "protection/subject_access_pdf.html", {"record": record, "sections": sections}
    )
    out = io.BytesIO()
    HTML(string=html).write_pdf(out)
    return out.getvalue()
