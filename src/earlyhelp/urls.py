from django.contrib import admin
from django.urls import include, path

from earlyhelp.accounts import views as account_views
from earlyhelp.api import api
from earlyhelp.core import views as core_views
from earlyhelp.directory.api import api as openreferral_api

urlpatterns = [
    path("", core_views.start, name="start"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("cookies/", core_views.cookies, name="cookies"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("sign-in/", account_views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", account_views.sign_out, name="sign-out"),
    path("dashboard/", account_views.dashboard, name="dashboard"),
    path("", include("earlyhelp.accounts.urls")),
    path("", include("earlyhelp.need.urls")),
    path("", include("earlyhelp.people.urls")),
    path("", include("earlyhelp.pathways.urls")),
    path("", include("earlyhelp.frontdoor.urls")),
    path("", include("earlyhelp.support.urls")),
    path("", include("earlyhelp.programmes.urls")),
    path("", include("earlyhelp.coding.urls")),
    path("", include("earlyhelp.reports.urls")),
    path("", include("earlyhelp.planning.urls")),
    path("", include("earlyhelp.oversight.urls")),
    path("", include("earlyhelp.protection.urls")),
    path("", include("earlyhelp.directory.urls")),
    path("", include("earlyhelp.directory.staff_urls")),
    path("api/openreferral/", openreferral_api.urls),
    path("api/", api.urls),
    # One sign-in page for everyone, with its lockout and two-factor steps.
    path("admin/login/", account_views.admin_sign_in),
    path("admin/", admin.site.urls),
]

handler404 = "earlyhelp.core.views.not_found"
handler500 = "earlyhelp.core.views.server_error"
