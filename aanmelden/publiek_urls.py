"""Public URLs (no login). Each is listed in tests/test_permissiematrix.py OPENBAAR."""

from django.urls import path

from . import publiek

app_name = "aanmelden"
urlpatterns = [
    path("afspraak/gewijzigd/", publiek.AfspraakGewijzigdView.as_view(), name="afspraak_gewijzigd"),
    path("afspraak/<str:token>/", publiek.AfspraakView.as_view(), name="afspraak"),
    path("enquete/bedankt/", publiek.EnqueteBedanktView.as_view(), name="enquete_bedankt"),
    path("enquete/<str:token>/", publiek.EnqueteView.as_view(), name="enquete"),
    path(
        "enquete/<str:token>/afmelden/",
        publiek.EnqueteAfmeldenView.as_view(),
        name="enquete_afmelden",
    ),
    path("<str:code>/", publiek.AanmeldView.as_view(), name="aanmelden"),
    path("<str:code>/bedankt/", publiek.BedanktView.as_view(), name="bedankt"),
]
