"""The application's URLs plus the floor view of the intake benchmark."""

from django.urls import path

from loket.urls import urlpatterns as app_urlpatterns

from .vloer import vloer_intake

urlpatterns = [path("bench/vloer/intake/", vloer_intake), *app_urlpatterns]
