from django.urls import path

from . import werkgever_views as views

app_name = "werkgevers"
urlpatterns = [
    path("", views.WerkgeverListView.as_view(), name="list"),
    path("nieuw/", views.WerkgeverFormView.as_view(), name="create"),
    path("<int:pk>/", views.WerkgeverDetailView.as_view(), name="detail"),
    path("<int:pk>/wijzigen/", views.WerkgeverFormView.as_view(), name="update"),
    path("<int:pk>/contact/", views.WerkgeverscontactCreateView.as_view(), name="contact_create"),
]
