"""The floor of the intake benchmark: the same client and intake rows as a real intake, inserted
with ONE SQL statement (client number, client and intake in one INSERT with data-modifying CTEs),
without login, form, duplicate check, audit row or template. Whatever the real intake costs above
this is the price of the application itself on the same server."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponseRedirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

INSERT = """
WITH nummer AS (
    INSERT INTO clients_klantnummerreeks (loket_id, jaar, laatste) VALUES (%(loket)s, %(jaar)s, 1)
    ON CONFLICT (loket_id, jaar) DO UPDATE SET laatste = clients_klantnummerreeks.laatste + 1
    RETURNING laatste
), klant AS (
    INSERT INTO clients_klant (loket_id, klantnummer, voornaam, tussenvoegsel, achternaam,
        geboortedatum, postcode, telefoon, email, doelgroep, opleidingsniveau, startkwalificatie,
        aangemaakt_op, aangemaakt_door_id, laatste_activiteit)
    SELECT %(loket)s, %(code)s || '-' || %(jaar)s || '-' || lpad(laatste::text, 6, '0'),
        %(voornaam)s, %(tussenvoegsel)s, %(achternaam)s, %(geboortedatum)s, %(postcode)s,
        %(telefoon)s, %(email)s, %(doelgroep)s, %(opleidingsniveau)s, false, now(),
        %(werkcoach)s, %(datum)s
    FROM nummer
    RETURNING id
)
INSERT INTO clients_intake (loket_id, klant_id, datum, kanaal, hoofddoel, verwijzer, werkcoach_id,
    toestemming_delen, toestemming_datum, notities, aangemaakt_op)
SELECT %(loket)s, id, %(datum)s, %(kanaal)s, %(hoofddoel)s, %(verwijzer)s, %(werkcoach)s,
    true, %(datum)s, '', now()
FROM klant
RETURNING klant_id
"""


@csrf_exempt
@login_not_required
@require_POST
def vloer_intake(request):
    p = request.POST
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT,
            {
                "loket": int(p["loket"]),
                "code": p["code"],
                "jaar": int(p["datum"][:4]),
                "werkcoach": int(p["werkcoach"]),
                **{
                    veld: p[veld]
                    for veld in (
                        "voornaam",
                        "tussenvoegsel",
                        "achternaam",
                        "geboortedatum",
                        "postcode",
                        "telefoon",
                        "email",
                        "doelgroep",
                        "opleidingsniveau",
                        "datum",
                        "kanaal",
                        "hoofddoel",
                        "verwijzer",
                    )
                },
            },
        )
        klant_id = cursor.fetchone()[0]
    return HttpResponseRedirect(f"/klanten/{klant_id}/")
