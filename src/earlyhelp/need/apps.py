from django.apps import AppConfig


class NeedConfig(AppConfig):
    name = "earlyhelp.need"
    label = "need"
    verbose_name = "Levels of need"
