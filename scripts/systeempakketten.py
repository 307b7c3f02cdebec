"""The Debian packages `make run` and `make test` need besides Python, and how they get them.

    python3 scripts/systeempakketten.py test|run            install what is missing, or stop
    python3 scripts/systeempakketten.py --controleer test   only list what is missing (dry run)

What is missing is asked of dpkg-query (a package counts when its status is "install ok installed").
Missing packages are installed with apt-get when that is possible without a question: as root, or
with passwordless sudo. Otherwise the script stops (exit 1) before anything is tested and prints
the one command that installs them. LOKET_SYSTEEMPAKKETTEN (space-separated) replaces the list,
so the missing branch can be tried on a machine that has everything.

Standard library only: it runs before the virtual environment exists.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys

# WeasyPrint renders the quarterly report with Pango and the DejaVu fonts (monitor/rapport.py);
# with REDIS_URL unset that happens inside the web process of `make run` too.
VOOR_PDF = ["libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"]
PAKKETTEN = {
    "run": VOOR_PDF,
    # The browser journeys drive Debian's Chromium (tests/browser); the PDF read-back uses
    # pdftotext from poppler (tests/monitor/test_rapporten.py).
    "test": ["chromium", "poppler-utils", *VOOR_PDF],
}
OVERSCHRIJVING = "LOKET_SYSTEEMPAKKETTEN"


def nodig(doel: str) -> list[str]:
    eigen = os.environ.get(OVERSCHRIJVING, "").split()
    if eigen:
        return eigen
    # Debian's own Python builds the .venv only with ensurepip, which python3-venv brings.
    venv = [] if importlib.util.find_spec("ensurepip") else ["python3-venv"]
    return venv + PAKKETTEN[doel]


def ontbrekend(pakketten: list[str]) -> list[str] | None:
    """The packages dpkg does not report as installed; None when this is no dpkg system."""
    if shutil.which("dpkg-query") is None:
        return None
    uitvoer = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${Status}\\n", *pakketten],
        capture_output=True,
        text=True,
        check=False,  # exit 1 when a package is unknown to dpkg: that one is missing too
    ).stdout
    aanwezig = {
        regel.split()[0]
        for regel in uitvoer.splitlines()
        if regel.endswith(" install ok installed")
    }
    return [pakket for pakket in pakketten if pakket not in aanwezig]


def installatieopdracht(pakketten: list[str]) -> list[list[str]]:
    install = ["apt-get", "install", "-y", "--no-install-recommends", *pakketten]
    return [["apt-get", "update"], install]


def als_tekst(opdrachten: list[list[str]], sudo: bool = True) -> str:
    prefix = "sudo " if sudo else ""
    return " && ".join(prefix + " ".join(opdracht) for opdracht in opdrachten)


def zonder_vraag_als_root() -> list[str] | None:
    """The prefix that runs apt-get as root without a password prompt, or None."""
    if os.geteuid() == 0:
        return []
    if (
        shutil.which("sudo")
        and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0
    ):
        # sudo resets the environment; env carries the non-interactive front end through.
        return ["sudo", "-n", "env", "DEBIAN_FRONTEND=noninteractive"]
    return None


def main(argv: list[str]) -> int:
    alleen_controleren = "--controleer" in argv
    doelen = [arg for arg in argv if arg != "--controleer"]
    if len(doelen) != 1 or doelen[0] not in PAKKETTEN:
        print("gebruik: systeempakketten.py [--controleer] test|run", file=sys.stderr)
        return 2
    pakketten = nodig(doelen[0])
    missend = ontbrekend(pakketten)
    if missend is None:
        print(
            "Geen dpkg op deze machine: controleer zelf dat deze pakketten (of hun tegenhangers) "
            "er zijn: " + " ".join(pakketten),
            file=sys.stderr,
        )
        return 0
    if not missend:
        return 0
    opdrachten = installatieopdracht(missend)
    print("Ontbrekende systeempakketten: " + " ".join(missend), flush=True)
    if alleen_controleren:
        print("Installeren met: " + als_tekst(opdrachten), flush=True)
        return 1
    prefix = zonder_vraag_als_root()
    if prefix is None:
        print(
            "Deze pakketten kan ik niet zelf installeren (geen root, geen sudo zonder wachtwoord)."
            "\nInstalleer ze met:\n\n    " + als_tekst(opdrachten) + "\n\nen start daarna opnieuw.",
            file=sys.stderr,
        )
        return 1
    omgeving = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for opdracht in opdrachten:
        print("$ " + " ".join(prefix + opdracht), flush=True)
        if subprocess.run(prefix + opdracht, env=omgeving).returncode != 0:
            print("Installeren mislukt; probeer: " + als_tekst(opdrachten), file=sys.stderr)
            return 1
    nog_missend = ontbrekend(missend)
    if nog_missend:
        print("Nog steeds niet geïnstalleerd: " + " ".join(nog_missend), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
