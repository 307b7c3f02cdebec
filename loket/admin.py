from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Gemeente, Loket, Organisatie, Regio, User, Verwerking


class GemeenteInline(admin.TabularInline):
    model = Gemeente
    extra = 0


@admin.register(Regio)
class RegioAdmin(admin.ModelAdmin):
    list_display = ["naam", "code"]
    inlines = [GemeenteInline]


@admin.register(Loket)
class LoketAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "regio", "actief"]
    list_select_related = ["regio"]


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "type", "loket", "actief"]
    list_filter = ["type", "loket"]
    list_select_related = ["loket"]
    search_fields = ["naam"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "rol",
        "loket",
        "organisatie",
        "is_active",
    ]
    list_filter = ["rol", "loket", "is_active"]
    list_select_related = ["loket", "organisatie"]
    fieldsets = [
        *(BaseUserAdmin.fieldsets or ()),
        ("Leerwerkloket", {"fields": ["loket", "organisatie", "rol"]}),
    ]


@admin.register(Verwerking)
class VerwerkingAdmin(admin.ModelAdmin):
    list_display = ["tijdstip", "gebruiker", "klant_id", "actie", "onderwerp"]
    list_filter = ["actie", "loket"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
