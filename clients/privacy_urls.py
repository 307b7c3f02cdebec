from django.urls import path

from . import inzage, privacy_views

app_name = "privacy"
urlpatterns = [
    path("verwerkingen/", privacy_views.VerwerkingenView.as_view(), name="verwerkingen"),
    path("inzageverzoek/", inzage.InzageverzoekView.as_view(), name="inzageverzoek"),
    path(
        "verwijderverzoek/", privacy_views.VerwijderverzoekView.as_view(), name="verwijderverzoek"
    ),
]
