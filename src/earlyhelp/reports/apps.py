from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "earlyhelp.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from earlyhelp.reports import rules  # noqa: F401 - registers the permissions
