"""The access helper for subject access exports: the only way a page or command gets a
person to export, and the families of theirs the export may cover."""

from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest

from earlyhelp.accounts.models import AccessPurpose, Role, Team, User
from earlyhelp.accounts.services import record_access
from earlyhelp.people.access import as_uuid
from earlyhelp.people.models import Family, Person
from earlyhelp.people.selectors import families_editable_by


def merged_into(person: Person) -> list[Person]:
    """The duplicate records merged into the person, directly or through another."""
    found: list[Person] = []
    wanted = [person.pk]
    while wanted:
        rows = list(Person.objects.filter(merged_into_id__in=wanted).order_by("pk"))
        found += rows
        wanted = [row.pk for row in rows]
    return found


def families_of(person: Person) -> QuerySet[Family]:
    """Every family the person or a duplicate merged into them was ever in, current
    memberships first (the order is the same on SQLite and PostgreSQL); a family is
    repeated for each membership, so read it through unique()."""
    people = [person.pk, *(row.pk for row in merged_into(person))]
    return Family.objects.filter(members__person_id__in=people).order_by(
        F("members__left_on").asc(nulls_first=True), "pk"
    )


def _families_managed_by(user: User) -> QuerySet[Family]:
    """Families of the teams and districts the user manages that they may change: the
    manager's part in them, not a TAF place or a case of their own."""
    teams = Team.objects.filter(
        Q(managers=user) | Q(district__managers=user), authority_id=user.authority_id
    ).values("pk")
    return families_editable_by(user).filter(owning_team_id__in=teams)


def get_person_for_subject_access(
    user: User,
    person_id: object,
    *,
    purpose: AccessPurpose = AccessPurpose.SUBJECT_ACCESS,
    request: HttpRequest | None = None,
) -> tuple[Person, list[Family]]:
    """The person and the families of theirs the user may export: all of them for an
    administrator of their authority; for a manager, those of the teams and districts
    they manage. 404 for anyone else, or with no such family. One access-log row per
    family; the label is ids only, so the rows name nobody."""
    person = (
        Person.objects.filter(
            public_id=as_uuid(person_id),
            merged_into__isnull=True,
            anonymised_at__isnull=True,
            authority_id=user.authority_id,
        ).first()
        if user.is_authenticated and user.authority_id
        else None
    )
    if person is None:
        raise Http404
    families = families_of(person)
    if not user.has_role(Role.ADMINISTRATOR):
        if not user.has_role(Role.MANAGER):
            raise Http404
        families = families.filter(pk__in=_families_managed_by(user).values("pk"))
    allowed = unique(families)
    if not allowed:
        raise Http404
    for family in allowed:
        record_access(
            user=user,
            record=person,
            purpose=purpose,
            family_id=family.public_id,
            request=request,
            label=f"Subject access: person {person.public_id}",
        )
    return person, allowed


def unique(families: QuerySet[Family]) -> list[Family]:
    """Ordering by a membership column can repeat a family (one row per membership)."""
    seen: dict[int, Family] = {}
    for family in families:
        seen.setdefault(family.pk, family)
    return list(seen.values())
