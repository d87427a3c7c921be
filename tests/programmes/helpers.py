"""Building programmes, courses and places for tests through the services the pages use.

The demo authority comes with the catalogue of its programmes and training courses; the
tests make their own, with other names, so they do not depend on it."""

import datetime
import html

from earlyhelp.accounts.models import District
from earlyhelp.people.models import Family, Person, Relationship
from earlyhelp.programmes.models import Course, Enrolment, EvidenceLevel, Programme
from earlyhelp.programmes.services import create_course, create_programme, enrol
from tests.conftest import demo_user

TODAY = datetime.date.today()


def day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def make_programme(name: str = "Triple P", min_age: int = 0, max_age: int = 16) -> Programme:
    """The programme of this name, made if need be."""
    existing = Programme.objects.filter(name=name).first()
    if existing is not None:
        return existing
    return create_programme(
        by=demo_user("manager"),
        name=name,
        description="Containment, reciprocity and behaviour management.",
        min_age=min_age,
        max_age=max_age,
        evidence_level=EvidenceLevel.LEVEL_3,
    )


def make_course(
    programme: Programme | None = None,
    *,
    starts_on: datetime.date | None = None,
    sessions: int = 6,
    capacity: int = 12,
    venue: str = "Bromsgrove Library",
) -> Course:
    starts_on = starts_on or TODAY + datetime.timedelta(days=7)
    return create_course(
        by=demo_user("fsw"),
        programme=programme or make_programme(),
        venue=venue,
        district=District.objects.get(name="Bromsgrove"),
        trainer="Sam Okafor",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(weeks=sessions - 1),
        capacity=capacity,
        sessions=sessions,
    )


def running_course(programme: Programme | None = None, **kwargs: object) -> Course:
    """A course that began two weeks ago: sessions 1 to 3 have been held (3 is today)."""
    return make_course(programme, starts_on=TODAY - datetime.timedelta(weeks=2), **kwargs)  # type: ignore[arg-type]


def parent_of(family: Family) -> Person:
    return family.members.get(relationship=Relationship.PARENT, left_on__isnull=True).person


def book(course: Course, family: Family, person: Person | None = None) -> Enrolment:
    return enrol(
        by=demo_user("fsw"), course=course, family=family, person=person or parent_of(family)
    )


def text_of(response: object) -> str:
    """The page's HTML with entities decoded (Django and the GOV.UK macros escape quotes
    differently)."""
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]
