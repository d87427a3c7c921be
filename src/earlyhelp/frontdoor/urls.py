from django.urls import path

from earlyhelp.frontdoor import public, views

app_name = "frontdoor"

urlpatterns = [
    path("requests/", views.request_list, name="request-list"),
    path("requests/new/", views.request_new, name="request-new"),
    path("requests/step-down/", views.step_down_new, name="step-down-new"),
    path("requests/<uuid:request_id>/", views.request_detail, name="request-detail"),
    path("front-door/", views.queue, name="queue"),
    path("front-door/requests/<uuid:request_id>/", views.decide, name="decide"),
    path("front-door/step-ups/", views.step_ups, name="step-ups"),
    # The public form: no sign-in.
    path("get-help/", public.start, name="get-help"),
    path("get-help/check-your-answers/", public.check_answers, name="get-help-check"),
    path("get-help/sent/", public.confirmation, name="get-help-sent"),
    path("get-help/<slug:step>/", public.question, name="get-help-step"),
]
