"""The public family hub: find help by need, age and place, and each service's page; and
the same search from a family's record for professionals."""

from django.urls import path

from earlyhelp.directory import views

app_name = "directory"

urlpatterns = [
    path("find-help/", views.search, name="search"),
    path("find-help/services/<uuid:service_id>/", views.service, name="service"),
    path(
        "families/<uuid:family_id>/find-services/",
        views.family_search,
        name="family-search",
    ),
]
