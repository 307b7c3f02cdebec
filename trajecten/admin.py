from django.contrib import admin

from .models import FinancieringsRegel, Kwalificatie, Traject, TrajectGebeurtenis


@admin.register(Kwalificatie)
class KwalificatieAdmin(admin.ModelAdmin):
    list_display = ["crebo", "naam", "niveau", "actief"]
    list_filter = ["niveau", "actief"]
    search_fields = ["crebo", "naam"]


class FinancieringsRegelInline(admin.TabularInline):
    model = FinancieringsRegel
    extra = 0


@admin.register(Traject)
class TrajectAdmin(admin.ModelAdmin):
    """Stages change only through the services (with an event each), never in the admin."""

    show_full_result_count = False  # no count(*) of the whole national table per page
    list_display = ["pk", "klant", "type", "status", "kwalificatie", "aanbieder", "loket"]
    list_filter = ["loket", "type", "status"]
    list_select_related = ["klant", "kwalificatie", "aanbieder", "loket"]
    raw_id_fields = ["klant", "leerbedrijf", "begeleider", "aangemaakt_door"]
    readonly_fields = ["status", "status_sinds"]
    inlines = [FinancieringsRegelInline]


@admin.register(TrajectGebeurtenis)
class TrajectGebeurtenisAdmin(admin.ModelAdmin):
    """Read-only: events are append-only in the database as well."""

    show_full_result_count = False  # no count(*) of the whole national table per page
    list_display = ["traject", "van_status", "naar_status", "datum", "geregistreerd_door"]
    list_select_related = ["traject", "geregistreerd_door"]
    list_filter = ["naar_status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
