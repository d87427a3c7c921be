from django.urls import path

from earlyhelp.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.dashboard, name="dashboard"),
    path("reports/scrutiny-pack.pdf", views.pack, name="pack"),
    path("reports/<slug:name>/", views.report, name="report"),
    path("reports/<slug:name>.csv", views.download, {"file_format": "csv"}, name="csv"),
    path("reports/<slug:name>.xlsx", views.download, {"file_format": "xlsx"}, name="xlsx"),
]
