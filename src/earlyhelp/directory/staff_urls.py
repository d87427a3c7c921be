"""Directory pages for staff: gap analysis and signposting a family to a service."""

from django.urls import path

from earlyhelp.directory import staff_views

app_name = "directory_staff"

urlpatterns = [
    path("directory/gaps/", staff_views.gap_analysis, name="gaps"),
    path("directory/gaps/download.csv", staff_views.gap_analysis_csv, name="gaps-csv"),
    path(
        "families/<uuid:family_id>/suggest-service/",
        staff_views.suggest,
        name="suggest",
    ),
]
