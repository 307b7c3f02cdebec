from django.urls import path

from . import installatie_views as views

app_name = "installatie"

urlpatterns = [
    path("", views.InstallatieIndexView.as_view(), name="index"),
    path("regios/nieuw/", views.RegioNieuwView.as_view(), name="regio_nieuw"),
    path("gemeenten/nieuw/", views.GemeenteNieuwView.as_view(), name="gemeente_nieuw"),
    path("loketten/nieuw/", views.LoketNieuwView.as_view(), name="loket_nieuw"),
    path("beheerder/", views.BeheerderUitnodigenView.as_view(), name="beheerder_uitnodigen"),
    path(
        "programma/uitnodigen/",
        views.ProgrammagebruikerUitnodigenView.as_view(),
        name="programmagebruiker_uitnodigen",
    ),
    path("wijzigingen/", views.InstallatieWijzigingenView.as_view(), name="wijzigingen"),
]
