from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from earlyhelp.accounts.models import AccessLog, Agency, Authority, District, Role, Team, User
from earlyhelp.accounts.services import set_roles
from earlyhelp.core.admin import HistoryAdmin

admin.site.site_header = "earlyhelp administration"
admin.site.site_title = "earlyhelp administration"


class AuthorityScopedAdmin(admin.ModelAdmin):
    """An authority's administrators see, and can choose, only that authority's records.
    An administrator with no authority administers the whole installation."""

    authority_field = "authority"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        rows = super().get_queryset(request)
        authority_id = request.user.authority_id
        return rows.filter(**{self.authority_field: authority_id}) if authority_id else rows

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        _limit_choices_to_authority(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        _limit_choices_to_authority(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _limit_choices_to_authority(db_field, request: HttpRequest, kwargs: dict) -> None:  # type: ignore[no-untyped-def]
    authority_id = request.user.authority_id
    related = db_field.related_model
    if not authority_id or related is None:
        return
    if related is Authority:
        kwargs["queryset"] = Authority.objects.filter(pk=authority_id)
    elif any(field.name == "authority" for field in related._meta.fields):
        kwargs["queryset"] = related._default_manager.filter(authority_id=authority_id)


@admin.register(Authority)
class AuthorityAdmin(AuthorityScopedAdmin, HistoryAdmin):
    authority_field = "pk"
    list_display = ["name", "ons_code", "band_label_set"]


@admin.register(District)
class DistrictAdmin(AuthorityScopedAdmin, HistoryAdmin):
    list_display = ["name", "ons_code", "authority"]
    list_filter = ["authority"]


@admin.register(Team)
class TeamAdmin(AuthorityScopedAdmin, HistoryAdmin):
    list_display = ["name", "district", "authority", "is_active"]
    list_filter = ["authority", "district", "is_active"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(AuthorityScopedAdmin, HistoryAdmin):
    list_display = ["name", "kind", "authority", "is_active"]
    list_filter = ["authority", "kind", "is_active"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(AuthorityScopedAdmin, DjangoUserAdmin, HistoryAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "agency", "is_active"]
    list_filter = ["is_active", "groups", "authority", "teams"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["groups", "teams", "managed_teams", "managed_districts"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "job_title"]}),
        ("Organisation", {"fields": ["authority", "agency", "teams"]}),
        ("Roles", {"fields": ["groups", "managed_teams", "managed_districts", "is_active"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        # The groups chosen are the roles; set_roles keeps the admin-site flag in step.
        user = form.instance
        set_roles(
            user, {Role(group.name) for group in user.groups.all() if group.name in Role.values}
        )


@admin.register(AccessLog)
class AccessLogAdmin(AuthorityScopedAdmin):
    list_display = ["at", "user_email", "purpose", "object_type", "object_id", "family_id"]
    list_filter = ["purpose", "object_type"]
    search_fields = ["user_email", "object_id", "family_id"]
    readonly_fields = [field.name for field in AccessLog._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
