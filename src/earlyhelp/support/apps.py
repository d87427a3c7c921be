from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "earlyhelp.support"
    label = "support"
    verbose_name = "Family Support Line and FSW interventions"
