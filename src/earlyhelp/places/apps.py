from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "earlyhelp.places"
    label = "places"
    verbose_name = "Places and deprivation"
