from django.urls import path

from earlyhelp.oversight import views

app_name = "oversight"

urlpatterns = [
    path("timescales/", views.due, name="due"),
    path("timescales/teams/<uuid:team_id>/", views.team, name="team"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path(
        "monitoring/data-quality/<slug:check>/",
        views.data_quality_check,
        name="data-quality-check",
    ),
    path("monitoring/caseloads/", views.caseloads, name="caseloads"),
    path(
        "monitoring/lead-professionals/",
        views.lead_professionals_page,
        name="lead-professionals",
    ),
    path(
        "monitoring/lead-professionals.csv",
        views.lead_professionals_csv,
        name="lead-professionals-csv",
    ),
]
