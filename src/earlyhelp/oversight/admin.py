"""Administrators change their authority's timescales here."""

from django.contrib import admin
from django.http import HttpRequest

from earlyhelp.accounts.admin import AuthorityScopedAdmin
from earlyhelp.core.admin import HistoryAdmin
from earlyhelp.oversight.models import TimescaleRules


@admin.register(TimescaleRules)
class TimescaleRulesAdmin(AuthorityScopedAdmin, HistoryAdmin):
    list_display = [
        "authority",
        "request_decision_working_days",
        "assessment_days",
        "first_review_weeks",
        "review_interval_weeks",
        "pathway_months",
        "fsw_intervention_weeks",
        "due_soon_days",
        "narrative_min_length",
        "inactive_weeks",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        # An authority's administrator changes only their own authority's timescales.
        if obj is None and request.user.authority_id is None:
            return ["remote_intervention_weeks"]
        return ["authority", "remote_intervention_weeks"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("oversight.change_timescales")

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm("oversight.change_timescales")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm("oversight.change_timescales")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row per authority, added the first time its defaults are changed.
        if not request.user.has_perm("oversight.change_timescales"):
            return False
        authority_id = request.user.authority_id
        return (
            authority_id is None
            or not TimescaleRules.objects.filter(authority_id=authority_id).exists()
        )

    def save_model(self, request: HttpRequest, obj: TimescaleRules, form, change: bool) -> None:  # type: ignore[no-untyped-def]
        if not change and request.user.authority_id is not None:
            obj.authority_id = request.user.authority_id
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="weeks a remote intervention may last")
    def remote_intervention_weeks(self, rules: TimescaleRules) -> str:
        if rules.authority_id is None:
            return "(change it on the authority)"
        return f"{rules.authority.remote_intervention_weeks} (change it on the authority)"
