from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "earlyhelp.oversight"
    label = "oversight"
    verbose_name = "Timescales and overdue work"

    def ready(self) -> None:
        from earlyhelp.oversight import rules  # noqa: F401 - registers the permissions
