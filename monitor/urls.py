from django.urls import path

from . import programma_views, rapport_views, views

app_name = "monitor"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("definities/", views.DefinitiesView.as_view(), name="definities"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("programma/", programma_views.ProgrammaView.as_view(), name="programma"),
    path(
        "programma/export/", programma_views.ProgrammaExportView.as_view(), name="programma_export"
    ),
    path("cijfers/<slug:code>/", views.RecordsView.as_view(), name="records"),
    path("doelstellingen/", views.DoelstellingenView.as_view(), name="doelstellingen"),
    path("tevredenheid/", views.TevredenheidView.as_view(), name="tevredenheid"),
    path("jaarplan/", views.JaarplanView.as_view(), name="jaarplan"),
    path("actielijst/", views.ActielijstView.as_view(), name="actielijst"),
    path("toelichting/", views.KwartaaltoelichtingView.as_view(), name="toelichting"),
    path("rapporten/", rapport_views.RapportenView.as_view(), name="rapporten"),
    path(
        "rapporten/<int:pk>/status/",
        rapport_views.RapportStatusView.as_view(),
        name="rapport_status",
    ),
    path(
        "rapporten/<int:pk>/download/",
        rapport_views.RapportDownloadView.as_view(),
        name="rapport_download",
    ),
]
