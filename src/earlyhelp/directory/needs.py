"""What families ask for help with, in their own words, and the issue codes each means.

The public search asks "what do you need help with?" with these; the directory matches
them to the issue codes its services help with (docs triage-codes.md). A test checks that
every code named here is one the need framework holds.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Need:
    slug: str  # stable: it is in the links people share
    label: str
    hint: str
    codes: tuple[str, ...]


NEEDS = (
    Need(
        "talking",
        "Speech, language and talking",
        "A baby or young child who is slow to talk, understand or play",
        ("EY-DEV",),
    ),
    Need(
        "baby",
        "Pregnancy, babies and toddlers",
        "Feeding, sleep, routines, becoming a parent",
        ("EY-PARENT", "EY-DEV"),
    ),
    Need(
        "parenting",
        "Parenting support",
        "Courses and groups for parents and carers",
        ("EY-PARENT", "FAM-BEHAVIOUR"),
    ),
    Need(
        "behaviour",
        "Behaviour",
        "A child's behaviour at home, boundaries, violence towards a parent",
        ("FAM-BEHAVIOUR", "FAM-CPV"),
    ),
    Need(
        "worried",
        "Feeling low, anxious or worried",
        "A child's or an adult's emotional wellbeing and mental health",
        ("HEALTH-CYP-MH", "HEALTH-ADULT-MH"),
    ),
    Need(
        "relationships",
        "Arguments, separation and loss",
        "Family conflict, separating parents, bereavement, a parent in prison",
        ("FAM-CONFLICT", "FAM-LOSS"),
    ),
    Need("domestic-abuse", "Domestic abuse", "Abuse between adults at home", ("DA",)),
    Need(
        "money",
        "Money, debt and benefits",
        "Debt, arrears and claiming what you are entitled to",
        ("FIN-DEBT",),
    ),
    Need(
        "food-energy",
        "Food and energy costs",
        "Food banks, holiday meals, help with heating and bills",
        ("FIN-DEBT",),
    ),
    Need(
        "work",
        "Work, training and skills",
        "Finding work, or education and training for 16 to 18 year olds",
        ("FIN-WORK", "EDU-NEET"),
    ),
    Need(
        "housing",
        "Housing",
        "Homelessness, eviction, overcrowded or unsafe homes",
        ("HOUSING",),
    ),
    Need(
        "school",
        "School attendance and learning",
        "Missing school, lateness, exclusion",
        ("EDU-ATTEND", "EDU-EXCL"),
    ),
    Need(
        "send",
        "Special educational needs",
        "Special educational needs and disabilities (SEND)",
        ("EDU-SEND",),
    ),
    Need(
        "drugs-alcohol",
        "Drugs and alcohol",
        "A young person's or an adult's drinking or drug use",
        ("SUBST-ADULT", "SUBST-CYP"),
    ),
    Need(
        "physical-health",
        "Physical health",
        "Disability, long-term conditions, weight, dental health",
        ("HEALTH-PHYS",),
    ),
    Need("young-carers", "Young carers", "Children who look after someone", ("FAM-CARER",)),
    Need(
        "staying-safe",
        "Staying safe, including online",
        "Exploitation, going missing, risky friends, online harm",
        ("SAFE-EXPLOIT", "SAFE-ONLINE"),
    ),
    Need(
        "young-people",
        "Things to do for young people",
        "Youth clubs and activities, and help keeping out of trouble",
        ("CRIME-CYP", "SAFE-EXPLOIT", "EDU-NEET"),
    ),
)
BY_SLUG = {need.slug: need for need in NEEDS}


def codes_for(slugs: Iterable[str]) -> tuple[str, ...]:
    """The issue codes the needs mean, each once, in a stable order."""
    codes: dict[str, None] = {}
    for slug in slugs:
        for code in BY_SLUG[slug].codes:
            codes[code] = None
    return tuple(codes)


def needs_for(codes: Iterable[str]) -> list[Need]:
    """The needs that any of the codes answer: how a service's codes read to a family."""
    held = set(codes)
    return [need for need in NEEDS if held.intersection(need.codes)]
