from django.urls import path

from . import views

app_name = "financiering"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("<int:jaar>/", views.JaaroverzichtView.as_view(), name="jaaroverzicht"),
    path("<int:jaar>/begroting/", views.BegrotingView.as_view(), name="begroting"),
    path(
        "<int:jaar>/begroting/kostenpost/",
        views.KostenpostCreateView.as_view(),
        name="kostenpost_create",
    ),
    path(
        "<int:jaar>/begroting/financiering/",
        views.FinancieringsbronCreateView.as_view(),
        name="financieringsbron_create",
    ),
    path("<int:jaar>/begroting/import/", views.BegrotingImportView.as_view(), name="import"),
    path("begroting/sjabloon.xlsx", views.SjabloonView.as_view(), name="sjabloon"),
    path("<int:jaar>/norm/", views.NormView.as_view(), name="norm"),
    path("<int:jaar>/boeken/", views.BoekingCreateView.as_view(), name="boeking_create"),
    path("<int:jaar>/uren/", views.UrenCreateView.as_view(), name="uren_create"),
    path("<int:jaar>/tarieven/", views.TariefView.as_view(), name="tarieven"),
    path("<int:jaar>/partners/<int:pk>/", views.PartnerView.as_view(), name="partner"),
    path(
        "<int:jaar>/kwartaal-afsluiten/",
        views.KwartaalSluitenView.as_view(),
        name="kwartaal_sluiten",
    ),
    path("<int:jaar>/export.xlsx", views.ExportView.as_view(), name="export"),
    path(
        "<int:jaar>/boekingen.xlsx",
        views.GrootboekExportView.as_view(formaat="xlsx"),
        name="boekingen_xlsx",
    ),
    path(
        "<int:jaar>/boekingen.csv",
        views.GrootboekExportView.as_view(formaat="csv"),
        name="boekingen_csv",
    ),
    path("boekingen/", views.BoekingListView.as_view(), name="boeking_list"),
    path(
        "boekingen/<int:pk>/tegenboeken/",
        views.TegenboekingView.as_view(),
        name="tegenboeking",
    ),
]
