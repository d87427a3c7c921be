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
    readonly_fields = ["authority", "remote_intervention_weeks"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("oversight.change_timescales")

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm("oversight.change_timescales")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm("oversight.change_timescales")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made with the defaults the first time the timescales are needed

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="weeks a remote intervention may last")
    def remote_intervention_weeks(self, rules: TimescaleRules) -> str:
        return f"{rules.authority.remote_intervention_weeks} (change it on the authority)"
