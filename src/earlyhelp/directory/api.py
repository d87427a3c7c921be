"""The Open Referral UK 3.0 API at /api/openreferral/: the directory, public, no sign-in.

A NinjaAPI of its own: the main API is for signed-in staff, and answers bad input with
422; this one follows the Open Referral specification, and answers any bad query
parameter with 400 and a JSON body that names it.
"""

import math
import uuid
from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Schema
from ninja.errors import ValidationError
from pydantic import field_validator

from earlyhelp.accounts.models import Authority
from earlyhelp.core.openapi import (
    DETAIL,
    DETAIL_AND_ERRORS,
    Errors,
    ErrorsDocumentedAPI,
    error_response,
)
from earlyhelp.directory import openreferral
from earlyhelp.directory.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from earlyhelp.directory.search import nearest_first
from earlyhelp.directory.selectors import (
    ServiceSearch,
    postcode_district,
    service_at_locations_matching,
    services_matching,
)
from earlyhelp.places.selectors import Location, PlaceNotFound, postcode_location

MAX_PER_PAGE = 200
MAX_PROXIMITY_METRES = 200_000


class OpenReferralAPI(ErrorsDocumentedAPI):
    """Every route documents its errors: 400 for a query parameter that is not valid, 404
    for an id that names nothing."""

    path_parameter_errors: ClassVar[Errors] = {404: error_response("Not found", DETAIL)}
    input_errors: ClassVar[Errors] = {
        400: error_response("The request's parameters are not valid", DETAIL_AND_ERRORS)
    }


api = OpenReferralAPI(
    title="Open Referral UK API",
    version="3.0",
    description=(
        "The service directory in the Open Referral UK 3.0 profile. Public: no sign-in. "
        "Human Services Data Specification: an Open Referral resource, CC BY-SA 4.0."
    ),
    urls_namespace="openreferral",
    auth=None,
)


class BadQuery(Exception):
    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(message)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "parameter": str(error.get("loc", ["", "?"])[-1]),
            "message": str(error.get("msg", "is not valid")),
        }
        for error in exc.errors
    ]
    return api.create_response(
        request, {"detail": "The request's parameters are not valid", "errors": errors}, status=400
    )


@api.exception_handler(BadQuery)
def bad_query(request: HttpRequest, exc: BadQuery) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": "The request's parameters are not valid",
            "errors": [{"parameter": exc.parameter, "message": str(exc)}],
        },
        status=400,
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found"}, status=404)


def _no_control_characters(value: str | None) -> str | None:
    if value is not None and any(ord(character) < 32 for character in value):
        raise ValueError("must not contain control characters")
    return value


class Paging(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    per_page: int = Field(
        50, ge=1, le=MAX_PER_PAGE, description=f"Results per page, at most {MAX_PER_PAGE}."
    )


class ServiceParameters(Paging):
    search: str | None = Field(None, max_length=200, description="Words to look for.")
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    minimum_age: float | None = Field(
        None, ge=0, le=150, description="Services whose minimum age is at least this."
    )
    maximum_age: float | None = Field(
        None, ge=0, le=150, description="Services whose maximum age is at most this."
    )
    authority: str | None = Field(
        None, max_length=50, description="Slug of one council's directory (not in the spec)."
    )

    _clean_text = field_validator("search", "authority")(_no_control_characters)

    def service_search(self) -> ServiceSearch:
        authority = None
        if self.authority:
            authority = Authority.objects.filter(slug=self.authority).first()
            if authority is None:
                raise BadQuery("authority", f"no authority {self.authority!r}")
        return ServiceSearch(
            authority=authority,
            search=self.search or "",
            taxonomy_term_id=self.taxonomy_term_id,
            taxonomy_id=self.taxonomy_id,
            minimum_age=self.minimum_age,
            maximum_age=self.maximum_age,
        )


class ServiceAtLocationParameters(ServiceParameters):
    postcode: str | None = Field(
        None,
        max_length=10,
        description=(
            "Services at addresses in this postcode's district, nearest first when the "
            "postcode lookup holds the postcode."
        ),
    )
    proximity: str | None = Field(
        None,
        max_length=20,
        description=(
            "With postcode: services within this many metres of the postcode's point "
            f"(1 to {MAX_PROXIMITY_METRES}), nearest first."
        ),
    )

    _clean_postcode = field_validator("postcode", "proximity")(_no_control_characters)


def _page(
    rows: QuerySet, paging: Paging, to_document: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """One page: the database counts the rows and cuts the page, so only its rows load."""
    total = rows.count()
    total_pages = math.ceil(total / paging.per_page)
    # A page past the last is empty: no offset is sent to the database, however large.
    start = (paging.page - 1) * paging.per_page
    records = list(rows[start : start + paging.per_page]) if paging.page <= total_pages else []
    contents = [to_document(record) for record in records]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


@api.get("/", summary="About this API", operation_id="getAPIMetaInformation")
def about(request: HttpRequest) -> dict[str, str]:
    return {
        "version": openreferral.VERSION,
        "profile": openreferral.PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("openreferral:openapi-json")),
    }


@api.get("/services", summary="Services, one page", operation_id="getPaginatedListOfServices")
def services(request: HttpRequest, parameters: Query[ServiceParameters]) -> dict[str, Any]:
    rows = services_matching(parameters.service_search())
    return _page(rows, parameters, openreferral.service_summary)


@api.get("/services/{id}", summary="One service, fully nested", operation_id="getService")
def service(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002 - the spec's name
    rows = openreferral.full_service_queryset(Service.objects.filter(pk=_id(id)))
    found = rows.first()
    if found is None:
        raise Http404
    return openreferral.full_service_document(found)


@api.get(
    "/service_at_locations",
    summary="Services at locations, one page",
    operation_id="getPaginatedListOfServiceAtLocation",
)
def service_at_locations(
    request: HttpRequest, parameters: Query[ServiceAtLocationParameters]
) -> dict[str, Any]:
    postcode = parameters.postcode
    if postcode is not None and postcode_district(postcode) is None:
        raise BadQuery("postcode", f"{postcode!r} is not a UK postcode or postcode district")
    metres = _metres(parameters.proximity) if parameters.proximity is not None else None
    point = _point_of(postcode) if postcode is not None else None
    search = parameters.service_search()
    if metres is not None:
        if postcode is None:
            raise BadQuery("proximity", "give a postcode too: proximity is metres from it")
        if point is None:
            raise BadQuery(
                "proximity",
                f"the postcode lookup does not hold {postcode!r}, so distances from it are "
                "not known: search by postcode alone to find services in its district",
            )
        rows = nearest_first(service_at_locations_matching(search), point, metres / 1000)
    else:
        rows = service_at_locations_matching(search, postcode=postcode)
        if point is not None:
            # The district's services, nearest the postcode first; those without a point
            # (online, by phone) after them.
            rows = nearest_first(rows, point)
    return _page(rows, parameters, openreferral.service_at_location_summary)


def _point_of(postcode: str) -> Location | None:
    """The postcode's point when the postcode lookup holds it."""
    try:
        return postcode_location(postcode)
    except PlaceNotFound:
        return None


def _metres(proximity: str) -> float:
    try:
        metres = float(proximity)
    except ValueError:
        metres = math.nan
    if not (1 <= metres <= MAX_PROXIMITY_METRES):  # also refuses nan and inf
        raise BadQuery("proximity", f"give a distance in metres from 1 to {MAX_PROXIMITY_METRES}")
    return metres


@api.get(
    "/service_at_locations/{id}",
    summary="One service at a location, fully nested",
    operation_id="getServiceAtLocationWithNestedDataById",
)
def service_at_location(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002
    found = ServiceAtLocation.objects.filter(pk=_id(id)).first()
    if found is None:
        raise Http404
    return openreferral.full_service_at_location_document(found)


@api.get("/taxonomies", summary="Taxonomies, one page", operation_id="getPaginatedListOfTaxonomies")
def taxonomies(request: HttpRequest, parameters: Query[Paging]) -> dict[str, Any]:
    return _page(
        Taxonomy.objects.order_by("name", "id"), parameters, openreferral.taxonomy_document
    )


@api.get("/taxonomies/{id}", summary="One taxonomy", operation_id="getTaxonomyById")
def taxonomy(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002
    found = Taxonomy.objects.filter(pk=_id(id)).first()
    if found is None:
        raise Http404
    return openreferral.taxonomy_document(found)


class TaxonomyTermParameters(Paging):
    taxonomy_id: uuid.UUID | None = None


@api.get(
    "/taxonomy_terms",
    summary="Taxonomy terms, one page",
    operation_id="getPaginatedListOfTaxonomyTerms",
)
def taxonomy_terms(
    request: HttpRequest, parameters: Query[TaxonomyTermParameters]
) -> dict[str, Any]:
    terms = TaxonomyTerm.objects.select_related("taxonomy_detail").order_by("name", "id")
    if parameters.taxonomy_id is not None:
        terms = terms.filter(taxonomy_detail_id=parameters.taxonomy_id)
    return _page(terms, parameters, openreferral.taxonomy_term_document)


@api.get("/taxonomy_terms/{id}", summary="One taxonomy term", operation_id="getTaxonomyTermById")
def taxonomy_term(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002
    found = TaxonomyTerm.objects.select_related("taxonomy_detail").filter(pk=_id(id)).first()
    if found is None:
        raise Http404
    return openreferral.taxonomy_term_document(found)
