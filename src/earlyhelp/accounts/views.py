from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.accounts import selectors, services
from earlyhelp.accounts.decorators import staff_page
from earlyhelp.accounts.forms import AccessLogFilterForm, SignInForm, TwoFactorCodeForm
from earlyhelp.accounts.models import Role
from earlyhelp.frontdoor.models import RequestStatus
from earlyhelp.frontdoor.selectors import request_queue, requests_made_by
from earlyhelp.oversight.selectors import work_for
from earlyhelp.pathways.selectors import open_pathways_led_by
from earlyhelp.support.selectors import allocations_by_worker


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The admin site sends people here when they may not use it. Signed-in staff without
    the administrator role get the 403 page (sending them to sign in would loop)."""
    if request.user.is_authenticated:
        raise PermissionDenied
    query = request.GET.urlencode()
    return redirect(f"{reverse('sign-in')}?{query}" if query else reverse("sign-in"))


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        messages.success(request, "You have signed out.")
        return redirect("start")
    return render(request, "accounts/sign_out.html")


def _safe_next(request: HttpRequest, default: str = "dashboard") -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse(default)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified() or not user_has_device(request.user, confirmed=True):
        return redirect(_safe_next(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_two_factor(request, form.cleaned_data["code"]):
            return redirect(_safe_next(request))
        form.add_error("code", "The code is not right or has expired. Enter the code shown now")
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _safe_next(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return redirect("accounts:two-factor-verify")
    device = services.start_two_factor_setup(request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_two_factor_setup(request, device, form.cleaned_data["code"]):
            messages.success(request, "Two-factor authentication is set up.")
            return redirect(_safe_next(request))
        form.add_error("code", "The code is not right or has expired. Enter the code shown now")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title="QR code for your authenticator app"
    )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": _grouped(_base32_key(device)),
            "required": request.user.has_role(Role.ADMINISTRATOR),
            "next": _safe_next(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    if request.user.has_role(Role.ADMINISTRATOR):
        messages.success(request, "Administrators must keep two-factor authentication.")
        return redirect("dashboard")
    if request.method == "POST":
        services.remove_two_factor(request.user)
        messages.success(request, "Two-factor authentication is switched off for your account.")
        return redirect("dashboard")
    return render(request, "accounts/two_factor_remove.html")


def _base32_key(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode("ascii")


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    leading = list(open_pathways_led_by(user)[:100])
    due = work_for(user, timezone.localdate())  # counts only: no family is shown
    overdue = sum(item.is_overdue for item in due)
    services.record_families_listed(
        user=user, families=[pathway.family for pathway in leading], request=request
    )
    return render(
        request,
        "accounts/dashboard.html",
        {
            "leading": leading,
            "overdue_count": overdue,
            "due_soon_count": len(due) - overdue,
            "requests_awaiting": requests_made_by(user).filter(
                status=RequestStatus.AWAITING_DECISION
            ),
            "queue_size": request_queue(user).count(),
            "allocated_children": (
                allocations_by_worker(user.authority, [user]).get(user.pk, 0)
                if user.has_role(Role.FAMILY_SUPPORT_WORKER) and user.authority
                else None
            ),
            "teams": selectors.teams_of(user),
            "managed_teams": selectors.teams_managed_by(user)
            if user.has_role(Role.MANAGER)
            else [],
            "has_two_factor": user_has_device(user, confirmed=True),
            "is_administrator": user.has_role(Role.ADMINISTRATOR),
        },
    )


@staff_page("accounts.list_managed_teams")
def my_teams(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/my_teams.html", {"teams": selectors.teams_managed_by(request.user)}
    )


@staff_page("accounts.read_access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET or None)
    rows = selectors.access_log_visible_to(request.user)
    if form.is_bound and form.is_valid():
        rows = selectors.filter_access_log(
            rows, **{key: value for key, value in form.cleaned_data.items() if value}
        )
    elif form.is_bound:
        rows = rows.none()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
