"""Administrators set their authority's retention rule and read what was anonymised."""

from django.contrib import admin
from django.http import HttpRequest

from earlyhelp.accounts.admin import AuthorityScopedAdmin
from earlyhelp.core.admin import HistoryAdmin
from earlyhelp.protection.models import Anonymisation, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(AuthorityScopedAdmin, HistoryAdmin):
    list_display = [
        "authority",
        "is_active",
        "years_after_closure",
        "youngest_child_age",
        "combine",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return ["authority"] if obj else []

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("protection.change_retention_rule")

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm("protection.change_retention_rule")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm("protection.change_retention_rule")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Until one is added, the defaults in settings apply: one rule per authority.
        return request.user.has_perm("protection.change_retention_rule") and not (
            RetentionRule.objects.filter(authority_id=request.user.authority_id).exists()
        )

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Anonymisation)
class AnonymisationAdmin(AuthorityScopedAdmin):
    list_display = ["family_id", "anonymised_at", "by_label", "due_on", "reason"]
    readonly_fields = [f.name for f in Anonymisation._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("protection.view_retention")

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm("protection.view_retention")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
