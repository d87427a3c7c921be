from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "earlyhelp.coding"
    label = "coding"
    verbose_name = "Narrative coder"
