from django.urls import path

from . import views

app_name = "aanmeldingen"
urlpatterns = [
    path("", views.AanmeldingListView.as_view(), name="list"),
    path("afspraken/", views.AfsprakenView.as_view(), name="afspraken"),
    path("enquetemomenten/", views.EnquetemomentenView.as_view(), name="enquetemomenten"),
    path("spreekuur/", views.SpreekuurView.as_view(), name="spreekuur"),
    path("<int:pk>/", views.AanmeldingDetailView.as_view(), name="detail"),
    path("<int:pk>/intake/", views.AanmeldingIntakeView.as_view(), name="intake"),
]
