"""Locust users for bench/intake.py. Not run on its own: bench/intake.py prepares the logged-in
sessions (one werkcoach each, second factor passed) and starts locust with these settings:

    LAST_SESSIES   path of a JSON file: {"loket": id, "code": "BAA", "sessies": [
                   {"sessionid": ..., "csrftoken": ..., "werkcoach": id}, ...]}
    LAST_SCENARIO  "intake"  only intake submissions (form token fetched once per user)
                   "vloer"   the same rows posted to the floor view
                   "last"    a werkcoach's mix: open the form, submit, open the new client's page,
                             now and then search the client list

A submission counts as a success only when it is answered with a redirect to the new client's
page; anything else is a failure with its status in the name, so locust's statistics give the
exact number of clients that should be in the database afterwards.
"""

import datetime
import itertools
import json
import os
import random
import re
import uuid
from pathlib import Path

from locust import FastHttpUser, between, constant, task

GEGEVENS = json.loads(Path(os.environ["LAST_SESSIES"]).read_text())
SCENARIO = os.environ.get("LAST_SCENARIO", "intake")
SESSIES = itertools.cycle(GEGEVENS["sessies"])
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KLANTPAGINA = re.compile(r"^(?:https?://[^/]+)?/klanten/(\d+)/$")
VANDAAG = datetime.date.today().isoformat()
VOORNAMEN = ["Sanne", "Daan", "Fatima", "Mohamed", "Anouk", "Bram", "Yara", "Jeroen", "Lotte"]


def intakegegevens(werkcoach: int) -> dict:
    """Form fields of a new, unique client (a unique surname: no duplicate warning)."""
    uniek = uuid.uuid4().hex[:12]
    return {
        "voornaam": random.choice(VOORNAMEN),
        "tussenvoegsel": "",
        "achternaam": f"Last{uniek}",
        "geboortedatum": f"{random.randint(1960, 2005)}-0{random.randint(1, 9)}-1{random.randint(0, 9)}",
        "postcode": "2011 AB",
        "woongemeente": "",
        "telefoon": "023-5123456",
        "email": f"last.{uniek}@example.org",
        "doelgroep": "ww",
        "opleidingsniveau": "vmbo",
        "datum": VANDAAG,
        "kanaal": "bezoek",
        "hoofddoel": "scholing",
        "verwijzer": "uwv",
        "werkcoach": str(werkcoach),
        "toestemming_delen": "on",
        "notities": "",
    }


class Werkcoach(FastHttpUser):
    wait_time = constant(0) if SCENARIO in {"intake", "vloer"} else between(0.5, 2)

    def on_start(self):
        sessie = next(SESSIES)
        self.werkcoach = sessie["werkcoach"]
        self.cookie = f"sessionid={sessie['sessionid']}; csrftoken={sessie['csrftoken']}"
        self.token = None
        if SCENARIO == "intake":
            self.token = self.formulier_token()

    def formulier_token(self) -> str | None:
        with self.client.get(
            "/klanten/intake/",
            headers={"Cookie": self.cookie},
            name="intakeformulier openen",
            catch_response=True,
        ) as response:
            gevonden = TOKEN.search(response.text or "") if response.status_code == 200 else None
            if not gevonden:
                response.failure(f"geen formulier (status {response.status_code})")
                return None
            return gevonden.group(1)

    def verstuur(self, pad: str, gegevens: dict, naam: str) -> str | None:
        """POST a submission; returns the new client's page on success."""
        with self.client.post(
            pad,
            data=gegevens,
            headers={"Cookie": self.cookie},
            allow_redirects=False,
            name=naam,
            catch_response=True,
        ) as response:
            locatie = response.headers.get("Location", "") if response.headers else ""
            if response.status_code == 302 and KLANTPAGINA.match(locatie):
                response.success()
                return locatie
            response.failure(f"status {response.status_code}")
            return None

    @task
    def werk(self):
        if SCENARIO == "vloer":
            gegevens = intakegegevens(self.werkcoach)
            gegevens.update(loket=GEGEVENS["loket"], code=GEGEVENS["code"])
            self.verstuur("/bench/vloer/intake/", gegevens, "intake versturen")
            return
        token = self.token if SCENARIO == "intake" else self.formulier_token()
        if token is None:
            return
        gegevens = intakegegevens(self.werkcoach) | {"csrfmiddlewaretoken": token}
        klantpagina = self.verstuur("/klanten/intake/", gegevens, "intake versturen")
        if SCENARIO == "last" and klantpagina:
            self.client.get(klantpagina, headers={"Cookie": self.cookie}, name="klantpagina")
            if random.random() < 0.3:
                self.client.get(
                    f"/klanten/?q={gegevens['achternaam'][:8]}",
                    headers={"Cookie": self.cookie},
                    name="klantenlijst zoeken",
                )
