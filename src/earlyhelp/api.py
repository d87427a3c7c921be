"""The JSON API at /api/ (OpenAPI at /api/openapi.json, docs at /api/docs)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import SessionAuth

from earlyhelp.accounts.api import router as accounts_router
from earlyhelp.need.api import router as need_router
from earlyhelp.people.api import router as people_router


class StaffSessionAuth(SessionAuth):
    """A signed-in session of a user who holds a role. Every route has it unless it says
    otherwise, so a new router cannot forget the check."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not user.has_perm("accounts.use_service"):
            raise PermissionDenied
        return user


api = NinjaAPI(
    title="earlyhelp API",
    version="1",
    description="Early Help records and reference data. Signed-in staff only.",
    auth=StaffSessionAuth(),
    urls_namespace="api",
    docs_decorator=login_required,
)
api.add_router("/accounts", accounts_router)
api.add_router("/need", need_router)
api.add_router("/", people_router)


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
