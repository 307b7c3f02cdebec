from django.urls import path

from . import views

app_name = "trajecten"
urlpatterns = [
    path("", views.TrajectListView.as_view(), name="list"),
    path("mijn/", views.MijnTrajectenView.as_view(), name="mijn"),
    path("kwalificaties/", views.KwalificatieBeheerView.as_view(), name="kwalificaties"),
    path("starten/<int:klant_pk>/", views.TrajectStartView.as_view(), name="start"),
    path("<int:pk>/", views.TrajectDetailView.as_view(), name="detail"),
    path("<int:pk>/wijzigen/", views.TrajectWijzigView.as_view(), name="wijzig"),
    path("<int:pk>/stap/", views.TrajectStapView.as_view(), name="stap"),
    path("<int:pk>/correctie/", views.TrajectCorrectieView.as_view(), name="correctie"),
    path("<int:pk>/financiering/", views.FinancieringToevoegenView.as_view(), name="financiering"),
    path(
        "<int:pk>/financiering/<int:regel_pk>/ontvangen/",
        views.FinancieringOntvangenView.as_view(),
        name="financiering_ontvangen",
    ),
]
