from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import tweestaps, views
from .inloggen import InlogForm

urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=InlogForm
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggen/tweestaps/", tweestaps.TweestapsView.as_view(), name="tweestaps"),
    path("healthz", views.healthz, name="healthz"),
    path("toegankelijkheid/", views.ToegankelijkheidView.as_view(), name="toegankelijkheid"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("klanten/", include("clients.urls")),
    path("privacybeheer/", include("clients.privacy_urls")),
    path("werkgevers/", include("clients.werkgever_urls")),
    path("trajecten/", include("trajecten.urls")),
    path("financiering/", include("financiering.urls")),
    path("monitor/", include("monitor.urls")),
    path("aanmeldingen/", include("aanmelden.urls")),
    path("overdrachten/", include("overdrachten.urls")),
    path("aanmelden/", include("aanmelden.publiek_urls")),
    path("beheer/admin/", admin.site.urls),
    path("beheer/", include("beheer.urls")),
    path("installatie/", include("beheer.installatie_urls")),
    path("account/", include("beheer.account_urls")),
]
