from django.urls import path

from earlyhelp.planning import views

app_name = "planning"

urlpatterns = [
    path("planning/", views.planning, name="planning"),
    path("planning/<slug:name>.csv", views.download, name="csv"),
]
