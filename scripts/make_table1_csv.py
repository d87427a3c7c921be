"""Write the CSV that reconstructs Table 1 of the seed paper (Warwickshire, 1 April to
30 September 2020), for `earlyhelp import triages`.

In the period: 132 assessment triages and 81 closure triages, with exactly the paper's
band counts (a triage counts once per band it has at least one entry in):

    band     assessment  closure
    blue         74         53
    green        76         47
    yellow      113         20
    orange       95         18
    red           0          0

Around them, as a real extract would have: the assessments (October 2019 to March 2020)
of 36 pathways that closed in the period, review triages (never counted in Table 1), and
three families who came back for a second pathway after closing in the spring. Districts
are Warwickshire's, mostly by ONS code, some by name, four families with none. The
narratives are short synthetic notes by band; no real people.

Deterministic: the same file every run.

    .venv/bin/python scripts/make_table1_csv.py [OUTPUT.csv]
"""

import csv
import datetime
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "reports" / "data" / "table1_2020.csv"
HEADER = [
    "triage_ref",
    "family_ref",
    "stage",
    "completed_on",
    "district",
    "band",
    "narrative",
    "outcome",
]
START, END = datetime.date(2020, 4, 1), datetime.date(2020, 9, 30)
ASSESSMENT_BANDS = {"blue": 74, "green": 76, "yellow": 113, "orange": 95, "red": 0}
CLOSURE_BANDS = {"blue": 53, "green": 47, "yellow": 20, "orange": 18, "red": 0}
ASSESSMENTS, CLOSURES = 132, 81
CLOSED_FROM_BEFORE = 36  # closures in the period of pathways assessed before it
COME_BACK = 3  # of those, families assessed again later in the period
NO_DISTRICT_FAMILIES = 4
# 81 closures: how the pathways ended.
OUTCOMES = {
    "closed_positively": 43,
    "stepped_down": 6,
    "transferred": 2,
    "relocated": 2,
    "escalated": 12,
    "disengaged": 10,
    "declined": 6,
}
# Warwickshire's districts, weighted roughly by population.
DISTRICTS = [
    ("North Warwickshire", "E07000218", 13),
    ("Nuneaton and Bedworth", "E07000219", 27),
    ("Rugby", "E07000220", 20),
    ("Stratford-on-Avon", "E07000221", 18),
    ("Warwick", "E07000222", 22),
]

CHILDREN = (
    "the eldest",
    "the youngest",
    "the middle child",
    "the 9-year-old",
    "the older boy",
    "the younger girl",
    "the teenager",
)
PARENTS = ("Mum", "Dad")
NARRATIVES = {
    "blue": (
        "{parent} manages morning routines well and the children get to school on time.",
        "Family has a good support network; grandparents help with childcare.",
        "{parent} knows how to use the GP and dentist and does so when needed.",
        "Children attend school every day; attendance 98% this term.",
        "Home is warm, clean and well kept; no concerns about conditions.",
        "{parent} budgets carefully and the family keeps up with the bills.",
        "Family enjoys time together at weekends, the park and swimming.",
        "{child} goes to a youth club each week and enjoys it.",
        "Warm, consistent parenting; a strong bond between parents and children.",
        "{parent} asked for advice on screen time and has put limits in place.",
        "Family settled in the area, on good terms with the neighbours.",
        "{parent} is in work and the family's income is steady.",
    ),
    "green": (
        "{child} would like to know about free activities over the summer holidays.",
        "Youngest due the 2-year check with the health visitor; Mum to book it.",
        "{child} has some worries about moving to secondary school in September.",
        "Family would benefit from the school's breakfast club.",
        "Some arguments over bedtimes; {parent} to try a routine chart.",
        "{child} has mild eczema, managed with the GP.",
        "Mum asked about funded childcare for the 3-year-old.",
        "Attendance 93%, a few late marks; school aware and keeping an eye on it.",
        "{parent} would like an evening course to build confidence.",
        "Family moved house recently and is registering with a new GP.",
        "Dental checks overdue for the children; details of local practices given.",
        "{child} is shy in class; teacher encouraging small group work.",
    ),
    "yellow": (
        "Attendance 84% this term with regular lateness; {child} struggles to get up.",
        "{parent} has low mood since losing their job; waiting for talking therapy.",
        "Rent arrears building after a Universal Credit delay; letter from the landlord.",
        "Frequent shouting at home between the parents; the children are upset by it.",
        "{child} has meltdowns at home after school; SENCo looking at unmet needs.",
        "Mum isolated with a new baby and finding it hard to cope with a toddler too.",
        "{child} games most nights until 3am and is tired in school.",
        "{child} has had two fixed-term exclusions for behaviour this year.",
        "Family used the food bank this month; debts to catalogue companies.",
        "Dad drinking more since lockdown; Mum worried about the effect on the children.",
        "{child} is a young carer for Mum, who has a long-term illness.",
        "Overcrowded flat, three children in one bedroom; housing application made.",
        "{child} refuses to go to bed and hits out at siblings when told no.",
        "Worries about {child}'s weight; two paediatric appointments missed.",
    ),
    "orange": (
        "Attendance 61%; {child} has not been in school for three weeks.",
        "Police called twice to arguments at home; Dad has moved out but still visits.",
        "{child} is self-harming and on the CAMHS waiting list.",
        "Eviction notice served for rent arrears; the family may be homeless next month.",
        "{child} missing from home overnight twice, found with older young people.",
        "Mum's mental health has got worse; she stopped her medication, GP informed.",
        "{child} is aggressive towards Mum, has broken doors and pushed her.",
        "{child} was permanently excluded and has had no education for six weeks.",
        "Daily cannabis use by Dad in the home; money going on drugs, not food.",
        "Children's clothes and hygiene poor; school says they arrive hungry.",
        "{child} sending and receiving explicit images online; school concerned.",
        "Neighbours report repeated domestic abuse incidents; Mum plays them down.",
        "{child} arrested for shoplifting with a group; youth justice referral made.",
        "No heating or electricity credit for a week; the children are staying with Nan.",
    ),
}


@dataclass
class Triage:
    stage: str
    on: datetime.date
    bands: set[str]
    outcome: str = ""
    ref: str = ""


@dataclass
class Family:
    ref: str
    district: tuple[str, str] | None  # (name, ONS code)
    triages: list[Triage] = field(default_factory=list)


def day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def band_sets(rng: random.Random, count: int, counts: dict[str, int]) -> list[set[str]]:
    """`count` sets of bands with exactly `counts[band]` sets holding each band and no set
    empty: each band goes first to the sets still empty, then to others at random."""
    sets: list[set[str]] = [set() for _ in range(count)]
    for band, size in sorted(counts.items(), key=lambda item: -item[1]):
        empty = [i for i in range(count) if not sets[i]]
        rng.shuffle(empty)
        chosen = empty[:size]
        others = [i for i in range(count) if sets[i]]
        rng.shuffle(others)
        chosen += others[: size - len(chosen)]
        for i in chosen:
            sets[i].add(band)
    assert all(sets), "every triage needs an entry"
    return sets


def some_bands(rng: random.Random, worst: str) -> set[str]:
    """Bands for a triage outside the table's period: at most `worst`."""
    bands = {worst}
    for band in ("blue", "green", "yellow"):
        if band != worst and rng.random() < 0.5:
            bands.add(band)
    return bands


def build(rng: random.Random) -> list[Family]:
    district_choices = [(name, code) for name, code, _ in DISTRICTS]
    weights = [weight for _, _, weight in DISTRICTS]
    family_count = ASSESSMENTS - COME_BACK + CLOSED_FROM_BEFORE
    refs = rng.sample(range(100_000, 1_000_000), family_count)
    families = [
        Family(
            f"MOS{ref}",
            None
            if number < NO_DISTRICT_FAMILIES
            else rng.choices(district_choices, weights=weights)[0],
        )
        for number, ref in enumerate(refs)
    ]
    rng.shuffle(families)
    from_before = families[:CLOSED_FROM_BEFORE]
    new = families[CLOSED_FROM_BEFORE:]

    assessment_bands = band_sets(rng, ASSESSMENTS, ASSESSMENT_BANDS)
    closure_bands = band_sets(rng, CLOSURES, CLOSURE_BANDS)
    outcomes = [outcome for outcome, count in OUTCOMES.items() for _ in range(count)]
    rng.shuffle(outcomes)

    # Pathways assessed before the period and closed in it.
    for family in from_before:
        assessed = day_between(rng, datetime.date(2019, 10, 1), datetime.date(2020, 3, 31))
        closed = day_between(
            rng,
            max(START, assessed + datetime.timedelta(days=28)),
            min(END, assessed + datetime.timedelta(days=200)),
        )
        family.triages += [
            Triage("assessment", assessed, some_bands(rng, rng.choice(["yellow", "orange"]))),
            Triage("closure", closed, closure_bands.pop(), outcomes.pop()),
        ]
    # Families back for a second pathway, assessed again in the period.
    for family in sorted(from_before, key=lambda family: family.triages[-1].on)[:COME_BACK]:
        again = family.triages[-1].on + datetime.timedelta(days=rng.randint(30, 80))
        assert again <= END
        family.triages.append(Triage("assessment", again, assessment_bands.pop()))
    # Pathways assessed in the period: some closed in it, the rest still open at its end.
    closing_soon = CLOSURES - CLOSED_FROM_BEFORE
    for number, family in enumerate(new):
        if number < closing_soon:
            assessed = day_between(rng, START, datetime.date(2020, 6, 15))
            closed = assessed + datetime.timedelta(days=rng.randint(42, 105))
            family.triages += [
                Triage("assessment", assessed, assessment_bands.pop()),
                Triage("closure", closed, closure_bands.pop(), outcomes.pop()),
            ]
        else:
            family.triages.append(
                Triage("assessment", day_between(rng, START, END), assessment_bands.pop())
            )
    assert not assessment_bands and not closure_bands and not outcomes
    # A review half way through some of the longer episodes.
    for family in families:
        episodes = []
        for triage in family.triages:
            if triage.stage == "assessment":
                episodes.append([triage])
            else:
                episodes[-1].append(triage)
        for episode in episodes:
            start = episode[0].on
            end = episode[1].on if len(episode) > 1 else END
            if (end - start).days >= 56 and rng.random() < 0.5:
                review_on = start + datetime.timedelta(days=(end - start).days // 2)
                bands = some_bands(rng, rng.choice(["green", "yellow", "orange"]))
                family.triages.append(Triage("review", review_on, bands))
        family.triages.sort(key=lambda triage: triage.on)
    return families


def rows(rng: random.Random, families: list[Family]) -> list[list[str]]:
    triages = sorted(
        ((triage, family) for family in families for triage in family.triages),
        key=lambda pair: (pair[0].on, pair[1].ref, pair[0].stage),
    )
    result = []
    for number, (triage, family) in enumerate(triages, start=1):
        triage.ref = f"EHT{number:05d}"
        for band in sorted(triage.bands, key=list(NARRATIVES).index):
            # Sometimes two issues in one band: the triage still counts once for it.
            notes = rng.sample(NARRATIVES[band], 2 if rng.random() < 0.3 else 1)
            for note in notes:
                text = note.format(child=rng.choice(CHILDREN), parent=rng.choice(PARENTS))
                if family.district is None:
                    district = ""
                else:
                    district = family.district[1] if rng.random() < 0.8 else family.district[0]
                result.append(
                    [
                        triage.ref,
                        family.ref,
                        triage.stage,
                        triage.on.isoformat(),
                        district,
                        band,
                        text[0].upper() + text[1:],
                        triage.outcome,
                    ]
                )
    return result


def check(families: list[Family]) -> None:
    """The period's figures are the paper's."""
    in_period = [
        triage for family in families for triage in family.triages if START <= triage.on <= END
    ]
    for stage, total, counts in (
        ("assessment", ASSESSMENTS, ASSESSMENT_BANDS),
        ("closure", CLOSURES, CLOSURE_BANDS),
    ):
        triages = [triage for triage in in_period if triage.stage == stage]
        assert len(triages) == total, (stage, len(triages))
        found = Counter(band for triage in triages for band in triage.bands)
        assert all(found[band] == count for band, count in counts.items()), (stage, found)


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    rng = random.Random(2020)  # noqa: S311 - synthetic data, not security
    families = build(rng)
    check(families)
    written = rows(rng, families)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(written)
    print(f"Wrote {len(written)} rows for {len(families)} families to {output}")


if __name__ == "__main__":
    main()
