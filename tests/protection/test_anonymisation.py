"""The retention rule applied: a due family's records keep their codes, bands, dates and
outcomes (so the reports give the same figures) and lose every name, contact detail and
piece of free text, in the records, their history rows and the access log."""

import datetime
import hashlib
import json
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.utils import timezone

from earlyhelp.accounts.models import AccessLog, AccessPurpose, Agency, Authority, District
from earlyhelp.coding.models import FlagAction, SafeguardingFlag
from earlyhelp.demo.families import seed_families
from earlyhelp.directory.models import Service, Signposting
from earlyhelp.frontdoor.models import (
    Decision,
    DecisionKind,
    RequestForSupport,
    RequestSource,
    RequestStatus,
)
from earlyhelp.pathways.models import (
    EntryCode,
    Pathway,
    PathwayStatus,
    PlanAction,
    Reopening,
    Review,
    TriageEntry,
)
from earlyhelp.people.models import Family, FamilyMember, Person, Relationship
from earlyhelp.programmes.models import Course, Enrolment, EnrolmentStatus, Programme
from earlyhelp.protection.models import Anonymisation
from earlyhelp.protection.tasks import apply_retention_rule
from earlyhelp.reports import catalogue
from earlyhelp.reports.definitions import Period, Scope
from earlyhelp.support.models import (
    CallerKind,
    CallOutcome,
    FswIntervention,
    InterventionOutcome,
    InterventionSession,
    InterventionSource,
    SessionKind,
    SupportLineCall,
)
from tests.conftest import demo_user, sign_in

TODAY = datetime.date(2026, 11, 23)
AS_OF = "2100-01-01"  # every closed family is due by then
MARK = "Zq~"  # "~" is in no password salt or hash
# Codes and names of things that are not the family's: kept on purpose.
NOT_PERSONAL = {"reference", "model_version", "first_language"}


def _is_history(model: type[models.Model]) -> bool:
    return model.__name__.startswith("Historical")


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


def _records_of(family: Family) -> dict[type[models.Model], set]:
    """Every row that hangs off the family or its people, found by following foreign
    keys into what is found already (not a list kept in step with the code)."""
    found: dict[type[models.Model], set] = {
        Family: {family.pk},
        Person: set(family.members.values_list("person_id", flat=True)),
    }
    candidates = [
        m
        for m in apps.get_models(include_auto_created=True)
        if not _is_history(m) and m is not AccessLog
    ]
    grew = True
    while grew:
        grew = False
        for model in candidates:
            for field in model._meta.concrete_fields:
                target = field.related_model if field.is_relation else None
                if target in found and found[target]:
                    pks = set(
                        model._default_manager.filter(
                            **{f"{field.attname}__in": found[target]}
                        ).values_list("pk", flat=True)
                    )
                    if not pks <= found.get(model, set()):
                        found.setdefault(model, set()).update(pks)
                        grew = True
    return found


def _mark_every_text(found: dict[type[models.Model], set]) -> int:
    """Put a marker in every free-text column of every record, saving each record the
    ordinary way so that history rows keep the marked values too."""
    number = 0
    for model, pks in found.items():
        fields = [f for f in _text_fields(model) if f.name not in NOT_PERSONAL]
        if not fields or model._meta.auto_created:
            continue
        for record in model._default_manager.filter(pk__in=pks):
            for field in fields:
                if field.max_length is not None and field.max_length < 8:
                    continue
                number += 1
                setattr(record, field.attname, f"{MARK}{number}x")
            record.save()
    return number


def _columns_with(text: str) -> list[str]:
    """Every text column of every table (history, access log and admin log included)
    holding the text."""
    hits = []
    for model in apps.get_models(include_auto_created=True):
        for field in _text_fields(model):
            count = model._default_manager.filter(**{f"{field.attname}__contains": text}).count()
            if count:
                hits.append(f"{model._meta.label}.{field.name}: {count}")
    return hits


def _fingerprint() -> str:
    """A hash of every row of every table: equal only if nothing changed."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label):
        if model._meta.app_label in ("sessions",):
            continue
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _figures(authority: Authority) -> dict:
    scope = Scope(authority)
    period = Period(datetime.date(2015, 1, 1), TODAY)
    return {name: catalogue.build(name, scope, period).data for name in catalogue.BUILDERS}


def _add_other_work(family: Family) -> None:
    """What the demo's families lack: a request and its decision, a call, an FSW
    intervention and session, a course place, signposting, a closed safeguarding flag,
    a reopening, a break-glass reason and a duplicate record merged into a child."""
    authority = family.authority
    fsw, frontdoor = demo_user("fsw"), demo_user("frontdoor")
    child = family.members.filter(relationship=Relationship.CHILD).first().person
    pathway = family.pathways.first()
    entry = TriageEntry.objects.filter(triage__pathway=pathway).first()
    request = RequestForSupport.objects.create(
        authority=authority,
        source=RequestSource.PROFESSIONAL,
        submitted_by=fsw,
        requester_name="someone",
        child_first_name="a",
        child_last_name="b",
        worries="w",
        consent="given",
        status=RequestStatus.DECIDED,
        family=family,
        matched_person=child,
        received_at=timezone.make_aware(datetime.datetime(2019, 5, 1, 10)),
    )
    Decision.objects.create(
        request=request,
        kind=DecisionKind.PATHWAY,
        reason="r",
        decided_by=frontdoor,
        pathway=pathway,
    )
    SupportLineCall.objects.create(
        authority=authority,
        district=District.objects.filter(authority=authority).first(),
        taken_by=fsw,
        called_at=timezone.make_aware(datetime.datetime(2019, 4, 1, 10)),
        caller_kind=CallerKind.PARENT_CARER,
        family=family,
        notes="n",
        advice="a",
        outcome=CallOutcome.RESOLVED,
    )
    intervention = FswIntervention.objects.create(
        authority=authority,
        family=family,
        source=InterventionSource.DIRECT_REFERRAL,
        worker=fsw,
        allocated_by=fsw,
        allocated_on=datetime.date(2019, 6, 1),
        started_on=datetime.date(2019, 6, 2),
        ended_on=datetime.date(2019, 9, 1),
        outcome=InterventionOutcome.POSITIVE,
        end_note="e",
    )
    intervention.children.add(child)
    InterventionSession.objects.create(
        intervention=intervention,
        held_on=datetime.date(2019, 7, 1),
        kind=SessionKind.HOME_VISIT,
        note="s",
        recorded_by=fsw,
    )
    course = Course.objects.create(
        programme=Programme.objects.filter(authority=authority).first(),
        venue="Hall",
        trainer="Trainer",
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2019, 3, 1),
        capacity=10,
        created_by=fsw,
    )
    parent = family.members.exclude(relationship=Relationship.CHILD).first().person
    Enrolment.objects.create(
        course=course,
        family=family,
        person=parent,
        status=EnrolmentStatus.COMPLETED,
        enrolled_on=datetime.date(2019, 1, 1),
        completed_on=datetime.date(2019, 3, 1),
        enrolled_by=fsw,
    )
    service = Service.objects.create(authority=authority, name="Parenting help")
    Signposting.objects.create(family=family, service=service, suggested_by=fsw, note="x")
    SafeguardingFlag.objects.create(
        entry=entry,
        score=0.9,
        model_version="v1",
        action=FlagAction.NOT_A_CONCERN,
        note="f",
        closed_by=demo_user("analyst"),
        closed_at=timezone.now(),
    )
    Reopening.objects.create(
        pathway=pathway, reason="r", previous_outcome="disengaged", reopened_by=fsw
    )
    family.break_glass.create(
        user=demo_user("practitioner2"), reason="b", expires_at=timezone.now()
    )
    Person.objects.create(authority=authority, first_name="d", last_name="d", merged_into=child)


def test_applying_the_rule_leaves_nothing_of_a_due_family_but_the_figures(demo):
    authority = Authority.objects.get(slug="worcestershire")
    seed_families(authority=authority, count=40, seed=3, today=TODAY)
    closed = Family.objects.exclude(pathways__status=PathwayStatus.OPEN)
    open_families = set(Family.objects.filter(pathways__status=PathwayStatus.OPEN))
    assert open_families and closed.count() > 10
    # The richest closed family, with everything the demo does not make.
    family = max(
        closed, key=lambda f: TriageEntry.objects.filter(triage__pathway__family=f).count()
    )
    _add_other_work(family)
    marked = _mark_every_text(_records_of(family))
    assert marked > 40
    assert _columns_with(MARK)  # in the records and their history rows
    family.refresh_from_db()
    person = family.members.first().person

    # Staff read the family: the access log now names it.
    analyst = sign_in(Client(), "analyst")
    assert analyst.get(f"/families/{family.public_id}/").status_code == 200
    assert analyst.get("/families/", {"q": family.name}).status_code == 200
    admin = sign_in(Client(), "admin")
    response = admin.get(f"/people/{person.public_id}/subject-access/json/")
    assert response.status_code == 200 and MARK in response.content.decode()
    assert any("AccessLog" in hit or "accesslog" in hit.lower() for hit in _columns_with(MARK))

    figures_before = _figures(authority)
    counts_before = {
        model: model.objects.count()
        for model in (Pathway, TriageEntry, EntryCode, PlanAction, Review, FamilyMember)
    }
    open_text_before = sorted(
        TriageEntry.objects.filter(triage__pathway__family__in=open_families).values_list(
            "narrative", flat=True
        )
    )

    # A dry run lists the closed families and changes nothing at all.
    before = _fingerprint()
    out = StringIO()
    call_command("retention", "--as-of", AS_OF, "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["dry_run"] is True
    assert {row["family_id"] for row in report["families"]} == {str(f.public_id) for f in closed}
    assert report["held_open"] == len(open_families)
    assert _fingerprint() == before

    # Applied by the background task, as the scheduler runs it.
    result = apply_retention_rule.enqueue(authority.pk, AS_OF)
    assert result.return_value["anonymised"] == closed.count()

    assert _columns_with(MARK) == []
    family.refresh_from_db()
    assert family.name == "Anonymised family" and family.anonymised_at is not None
    assert family.area_id is not None or family.postcode == ""
    person.refresh_from_db()
    assert person.full_name == "Anonymised person"
    assert person.date_of_birth is None or (
        person.date_of_birth.month,
        person.date_of_birth.day,
    ) == (7, 1)
    assert _figures(authority) == figures_before
    assert {model: model.objects.count() for model in counts_before} == counts_before
    # Families with open work are untouched.
    assert all(
        f.anonymised_at is None for f in Family.objects.filter(pk__in=[f.pk for f in open_families])
    )
    assert open_text_before == sorted(
        TriageEntry.objects.filter(triage__pathway__family__in=open_families).values_list(
            "narrative", flat=True
        )
    )
    # The audit: one row per family, by "system", and one access-log row saying so.
    audit = Anonymisation.objects.get(family=family)
    assert audit.by_label == "system" and audit.counts["access log rows removed"] >= 3
    logged = AccessLog.objects.get(family_id=family.public_id)
    assert logged.purpose == AccessPurpose.ANONYMISE and logged.user_email == "system"

    # The family list shows it as anonymised; running again changes nothing.
    listed = analyst.get("/families/", {"q": "Anonymised"})
    assert "Anonymised family" in listed.content.decode()
    page = analyst.get(f"/families/{family.public_id}/")
    assert page.status_code == 200 and "Anonymised person" in page.content.decode()
    assert MARK not in page.content.decode()
    assert admin.get(f"/people/{person.public_id}/subject-access/").status_code == 404
    again = _fingerprint()
    out = StringIO()
    call_command("retention", "--as-of", AS_OF, "--apply", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["anonymised"] == []
    assert Anonymisation.objects.count() == closed.count()
    assert _fingerprint() == again
    # And the coder does not learn from placeholders.
    from earlyhelp.coding.selectors import reviewed_entries

    assert all("[anonymised]" not in narrative for narrative, *_ in reviewed_entries())
    assert Agency.objects.exists()
