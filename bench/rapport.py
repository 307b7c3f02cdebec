"""Benchmark: the quarterly PDF rendered by a real Celery worker on the national data.

    .venv/bin/python bench/rapport.py [--herhalingen 3] [--jaar 2026 --kwartaal 3] [--landelijk]

Starts `celery worker --pool=solo` (the process that renders is the process measured) on a queue of
its own in Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/14), requests the report of the
first bench loket through the same service the projectleider's button uses, and waits for it.
Prints per report the render time as the worker recorded it (started -> finished), the time from
request to finished, the PDF's size and pages, and the worker's resident memory: at rest before the
first report and its peak (VmHWM) after all of them. Targets: under 10 s and under 400 MB.

With --landelijk it requests the national quarterly PDF (every loket, monitor/programma_rapport.py)
through the service the landelijk user's button uses instead. Targets: under 30 s and 500 MB.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.omgeving import ROOT, gebruik_benchdatabase  # noqa: E402 - after the path

gebruik_benchdatabase()
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ["PRIVATE_STORAGE_ROOT"] = tempfile.mkdtemp(prefix="leerwerkloket-rapporten-")

DOEL_S, DOEL_MB = 10.0, 400.0
TAAKNAAM = "monitor.tasks.maak_kwartaalrapport"
LANDELIJK_DOEL_S, LANDELIJK_DOEL_MB = 30.0, 500.0
LANDELIJKE_TAAK = "monitor.tasks.maak_programmarapport"


def geheugen_mb(pid: int, sleutel: str) -> float:
    """VmRSS (now) or VmHWM (peak) of a process, from /proc, in MB."""
    for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
        if regel.startswith(sleutel + ":"):
            return int(regel.split()[1]) / 1024
    raise LookupError(sleutel)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--herhalingen", type=int, default=3)
    parser.add_argument("--jaar", type=int)
    parser.add_argument("--kwartaal", type=int)
    parser.add_argument(
        "--landelijk", action="store_true", help="het landelijke programmarapport (alle loketten)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.utils import timezone
    from pypdf import PdfReader

    from loket import perioden
    from loket.celery import app
    from loket.models import Loket, User
    from monitor.models import Kwartaalrapport, Programmarapport
    from monitor.services import vraag_programmarapport_aan, vraag_rapport_aan

    loket = Loket.objects.filter(code__startswith="B").order_by("pk").first()
    if loket is None:
        sys.exit("Geen benchmarkgegevens: draai eerst bench/genereer.py.")
    vorig = perioden.vorig_kwartaal(timezone.localdate())
    jaar = args.jaar or vorig.jaar
    kwartaal = args.kwartaal or perioden.kwartaal_van(vorig.tot)
    doel_s, doel_mb = DOEL_S, DOEL_MB
    if args.landelijk:
        doel_s, doel_mb = LANDELIJK_DOEL_S, LANDELIJK_DOEL_MB
        model = Programmarapport

        def vraag_aan():
            return vraag_programmarapport_aan(None, jaar, kwartaal)

        wat = f"Landelijk ({Loket.objects.count()} loketten)"
    else:
        projectleider = User.objects.filter(loket=loket, rol="projectleider").only("pk").first()
        model = Kwartaalrapport

        def vraag_aan():
            return vraag_rapport_aan(loket, jaar, kwartaal, projectleider)

        wat = f"Loket {loket.code} ({loket.klanten.count():,} klanten)"

    wachtrij = f"rapporten-bench-{uuid.uuid4().hex[:8]}"
    app.conf.task_routes = {TAAKNAAM: {"queue": wachtrij}, LANDELIJKE_TAAK: {"queue": wachtrij}}
    log = Path(os.environ["PRIVATE_STORAGE_ROOT"]) / "worker.log"
    with log.open("w") as uitvoer:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "loket",
                "worker",
                "-Q",
                wachtrij,
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{wachtrij}@%h",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=os.environ,
            stdout=uitvoer,
            stderr=subprocess.STDOUT,
        )
    try:
        einde = time.monotonic() + 60
        while "ready" not in log.read_text():
            if worker.poll() is not None or time.monotonic() > einde:
                sys.exit(f"De worker start niet:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        rust = geheugen_mb(worker.pid, "VmRSS")
        print(f"{wat}, kwartaal {kwartaal} {jaar}; worker in rust {rust:.0f} MB")
        rendertijden = []
        for _ in range(args.herhalingen):
            begin = time.monotonic()
            rapport = vraag_aan()
            while rapport.status not in {model.Status.KLAAR, model.Status.MISLUKT}:
                if worker.poll() is not None or time.monotonic() - begin > 300:
                    sys.exit(f"De worker maakte het rapport niet:\n{log.read_text()[-3000:]}")
                time.sleep(0.1)
                rapport.refresh_from_db()
            totaal = time.monotonic() - begin
            if rapport.status != model.Status.KLAAR:
                sys.exit(f"Rapport mislukt: {rapport.foutmelding}")
            render = (rapport.klaar_op - rapport.gestart_op).total_seconds()
            rendertijden.append(render)
            pad = Path(os.environ["PRIVATE_STORAGE_ROOT"]) / rapport.bestand.name
            print(
                f"  versie {rapport.versie}: opmaken {render:5.2f} s, aanvraag tot klaar "
                f"{totaal:5.2f} s, {pad.stat().st_size / 1024:.0f} kB, "
                f"{len(PdfReader(pad).pages)} pagina's"
            )
        piek = geheugen_mb(worker.pid, "VmHWM")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    mediaan = statistics.median(rendertijden)
    print(f"opmaken mediaan {mediaan:.2f} s, max {max(rendertijden):.2f} s (doel < {doel_s:.0f} s)")
    print(f"piekgeheugen worker {piek:.0f} MB (doel < {doel_mb:.0f} MB)")
    goed = max(rendertijden) < doel_s and piek < doel_mb
    print("doelen gehaald" if goed else "doelen NIET gehaald")
    sys.exit(0 if goed else 1)


if __name__ == "__main__":
    main()
