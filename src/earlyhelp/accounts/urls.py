from django.urls import path

from earlyhelp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("account/two-factor/remove/", views.two_factor_remove, name="two-factor-remove"),
    path("teams/", views.my_teams, name="my-teams"),
    path("audit/access-log/", views.access_log, name="access-log"),
]
