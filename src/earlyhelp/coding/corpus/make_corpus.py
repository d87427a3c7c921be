"""Build the labelled corpus of triage narratives that the narrative coder learns from.

    python -m earlyhelp.coding.corpus.make_corpus

rewrites ``train.csv``, ``heldout.csv`` and the figures in ``README.md`` next to this file,
byte-identically on every run (fixed seeds, no set or dict-order dependence).

Each narrative is composed from a phrase bank: one of the training banks
(``phrases_train*.py``, each written apart in its own voices) for train.csv and
``phrases_heldout`` for heldout.csv. The held-out bank shares no phrasing with the training
banks (issue phrases, sentence frames, openings, quotes, shorthand, typos, names), so a model
scored on heldout.csv is scored on wording it never saw. The training banks share
``phrases_admin``: sentences with no need in them though their words name one ("want to
work with us"), which heldout.csv never uses. About an eighth of train.csv also
comes from the demo generator in ``earlyhelp.demo.narratives``, so the coder knows the demo's
own wording.

Phrase mini-language (shared by both banks):

- ``(a|b|c)``: one of the alternatives, picked at random; an empty one makes it optional;
  they nest, and a group without ``|`` is literal text;
- ``{kid}`` (5-15), ``{teen}`` (12-17), ``{yp}`` (16-18), ``{little}`` (0-4): a child of the
  family, by name or a generic term, with an age on first mention now and then;
  ``{he}``, ``{him}``, ``{his}``, ``{He}``, ``{His}``: that child's pronouns (the child named
  last in the phrase, else the child the issue is about);
- ``{mum}``, ``{dad}``, ``{partner}`` (mum's partner), ``{ex}`` (a parent's ex-partner);
- ``{n}``, ``{nn}``, ``{wks}``, ``{mths}``, ``{pct_low}``, ``{pct_mid}``, ``{pct_hi}``,
  ``{pct_ok}``, ``{money}``, ``{yr}``: numbers;
- a trailing `` [CODE,CODE]``: the codes the phrase describes, beyond the issue it is
  filed under.
"""

from __future__ import annotations

import csv
import importlib
import io
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from earlyhelp.coding.corpus import phrases_admin, phrases_heldout
from earlyhelp.coding.text import everyday_words
from earlyhelp.demo import narratives as demo

HERE = Path(__file__).resolve().parent
HEADER = ("id", "narrative", "band", "stage", "codes", "safeguarding", "split")
CODES = demo.CODES
BANDS = demo.BANDS
STAGES = demo.STAGES

TRAIN_ROWS = 56000
HELDOUT_ROWS = 2000
SEEDS = {"train": 5_202_501, "heldout": 9_125_707}
VALIDATION_SHARE = 0.2
DEMO_SHARE = 0.12  # train.csv rows from the demo generator

# How often each phenomenon is written into a note.
P_NO_CODE = 0.05
CODE_COUNTS = ((1, 0.47), (2, 0.36), (3, 0.15), (4, 0.02))
P_SAFEGUARDING = 0.12
P_SAFEGUARDING_MAIN = 0.45  # of those: the concern is the note's main content
P_NEAR_MISS = 0.10
P_ADMIN = 0.3  # a sentence with no need in it though its words name one (phrases_admin)
P_RULED_OUT = 0.22
P_SECOND_RULED_OUT = 0.25
P_QUOTE = 0.12
P_OPENING = 0.6
P_PROSE_FRAME = 0.25
P_AGE = 0.35
P_CHILD_TERM = 0.2
P_TYPO = 0.18
P_SHORTHAND = 0.4
P_APOSTROPHE = 0.08
STAGE_WEIGHTS = {"assessment": 0.55, "review": 0.25, "closure": 0.20}
MAX_PARTS = 7
MIN_LENGTH = 20
MAX_LENGTH = 600

# Common needs come up more often than rare ones.
CODE_WEIGHTS = {
    "EDU-ATTEND": 1.5,
    "EDU-EXCL": 1.1,
    "EDU-SEND": 1.3,
    "EDU-NEET": 0.8,
    "EY-DEV": 1.0,
    "EY-PARENT": 1.1,
    "HEALTH-CYP-MH": 1.5,
    "HEALTH-ADULT-MH": 1.4,
    "HEALTH-PHYS": 1.0,
    "SUBST-ADULT": 1.0,
    "SUBST-CYP": 0.8,
    "FAM-CONFLICT": 1.1,
    "FAM-BEHAVIOUR": 1.4,
    "FAM-CPV": 0.8,
    "FAM-CARER": 0.8,
    "FAM-LOSS": 0.9,
    "SAFE-ABUSE": 0.8,
    "SAFE-NEGLECT": 1.0,
    "SAFE-EXPLOIT": 0.8,
    "SAFE-ONLINE": 0.8,
    "CRIME-CYP": 0.9,
    "CRIME-ADULT": 0.8,
    "DA": 1.4,
    "HOUSING": 1.3,
    "FIN-DEBT": 1.4,
    "FIN-WORK": 1.0,
}

# Which child an issue is about (its age range); other codes are about a school-age child.
ROLE_OF_CODE = {
    "EY-DEV": "little",
    "EY-PARENT": "little",
    "EDU-NEET": "yp",
    "SAFE-EXPLOIT": "teen",
    "CRIME-CYP": "teen",
    "SUBST-CYP": "teen",
}
AGES = {"kid": (5, 15), "teen": (12, 17), "yp": (16, 18), "little": (0, 4)}

# Issues that are often written into the same note.
RELATED: dict[str, tuple[str, ...]] = {
    "EDU-ATTEND": ("HEALTH-CYP-MH", "EDU-SEND", "FAM-CARER", "HEALTH-ADULT-MH", "EDU-EXCL"),
    "EDU-EXCL": ("FAM-BEHAVIOUR", "EDU-SEND", "EDU-ATTEND", "CRIME-CYP", "HEALTH-CYP-MH"),
    "EDU-SEND": ("EDU-EXCL", "HEALTH-CYP-MH", "FAM-BEHAVIOUR", "EDU-ATTEND", "HEALTH-PHYS"),
    "EDU-NEET": ("HEALTH-CYP-MH", "SUBST-CYP", "CRIME-CYP", "FIN-DEBT", "FAM-BEHAVIOUR"),
    "EY-DEV": ("EY-PARENT", "HEALTH-PHYS", "HEALTH-ADULT-MH", "HOUSING", "EDU-SEND"),
    "EY-PARENT": ("HEALTH-ADULT-MH", "EY-DEV", "FIN-DEBT", "HOUSING", "DA"),
    "HEALTH-CYP-MH": ("EDU-ATTEND", "FAM-LOSS", "SAFE-ONLINE", "FAM-CONFLICT", "EDU-SEND"),
    "HEALTH-ADULT-MH": ("FIN-DEBT", "EY-PARENT", "FAM-CARER", "SUBST-ADULT", "DA"),
    "HEALTH-PHYS": ("FAM-CARER", "FIN-DEBT", "HOUSING", "EDU-ATTEND", "EDU-SEND"),
    "SUBST-ADULT": ("HEALTH-ADULT-MH", "DA", "FIN-DEBT", "CRIME-ADULT", "SAFE-NEGLECT"),
    "SUBST-CYP": ("CRIME-CYP", "FAM-BEHAVIOUR", "EDU-EXCL", "HEALTH-CYP-MH", "SAFE-EXPLOIT"),
    "FAM-CONFLICT": ("FAM-BEHAVIOUR", "HEALTH-CYP-MH", "FIN-DEBT", "HOUSING", "FAM-LOSS"),
    "FAM-BEHAVIOUR": ("EDU-EXCL", "FAM-CPV", "SAFE-ONLINE", "FAM-CONFLICT", "HEALTH-CYP-MH"),
    "FAM-CPV": ("FAM-BEHAVIOUR", "DA", "CRIME-CYP", "EDU-SEND", "SUBST-CYP"),
    "FAM-CARER": ("HEALTH-ADULT-MH", "HEALTH-PHYS", "EDU-ATTEND", "SUBST-ADULT"),
    "FAM-LOSS": ("HEALTH-CYP-MH", "HEALTH-ADULT-MH", "FIN-DEBT", "CRIME-ADULT"),
    "SAFE-ABUSE": ("DA", "FAM-BEHAVIOUR", "SUBST-ADULT", "HEALTH-ADULT-MH"),
    "SAFE-NEGLECT": ("HOUSING", "FIN-DEBT", "SUBST-ADULT", "HEALTH-ADULT-MH", "EDU-ATTEND"),
    "SAFE-EXPLOIT": ("CRIME-CYP", "SUBST-CYP", "EDU-ATTEND", "SAFE-ONLINE", "EDU-EXCL"),
    "SAFE-ONLINE": ("HEALTH-CYP-MH", "FAM-BEHAVIOUR", "EDU-ATTEND"),
    "CRIME-CYP": ("SUBST-CYP", "EDU-EXCL", "SAFE-EXPLOIT", "FAM-BEHAVIOUR"),
    "CRIME-ADULT": ("SUBST-ADULT", "DA", "HOUSING", "FIN-WORK", "FAM-LOSS"),
    "DA": ("HEALTH-ADULT-MH", "HOUSING", "HEALTH-CYP-MH", "SUBST-ADULT", "FIN-DEBT"),
    "HOUSING": ("FIN-DEBT", "HEALTH-PHYS", "FAM-CONFLICT", "DA"),
    "FIN-DEBT": ("FIN-WORK", "HOUSING", "HEALTH-ADULT-MH"),
    "FIN-WORK": ("FIN-DEBT", "HEALTH-ADULT-MH", "HOUSING"),
}
P_RELATED = 0.75

# The box a note is written in; a safeguarding concern can sit in any box.
BAND_WEIGHTS = {
    "safeguarding": {"red": 0.45, "orange": 0.25, "yellow": 0.18, "green": 0.12},
    "need": {"blue": 0.1, "green": 0.22, "yellow": 0.33, "orange": 0.28, "red": 0.07},
    "better": {"blue": 0.35, "green": 0.35, "yellow": 0.22, "orange": 0.08},
    "none": {"blue": 0.4, "green": 0.4, "yellow": 0.2},
}


# ---------------------------------------------------------------------------------------
# Phrase banks
# ---------------------------------------------------------------------------------------

Tagged = tuple[str, tuple[str, ...]]  # (phrase, codes it describes)


def _tagged(raw: str) -> Tagged:
    if raw.endswith("]") and " [" in raw:
        text, tag = raw[:-1].rsplit(" [", 1)
        codes = tuple(tag.split(","))
        unknown = [c for c in codes if c not in CODES]
        if unknown:
            raise ValueError(f"unknown code {unknown} in phrase {raw!r}")
        return text, codes
    return raw, ()


@dataclass(frozen=True)
class Issue:
    need: tuple[Tagged, ...]
    better: tuple[Tagged, ...]
    quote: tuple[Tagged, ...]
    ruled_out: tuple[str, ...]


@dataclass(frozen=True)
class Bank:
    """One bank of phrasings (see phrases_train.py for what each part is)."""

    name: str
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    mums: tuple[str, ...]
    dads: tuple[str, ...]
    partners: tuple[str, ...]
    child_terms: dict[str, tuple[str, ...]]
    age_styles: tuple[str, ...]
    baby_age_styles: tuple[str, ...]
    mum_terms: tuple[str, ...]
    dad_terms: tuple[str, ...]
    partner_terms: tuple[str, ...]
    ex_terms: tuple[str, ...]
    openings: dict[str, tuple[str, ...]]
    prose_frames: tuple[str, ...]
    still_frames: tuple[str, ...]
    better_frames: tuple[str, ...]
    parent_quote_frames: tuple[str, ...]
    child_quote_frames: tuple[str, ...]
    who: tuple[str, ...]
    views: dict[str, tuple[str, ...]]
    next_steps: dict[str, tuple[str, ...]]
    next_safeguarding: tuple[str, ...]
    updates: tuple[str, ...]
    safeguarding: tuple[Tagged, ...]
    near_miss: tuple[Tagged, ...]
    admin: tuple[str, ...]  # sentences with no need in them that every training bank shares
    issues: dict[str, Issue]
    typos: tuple[tuple[str, str], ...]
    shorthand: tuple[tuple[str, str], ...]


def load_bank(module: ModuleType, admin: tuple[str, ...] = ()) -> Bank:
    issues = {}
    for code in CODES:
        raw = module.ISSUES[code]
        issues[code] = Issue(
            need=tuple(_tagged(s) for s in raw["need"]),
            better=tuple(_tagged(s) for s in raw["better"]),
            quote=tuple(_tagged(s) for s in raw["quote"]),
            ruled_out=tuple(raw["ruled_out"]),
        )
    return Bank(
        name=module.__name__.rsplit(".", 1)[-1],
        boys=module.BOYS,
        girls=module.GIRLS,
        mums=module.MUMS,
        dads=module.DADS,
        partners=module.PARTNERS,
        child_terms=module.CHILD_TERMS,
        age_styles=module.AGE_STYLES,
        baby_age_styles=module.BABY_AGE_STYLES,
        mum_terms=module.MUM_TERMS,
        dad_terms=module.DAD_TERMS,
        partner_terms=module.PARTNER_TERMS,
        ex_terms=module.EX_TERMS,
        openings=module.OPENINGS,
        prose_frames=module.PROSE_FRAMES,
        still_frames=module.STILL_FRAMES,
        better_frames=module.BETTER_FRAMES,
        parent_quote_frames=module.PARENT_QUOTE_FRAMES,
        child_quote_frames=module.CHILD_QUOTE_FRAMES,
        who=module.WHO,
        views=module.VIEWS,
        next_steps=module.NEXT_STEPS,
        next_safeguarding=module.NEXT_SAFEGUARDING,
        updates=module.UPDATES,
        safeguarding=tuple(_tagged(s) for s in module.SAFEGUARDING),
        near_miss=tuple(_tagged(s) for s in module.NEAR_MISS),
        admin=admin,
        issues=issues,
        typos=module.TYPOS,
        shorthand=module.SHORTHAND,
    )


# ---------------------------------------------------------------------------------------
# Filling a phrase
# ---------------------------------------------------------------------------------------

_GROUP = re.compile(r"\(([^()]*)\)")
_SLOT = re.compile(r"\{(\w+)\}")
_NUMBERS = {
    "n": (2, 5),
    "nn": (3, 12),
    "wks": (2, 10),
    "mths": (2, 9),
    "pct_low": (45, 79),
    "pct_mid": (80, 89),
    "pct_hi": (90, 95),
    "pct_ok": (96, 99),
    "yr": (2015, 2021),
}
_PRONOUNS = {
    "he": ("he", "she"),
    "him": ("him", "her"),
    "his": ("his", "her"),
    "He": ("He", "She"),
    "His": ("His", "Her"),
}


def expand(rng: random.Random, template: str) -> str:
    """Resolve the (a|b) alternatives, innermost first; a group without | stays as text."""

    def pick(match: re.Match[str]) -> str:
        body = match.group(1)
        if "|" not in body:
            return "\x00" + body + "\x01"
        return rng.choice(body.split("|"))

    previous = None
    while previous != template:
        previous = template
        template = _GROUP.sub(pick, template)
    return template.replace("\x00", "(").replace("\x01", ")")


@dataclass
class Child:
    name: str
    girl: bool
    age: int
    term: str  # a generic way to refer to the child ("" to use the name)
    mentioned: bool = False


@dataclass
class Family:
    """The people of one note, so that names, ages and pronouns agree within it."""

    bank: Bank
    rng: random.Random
    children: dict[str, Child] = field(default_factory=dict)
    adults: dict[str, str] = field(default_factory=dict)

    def child(self, role: str) -> Child:
        if role not in self.children:
            rng = self.rng
            girl = rng.random() < 0.5
            taken = {c.name for c in self.children.values()}
            names = [n for n in (self.bank.girls if girl else self.bank.boys) if n not in taken]
            low, high = AGES[role]
            term = ""
            if rng.random() < P_CHILD_TERM and role != "little":
                term = rng.choice(self.bank.child_terms["girl" if girl else "boy"])
            self.children[role] = Child(rng.choice(names), girl, rng.randint(low, high), term)
        return self.children[role]

    def say_child(self, role: str) -> str:
        child = self.child(role)
        if child.term:
            return child.term
        text = child.name
        if not child.mentioned:
            child.mentioned = True
            if self.rng.random() < P_AGE:
                if child.age < 2:
                    style = self.rng.choice(self.bank.baby_age_styles)
                    months = self.rng.randint(2, 11) + 12 * child.age
                    text += style.replace("{m}", str(months))
                else:
                    style = self.rng.choice(self.bank.age_styles)
                    if "{y}" in style and child.age < 5:
                        style = self.bank.age_styles[0]
                    text += style.replace("{a}", str(child.age)).replace("{y}", str(child.age - 4))
        return text

    def adult(self, role: str) -> str:
        if role not in self.adults:
            bank, rng = self.bank, self.rng
            terms = {
                "mum": bank.mum_terms,
                "dad": bank.dad_terms,
                "partner": bank.partner_terms,
                "ex": bank.ex_terms,
            }[role]
            term = rng.choice(terms)
            names = {"mum": bank.mums, "dad": bank.dads, "partner": bank.partners}
            if "{name}" in term:
                term = term.replace("{name}", rng.choice(names.get(role, bank.partners)))
            if "{mum}" in term:
                term = term.replace("{mum}", self.adult("mum"))
            self.adults[role] = term
        return self.adults[role]


def fill(rng: random.Random, family: Family, template: str, role: str) -> str:
    """A phrase with its alternatives picked and its slots filled; role is the child the
    pronouns refer to until the phrase names another."""
    text = expand(rng, template)
    current = [role]

    def slot(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in AGES:
            current[0] = key
            return family.say_child(key)
        if key in _PRONOUNS:
            return _PRONOUNS[key][family.child(current[0]).girl]
        if key in ("mum", "dad", "partner", "ex"):
            return family.adult(key)
        if key in _NUMBERS:
            return str(rng.randint(*_NUMBERS[key]))
        if key == "money":
            return str(rng.randrange(300, 4000, 50))
        raise ValueError(f"unknown slot {{{key}}} in {template!r}")

    return _SLOT.sub(slot, text)


# ---------------------------------------------------------------------------------------
# Composing a note
# ---------------------------------------------------------------------------------------


@dataclass
class Note:
    text: str
    band: str
    stage: str
    codes: tuple[str, ...]
    safeguarding: bool
    traits: frozenset[str]  # the phenomena written into it, for the README figures


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _lower_first(text: str) -> str:
    """Lower-case a leading word unless it looks like a name or an acronym."""
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word[1:].islower() and word.lower() in _LOWERABLE:
        return text[:1].lower() + text[1:]
    return text


_LOWERABLE = {"mum", "dad", "school", "the", "no", "some", "he", "she", "they", "there", "family"}


def _issue_part(
    rng: random.Random, bank: Bank, family: Family, code: str, stage: str, traits: set[str]
) -> tuple[str, tuple[str, ...], bool]:
    """One issue as written at this stage; returns (text, codes, improving)."""
    issue = bank.issues[code]
    role = ROLE_OF_CODE.get(code, "kid")
    roll = rng.random()
    if roll < P_QUOTE and issue.quote:
        text, codes = rng.choice(issue.quote)
        if text.startswith("K:"):
            frame = rng.choice(bank.child_quote_frames)
            text = text[2:]
            frame = frame.replace("{child}", "{" + role + "}")
        else:
            frame = rng.choice(bank.parent_quote_frames)
        traits.add("quote")
        filled = fill(rng, family, frame.replace("{q}", text), role)
        return filled, codes, False
    improving = stage == "closure" and rng.random() < 0.75 or stage == "review" and roll < 0.6
    if improving:
        text, codes = rng.choice(issue.better)
        if rng.random() < 0.35:
            text = rng.choice(bank.better_frames).replace("{x}", text)
        traits.add("improving")
        return fill(rng, family, text, role), codes, True
    text, codes = rng.choice(issue.need)
    if stage != "assessment" and rng.random() < 0.6:
        text = rng.choice(bank.still_frames).replace("{x}", text)
    elif rng.random() < P_PROSE_FRAME:
        frame = rng.choice(bank.prose_frames)
        text = frame.replace("{x}", text)
        traits.add("prose")
    return fill(rng, family, text, role), codes, False


def _pick_codes(rng: random.Random, first: str) -> list[str]:
    counts = [c for c, _ in CODE_COUNTS]
    how_many = rng.choices(counts, weights=[w for _, w in CODE_COUNTS])[0]
    codes = [first]
    while len(codes) < how_many:
        anchor = rng.choice(codes)
        extra = rng.choice(RELATED[anchor]) if rng.random() < P_RELATED else rng.choice(CODES)
        if extra not in codes:
            codes.append(extra)
    return codes


def compose(rng: random.Random, bank: Bank, first: str | None) -> Note:
    """One note: about ``first`` and maybe related issues, or (first None) no issue at all."""
    family = Family(bank, rng)
    stage = _weighted(rng, STAGE_WEIGHTS)
    traits: set[str] = set()
    codes: list[str] = []
    parts: list[str] = []
    improving_only = True
    safeguarding = False

    def add(more: tuple[str, ...]) -> None:
        for code in more:
            if code not in codes:
                codes.append(code)

    plan: list[str] = []
    if first is None:
        traits.add("no_code")
    else:
        plan = _pick_codes(rng, first)

    # A child at risk of significant harm now.
    if first is not None and rng.random() < P_SAFEGUARDING:
        safeguarding = True
        traits.add("safeguarding")
        text, more = rng.choice(bank.safeguarding)
        role = "teen" if any(c in more for c in ("SAFE-EXPLOIT", "CRIME-CYP")) else "kid"
        concern = fill(rng, family, text, role)
        if rng.random() < P_SAFEGUARDING_MAIN:
            plan = plan[: rng.choice((0, 1))]
            parts.append(concern)
            add(more)
            improving_only = False
        sg_part: tuple[str, tuple[str, ...]] | None = (concern, more) if not parts else None
    else:
        sg_part = None

    for code in plan:
        text, more, improving = _issue_part(rng, bank, family, code, stage, traits)
        parts.append(text)
        add((code, *more))
        improving_only = improving_only and improving
    if sg_part is not None:
        parts.insert(rng.randint(min(1, len(parts)), len(parts)), sg_part[0])
        add(sg_part[1])
        improving_only = False

    if first is None:
        for _ in range(rng.choice((1, 1, 2))):
            parts.append(fill(rng, family, rng.choice(bank.updates), "kid"))

    # Near-misses: historic, explained or figurative, never flagged.
    if rng.random() < P_NEAR_MISS:
        text, more = rng.choice(bank.near_miss)
        parts.insert(rng.randint(0, len(parts)), fill(rng, family, text, "kid"))
        add(more)
        traits.add("near_miss")

    # Issues named only to rule them out.
    if rng.random() < P_RULED_OUT:
        how_many = 2 if rng.random() < P_SECOND_RULED_OUT else 1
        for _ in range(how_many):
            candidates = [
                c for c in CODES if c not in codes and not (safeguarding and c.startswith("SAFE-"))
            ]
            ruled = rng.choice(candidates)
            role = ROLE_OF_CODE.get(ruled, "kid")
            text = fill(rng, family, rng.choice(bank.issues[ruled].ruled_out), role)
            parts.insert(rng.randint(min(1, len(parts)), len(parts)), text)
        traits.add("ruled_out")

    # Who is involved, the family's view, the next step (no issue in them).
    if rng.random() < 0.3:
        parts.append(Generic(fill(rng, family, rng.choice(bank.who), "kid")))
    if rng.random() < 0.35:
        views = bank.views["assessment" if stage == "assessment" else "progress"]
        parts.append(Generic(fill(rng, family, rng.choice(views), "kid")))
    if bank.admin and rng.random() < P_ADMIN:
        admin = Generic(fill(rng, family, rng.choice(bank.admin), "kid"))
        parts.insert(rng.randint(0, len(parts)), admin)
    if safeguarding and rng.random() < 0.6:
        parts.append(Generic(fill(rng, family, rng.choice(bank.next_safeguarding), "kid")))
    elif rng.random() < 0.45:
        parts.append(Generic(fill(rng, family, rng.choice(bank.next_steps[stage]), "kid")))

    opening = ""
    if rng.random() < P_OPENING:
        opening = fill(rng, family, rng.choice(bank.openings[stage]), "kid")

    parts = [p for p in parts if p]
    while len(parts) > MAX_PARTS or _length(opening, parts) > MAX_LENGTH - 20:
        droppable = [i for i, p in enumerate(parts) if not _carries_label(p, bank)]
        if not droppable:
            opening = ""
            break
        parts.pop(droppable[-1])
    text = _join(rng, opening, parts)
    text, rough = _roughen(rng, bank, text)
    traits.update(rough)

    if safeguarding:
        band = _weighted(rng, BAND_WEIGHTS["safeguarding"])
    elif not codes:
        band = _weighted(rng, BAND_WEIGHTS["none"])
    elif improving_only:
        band = _weighted(rng, BAND_WEIGHTS["better"])
    else:
        band = _weighted(rng, BAND_WEIGHTS["need"])
    if len(codes) >= 2:
        traits.add("multi_code")
    return Note(text, band, stage, tuple(sorted(codes)), safeguarding, frozenset(traits))


def _length(opening: str, parts: list[str]) -> int:
    return len(opening) + sum(len(p) + 2 for p in parts)


class Generic(str):
    """A part with no issue in it (who is involved, the family's view, the next step):
    the only kind a note too long may lose without its labels lying."""

    generic = True


def _carries_label(part: str, bank: Bank) -> bool:
    """Parts that are not generic (who/view/next step) must stay, or labels would lie."""
    return not getattr(part, "generic", False)


def _join(rng: random.Random, opening: str, parts: list[str]) -> str:
    style = rng.choices(("prose", "notes", "terse"), weights=(0.3, 0.5, 0.2))[0]
    out: list[str] = []
    if opening:
        out.append(_capitalise(opening))
        if opening[-1] in ".:":
            out.append(" ")
        elif not opening.endswith(" -"):
            out.append(". ")
        else:
            out.append(" ")
    sentence_start = not opening or opening[-1] == "."
    for i, part in enumerate(parts):
        if i:
            roll = rng.random()
            if style == "prose":
                sep = ". " if roll < 0.85 else ", "
            elif style == "notes":
                sep = ". " if roll < 0.5 else ", " if roll < 0.7 else "; " if roll < 0.8 else " - "
            else:
                sep = ", " if roll < 0.4 else " - " if roll < 0.6 else ". " if roll < 0.85 else " "
            out.append(sep)
            sentence_start = sep == ". "
        if sentence_start and not (style == "terse" and rng.random() < 0.6):
            out.append(_capitalise(part))
        elif not sentence_start:
            out.append(_lower_first(part))
        else:
            out.append(part)
    text = "".join(out).strip()
    if not opening and style == "terse" and rng.random() < 0.5:
        text = _lower_first(text)
    final = {"prose": 0.95, "notes": 0.6, "terse": 0.2}[style]
    if text[-1] not in ".!?\"'" and rng.random() < final:
        text += "."
    return re.sub(r"\s+([,;.])", r"\1", re.sub(r"  +", " ", text))


def _roughen(rng: random.Random, bank: Bank, text: str) -> tuple[str, set[str]]:
    """Note-taking habits: shorthand, typos, dropped apostrophes."""
    traits = set()
    if rng.random() < P_SHORTHAND:
        pairs = list(bank.shorthand)
        rng.shuffle(pairs)
        done = 0
        for full, short in pairs:
            if full in text:
                text = text.replace(full, short, 1 if rng.random() < 0.5 else -1)
                done += 1
                if done >= rng.randint(1, 3):
                    break
        if done:
            traits.add("shorthand")
    if rng.random() < P_TYPO:
        pairs = list(bank.typos)
        rng.shuffle(pairs)
        done = 0
        for right, wrong in pairs:
            if right in text:
                text = text.replace(right, wrong, 1)
                done += 1
                if done >= rng.randint(1, 2):
                    break
        if done:
            traits.add("typo")
    if rng.random() < P_APOSTROPHE and "'" in text:
        text = re.sub(r"(\w)'(s|t|m|ve|re|ll|d)\b", r"\1\2", text)
        traits.add("typo")
    return text, traits


# ---------------------------------------------------------------------------------------
# The two files
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    id: str
    narrative: str
    band: str
    stage: str
    codes: tuple[str, ...]
    safeguarding: bool
    split: str
    traits: frozenset[str]

    def cells(self) -> tuple[str, ...]:
        return (
            self.id,
            self.narrative,
            self.band,
            self.stage,
            ";".join(self.codes),
            "1" if self.safeguarding else "0",
            self.split,
        )


def _code_deck(rng: random.Random) -> list[str]:
    """Main codes in proportion to CODE_WEIGHTS, shuffled (20 slots per unit of weight)."""
    deck = [code for code in CODES for _ in range(round(CODE_WEIGHTS[code] * 20))]
    rng.shuffle(deck)
    return deck


def _demo_note(rng: random.Random, bank: Bank, code: str) -> Note:
    band = rng.choice(BANDS)
    stage = _weighted(rng, STAGE_WEIGHTS)
    family = Family(bank, rng)
    child = family.say_child(ROLE_OF_CODE.get(code, "kid"))
    parent = rng.choice(("mum", "mum", "mum", "dad", "Mum"))
    made = demo.narrative(rng, code, band, stage=stage, child=child, parent=parent)
    traits = {"demo"} | ({"safeguarding"} if made.safeguarding else set())
    if len(made.codes) >= 2:
        traits.add("multi_code")
    return Note(
        made.text, band, stage, tuple(sorted(made.codes)), made.safeguarding, frozenset(traits)
    )


def build_rows(split: str) -> list[Row]:
    """The rows of train.csv (split "train": train and validation rows) or heldout.csv."""
    if split not in SEEDS:
        raise ValueError(f"unknown split {split!r}")
    rng = random.Random(SEEDS[split])  # noqa: S311 - reproducible synthetic data, not security  # nosec B311
    banks = BANKS[split]
    total = TRAIN_ROWS if split == "train" else HELDOUT_ROWS
    prefix = "T" if split == "train" else "H"
    deck = _code_deck(rng)
    rows: list[Row] = []
    seen: set[str] = set()
    i = 0
    while len(rows) < total:
        code = deck[i % len(deck)]
        i += 1
        # Several training banks: each note is written in one of their voices.
        bank = banks[0] if len(banks) == 1 else rng.choice(banks)
        if split == "train" and rng.random() < DEMO_SHARE:
            note = _demo_note(rng, bank, code)
        else:
            note = compose(rng, bank, None if rng.random() < P_NO_CODE else code)
        key = normalise(note.text)
        if key in seen or not MIN_LENGTH <= len(note.text) <= MAX_LENGTH:
            continue
        seen.add(key)
        if split == "train":
            part = "validation" if rng.random() < VALIDATION_SHARE else "train"
        else:
            part = "heldout"
        rows.append(
            Row(
                f"{prefix}{len(rows) + 1:06d}",
                note.text,
                note.band,
                note.stage,
                note.codes,
                note.safeguarding,
                part,
                note.traits,
            )
        )
    return rows


PHRASES_SEED = 7_311_902


_CHILD_DOER = re.compile(r"\{(kid|teen|yp)\}")
_CHILD_ONLY = re.compile(
    r"\{(he|him|his|He|His|dad|partner|ex)\}|APVA|CPV|child|son\b|daughter|nan\b|gran|sibling|"
    r"brother|sister|parent|school|teen|boy|girl|meltdown|dysregulat|xbox|console|wi-fi|"
    r"calm|restrain|bigger|phone|bedroom|punchbag",
    re.IGNORECASE,
)


def _adult_violence(bank: Bank) -> list[str]:
    """The bank's child-to-parent violence that reads the same with an adult doing it:
    no other code, a child named as the doer and nothing that only a child would do. The
    banks write most hitting of a parent as a child's, so without these phrases "Dad
    attacked mum with a knife" was read as FAM-CPV (decision 0006)."""
    return [
        text
        for text, more in bank.issues["FAM-CPV"].need
        if not more and _CHILD_DOER.search(text) and not _CHILD_ONLY.search(text)
    ]


def training_phrases(repeats: int) -> list[tuple[str, tuple[str, ...], bool]]:
    """Single phrases of the training banks as (text, codes, safeguarding): each issue as
    needed, improved or quoted (framed as in a note), ruled out (no code), a concern, a
    near-miss, the parts with no issue in them (openings, who, views, next steps), and a
    child's violence to a parent with an adult doing it, as DA. The coder learns from them
    which part of a note says what; ``repeats`` rounds per bank, each a fresh family and
    fresh picks. Deterministic for the same ``repeats``."""
    rng = random.Random(PHRASES_SEED)  # noqa: S311 - reproducible synthetic data  # nosec B311
    # The adults' violence has its own generator, so the other phrases are drawn as before.
    adults_rng = random.Random(PHRASES_SEED + 1)  # noqa: S311  # nosec B311
    out: list[tuple[str, tuple[str, ...], bool]] = []
    for bank in BANKS["train"]:
        generic = (
            bank.who,
            bank.updates,
            bank.next_safeguarding,
            *bank.views.values(),
            *bank.next_steps.values(),
            *bank.openings.values(),
        )
        adults_violence = _adult_violence(bank)
        for _ in range(repeats):
            for code in CODES:
                family = Family(bank, rng)
                stage = _weighted(rng, STAGE_WEIGHTS)
                text, more, _ = _issue_part(rng, bank, family, code, stage, set())
                out.append((text, tuple(sorted({code, *more})), False))
                role = ROLE_OF_CODE.get(code, "kid")
                ruled_out = rng.choice(bank.issues[code].ruled_out)
                out.append((fill(rng, family, ruled_out, role), (), False))
            if adults_violence:
                family = Family(bank, adults_rng)
                doer = adults_rng.choice(("{partner}", "{dad}", "{ex}"))
                text = _CHILD_DOER.sub(doer, adults_rng.choice(adults_violence))
                out.append((fill(adults_rng, family, text, "kid"), ("DA",), False))
            family = Family(bank, rng)
            text, more = rng.choice(bank.safeguarding)
            role = "teen" if any(c in more for c in ("SAFE-EXPLOIT", "CRIME-CYP")) else "kid"
            out.append((fill(rng, family, text, role), tuple(sorted(more)), True))
            text, more = rng.choice(bank.near_miss)
            out.append((fill(rng, family, text, "kid"), tuple(sorted(more)), False))
            for pool in generic:
                if rng.random() < 0.3:
                    out.append((fill(rng, family, rng.choice(pool), "kid"), (), False))
            for _ in range(2):
                out.append((fill(rng, family, rng.choice(bank.admin), "kid"), (), False))
    return out


def first_names(narratives: list[str]) -> dict[str, str]:
    """Whose name each first name of the training banks is, "child" or "adult", where the
    banks agree two to one or more; a name that is also an everyday word in the narratives
    ("Summer", "Mark") is left out."""
    as_child: Counter[str] = Counter()
    as_adult: Counter[str] = Counter()
    for bank in BANKS["train"]:
        as_child.update({*bank.boys, *bank.girls})
        as_adult.update({*bank.mums, *bank.dads, *bank.partners})
    everyday = everyday_words(narratives)
    names = {}
    for name in sorted(as_child.keys() | as_adult.keys()):
        if name.lower() in everyday:
            continue
        if as_child[name] >= 2 * as_adult[name]:
            names[name] = "child"
        elif as_adult[name] >= 2 * as_child[name]:
            names[name] = "adult"
    return names


def normalise(text: str) -> str:
    """The form two narratives are compared in: lower case, digits and extra spaces gone."""
    return re.sub(r"\s+", " ", re.sub(r"\d", "", text.lower())).strip()


def to_csv(rows: list[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(row.cells())
    return buffer.getvalue().encode("utf-8")


# The training banks: phrases_train.py, then phrases_train2.py to phrases_train28.py.
TRAINING_BANKS = ("phrases_train", *(f"phrases_train{n}" for n in range(2, 29)))
BANKS = {
    "train": [
        load_bank(importlib.import_module(f"earlyhelp.coding.corpus.{name}"), phrases_admin.ADMIN)
        for name in TRAINING_BANKS
    ],
    "heldout": [load_bank(phrases_heldout)],
}
FILES = {"train": "train.csv", "heldout": "heldout.csv"}
STATS_START = "<!-- figures: written by make_corpus.py -->"
STATS_END = "<!-- end of figures -->"
TRAIT_LABELS = (
    ("multi_code", "two or more codes"),
    ("no_code", "no code at all"),
    ("safeguarding", "safeguarding flag 1"),
    ("near_miss", "near-miss (historic, explained or figurative; not flagged)"),
    ("ruled_out", "an issue named only to rule it out"),
    ("improving", "an issue described as improved or managed (still coded)"),
    ("quote", "a parent's or child's own words quoted"),
    ("prose", "a full-prose sentence frame"),
    ("shorthand", "shorthand substituted (&, w/, wks, ...)"),
    ("typo", "a typo or dropped apostrophe"),
    ("demo", "written by the demo generator (train.csv only)"),
)


def figures(rows_by_file: dict[str, list[Row]]) -> str:
    """The README's tables: positives per code per split, and the share of each trait."""
    splits = ("train", "validation", "heldout")
    per_split: dict[str, list[Row]] = {s: [] for s in splits}
    for rows in rows_by_file.values():
        for row in rows:
            per_split[row.split].append(row)
    counts = {s: Counter(c for r in per_split[s] for c in r.codes) for s in splits}
    lines = [
        "| code | train | validation | heldout |",
        "|---|---:|---:|---:|",
    ]
    for code in CODES:
        lines.append(f"| {code} | " + " | ".join(str(counts[s][code]) for s in splits) + " |")
    lines.append("| **rows** | " + " | ".join(str(len(per_split[s])) for s in splits) + " |")
    sg = {s: sum(r.safeguarding for r in per_split[s]) for s in splits}
    lines.append("| **safeguarding 1** | " + " | ".join(str(sg[s]) for s in splits) + " |")
    lines += ["", "| share of notes with ... | train.csv | heldout.csv |", "|---|---:|---:|"]
    for trait, label in TRAIT_LABELS:
        shares = []
        for name in ("train", "heldout"):
            rows = rows_by_file[name]
            share = sum(trait in r.traits for r in rows) / len(rows)
            shares.append(f"{share:.1%}")
        lines.append(f"| {label} | " + " | ".join(shares) + " |")
    return "\n".join(lines)


def write(folder: Path = HERE) -> dict[str, list[Row]]:
    rows_by_file = {split: build_rows(split) for split in FILES}
    for split, name in FILES.items():
        (folder / name).write_bytes(to_csv(rows_by_file[split]))
    readme = folder / "README.md"
    if readme.exists():
        text = readme.read_text(encoding="utf-8")
        start = text.index(STATS_START) + len(STATS_START)
        end = text.index(STATS_END)
        text = text[:start] + "\n" + figures(rows_by_file) + "\n" + text[end:]
        readme.write_text(text, encoding="utf-8")
    return rows_by_file


if __name__ == "__main__":
    written = write()
    for split, rows in written.items():
        print(f"{FILES[split]}: {len(rows)} narratives")
