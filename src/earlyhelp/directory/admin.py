"""Editing the directory in the admin site, for its editors and administrators. Every
change keeps a history row; an editor sees only their authority's directory."""

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from earlyhelp.accounts.admin import AuthorityScopedAdmin
from earlyhelp.core.admin import HistoryAdmin
from earlyhelp.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from earlyhelp.directory.services import place_location

EDIT_PERMISSION = "directory.edit_services"


class DirectoryPermissions:
    """Model permissions from the `directory.edit_services` rule, not Django's tables."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(EDIT_PERMISSION)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm(EDIT_PERMISSION)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm(EDIT_PERMISSION)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm(EDIT_PERMISSION)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm(EDIT_PERMISSION)


class Inline(DirectoryPermissions, admin.StackedInline):
    extra = 0
    exclude = ["created_at", "updated_at"]


class OrganizationIdentifierInline(Inline):
    model = OrganizationIdentifier


class FundingInline(Inline):
    model = Funding


class CostOptionInline(Inline):
    model = CostOption


class ServiceAreaInline(Inline):
    model = ServiceArea


class ScheduleInline(Inline):
    model = Schedule
    fk_name = "service"
    exclude = ["created_at", "updated_at", "service_at_location"]


class ServiceContactInline(Inline):
    model = Contact
    fk_name = "service"
    exclude = ["created_at", "updated_at", "location"]


class ServicePhoneInline(Inline):
    model = Phone
    fk_name = "service"
    exclude = ["created_at", "updated_at", "location", "contact"]


class ServiceLanguageInline(Inline):
    model = Language
    fk_name = "service"
    exclude = ["created_at", "updated_at", "location"]


class ServiceAtLocationInline(Inline):
    model = ServiceAtLocation
    autocomplete_fields = ["location"]


class AddressInline(Inline):
    model = Address


class AccessibilityInline(Inline):
    model = Accessibility


class ContactPhoneInline(Inline):
    model = Phone
    fk_name = "contact"
    exclude = ["created_at", "updated_at", "service", "location"]


@admin.register(Organization)
class OrganizationAdmin(DirectoryPermissions, AuthorityScopedAdmin, HistoryAdmin):
    list_display = ["name", "email", "website", "authority"]
    list_filter = ["authority"]
    search_fields = ["name", "description"]
    inlines = [OrganizationIdentifierInline]


@admin.register(Service)
class ServiceAdmin(DirectoryPermissions, AuthorityScopedAdmin, HistoryAdmin):
    list_display = ["name", "organization", "status", "last_checked_on", "authority"]
    list_filter = ["authority", "status", "issue_codes"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["issue_codes"]
    readonly_fields = ["last_modified"]
    inlines = [
        ServiceAtLocationInline,
        ScheduleInline,
        CostOptionInline,
        ServiceContactInline,
        ServicePhoneInline,
        ServiceLanguageInline,
        ServiceAreaInline,
        FundingInline,
    ]

    def save_model(self, request: HttpRequest, obj: Service, form, change: bool) -> None:  # type: ignore[no-untyped-def]
        obj.last_modified = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Location)
class LocationAdmin(DirectoryPermissions, AuthorityScopedAdmin, HistoryAdmin):
    list_display = ["name", "kind", "is_family_hub", "district", "lsoa_code", "authority"]
    list_filter = ["authority", "kind", "is_family_hub", "district"]
    search_fields = ["name", "description", "addresses__postal_code"]
    autocomplete_fields = ["linked_hub"]
    inlines = [AddressInline, AccessibilityInline]
    readonly_fields = ["lsoa_code", "deprivation_decile"]

    def save_model(self, request: HttpRequest, obj: Location, form, change: bool) -> None:  # type: ignore[no-untyped-def]
        place_location(obj, save=False)  # the area, its decile and district follow the point
        super().save_model(request, obj, form, change)


@admin.register(Contact)
class ContactAdmin(DirectoryPermissions, HistoryAdmin):
    list_display = ["name", "title", "service", "location"]
    search_fields = ["name", "title", "email"]
    autocomplete_fields = ["service", "location"]
    inlines = [ContactPhoneInline]


@admin.register(Taxonomy)
class TaxonomyAdmin(DirectoryPermissions, HistoryAdmin):
    list_display = ["name", "version", "uri"]
    search_fields = ["name"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(DirectoryPermissions, HistoryAdmin):
    list_display = ["name", "code", "taxonomy", "taxonomy_detail"]
    list_filter = ["taxonomy_detail"]
    search_fields = ["name", "code", "description"]


@admin.register(Attribute)
class AttributeAdmin(DirectoryPermissions, HistoryAdmin):
    list_display = ["taxonomy_term", "link_entity", "link_id", "link_type", "value"]
    list_filter = ["link_entity"]
    search_fields = ["link_id", "taxonomy_term__name"]
    autocomplete_fields = ["taxonomy_term"]


@admin.register(Schedule)
class ScheduleAdmin(DirectoryPermissions, HistoryAdmin):
    list_display = ["__str__", "service", "service_at_location", "freq", "byday"]
    autocomplete_fields = ["service"]
