from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "earlyhelp.protection"
    label = "protection"
    verbose_name = "Data protection: retention and subject access"

    def ready(self) -> None:
        from earlyhelp.protection import rules  # noqa: F401 - registers the permissions
