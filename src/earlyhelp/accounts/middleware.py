"""Two-factor sign-in: a user with an authenticator must use it; an administrator must
have one. Until then every page but the two-factor pages and sign-out sends them there."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django_otp import user_has_device

from earlyhelp.accounts.models import Role

OPEN_PREFIXES = ("/static/", "/healthz", "/sign-out/", "/sign-in/")
# Only setting up and entering a code: removing an authenticator needs a verified session.
TWO_FACTOR_PATHS = {"/account/two-factor/", "/account/two-factor/verify/"}


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(OPEN_PREFIXES)
            and request.path not in TWO_FACTOR_PATHS
        ):
            if user_has_device(user, confirmed=True):
                return _send_to(request, "accounts:two-factor-verify")
            if user.has_role(Role.ADMINISTRATOR):  # type: ignore[union-attr]
                return _send_to(request, "accounts:two-factor-setup")
        return self.get_response(request)


def _send_to(request: HttpRequest, url_name: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Two-factor authentication is required"}, status=403)
    return HttpResponseRedirect(
        f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"
    )
