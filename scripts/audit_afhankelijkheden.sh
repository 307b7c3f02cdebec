#!/usr/bin/env bash
# Dependency audit (docs/security.md): pip-audit checks every locked deployment dependency
# (requirements.lock, hashes included) against the vulnerability database (PyPI's, which draws
# on the OSV/PyPA advisories). CI prints the result. Where the database cannot be reached the
# audit says so plainly and does not fail the build; found vulnerabilities are printed and fail
# only with AUDIT_STRENG=1.
set -uo pipefail
cd "$(dirname "$0")/.."
audit="${PIP_AUDIT:-.venv/bin/pip-audit}"
uitvoer="$(mktemp)"
trap 'rm -f "$uitvoer"' EXIT

"$audit" --disable-pip --require-hashes --requirement requirements.lock \
  --progress-spinner off --desc >"$uitvoer" 2>&1
status=$?
totaal="$(grep -cE '^[A-Za-z0-9._-]+==' requirements.lock)"
niet="$(grep -c 'could not be audited' "$uitvoer" || true)"

echo "== Afhankelijkheden-audit (pip-audit, requirements.lock: $totaal pakketten) =="
if [ "$niet" -ge "$totaal" ]; then
  echo "NIET UITGEVOERD: de kwetsbaarhedendatabase is vanaf deze machine niet bereikbaar"
  echo "(geen van de $totaal pakketten kon worden gecontroleerd). Draai dit script op een machine"
  echo "met internettoegang: scripts/audit_afhankelijkheden.sh"
  exit 0
fi
grep -v 'could not be audited' "$uitvoer"
if [ "$niet" -gt 0 ]; then
  echo "LET OP: $niet van de $totaal pakketten konden niet worden gecontroleerd."
fi
if [ "$status" -ne 0 ] && grep -qE '^Found [1-9]' "$uitvoer"; then
  echo "KWETSBAARHEDEN GEVONDEN: zie hierboven; werk requirements.lock bij (docs/security.md)."
  [ "${AUDIT_STRENG:-0}" = "1" ] && exit 1
fi
exit 0
