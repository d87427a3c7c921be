from django.urls import path

from earlyhelp.programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_new, name="programme-new"),
    path("programmes/<uuid:programme_id>/edit/", views.programme_edit, name="programme-edit"),
    path("programmes/<uuid:programme_id>/courses/new/", views.course_new, name="course-new"),
    path("courses/<uuid:course_id>/", views.course_detail, name="course-detail"),
    path(
        "courses/<uuid:course_id>/sessions/<int:number>/register/",
        views.register,
        name="register",
    ),
    path(
        "enrolments/<uuid:enrolment_id>/complete/",
        views.enrolment_complete,
        name="enrolment-complete",
    ),
    path(
        "enrolments/<uuid:enrolment_id>/withdraw/",
        views.enrolment_withdraw,
        name="enrolment-withdraw",
    ),
    path("families/<uuid:family_id>/enrol/", views.enrol, name="enrol"),
    path("training/", views.training_list, name="training-list"),
    path("training/courses/new/", views.training_course_new, name="training-course-new"),
    path("training/sessions/new/", views.training_session_new, name="training-session-new"),
    path("training/sessions/<uuid:session_id>/", views.training_session, name="training-session"),
    path(
        "training/sessions/<uuid:session_id>/delegates/new/",
        views.delegate_new,
        name="delegate-new",
    ),
    path(
        "training/delegates/<uuid:delegate_id>/scores/",
        views.delegate_scores,
        name="delegate-scores",
    ),
]
