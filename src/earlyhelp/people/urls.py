from django.urls import path

from earlyhelp.people import views

app_name = "people"

urlpatterns = [
    path("families/", views.family_list, name="family-list"),
    path("families/new/", views.family_new, name="family-new"),
    path("families/break-glass/", views.break_glass, name="break-glass"),
    path("families/<uuid:family_id>/", views.family_detail, name="family-detail"),
    path("families/<uuid:family_id>/people/new/", views.member_new, name="member-new"),
    path("families/<uuid:family_id>/people/match/", views.member_match, name="member-match"),
    path("families/<uuid:family_id>/consent/", views.consent_new, name="consent-new"),
    path("people/<uuid:person_id>/merge/", views.person_merge, name="person-merge"),
    path("people/<uuid:person_id>/change/", views.person_change, name="person-change"),
    path(
        "families/<uuid:family_id>/consent/withdraw/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
]
