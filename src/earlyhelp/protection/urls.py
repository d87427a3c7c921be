from django.urls import path

from earlyhelp.protection import views

app_name = "protection"

urlpatterns = [
    path("people/<uuid:person_id>/subject-access/", views.subject_access, name="subject-access"),
    path(
        "people/<uuid:person_id>/subject-access/<str:file_format>/",
        views.subject_access_download,
        name="subject-access-download",
    ),
    path("data-protection/retention/", views.retention, name="retention"),
]
