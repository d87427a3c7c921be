from django.urls import path

from earlyhelp.need import views

app_name = "need"

urlpatterns = [
    path("levels-of-need/", views.framework, name="framework"),
]
