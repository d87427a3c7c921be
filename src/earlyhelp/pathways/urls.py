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
