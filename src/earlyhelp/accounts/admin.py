from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from earlyhelp.accounts.models import AccessLog, Agency, Authority, District, Role, Team, User

admin.site.site_header = "earlyhelp administration"
admin.site.site_title = "earlyhelp administration"


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "ons_code", "band_label_set"]


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ["name", "ons_code", "authority"]
    list_filter = ["authority"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "district", "authority", "is_active"]
    list_filter = ["authority", "district", "is_active"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "authority", "is_active"]
    list_filter = ["authority", "kind", "is_active"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
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
        # Administrators may use this site; keep is_staff in step with the role.
        user = form.instance
        is_administrator = user.groups.filter(name=Role.ADMINISTRATOR).exists()
        if user.is_staff != is_administrator:
            user.is_staff = is_administrator
            user.save(update_fields=["is_staff"])


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
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
