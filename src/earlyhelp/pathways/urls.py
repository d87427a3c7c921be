from django.urls import path

from earlyhelp.pathways import views

app_name = "pathways"

urlpatterns = [
    path("families/<uuid:family_id>/pathways/new/", views.pathway_new, name="pathway-new"),
    path("pathways/<uuid:pathway_id>/", views.pathway_detail, name="pathway-detail"),
    path(
        "pathways/<uuid:pathway_id>/lead-professional/",
        views.lead_professional,
        name="lead-professional",
    ),
    path("pathways/<uuid:pathway_id>/team/add/", views.taf_add, name="taf-add"),
    path(
        "pathways/<uuid:pathway_id>/team/<uuid:member_id>/remove/",
        views.taf_remove,
        name="taf-remove",
    ),
]

urlpatterns += [
    path(
        "pathways/<uuid:pathway_id>/triages/<str:stage>/start/",
        views.triage_start,
        name="triage-start",
    ),
    path("triages/<uuid:triage_id>/", views.triage, name="triage"),
    path("triages/<uuid:triage_id>/complete/", views.triage_complete, name="triage-complete"),
    path("triage-entries/<uuid:entry_id>/edit/", views.entry_edit, name="entry-edit"),
    path("pathways/<uuid:pathway_id>/plan/new/", views.action_new, name="action-new"),
    path("plan-actions/<uuid:action_id>/edit/", views.action_edit, name="action-edit"),
    path("pathways/<uuid:pathway_id>/reviews/new/", views.review_new, name="review-new"),
    path("pathways/<uuid:pathway_id>/close/", views.close, name="close"),
    path("pathways/<uuid:pathway_id>/escalate/", views.escalate, name="escalate"),
    path("pathways/<uuid:pathway_id>/reopen/", views.reopen, name="reopen"),
    path(
        "pathways/<uuid:pathway_id>/targeted-support/new/",
        views.targeted_support_new,
        name="targeted-support-new",
    ),
    path(
        "targeted-support/<uuid:support_id>/end/",
        views.targeted_support_end,
        name="targeted-support-end",
    ),
]
