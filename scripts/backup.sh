#!/usr/bin/env bash
# Nightly backup of the Leerwerkloket (docs/backup.md): a PostgreSQL dump in custom format
# (pg_dump -Fc: consistent, compressed, restorable table by table) plus the private report files,
# with their SHA-256 sums, into one dated directory. Old backups are pruned after
# BACKUP_BEWAAR_DAGEN days. Run by the `backup` service of docker-compose every night.
#
#   DATABASE_URL          postgres://user:password@host:port/database (required)
#   BACKUP_DIR            where the dated backup directories go (default /backups)
#   PRIVATE_STORAGE_ROOT  the private report files (default /app/private)
#   BACKUP_BEWAAR_DAGEN   days to keep (default 14)
#   CONTROLEGETALLEN      a command printing the control figures as JSON (optional; e.g.
#                         "python manage.py controlegetallen"), stored next to the dump so a
#                         restore can be checked figure by figure
set -euo pipefail

: "${DATABASE_URL:?zet DATABASE_URL}"
BACKUP_DIR="${BACKUP_DIR:-/backups}"
PRIVATE_STORAGE_ROOT="${PRIVATE_STORAGE_ROOT:-/app/private}"
BEWAAR_DAGEN="${BACKUP_BEWAAR_DAGEN:-14}"

stempel="$(date -u +%Y%m%dT%H%M%SZ)"
doel="$BACKUP_DIR/leerwerkloket-$stempel"
bezig="$doel.bezig"
mkdir -p "$bezig"
trap 'rm -rf "$bezig"' EXIT

# One snapshot of the whole database: triggers (append-only), functions and data together.
pg_dump --format=custom --compress=6 --dbname="$DATABASE_URL" --file="$bezig/database.dump"

# The report PDFs are referenced by the database; without them a restored report is a 404.
mkdir -p "$PRIVATE_STORAGE_ROOT"
tar --create --gzip --file="$bezig/private.tar.gz" --directory="$PRIVATE_STORAGE_ROOT" .

if [ -n "${CONTROLEGETALLEN:-}" ]; then
  $CONTROLEGETALLEN >"$bezig/controlegetallen.json"
fi

(cd "$bezig" && sha256sum -- * >SHA256SUMS)
mv "$bezig" "$doel"
trap - EXIT

# Prune: only complete backups older than the retention period.
find "$BACKUP_DIR" -maxdepth 1 -type d -name 'leerwerkloket-*' ! -name '*.bezig' \
  -mtime "+$BEWAAR_DAGEN" -exec rm -rf {} +
echo "Back-up klaar: $doel"
