from django.urls import path

from . import privacy_views

app_name = "privacy"
urlpatterns = [
    path("verwerkingen/", privacy_views.VerwerkingenView.as_view(), name="verwerkingen"),
    path(
        "verwijderverzoek/", privacy_views.VerwijderverzoekView.as_view(), name="verwijderverzoek"
    ),
]
