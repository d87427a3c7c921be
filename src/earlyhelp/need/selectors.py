"""Reads of the need framework, for pages, forms, the coder and reports."""

from django.db.models import Prefetch, Q, QuerySet

from earlyhelp.accounts.models import Authority
from earlyhelp.need.models import (
    BAND_ORDER,
    Band,
    BandLabel,
    BandLabelSet,
    HeadlineOutcome,
    IssueCode,
)


def band_labels_for(authority: Authority | None) -> list[BandLabel]:
    """The five bands in order, with the authority's labels (or the colour names)."""
    labels = {}
    if authority is not None:
        labels = {label.band: label for label in authority.band_label_set.labels.all()}
    return [
        labels.get(band.value) or BandLabel(band=band.value, label=band.label)
        for band in sorted(Band, key=lambda band: BAND_ORDER[band.value])
    ]


def issue_codes_for(
    authority: Authority | None, include_inactive: bool = False
) -> QuerySet[IssueCode]:
    """National codes plus the authority's local ones."""
    codes = IssueCode.objects.select_related("headline_outcome")
    codes = (
        codes.filter(Q(local_to__isnull=True) | Q(local_to=authority))
        if authority
        else codes.filter(local_to__isnull=True)
    )
    if not include_inactive:
        codes = codes.filter(is_active=True)
    return codes


def headline_outcomes_with_codes(authority: Authority | None) -> QuerySet[HeadlineOutcome]:
    return HeadlineOutcome.objects.prefetch_related(
        Prefetch("issue_codes", queryset=issue_codes_for(authority, include_inactive=True))
    )


def label_sets() -> QuerySet[BandLabelSet]:
    return BandLabelSet.objects.prefetch_related("labels", "authorities")
