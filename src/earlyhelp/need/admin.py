from django.contrib import admin

from earlyhelp.core.admin import HistoryAdmin
from earlyhelp.need.models import BandLabel, BandLabelSet, HeadlineOutcome, IssueCode


class BandLabelInline(admin.TabularInline):
    model = BandLabel
    extra = 0
    max_num = 5
    fields = ["band", "label", "description", "who_helps"]


@admin.register(BandLabelSet)
class BandLabelSetAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    inlines = [BandLabelInline]


@admin.register(BandLabel)
class BandLabelAdmin(HistoryAdmin):
    list_display = ["label_set", "band", "label", "who_helps"]
    list_filter = ["label_set"]


@admin.register(HeadlineOutcome)
class HeadlineOutcomeAdmin(HistoryAdmin):
    list_display = ["label", "slug", "position"]
    readonly_fields = ["slug"]


@admin.register(IssueCode)
class IssueCodeAdmin(HistoryAdmin):
    list_display = ["code", "headline_outcome", "need", "local_to", "is_active"]
    list_filter = ["headline_outcome", "is_active", "local_to"]
    search_fields = ["code", "need"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # A code is a stable identifier once made: reports and the coder rely on it.
        return ["code"] if obj is not None else []
