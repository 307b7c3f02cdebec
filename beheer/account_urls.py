from django.urls import path

from . import account_views as views

app_name = "account"

urlpatterns = [
    path("uitnodiging/<str:token>/", views.UitnodigingView.as_view(), name="uitnodiging"),
    path("koppelen/", views.KoppelenView.as_view(), name="koppelen"),
    path("herstelcodes/", views.HerstelcodesView.as_view(), name="herstelcodes"),
    path("sessie/", views.SessieView.as_view(), name="sessie"),
    path(
        "wachtwoord-vergeten/", views.WachtwoordVergetenView.as_view(), name="wachtwoord_vergeten"
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views.WachtwoordVerstuurdView.as_view(),
        name="wachtwoord_verstuurd",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.WachtwoordHerstellenView.as_view(),
        name="wachtwoord_herstellen",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        views.WachtwoordHersteldView.as_view(),
        name="wachtwoord_hersteld",
    ),
]
