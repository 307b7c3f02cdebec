from django.urls import path

from . import uren_views, views

app_name = "overdrachten"
urlpatterns = [
    path("", views.OverdrachtListView.as_view(), name="list"),
    path("<int:pk>/", views.OverdrachtDetailView.as_view(), name="detail"),
    path("klant/<int:pk>/nieuw/", views.OverdrachtCreateView.as_view(), name="create"),
    path(
        "klant/<int:pk>/toestemming/",
        views.ToestemmingCreateView.as_view(),
        name="toestemming_create",
    ),
    path(
        "toestemming/<int:pk>/intrekken/",
        views.ToestemmingIntrekkenView.as_view(),
        name="toestemming_intrekken",
    ),
    path("partner/", views.PartnerListView.as_view(), name="partner_list"),
    path("partner/<int:pk>/", views.PartnerDetailView.as_view(), name="partner_detail"),
    path("partner/uren/", uren_views.PartnerUrenView.as_view(), name="partner_uren"),
    path(
        "partner/uren/bevestigen/",
        uren_views.KwartaalBevestigenView.as_view(),
        name="kwartaal_bevestigen",
    ),
    path("uren/", uren_views.UrenGoedkeurenView.as_view(), name="uren_goedkeuren"),
]
