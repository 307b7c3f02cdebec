#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh (docs/backup.md) into an EMPTY database and an empty
# private directory, after checking the SHA-256 sums. Afterwards compare the control figures:
#   python manage.py controlegetallen > na-herstel.json && diff <backup>/controlegetallen.json na-herstel.json
#
#   scripts/herstel.sh <backup directory>
#   DATABASE_URL          the (new, empty) database to restore into (required)
#   PRIVATE_STORAGE_ROOT  where the report files go (default /app/private)
set -euo pipefail

bron="${1:?gebruik: herstel.sh <back-upmap>}"
: "${DATABASE_URL:?zet DATABASE_URL}"
PRIVATE_STORAGE_ROOT="${PRIVATE_STORAGE_ROOT:-/app/private}"

(cd "$bron" && sha256sum --check --quiet SHA256SUMS)

# --no-owner: the new server may have other roles; --exit-on-error: a half restore is no restore.
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$bron/database.dump"

mkdir -p "$PRIVATE_STORAGE_ROOT"
tar --extract --gzip --file="$bron/private.tar.gz" --directory="$PRIVATE_STORAGE_ROOT"
echo "Hersteld uit $bron"
