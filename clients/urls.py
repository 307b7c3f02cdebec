from django.urls import path

from . import afsluiten, documenten, dubbelcheck, views

app_name = "clients"
urlpatterns = [
    path("", views.KlantListView.as_view(), name="klant_list"),
    path("intake/", views.IntakeView.as_view(), name="intake"),
    path("intake/dubbelcheck/", dubbelcheck.DubbelcheckView.as_view(), name="dubbelcheck"),
    path("<int:pk>/", views.KlantDetailView.as_view(), name="klant_detail"),
    path("<int:pk>/wijzigen/", views.KlantUpdateView.as_view(), name="klant_update"),
    path("<int:pk>/contact/", views.ContactmomentCreateView.as_view(), name="contact_create"),
    path(
        "<int:pk>/contact/<int:contact_pk>/corrigeren/",
        views.ContactCorrectieView.as_view(),
        name="contact_correctie",
    ),
    path(
        "<int:pk>/documenten/nieuw/", documenten.DocumentUploadView.as_view(), name="document_nieuw"
    ),
    path(
        "<int:pk>/documenten/<int:document_pk>/",
        documenten.DocumentDownloadView.as_view(),
        name="document",
    ),
    path("<int:pk>/sluiten/", afsluiten.DossierAfsluitenView.as_view(), name="dossier_sluiten"),
    path("<int:pk>/intake/", views.VervolgIntakeView.as_view(), name="vervolgintake"),
]
