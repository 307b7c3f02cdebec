from django.contrib import admin

from .models import (
    Actie,
    Doelstelling,
    JaarplanDoel,
    Kwartaaltoelichting,
    Prestatie,
    PrestatieStatus,
    Tevredenheidsmeting,
)

admin.site.register(
    [Doelstelling, Tevredenheidsmeting, JaarplanDoel, Prestatie, Actie, Kwartaaltoelichting]
)


@admin.register(PrestatieStatus)
class PrestatieStatusAdmin(admin.ModelAdmin):
    list_display = ["prestatie", "jaar", "kwartaal", "stoplicht", "door", "op"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
