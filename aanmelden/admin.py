from django.contrib import admin

from .models import Enquetemoment, Tijdslot


@admin.register(Enquetemoment)
class EnquetemomentAdmin(admin.ModelAdmin):
    list_display = ["naam", "loket", "aanleiding", "dagen_na", "actief"]
    list_filter = ["loket", "aanleiding", "actief"]


@admin.register(Tijdslot)
class TijdslotAdmin(admin.ModelAdmin):
    list_display = ["start", "werkcoach", "loket", "duur_minuten"]
    list_filter = ["loket"]
