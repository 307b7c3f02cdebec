from django.contrib import admin

from .models import Contactmoment, Intake, Klant, Werkgever, Werkgeverscontact


@admin.register(Klant)
class KlantAdmin(admin.ModelAdmin):
    show_full_result_count = False  # no count(*) of the whole national table per page
    list_display = ["klantnummer", "achternaam", "voornaam", "geboortedatum", "doelgroep", "loket"]
    list_filter = ["loket", "doelgroep"]
    list_select_related = ["loket"]
    search_fields = ["klantnummer", "achternaam", "voornaam", "postcode"]


@admin.register(Intake)
class IntakeAdmin(admin.ModelAdmin):
    show_full_result_count = False  # no count(*) of the whole national table per page
    list_display = ["klant", "datum", "kanaal", "hoofddoel", "verwijzer", "werkcoach"]
    list_select_related = ["klant", "werkcoach"]
    raw_id_fields = ["klant"]


@admin.register(Contactmoment)
class ContactmomentAdmin(admin.ModelAdmin):
    show_full_result_count = False  # no count(*) of the whole national table per page
    list_display = ["klant", "datum", "dienst", "duur_minuten", "warme_overdracht_naar"]
    list_select_related = ["klant", "warme_overdracht_naar"]
    raw_id_fields = ["klant"]


@admin.register(Werkgever)
class WerkgeverAdmin(admin.ModelAdmin):
    list_display = ["naam", "kvk_nummer", "sector", "erkend_leerbedrijf", "loket"]
    list_select_related = ["loket"]
    search_fields = ["naam", "kvk_nummer"]


@admin.register(Werkgeverscontact)
class WerkgeverscontactAdmin(admin.ModelAdmin):
    list_display = ["werkgever", "datum", "soort", "leerbanen", "vacatures"]
    list_select_related = ["werkgever"]
