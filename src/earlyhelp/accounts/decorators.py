from collections.abc import Callable

from django.contrib.auth.decorators import login_required, permission_required


def staff_page(permission: str) -> Callable:
    """A page for signed-in staff holding `permission`.

    Signed out: redirect to sign-in (and back after). Signed in without the permission:
    the 403 page. The two must be separate checks: Django's permission_required alone
    would give a signed-out visitor a 403 instead of the sign-in page.
    """

    def decorate(view: Callable) -> Callable:
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorate
