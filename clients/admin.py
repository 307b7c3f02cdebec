"""Client data (Klant, Intake, Contactmoment) is deliberately not in the Django admin: every look
at a client goes through the application's pages, which write the access log (issue 20). The
admin keeps the employer register, which holds business data only."""

from django.contrib import admin

from .models import Werkgever, Werkgeverscontact


@admin.register(Werkgever)
class WerkgeverAdmin(admin.ModelAdmin):
    list_display = ["naam", "kvk_nummer", "sector", "erkend_leerbedrijf", "loket"]
    list_select_related = ["loket"]
    search_fields = ["naam", "kvk_nummer"]


@admin.register(Werkgeverscontact)
class WerkgeverscontactAdmin(admin.ModelAdmin):
    list_display = ["werkgever", "datum", "soort", "leerbanen", "vacatures"]
    list_select_related = ["werkgever"]
