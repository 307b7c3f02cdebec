from django.urls import path

from . import views

app_name = "beheer"

urlpatterns = [
    path("", views.BeheerIndexView.as_view(), name="index"),
    path("gebruikers/", views.GebruikersView.as_view(), name="gebruikers"),
    path("gebruikers/uitnodigen/", views.UitnodigenView.as_view(), name="uitnodigen"),
    path("gebruikers/<int:pk>/", views.GebruikerView.as_view(), name="gebruiker"),
    path("organisaties/", views.OrganisatiesView.as_view(), name="organisaties"),
    path("organisaties/<int:pk>/", views.OrganisatieView.as_view(), name="organisatie"),
    path("instellingen/", views.InstellingenView.as_view(), name="instellingen"),
    path("wijzigingen/", views.WijzigingenView.as_view(), name="wijzigingen"),
]
