"""Trigram indexes for the client search: a name part anywhere in the name (LIKE '%term%') and
the end of a client number (LIKE '%000123').

Only where the server has the pg_trgm extension (PostgreSQL's contrib: the Debian packages and
the official Docker image have it; the embedded development server does not). Without it the
search still works, as a scan of the loket's clients; with it, a national database answers a name
search from the index. The index is not a models.Index, so the model state does not depend on
the server and makemigrations stays quiet."""

from django.db import migrations

INDEXEN = {"klant_zoeknaam_trgm": "zoeknaam", "klant_klantnummer_trgm": "klantnummer"}


def maak_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for naam, kolom in INDEXEN.items():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {naam} ON clients_klant "
                f"USING gin ({kolom} gin_trgm_ops)"
            )


def verwijder_index(apps, schema_editor):
    for naam in INDEXEN:
        schema_editor.execute(f"DROP INDEX IF EXISTS {naam}")


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_klanthistorie_klant_laatste_activiteit_and_more")]

    operations = [migrations.RunPython(maak_index, verwijder_index)]
