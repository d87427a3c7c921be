"""Coding triage entries, analysts' reviews, and safeguarding flags. Each operation is
one transaction."""

import logging
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from earlyhelp.accounts.models import Role, User
from earlyhelp.coding.models import EntryCoding, FlagAction, SafeguardingFlag
from earlyhelp.coding.selectors import family_first_names
from earlyhelp.coding.training import current_coder
from earlyhelp.need.models import IssueCode
from earlyhelp.pathways.models import CodeSource, CodeStatus, EntryCode, TriageEntry

logger = logging.getLogger(__name__)


class CodingError(Exception):
    """The operation breaks a rule; the message says which, for the user."""


@transaction.atomic
def code_entries(entries: Sequence[TriageEntry], *, notify: bool = True) -> list[SafeguardingFlag]:
    """Read entries with the coder, in bulk: its suggestions replace its earlier
    unreviewed ones (codes an analyst confirmed or rejected stay), each entry goes back to
    the analysts' queue, and a concern raises a safeguarding flag (with the people who
    must look told, unless `notify` is off, as for generated demo data). Returns the
    flags raised."""
    if not entries:
        return []
    coder = current_coder()
    predictions = coder.predict(
        [entry.narrative for entry in entries],
        family_first_names([entry.pk for entry in entries]),
    )
    codes = {code.code: code for code in IssueCode.objects.filter(code__in=coder.codes)}
    ids = [entry.pk for entry in entries]
    decided = set(
        EntryCode.objects.filter(entry_id__in=ids)
        .exclude(status=CodeStatus.SUGGESTED)
        .values_list("entry_id", "code__code")
    )
    EntryCode.objects.filter(entry_id__in=ids, status=CodeStatus.SUGGESTED).delete()
    flagged = set(
        SafeguardingFlag.objects.filter(entry_id__in=ids, closed_at__isnull=True).values_list(
            "entry_id", flat=True
        )
    )
    now = timezone.now()
    suggestions, codings, flags = [], [], []
    for entry, prediction in zip(entries, predictions, strict=True):
        suggestions += [
            EntryCode(
                entry=entry,
                code=codes[code],
                source=CodeSource.CODER,
                status=CodeStatus.SUGGESTED,
                confidence=confidence,
                model_version=coder.version,
            )
            for code, confidence in prediction.codes.items()
            if code in codes and (entry.pk, code) not in decided
        ]
        codings.append(
            EntryCoding(
                entry=entry,
                model_version=coder.version,
                coded_at=now,
                lowest_confidence=min(prediction.codes.values(), default=None),
                safeguarding_score=prediction.safeguarding_score,
            )
        )
        if prediction.safeguarding and entry.pk not in flagged:
            flags.append(
                SafeguardingFlag(
                    entry=entry, score=prediction.safeguarding_score, model_version=coder.version
                )
            )
    EntryCode.objects.bulk_create(suggestions, batch_size=2000)
    EntryCoding.objects.bulk_create(
        codings,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["entry"],
        update_fields=[
            "model_version",
            "coded_at",
            "lowest_confidence",
            "safeguarding_score",
            "reviewed_by",
            "reviewed_at",
            "updated_at",
        ],
    )
    raised = bulk_create_with_history(flags, SafeguardingFlag, batch_size=2000)
    if notify:
        for flag in raised:
            transaction.on_commit(lambda flag=flag: tell_about_flag(flag))
    return raised


def code_backlog(*, batch: int = 5000) -> int:
    """Code every entry the coder has not read (after an import, or a large demo seed),
    a batch per transaction. Returns how many were coded."""
    done = 0
    while True:
        entries = list(TriageEntry.objects.filter(coding__isnull=True).order_by("pk")[:batch])
        if not entries:
            return done
        code_entries(entries, notify=False)
        done += len(entries)


@transaction.atomic
def review_entry(*, by: User, entry: TriageEntry, codes: Iterable[str]) -> None:
    """An analyst says which codes the entry has. The coder's suggestions they keep are
    confirmed, those they drop are kept as rejected, and codes they add are recorded as
    theirs: every decision with who and when."""
    if not by.has_role(Role.ANALYST):
        raise CodingError("Only the Monitoring Team's analysts confirm codes")
    wanted = set(codes)
    known = {code.code: code for code in IssueCode.objects.filter(code__in=wanted)}
    if wanted - set(known):
        raise CodingError(f"Unknown issue codes: {', '.join(sorted(wanted - set(known)))}")
    now = timezone.now()
    existing = {row.code.code: row for row in entry.codes.select_related("code")}
    for code, row in existing.items():
        row.status = CodeStatus.CONFIRMED if code in wanted else CodeStatus.REJECTED
        row.confirmed_by, row.confirmed_at = by, now
        row.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    for code in wanted - set(existing):
        EntryCode.objects.create(
            entry=entry,
            code=known[code],
            source=CodeSource.ANALYST,
            status=CodeStatus.CONFIRMED,
            confirmed_by=by,
            confirmed_at=now,
        )
    EntryCoding.objects.update_or_create(
        entry=entry, defaults={"reviewed_by": by, "reviewed_at": now}
    )


@transaction.atomic
def close_flag(*, by: User, flag: SafeguardingFlag, action: FlagAction, note: str) -> None:
    """A person records what was done about a flag; only then is it closed."""
    flag = SafeguardingFlag.objects.select_for_update().get(pk=flag.pk)
    if not flag.is_open:
        raise CodingError("This flag has already been closed")
    if action not in FlagAction.values:
        raise CodingError("Choose what was done")
    if len(note.strip()) < 10:
        raise CodingError("Say what was done, in a sentence")
    flag.action = action
    flag.note = note.strip()
    flag.closed_by = by
    flag.closed_at = timezone.now()
    flag.save(update_fields=["action", "note", "closed_by", "closed_at", "updated_at"])


def people_to_tell(flag: SafeguardingFlag) -> list[str]:
    """The authority's front door officers and the managers of the family's team and
    district."""
    family = flag.entry.triage.pathway.family
    team = family.owning_team
    return sorted(
        set(
            User.objects.filter(
                Q(groups__name=Role.FRONT_DOOR_OFFICER, authority_id=family.authority_id)
                | Q(managed_teams=team)
                | Q(managed_districts=team.district_id),
                is_active=True,
            ).values_list("email", flat=True)
        )
    )


def tell_about_flag(flag: SafeguardingFlag) -> None:
    """Email who must look at once. The email names the family's reference and a link,
    never the narrative; a failed send is logged (the flag is on the list regardless)."""
    family = flag.entry.triage.pathway.family
    link = settings.SERVICE_URL + reverse("coding:flags")
    try:
        send_mail(
            f"Safeguarding concern to look at now: family {family.reference}",
            f"A triage narrative for family {family.reference} reads as a child at risk of "
            f"significant harm. A person must look at it now and record what was done.\n\n"
            f"{link}\n",
            None,
            people_to_tell(flag),
        )
    except Exception:
        logger.exception("Could not email about safeguarding flag %s", flag.pk)
