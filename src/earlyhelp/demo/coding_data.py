"""The coder's work in the demo: every generated triage entry read by the coder, as it
would have been when it was written, and the Monitoring Team's review of the older ones.

The family generator records each narrative's true codes (as an analyst's). Here the
coder's suggestions replace them: entries of triages completed more than two weeks ago
were reviewed by the analyst (the coder's codes confirmed or rejected against the true
ones, the codes it missed added as the analyst's), and newer ones wait in the review
queue. A concern the coder flags on a reviewed entry is closed as already known; on a
newer one it is open, on the "needs a human now" list. Deterministic for a seed and day.
"""

import datetime
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from earlyhelp.accounts.models import Authority, Role, User
from earlyhelp.coding.models import EntryCoding, FlagAction, SafeguardingFlag
from earlyhelp.coding.selectors import family_first_names
from earlyhelp.coding.training import current_coder
from earlyhelp.need.models import IssueCode
from earlyhelp.pathways.models import CodeSource, CodeStatus, EntryCode, TriageEntry

REVIEWED_AFTER_DAYS = 14
REVIEWED_SHARE = 0.9
BATCH = 5000


@transaction.atomic
def seed_coding(*, authority: Authority, seed: int, today: datetime.date | None = None) -> int:
    """Code the authority's generated entries; returns how many were coded."""
    today = today or timezone.localdate()
    rng = random.Random(f"coding:{authority.slug}:{seed}")  # noqa: S311 - not security  # nosec B311
    analyst = User.objects.filter(authority=authority, groups__name=Role.ANALYST).first()
    entries = list(
        TriageEntry.objects.filter(triage__pathway__family__authority=authority)
        .order_by("pk")
        .values_list("pk", "narrative", "triage__completed_on")
    )
    if not entries or analyst is None:
        return 0
    code_ids = dict(IssueCode.objects.values_list("code", "pk"))
    code_of = {pk: code for code, pk in code_ids.items()}
    truth: dict[int, set[str]] = defaultdict(set)
    entry_ids = [entry_id for entry_id, _, _ in entries]
    # By entry ids, a chunk at a time: a join through families makes PostgreSQL, without
    # statistics on freshly loaded tables, pick a plan that takes minutes.
    for start in range(0, len(entry_ids), 2000):
        chunk = entry_ids[start : start + 2000]
        rows = EntryCode.objects.filter(entry_id__in=chunk)
        for entry_id, code_id in rows.values_list("entry_id", "code_id"):
            truth[entry_id].add(code_of[code_id])
        rows._raw_delete(rows.db)  # the generator's own rows: no history to keep
    coder = current_coder()
    cutoff = today - datetime.timedelta(days=REVIEWED_AFTER_DAYS)
    for start in range(0, len(entries), BATCH):
        batch = entries[start : start + BATCH]
        predictions = coder.predict(
            [narrative for _, narrative, _ in batch],
            family_first_names([entry_id for entry_id, _, _ in batch]),
        )
        codes, codings, flags = [], [], []
        for (entry_id, _, completed_on), prediction in zip(batch, predictions, strict=True):
            reviewed = (
                completed_on is not None and completed_on < cutoff and rng.random() < REVIEWED_SHARE
            )
            reviewed_at = (
                timezone.make_aware(
                    datetime.datetime.combine(
                        completed_on + datetime.timedelta(days=rng.randint(1, 10)),
                        datetime.time(10, rng.randint(0, 59)),
                    )
                )
                if reviewed
                else None
            )
            suggested = set(prediction.codes)
            for code in sorted(suggested | (truth[entry_id] if reviewed else set())):
                if code not in code_ids:
                    continue
                by_coder = code in suggested
                status = (
                    CodeStatus.SUGGESTED
                    if not reviewed
                    else CodeStatus.CONFIRMED
                    if code in truth[entry_id]
                    else CodeStatus.REJECTED
                )
                codes.append(
                    EntryCode(
                        entry_id=entry_id,
                        code_id=code_ids[code],
                        source=CodeSource.CODER if by_coder else CodeSource.ANALYST,
                        status=status,
                        confidence=prediction.codes.get(code),
                        model_version=coder.version if by_coder else "",
                        confirmed_by=analyst if reviewed else None,
                        confirmed_at=reviewed_at,
                    )
                )
            codings.append(
                EntryCoding(
                    entry_id=entry_id,
                    model_version=coder.version,
                    coded_at=timezone.now(),
                    lowest_confidence=min(prediction.codes.values(), default=None),
                    safeguarding_score=prediction.safeguarding_score,
                    reviewed_by=analyst if reviewed else None,
                    reviewed_at=reviewed_at,
                )
            )
            if prediction.safeguarding:
                flags.append(
                    SafeguardingFlag(
                        entry_id=entry_id,
                        score=prediction.safeguarding_score,
                        model_version=coder.version,
                        action=FlagAction.ALREADY_KNOWN if reviewed else "",
                        note=(
                            "Checked with the Lead Professional: already acted on."
                            if reviewed
                            else ""
                        ),
                        closed_by=analyst if reviewed else None,
                        closed_at=reviewed_at,
                    )
                )
        EntryCode.objects.bulk_create(codes, batch_size=2000)
        EntryCoding.objects.bulk_create(codings, batch_size=2000)
        SafeguardingFlag.objects.bulk_create(flags, batch_size=2000)
    return len(entries)
