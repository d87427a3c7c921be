from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "earlyhelp.directory"
    label = "directory"
    verbose_name = "Service directory"

    def ready(self) -> None:
        from earlyhelp.directory import rules  # noqa: F401 - registers the permissions
