"""The Django admin: a technical tool for the installation's superusers, not for daily work (the
beheer pages are). Behind the second factor (django-otp's admin site) and superusers only; it
holds no client data (issue 20, finding 1): Klant, Intake, Contactmoment, Traject and its events
are not registered, so nothing there bypasses the access log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from .inloggen import InlogControles
from .models import Gemeente, Loket, Organisatie, Regio, User, Verwerking


class AdminInlogForm(InlogControles, OTPAdminAuthenticationForm):
    """The admin's login (password + code) with the same checks as the application's login."""


class TechnischeAdminSite(OTPAdminSite):
    """Password and a verified second factor (TOTP), and a superuser: a staff flag is not enough."""

    site_header = "Leerwerkloket – technisch beheer"
    login_form = AdminInlogForm

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_superuser


# The default site keeps its name ("admin") and every registration, with these rules.
admin.site.__class__ = TechnischeAdminSite


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
