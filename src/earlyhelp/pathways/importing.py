"""Importing historic triages from another case system: `earlyhelp import triages FILE.csv`.

The file has one row per triage entry, with the columns
``triage_ref,family_ref,stage,completed_on,district,band,narrative`` and, optionally,
``outcome``; the entries of one triage share its ``triage_ref``.

How the rows become records:

- **Families** are found by their reference in the old system (``Family.external_ref``) or
  made, with no members (the file has no names), as "Family <family_ref>".
- **Triages** are found by ``Triage.external_ref``. A triage imported before is left as it
  is, so importing the same file again changes nothing; a row that says something else
  about it (family, stage, date, district, entries) is a bad row.
- **Episodes**: a family's triages, in date order (assessment, then review, then closure
  on the same day), make its pathways. An assessment opens an episode, reviews join it, a
  closure ends it, and the closure's ``outcome`` closes the pathway on the closure's date.
  Bad rows: a review or closure with no open episode (e.g. a closure dated before the
  assessment), an assessment while an episode is open, a closure without an outcome, an
  outcome on any other stage. A family's last episode may stay open. Triages imported
  before take their place among the file's, so a later file can close a pathway an
  earlier file opened.
- **Team**: the pathway belongs to the authority's first active team (by name) serving the
  district of its triages, or to the first team with no district when the district is
  empty; every triage of an episode names the same district. No such team: a bad row.
- **Who**: the records are written as made, completed and closed by the authority's first
  administrator (the earliest to join): an import has no practitioner behind each row, and
  an administrator is who runs it. Pathways have no Lead Professional, families no consent
  record: neither is in the file.

The whole file is validated before anything is written; any bad row and nothing is, and
every bad row is reported with its line number. The writes are one transaction, in bulk,
each record with its history row. Imported entries are not coded here: `earlyhelp coder
backlog` codes them.
"""

import csv
import datetime
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from earlyhelp.accounts.models import Authority, District, Role, Team, User
from earlyhelp.core.importing import has_nul
from earlyhelp.core.queries import in_chunks
from earlyhelp.core.versioning import save_versioned
from earlyhelp.need.models import Band
from earlyhelp.pathways.counting import count_triages
from earlyhelp.pathways.models import (
    Outcome,
    Pathway,
    PathwayStatus,
    Triage,
    TriageEntry,
    TriageStage,
)
from earlyhelp.people.models import Family

COLUMNS = ("triage_ref", "family_ref", "stage", "completed_on", "district", "band", "narrative")
OPTIONAL_COLUMNS = ("outcome",)
REFERENCE_LENGTH = 60  # Family.external_ref and Triage.external_ref
STAGE_ORDER = {TriageStage.ASSESSMENT: 0, TriageStage.REVIEW: 1, TriageStage.CLOSURE: 2}
# Read once: each `Choices.values` builds a new list.
STAGES, BANDS, OUTCOMES = tuple(TriageStage.values), tuple(Band.values), tuple(Outcome.values)
BATCH_SIZE = 2000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class UnreadableFile(Exception):
    """The file cannot be read at all; the message is one line saying why."""


@dataclass(frozen=True, order=True)
class BadRow:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class BadRows(Exception):
    """Rows that cannot be imported, all of them, in line order. Nothing was written."""

    def __init__(self, bad_rows: Iterable[BadRow]) -> None:
        self.bad_rows = sorted(set(bad_rows))
        super().__init__(f"{len(self.bad_rows)} bad rows")


@dataclass
class ImportSummary:
    recorded_as: User
    families_created: int = 0
    families_matched: int = 0
    pathways_created: int = 0
    pathways_closed: int = 0  # opened by an earlier import, closed by this one
    triages_imported: int = 0
    triages_already_imported: int = 0
    entries_imported: int = 0


def import_triages(
    path: Path, authority: Authority, *, today: datetime.date | None = None
) -> ImportSummary:
    """Validate the whole file, then write it in one transaction; raises UnreadableFile or
    BadRows (and writes nothing) when it cannot."""
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    importer = importing_user(authority)
    teams = _teams_by_district(authority)
    rows, bad = _read_rows(path, authority, teams, today or timezone.localdate())
    triages = _group_by_triage(rows, bad)
    with transaction.atomic():
        # One import at a time per authority (PostgreSQL; SQLite writes one at a time).
        Authority.objects.select_for_update().get(pk=authority.pk)
        plan = _plan(authority, triages, teams, bad)
        if bad:
            raise BadRows(bad)
        return _write(plan, importer, f"Imported from {path.name}")


def importing_user(authority: Authority) -> User:
    """Who an import is recorded as: the authority's first administrator."""
    user = (
        User.objects.filter(authority=authority, is_active=True, groups__name=Role.ADMINISTRATOR)
        .order_by("date_joined", "pk")
        .first()
    )
    if user is None:
        raise UnreadableFile(
            f"{authority} has no administrator to record the import as: add one first"
        )
    return user


# Reading and checking each row ----------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    line: int
    triage_ref: str
    family_ref: str
    stage: str
    completed_on: datetime.date
    district: District | None
    band: str
    narrative: str
    outcome: str


def _teams_by_district(authority: Authority) -> dict[int | None, Team]:
    """The team that takes a district's pathways (None: families with no district)."""
    teams: dict[int | None, Team] = {}
    for team in authority.teams.filter(is_active=True).order_by("name", "pk"):
        teams.setdefault(team.district_id, team)
    return teams


def _read_rows(
    path: Path, authority: Authority, teams: dict[int | None, Team], today: datetime.date
) -> tuple[list[_Row], list[BadRow]]:
    districts = {
        key.casefold(): district
        for district in authority.districts.all()
        for key in (district.ons_code, district.name)
    }
    rows: list[_Row] = []
    bad: list[BadRow] = []
    line = 1
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise UnreadableFile(f"{path}: the file is empty")
            columns = _columns(header)
            for values in reader:
                # The line the row starts on (a quoted narrative may span lines).
                line, row_start = reader.line_num, line + 1
                if not values:
                    continue
                parsed = _parse_row(row_start, values, columns, authority, districts, teams, today)
                (rows if isinstance(parsed, _Row) else bad).append(parsed)  # type: ignore[arg-type]
    except UnicodeDecodeError:
        raise UnreadableFile(f"{path}: not UTF-8 text") from None
    except csv.Error as error:
        raise UnreadableFile(
            f"{path}, line {line + 1}: not a readable CSV file ({error})"
        ) from None
    return rows, bad


def _columns(header: list[str]) -> dict[str, int]:
    names = [name.strip().lower() for name in header]
    missing = [name for name in COLUMNS if name not in names]
    unknown = [name for name in names if name not in COLUMNS + OPTIONAL_COLUMNS]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if missing or unknown or repeated:
        problems = [
            f"{label} {', '.join(repr(name) for name in found)}"
            for label, found in (("no", missing), ("unknown", unknown), ("repeated", repeated))
            if found
        ]
        raise BadRows(
            [
                BadRow(
                    1,
                    f"the header must be {','.join(COLUMNS)} and optionally outcome "
                    f"({'; '.join(problems)})",
                )
            ]
        )
    return {name: position for position, name in enumerate(names)}


def _parse_row(
    line: int,
    values: list[str],
    columns: dict[str, int],
    authority: Authority,
    districts: dict[str, District],
    teams: dict[int | None, Team],
    today: datetime.date,
) -> _Row | BadRow:
    if len(values) != len(columns):
        return BadRow(line, f"the row has {len(values)} fields, the header {len(columns)}")
    if has_nul(*values):
        return BadRow(line, "the row has a NUL character")
    value = {name: values[position].strip() for name, position in columns.items()}
    problems = []
    for name in ("triage_ref", "family_ref"):
        if not value[name]:
            problems.append(f"{name} is empty")
        elif len(value[name]) > REFERENCE_LENGTH:
            problems.append(f"{name} is longer than {REFERENCE_LENGTH} characters")
    stage = value["stage"].lower()
    if stage not in STAGES:
        problems.append(f"stage {value['stage']!r} is not assessment, review or closure")
    completed_on = _iso_date(value["completed_on"])
    if completed_on is None:
        problems.append(f"completed_on {value['completed_on']!r} is not a date like 2020-04-01")
    elif completed_on > today:
        problems.append(f"completed_on {completed_on} is in the future")
    district = districts.get(value["district"].casefold()) if value["district"] else None
    if value["district"] and district is None:
        problems.append(f"no district {value['district']!r} in {authority} (name or ONS code)")
    elif (district.pk if district else None) not in teams:
        problems.append(
            f"no active team serves {district}"
            if district
            else "no active team without a district to take families with no district"
        )
    band = value["band"].lower()
    if band not in BANDS:
        problems.append(f"band {value['band']!r} is not one of {', '.join(BANDS)}")
    if not value["narrative"]:
        problems.append("the narrative is empty")
    outcome = value.get("outcome", "").lower()
    if outcome and outcome not in OUTCOMES:
        problems.append(f"outcome {value['outcome']!r} is not one of {', '.join(OUTCOMES)}")
    elif outcome and stage in STAGES and stage != TriageStage.CLOSURE:
        problems.append("an outcome belongs on a closure row only")
    if problems or completed_on is None:  # completed_on is None only with a problem
        return BadRow(line, "; ".join(problems))
    return _Row(
        line,
        value["triage_ref"],
        value["family_ref"],
        stage,
        completed_on,
        district,
        band,
        value["narrative"],
        outcome,
    )


def _iso_date(text: str) -> datetime.date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


# Rows into triages ------------------------------------------------------------------------


@dataclass
class _FileTriage:
    ref: str
    family_ref: str
    stage: str
    completed_on: datetime.date
    district: District | None
    outcome: str
    first_line: int
    entries: list[tuple[str, str]] = field(default_factory=list)  # (band, narrative)

    @property
    def district_id(self) -> int | None:
        return self.district.pk if self.district else None


def _describe(family_ref: str, stage: str, on: datetime.date, district: District | None) -> str:
    return f"family {family_ref}, {stage} on {on}, {district or 'no district'}"


def _group_by_triage(rows: list[_Row], bad: list[BadRow]) -> dict[str, _FileTriage]:
    triages: dict[str, _FileTriage] = {}
    for row in rows:
        triage = triages.get(row.triage_ref)
        if triage is None:
            triage = triages[row.triage_ref] = _FileTriage(
                row.triage_ref,
                row.family_ref,
                row.stage,
                row.completed_on,
                row.district,
                row.outcome,
                row.line,
            )
        elif (row.family_ref, row.stage, row.completed_on, row.district) != (
            triage.family_ref,
            triage.stage,
            triage.completed_on,
            triage.district,
        ):
            first = _describe(triage.family_ref, triage.stage, triage.completed_on, triage.district)
            here = _describe(row.family_ref, row.stage, row.completed_on, row.district)
            bad.append(
                BadRow(
                    row.line,
                    f"triage {row.triage_ref} is {first} on line {triage.first_line}, "
                    f"but {here} here",
                )
            )
            continue
        elif row.outcome and triage.outcome and row.outcome != triage.outcome:
            bad.append(
                BadRow(
                    row.line,
                    f"triage {row.triage_ref} has outcome {triage.outcome} on an earlier line",
                )
            )
            continue
        triage.outcome = triage.outcome or row.outcome
        triage.entries.append((row.band, row.narrative))
    for triage in triages.values():
        if triage.stage == TriageStage.CLOSURE and not triage.outcome:
            bad.append(
                BadRow(
                    triage.first_line,
                    f"closure {triage.ref} has no outcome: give one of "
                    f"{', '.join(OUTCOMES)} in an outcome column",
                )
            )
    return triages


# What is there already, and the plan -----------------------------------------------------


@dataclass(frozen=True)
class _KnownTriage:
    """A triage imported before."""

    pk: int
    ref: str
    family_id: int
    stage: str
    completed_on: datetime.date
    district_id: int | None
    pathway_id: int


@dataclass
class _Episode:
    assessed_on: datetime.date
    district_id: int | None
    first_line: int
    pathway: Pathway | None = None  # the pathway of triages imported before, if any
    team: Team | None = None  # of a new pathway
    triages: list[_FileTriage] = field(default_factory=list)  # to import
    ended: bool = False
    closure: _FileTriage | None = None  # a closure to import


@dataclass
class _Plan:
    families: dict[str, Family]  # by family_ref; new ones unsaved
    new_families: list[Family]
    episodes: list[tuple[str, _Episode]]  # (family_ref, episode) with triages to import
    already_imported: int


def _known_triages(authority: Authority, lookup: str, values: Iterable) -> Iterator[_KnownTriage]:
    """Triages imported before into the authority, found by `lookup` among `values`."""
    for chunk in in_chunks(values):
        for row in (
            Triage.objects.filter(authority=authority, **{lookup: chunk})
            .exclude(external_ref="")
            .values_list(
                "pk",
                "external_ref",
                "pathway__family_id",
                "stage",
                "completed_on",
                "district_id",
                "pathway_id",
            )
        ):
            yield _KnownTriage(*row)


def _plan(
    authority: Authority,
    triages: dict[str, _FileTriage],
    teams: dict[int | None, Team],
    bad: list[BadRow],
) -> _Plan:
    families = {
        family.external_ref: family
        for chunk in in_chunks({triage.family_ref for triage in triages.values()})
        for family in Family.objects.filter(authority=authority, external_ref__in=chunk)
    }
    family_refs = {family.pk: ref for ref, family in families.items()}
    known_by_ref = {
        known.ref: known
        for known in _known_triages(authority, "pathway__family_id__in", family_refs)
    }
    for known in _known_triages(authority, "external_ref__in", triages):
        known_by_ref.setdefault(known.ref, known)
    # Triages the file gives to one family that were imported for another.
    other_families = {k.family_id for k in known_by_ref.values()} - family_refs.keys()
    for chunk in in_chunks(other_families):
        family_refs.update(Family.objects.filter(pk__in=chunk).values_list("pk", "external_ref"))

    already_imported = _check_already_imported(triages, known_by_ref, family_refs, bad)
    pathways_by_family: dict[int, list[Pathway]] = {}
    for chunk in in_chunks(family.pk for family in families.values()):
        for pathway in Pathway.objects.filter(family_id__in=chunk).select_related("team"):
            pathways_by_family.setdefault(pathway.family_id, []).append(pathway)
    new_by_family: dict[str, list[_FileTriage]] = {}
    for triage in triages.values():
        if triage.ref not in known_by_ref:
            new_by_family.setdefault(triage.family_ref, []).append(triage)
    known_by_family: dict[int, list[_KnownTriage]] = {}
    for known in known_by_ref.values():
        known_by_family.setdefault(known.family_id, []).append(known)

    new_families = []
    episodes = []
    for family_ref, new in new_by_family.items():
        family = families.get(family_ref)
        family_episodes = _episodes(
            family_ref,
            new,
            known_by_family.get(family.pk, []) if family else [],
            pathways_by_family.get(family.pk, []) if family else [],
            bad,
        )
        for episode in family_episodes:
            if episode.pathway is None:
                episode.team = teams[episode.district_id]
        if family is None and family_episodes:
            family = families[family_ref] = Family(
                authority=authority,
                name=f"Family {family_ref}",
                owning_team=family_episodes[0].team,
                external_ref=family_ref,
            )
            new_families.append(family)
        episodes += [(family_ref, episode) for episode in family_episodes if episode.triages]
    return _Plan(families, new_families, episodes, already_imported)


def _check_already_imported(
    triages: dict[str, _FileTriage],
    known_by_ref: dict[str, _KnownTriage],
    family_refs: dict[int, str],
    bad: list[BadRow],
) -> int:
    """Triages of the file imported before must say the same again."""
    again = [triage for triage in triages.values() if triage.ref in known_by_ref]
    entries: dict[int, Counter] = {}
    for chunk in in_chunks(known_by_ref[triage.ref].pk for triage in again):
        for triage_id, band, narrative in TriageEntry.objects.filter(
            triage_id__in=chunk
        ).values_list("triage_id", "band", "narrative"):
            entries.setdefault(triage_id, Counter())[(band, narrative)] += 1
    districts = {
        district.pk: district
        for district in District.objects.filter(
            pk__in={known.district_id for known in known_by_ref.values() if known.district_id}
        )
    }
    for triage in again:
        known = known_by_ref[triage.ref]
        before = (family_refs[known.family_id], known.stage, known.completed_on, known.district_id)
        if (triage.family_ref, triage.stage, triage.completed_on, triage.district_id) != before:
            district = districts.get(known.district_id) if known.district_id else None
            bad.append(
                BadRow(
                    triage.first_line,
                    f"triage {triage.ref} was imported before as "
                    f"{_describe(before[0], known.stage, known.completed_on, district)}",
                )
            )
        elif Counter(triage.entries) != entries.get(known.pk, Counter()):
            bad.append(
                BadRow(
                    triage.first_line,
                    f"triage {triage.ref} was imported before with other entries",
                )
            )
    return len(again)


def _episodes(
    family_ref: str,
    new: list[_FileTriage],
    known: list[_KnownTriage],
    pathways: list[Pathway],
    bad: list[BadRow],
) -> list[_Episode]:
    """The family's triages, new and imported before, in date order, cut into episodes;
    a problem is reported on the new triage's line, or on the family's first new line when
    it shows on a triage imported before."""
    family_line = min(triage.first_line for triage in new)
    by_pk = {pathway.pk: pathway for pathway in pathways}
    steps: list[tuple[tuple, _FileTriage | None, _KnownTriage | None]] = [
        ((triage.completed_on, STAGE_ORDER[triage.stage], triage.ref), triage, None)
        for triage in new
    ] + [((k.completed_on, STAGE_ORDER[k.stage], k.ref), None, k) for k in known]
    steps.sort(key=lambda step: step[0])
    # A pathway closed before (in the system, maybe with no closure triage) ends after the
    # last of its triages imported before.
    last_of_closed = {}
    for _, _, known_triage in steps:
        if known_triage and by_pk[known_triage.pathway_id].status == PathwayStatus.CLOSED:
            last_of_closed[known_triage.pathway_id] = known_triage.ref

    episodes: list[_Episode] = []
    current: _Episode | None = None
    for (on, _, ref), triage, known_triage in steps:
        stage = triage.stage if triage else known_triage.stage  # type: ignore[union-attr]
        district_id = triage.district_id if triage else known_triage.district_id  # type: ignore[union-attr]
        line = triage.first_line if triage else family_line
        problem = None
        if stage == TriageStage.ASSESSMENT:
            if current is not None and not current.ended:
                problem = f"the assessment on {current.assessed_on} has no closure before it"
            else:
                current = _Episode(on, district_id, line)
                episodes.append(current)
        elif current is None:
            problem = "there is no assessment before it"
        elif current.ended:
            problem = f"the episode it would belong to (assessed on {current.assessed_on}) ended"
        elif district_id != current.district_id:
            problem = f"its district is not that of the assessment on {current.assessed_on}"
        if problem is None and current is not None and known_triage is not None:
            pathway = by_pk[known_triage.pathway_id]
            if current.pathway is not None and current.pathway.pk != pathway.pk:
                problem = "it would put triages of two pathways in one episode"
            current.pathway = pathway
        if problem is not None:
            before = "" if triage else ", imported before,"
            bad.append(
                BadRow(line, f"{stage} {ref} of family {family_ref} on {on}{before}: {problem}")
            )
            continue
        if current is None:  # a step without an episode always has a problem, above
            raise AssertionError(f"line {line}: a step without an episode was accepted")
        if triage is not None:
            if (
                stage == TriageStage.CLOSURE
                and current.pathway is not None
                and current.pathway.status == PathwayStatus.CLOSED
            ):
                bad.append(
                    BadRow(
                        line,
                        f"closure {ref} of family {family_ref} on {on}: its pathway "
                        f"{current.pathway.reference} was closed on {current.pathway.closed_on}",
                    )
                )
                continue
            current.triages.append(triage)
        if stage == TriageStage.CLOSURE:
            current.ended = True
            current.closure = triage
        elif known_triage and last_of_closed.get(known_triage.pathway_id) == known_triage.ref:
            current.ended = True

    open_elsewhere = [
        pathway
        for pathway in pathways
        if pathway.status == PathwayStatus.OPEN
        and all(episode.pathway != pathway for episode in episodes)
    ]
    if open_elsewhere and episodes and not episodes[-1].ended and episodes[-1].pathway is None:
        bad.append(
            BadRow(
                episodes[-1].first_line,
                f"family {family_ref} already has an open pathway "
                f"({open_elsewhere[0].reference}): this assessment would open a second",
            )
        )
    return episodes


# Writing -------------------------------------------------------------------------------


def _write(plan: _Plan, importer: User, reason: str) -> ImportSummary:
    summary = ImportSummary(
        recorded_as=importer,
        families_created=len(plan.new_families),
        families_matched=len(plan.families) - len(plan.new_families),
        triages_already_imported=plan.already_imported,
    )
    history = {"batch_size": BATCH_SIZE, "default_user": importer, "default_change_reason": reason}
    for family in plan.new_families:
        family.created_by = importer
    bulk_create_with_history(plan.new_families, Family, **history)

    new_pathways = []
    for family_ref, episode in plan.episodes:
        closure = episode.closure
        if episode.pathway is None:
            episode.pathway = Pathway(
                family=plan.families[family_ref],
                team=episode.team,
                opened_on=episode.assessed_on,
                opened_by=importer,
            )
            new_pathways.append(episode.pathway)
            if closure is not None:
                _close(episode.pathway, closure, importer, reason)
        elif closure is not None:
            _close(episode.pathway, closure, importer, reason)
            # Read by simple-history for the history row (there is no request to ask).
            episode.pathway._history_user = importer  # type: ignore[attr-defined]
            episode.pathway._change_reason = reason  # type: ignore[attr-defined]
            save_versioned(
                episode.pathway,
                episode.pathway.version,
                ["status", "outcome", "closing_summary", "closed_on", "closed_by"],
            )
            summary.pathways_closed += 1
    bulk_create_with_history(new_pathways, Pathway, **history)
    summary.pathways_created = len(new_pathways)

    triages, entries = [], []
    for _, episode in plan.episodes:
        for source in episode.triages:
            triage = Triage(
                pathway=episode.pathway,
                stage=source.stage,
                started_by=importer,
                completed_on=source.completed_on,
                completed_by=importer,
                external_ref=source.ref,
            )
            triage.summarise({band for band, _ in source.entries})
            triages.append(triage)
            entries += [
                TriageEntry(triage=triage, band=band, narrative=narrative, written_by=importer)
                for band, narrative in source.entries
            ]
    bulk_create_with_history(triages, Triage, **history)
    bulk_create_with_history(entries, TriageEntry, **history)
    if triages:
        count_triages(triages[0].authority_id, {triage.completed_on for triage in triages})
    summary.triages_imported, summary.entries_imported = len(triages), len(entries)
    return summary


def _close(pathway: Pathway, closure: _FileTriage, importer: User, reason: str) -> None:
    pathway.status, pathway.outcome = PathwayStatus.CLOSED, closure.outcome
    pathway.closed_on, pathway.closed_by = closure.completed_on, importer
    pathway.closing_summary = f"Closed in the previous case system. {reason}."
