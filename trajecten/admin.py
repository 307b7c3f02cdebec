"""Only reference data here: trajectories and their events name a client, so they are not in the
Django admin (issue 20); they are read through the application's pages, which log every look."""

from django.contrib import admin

from .models import Kwalificatie


@admin.register(Kwalificatie)
class KwalificatieAdmin(admin.ModelAdmin):
    list_display = ["crebo", "naam", "niveau", "actief"]
    list_filter = ["niveau", "actief"]
    search_fields = ["crebo", "naam"]
