"""The synthetic data generator. Deterministic for a given seed; never real people."""

import base64
import datetime
import random
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from earlyhelp.accounts.models import Agency, AgencyKind, Authority, District, Role, Team, User
from earlyhelp.accounts.services import set_roles
from earlyhelp.demo.authorities import AUTHORITIES, AuthorityPlace
from earlyhelp.demo.coding_data import seed_coding
from earlyhelp.demo.directory import seed_directory
from earlyhelp.demo.families import seed_families
from earlyhelp.demo.places import seed_places
from earlyhelp.demo.population import seed_population
from earlyhelp.demo.support_data import seed_support
from earlyhelp.need.models import BandLabelSet

DEMO_EMAIL_DOMAIN = "demo.earlyhelp.test"
# Bigger seeds leave their entries to `earlyhelp coder backlog` (5 entries a family).
CODED_IN_SEED_UP_TO = 50_000

# One demo user per role: (email name, role, job title).
DEMO_USERS = [
    ("practitioner", Role.PRACTITIONER, "Pastoral lead"),
    ("fsw", Role.FAMILY_SUPPORT_WORKER, "Family support worker"),
    ("tso", Role.TARGETED_SUPPORT_OFFICER, "Targeted support officer"),
    ("frontdoor", Role.FRONT_DOOR_OFFICER, "Front door officer"),
    ("analyst", Role.ANALYST, "Early Help analyst"),
    ("manager", Role.MANAGER, "Early Help team manager"),
    ("admin", Role.ADMINISTRATOR, "Early Help systems administrator"),
]


class SeedError(Exception):
    """The seed cannot be loaded as asked; the message says why."""


@dataclass
class SeedResult:
    authority: Authority
    logins: list[tuple[str, str]] = field(default_factory=list)  # (email, role label)
    two_factor_keys: dict[str, str] = field(default_factory=dict)  # email -> base32 key
    families: int = 0
    support: dict[str, int] = field(default_factory=dict)  # rows made, by kind
    coded: int = 0  # triage entries read by the coder
    places: dict[str, int] = field(default_factory=dict)  # areas made, by kind
    directory: dict[str, int] = field(default_factory=dict)  # directory records, by kind


def demo_users() -> list[User]:
    return list(
        User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
        .prefetch_related("groups")
        .order_by("date_joined", "pk")
    )


def seed_authority(
    *,
    authority_slug: str,
    families: int,
    seed: int,
    password: str,
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
    directory: bool = True,
    population: bool = True,
) -> SeedResult:
    place = AUTHORITIES.get(authority_slug)
    if place is None:
        raise SeedError(
            f"unknown authority {authority_slug!r}: choose one of {', '.join(sorted(AUTHORITIES))}"
        )
    if families < 0:
        raise SeedError("--families must be 0 or more")
    if Authority.objects.filter(slug=place.slug).exists():
        raise SeedError(f"{place.name} is already in this database: seed a fresh database")
    if User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").exists():
        raise SeedError("this database already has the demo users: seed a fresh database")
    try:
        label_set = BandLabelSet.objects.get(slug=place.band_label_set)
    except BandLabelSet.DoesNotExist:
        raise SeedError("the levels of need are missing: run `earlyhelp migrate` first") from None

    generator = _Generator(seed, place.slug)
    with transaction.atomic():
        authority = Authority.objects.create(
            public_id=generator.uuid(),
            name=place.name,
            slug=place.slug,
            ons_code=place.ons_code,
            band_label_set=label_set,
        )
        districts = _create_districts(generator, authority, place)
        teams = _create_teams(generator, authority, districts)
        agencies = _create_agencies(generator, authority, place, districts)
        result = _create_demo_users(generator, authority, districts, teams, agencies, password)
        _create_staff(generator, authority, districts, teams, agencies)
        result.places = seed_places(authority, place, seed)
        if population:
            result.places.update(seed_population(authority, seed, today=today))
        if directory:
            result.directory = seed_directory(authority, seed, today=today)
    if families:
        result.families = seed_families(
            authority=authority, count=families, seed=seed, today=today, progress=progress
        )
    result.support = seed_support(authority=authority, seed=seed, today=today)
    if families <= CODED_IN_SEED_UP_TO:
        result.coded = seed_coding(authority=authority, seed=seed, today=today)
    return result


class _Generator:
    """Random choices and ids, all from one seed."""

    def __init__(self, seed: int, authority_slug: str) -> None:
        # The authority is part of the seed, so two authorities never share ids.
        self.random = random.Random(f"{authority_slug}:{seed}")  # noqa: S311 - not security  # nosec B311
        self.faker = Faker("en_GB")
        self.faker.seed_instance(seed)

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.random.getrandbits(128), version=4)


def _create_districts(
    generator: _Generator, authority: Authority, place: AuthorityPlace
) -> list[District]:
    return [
        District.objects.create(
            public_id=generator.uuid(), authority=authority, name=name, ons_code=code
        )
        for name, code in place.districts
    ]


def _create_teams(
    generator: _Generator, authority: Authority, districts: list[District]
) -> dict[str, Team]:
    teams = {}
    for district in districts:
        for kind in ("Early Help Family Support", "Targeted Support"):
            name = f"{district.name} {kind}"
            teams[name] = Team.objects.create(
                public_id=generator.uuid(), authority=authority, district=district, name=name
            )
    for name in ("Family Front Door", "Early Help Monitoring Team", "Family Support Line"):
        teams[name] = Team.objects.create(
            public_id=generator.uuid(), authority=authority, name=name
        )
    return teams


def _create_agencies(
    generator: _Generator, authority: Authority, place: AuthorityPlace, districts: list[District]
) -> dict[str, Agency]:
    names = [
        (authority.name, AgencyKind.LOCAL_AUTHORITY),
        (place.police, AgencyKind.POLICE),
        ("Health Visiting and School Nursing", AgencyKind.HEALTH),
        ("Community Housing Partnership", AgencyKind.HOUSING),
    ]
    for district in districts:
        names += [
            (
                f"{generator.faker.unique.last_name()} Primary School, {district.name}",
                AgencyKind.SCHOOL,
            ),
            (
                f"{generator.faker.unique.last_name()} High School, {district.name}",
                AgencyKind.SCHOOL,
            ),
            (
                f"{generator.faker.unique.first_name()}'s Day Nursery, {district.name}",
                AgencyKind.EARLY_YEARS,
            ),
            (f"{district.name} Family Centre Trust", AgencyKind.VOLUNTARY),
        ]
    return {
        name: Agency.objects.create(
            public_id=generator.uuid(), authority=authority, name=name, kind=kind
        )
        for name, kind in names
    }


def _create_demo_users(
    generator: _Generator,
    authority: Authority,
    districts: list[District],
    teams: dict[str, Team],
    agencies: dict[str, Agency],
    password: str,
) -> SeedResult:
    result = SeedResult(authority=authority)
    first, second = districts[0], districts[1]
    first_team = teams[f"{first.name} Early Help Family Support"]
    council = agencies[authority.name]
    school = _first_school_in(agencies, first)
    extra_teams = {
        Role.TARGETED_SUPPORT_OFFICER: teams[f"{first.name} Targeted Support"],
        Role.FRONT_DOOR_OFFICER: teams["Family Front Door"],
        Role.ANALYST: teams["Early Help Monitoring Team"],
        Role.FAMILY_SUPPORT_WORKER: teams["Family Support Line"],
    }

    def make_user(local_part: str, role: Role, job_title: str, agency: Agency, team: Team) -> User:
        user = User.objects.create_user(
            email=f"{local_part}@{DEMO_EMAIL_DOMAIN}",
            password=password,
            first_name=generator.faker.first_name(),
            last_name=generator.faker.last_name(),
            job_title=job_title,
            authority=authority,
            agency=agency,
        )
        user.teams.add(team)
        set_roles(user, {role})
        result.logins.append((user.email, role.label))
        return user

    for local_part, role, job_title in DEMO_USERS:
        agency = school if role == Role.PRACTITIONER else council
        user = make_user(local_part, role, job_title, agency, first_team)
        if role in extra_teams:
            user.teams.add(extra_teams[role])
        if role == Role.MANAGER:
            user.managed_districts.add(first)
        if role == Role.ADMINISTRATOR:
            result.two_factor_keys[user.email] = _give_demo_authenticator(user)

    second_school = _first_school_in(agencies, second)
    make_user(
        "practitioner2",
        Role.PRACTITIONER,
        "Designated safeguarding lead",
        second_school,
        teams[f"{second.name} Early Help Family Support"],
    )
    return result


STAFF_EMAIL_DOMAIN = "staff.demo.earlyhelp.test"


def _create_staff(
    generator: _Generator,
    authority: Authority,
    districts: list[District],
    teams: dict[str, Team],
    agencies: dict[str, Agency],
) -> None:
    """Synthetic workers for every district, who lead the synthetic families' pathways.
    They cannot sign in (no usable password). Made in bulk: the demo makes dozens."""
    council = agencies[authority.name]
    health = next(a for a in agencies.values() if a.kind == AgencyKind.HEALTH)
    fake = generator.faker
    staff: list[tuple[User, Role, Team]] = []
    for district in districts:
        local = [a for a in agencies.values() if a.name.endswith(f", {district.name}")]
        family_support = teams[f"{district.name} Early Help Family Support"]
        targeted = teams[f"{district.name} Targeted Support"]
        for role, agency, team in [
            (Role.FAMILY_SUPPORT_WORKER, council, family_support),
            (Role.FAMILY_SUPPORT_WORKER, council, family_support),
            (Role.PRACTITIONER, council, family_support),
            (Role.PRACTITIONER, local[0], family_support),
            (Role.PRACTITIONER, local[1], family_support),
            (Role.PRACTITIONER, local[2], family_support),
            (Role.PRACTITIONER, health, family_support),
            (Role.TARGETED_SUPPORT_OFFICER, council, targeted),
            (Role.TARGETED_SUPPORT_OFFICER, council, targeted),
        ]:
            first, last = fake.first_name(), fake.last_name()
            number = fake.unique.random_int(1000, 9999)
            user = User(
                email=f"{first}.{last}.{number}@{STAFF_EMAIL_DOMAIN}".lower(),
                password=make_password(None),
                first_name=first,
                last_name=last,
                job_title=role.label,
                authority=authority,
                agency=agency,
            )
            staff.append((user, role, team))
    User.objects.bulk_create([user for user, _, _ in staff])
    groups = dict(Group.objects.values_list("name", "pk"))
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=groups[role]) for user, role, _ in staff
    )
    User.teams.through.objects.bulk_create(
        User.teams.through(user_id=user.pk, team_id=team.pk) for user, _, team in staff
    )


def _first_school_in(agencies: dict[str, Agency], district: District) -> Agency:
    return next(
        agency
        for agency in agencies.values()
        if agency.kind == AgencyKind.SCHOOL and agency.name.endswith(f", {district.name}")
    )


def _give_demo_authenticator(user: User) -> str:
    """Administrators must use two-factor: the demo admin gets an authenticator whose key
    is printed, to add to an app (a new random key each time, never one to be guessed)."""
    key = secrets.token_bytes(20)
    TOTPDevice.objects.create(user=user, name="Demo authenticator", key=key.hex(), confirmed=True)
    return base64.b32encode(key).decode("ascii")


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
