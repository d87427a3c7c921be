from django.conf import settings
from django.http import HttpRequest

from earlyhelp.accounts.navigation import navigation_for


def service(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation_for(user, request.path) if signed_in else [],
        "authority": user.authority if signed_in else None,
    }
