from django.core.management.base import BaseCommand

from clients.privacy import anonimiseer_verlopen_klanten


class Command(BaseCommand):
    help = "Anonimiseert klanten waarvan de laatste activiteit buiten de bewaartermijn valt."

    def handle(self, *args, **options):
        aantal = anonimiseer_verlopen_klanten()
        self.stdout.write(self.style.SUCCESS(f"{aantal} klant(en) geanonimiseerd."))
