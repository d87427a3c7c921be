"""Keeping ``TriageDayCount`` in step with the triages it counts."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q

from earlyhelp.accounts.models import Authority
from earlyhelp.need.models import Band
from earlyhelp.pathways.models import Triage, TriageDayCount

DAYS_PER_QUERY = 500


@transaction.atomic
def count_triages(authority_id: int, days: Iterable[datetime.date] | None = None) -> None:
    """Rebuild the authority's day counts for these days (every day when None) from its
    completed triages. A rebuild, not an increment: running it twice changes nothing."""
    # One rebuild at a time per authority, so two never interleave their deletes and inserts.
    Authority.objects.select_for_update().filter(pk=authority_id).first()
    if days is None:
        TriageDayCount.objects.filter(authority_id=authority_id).delete()
        _insert(Triage.objects.filter(authority_id=authority_id, completed_on__isnull=False))
        return
    ordered = sorted(set(days))
    for start in range(0, len(ordered), DAYS_PER_QUERY):
        chunk = ordered[start : start + DAYS_PER_QUERY]
        TriageDayCount.objects.filter(authority_id=authority_id, day__in=chunk).delete()
        _insert(Triage.objects.filter(authority_id=authority_id, completed_on__in=chunk))


def _insert(triages) -> None:  # type: ignore[no-untyped-def]
    rows = (
        triages.order_by()
        .values("authority_id", "district_id", "team_id", "stage", "completed_on")
        .annotate(
            count=Count("pk"),
            **{f"n_{band}": Count("pk", filter=Q(**{f"has_{band}": True})) for band in Band.values},
        )
    )
    TriageDayCount.objects.bulk_create(
        (
            TriageDayCount(
                authority_id=row["authority_id"],
                district_id=row["district_id"],
                team_id=row["team_id"],
                stage=row["stage"],
                day=row["completed_on"],
                triages=row["count"],
                **{band: row[f"n_{band}"] for band in Band.values},
            )
            for row in rows.iterator(chunk_size=2000)
        ),
        batch_size=2000,
    )
