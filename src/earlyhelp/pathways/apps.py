from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "earlyhelp.pathways"
    label = "pathways"
    verbose_name = "Early Help pathways"
