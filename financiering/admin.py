"""Admin: budgets and reference data editable; the ledger, hours and closings read-only (the
database refuses changes to them anyway)."""

from django.contrib import admin

from .models import (
    Begroting,
    Boeking,
    Financieringsbron,
    Kostenpost,
    Kwartaalafsluiting,
    Tarief,
    UrenInzet,
)


class AlleenLezen(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KostenpostInline(admin.TabularInline):
    model = Kostenpost
    extra = 0
    can_delete = False


class FinancieringsbronInline(admin.TabularInline):
    model = Financieringsbron
    extra = 0
    can_delete = False
    raw_id_fields = ["organisatie"]


@admin.register(Begroting)
class BegrotingAdmin(admin.ModelAdmin):
    list_display = ["jaar", "loket", "norm_percentage", "norm_basis"]
    list_filter = ["loket", "jaar"]
    list_select_related = ["loket"]
    inlines = [KostenpostInline, FinancieringsbronInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tarief)
class TariefAdmin(admin.ModelAdmin):
    list_display = ["rol", "jaar", "uurtarief", "loket"]
    list_filter = ["loket", "jaar"]


@admin.register(Boeking)
class BoekingAdmin(AlleenLezen):
    list_display = [
        "pk",
        "datum",
        "jaar",
        "soort",
        "kostenpost",
        "financieringsbron",
        "organisatie",
        "bedrag",
        "uren",
        "tarief",
        "tegenboeking_van",
        "loket",
    ]
    list_filter = ["loket", "jaar", "soort"]
    list_select_related = ["kostenpost", "financieringsbron", "organisatie", "loket"]
    search_fields = ["omschrijving", "reden"]
    date_hierarchy = "datum"


@admin.register(UrenInzet)
class UrenInzetAdmin(AlleenLezen):
    list_display = ["periode", "organisatie", "medewerker", "tarief", "uren", "loket"]
    list_filter = ["loket", "jaar", "kwartaal"]
    list_select_related = ["organisatie", "tarief", "loket"]


@admin.register(Kwartaalafsluiting)
class KwartaalafsluitingAdmin(AlleenLezen):
    list_display = ["jaar", "kwartaal", "loket", "afgesloten_op", "afgesloten_door"]
    list_filter = ["loket", "jaar"]
