"""The JSON API at /api/ (OpenAPI at /api/openapi.json, docs at /api/docs)."""

import logging
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import SessionAuth

from earlyhelp.accounts.api import router as accounts_router
from earlyhelp.accounts.decorators import staff_page
from earlyhelp.coding.api import router as coding_router
from earlyhelp.coding.services import CodingError
from earlyhelp.core.openapi import (
    DETAIL,
    DETAIL_AND_ERRORS,
    Errors,
    ErrorsDocumentedAPI,
    error_response,
)
from earlyhelp.core.versioning import StaleEdit
from earlyhelp.frontdoor.api import router as frontdoor_router
from earlyhelp.frontdoor.services import FrontDoorError
from earlyhelp.need.api import router as need_router
from earlyhelp.pathways.api import current_record
from earlyhelp.pathways.api import router as pathways_router
from earlyhelp.pathways.services import PathwayError
from earlyhelp.people.api import router as people_router
from earlyhelp.people.services import FamilyRecordError
from earlyhelp.programmes.api import router as programmes_router
from earlyhelp.programmes.services import ProgrammeError
from earlyhelp.support.api import router as support_router
from earlyhelp.support.services import SupportError

logger = logging.getLogger(__name__)


class StaffSessionAuth(SessionAuth):
    """A signed-in session of a user who holds a role. Every route has it unless it says
    otherwise, so a new router cannot forget the check."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not user.has_perm("accounts.use_service"):
            raise PermissionDenied
        return user


class StaffAPI(ErrorsDocumentedAPI):
    """Every route documents the errors any route can answer with: 401 signed out, 403 for
    a user without a role (or an unsafe request without its CSRF token), 404 for an id that
    names nothing the user may see, 422 for input that is not valid."""

    every_route_errors: ClassVar[Errors] = {
        401: error_response("Not signed in", DETAIL),
        403: error_response("No access, or no CSRF token", DETAIL),
    }
    path_parameter_errors: ClassVar[Errors] = {404: error_response("Not found", DETAIL)}
    input_errors: ClassVar[Errors] = {
        422: error_response("The request is not valid", DETAIL_AND_ERRORS)
    }


api = StaffAPI(
    title="earlyhelp API",
    version="1",
    description="Early Help records and reference data. Signed-in staff only.",
    auth=StaffSessionAuth(),
    urls_namespace="api",
    # The schema and docs are for staff, as the API is: not for an account awaiting roles.
    docs_decorator=staff_page("accounts.use_service"),
)
api.add_router("/accounts", accounts_router)
api.add_router("/need", need_router)
api.add_router("/", people_router)
api.add_router("/", pathways_router)
api.add_router("/", frontdoor_router)
api.add_router("/", support_router)
api.add_router("/", programmes_router)
api.add_router("/", coding_router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Sign in to use the API"}, status=401)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "You do not have access to this"}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "The request is not valid", "errors": exc.errors}, status=422
    )


@api.exception_handler(FamilyRecordError)
@api.exception_handler(PathwayError)
@api.exception_handler(FrontDoorError)
@api.exception_handler(SupportError)
@api.exception_handler(ProgrammeError)
@api.exception_handler(CodingError)
def refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A service refused the operation; its message says why, for the user."""
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(StaleEdit)
def stale(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
    """Someone saved the record since the version the client sent: nothing was saved, and
    the answer carries what they saved (with its version) so the client can compare."""
    return api.create_response(
        request,
        {
            "detail": f"{exc}: compare your change with the current record, then send it "
            "again with the current version",
            "current": current_record(request.user, exc.current),
        },
        status=409,
    )


@api.exception_handler(IntegrityError)
def clashed(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    """Two saves at once broke a rule the database holds (one open pathway, one NHS number):
    the later one was rolled back whole."""
    # The first line names the rule; PostgreSQL's DETAIL lines quote the row's values.
    logger.warning("API write refused by the database: %s", str(exc).partition("\n")[0])
    return api.create_response(
        request,
        {"detail": "Someone else changed this record at the same time: reload it and try again"},
        status=409,
    )
