from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "earlyhelp.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from earlyhelp.core.components import use_shared_environment

        use_shared_environment()
