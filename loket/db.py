"""Database-level guards shared by the append-only tables (events, ledger, access log)."""

import pgtrigger

# Only the test settings set this (for pytest's flush between live-server tests); tests that
# prove TRUNCATE is refused switch it off in their own session first.
FLUSH_SETTING = "leerwerkloket.test_flush"


def append_only_triggers(prefix: str) -> list[pgtrigger.Trigger]:
    """Triggers that make a table append-only: UPDATE, DELETE and TRUNCATE are refused."""
    return [
        pgtrigger.Protect(
            name=f"{prefix}_append_only", operation=pgtrigger.Update | pgtrigger.Delete
        ),
        pgtrigger.Trigger(
            name=f"{prefix}_no_truncate",
            operation=pgtrigger.Truncate,
            level=pgtrigger.Statement,
            when=pgtrigger.Before,
            func=(
                f"IF current_setting('{FLUSH_SETTING}', true) = 'on' THEN RETURN NULL; END IF; "
                "RAISE EXCEPTION 'Tabel % is append-only: TRUNCATE is niet toegestaan.', TG_TABLE_NAME;"
            ),
        ),
    ]
