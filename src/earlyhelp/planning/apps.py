from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "earlyhelp.planning"
    label = "planning"
    verbose_name = "Planning"

    def ready(self) -> None:
        from earlyhelp.planning import rules  # noqa: F401 - registers the permissions
