from django.urls import path

from earlyhelp.support import views

app_name = "support"

urlpatterns = [
    path("support-line/", views.call_list, name="call-list"),
    path("support-line/calls/new/", views.call_new, name="call-new"),
    path("support-line/calls/<uuid:call_id>/", views.call_detail, name="call-detail"),
    path(
        "families/<uuid:family_id>/interventions/new/",
        views.intervention_new,
        name="intervention-new",
    ),
    path("interventions/", views.intervention_list, name="intervention-list"),
    path("interventions/caseloads/", views.caseloads, name="caseloads"),
    path(
        "interventions/<uuid:intervention_id>/",
        views.intervention_detail,
        name="intervention-detail",
    ),
    path(
        "interventions/<uuid:intervention_id>/start/",
        views.intervention_start,
        name="intervention-start",
    ),
    path(
        "interventions/<uuid:intervention_id>/sessions/new/",
        views.session_new,
        name="session-new",
    ),
    path(
        "interventions/<uuid:intervention_id>/end/",
        views.intervention_end,
        name="intervention-end",
    ),
]
